"""Benchmark: ingestion and whole analysis against a bare pypdf loop, in one run.

    .venv/bin/python benchmarks/bench_ingest.py [--corpus ../shared/corpus/long] [--repeat 3]

For each PDF, interleaved so that a change in machine load hits every variant alike:
- bare:      one process, `PdfReader(path)` then `page.extract_text()` for every page;
- extract:   `load_bytes` (worker pool with the default 2 workers, normalisation), no cache;
- extract1:  the same with one worker, to see whether the second core pays;
- analysis:  `load_bytes` then `analyze(document, default_rubric())`, no cache;
- cached:    `load_bytes` of the same bytes a second time, cache on.
Each figure is the median over --repeat runs. The worker pool and the analysis (whose first
call loads models) are warmed up before timing; their cold starts are reported on their own
line. Prints a Markdown table and, with --json, raw figures.
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

from evaluator.analysis import analyze  # noqa: E402
from evaluator.ingest import clear_cache, load_bytes, shutdown_workers, warm_up  # noqa: E402
from evaluator.limits import Limits  # noqa: E402
from evaluator.rubrics import default_rubric  # noqa: E402

VARIANTS = ["bare", "extract", "extract1", "analysis", "cached"]


def bare_pypdf(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(data: bytes, name: str, repeat: int) -> dict[str, float]:
    rubric = default_rubric()
    two, one = Limits(), Limits(workers=1)
    runs: dict[str, list[float]] = {v: [] for v in VARIANTS}
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
    return {v: statistics.median(times) for v, times in runs.items()}


def breakdown(data: bytes, name: str) -> dict[str, float]:
    """Seconds spent in segmentation and in each detector for one (cached) document."""
    from evaluator import detectors

    document = load_bytes(data, name)
    started = time.perf_counter()
    context = detectors.Context.build(document)
    parts = {"segment": time.perf_counter() - started}
    for detector in detectors.DETECTORS:
        parts[detector] = timed(lambda d=detector: detectors._detector(d)(context))
    return parts


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


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

    cold = timed(lambda: warm_up(Limits()))
    sample = b"In 2021, 41.3% of 1,240 residents (512) said the police recorded ethnicity."
    first_analysis = timed(
        lambda: analyze(load_bytes(sample, "warm.txt", cache=False), default_rubric())
    )
    load_before = os.getloadavg()
    rows = []
    for path in files:
        data = path.read_bytes()
        pages = bare_pypdf(data)
        figures = measure(data, path.name, args.repeat)
        parts = breakdown(data, path.name)
        rows.append({"file": path.name, "pages": pages, **figures, "parts": parts})
        print(
            f"  {path.name}: {pages} pages, "
            + ", ".join(f"{v} {figures[v]:.2f}s" for v in VARIANTS),
            file=sys.stderr,
        )
    load_after = os.getloadavg()
    shutdown_workers()

    total_pages = sum(r["pages"] for r in rows)
    totals = {v: sum(r[v] for r in rows) for v in VARIANTS}
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"Run {stamp}, commit {commit()}, {len(files)} files, {total_pages} pages, "
        f"median of {args.repeat}, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.1f} before / {load_after[0]:.1f} after"
    )
    print(
        f"Not in the figures below: worker pool cold start (2 workers) {cold:.2f} s; "
        f"first analysis of a one-sentence text (loads models) {first_analysis:.2f} s\n"
    )
    print(
        "| file | pages | bare pypdf s | extract s (2 workers) | extract s (1 worker) "
        "| whole analysis s | cached load s | analysis / bare |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['file']} | {r['pages']} | {r['bare']:.2f} | {r['extract']:.2f} | "
            f"{r['extract1']:.2f} | {r['analysis']:.2f} | {r['cached']:.4f} | "
            f"{r['analysis'] / r['bare']:.2f} |"
        )
    print(
        f"| **total** | {total_pages} | {totals['bare']:.2f} | {totals['extract']:.2f} | "
        f"{totals['extract1']:.2f} | {totals['analysis']:.2f} | {totals['cached']:.4f} | "
        f"{totals['analysis'] / totals['bare']:.2f} |"
    )
    print()
    for v in ("bare", "extract", "extract1", "analysis"):
        print(
            f"- {v}: {total_pages / totals[v]:.0f} pages/s, "
            f"{totals[v] / totals['bare']:.2f}× bare pypdf"
        )
    part_names = list(rows[0]["parts"])
    part_totals = {p: sum(r["parts"].get(p, 0.0) for r in rows) for p in part_names}
    print("\nWhere the analysis time goes (one more run per file, document cached):\n")
    print("| step | s | ms per page |")
    print("|---|---|---|")
    for part, seconds in part_totals.items():
        print(f"| {part} | {seconds:.2f} | {1000 * seconds / total_pages:.1f} |")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "date": stamp,
                    "commit": commit(),
                    "load": [load_before, load_after],
                    "cold_start_s": cold,
                    "rows": rows,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
