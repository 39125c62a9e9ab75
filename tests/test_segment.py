"""Segmentation: sentences, abbreviations, decimals, list items, table rows, exact spans."""

from __future__ import annotations

import pytest

from evaluator.models import Document, Page
from evaluator.segment import segment, sentences


def doc(*pages: str) -> Document:
    return Document(
        sha256="0" * 64,
        source="text",
        pages=[Page(number=i, text=t) for i, t in enumerate(pages, start=1)],
    )


def texts(line: str) -> list[str]:
    return [line[a:b] for a, b in sentences(line)]


@pytest.mark.parametrize(
    "line",
    [
        "Dr. Smith and Mr. Jones met No. 10 staff.",
        "Some groups, e.g. renters, and others, i.e. owners, were asked.",
        "The rate was 41.3% in 2021 and 3.5 per 1,000 in 2022.",
        "Data from the U.S. Census Bureau were used.",
        "See Fig. 3 and pp. 12-14 for the method.",
        "J. Smith et al. reported it.",
    ],
)
def test_abbreviations_and_decimals_do_not_end_sentences(line: str) -> None:
    assert texts(line) == [line]


def test_real_sentence_ends_split() -> None:
    line = "It rose in 2019. 45% said so. Did it? Yes! \u201cQuoted.\u201d Then more."
    assert texts(line) == [
        "It rose in 2019.",
        "45% said so.",
        "Did it?",
        "Yes!",
        "\u201cQuoted.\u201d",
        "Then more.",
    ]


def test_no_before_a_word_ends_a_sentence() -> None:
    assert texts("The answer was no. Then we left.") == ["The answer was no.", "Then we left."]


def test_list_items_and_table_rows_are_their_own_passages() -> None:
    page = (
        "Results of the survey are below. They cover 1,240 adults.\n"
        "Key results\n"
        "• 41.3% said yes. Most were renters.\n"
        "• 58.7% said no\n"
        "Yes 512 41.3%\n"
        "No 728 58.7%"
    )
    passages = segment(doc(page))
    assert [p.text for p in passages] == [
        "Results of the survey are below.",
        "They cover 1,240 adults.",
        "Key results",
        "• 41.3% said yes.",
        "Most were renters.",
        "• 58.7% said no",
        "Yes 512 41.3%",
        "No 728 58.7%",
    ]
    assert [p.paragraph for p in passages] == [0, 0, 1, 2, 2, 3, 4, 5]


def test_spans_are_exact_slices_of_the_page_text() -> None:
    pages = (
        "  First page.  Second sentence here.\n\n• item one\nA 1 2 3",
        "Other page, with Dr. Who. End.",
    )
    document = doc(*pages)
    passages = segment(document)
    assert {p.page for p in passages} == {1, 2}
    for p in passages:
        assert document.pages[p.page - 1].text[p.start : p.end] == p.text
        assert p.text == p.text.strip() and p.text
    assert [p.text for p in passages if p.page == 2] == ["Other page, with Dr. Who.", "End."]


def test_unjoined_line_breaks_inside_a_sentence_do_not_split_it() -> None:
    # Text built without ingestion keeps its line breaks; a sentence still runs across them.
    page = "The survey of 1,240\nadults found that 41% agreed.\nA new line starts here."
    passages = segment(doc(page))
    assert [p.text for p in passages] == [
        "The survey of 1,240\nadults found that 41% agreed.",
        "A new line starts here.",
    ]
    assert passages[0].paragraph == 0 and passages[1].paragraph == 1
