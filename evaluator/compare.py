"""Comparing reports side by side, as robvis does for risk-of-bias judgements: one row per report
(named by its title), one column per question (named by the rubric, never by an id), a
traffic-light grid and a summary of the levels per question.

A row is either a saved evaluation, whose levels are the reader's confirmed answers (a level
chosen but not saved is shown as a draft, an unanswered question as unrated), or a fresh
file, whose levels are only the tool's suggestions and say so. A saved row links to its
evaluation in the app; the link is the app's own address for it, built here from its number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from . import charts, grids
from .calibration import LOW
from .escaping import csv_cell, html_escape
from .models import Analysis, Evaluation, Rubric, RubricRef
from .ratings import (
    FAILED,
    NO_SUGGESTION,
    NOT_APPLICABLE,
    PALETTE,
    Rating,
    State,
    Swatch,
    rating_of,
    rating_of_suggestion,
    state_of,
    words,
)
from .ratings import label as rating_label

CellKind = Literal["confirmed", "draft", "unrated", "suggested", "no_suggestion", "failed"]
Origin = Literal["saved", "fresh"]

ORIGIN_WORDS: dict[Origin, str] = {
    "saved": "reader's levels",
    "fresh": "tool's suggestions (not checked)",
}


class DraftChoice(BaseModel):
    """What the comparison needs of an unsaved choice (the store's `Draft` has more)."""

    has_choice: bool = False
    choice: int | Literal["n/a"] | None = None


class CompareCell(BaseModel):
    criterion_id: str
    rating: Rating | None = None
    kind: CellKind
    confidence: float | None = Field(default=None, description="a suggestion's confidence")

    @property
    def state(self) -> State:
        """The state counted in the summary: only a confirmed level or a suggestion counts."""
        if self.kind in ("confirmed", "suggested"):
            return state_of(self.rating)
        return "unrated"

    @property
    def swatch(self) -> Swatch:
        if self.kind == "failed":
            return FAILED
        if self.kind in ("confirmed", "suggested"):
            return PALETTE[state_of(self.rating)]
        return NO_SUGGESTION  # white: a draft or a gap is not a judgement yet

    @property
    def label(self) -> str:
        if self.kind == "failed":
            return FAILED.label
        if self.kind == "no_suggestion":
            return NO_SUGGESTION.label
        if self.kind == "unrated":
            return PALETTE["unrated"].label
        words = "not applicable" if self.rating == NOT_APPLICABLE else rating_label(self.rating)
        if self.kind == "draft":
            return f"draft, not saved: {words}"
        if self.kind == "suggested" and (self.confidence or 0.0) < LOW:
            return f"{words}?"
        return words


class CompareRow(BaseModel):
    title: str
    origin: Origin
    evaluation_id: int | None = Field(default=None, description="a saved evaluation's number")
    cells: list[CompareCell]
    error: str | None = Field(default=None, description="why a fresh file could not be read")

    @property
    def address(self) -> str | None:
        """The app's address of this evaluation (relative, so it works under any base path)."""
        return None if self.evaluation_id is None else f"checklist?evaluation={self.evaluation_id}"

    @property
    def progress(self) -> str:
        """How far the row's levels go: "4 of 6 confirmed, 1 draft" or "5 of 6 suggested"."""
        if self.error is not None:
            return "could not be read"
        count = {kind: sum(c.kind == kind for c in self.cells) for kind in ("confirmed", "draft")}
        total = len(self.cells)
        if self.origin == "fresh":
            return f"{sum(c.kind == 'suggested' for c in self.cells)} of {total} suggested"
        text = f"{count['confirmed']} of {total} confirmed"
        return text + (f", {count['draft']} draft" if count["draft"] else "")


class Comparison(BaseModel):
    rubric: RubricRef
    criteria: list[str] = Field(description="criterion ids, the columns in order")
    questions: list[str] = Field(description="the criteria's titles, as the columns are named")
    rows: list[CompareRow]


def saved_row(
    evaluation_id: int,
    title: str,
    evaluation: Evaluation,
    rubric: Rubric,
    drafts: Mapping[str, DraftChoice] | None = None,
) -> CompareRow:
    """A saved evaluation: each question's confirmed answer, else its draft, else a gap."""
    drafts = drafts or {}
    cells = []
    for criterion in rubric.criteria:
        answer = evaluation.answers.get(criterion.id)
        draft = drafts.get(criterion.id)
        if answer is not None:
            cells.append(
                CompareCell(criterion_id=criterion.id, rating=rating_of(answer), kind="confirmed")
            )
        elif draft is not None and draft.has_choice and draft.choice is not None:
            cells.append(CompareCell(criterion_id=criterion.id, rating=draft.choice, kind="draft"))
        else:
            cells.append(CompareCell(criterion_id=criterion.id, kind="unrated"))
    return CompareRow(title=title, origin="saved", evaluation_id=evaluation_id, cells=cells)


def fresh_row(title: str, analysis: Analysis, rubric: Rubric) -> CompareRow:
    """A file analysed now: the tool's suggestion for each question, labelled as such."""
    suggestions = {s.id: s for s in analysis.criteria}
    cells = []
    for criterion in rubric.criteria:
        suggestion = suggestions.get(criterion.id)
        rating = rating_of_suggestion(suggestion) if suggestion else None
        cells.append(
            CompareCell(
                criterion_id=criterion.id,
                rating=rating,
                kind="no_suggestion" if rating is None else "suggested",
                confidence=suggestion.confidence if suggestion else None,
            )
        )
    return CompareRow(title=title, origin="fresh", cells=cells)


def failed_row(title: str, message: str, rubric: Rubric) -> CompareRow:
    cells = [CompareCell(criterion_id=c.id, kind="failed") for c in rubric.criteria]
    return CompareRow(title=title, origin="fresh", cells=cells, error=" ".join(message.split()))


def comparison(rubric: Rubric, rows: Sequence[CompareRow]) -> Comparison:
    return Comparison(
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        criteria=[c.id for c in rubric.criteria],
        questions=[c.title for c in rubric.criteria],
        rows=list(rows),
    )


def level_counts(result: Comparison) -> list[dict[State, int]]:
    """Per question, how many rows give each level (rows that could not be read left out)."""
    counts: list[dict[State, int]] = [{state: 0 for state in PALETTE} for _ in result.criteria]
    for row in result.rows:
        if row.error is None:
            for index, cell in enumerate(row.cells):
                counts[index][cell.state] += 1
    return counts


def summary_chart(result: Comparison) -> dict:
    """robvis's summary plot: a stacked bar of levels per question, in the rubric's order."""
    return charts.stacked_levels(result.questions, level_counts(result), what="reports")


def grid(result: Comparison) -> grids.Grid:
    """robvis's traffic-light plot: reports down, questions across, each saved row linked."""
    columns = [
        grids.Column("Report"),
        grids.Column("Whose levels"),
        *map(grids.Column, result.questions),
    ]
    rows = []
    for row in result.rows:
        head = grids.Cell(row.title, href=row.address)
        origin = grids.Cell(f"{ORIGIN_WORDS[row.origin]}; {row.progress}")
        cells = [
            grids.Cell(
                cell.label,
                swatch=cell.swatch,
                tip=f"confidence {cell.confidence:.2f}" if cell.kind == "suggested" else None,
            )
            for cell in row.cells
        ]
        rows.append([head, origin, *cells])
    return grids.Grid(columns=columns, rows=rows)


LEGEND = (
    "Saved evaluations show the levels a reader confirmed; a level chosen but not saved is marked "
    f"as a draft, and an unanswered question as {words(None)}. Fresh files show only the tool's "
    f"suggestions ('?' marks confidence below {LOW}; 'no suggestion' means nothing was detected, "
    "which is not the same as absent). The levels grade the reporting, not the claims."
)


def grid_html(result: Comparison) -> str:
    """The grid in a box that scrolls sideways on a narrow screen instead of overflowing."""
    # A report's title keeps a readable width; the questions scroll sideways on a phone.
    style = "<style>.compare-grid th[scope=row]{min-width:11em}</style>"
    box = '<div class="compare-grid" style="overflow-x:auto;max-width:100%">'
    return f"{style}{box}{grids.html(grid(result))}</div>"


def render_csv(result: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["report", "levels from", "evaluation", *result.questions, "error"])
    for row in result.rows:
        writer.writerow(
            [
                csv_cell(row.title),
                ORIGIN_WORDS[row.origin],
                "" if row.evaluation_id is None else row.evaluation_id,
                *(csv_cell(cell.label) for cell in row.cells),
                csv_cell(row.error or ""),
            ]
        )
    return buffer.getvalue()


def render_html(result: Comparison) -> str:
    """A self-contained page (no links: they point into the app that made it)."""
    esc = html_escape
    plain = result.model_copy(
        update={"rows": [r.model_copy(update={"evaluation_id": None}) for r in result.rows]}
    )
    title = f"Comparison: {result.rubric.title or result.rubric.id} v{result.rubric.version}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        f"margin:2rem;color:#111}}</style></head><body><h1>{esc(title)}</h1>"
        f"{grids.html(grid(plain))}<p>{esc(LEGEND)}</p></body></html>\n"
    )
