"""What compiling the checks' regular expressions costs a cold process, and what rebuilding the
same patterns from stored engine code would cost instead (see docs/performance.md, session 18).

    .venv/bin/python benchmarks/regex_compile.py [--runs 5] [--file REPORT.pdf]

Each run is a new interpreter that imports the analysis path (the CLI, the analysis and every
built-in check) and reports the wall time of the imports and the part of it spent in
`re._compile`. A second new interpreter per run rebuilds every pattern the first compiled from
the engine code `re` would produce for it (`_sre.compile`, as `re._compiler.compile` ends),
and reports that time with the cost of loading the stored code. With `--file`, each run also
times, cold and side by side, a bare pypdf extraction of the file, `evaluator analyze` of it,
and the same analyze with `re`'s cache filled from the stored code before the CLI starts (the
option as it would ship). Nothing here is shipped: it measures an option. The stored code is
specific to one CPython version.
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

_IMPORTS = """
import json, re, sys, time
from re import _compiler, _parser
original, spent = re._compile, [0.0, 0]
def timed(pattern, flags):
    start = time.perf_counter()
    try:
        return original(pattern, flags)
    finally:
        spent[0] += time.perf_counter() - start
        spent[1] += 1
re._compile = timed
start = time.perf_counter()
import evaluator.cli, evaluator.analysis
from evaluator.checks import runner
runner.builtin_checks()
total = time.perf_counter() - start
re._compile = original
stored = []
for (kind, pattern, flags) in list(re._cache):
    if kind is not str:
        continue
    flags = int(flags)
    parsed = _parser.parse(pattern, flags)
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    code = [int(op) for op in _compiler._code(parsed, flags)]
    stored.append([pattern, int(flags | parsed.state.flags), code, parsed.state.groups - 1,
                   groupindex, indexgroup])
import marshal, zlib
with open(sys.argv[1], "wb") as out:
    out.write(zlib.compress(marshal.dumps(stored)))
print(json.dumps({"imports": total, "compiling": spent[0], "compiles": spent[1],
                  "patterns": len(stored)}))
"""

_REBUILD = """
import json, marshal, sys, time, zlib, _sre
start = time.perf_counter()
with open(sys.argv[1], "rb") as stored:
    entries = marshal.loads(zlib.decompress(stored.read()))
loaded = time.perf_counter()
built = [_sre.compile(p, f, code, g, gi, tuple(ig)) for p, f, code, g, gi, ig in entries]
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "build": done - loaded, "patterns": len(built)}))
"""


_BARE = """
import sys, pypdf
for page in pypdf.PdfReader(sys.argv[1]).pages:
    page.extract_text()
"""

_PREFILLED = """
import marshal, re, sys, zlib, _sre
with open(sys.argv[1], "rb") as stored:
    for p, f, code, g, gi, ig in marshal.loads(zlib.decompress(stored.read())):
        re._cache[(str, p, f)] = _sre.compile(p, f, code, g, gi, tuple(ig))
sys.argv = ["evaluator", "analyze", sys.argv[2], "--format", "json"]
from evaluator.cli import main
raise SystemExit(main())
"""


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _trial(report: Path, store: Path) -> dict[str, float]:
    """One cold run of each way, side by side."""
    py = sys.executable
    return {
        "bare pypdf": _wall([py, "-c", _BARE, str(report)]),
        "analyze": _wall([py, "-m", "evaluator", "analyze", str(report), "--format", "json"]),
        "analyze, patterns stored": _wall([py, "-c", _PREFILLED, str(store), str(report)]),
    }


def _run(code: str, store: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, help="also time a cold analyze of this report")
    args = parser.parse_args(argv)
    rows, trials = [], []
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "code.bin"
        for _ in range(args.runs):
            cold = _run(_IMPORTS, store)
            rebuilt = _run(_REBUILD, store)
            rows.append((cold, rebuilt, store.stat().st_size))
            if args.file:
                trials.append(_trial(args.file, store))

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:42s} median {statistics.median(values):.3f} s "
            f"(min {min(values):.3f}, max {max(values):.3f})"
        )

    print(line("imports of the analysis path", [c["imports"] for c, _, _ in rows]))
    print(line("  of which in re._compile", [c["compiling"] for c, _, _ in rows]))
    print(line("stored code: load", [r["load"] for _, r, _ in rows]))
    print(line("stored code: rebuild every pattern", [r["build"] for _, r, _ in rows]))
    cold, rebuilt, size = rows[-1]
    print(
        f"{cold['compiles']} calls to re._compile, {cold['patterns']} patterns in re's cache "
        f"at the end (its limit is {512}); stored code {size / 1e6:.2f} MB compressed"
    )
    if trials:
        print(f"cold, wall, {args.file.name} (load average {os.getloadavg()[0]:.2f}):")
        bare = statistics.median(t["bare pypdf"] for t in trials)
        for way in trials[0]:
            values = [t[way] for t in trials]
            print(f"{line('  ' + way, values)}  ({statistics.median(values) / bare:.2f}x bare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
