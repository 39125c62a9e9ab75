"""The one grid renderer (issue 11): Markdown, terminal text and HTML from one `Grid`."""

from __future__ import annotations

from test_exports import HOSTILE, _evaluation

from evaluator import batch, exports, grids
from evaluator.ratings import PALETTE
from evaluator.rubrics import default_rubric

GRID = grids.Grid(
    columns=[grids.Column("name"), grids.Column("score", "right"), grids.Column("level")],
    rows=[
        [grids.Cell(HOSTILE), grids.Cell("12.5", literal=True), grids.Cell("2", PALETTE["2"])],
        [grids.Cell("b"), grids.Cell("7.0", literal=True), grids.Cell("n/a", PALETTE["n/a"])],
    ],
)


def test_markdown_escapes_every_cell_but_numbers_the_program_wrote():
    head, rule, first, second = grids.markdown(GRID)
    assert head == "| name | score | level |"
    assert rule == "|---|---:|---|"
    assert "<script>" not in first and "&lt;script&gt;" in first and "\\[link\\]" in first
    assert second == "| b | 7.0 | n/a |"


def test_text_pads_columns_and_aligns_numbers_right():
    grid = grids.Grid(
        columns=[grids.Column("file"), grids.Column("score", "right"), grids.Column("x")],
        rows=[[grids.Cell("a\u202eb"), grids.Cell("9.5"), grids.Cell("")]],
    )
    head, row = grids.text(grid)
    assert head == "file      score  x"
    assert row == "a\\u202eb    9.5"  # bidi override shown, trailing blanks trimmed


def test_html_colours_cells_and_keeps_their_words():
    page = grids.html(GRID)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<th scope="row"' in page and page.count('<th scope="col"') == 3
    swatch = PALETTE["2"]
    assert f'background:{swatch.fill};color:{swatch.ink}">2</td>' in page
    assert 'text-align:right">12.5</td>' in page


def test_the_scorecard_and_the_batch_grid_share_the_renderer():
    """Both tables come out of `grids`: the same header rule shape and the same cell markup."""
    evaluation, rubric = _evaluation(), default_rubric()
    markdown = exports.to_markdown(evaluation, rubric)
    assert (
        "| Question | Reader's level | Suggested | Decision | Points |\n|---|---|---|---|---|"
        in (markdown)
    )
    report = batch.build_report(rubric, [batch.failed_row("a.pdf", "bad", "x")])
    assert batch.render_markdown(report).count("|---|---:|---:|---|") == 1
    scorecard, batch_grid = exports.grid_html(evaluation, rubric), batch.grid_html(report)
    for page in (scorecard, batch_grid):
        assert page.startswith(
            '<table class="grid" style="border-collapse:collapse;margin:.5rem 0">'
        )
        assert f'<th scope="col" style="{grids.BOX}">' in page
