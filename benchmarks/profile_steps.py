"""Where the time of one cold analysis goes, step by step, in one new process.

    .venv/bin/python benchmarks/profile_steps.py FILE.pdf [--repeat 3] [--cprofile out.prof]

Prints the CPU and wall time of: the imports an `analyze` needs, extraction (the worker
processes: their start, pypdf, the frames; wall time here, the workers' CPU is not in this
process), normalisation, segmentation, each check, suggestions and score, the relayed claims,
and the JSON. Run it
in a fresh process, as `evaluator analyze` runs: the first figures include one-off costs (the
classifier's data, regular expressions compiled on first use). `--repeat` repeats the steps
after extraction on the same text to tell one-off costs from the per-document ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROWS: list[tuple[str, float, float]] = []


def timed(label: str, work: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    ROWS.append((label, time.perf_counter() - wall, time.process_time() - cpu))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile of the analysis")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")

    def imports() -> Any:
        from evaluator import analysis, classifier, ingest, normalise, segment  # noqa: F401
        from evaluator.checks import checks

        return checks()  # the check modules are imported on first use

    timed("imports (analysis, check modules, ingest)", imports)
    from evaluator import classifier
    from evaluator.analysis import (
        _relayed_by_page,
        _whose,
        analyze,
        relayed_claims,
        within_budget,
    )
    from evaluator.checks import Context, checks, suggest_all
    from evaluator.checks.runner import _view, _written
    from evaluator.ingest.documents import _build
    from evaluator.ingest.extraction import extract_pdf
    from evaluator.limits import limits_from_env
    from evaluator.models import Findings
    from evaluator.rubrics import default_rubric
    from evaluator.segment import segment

    limits = limits_from_env()
    data = args.file.read_bytes()
    extraction = timed("extraction (workers, wall)", lambda: extract_pdf(data, None, limits))
    raw = [extraction.texts.get(i, "") for i in range(extraction.page_count)]
    print(f"{extraction.page_count} pages, {sum(map(len, raw)):,} characters")
    timed("classifier data", classifier.warm_up)
    rubric = default_rubric()
    for round_ in range(args.repeat):
        tag = "" if round_ == 0 else f" (again {round_})"
        document = timed(
            "normalisation" + tag,
            lambda: _build(raw, data=data, source="pdf", title=None, filename=None, warnings=[]),
        )
        analysed, _ = within_budget(document, limits.max_analysis_chars)
        passages = timed("segmentation" + tag, lambda a=analysed: segment(a))
        context = Context.build(analysed, passages=passages)
        lists: dict[str, list[Any]] = {}
        for check in checks():
            found = timed(
                f"check {check.criterion}" + tag,
                lambda check=check, context=context, lists=lists: check.detect(
                    replace(context, findings=_view(lists, check.needs))
                ),
            )
            lists.update(_written(check, found))
        findings = Findings(**lists)
        suggestions = timed(
            "suggestions" + tag,
            lambda f=findings, c=context: suggest_all(rubric, f, c),
        )
        timed(
            "relayed claims, evidence marked" + tag,
            lambda c=context, s=suggestions: (
                relayed_claims(c),
                [_whose(x, _relayed_by_page(c)) for x in s],
            ),
        )
    analysis = timed("analyze() whole, after extraction", lambda: analyze(document, rubric))
    timed("JSON", analysis.model_dump_json)
    if args.cprofile:
        import cProfile

        cProfile.runctx(
            "analyze(document, rubric)",
            globals(),
            {"analyze": analyze, "document": document, "rubric": rubric},
            str(args.cprofile),
        )
    print(f"{'step':<45} {'wall s':>8} {'CPU s':>8} {'ms/page CPU':>12}")
    for label, wall, cpu in ROWS:
        per_page = 1000 * cpu / max(extraction.page_count, 1)
        print(f"{label:<45} {wall:8.3f} {cpu:8.3f} {per_page:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
