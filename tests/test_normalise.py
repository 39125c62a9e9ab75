"""Each normalisation rule on crafted text, and the map back to the raw text."""

from __future__ import annotations

import pytest

from evaluator.normalise import (
    Vocabulary,
    join_soft_breaks,
    keep_hyphen,
    line_kind,
    normalise_pages,
    normalise_text,
    page_list,
    raw_span,
    repeated_edges,
)


def norm(raw: str, vocabulary: Vocabulary | None = None) -> str:
    return normalise_text(raw, vocabulary).text


def test_ligatures_become_letters() -> None:
    assert norm("The Oﬃce found signiﬁcant beneﬁts in ﬂow and aﬀairs.") == (
        "The Office found significant benefits in flow and affairs."
    )


def test_nfkc_is_not_applied_beyond_ligatures() -> None:
    # Full NFKC would turn "½" into "1⁄2" and "%³" into "%3".
    assert norm("age 70½ and 5%³") == "age 70½ and 5%³"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the implemen-\ntation of", "the implementation of"),
        ("a multilat-\neral forum", "a multilateral forum"),
        ("a data-\ndriven plan", "a data-driven plan"),
        ("a full-\ntime post", "a full-time post"),
        ("a paper-\nbased form", "a paper-based form"),
        ("the non-\nHispanic group", "the non-Hispanic group"),
        ("the im- \nplement", "the implement"),
    ],
)
def test_line_end_hyphenation(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_hyphenation_follows_the_documents_own_usage() -> None:
    seen_joined = Vocabulary.of(["We cooperate with partners."])
    seen_hyphenated = Vocabulary.of(["We co-operate with partners."])
    assert norm("to co-\noperate", seen_joined) == "to cooperate"
    assert norm("to co-\noperate", seen_hyphenated) == "to co-operate"
    assert keep_hyphen("evidence", "based", Vocabulary()) is True
    assert keep_hyphen("govern", "ment", Vocabulary()) is False


def test_hyphen_between_digits_is_not_a_word_break() -> None:
    assert norm("in 2018-\n2019 the") == "in 2018-2019 the"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("N/A* 37. 5% 45.8% Met", "N/A* 37.5% 45.8% Met"),
        ("scored 4 .3 out of 5", "scored 4.3 out of 5"),
        ("rose 81 .82% overall", "rose 81.82% overall"),
        ("a rise of 5 % since", "a rise of 5% since"),
        # A sentence that ends with a year before one that starts with a share stays apart.
        ("It fell in 2019. 45% said so.", "It fell in 2019. 45% said so."),
    ],
)
def test_split_numbers_are_rejoined(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_spaces_and_dashes() -> None:
    raw = "a\u00a0b\u2009c\u202fd \u22125% 2018\u20132023 well\u2010known \u2014 aside"
    assert norm(raw) == "a b c d -5% 2018-2023 well-known \u2014 aside"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("imple\u00ad\nmentation", "implementation"),
        ("imple\u00admentation", "implementation"),
        ("FY 2013\u00ad FY 2017", "FY 2013- FY 2017"),
    ],
)
def test_soft_hyphen(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_invisible_characters_and_carriage_returns_go() -> None:
    assert norm("zero\u200bwidth\ufeff and\r\nnext") == "zerowidth and next"


@pytest.mark.parametrize(
    ("raw", "expected", "marker"),
    [
        ("There were 1,40012 arrests in all.", "There were 1,400 arrests in all.", "1,40012"),
        ("Of these, 12.5%3 were women.", "Of these, 12.5% were women.", "12.5%3"),
        ("It ended the democracy.3 Then it", "It ended the democracy. Then it", "democracy.3"),
    ],
)
def test_footnote_markers_are_separated_and_reported(raw: str, expected: str, marker: str) -> None:
    result = normalise_text(raw)
    assert result.text == expected
    assert result.markers == [marker]


@pytest.mark.parametrize(
    "raw",
    [
        "a total of 1,400,000 people",  # proper grouping: no marker
        "a total of 14012 people",  # no grouping: cannot tell, so left alone
        "see there%E2%80%99s page",  # URL escapes are not percentages
        "rates of 5%-10% apply",
        "Section 4.12 applies",
    ],
)
def test_digits_that_may_belong_to_the_number_are_kept(raw: str) -> None:
    result = normalise_text(raw)
    assert result.text == raw
    assert result.markers == []


def test_markers_become_a_warning_naming_pages() -> None:
    document = normalise_pages(["Plain page.", "There were 1,40012 arrests."])
    assert len(document.warnings) == 1
    assert "page 2" in document.warnings[0] and "1,40012" in document.warnings[0]


def test_hidden_placeholder_tokens_are_removed() -> None:
    raw = (
        "Strategic Plan\n_fa24ce88-d3c2-11ec-9871-c994f982ea00\nPLACEHOLDER_1\n"
        "_96f2943c-2ff7-11e1-994e-962d7a64ea2aU.S. goals\nMore text"
    )
    assert norm(raw) == "Strategic Plan\nU.S. goals More text"


def test_running_headers_and_footers_are_removed() -> None:
    pages = [
        f"OPM Fiscal Year 2016 Annual Performance Report\nBody text {w} about targets.\n"
        f"Target\nThe {w} line of the body.\nThe {w} second line.\nThe {w} third line.\n"
        f"The {w} last line.\n{n}"
        for n, w in enumerate(["red", "blue", "green", "grey", "pink", "gold"], start=1)
    ]
    removals = repeated_edges(pages)
    assert all(len(r) == 2 for r in removals)  # the header line and the page number
    document = normalise_pages(pages)
    for page in document.pages:
        assert "OPM Fiscal Year" not in page.text
        assert page.text.startswith("Body text ")
        assert page.text.rstrip().endswith("last line.")  # the page number is gone
        assert "Target" in page.text  # mid-page repeats are content, not headers


def _short_report(header: str, footer: str) -> list[str]:
    """Two PDF-like pages of an invented council briefing, with a running header and footer."""
    bodies = [
        "Brackenford Borough Council recorded 412 hate crimes in 2022/23.\n"
        "Of these, 61% were racially aggravated and 12% were religiously aggravated.",
        "A further 37 incidents were recorded as online abuse.\n"
        "The council will publish the next figures in spring 2024.",
    ]
    return [
        f"{header}\n{body}\n{footer}".format(n=n, m=len(bodies))
        for n, body in enumerate(bodies, start=1)
    ]


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        ("Brackenford Community Safety Briefing", "Page {n} of {m}"),
        ("BRACKENFORD ECHO  Tuesday", "{n}"),
        ("Community Safety Briefing  Page {n} of {m}", "Brackenford Borough Council"),
    ],
)
def test_running_headers_and_page_numbers_go_in_two_page_documents(header, footer) -> None:
    document = normalise_pages(_short_report(header, footer))
    for page in document.pages:
        assert "Briefing" not in page.text and "ECHO" not in page.text
        assert "Page" not in page.text
        assert page.text.rstrip()[-1] == "."  # the body's last sentence ends the page
    assert document.pages[0].text.startswith("Brackenford Borough Council recorded 412")


def test_a_page_number_line_goes_even_on_a_single_page() -> None:
    page = "Figures for Northdale\nPolice recorded 210 offences in 2021.\nPage 1 of 1"
    assert "Page" not in normalise_pages([page]).pages[0].text


def test_short_documents_keep_lines_that_are_not_on_every_page() -> None:
    pages = ["Summary\nOne line.", "Summary\nTwo lines.", "Annex\nThree lines."]
    assert normalise_pages(pages).pages[0].text.startswith("Summary")
    # A repeated row of figures is a table's content, not a running header.
    rows = ["Total 412 37 12\nOne.", "Total 412 37 12\nTwo."]
    assert normalise_pages(rows).pages[1].text.startswith("Total")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("more than ex-\npected in the audit", "more than expected in the audit"),
        ("the all-\neged offences", "the alleged offences"),
        ("a multi-\nple count", "a multiple count"),
        ("rates were high-\ner in 2022", "rates were higher in 2022"),
        ("an ex-\nprisoner said", "an ex-prisoner said"),  # a person: the hyphen stays
        ("a self-\nreported survey", "a self-reported survey"),
        ("a part-\ntime post", "a part-time post"),
    ],
)
def test_prefixes_that_start_plain_words_join_at_a_line_end(raw: str, expected: str) -> None:
    assert norm(raw, Vocabulary.of([raw])) == expected


def test_a_prefix_keeps_its_hyphen_before_a_word_the_document_uses() -> None:
    vocabulary = Vocabulary.of(["An ex-\nminister spoke. The minister said no."])
    assert norm("An ex-\nminister spoke.", vocabulary) == "An ex-minister spoke."


@pytest.mark.parametrize(
    ("raw", "expected", "year"),
    [
        ("Recording changed in 20194 and again later.",
         "Recording changed in 2019 and again later.", "20194"),
        ("Arrests rose from 201512, when the unit opened.", "Arrests rose from 2015, when the unit "
         "opened.", "201512"),
        ("It was published in March 20213.", "It was published in March 2021.", "20213"),
    ],
)  # fmt: skip
def test_a_footnote_glued_to_a_year_is_separated_and_reported(raw, expected, year) -> None:
    result = normalise_text(raw)
    assert result.text == expected
    assert result.year_markers == [year]
    document = normalise_pages(["Plain page.", raw])
    assert any("page 2" in w and f"'{year}' read as {year[:4]}" in w for w in document.warnings)


@pytest.mark.parametrize(
    "raw",
    [
        "A total of 20194 people were counted.",  # a count, not a year
        "Officers made 20194 stops in the year.",
        "The reference is 2019412 on the form.",
    ],
)
def test_five_digit_numbers_that_are_not_dated_are_kept(raw: str) -> None:
    result = normalise_text(raw)
    assert result.text == raw
    assert result.year_markers == []


def test_soft_line_breaks_in_prose_become_spaces() -> None:
    text = (
        "The survey covered 1,240 adults living in the county during the\n"
        "second half of 2021 and the first half of 2022 in every district.\n"
        "Key results\n"
        "• 41.3% said yes\n"
        "Yes 512 41.3%\n"
        "No 728 58.7%"
    )
    joined = join_soft_breaks(text)
    assert len(joined) == len(text)
    assert joined.split("\n") == [
        "The survey covered 1,240 adults living in the county during the "
        "second half of 2021 and the first half of 2022 in every district.",
        "Key results",
        "• 41.3% said yes",
        "Yes 512 41.3%",
        "No 728 58.7%",
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("", "blank"),
        ("• Improve access", "list"),
        ("2) Second point of the list", "list"),
        ("(a) first condition", "list"),
        ("Devon & Cornwall 12 5 3 0 1", "table"),
        ("N/A* N/A* 37.5% 45.8% ≥10% Met", "table"),
        ("Performance Measure 1.1.1 Health Insurance Coverage", "heading"),
        ("In 2019, 45% of 1,200 respondents said that they were satisfied", "prose"),
    ],
)
def test_line_kinds(line: str, kind: str) -> None:
    assert line_kind(line) == kind


def test_offset_map_points_back_to_raw_text() -> None:
    raw = "PLACEHOLDER_7\nThe Oﬃce said 37. 5% of staff re-\nturned; 1,40012 left."
    result = normalise_text(raw, Vocabulary.of(["returned"]))
    text = result.text
    for word in ("Office", "37.5%", "returned", "1,400", "left."):
        start = text.index(word)
        a, b = raw_span(result.edits, start, start + len(word))
        original = raw[a:b]
        # The raw span holds the same characters once the repairs are undone.
        assert original.replace("ﬃ", "ffi").replace("-\n", "").replace(". ", ".") == (
            word if word != "1,400" else original
        )
    assert raw_span(result.edits, 0, 3) == (14, 17)  # after the removed placeholder
    start = text.index("1,400")
    assert raw[slice(*raw_span(result.edits, start, start + 5))] == "1,400"


def test_page_list_groups_runs() -> None:
    assert page_list([9, 2, 5, 6, 7]) == "2, 5–7, 9"
    assert page_list(list(range(1, 40, 2)), limit=3).endswith("… (20 pages)")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a shel-\nter for", "a shelter for"),  # halves of broken words are not vocabulary
        ("Eighty-\nthree percent", "Eighty-three percent"),
        ("state-of-\nthe-art and state-\nof", "state-of-the-art and state-of"),
        ("the human-\ncapital plan; human capital", "the human-capital plan; human capital"),
    ],
)
def test_hyphenation_uses_only_whole_words_of_the_document(raw: str, expected: str) -> None:
    assert norm(raw, Vocabulary.of([raw])) == expected


def test_spaces_before_a_line_break_go_so_joined_lines_have_one_space() -> None:
    raw = "the survey of  \n1,240 adults found that  \nmost agreed with it."
    result = normalise_text(raw)
    assert result.text == "the survey of 1,240 adults found that most agreed with it."
    start = result.text.index("1,240")
    assert raw[slice(*raw_span(result.edits, start, start + 5))] == "1,240"


def test_edits_are_bounded_per_page_and_a_merged_edit_still_contains_its_source() -> None:
    from evaluator.normalise import CHARS_PER_EDIT, MIN_EDITS

    raw = "\ufb03" * 50_000  # one length-changing repair per character
    result = normalise_text(raw)
    assert result.text == "ffi" * 50_000
    assert len(result.edits) <= MIN_EDITS + len(raw) // CHARS_PER_EDIT  # was 50,000 tuples
    for position in (0, 30, 3 * 2_999, 3 * 40_000, 3 * 49_999):
        a, b = raw_span(result.edits, position, position + 3)
        assert a <= position // 3 and position // 3 + 1 <= b  # wider past the bound, not wrong
    assert raw_span(result.edits, 0, 3) == (0, 1)  # exact before the bound
    assert raw_span(result.edits, 0, len(result.text)) == (0, len(raw))
