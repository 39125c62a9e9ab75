"""Benchmark: ingestion and whole analysis against a bare pypdf loop, in one run.

    .venv/bin/python benchmarks/bench_ingest.py [--corpus ../shared/corpus/long] [--repeat 3]

For each PDF, interleaved so that a change in machine load hits every variant alike:
- bare:      one process, `PdfReader(path)` then `page.extract_text()` for every page;
- extract:   `load_bytes` (worker pool with the default 2 workers, normalisation), no cache;
- extract1:  the same with one worker, to see whether the second core pays;
- analysis:  `load_bytes` then `analyze(document, default_rubric())`, no cache;
- cached:    `load_bytes` of the same bytes a second time, cache on.

Three figures per variant, each the median over --repeat runs:
- wall: elapsed seconds (what a user waits; inflated when other jobs share the cores);
- cpu: CPU seconds of this process plus the extraction workers (robust to machine load);
- idle: an estimate of the wall time on two free cores, = this process's CPU + the busiest
  worker's CPU (no overlap assumed between them, so it errs high).
The worker pool and the analysis (whose first call may load models) are warmed up before
timing; their cold starts are printed on their own line. Output is Markdown; --json keeps all.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluator import Limits, analyze, default_rubric  # noqa: E402
from evaluator.ingest import clear_cache, load_bytes, shutdown_workers, warm_up  # noqa: E402

VARIANTS = ["bare", "extract", "extract1", "analysis", "cached"]
TICK = os.sysconf("SC_CLK_TCK")


def bare_pypdf(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def worker_cpu() -> dict[int, float]:
    """CPU seconds so far of each child process (the extraction workers)."""
    me = os.getpid()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # fields[1] is the parent pid
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def timed(action: Callable[[], object]) -> dict[str, float]:
    before = worker_cpu()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    action()
    wall, own = time.perf_counter() - wall0, time.process_time() - cpu0
    after = worker_cpu()
    spent = [after[pid] - before.get(pid, 0.0) for pid in after]
    busiest = max(spent, default=0.0)
    return {"wall": wall, "cpu": own + sum(spent), "idle": own + busiest}


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def measure(data: bytes, name: str, repeat: int) -> dict[str, dict[str, float]]:
    rubric = default_rubric()
    two, one = Limits(), Limits(workers=1)
    runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    for _ in range(repeat):
        runs["bare"].append(timed(lambda: bare_pypdf(data)))
        runs["extract"].append(timed(lambda: load_bytes(data, name, limits=two, cache=False)))
        runs["extract1"].append(timed(lambda: load_bytes(data, name, limits=one, cache=False)))
        runs["analysis"].append(
            timed(lambda: analyze(load_bytes(data, name, limits=two, cache=False), rubric))
        )
        clear_cache()
        load_bytes(data, name, limits=two)
        runs["cached"].append(timed(lambda: load_bytes(data, name, limits=two)))
    return {v: median_of(r) for v, r in runs.items()}


def breakdown(data: bytes, name: str) -> dict[str, float]:
    """CPU seconds in segmentation and in each detector for one (cached) document."""
    from evaluator import checks

    document = load_bytes(data, name)
    started = time.process_time()
    context = checks.Context.build(document)
    parts = {"segment": time.process_time() - started}
    for check in checks.checks():
        started = time.process_time()
        check.detect(context)
        parts[check.criterion] = time.process_time() - started
    return parts


def warm_analysis(sample: bytes) -> None:
    """Pay the analysis's one-off costs (imports, reading the sentence classifier) up front."""
    analyze(load_bytes(sample, "warm.txt", cache=False), default_rubric())


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def report(rows: list[dict], meta: dict) -> str:
    pages = sum(r["pages"] for r in rows)
    total = {v: {k: sum(r[v][k] for r in rows) for k in ("wall", "cpu", "idle")} for v in VARIANTS}
    out = [
        f"Run {meta['date']}, commit {meta['commit']}, {len(rows)} files, {pages} pages, "
        f"median of {meta['repeat']}, {os.cpu_count()} CPUs, load average "
        f"{meta['load'][0][0]:.1f} before / {meta['load'][1][0]:.1f} after.",
        f"Not in the figures: worker pool cold start {meta['cold_start_s']:.2f} s; first "
        f"analysis in the process (imports, the classifier) {meta['first_analysis_s']:.2f} s.",
        "",
        "| file | pages | bare wall / cpu s | extract (2 workers) wall / cpu / idle s "
        "| extract (1 worker) wall / cpu s | whole analysis wall / cpu / idle s | cached s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        b, e, e1, a = r["bare"], r["extract"], r["extract1"], r["analysis"]
        out.append(
            f"| {r['file']} | {r['pages']} | {b['wall']:.2f} / {b['cpu']:.2f} | "
            f"{e['wall']:.2f} / {e['cpu']:.2f} / {e['idle']:.2f} | "
            f"{e1['wall']:.2f} / {e1['cpu']:.2f} | "
            f"{a['wall']:.2f} / {a['cpu']:.2f} / {a['idle']:.2f} | {r['cached']['wall']:.4f} |"
        )
    out += [
        "",
        "| variant | wall s | × bare (wall) | cpu s | × bare (cpu) | idle-estimate s "
        "| × bare cpu (idle estimate) | pages/s (wall) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    bare = total["bare"]
    for v in VARIANTS:
        t = total[v]
        out.append(
            f"| {v} | {t['wall']:.2f} | {t['wall'] / bare['wall']:.2f} | {t['cpu']:.2f} | "
            f"{t['cpu'] / bare['cpu']:.2f} | {t['idle']:.2f} | {t['idle'] / bare['cpu']:.2f} | "
            f"{pages / t['wall']:.0f} |"
        )
    parts = {p: sum(r["parts"].get(p, 0.0) for r in rows) for p in rows[0]["parts"]}
    out += [
        "",
        "Analysis CPU by step (document cached; one run per file):",
        "",
        "| step | cpu s | ms per page |",
        "|---|---|---|",
    ]
    out += [f"| {p} | {s:.2f} | {1000 * s / pages:.1f} |" for p, s in parts.items()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "long")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write raw figures here")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)  # pypdf's warnings about the files are not the subject

    at_start = commit()  # the code under test is the one imported now
    cold = timed(lambda: warm_up(Limits()))["wall"]
    sample = (
        b"In 2021, 41.3% of 1,240 residents (512) said the police recorded ethnicity. "
        b"We recommend that the council should publish its data every year."
    )
    first = timed(lambda: warm_analysis(sample))
    load_before = os.getloadavg()
    rows = []
    for path in files:
        data = path.read_bytes()
        pages = bare_pypdf(data)
        figures = measure(data, path.name, args.repeat)
        rows.append({"file": path.name, "pages": pages, **figures, "parts": breakdown(data, "x")})
        summary = ", ".join(f"{v} {figures[v]['wall']:.2f}s" for v in VARIANTS)
        print(f"  {path.name}: {pages} pages, {summary}", file=sys.stderr)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": at_start,
        "repeat": args.repeat,
        "load": [load_before, os.getloadavg()],
        "cold_start_s": cold,
        "first_analysis_s": first["wall"],
    }
    shutdown_workers()
    print(report(rows, meta))
    if args.json:
        args.json.write_text(json.dumps({**meta, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
