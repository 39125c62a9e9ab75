"""The figure every accuracy figure is read against: one constant answer per question.

On the blind sets, careful readers accept a middle level for most openings, so a tool that
answered "1" to four questions and "not applicable" to two, whatever the text, would look
accurate. This module fits that constant on measurement records (the level acceptable most
often, per question) and measures it as the tool is measured: each recorded set by a constant
fitted on the other sets, and a new set by a constant fitted on every record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from .calibration import MeasurementRecord
from .real import LabelLevel, RealResult, judge_levels

ORDER: tuple[LabelLevel, ...] = ("na", 0, 1, 2, 3)


def most_acceptable(labels: Iterable[tuple[str, Sequence[LabelLevel]]]) -> dict[str, LabelLevel]:
    """Per criterion, the level in the most (criterion, acceptable levels) pairs; of equals,
    the first of n/a, 0 … 3."""
    tally: dict[str, Counter[LabelLevel]] = {}
    for criterion, acceptable in labels:
        tally.setdefault(criterion, Counter()).update(acceptable)
    return {
        criterion: max(ORDER, key=lambda level: (counts[level], -ORDER.index(level)))
        for criterion, counts in tally.items()
    }


def constant_answer(results: Sequence[RealResult]) -> dict[str, LabelLevel]:
    """Per criterion, the level most often acceptable among `results`."""
    return most_acceptable((r.criterion, r.acceptable_levels) for r in results)


class Comparison(BaseModel):
    """The tool's suggestions on one set beside a constant answer fitted without that set."""

    set: str
    suggestions: int
    tool_acceptable: int
    constant_acceptable: int
    tool_within_one: int
    constant_within_one: int
    tool_exact: int
    constant_exact: int


def compare(
    name: str, results: Sequence[RealResult], constant: dict[str, LabelLevel]
) -> Comparison:
    scored = [r for r in results if r.criterion in constant]
    judged = [judge_levels(r.label, r.acceptable_levels, constant[r.criterion]) for r in scored]
    return Comparison(
        set=name,
        suggestions=len(scored),
        tool_acceptable=sum(r.acceptable for r in scored),
        constant_acceptable=sum(ok for ok, _, _ in judged),
        tool_within_one=sum(r.within_one for r in scored),
        constant_within_one=sum(near for _, near, _ in judged),
        tool_exact=sum(r.exact for r in scored),
        constant_exact=sum(exact for _, _, exact in judged),
    )


def held_out_comparisons(records: Sequence[MeasurementRecord]) -> list[Comparison]:
    """Each recorded set against a constant fitted on the other records."""
    out = []
    for held in records:
        others = [x for r in records if r is not held for x in r.results]
        out.append(compare(held.set, held.results, constant_answer(others)))
    return out


def _cell(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"


def format_comparisons(rows: Sequence[Comparison], note: str) -> str:
    lines = [
        note,
        "",
        "| set | acceptable: tool | constant | within one: tool | constant | exact: tool | "
        "constant |",
        "|---|---|---|---|---|---|---|",
    ]
    total = Comparison(
        set="all",
        **{
            field: sum(getattr(r, field) for r in rows)
            for field in Comparison.model_fields
            if field != "set"
        },
    )
    for r in [*rows, total] if len(rows) > 1 else rows:
        n = r.suggestions
        lines.append(
            f"| {r.set} | {_cell(r.tool_acceptable, n)} | {_cell(r.constant_acceptable, n)} | "
            f"{_cell(r.tool_within_one, n)} | {_cell(r.constant_within_one, n)} | "
            f"{_cell(r.tool_exact, n)} | {_cell(r.constant_exact, n)} |"
        )
    return "\n".join(lines) + "\n"


def describe(constant: dict[str, LabelLevel]) -> str:
    return ", ".join(
        f"{c} {'n/a' if level == 'na' else level}" for c, level in sorted(constant.items())
    )
