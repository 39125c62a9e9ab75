"""PDF pages drawn as images in a limited separate process: the quote's place is marked, and a
hostile PDF ends in a plain refusal, never a crash or a hang of the caller."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evaluator.page_images import PageImage, PageImageError, render_page

ROOT = Path(__file__).resolve().parents[1]
KIRKFORD = ROOT / "sample_reports" / "kirkford-audit" / "report.pdf"
HOSTILE = ROOT.parent / "shared" / "corpus" / "hostile"  # as tests/test_corpus_hostile.py
# From the whole hostile corpus (678 files, each drawn once, 2026-12-03): the one PDFium took
# longer than 10 s on, the slowest it drew, and a few it refused to open.
HOSTILE_SAMPLE = [
    "pdfjs__test_pdfs_poppler-85140-0.pdf",
    "pdfjs__test_pdfs_bug1978317.pdf",
    "pdfjs__test_pdfs_issue5567.pdf",
    "pdfminer__samples_contrib_pdf-with-jbig2.pdf",
]


def test_a_page_is_drawn_with_its_quote_marked_over_two_lines():
    data = KIRKFORD.read_bytes()
    quote = "Each was searched for the whole period from 1 April 2015 to 31 March 2023."
    image = render_page(data, 2, quote, width=600)
    assert image.png.startswith(b"\x89PNG") and image.width == 600
    assert image.marked == 2  # the quote runs over a line break: one box on each line
    plain = render_page(data, 2, None, width=600)
    assert plain.marked == 0 and plain.png != image.png
    assert render_page(data, 2, "words that are on no page of it", width=600).marked == 0


@pytest.mark.parametrize(
    ("data", "page", "reason"),
    [
        (b"not a PDF at all", 1, "could not be drawn"),
        (KIRKFORD.read_bytes(), 9, "has no page 9"),
    ],
)
def test_what_cannot_be_drawn_is_a_plain_refusal(data: bytes, page: int, reason: str):
    with pytest.raises(PageImageError, match=reason):
        render_page(data, page)


def test_the_time_and_memory_limits_end_the_worker_not_the_caller():
    data = KIRKFORD.read_bytes()
    started = time.monotonic()
    with pytest.raises(PageImageError, match="longer than"):
        render_page(data, 1, timeout_s=0.05)
    assert time.monotonic() - started < 5
    with pytest.raises(PageImageError):  # too little memory even to start PDFium
        render_page(data, 1, memory_mb=40)


@pytest.mark.skipif(not HOSTILE.is_dir(), reason="../shared/corpus/hostile is absent")
@pytest.mark.parametrize("name", HOSTILE_SAMPLE)
def test_hostile_pdfs_are_drawn_or_refused_within_the_time_limit(name: str):
    started = time.monotonic()
    try:
        result: PageImage | None = render_page((HOSTILE / name).read_bytes(), 1, "the", timeout_s=4)
    except PageImageError:
        result = None
    assert time.monotonic() - started < 8
    assert result is None or result.png.startswith(b"\x89PNG")
