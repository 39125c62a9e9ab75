"""Time `evaluator score` on a set of reports with one worker and with two.

    .venv/bin/python benchmarks/bench_batch.py [FILES_OR_FOLDERS...]

Without arguments it uses the bundled sample reports. Each run is a fresh process (as a user
would run it), so its start-up (imports, reading the sentence classifier) is included, once per run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(inputs: list[str], workers: int) -> tuple[float, int]:
    command = [sys.executable, "-m", "evaluator", "score", *inputs, "--format", "json"]
    started = time.perf_counter()
    result = subprocess.run(
        [*command, "--workers", str(workers)], cwd=ROOT, capture_output=True, text=True
    )
    return time.perf_counter() - started, result.returncode


def main() -> int:
    inputs = sys.argv[1:] or [
        str(ROOT / "sample_reports" / p / "report.pdf")
        for p in sorted(os.listdir(ROOT / "sample_reports"))
        if (ROOT / "sample_reports" / p / "report.pdf").is_file()
    ]
    print(f"{len(inputs)} input(s); load average {os.getloadavg()[0]:.1f}")
    for workers in (1, 2):
        seconds, code = run(inputs, workers)
        print(f"workers={workers}: {seconds:.1f} s (exit {code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
