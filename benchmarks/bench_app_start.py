"""The app from a cold start: until its first screen, and its first analysis of a PDF.

    .venv/bin/python benchmarks/bench_app_start.py [--pdf FILE ...] [--runs 3] [--think 2]
                                                   [--time-limit 900] [--json out.json]

Each run starts a new `streamlit run app.py` on a free loopback port with a database of its
own, and drives it with the system Chromium, headless (one browser for the whole benchmark;
its start is not the app's). It records:

- to health: from starting the server process to its health check answering;
- to first screen: from starting the server to the Start page's heading in the browser;
- first analysis: from the click on Analyse, the PDF already uploaded, to the Checklist heading:
  what a reader waits for on the server's first analysis. The upload starts `--think` seconds
  after the first screen (default 2: a reader picks a file meanwhile, and the app uses that
  time to start its PDF workers and analysis process; 0 measures the worst case);
- a bare pypdf loop over the same PDF in a new process, run right after, as bench_cold.py
  runs it, and the first analysis's ratio to it;
- the server's own share, from `timed_streamlit.py` (which runs the server here): the wall time
  of the first page run, and of the page runs from the click to the Checklist. The rest of
  "to first screen" is the server starting and the browser loading the page.

With `--tree A B`, the app of each checkout is started in turn (the order rotates run by run),
so a change in load falls on both alike. Default PDFs: the 1-page and 219-page files
bench_cold.py builds (the latter from the shared long corpus, when it is there). Runs alternate
between the PDFs; `--time-limit` bounds the whole benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cold import BARE, CORPUS_CANDIDATES, Deadline, build_pdfs, measure
from streamlit_server import chromium_path, free_port, server_flags, wait_until_healthy
from streamlit_server import stop as stop_server

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 300_000


def _chromium() -> str:
    path = chromium_path()
    if path is None:
        sys.exit("no system Chromium (install `chromium` or set CHROMIUM_PATH)")
    return path


def _bare(pdf: Path) -> float:
    run = measure([sys.executable, "-c", BARE, str(pdf)], Deadline(600))
    if run is None or run.exit_code:
        sys.exit(f"the bare pypdf loop failed on {pdf}")
    return run.wall_s


def _script_runs(log: Path) -> list[float]:
    """The wall time of each page run so far, in seconds, from timed_streamlit.py's lines."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [
        float(line.split()[1]) / 1000 for line in text.splitlines() if line.startswith("SCRIPT_RUN")
    ]


def one_run(
    browser: object, pdf: Path, workdir: Path, think_s: float, tree: Path = ROOT
) -> dict[str, Any]:
    from playwright.sync_api import expect

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / f"streamlit-{port}.log"
    env = {
        **os.environ,
        "EVALUATOR_DB": str(workdir / f"bench-{port}.sqlite3"),
        "PYTHONPATH": str(tree),  # that tree's package, for its app and its workers
    }
    timed = str(ROOT / "benchmarks" / "timed_streamlit.py")
    command = [sys.executable, timed, "run", str(tree / "app.py"), *server_flags(port)]
    start = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=out, stderr=subprocess.STDOUT)
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        wait_until_healthy(process, url, 120, str(log), poll=0.02)
        healthy = time.perf_counter()
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_role("heading", name="Report evaluator")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        screen = time.perf_counter()
        time.sleep(think_s)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
        expect(page.get_by_role("button", name=f"Remove {pdf.name}")).to_be_visible(
            timeout=TIMEOUT_MS
        )
        runs_before = len(_script_runs(log))  # the upload's own page run is not counted
        clicked = time.perf_counter()
        page.get_by_role("button", name="Analyse").click()
        expect(page.get_by_role("heading", name="Checklist", level=1)).to_be_visible(
            timeout=TIMEOUT_MS
        )
        analysed = time.perf_counter()
        runs = _script_runs(log)
    finally:
        context.close()
        stop_server(process)
    return {
        "first_page_run_s": runs[0] if runs else float("nan"),
        "analysis_page_runs_s": sum(runs[runs_before:]),
        "each_analysis_page_run_s": runs[runs_before:],
        "to_health_s": healthy - start,
        "to_first_screen_s": screen - start,
        "first_analysis_s": analysed - clicked,
        "load1": os.getloadavg()[0],
    }


def _line(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdf", type=Path, nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=900)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument(
        "--tree",
        type=Path,
        nargs="*",
        help="checkouts to compare, runs alternating (default: this)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    ends = time.monotonic() + args.time_limit
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        pdfs = args.pdf
        if not pdfs:
            corpus_dir = next((p for p in CORPUS_CANDIDATES if p.is_dir()), None)
            corpus = sorted(corpus_dir.glob("*.pdf")) if corpus_dir else []
            pdfs = [p for p in build_pdfs(folder, corpus) if p is not None]
        print(f"load average before: {os.getloadavg()[0]:.2f}; think {args.think:g} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
            trees = [t.resolve() for t in args.tree] if args.tree else [ROOT]
            for number in range(args.runs):
                for pdf in pdfs:
                    turn = trees[number % len(trees) :] + trees[: number % len(trees)]
                    for tree in turn:
                        if time.monotonic() > ends:
                            break
                        run = one_run(browser, pdf, folder, args.think, tree)
                        run["bare_s"] = _bare(pdf)
                        label = f"{trees.index(tree) + 1}: {tree.name}"
                        name = pdf.name if len(trees) == 1 else f"{pdf.name} ({label})"
                        results.setdefault(name, []).append(run)
            browser.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(
        "| PDF | runs | to health s | to first screen s | first analysis s | bare pypdf s "
        "| first analysis × bare | first page run s | page runs of the analysis s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        ratio = statistics.median(r["first_analysis_s"] for r in runs) / statistics.median(
            r["bare_s"] for r in runs
        )
        print(
            f"| {name} | {len(runs)} | {_line([r['to_health_s'] for r in runs])} | "
            f"{_line([r['to_first_screen_s'] for r in runs])} | "
            f"{_line([r['first_analysis_s'] for r in runs])} | "
            f"{_line([r['bare_s'] for r in runs])} | {ratio:.2f} | "
            f"{_line([r['first_page_run_s'] for r in runs])} | "
            f"{_line([r['analysis_page_runs_s'] for r in runs])} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
