"""Rows the classroom pages show and download: the class table (and its CSV), a student's
comparison with the tool and the key, and the dashboard's tables. Pure, so tests call them; the
figures come from `evaluator.classroom`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from evaluator import CriterionKey, Evaluation, Rubric
from evaluator.classroom import (
    Agreement,
    Dashboard,
    ItemStats,
    Rating,
    Submission,
    is_exact,
    is_within_one,
    rating_of_answer,
    rating_of_key,
    rating_of_suggestion,
    rating_text,
    student_key,
)
from evaluator.escaping import csv_cell, one_line

CLASS_TABLE_COLUMNS = (
    "student",
    "report",
    "report_sha256",
    "criterion",
    "student_rating",
    "key_rating",
    "agreement",
    "tool_suggestion",
    "decision",
    "justification",
)


def agreement_word(mine: Rating | None, key: Rating | None) -> str:
    if mine is None:
        return "unanswered"
    if key is None:
        return "no key"
    if is_exact(mine, key):
        return "exact"
    return "within one" if is_within_one(mine, key) else "off"


def class_table_rows(
    submissions: Sequence[Submission],
    rubric: Rubric,
    keys: Mapping[str, Mapping[str, CriterionKey] | None],
    titles: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """One row per student, report and question: the scoring sheet a teacher can re-analyse."""
    titles = titles or {}
    rows = []
    ordered = sorted(
        submissions, key=lambda s: (student_key(s.student), s.evaluation.document_sha256)
    )
    for submission in ordered:
        evaluation = submission.evaluation
        key_map = keys.get(evaluation.document_sha256) or {}
        tools = {s.id: s for s in evaluation.suggestions}
        for criterion in rubric.criteria:
            mine = rating_of_answer(evaluation, criterion.id)
            key = rating_of_key(key_map.get(criterion.id))
            answer = evaluation.answers.get(criterion.id)
            tool = rating_of_suggestion(tools.get(criterion.id))
            rows.append(
                {
                    "student": submission.student,
                    "report": titles.get(evaluation.document_sha256)
                    or evaluation.document_title
                    or "",
                    "report_sha256": evaluation.document_sha256,
                    "criterion": criterion.id,
                    "student_rating": rating_text(mine),
                    "key_rating": rating_text(key),
                    "agreement": agreement_word(mine, key),
                    "tool_suggestion": rating_text(tool),
                    "decision": answer.decision if answer else "",
                    "justification": one_line(answer.justification) if answer else "",
                }
            )
    return rows


def class_table_csv(rows: Sequence[Mapping[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CLASS_TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(str(v)) for k, v in row.items()})
    return buffer.getvalue()


def kappa_words(kappa: float | None) -> str:
    """Landis and Koch's bands: a convention for talking about kappa, not a law."""
    if kappa is None:
        return "undefined"
    for upper, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate")):
        if kappa <= upper:
            return word
    return "substantial" if kappa <= 0.8 else "almost perfect"


def comparison_rows(
    evaluation: Evaluation,
    rubric: Rubric,
    key: Mapping[str, CriterionKey] | None,
    blind_mode: bool,
    revealed: Iterable[str],
) -> list[dict[str, str]]:
    """A student's answers beside the tool's suggestion and the released key.

    Both follow the checklist's rule: shown once the question is answered and, in blind mode,
    revealed. Without blind mode the tool's suggestion is in view from the start anyway, but the
    key still waits for the student's answer.
    """
    revealed = set(revealed)
    suggestions = {s.id: s for s in evaluation.suggestions}
    hidden = "hidden until you answer and reveal" if blind_mode else "hidden until you answer"
    rows = []
    for criterion in rubric.criteria:
        mine = rating_of_answer(evaluation, criterion.id)
        answered = mine is not None
        opened = answered and (not blind_mode or criterion.id in revealed)
        row = {"question": criterion.title, "your answer": rating_text(mine) or "not answered"}
        if opened or not blind_mode:
            tool = rating_of_suggestion(suggestions.get(criterion.id))
            row["tool's suggestion"] = rating_text(tool) or "none"
        else:
            row["tool's suggestion"] = hidden
        if key is not None:
            expected = rating_of_key(key.get(criterion.id))
            row["answer key"] = (rating_text(expected) or "not in the key") if opened else hidden
            row["agreement"] = (
                agreement_word(mine, expected) if opened and expected is not None else ""
            )
        rows.append(row)
    return rows


def _share(count: int, total: int) -> str:
    return f"{count}/{total} ({round(100 * count / total)}%)" if total else "–"


def _kappa_cell(result: Agreement, inline: bool = False) -> str:
    """The kappa, or why there is none: in the cell, or (a reason many rows share) below."""
    if result.kappa is None:
        return f"not computed: {result.kappa_note}" if inline else "not computed (see below)"
    return f"{result.kappa:.2f} ({kappa_words(result.kappa)})"


def _agreement_cells(result: Agreement | None) -> dict[str, str]:
    if result is None:
        return {"exact": "no key", "within one": "no key"}
    return {
        "exact": _share(result.exact, result.compared),
        "within one": _share(result.within_one, result.compared),
    }


def criterion_table(board: Dashboard) -> list[dict[str, str | int]]:
    """One row per question: the spread of levels, then agreement with the key."""
    rows: list[dict[str, str | int]] = []
    for stats in board.criteria:
        row: dict[str, str | int] = {"question": stats.title, **stats.distribution}
        row.update(_agreement_cells(stats.agreement))
        row["weighted kappa"] = _kappa_cell(stats.agreement) if stats.agreement else "no key"
        rows.append(row)
    return rows


def student_table(board: Dashboard) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    for stats in board.per_student:
        row: dict[str, str | int] = {"student": stats.student, "answered": stats.answered}
        row.update(_agreement_cells(stats.agreement))
        row["weighted kappa"] = (
            _kappa_cell(stats.agreement, inline=True) if stats.agreement else "no key"
        )
        rows.append(row)
    return rows


def item_table(items: Sequence[ItemStats]) -> list[dict[str, str]]:
    rows = []
    for item in items:
        spread = ", ".join(f"{k}: {v}" for k, v in item.distribution.items() if v)
        row = {
            "report": item.report_title,
            "question": item.criterion_title or item.criterion_id,
            "key": item.key or "–",
            "tool": item.tool or "–",
            "class answers": spread,
        }
        row.update(_agreement_cells(item.agreement))
        if item.consensus is not None:
            row["consensus"] = f"{round(100 * item.consensus)}%"
        rows.append(row)
    return rows
