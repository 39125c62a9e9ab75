"""Fuzzing the text pipeline (normalise → segment → detectors → suggest → score → JSON).

Inputs are built from report-like pieces (figures, shares, years, abbreviations, quotes,
brackets, list marks) mixed with arbitrary characters, controls and line and page breaks.
Invariants: nothing but a one-line `InputError` escapes; every quote and finding sentence is
exact text of its page; passages are exact spans; levels are in range; the JSON is valid and
at most a fixed multiple of the input. Derandomised and bounded, so a CI run is repeatable and
short.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.analysis import MAX_EXCERPT_CHARS, analyze
from evaluator.errors import InputError
from evaluator.ingest import load_bytes
from evaluator.models import Findings
from evaluator.rubrics import default_rubric
from evaluator.segment import MAX_PASSAGE_CHARS, segment

PIECES = [
    "41.3%",
    "512 of 1,240",
    "(n = 53)",
    "one in five",
    "two-thirds",
    "between 2018 and 2023",
    "2019/20",
    "Dr.",
    "U.S.",
    "e.g.",
    "No. 5",
    "Leeds",
    "West Yorkshire",
    "police recorded ethnicity",
    "inferred from names",
    "Muslim",
    "Pakistani",
    "should",
    "we recommend",
    "an estimated 1 million",
    "(Smith, 2014)",
    "according to the campaign",
    "\u201c",
    "\u201d",
    "(",
    ")",
    "[",
    "•",
    "-",
    ". ",
    "? ",
    ": ",
    "\n",
    "\n\n",
    "\f",
    " ",
    "\t",
    "\u00ad",
    "\ufb01",
    "\x1b[31m",
    "\u202e",
    "\x85",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=120
).map(" ".join)
FUZZ = settings(
    max_examples=150,
    deadline=None,  # a loaded CI machine must not turn a slow example into a failure
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RUBRIC = default_rubric()


def _page_texts(document) -> dict[int, str]:
    return {page.number: page.text for page in document.pages}


@FUZZ
@given(TEXT)
def test_the_text_pipeline_keeps_its_invariants(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        document = load_bytes(data, "fuzz.txt", cache=False)
    except InputError as exc:
        assert exc.message and "\n" not in exc.message
        return
    pages = _page_texts(document)
    for page in document.pages:
        assert not any(ord(c) < 32 and c not in "\n" for c in page.text), repr(page.text)
    analysis = analyze(document, RUBRIC)
    for criterion in analysis.criteria:
        assert criterion.suggested_level in (None, 0, 1, 2, 3)
        assert 0.0 <= criterion.confidence <= 1.0
        for item in criterion.evidence:
            assert item.quote in pages[item.page], (item.quote, item.page)
    for name in Findings.model_fields:
        for finding in getattr(analysis.findings, name):
            sentence = getattr(finding, "sentence", "")
            assert len(sentence) <= MAX_EXCERPT_CHARS
            assert sentence in pages[finding.page], (name, sentence)
    if analysis.score.value is not None:
        assert 0.0 <= analysis.score.value <= 100.0
    output = analysis.model_dump_json(indent=2)
    assert json.loads(output)["schema_version"] == "1"
    assert len(output.encode()) <= 300 * len(data) + 100_000


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TEXT)
def test_passages_are_exact_bounded_spans(text: str) -> None:
    try:
        document = load_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.txt", cache=False)
    except InputError:
        return
    pages = _page_texts(document)
    previous = (0, -1)
    for passage in segment(document):
        assert pages[passage.page][passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip() and passage.text
        assert len(passage.text) <= MAX_PASSAGE_CHARS
        assert (passage.page, passage.start) > previous
        previous = (passage.page, passage.start)
