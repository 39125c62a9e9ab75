"""A report's title from its cover when its PDF metadata is junk, and slugs for file names."""

from __future__ import annotations

import pytest

from evaluator.models import Document, Page
from evaluator.titles import document_title, is_junk_title, slug, title_from_text


@pytest.mark.parametrize(
    "title",
    [
        None,
        "",
        "  ",
        "HHS2022B",
        "final_v2",
        "Document1",
        "Untitled",
        "untitled document",
        "Microsoft Word - Report draft 3.docx",
        "Microsoft Word - Annual review",
        "annual review 2023.pdf",
        "C:\\Users\\me\\report",
        "2023",
        "PowerPoint Presentation",
    ],
)
def test_junk_metadata_titles_are_recognised(title: str | None):
    assert is_junk_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "Stop and search",
        "Hate crime, England and Wales, 2019 to 2020",
        "Housing Allocations and Nationality: A Scrutiny Review of the Housing Register",
    ],
)
def test_real_titles_are_kept(title: str):
    assert not is_junk_title(title)


def test_a_title_equal_to_the_file_name_is_junk():
    assert is_junk_title("annual review", "annual review.pdf")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Housing Allocations and Nationality: A Scrutiny Review of the\nHousing Register\n"
            "A fictional sample report.",
            "Housing Allocations and Nationality: A Scrutiny Review of the Housing Register",
        ),
        (
            "Skip to main content\n\nPolicy paper\n\nGroup-based child sexual exploitation\n\n"
            "Updated 23 December 2021\n",
            "Group-based child sexual exploitation",
        ),
        (
            "Official Statistics\n\nHate crime, England and Wales\n\nPublished 2020",
            "Hate crime, England and Wales",
        ),
        ("# Foreign Nationals and Crime\n\nSome text.", "Foreign Nationals and Crime"),
        ("= A Wiki Title =\n", "A Wiki Title"),
        ("Page 1\n\n1. Main points\n\nThis report presents the first analysis.", None),
        (
            "At the end of June 2008 there were 11,498 foreign national prisoners. The total "
            "includes those on remand.",
            None,
        ),
        ("", None),
    ],
)
def test_title_from_the_first_page(text: str, expected: str | None):
    assert title_from_text(text) == expected


def _document(title: str | None, first_page: str, filename: str | None = "HHS2022B.pdf"):
    return Document(
        sha256="a" * 64,
        source="pdf",
        title=title,
        filename=filename,
        pages=[Page(number=1, text=first_page), Page(number=2, text="More.")],
    )


def test_document_title_prefers_real_metadata_then_the_cover_then_the_file_name():
    cover = "Maternity Outcomes by Ethnicity\nat Harrowfield Hospitals\n\nSummary\n"
    assert document_title(_document("A Real Title Here", cover)) == "A Real Title Here"
    assert (
        document_title(_document("HHS2022B", cover))
        == "Maternity Outcomes by Ethnicity at Harrowfield Hospitals"
    )
    prose = "We counted case files. Of 240 suspects, 96 were recorded."
    assert document_title(_document(None, prose)) == "HHS2022B.pdf"
    assert document_title(_document(None, prose, filename=None)) is None
    assert document_title(_document("HHS2022B", prose, filename=None)) == "HHS2022B"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Housing & Nationality: A Review (v1.0)", "housing-nationality-a-review-v1-0"),
        ("Café Zoë", "cafe-zoe"),
        ("../../etc/passwd", "etc-passwd"),
        ("日本語", ""),
        (None, ""),
        ("a" * 100, "a" * 60),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_slugs_are_ascii_letters_digits_and_hyphens(text: str | None, expected: str):
    assert slug(text) == expected
