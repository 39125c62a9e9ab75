"""The CPU cost of one search of each compiled pattern of the checks over every passage of a
file: a map of where the checks' regular-expression time goes (see docs/performance.md).

    .venv/bin/python benchmarks/regex_cost.py FILE.pdf [--top 20]
    .venv/bin/python benchmarks/regex_cost.py --hostile 100000 [--top 5]

A pattern a check searches only in some passages costs less in a real analysis; this lists
what each would cost on every passage, to find the ones worth a prefilter. `--hostile N` times
every match of each pattern (finditer) on hostile strings of N characters instead (a run of
capitals, "A&" repeated, short acronyms, one word repeated, grouped digits), to find a pattern
whose time grows faster than its input: run it at two sizes and compare.
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


HOSTILE = {
    "capitals": "A",
    "ampersands": "A&",
    "acronyms": "AB ",
    "words": "word ",
    "digits": "1,000 ",
}


def hostile(size: int, top: int) -> int:
    """The costliest patterns, every match found, on each hostile string of `size` characters."""
    from evaluator.checks import checks

    checks()  # imports every check module
    for label, unit in HOSTILE.items():
        text = unit * (size // len(unit))
        rows = []
        for module_name in MODULES:
            module = importlib.import_module(f"evaluator.checks.{module_name}")
            for name, pattern in patterns(module).items():
                start = time.process_time()
                for _ in pattern.finditer(text):
                    pass
                rows.append((time.process_time() - start, f"{module_name}.{name}"))
        rows.sort(reverse=True)
        print(f"{label} ({len(text):,} characters): {sum(r[0] for r in rows):.2f} s CPU in all")
        for seconds, name in rows[:top]:
            print(f"{seconds * 1000:10.1f} ms  {name}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--hostile", type=int, metavar="N", help="hostile strings of N characters")
    args = parser.parse_args()
    if args.hostile:
        return hostile(args.hostile, args.top)
    if not args.file:
        parser.error("give a FILE, or --hostile N")
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
