"""Which processes use the CPU, and when, during one cold command.

    .venv/bin/python benchmarks/cpu_timeline.py -- .venv/bin/evaluator analyze FILE --format json

Runs the command in a new process and samples its process tree from `/proc` (user + system
ticks of every descendant) every `--every` seconds. Prints, per 100 ms, how many cores were busy
and which processes used them, then the CPU seconds of each kind of process (the main process,
the extraction workers, the forked check helpers). The timeline shows where only one core is busy.
Sampling costs a little CPU itself, so wall times come out a few per cent longer than in
`bench_cold.py`. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, int, str] | None:
    """Parent pid, CPU ticks and name of a process, or None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            raw = handle.read()
    except OSError:
        return None
    close = raw.rfind(")")
    fields = raw[close + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), raw[raw.find("(") + 1 : close]


def tree(root: int) -> dict[int, tuple[int, str]]:
    """CPU ticks and name of `root` and of every process below it."""
    children: dict[int, list[int]] = {}
    stats: dict[int, tuple[int, str]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (found := _stat(int(name))):
            children.setdefault(found[0], []).append(int(name))
            stats[int(name)] = (found[1], found[2])
    out: dict[int, tuple[int, str]] = {}
    if root in stats:
        out[root] = (stats[root][0], "main")
    stack = [root]
    while stack:
        for pid in children.get(stack.pop(), []):
            out[pid] = stats[pid]
            stack.append(pid)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=float, default=0.01)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    samples: list[tuple[float, dict[int, tuple[int, str]]]] = []
    while process.poll() is None:
        samples.append((time.perf_counter() - start, tree(process.pid)))
        time.sleep(args.every)
    print(f"wall {time.perf_counter() - start:.2f} s (exit {process.returncode})")
    seen: dict[int, int] = {}
    buckets: dict[int, dict[str, int]] = {}
    last: dict[int, tuple[int, str]] = {}
    for moment, processes in samples:
        bucket = buckets.setdefault(int(moment * 10), {})
        for pid, (ticks, name) in processes.items():
            bucket[name] = bucket.get(name, 0) + ticks - seen.get(pid, 0)
            seen[pid] = ticks
            last[pid] = (ticks, name)
    for index in sorted(buckets):
        used = buckets[index]
        busy = sum(used.values()) / TICKS / 0.1
        names = " ".join(f"{name}:{ticks}" for name, ticks in used.items() if ticks)
        print(f"{index / 10:5.1f} s  {busy:4.1f} cores  {names}")
    totals: dict[str, float] = {}
    for ticks, name in last.values():
        totals[name] = totals.get(name, 0.0) + ticks / TICKS
    print(
        "CPU s by process name (at the last sample):", {k: round(v, 2) for k, v in totals.items()}
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
