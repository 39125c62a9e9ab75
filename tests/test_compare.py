"""Comparing reports like robvis (issue 14, item 6): saved evaluations give the reader's levels,
drafts and gaps shown as such; fresh files give the tool's suggestions, labelled; rows are titles,
columns are question names; the summary chart keeps the rubric's order and full labels."""

from __future__ import annotations

import csv
import io

import pytest

from evaluator import charts
from evaluator import compare as cmp
from evaluator.analysis import analyze
from evaluator.ingest import load_bytes
from evaluator.models import Answer, Evaluation, RubricRef
from evaluator.ratings import PALETTE
from evaluator.rubrics import default_rubric

RUBRIC = default_rubric()
IDS = [c.id for c in RUBRIC.criteria]
TITLES = [c.title for c in RUBRIC.criteria]
REPORT = (
    b"Method. We used police records for 2019 to 2021 in Kirkford. Of 1,240 recorded cases, "
    b"512 (41.3%) involved adult victims. We recommend that the council fund more outreach.\n"
)


def saved(title: str = "Kirkford audit", evaluation_id: int = 7) -> cmp.CompareRow:
    evaluation = Evaluation(
        document_sha256="b" * 64,
        rubric=RubricRef(id=RUBRIC.id, version=RUBRIC.version),
        answers={
            IDS[0]: Answer(
                criterion_id=IDS[0], level=0, justification="none", decision="overridden"
            ),
            IDS[1]: Answer(criterion_id=IDS[1], not_applicable=True, decision="accepted"),
        },
    )
    drafts = {
        IDS[2]: cmp.DraftChoice(has_choice=True, choice=3),
        IDS[3]: cmp.DraftChoice(has_choice=False, choice=2),  # matches what is saved: no draft
    }
    return cmp.saved_row(evaluation_id, title, evaluation, RUBRIC, drafts)


@pytest.fixture(scope="module")
def fresh() -> cmp.CompareRow:
    return cmp.fresh_row("Fresh report", analyze(load_bytes(REPORT, "r.txt"), RUBRIC), RUBRIC)


def test_a_saved_row_shows_confirmed_levels_drafts_and_gaps_as_such():
    row = saved()
    kinds = [cell.kind for cell in row.cells]
    assert kinds[:4] == ["confirmed", "confirmed", "draft", "unrated"]
    labels = [cell.label for cell in row.cells]
    assert labels[0] == "0 · absent or misleading"
    assert labels[1] == "not applicable"
    assert labels[2] == "draft, not saved: 3 · exemplary"
    assert labels[3] == "not rated yet"
    assert row.progress == f"2 of {len(IDS)} confirmed, 1 draft"
    assert row.address == "checklist?evaluation=7"
    # only confirmed levels count in the summary; a draft is not a judgement yet
    assert [cell.state for cell in row.cells][:4] == ["0", "n/a", "unrated", "unrated"]


def test_a_fresh_row_is_the_tools_suggestions_and_opens_nothing(fresh):
    assert fresh.origin == "fresh" and fresh.address is None
    assert {cell.kind for cell in fresh.cells} <= {"suggested", "no_suggestion"}
    assert any(cell.kind == "suggested" for cell in fresh.cells)
    assert fresh.progress.endswith(f"of {len(IDS)} suggested")


def test_the_grid_names_rows_by_title_and_columns_by_question_and_links_saved_rows(fresh):
    result = cmp.comparison(RUBRIC, [saved(), fresh, cmp.failed_row("x.pdf", "not a PDF", RUBRIC)])
    html = cmp.grid_html(result)
    for title in TITLES:
        assert f">{title}</th>" in html
    for criterion_id in IDS:
        assert f">{criterion_id}<" not in html  # never an id such as attribute_provenance
    assert '<a href="checklist?evaluation=7" target="_self">Kirkford audit</a>' in html
    assert ">Fresh report</th>" in html  # no link: nothing saved to open
    assert "reader&#x27;s levels; 2 of 6 confirmed, 1 draft" in html
    assert "tool&#x27;s suggestions (not checked)" in html
    assert "overflow-x:auto" in html  # scrolls sideways on a phone rather than overflowing


def test_a_hostile_title_stays_text_in_the_grid_and_the_files():
    row = saved(title='=cmd|"/c calc" <img src=x onerror=alert(1)>')
    result = cmp.comparison(RUBRIC, [row])
    assert "<img" not in cmp.grid_html(result)
    assert "<img" not in cmp.render_html(result)
    first = next(csv.reader(io.StringIO(cmp.render_csv(result).splitlines()[1])))
    assert first[0].startswith("'")  # a formula-looking cell is neutralised


def test_the_files_carry_titles_question_names_and_no_app_links(fresh):
    result = cmp.comparison(RUBRIC, [saved(), fresh])
    rows = list(csv.reader(io.StringIO(cmp.render_csv(result))))
    assert rows[0] == ["report", "levels from", "evaluation", *TITLES, "error"]
    assert rows[1][:3] == ["Kirkford audit", "reader's levels", "7"]
    assert rows[2][1] == "tool's suggestions (not checked)"
    assert "checklist?evaluation" not in cmp.render_html(result)


def test_level_counts_are_per_question_and_leave_out_unreadable_files(fresh):
    result = cmp.comparison(
        RUBRIC, [saved(), saved("Second", 8), fresh, cmp.failed_row("x", "bad", RUBRIC)]
    )
    counts = cmp.level_counts(result)
    assert len(counts) == len(IDS)
    assert counts[0]["0"] == 2  # both saved rows confirmed level 0 for the first question
    assert all(sum(tally.values()) == 3 for tally in counts)  # the failed file is not counted


def test_the_summary_chart_keeps_the_rubric_order_and_full_labels():
    long_title = "A question whose name is far too long to fit on one line of a phone"
    spec = charts.stacked_levels(
        ["Zebra", long_title, "Apple"],
        [{"0": 2}, {"1": 1, "3": 1}, {"2": 2}],
        key=[[0], [], [2, "n/a"]],
    )
    y = spec["encoding"]["y"]
    labels = y["sort"]
    assert [label.split("\n")[0] for label in labels] == [
        "Zebra",
        "A question whose name is",
        "Apple",
    ]
    assert " ".join(labels[1].split("\n")) == long_title  # wrapped, every word kept
    assert y["axis"]["labelLimit"] == 0  # never cut off
    assert " ".join(labels[0].split("\n")) == "Zebra key: 0 · absent or misleading"
    assert " ".join(labels[2].split("\n")).endswith("key: 2 · adequate, not applicable")
    values = spec["data"]["values"]
    zero = next(v for v in values if v["question"] == labels[0])
    assert zero["state"] == PALETTE["0"].label and zero["count"] == 2  # level 0 is a real bar
    assert zero["key"] is True
    assert not any(v["count"] == 0 for v in values)
    colours = spec["encoding"]["color"]["scale"]
    assert colours["range"][0] == PALETTE["0"].fill != "#FFFFFF"


def test_the_summary_charts_x_axis_counts_whole_reports(fresh):
    spec = cmp.summary_chart(cmp.comparison(RUBRIC, [saved(), fresh]))
    assert spec["encoding"]["x"]["title"] == "number of reports"
    assert [label.split("\n")[0] for label in spec["encoding"]["y"]["sort"]] == [
        charts.wrapped(t).split("\n")[0] for t in TITLES
    ]


def test_the_summary_pages_chart_draws_level_0_as_a_bar():
    """Issue 14: level 0 was drawn as an empty bar (from 0 to 0) on the Summary page."""
    from evaluator.exports import GridCell
    from evaluator.ratings import swatch_of
    from evaluator_ui.summary import _chart_spec

    cells = [GridCell("a", "A", "0", swatch_of(0)), GridCell("b", "B", "unrated", swatch_of(None))]
    spec = _chart_spec(cells)
    start = spec["encoding"]["x2"]["datum"]
    values = {v["question"]: v["level"] for v in spec["data"]["values"]}
    assert values["A"] - start > 0.3  # a visible length, in the level-0 colour
    assert values["B"] == start  # no level: no bar, only its label
    assert spec["encoding"]["x"]["scale"]["domain"][0] == start


def test_the_summary_pages_chart_puts_its_legend_below_the_bars():
    """At 390 px the legend on the right covered the bars and squeezed them to a sliver."""
    from evaluator.exports import GridCell
    from evaluator.ratings import swatch_of
    from evaluator_ui.summary import _chart_spec

    spec = _chart_spec([GridCell("a", "A", "2", swatch_of(2))])
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["columns"] == 1
