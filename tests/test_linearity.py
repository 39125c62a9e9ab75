"""Issue 13: the whole analysis of a long report is linear in its pages. Doubling the pages of a
synthetic report (the bundled samples' text, page after page) at most doubles the work.

The checks read across pages (a source carried from an earlier page, the base of a share in the
sentence before, one speech reading of the whole document), so a quadratic step would show here
first. The work is measured two ways, neither a wall-clock threshold: the number of Python and
built-in calls the analysis makes (deterministic), and the best of three CPU times with a
generous margin (linear gives 2, quadratic 4).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from cpu_time import cpu_seconds

from evaluator.analysis import analyze
from evaluator.ingest import load_bytes
from evaluator.models import Document
from evaluator.rubrics import default_rubric

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"


def _pages_of_samples(chars_per_page: int = 2500) -> list[str]:
    """The samples' Markdown cut into pages at paragraph breaks."""
    pages: list[str] = []
    for source in sorted(SAMPLES.glob("*/source.md")):
        page = ""
        for paragraph in source.read_text(encoding="utf-8").split("\n\n"):
            if page and len(page) + len(paragraph) > chars_per_page:
                pages.append(page)
                page = ""
            page += paragraph + "\n\n"
        if page.strip():
            pages.append(page)
    return pages


def report_text(pages: int) -> str:
    """A report of `pages` form-feed-separated pages cycling through the samples' pages; each
    carries its number, so no two pages are the same text."""
    base = _pages_of_samples()
    return "\f".join(f"Part {i + 1}.\n\n{base[i % len(base)]}" for i in range(pages))


def report(pages: int) -> Document:
    return load_bytes(report_text(pages).encode("utf-8"), "long.txt", cache=False)


def calls(work: Callable[[], object]) -> int:
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_doubling_the_pages_at_most_doubles_the_work() -> None:
    rubric = default_rubric()
    analyze(report(2), rubric)  # one-off costs (classifier data, compiled patterns) paid here
    small, large = report(60), report(120)
    assert len(_pages_of_samples()) < 60  # the large report repeats the samples' text
    call_ratio = calls(lambda: analyze(large, rubric)) / calls(lambda: analyze(small, rubric))
    assert call_ratio <= 2.1, call_ratio
    cpu_ratio = cpu_seconds(lambda: analyze(large, rubric)) / cpu_seconds(
        lambda: analyze(small, rubric)
    )
    assert cpu_ratio <= 3.0, cpu_ratio


def test_doubling_the_pages_at_most_doubles_reading_and_normalising() -> None:
    # Normalisation reads across pages too (running headers, the document's hyphenated words).
    ratio = calls(lambda: report(120)) / calls(lambda: report(60))
    assert ratio <= 2.1, ratio


def test_each_timed_run_starts_with_no_text_cached() -> None:
    # The hostile "shares" ratio read 8.9 in CI when the small input's second run found every
    # passage already folded and the large one's did not.
    from evaluator.checks import prefilter

    seen: list[int] = []

    from evaluator.checks import denominators

    def work() -> None:
        seen.append((len(prefilter._facts), denominators._numbers.cache_info().currsize))
        prefilter.fold("Of the 1,240 cases, 12.5% of 100")
        denominators._numbers("Of the 1,240 cases, 12.5% of 100")

    cpu_seconds(work)
    assert seen == [(0, 0)] * 3
