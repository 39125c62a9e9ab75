"""The CPU cost of one search of each compiled pattern of the checks over every passage of a
file: a map of where the checks' regular-expression time goes (see docs/performance.md).

    .venv/bin/python benchmarks/regex_cost.py FILE.pdf [--top 20]

A pattern a check searches only in some passages costs less in a real analysis; this lists
what each would cost on every passage, to find the ones worth a prefilter.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time

MODULES = (
    "sources",
    "scope",
    "attribute_provenance",
    "denominators",
    "extrapolation",
    "recommendations",
    "speech",
    "cues",
    "common",
)


def patterns(module: object) -> dict[str, re.Pattern[str]]:
    """The module-level patterns, and those in module-level dicts of patterns; those with a
    prefilter (evaluator/checks/prefilter.py) are timed as the checks run them, filter first."""
    from evaluator.checks.prefilter import Filtered

    kinds = (re.Pattern, Filtered)
    found: dict[str, re.Pattern[str]] = {}
    for name, value in vars(module).items():
        if isinstance(value, kinds):
            found[name] = value
        elif (
            isinstance(value, dict) and value and all(isinstance(v, kinds) for v in value.values())
        ):
            found.update({f"{name}[{key}]": v for key, v in value.items()})
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    from evaluator.checks import checks
    from evaluator.ingest import load_path
    from evaluator.segment import segment

    texts = [p.text for p in segment(load_path(args.file))]
    checks()  # imports every check module
    rows = []
    for module_name in MODULES:
        module = importlib.import_module(f"evaluator.checks.{module_name}")
        for name, pattern in patterns(module).items():
            start = time.process_time()
            for text in texts:
                pattern.search(text)
            rows.append((time.process_time() - start, f"{module_name}.{name}"))
    rows.sort(reverse=True)
    print(
        f"{len(texts)} passages, {len(rows)} patterns, one search of each per passage: "
        f"{sum(r[0] for r in rows):.2f} s CPU"
    )
    for seconds, name in rows[: args.top]:
        print(f"{seconds * 1000:8.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
