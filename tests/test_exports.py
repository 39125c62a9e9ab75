"""Exports: JSON round-trips, document text never becomes markup, and the summary figures."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from evaluator import exports, ratings
from evaluator.errors import InputError
from evaluator.models import (
    Answer,
    Evaluation,
    Evidence,
    QuoteRef,
    RubricRef,
    Suggestion,
)
from evaluator.rubrics import default_rubric
from evaluator.schemas import shipped_path
from evaluator.scoring import score

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> *bold* [link](http://e.vil) $5'


def _evaluation() -> Evaluation:
    rubric = default_rubric()
    ids = [c.id for c in rubric.criteria]
    suggestions = [
        Suggestion(
            id=ids[0],
            suggested_level=2,
            status="suggested",
            confidence=0.8,
            rationale="names a dataset",
            evidence=[
                Evidence(page=3, quote=HOSTILE, signal="dataset"),
                Evidence(page=4, quote="Police records 2010–2020.", signal="dataset"),
            ],
        ),
        Suggestion(
            id=ids[1], suggested_level=1, status="suggested", confidence=0.4, rationale="few"
        ),
        Suggestion(
            id=ids[2], suggested_level=None, status="not_applicable", confidence=0.7, rationale="-"
        ),
    ] + [
        Suggestion(
            id=cid, suggested_level=None, status="no_suggestion", confidence=0.0, rationale="none"
        )
        for cid in ids[3:]
    ]
    answers = {
        ids[0]: Answer(
            criterion_id=ids[0],
            level=2,
            decision="accepted",
            dismissed_evidence=[QuoteRef(page=3, quote=HOSTILE)],
            added_evidence=[QuoteRef(page=5, quote="<b>our</b> own & quote")],
        ),
        ids[1]: Answer(
            criterion_id=ids[1],
            level=3,
            decision="overridden",
            justification="Every share gives its count <i>and</i> base.",
        ),
        ids[2]: Answer(criterion_id=ids[2], not_applicable=True, decision="accepted"),
        ids[3]: Answer(criterion_id=ids[3], level=0, decision="accepted"),
    }
    return Evaluation(
        document_sha256="c" * 64,
        document_title="Report <with> markup & more",
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        suggestions=suggestions,
        answers=answers,
    )


def test_json_round_trips_exactly():
    evaluation = _evaluation()
    text = exports.to_json(evaluation)
    assert exports.from_json(text) == evaluation
    assert exports.from_json(text.encode()) == evaluation
    assert exports.to_json(exports.from_json(text)) == text


def test_json_follows_the_evaluation_schema():
    schema = json.loads(shipped_path("evaluation").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(exports.to_json(_evaluation())), schema)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"document_sha256": "x"}', "not an exported evaluation: rubric"),
        (
            exports.to_json(_evaluation()).replace('"answers"', '"answerz"'),
            "not an exported evaluation: answerz: unknown key",
        ),
    ],
)
def test_bad_json_is_a_one_line_input_error(text: str, expected: str):
    with pytest.raises(InputError) as info:
        exports.from_json(text)
    assert info.value.code == "bad_evaluation"
    assert expected in info.value.message
    assert "\n" not in info.value.message


def test_html_escapes_every_document_string_and_loads_nothing():
    page = exports.to_html(_evaluation(), default_rubric())
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "<b>our</b>" not in page and "<i>and</i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;our&lt;/b&gt; own &amp; quote" in page
    assert "Report &lt;with&gt; markup &amp; more" in page
    # self-contained: no attribute pulls anything from elsewhere
    assert not re.search(r"\b(src|href)\s*=", page.replace("src=x", ""))
    assert "default-src 'none'" in page


def test_html_marks_dismissed_quotes_and_shows_the_score():
    evaluation, rubric = _evaluation(), default_rubric()
    page = exports.to_html(evaluation, rubric)
    result = exports.evaluation_score(evaluation, rubric)
    assert f"Score: {result.value:.1f} / 100 ({result.band})" in page
    assert "class='dismissed'" in page
    assert page.count("(marked irrelevant)") == 1


def test_markdown_neutralises_markup_in_document_text():
    text = exports.to_markdown(_evaluation(), default_rubric())
    assert "<script>" not in text and "<b>" not in text
    assert r"\*bold\*" in text
    assert r"\[link\](http\://e.vil)" in text  # no link, no autolink; the rest as written
    assert r"\$5" in text
    assert "*(marked irrelevant by the reader)*" in text
    assert "**Reader:** level 3 (overridden)" in text
    assert "&lt;i>and&lt;/i>" in text  # no tag can open without its "<"


def test_md_escape_folds_newlines_so_a_quote_cannot_start_a_heading():
    assert exports.md_escape("a\n# b") == r"a \# b"
    assert exports.md_escape("x | y") == r"x \| y"


def test_score_is_the_core_score_of_the_answers():
    evaluation, rubric = _evaluation(), default_rubric()
    ids = [c.id for c in rubric.criteria]
    expected = score(rubric, {ids[0]: 2, ids[1]: 3, ids[2]: "n/a", ids[3]: 0})
    assert exports.evaluation_score(evaluation, rubric) == expected
    assert not expected.complete


def test_answers_for_criteria_outside_the_rubric_are_ignored_by_the_score():
    evaluation, rubric = _evaluation(), default_rubric()
    extra = Answer(criterion_id="retired", level=3, decision="accepted")
    widened = evaluation.model_copy(update={"answers": {**evaluation.answers, "retired": extra}})
    assert exports.evaluation_score(widened, rubric) == exports.evaluation_score(evaluation, rubric)


def test_changes_tell_accepted_overridden_and_unassisted_apart():
    ids = [c.id for c in default_rubric().criteria]
    rows = {row.criterion_id: row for row in exports.changes(_evaluation())}
    assert list(rows) == ids[:4]
    assert (rows[ids[0]].kind, rows[ids[0]].dismissed, rows[ids[0]].added) == ("accepted", 1, 1)
    assert rows[ids[0]].changed  # accepted the level but edited the evidence
    assert (rows[ids[1]].suggested, rows[ids[1]].chosen, rows[ids[1]].kind) == (
        "1",
        "3",
        "overridden",
    )
    assert (rows[ids[2]].suggested, rows[ids[2]].chosen, rows[ids[2]].kind) == (
        "n/a",
        "n/a",
        "accepted",
    )
    assert not rows[ids[2]].changed
    assert (rows[ids[3]].suggested, rows[ids[3]].kind) == ("no suggestion", "own")


def test_grid_labels_every_colour_and_the_legend_is_complete():
    evaluation, rubric = _evaluation(), default_rubric()
    cells = exports.grid(evaluation, rubric)
    assert [c.state for c in cells] == ["2", "3", "n/a", "0", "unrated", "unrated"]
    fills = [swatch.fill for swatch in ratings.PALETTE.values()]
    assert len(set(fills)) == len(fills)
    fragment = exports.grid_html(evaluation, rubric)
    for swatch in ratings.PALETTE.values():
        # each colour appears with its words beside it, in the legend at least
        assert f'{swatch.fill};color:{swatch.ink}">{swatch.mark} {swatch.label}' in fragment


def test_suggestions_are_stated_in_words():
    evaluation, rubric = _evaluation(), default_rubric()
    text = exports.to_markdown(evaluation, rubric)
    assert "**Tool suggested:** level 2, confidence 80%" in text
    assert "**Tool suggested:** not applicable, confidence 70%" in text
    assert "**Tool suggested:** no suggestion, confidence 0%" in text
    assert "<strong>Tool suggested:</strong> level 1, confidence 40%" in exports.to_html(
        evaluation, rubric
    )


# --- issue 10: raw HTML, control and bidi characters, rubric ids in imports ----------------------

TERMINAL = "\x1b[2J\x1b]8;;http://e.vil\x07click\x1b]8;;\x07 \u202egnp.exe\u202c \x9b31m"
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_markdown_escapes_the_sha256_and_the_band_label_of_an_imported_evaluation():
    rubric = default_rubric()
    bands = [b.model_copy(update={"label": "<img src=x onerror=alert(1)>"}) for b in rubric.bands]
    hostile_rubric = rubric.model_copy(update={"bands": bands})
    evaluation = _evaluation().model_copy(
        update={"document_sha256": "`</code><script>alert(1)</script>`"}
    )
    text = exports.to_markdown(evaluation, hostile_rubric)
    assert "<" not in text
    assert "&lt;script>" in text and "&lt;img src=x onerror=alert(1)>" in text


def test_every_text_export_shows_control_and_bidi_characters_visibly():
    rubric = default_rubric()
    evaluation = _evaluation()
    first = rubric.criteria[0].id
    answer = evaluation.answers[first].model_copy(update={"justification": TERMINAL})
    evaluation = evaluation.model_copy(
        update={"answers": {**evaluation.answers, first: answer}, "document_title": TERMINAL}
    )
    for text in (exports.to_markdown(evaluation, rubric), exports.to_html(evaluation, rubric)):
        assert not INVISIBLE.search(text)
        assert "u202e" in text and "u001b" in text


def test_escaping_functions_cover_their_formats():
    from evaluator import escaping

    assert escaping.neutralise("a\tb\nc\x1b\u2066") == "a\tb\nc\\u001b\\u2066"
    assert escaping.terminal_text("a\nb\x1b[0m") == "a b\\u001b[0m"
    md = escaping.md_escape("# <b>x</b> & [a](b) ![i](u) `c` :red[x] $m$ _u_ 1. | \\")
    assert "<" not in md and ">" not in md
    for raw in ("[a](b)", "![i]", "`c`", ":red[", "$m$", "_u_", "1.", " | "):
        assert raw not in md
    assert md.startswith("\\# &lt;b&gt;")
    assert escaping.html_escape("<a href='x'>\u202e") == "&lt;a href=&#x27;x&#x27;&gt;\\u202e"
    assert escaping.csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert escaping.csv_cell("\x1b=1") == "\\u001b=1"
    assert escaping.csv_cell(3) == 3


@pytest.mark.parametrize("rubric_id", ["/dev/zero", "/etc/passwd", "../x", "rubrics", "a/b", "A"])
def test_an_imported_evaluation_names_its_rubric_by_id_only(rubric_id):
    data = json.loads(exports.to_json(_evaluation()))
    data["rubric"]["id"] = rubric_id
    if rubric_id == "rubrics":  # a folder's name is a valid id: it is looked up, never opened
        assert exports.from_json(json.dumps(data)).rubric.id == "rubrics"
        return
    with pytest.raises(InputError, match=r"rubric\.id: not a rubric id") as caught:
        exports.from_json(json.dumps(data))
    assert "\n" not in caught.value.message


def test_deep_or_oversized_json_is_one_line_not_a_crash():
    with pytest.raises(InputError, match="nested 5000 levels deep"):
        exports.from_json("[" * 5000 + "]" * 5000)
    with pytest.raises(InputError, match="an evaluation may have"):
        exports.from_json(b" " * (exports.MAX_EVALUATION_BYTES + 1))
    with pytest.raises(InputError, match="not UTF-8"):
        exports.from_json(b"\xff\xfe{}")


def test_exports_say_when_the_analysis_behind_the_suggestions_was_cut():
    note = "analysis incomplete: the time budget ran out <b>now</b>"
    cut = _evaluation().model_copy(update={"analysis_incomplete": [note]})
    markdown, html = (
        exports.to_markdown(cut, default_rubric()),
        exports.to_html(cut, default_rubric()),
    )
    assert "suggestions are incomplete" in markdown and "&lt;b>now" in markdown
    assert "suggestions are incomplete" in html and "&lt;b&gt;now" in html
    whole = _evaluation()
    assert "incomplete" not in exports.to_markdown(whole, default_rubric())
    assert exports.from_json(exports.to_json(cut)) == cut


# --- issue 14, item 5: names and records ------------------------------------------------------

from datetime import UTC, datetime  # noqa: E402

from evaluator.escaping import md_text  # noqa: E402
from evaluator.models import Document, Page  # noqa: E402

HOSTILE_MARKDOWN = [
    "[click](http://e.vil)",
    "![pixel](http://e.vil/p.png)",
    "<img src=x onerror=alert(1)>",
    "<a href='http://e.vil'>x</a>",
    "# Heading",
    "## Sub ##",
    "> quoted",
    "- a list item",
    "1. a numbered item",
    "---",
    "`code` *em* _em_ **b** ~~s~~ $x$ | cell",
    "http://e.vil www.e.vil mail@e.vil",
    "&lt;script&gt; &#60;b&#62;",
    ":red[x] :smile:",
    "trailing backslash \\",
    "[ref]: http://e.vil",
]
_UNESCAPED = re.compile(r"(?<!\\)[\[\]`*|~$]")


def _value_is_inert(value: str) -> None:
    """What `md_text` made of a value: nothing in it can start markup."""
    assert "<" not in value
    assert not _UNESCAPED.search(value.replace("\\\\", "")), value
    assert not re.match(r"(#|>|[-+]\s|-+$|\d+[.)](\s|$))", value), value
    assert not re.search(r"(?<!\\)(:(?=[a-z]|//)|www\.|\w@\w)", value), value
    # the only entities are the escaper's own: "&lt;" for "<", "&amp;" before a would-be entity
    assert not re.search(r"&#?\w+;", value.replace("&lt;", "").replace("&amp;", "")), value
    assert not value.endswith("\\") or value.endswith("\\\\")


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_md_text_neutralises_what_would_start_markup(hostile: str):
    _value_is_inert(md_text(hostile))


def test_md_text_leaves_ordinary_text_as_written():
    for text in ("v1.0 (40%) of 1.5 million", "snake_case", "a > b and c = d!", "-5%", "C:\\x"):
        assert md_text(text) == text
    assert md_text("AT&T") == "AT&T"


def _hostile_evaluation(text: str) -> Evaluation:
    evaluation = _evaluation()
    first = default_rubric().criteria[0].id
    answer = evaluation.answers[first].model_copy(
        update={
            "justification": text,
            "added_evidence": [QuoteRef(page=2, quote=text, found=False)],
        }
    )
    return evaluation.model_copy(
        update={
            "document_title": text,
            "evaluator_name": text,
            "answers": {**evaluation.answers, first: answer},
        }
    )


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_markdown_export_renders_no_hostile_title_name_or_quote_as_markup(hostile: str):
    evaluation = _hostile_evaluation(hostile)
    text = exports.to_markdown(evaluation, default_rubric())
    lines = text.splitlines()
    assert lines[0] == f"# Evaluation: {md_text(hostile)}"
    assert f"- Evaluator: {md_text(hostile)}" in lines
    assert f"> {md_text(hostile)}" in lines
    assert any(line.startswith(f"- p. 2: “{md_text(hostile)}”") for line in lines)
    assert sum(line.startswith("# ") for line in lines) == 1  # no second heading
    assert "<" not in text
    html = exports.to_html(evaluation, default_rubric())
    assert "<img" not in html and "<a " not in html and "e.vil'>" not in html


def test_markdown_export_has_no_needless_backslashes():
    rubric = default_rubric().model_copy(update={"version": "1.0"})
    evaluation = _evaluation().model_copy(
        update={"document_title": "Crime in 2019-2020 (v1.0): 40% of 1,204 cases"}
    )
    first = rubric.criteria[0].id
    answer = evaluation.answers[first].model_copy(
        update={"justification": "Names the dataset (Home Office, 2020). Good."}
    )
    evaluation = evaluation.model_copy(update={"answers": {**evaluation.answers, first: answer}})
    text = exports.to_markdown(evaluation, rubric)
    assert "# Evaluation: Crime in 2019-2020 (v1.0): 40% of 1,204 cases" in text
    assert "v1.0)" in text and "\\." not in text and "\\(" not in text
    assert "> Names the dataset (Home Office, 2020). Good." in text


def test_every_export_names_the_evaluator_and_the_dates():
    started = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
    saved = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    evaluation = _evaluation().model_copy(
        update={"evaluator_name": "Ada Lovelace", "created_at": started, "updated_at": saved}
    )
    rubric = default_rubric()
    markdown = exports.to_markdown(evaluation, rubric)
    assert "- Evaluator: Ada Lovelace" in markdown
    assert "- Started: 2026-03-01 09:05 UTC" in markdown
    assert "- Last saved: 2026-03-02 17:30 UTC" in markdown
    html = exports.to_html(evaluation, rubric)
    for part in ("Evaluator: Ada Lovelace", "Started: 2026-03-01 09:05 UTC", "Last saved: 2026"):
        assert part in html
    data = json.loads(exports.to_json(evaluation))
    assert data["evaluator_name"] == "Ada Lovelace"
    assert data["created_at"].startswith("2026-03-01T09:05")
    assert data["updated_at"].startswith("2026-03-02T17:30")
    unnamed = exports.to_markdown(_evaluation(), rubric)
    assert "- Evaluator: not given" in unnamed


def test_export_file_names_are_descriptive_and_safe():
    saved = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    evaluation = _evaluation().model_copy(
        update={
            "document_title": "Housing Allocations & Nationality: A Review (v1.0)",
            "evaluator_name": "Zoë O'Brien",
            "updated_at": saved,
        }
    )
    assert exports.file_stem(evaluation) == (
        "housing-allocations-nationality-a-review-v1-0-2026-03-02-zoe-o-brien"
    )
    anonymous = evaluation.model_copy(update={"evaluator_name": None, "document_title": None})
    assert exports.file_stem(anonymous) == "cccccccccccc-2026-03-02"


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "C:\\Windows\\x",
        "/",
        "CON",
        "." * 50,
        "a" * 500,
        "日本語の報告",
        "\x00\u202e",
    ],
)
def test_export_file_names_are_never_paths(title: str):
    evaluation = _evaluation().model_copy(update={"document_title": title, "evaluator_name": title})
    stem = exports.file_stem(evaluation)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem), stem
    assert len(stem) <= 60 + 11 + 31


def test_a_reader_quote_not_found_on_its_page_is_marked_in_every_export():
    rubric = default_rubric()
    first = rubric.criteria[0].id
    document = Document(
        sha256="c" * 64,
        source="text",
        pages=[Page(number=1, text="Intro."), Page(number=2, text="We counted 40 cases.")],
    )
    evaluation = _evaluation()
    answer = evaluation.answers[first].model_copy(
        update={
            "added_evidence": [
                QuoteRef(page=2, quote="We counted   40 cases."),  # unchecked, but on the page
                QuoteRef(page=1, quote="We counted 40 cases."),  # unchecked, on another page
                QuoteRef(page=2, quote="My paraphrase", found=False),
            ]
        }
    )
    evaluation = evaluation.model_copy(update={"answers": {**evaluation.answers, first: answer}})
    checked = exports.with_quote_checks(evaluation, document)
    assert [q.found for q in checked.answers[first].added_evidence] == [True, False, False]

    markdown = exports.to_markdown(checked, rubric)
    assert "- p. 2: “We counted 40 cases.”\n" in markdown
    assert "- p. 1: “We counted 40 cases.” *(not found on p. 1 — the reader's own wording)*" in (
        markdown
    )
    assert "“My paraphrase” *(not found on p. 2 — the reader's own wording)*" in markdown
    html = exports.to_html(checked, rubric)
    assert html.count("the reader&#x27;s own wording") == 2
    data = json.loads(exports.to_json(checked))
    assert [q["found"] for q in data["answers"][first]["added_evidence"]] == [True, False, False]

    # Without the report's text nothing is claimed either way.
    unchecked = exports.to_markdown(evaluation, rubric)
    assert "“We counted 40 cases.” *(not checked against p. 2 of the report)*" in unchecked
