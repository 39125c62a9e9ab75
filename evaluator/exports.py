"""An evaluation as JSON, Markdown or a self-contained HTML scorecard, plus the summary figures.

All functions are pure. Words from a document, a rubric or an imported file are data, never
markup: each format escapes them with its function from `escaping`, which also shows control and
bidi characters visibly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pydantic import ValidationError

from . import grids
from .calibration import confidence_words
from .errors import InputError, first_error
from .escaping import html_escape, md_escape, md_text  # noqa: F401 (the app imports md_escape)
from .models import RUBRIC_ID_PATTERN, Document, Evaluation, QuoteRef, Rubric, Score, Suggestion
from .nesting import json_depth, too_deep
from .ratings import (
    MISSING,
    NO_SUGGESTION,
    PALETTE,
    Rating,
    State,
    Swatch,
    rating_of,
    rating_of_suggestion,
    short,
    state_of,
    swatch_of,
    words,
)
from .scoring import ratings_from_answers, score
from .titles import slug


def _suggested(suggestion: Suggestion | None) -> str:
    """The tool's suggestion in a table cell: "2", "n/a", or "no suggestion"."""
    if suggestion is None or suggestion.status == "no_suggestion":
        return NO_SUGGESTION.label
    return short(rating_of_suggestion(suggestion))


def _suggested_words(suggestion: Suggestion) -> str:
    """The tool's suggestion inside a sentence: "level 2", "not applicable", "no suggestion"."""
    if suggestion.status == "no_suggestion":
        return NO_SUGGESTION.label
    rating = rating_of_suggestion(suggestion)
    return MISSING if rating is None else words(rating)


def evaluation_ratings(evaluation: Evaluation, rubric: Rubric) -> dict[str, Rating | None]:
    ids = {criterion.id for criterion in rubric.criteria}
    answers = {key: answer for key, answer in evaluation.answers.items() if key in ids}
    return ratings_from_answers(answers)


def evaluation_score(evaluation: Evaluation, rubric: Rubric) -> Score:
    """The score of the reader's answers (not of the suggestions)."""
    return score(rubric, evaluation_ratings(evaluation, rubric))


@dataclass(frozen=True)
class GridCell:
    criterion_id: str
    title: str
    state: State
    swatch: Swatch


def grid(evaluation: Evaluation, rubric: Rubric) -> list[GridCell]:
    ratings = evaluation_ratings(evaluation, rubric)
    cells = []
    for criterion in rubric.criteria:
        rating = ratings.get(criterion.id)
        cells.append(GridCell(criterion.id, criterion.title, state_of(rating), swatch_of(rating)))
    return cells


@dataclass(frozen=True)
class Change:
    """How one answer relates to the tool's suggestion."""

    criterion_id: str
    suggested: str
    chosen: str
    kind: Literal["accepted", "overridden", "own"]
    justification: str
    dismissed: int
    added: int

    @property
    def changed(self) -> bool:
        return self.kind != "accepted" or bool(self.dismissed or self.added)


def changes(evaluation: Evaluation) -> list[Change]:
    """One row per answered criterion, in the order of the suggestions."""
    suggestions = {s.id: s for s in evaluation.suggestions}
    order = [s.id for s in evaluation.suggestions]
    order += [key for key in evaluation.answers if key not in suggestions]
    rows = []
    for key in order:
        answer = evaluation.answers.get(key)
        if answer is None:
            continue
        suggested = _suggested(suggestions.get(key))
        kind: Literal["accepted", "overridden", "own"] = answer.decision
        if suggested == NO_SUGGESTION.label and answer.decision == "accepted":
            kind = "own"
        rows.append(
            Change(
                criterion_id=key,
                suggested=suggested,
                chosen=short(rating_of(answer)),
                kind=kind,
                justification=answer.justification,
                dismissed=len(answer.dismissed_evidence),
                added=len(answer.added_evidence),
            )
        )
    return rows


# --- names and records --------------------------------------------------------------------------


def title_of(evaluation: Evaluation) -> str:
    return evaluation.document_title or evaluation.document_sha256[:12]


def when(moment: datetime) -> str:
    """A date and time a person reads, in UTC so every reader sees the same."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def record_lines(evaluation: Evaluation) -> list[tuple[str, str]]:
    """Who made the evaluation and when, as (label, value) pairs every export shows."""
    return [
        ("Evaluator", evaluation.evaluator_name or "not given"),
        ("Started", when(evaluation.created_at)),
        ("Last saved", when(evaluation.updated_at)),
    ]


def file_stem(evaluation: Evaluation) -> str:
    """A descriptive, safe file name without its extension: "<title>-<date>-<evaluator>".

    Each part is a slug (ASCII letters, digits, hyphens), so the name is never a path, and the
    date is the last save's; a missing title falls back to the document's hash.
    """
    # an imported evaluation's hash is the file's text: it is slugged like the title
    title = slug(evaluation.document_title) or slug(evaluation.document_sha256[:12]) or "evaluation"
    parts = [title, evaluation.updated_at.astimezone(UTC).strftime("%Y-%m-%d")]
    if who := slug(evaluation.evaluator_name, max_length=30):
        parts.append(who)
    return "-".join(parts)


QuoteStatus = Literal["found", "not_found", "unchecked"]


def quote_found(document: Document, page: int, quote: str) -> bool:
    """Whether a quote's words stand on that page (spacing aside)."""
    if not 1 <= page <= len(document.pages) or not quote.split():
        return False
    words = [re.escape(word) for word in quote.split()]
    return re.search(r"\s+".join(words), document.pages[page - 1].text) is not None


def added_quote_status(quote: QuoteRef, document: Document | None = None) -> QuoteStatus:
    """Whether a quote the reader added was found on its page: as checked when it was added,
    else against `document` when there is one, else unchecked."""
    found = quote.found
    if found is None and document is not None:
        found = quote_found(document, quote.page, quote.quote)
    if found is None:
        return "unchecked"
    return "found" if found else "not_found"


def _added_note(quote: QuoteRef, document: Document | None) -> str:
    """What an export says beside a reader's quote, so it is never taken for the report's."""
    status = added_quote_status(quote, document)
    if status == "not_found":
        return f"not found on p. {quote.page} — the reader's own wording"
    if status == "unchecked":
        return f"not checked against p. {quote.page} of the report"
    return ""


# --- JSON ---------------------------------------------------------------------------------------


def to_json(evaluation: Evaluation) -> str:
    return evaluation.model_dump_json(indent=2) + "\n"


MAX_EVALUATION_BYTES = 8 * 1024 * 1024
"""An exported evaluation holds quotes, not the report: a few hundred KB at most."""


def from_json(text: str | bytes) -> Evaluation:
    """Read an exported evaluation back; a bad file is an InputError with a one-line message.

    The rubric it names must be a rubric id: whoever resolves it looks it up by id, never as a
    path (an id of `/dev/zero` or `../x` is refused here).
    """
    if len(text) > MAX_EVALUATION_BYTES:
        raise InputError(
            "bad_evaluation",
            f"{len(text):,} bytes; an evaluation may have {MAX_EVALUATION_BYTES:,}",
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("bad_evaluation", "not valid JSON: not UTF-8 text") from None
    if problem := too_deep(json_depth(text)):
        raise InputError("bad_evaluation", f"not an exported evaluation: {problem}")
    try:
        evaluation = Evaluation.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        if first["type"] == "json_invalid":
            message = f"not valid JSON: {first['msg']}"
        else:
            message = first_error(exc, "not an exported evaluation")
        raise InputError("bad_evaluation", message) from None
    if re.fullmatch(RUBRIC_ID_PATTERN, evaluation.rubric.id) is None:
        raise InputError(
            "bad_evaluation",
            "not an exported evaluation: rubric.id: not a rubric id (lowercase letters, digits, "
            "- and _, at most 64)",
        )
    if re.fullmatch(r"[0-9a-f]{64}", evaluation.document_sha256) is None:
        raise InputError(
            "bad_evaluation",
            "not an exported evaluation: document_sha256: not a SHA-256 (64 hex digits)",
        )
    return evaluation


# --- Markdown -----------------------------------------------------------------------------------


def _score_line(result: Score, escape=lambda text: text) -> str:
    band = escape(result.band)
    if result.value is None:
        return f"no score yet ({band})"
    return f"{result.value:.1f} / 100 ({band})"


def _level_cell(cell: GridCell) -> grids.Cell:
    return grids.Cell(f"{cell.swatch.mark} {cell.swatch.label}", swatch=cell.swatch, literal=True)


def _level_grid(evaluation: Evaluation, rubric: Rubric, result: Score) -> grids.Grid:
    """The reader's level beside the tool's, the decision and the points, per question."""
    suggestions = {s.id: s for s in evaluation.suggestions}
    contributions = {c.id: c for c in result.contributions}
    change_by_id = {c.criterion_id: c for c in changes(evaluation)}
    rows = []
    for cell in grid(evaluation, rubric):
        contribution = contributions[cell.criterion_id]
        change = change_by_id.get(cell.criterion_id)
        points = (
            f"{contribution.points:.1f} / {contribution.max_points:.1f}"
            if contribution.status == "rated"
            else MISSING
        )
        rows.append(
            [
                grids.Cell(cell.title),
                _level_cell(cell),
                grids.Cell(_suggested(suggestions.get(cell.criterion_id))),
                grids.Cell(change.kind if change else MISSING),
                grids.Cell(points, literal=True),
            ]
        )
    names = ("Question", "Reader's level", "Suggested", "Decision", "Points")
    return grids.Grid(columns=[grids.Column(name) for name in names], rows=rows)


def with_quote_checks(evaluation: Evaluation, document: Document | None) -> Evaluation:
    """The evaluation with each reader's quote that was never checked checked against the
    report's text (when there is one), so every export, JSON too, says which were not found."""
    if document is None:
        return evaluation
    answers = {}
    for key, answer in evaluation.answers.items():
        added = [
            q
            if q.found is not None
            else q.model_copy(update={"found": quote_found(document, q.page, q.quote)})
            for q in answer.added_evidence
        ]
        answers[key] = answer.model_copy(update={"added_evidence": added})
    return evaluation.model_copy(update={"answers": answers})


def to_markdown(evaluation: Evaluation, rubric: Rubric, document: Document | None = None) -> str:
    """Markdown a person reads: every value through `md_text`, which escapes only what would
    start markup, so the file reads as written and nothing in it is a link, image or HTML."""
    esc = md_text
    result = evaluation_score(evaluation, rubric)
    suggestions = {s.id: s for s in evaluation.suggestions}
    lines = [
        f"# Evaluation: {esc(title_of(evaluation))}",
        "",
        *(f"- {label}: {esc(value)}" for label, value in record_lines(evaluation)),
        f"- Document sha256: {esc(evaluation.document_sha256)}",
        f"- Rubric: {esc(rubric.title)} ({esc(rubric.id)} v{esc(rubric.version)})",
        f"- Score: **{_score_line(result, esc)}**"
        + ("" if result.complete else " — some questions are not answered yet"),
        f"- Rule: {esc(result.rule)}",
        *(
            f"- The tool's suggestions are incomplete: {esc(w)}"
            for w in evaluation.analysis_incomplete
        ),
        "",
        *grids.markdown(_level_grid(evaluation, rubric, result), escape=esc),
    ]
    for criterion in rubric.criteria:
        answer = evaluation.answers.get(criterion.id)
        suggestion = suggestions.get(criterion.id)
        lines += ["", f"## {esc(criterion.title)}", "", f"*{esc(criterion.question)}*"]
        if answer is None:
            lines += ["", "Not answered yet."]
        else:
            lines += ["", f"**Reader:** {words(rating_of(answer))} ({answer.decision})"]
            if answer.justification.strip():
                lines.append(f"> {esc(answer.justification)}")
        if suggestion is not None:
            lines += [
                "",
                f"**Tool suggested:** {_suggested_words(suggestion)}, confidence "
                f"{esc(confidence_words(suggestion.confidence))} — {esc(suggestion.rationale)}",
            ]
            dismissed = {(q.page, q.quote) for q in answer.dismissed_evidence} if answer else set()
            for item in suggestion.evidence:
                gone = (item.page, item.quote) in dismissed
                flag = " *(marked irrelevant by the reader)*" if gone else ""
                lines.append(f"- p. {item.page}: “{esc(item.quote)}”{flag}")
        if answer and answer.added_evidence:
            lines += ["", "**Quotes the reader added:**"]
            for q in answer.added_evidence:
                note = _added_note(q, document)
                lines.append(f"- p. {q.page}: “{esc(q.quote)}”" + (f" *({note})*" if note else ""))
    return "\n".join(lines) + "\n"


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.45}
table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #888;padding:.35rem .6rem;text-align:left;vertical-align:top}
.cell{font-weight:600;white-space:nowrap}
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:4px solid #888}
.dismissed{text-decoration:line-through;color:#555}
.muted{color:#444;font-size:.9em}
"""


_e = html_escape


_KEY = "display:inline-block;margin:.2rem .4rem .2rem 0;padding:.1rem .5rem;border:1px solid #888"


def grid_html(evaluation: Evaluation, rubric: Rubric) -> str:
    """The traffic-light grid with a full legend; every colour carries its mark and words."""
    cells = grid(evaluation, rubric)
    table = grids.Grid(
        columns=[grids.Column("Question"), grids.Column("Reader's level")],
        rows=[[grids.Cell(cell.title), _level_cell(cell)] for cell in cells],
    )
    legend = "".join(
        f'<span style="{_KEY};background:{s.fill};color:{s.ink}">{_e(s.mark)} {_e(s.label)}</span>'
        for s in PALETTE.values()
    )
    return f'{grids.html(table)}<div class="legend">Legend: {legend}</div>'


def to_html(evaluation: Evaluation, rubric: Rubric, document: Document | None = None) -> str:
    """One file that opens anywhere: inline CSS, no scripts, no outside resources."""
    result = evaluation_score(evaluation, rubric)
    suggestions = {s.id: s for s in evaluation.suggestions}
    title = title_of(evaluation)
    sections = []
    for criterion in rubric.criteria:
        answer = evaluation.answers.get(criterion.id)
        suggestion = suggestions.get(criterion.id)
        parts = [f"<h2>{_e(criterion.title)}</h2>", f"<p><em>{_e(criterion.question)}</em></p>"]
        if answer is None:
            parts.append("<p>Not answered yet.</p>")
        else:
            chosen = words(rating_of(answer))
            parts.append(f"<p><strong>Reader:</strong> {_e(chosen)} ({_e(answer.decision)})</p>")
            if answer.justification.strip():
                parts.append(f"<blockquote>{_e(answer.justification)}</blockquote>")
        if suggestion is not None:
            parts.append(
                f"<p><strong>Tool suggested:</strong> "
                f"{_e(_suggested_words(suggestion))}, confidence "
                f"{_e(confidence_words(suggestion.confidence))}. {_e(suggestion.rationale)}</p>"
            )
            dismissed = {(q.page, q.quote) for q in answer.dismissed_evidence} if answer else set()
            items = []
            for item in suggestion.evidence:
                gone = (item.page, item.quote) in dismissed
                note = " <span class='muted'>(marked irrelevant)</span>" if gone else ""
                css = " class='dismissed'" if gone else ""
                items.append(f"<li{css}>p. {item.page}: “{_e(item.quote)}”{note}</li>")
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
        if answer and answer.added_evidence:
            added = "".join(
                f"<li>p. {q.page}: “{_e(q.quote)}”"
                + (f" <span class='muted'>({_e(note)})</span>" if note else "")
                + "</li>"
                for q in answer.added_evidence
                for note in [_added_note(q, document)]
            )
            parts.append(f"<p>Quotes the reader added:</p><ul>{added}</ul>")
        sections.append("<section>" + "".join(parts) + "</section>")
    contributions = "".join(
        f"<tr><td>{_e(rubric.criterion(c.id).title)}</td><td>{c.weight:g}</td>"
        f"<td>{_e(c.status.replace('_', ' '))}</td>"
        f"<td>{c.points:.1f} / {c.max_points:.1f}</td></tr>"
        for c in result.contributions
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' "
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Scorecard: {_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Scorecard: {_e(title)}</h1>"
        "<p class='record'>"
        + " · ".join(f"{_e(label)}: {_e(value)}" for label, value in record_lines(evaluation))
        + "</p>"
        f"<p class='muted'>Document sha256 {_e(evaluation.document_sha256)} · rubric "
        f"{_e(rubric.title)} ({_e(rubric.id)} v{_e(rubric.version)})</p>"
        f"<p><strong>Score: {_e(_score_line(result))}</strong>"
        f"{'' if result.complete else ' — some questions are not answered yet'}</p>"
        f"<p class='muted'>{_e(result.rule)}</p>"
        + "".join(
            f"<p><strong>The tool's suggestions are incomplete:</strong> {_e(w)}</p>"
            for w in evaluation.analysis_incomplete
        )
        + f"{grid_html(evaluation, rubric)}"
        "<table><thead><tr><th>Question</th><th>Weight</th><th>Status</th><th>Points</th>"
        f"</tr></thead><tbody>{contributions}</tbody></table>"
        + "".join(sections)
        + "<p class='muted'>This scorecard grades how the report presents its figures, not "
        "whether its claims about any group are true.</p></body></html>\n"
    )
