"""Cold CLI of two checkouts side by side, with a bare pypdf extraction, in one run.

    .venv/bin/python benchmarks/ab_cold.py --before /path/to/main --after . [--repeat 3] [--quick]
    .venv/bin/python benchmarks/ab_cold.py --before /path/to/main --after . --batch

Builds the 219-page PDF (and the 1-page one) as `bench_cold.py` does, then runs, interleaved
and in rotated order, `evaluator analyze FILE --format json` from each checkout (each imports
`evaluator` from its own folder, with this interpreter) and the bare single-process pypdf loop.
Prints per run and then the medians: wall and CPU seconds (user + system of the process tree),
each as a ratio to the bare loop, and the load average. CPU is the figure to compare on a shared
machine. `--quick` runs only the 219-page case. `--batch` instead runs `evaluator score` over the
whole long corpus (two workers, the default) from each checkout, against one bare loop over the
same files in one process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_cold

# The bare loop over several files in one process: what `score`'s batch is compared with.
BARE_ALL = (
    "import sys\n"
    "from pypdf import PdfReader\n"
    "for path in sys.argv[1:]:\n"
    "    for page in PdfReader(path).pages:\n"
    "        page.extract_text()\n"
)


def cli(tree: Path, argv: list[str]) -> list[str]:
    code = (
        "import runpy, sys; "
        f"sys.path.insert(0, {str(tree)!r}); "
        f"sys.argv = ['evaluator', *{argv!r}, '--format', 'json']; "
        "runpy.run_module('evaluator', run_name='__main__')"
    )
    return [sys.executable, "-c", code]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--batch", action="store_true", help="`score` over the long corpus")
    parser.add_argument("--minutes", type=float, default=40)
    args = parser.parse_args()
    corpus = next((sorted(c.glob("*.pdf")) for c in bench_cold.CORPUS_CANDIDATES if c.is_dir()), [])
    deadline = bench_cold.Deadline(args.minutes * 60)
    with tempfile.TemporaryDirectory() as folder:
        if args.batch:
            files = [str(p) for p in corpus]
            cases = [("corpus", files)] if files else []
        else:
            one, long = bench_cold.build_pdfs(Path(folder), corpus)
            cases = [("219 pages", [str(long)])] if long else []
            if not args.quick:
                cases.append(("1 page", [str(one)]))
        for name, paths in cases:
            command = ["score", *paths] if args.batch else ["analyze", *paths]
            variants = {
                "bare": [sys.executable, "-c", BARE_ALL, *paths],
                "before": cli(args.before.resolve(), command),
                "after": cli(args.after.resolve(), command),
            }
            # Each checkout runs in its own folder: before the worker started with -P, it
            # imported `evaluator` from the current folder, whatever PYTHONPATH said.
            folders = {"before": args.before.resolve(), "after": args.after.resolve()}
            for variant, command in variants.items():  # once each unmeasured: .pyc, disk cache
                bench_cold.measure(command, deadline, cwd=folders.get(variant, Path.cwd()))
            runs: dict[str, list[bench_cold.Run]] = {v: [] for v in variants}
            names = list(variants)
            for round_ in range(args.repeat):
                shift = round_ % len(names)
                for variant in names[shift:] + names[:shift]:
                    run = bench_cold.measure(
                        variants[variant], deadline, cwd=folders.get(variant, Path.cwd())
                    )
                    if run is None:
                        print("out of time")
                        return 1
                    runs[variant].append(run)
                    print(
                        f"  {name:<10} {variant:<7} wall {run.wall_s:6.2f} s"
                        f"  cpu {run.cpu_s:6.2f} s"
                        f"  tree {run.tree_peak_mb:5.0f} MB  load {run.load1:.1f}"
                        + (f"  exit {run.exit_code}" if run.exit_code else ""),
                        flush=True,
                    )
            bare_wall = statistics.median(r.wall_s for r in runs["bare"])
            bare_cpu = statistics.median(r.cpu_s for r in runs["bare"])
            print(f"{name}: medians of {args.repeat}")
            print("| variant | wall s | CPU s | ÷ bare, wall | ÷ bare, CPU | tree peak MB | load |")
            print("|---|---|---|---|---|---|---|")
            for variant, done in runs.items():
                wall = statistics.median(r.wall_s for r in done)
                cpu = statistics.median(r.cpu_s for r in done)
                peak = statistics.median(r.tree_peak_mb for r in done)
                loads = [r.load1 for r in done]
                print(
                    f"| {variant} | {wall:.2f} | {cpu:.2f} | {wall / bare_wall:.2f} | "
                    f"{cpu / bare_cpu:.2f} | {peak:.0f} | {min(loads):.1f}–{max(loads):.1f} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
