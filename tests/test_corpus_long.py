"""The long real reports in ../shared/corpus/long (skipped when absent): every '%' in pypdf's
raw text survives normalisation, no ligature code point remains, a sample of line-end
hyphenation is decided right, and every passage span is an exact slice of its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluator.ingest import load_path
from evaluator.limits import INCOMPLETE, limits_from_env
from evaluator.models import Document
from evaluator.normalise import raw_span
from evaluator.segment import segment

LONG = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "long"
FILES = sorted(LONG.glob("*.pdf")) if LONG.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpus/long is absent")

_DOCUMENTS: dict[str, Document] = {}


def document(name: str) -> Document:
    """The whole file, read with a time budget no loaded machine exhausts: these tests are about
    normalisation, and a page left unread under load (which the analysis reports as partial)
    would make them fail for the wrong reason, as msft-10q's page 45 did at load 10 to 50."""
    if name not in _DOCUMENTS:
        limits = limits_from_env().model_copy(update={"time_base_s": 900, "time_per_page_s": 10})
        doc = load_path(LONG / name, limits=limits)
        assert not [w for w in doc.warnings if w.startswith(INCOMPLETE)], doc.warnings
        _DOCUMENTS[name] = doc
    return _DOCUMENTS[name]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_percent_signs_survive_and_ligatures_go(path: Path) -> None:
    doc = document(path.name)
    assert doc.pages
    raw_percent = norm_percent = 0
    for page in doc.pages:
        raw = page.raw_text if page.raw_text is not None else page.text
        raw_percent += raw.count("%")
        norm_percent += page.text.count("%")
        assert page.text.count("%") == raw.count("%"), f"page {page.number}"
        assert not re.search("[\ufb00-\ufb06]", page.text), f"page {page.number}"
    assert norm_percent == raw_percent


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_passages_and_edits_point_into_the_text(path: Path) -> None:
    doc = document(path.name)
    pages = {p.number: p for p in doc.pages}
    for passage in segment(doc):
        page = pages[passage.page]
        assert page.text[passage.start : passage.end] == passage.text
        raw = page.raw_text if page.raw_text is not None else page.text
        a, b = raw_span(page.edits, passage.start, passage.end)
        assert 0 <= a <= b <= len(raw)


# (file, page, expected text after normalisation, raw text it comes from)
HYPHENATION = [
    ("opm-annual-performance-report-2014.pdf", 34, "data-driven", "data-\ndriven"),
    ("opm-annual-performance-report-2014.pdf", 8, "paper-based", "paper-\nbased"),
    ("opm-annual-performance-report-2015.pdf", 68, "full-time", "full-\ntime"),
    ("opm-annual-performance-report-2016.pdf", 66, "security-related", "security-\nrelated"),
    ("opm-annual-performance-report-2017.pdf", 76, "decision-making", "decision-\nmaking"),
    ("opm-annual-performance-report-2022.pdf", 55, "Government-wide", "Government- \nwide"),
    ("msft-10q-2022-q3.pdf", 45, "broad-based", "broad-\nbased"),
    ("dosaid-strategic-plan-2022.pdf", None, "multilateral", "multilat-\neral"),
    ("doc-strategic-plan-2022.pdf", None, "manufacturing", "manufac-\nturing"),
    ("doc-strategic-plan-2022.pdf", None, "commercialization", "commer-\ncialization"),
    ("dosaid-strategic-plan-2022.pdf", 8, "immunodeficiency virus", "immunodefi-\nciency"),
    ("dosaid-strategic-plan-2022.pdf", 8, "syndrome", "syn-\ndrome"),
]


@pytest.mark.parametrize(("name", "number", "joined", "raw"), HYPHENATION)
def test_sample_of_hyphenation_joins(name: str, number: int | None, joined: str, raw: str) -> None:
    if not (LONG / name).exists():
        pytest.skip(f"{name} is absent")
    doc = document(name)
    pages = [p for p in doc.pages if number is None or p.number == number]
    found = [p for p in pages if raw in (p.raw_text or "")]
    assert found, f"the raw text no longer contains {raw!r}"
    for page in found:
        assert joined in page.text
        assert raw.replace("\n", " ") not in page.text
