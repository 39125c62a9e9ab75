"""What a user waits for: the command line from a cold start, against a bare pypdf loop.

    .venv/bin/python benchmarks/bench_cold.py [--quick] [--repeat 3] [--time-limit 1500]
                                              [--corpus DIR] [--json out.json]

Every run is a new process, as a user's command is. Cases:

- `evaluator --help`;
- a 1-page PDF (the first page of the fair-count-rebuttal sample), a 219-page PDF built at run
  time from the shared long corpus (pages of its files in name order, written to a temporary
  folder: corpus files are never copied into the repository), and each file of the long corpus;
- `evaluator score` over the whole long corpus, against the sum of the bare loops' medians.

Each PDF is paired, in the same run and interleaved run by run (the order rotates), with a bare
single-process pypdf `extract_text()` loop over the same file in a new process, and with
`pdftotext` when it is installed. So a change in the machine's load falls on every variant
alike; the ratios are the figures to read on a shared machine, not the seconds.

Per run it records the wall time, the CPU time of the process tree (from `os.wait4`, which
includes the extraction workers the CLI waited for, or the CPU /proc showed for each process of
the tree when that sum is larger: `score`'s forked processes never wait for their PDF
workers), the peak RSS of the main process (VmHWM)
and the peak of the summed RSS of the process tree, sampled from /proc every 20 ms (a sum
counts shared pages twice, so it errs high). The load average is printed before and after.

`--quick` runs once each, on the 1-page and 219-page PDFs and the three smallest corpus files.
`--time-limit` bounds the whole run: no run starts after it, and one still going is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_reports" / "fair-count-rebuttal" / "report.pdf"
LONG_PAGES = 219
# The shared corpus: beside the checkout in CI, or the machine-wide copy.
CORPUS_CANDIDATES = (ROOT.parent / "shared" / "corpus" / "long", Path("/work/shared/corpus/long"))

BARE = (
    "import sys\n"
    "from pypdf import PdfReader\n"
    "for page in PdfReader(sys.argv[1]).pages:\n"
    "    page.extract_text()\n"
)


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    main_peak_mb: float
    tree_peak_mb: float
    exit_code: int
    load1: float


@dataclass
class Case:
    name: str
    pages: int
    runs: dict[str, list[Run]] = field(default_factory=dict)


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cpu_ticks(pid: int) -> tuple[int, int] | None:
    """(start time, user + system CPU) of a process in clock ticks, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[19]), int(fields[11]) + int(fields[12])


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def measure(command: list[str], deadline: Deadline, **kwargs: object) -> Run | None:
    """Run `command` once in a new process group; None when no time is left for it."""
    if deadline.left() <= 0:
        return None
    load1 = os.getloadavg()[0]
    started = time.perf_counter()
    kwargs.setdefault("cwd", ROOT)
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        **kwargs,  # type: ignore[arg-type]
    )
    peaks = {"main": 0, "tree": 0}
    # CPU seen per process of the tree: wait4 misses processes nobody waited for (the PDF
    # workers of `score`'s forked processes, which exit without running atexit).
    ticks: dict[tuple[int, int], int] = {}
    finished = threading.Event()

    def sample() -> None:
        # Until the main process is reaped its /proc entry stays, so this never reads a reused pid.
        while not finished.is_set():
            peaks["main"] = max(peaks["main"], _status_kb(process.pid, "VmHWM:"))
            members = _tree(process.pid)
            peaks["tree"] = max(peaks["tree"], sum(_status_kb(p, "VmRSS:") for p in members))
            for member in members:
                seen = _cpu_ticks(member)
                if seen:
                    ticks[(member, seen[0])] = seen[1]
            finished.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timer = threading.Timer(
        max(deadline.left(), 1.0), lambda: os.killpg(process.pid, signal.SIGKILL)
    )
    timer.start()
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
        finished.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    # Memory is sampled only: wait4's ru_maxrss also counts this process's memory at the fork.
    return Run(
        wall_s=wall,
        cpu_s=max(usage.ru_utime + usage.ru_stime, sum(ticks.values()) / os.sysconf("SC_CLK_TCK")),
        main_peak_mb=peaks["main"] / 1024,
        tree_peak_mb=max(peaks["tree"], peaks["main"]) / 1024,
        exit_code=process.returncode,
        load1=load1,
    )


def build_pdfs(folder: Path, corpus: list[Path]) -> tuple[Path, Path | None]:
    import logging

    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the corpus's xref repairs are expected

    one = folder / "one-page.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(SAMPLE).pages[0])
    with open(one, "wb") as handle:
        writer.write(handle)
    if not corpus:
        return one, None
    long = folder / f"long-{LONG_PAGES}.pdf"
    writer, taken = PdfWriter(), 0
    for path in corpus:
        for page in PdfReader(path).pages:
            if taken == LONG_PAGES:
                break
            writer.add_page(page)
            taken += 1
    with open(long, "wb") as handle:
        writer.write(handle)
    return one, long


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def variants(python: str, path: Path) -> dict[str, list[str]]:
    commands = {
        "cli": [python, "-m", "evaluator", "analyze", str(path), "--format", "json"],
        "bare": [python, "-c", BARE, str(path)],
    }
    if shutil.which("pdftotext"):
        commands["pdftotext"] = ["pdftotext", "-q", str(path), "/dev/null"]
    return commands


def run_cases(
    cases: list[tuple[Case, dict[str, list[str]]]], repeat: int, deadline: Deadline
) -> bool:
    """Every case's variants, `repeat` times, interleaved; False when the time limit cut it."""
    for round_ in range(repeat):
        for case, commands in cases:
            names = list(commands)
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                result = measure(commands[name], deadline)
                if result is None:
                    return False
                case.runs.setdefault(name, []).append(result)
                print(
                    f"  {case.name:<40} {name:<9} {result.wall_s:7.2f} s  cpu {result.cpu_s:6.2f} s"
                    f"  tree {result.tree_peak_mb:5.0f} MB  load {result.load1:.1f}"
                    + (f"  exit {result.exit_code}" if result.exit_code else ""),
                    flush=True,
                )
    return True


def median(runs: list[Run], key: str) -> float:
    return statistics.median(getattr(r, key) for r in runs)


def summary(case: Case) -> list[str]:
    lines = []
    base = case.runs.get("bare")
    for name, runs in case.runs.items():
        walls = [r.wall_s for r in runs]
        ratio = ""
        if base and name != "bare":
            ratio = (
                f" | {median(runs, 'wall_s') / median(base, 'wall_s'):.2f}"
                f" | {median(runs, 'cpu_s') / median(base, 'cpu_s'):.2f}"
            )
        else:
            ratio = " | 1.00 | 1.00" if name == "bare" else " | – | –"
        lines.append(
            f"| {case.name} | {name} | {len(runs)} | {statistics.median(walls):.2f} "
            f"({min(walls):.2f}–{max(walls):.2f}) | {median(runs, 'cpu_s'):.2f}{ratio} "
            f"| {max(r.main_peak_mb for r in runs):.0f} | {max(r.tree_peak_mb for r in runs):.0f} "
            f"| {median(runs, 'load1'):.1f} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each, fewer files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--corpus-repeat", type=int, help="runs per corpus file (default: --repeat)"
    )
    parser.add_argument("--time-limit", type=float, default=1500.0, help="seconds in all")
    parser.add_argument("--corpus", type=Path, help="folder of the long corpus PDFs")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--no-corpus-files", action="store_true", help="skip the per-file runs")
    parser.add_argument("--no-batch", action="store_true", help="skip `evaluator score`")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    deadline = Deadline(args.time_limit)
    folder_arg = args.corpus or next((p for p in CORPUS_CANDIDATES if p.is_dir()), None)
    corpus = sorted(folder_arg.glob("*.pdf")) if folder_arg else []
    if not corpus:
        print("no long corpus found: only the 1-page sample and --help are measured")
    load_before = os.getloadavg()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
        f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"pdftotext {'yes' if shutil.which('pdftotext') else 'not installed'}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        one, long = build_pdfs(Path(tmp), corpus)
        help_case = Case("evaluator --help", 0)
        main_cases = [(help_case, {"help": [args.python, "-m", "evaluator", "--help"]})]
        one_case = Case("1-page sample", 1)
        main_cases.append((one_case, variants(args.python, one)))
        if long:
            main_cases.append(
                (Case(f"{LONG_PAGES}-page report", LONG_PAGES), variants(args.python, long))
            )
        print("cold runs: --help, 1 page, long report", flush=True)
        complete = run_cases(main_cases, repeat, deadline)
        files = corpus
        if args.quick:
            files = sorted(corpus, key=lambda p: p.stat().st_size)[:3]
        corpus_cases: list[tuple[Case, dict[str, list[str]]]] = []
        if files and not args.no_corpus_files and complete:
            corpus_cases = [(Case(p.name, page_count(p)), variants(args.python, p)) for p in files]
            print(f"cold runs: {len(files)} corpus files one by one", flush=True)
            corpus_repeat = 1 if args.quick else (args.corpus_repeat or repeat)
            complete = run_cases(corpus_cases, corpus_repeat, deadline)
        batch: list[Run] = []
        if files and not args.no_batch and complete:
            print("batch: evaluator score over the corpus files", flush=True)
            command = [
                args.python,
                "-m",
                "evaluator",
                "score",
                *map(str, files),
                "--format",
                "json",
            ]
            for _ in range(1 if args.quick else min(repeat, 2)):
                run = measure(command, deadline)
                if run is None:
                    complete = False
                    break
                batch.append(run)
                print(
                    f"  score {run.wall_s:.2f} s  cpu {run.cpu_s:.2f} s"
                    f"  tree {run.tree_peak_mb:.0f} MB"
                )
    load_after = os.getloadavg()
    print()
    print(
        f"load average before {load_before[0]:.2f} / after {load_after[0]:.2f} "
        f"(5 min: {load_before[1]:.2f} / {load_after[1]:.2f})"
        + ("" if complete else "; STOPPED AT THE TIME LIMIT, figures are partial")
    )
    print()
    print(
        "| case | variant | runs | wall s median (min–max) | CPU s median | × bare wall "
        "| × bare CPU | main peak MB | tree peak MB | load at start |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for case, _ in main_cases:
        for line in summary(case):
            print(line)
    totals: dict[str, dict[str, float]] = {}
    for case, _ in corpus_cases:
        for name, runs in case.runs.items():
            sums = totals.setdefault(name, {"wall_s": 0.0, "cpu_s": 0.0, "files": 0})
            sums["wall_s"] += median(runs, "wall_s")
            sums["cpu_s"] += median(runs, "cpu_s")
            sums["files"] += 1
    if corpus_cases:
        print()
        print(
            "| corpus file | pages | variant | wall s median (min–max) | × bare wall "
            "| × bare CPU | tree peak MB |"
        )
        print("|---|---|---|---|---|---|---|")
        for case, _ in corpus_cases:
            base = case.runs.get("bare")
            for name, runs in case.runs.items():
                if not base:
                    continue
                walls = [r.wall_s for r in runs]
                print(
                    f"| {case.name} | {case.pages} | {name} | {statistics.median(walls):.2f} "
                    f"({min(walls):.2f}–{max(walls):.2f}) "
                    f"| {median(runs, 'wall_s') / median(base, 'wall_s'):.2f} "
                    f"| {median(runs, 'cpu_s') / median(base, 'cpu_s'):.2f} "
                    f"| {max(r.tree_peak_mb for r in runs):.0f} |"
                )
        bare = totals.get("bare")
        print()
        for name, sums in totals.items():
            ratio = (
                f" = {sums['wall_s'] / bare['wall_s']:.2f}× bare wall, "
                f"{sums['cpu_s'] / bare['cpu_s']:.2f}× bare CPU"
                if bare
                else ""
            )
            print(
                f"sum of medians over {int(sums['files'])} files, {name}: "
                f"{sums['wall_s']:.2f} s wall, {sums['cpu_s']:.2f} s CPU{ratio}"
            )
        if batch and bare:
            wall = statistics.median(r.wall_s for r in batch)
            cpu = statistics.median(r.cpu_s for r in batch)
            print(
                f"batch score over the same files: {wall:.2f} s wall ({wall / bare['wall_s']:.2f}× "
                f"the bare sum), {cpu:.2f} s CPU ({cpu / bare['cpu_s']:.2f}×), tree peak "
                f"{max(r.tree_peak_mb for r in batch):.0f} MB, exit {batch[0].exit_code}"
            )
    if args.json:
        report = {
            "load_before": load_before,
            "load_after": load_after,
            "complete": complete,
            "cases": [
                {
                    "name": c.name,
                    "pages": c.pages,
                    "runs": {k: [asdict(r) for r in v] for k, v in c.runs.items()},
                }
                for c, _ in [*main_cases, *corpus_cases]
            ],
            "batch": [asdict(r) for r in batch],
        }
        args.json.write_text(json.dumps(report, indent=1))
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
