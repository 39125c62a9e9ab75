"""Do two checkouts analyse the same files identically? For work that must not change results.

    .venv/bin/python benchmarks/same_results.py --before /work/main --after . FILE...
    .venv/bin/python benchmarks/same_results.py --before . --after . \
        --before-env EVALUATOR_STOCK_PDF_PARSER=1 FILE...

Each checkout analyses every file in one process of its own (`load_path` and `analyze`, as
`evaluator analyze --format json` does, without the document cache), with the time budgets
raised so that machine load cannot cut an analysis short. The two JSON outputs are compared
file by file, ignoring time stamps; the first differing lines of each differing file are
printed. Exit status 1 when any file differs or fails in one checkout only.

`--before-env NAME=VALUE` (repeatable) sets a variable for the "before" run only: the same
checkout with pypdf's own content-stream parser, say. Both checkouts run with this interpreter
(use the venv of either: they must share the dependencies); each imports `evaluator` from its
own folder.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# Budgets raised so that a loaded machine changes nothing (see docs/performance.md, item 5).
ENV = {
    "EVALUATOR_ANALYSIS_TIME_S": "3600",
    "EVALUATOR_TIME_BASE_S": "3600",
    "EVALUATOR_TIME_PER_PAGE_S": "60",
}
VOLATILE = ("_at", "elapsed", "duration")  # key endings that vary from run to run


def dump(files: list[str], out: Path) -> None:
    """Analyse each file in this process and write one JSON line per file."""
    from evaluator import analyze, default_rubric
    from evaluator.checks import checks
    from evaluator.ingest import load_path

    checks()
    rubric = default_rubric()
    with out.open("w", encoding="utf-8") as handle:
        for name in files:
            try:
                result: Any = json.loads(
                    analyze(load_path(name, cache=False), rubric).model_dump_json()
                )
            except Exception as exc:
                result = {"error": f"{type(exc).__name__}: {exc}"}
            handle.write(json.dumps({"file": name, "result": result}) + "\n")
            handle.flush()


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if not k.endswith(VOLATILE)}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def run(
    tree: Path, files: list[str], out: Path, extra: dict[str, str] | None = None
) -> dict[str, Any]:
    env = {**os.environ, **ENV, **(extra or {}), "PYTHONPATH": str(tree)}
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--dump", str(out), *files],
        cwd=tree,
        env=env,
        check=True,
    )
    return _read(out)


def _read(path: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["file"]: _stable(row["result"]) for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    parser.add_argument(
        "--keep", type=Path, help="keep each checkout's results here (before.jsonl, after.jsonl)"
    )
    parser.add_argument(
        "--before-results", type=Path, help="a before.jsonl kept from an earlier run, for --before"
    )
    parser.add_argument(
        "--before-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for the before run only",
    )
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = [str(Path(f).resolve()) for f in args.files]
    if args.dump:
        dump(files, args.dump)
        return 0
    if not ((args.before or args.before_results) and args.after):
        parser.error("--after and one of --before or --before-results are needed")
    with tempfile.TemporaryDirectory() as folder:
        out = args.keep or Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        if args.before_results:
            before = _read(args.before_results)
        else:
            extra = dict(item.split("=", 1) for item in args.before_env)
            before = run(args.before.resolve(), files, out / "before.jsonl", extra)
        after = run(args.after.resolve(), files, out / "after.jsonl")
    differing = 0
    for name in files:
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        differing += 1
        print(f"DIFFERS: {name}")
        lines = difflib.unified_diff(
            json.dumps(a, indent=1, sort_keys=True).splitlines(),
            json.dumps(b, indent=1, sort_keys=True).splitlines(),
            "before",
            "after",
            lineterm="",
            n=1,
        )
        for line in list(lines)[:40]:
            print("   ", line)
    print(f"{len(files)} files, {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
