"""An experiment on the one-off measurement records: what if a check's 0 were suggested as 1?

    python -m evaluator.validation level-shift

The checks follow the labelling guide's anchors, and outside the acceptable set they rate lower
than the readers far more often than higher (docs/accuracy.md). Each record holds what one tree
suggested on a blind set it had never seen, so replaying the records with a check's 0 read as 1
shows, without fitting anything to those sets, what following the readers' leniency rather than
the guide's anchors would gain in acceptable suggestions and what it would cost in rank
correlation and in critiques scored above the documents that repeat their figure.

Records of sets 4 and later are used, as in the figure docs/accuracy.md quotes. The analysis
does not shift any level: this only measures the trade-off, for the people who steer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel

from ..rubrics import default_rubric
from .calibration import MeasurementRecord, load_records, record_paths
from .real import (
    REAL_DIR,
    DisputedFigure,
    LabelLevel,
    critique_order,
    judge_levels,
    levels_score,
    load_disputes,
    spearman,
)

FIRST_SET = 4  # holdouts 2 and 3 were measured before the records kept every field

Shift = Callable[[str, LabelLevel | None], LabelLevel | None]


class ShiftFigures(BaseModel):
    way: str
    suggestions: int
    acceptable: int
    within_one: int
    exact: int
    rank: float | None  # mean over sets of the rank correlation of scores with the labels'
    critiques_above: int
    critique_pairs: int


def zero_as_one(criteria: Iterable[str]) -> Shift:
    """A shift that reads a 0 of the named criteria as 1 and leaves every other level alone."""
    chosen = frozenset(criteria)

    def shift(criterion: str, level: LabelLevel | None) -> LabelLevel | None:
        return 1 if criterion in chosen and level == 0 else level

    return shift


def replay(
    records: Sequence[MeasurementRecord],
    disputes: Mapping[str, Sequence[DisputedFigure]],
    shift: Shift,
    way: str,
) -> ShiftFigures:
    """The records' suggestions, shifted, judged against their labels as the measurement did."""
    rubric = default_rubric()
    counts = defaultdict(int)
    ranks, above, pairs = [], 0, 0
    for record in records:
        suggested: dict[str, dict[str, LabelLevel | None]] = defaultdict(dict)
        labels: dict[str, dict[str, LabelLevel | None]] = defaultdict(dict)
        for r in record.results:
            level = shift(r.criterion, r.suggested)
            ok, near, exact = judge_levels(r.label, r.acceptable_levels, level)
            counts["n"] += 1
            counts["ok"] += ok
            counts["near"] += near
            counts["exact"] += exact
            suggested[r.document][r.criterion] = level
            labels[r.document][r.criterion] = r.label
        tool = {doc: levels_score(rubric, levels) for doc, levels in suggested.items()}
        theirs = {doc: levels_score(rubric, levels) for doc, levels in labels.items()}
        both = [d for d in tool if tool[d] is not None and theirs[d] is not None]
        rank = spearman([tool[d] for d in both], [theirs[d] for d in both])  # type: ignore[misc]
        if rank is not None:
            ranks.append(rank)
        orders = critique_order(disputes.get(record.set, []), tool)
        pairs += len(orders)
        above += sum(o.above for o in orders)
    return ShiftFigures(
        way=way,
        suggestions=counts["n"],
        acceptable=counts["ok"],
        within_one=counts["near"],
        exact=counts["exact"],
        rank=round(sum(ranks) / len(ranks), 3) if ranks else None,
        critiques_above=above,
        critique_pairs=pairs,
    )


def _set_number(name: str) -> int | None:
    head, _, tail = name.partition("-")
    return int(tail) if head == "holdout" and tail.isdigit() else None


def level_shift_table(root: Path = REAL_DIR) -> list[ShiftFigures]:
    records = [
        r
        for r in load_records(record_paths(root / "measurements"))
        if (n := _set_number(r.set)) is not None and n >= FIRST_SET
    ]
    disputes = {r.set: load_disputes(root / r.set) for r in records}
    criteria = [c.id for c in default_rubric().criteria]
    ways: list[tuple[str, Shift]] = [("as measured", zero_as_one(()))]
    ways += [(f"{c}: 0 read as 1", zero_as_one([c])) for c in criteria]
    ways.append(("every criterion: 0 read as 1", zero_as_one(criteria)))
    return [replay(records, disputes, shift, way) for way, shift in ways]


def format_table(rows: Sequence[ShiftFigures]) -> str:
    lines = [
        "| suggestions replayed | acceptable | within one | exact | rank (mean over sets) "
        "| critiques above |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        n = r.suggestions
        rank = f"{r.rank:.3f}" if r.rank is not None else "–"
        lines.append(
            f"| {r.way} | {r.acceptable / n:.1%} | {r.within_one / n:.1%} | {r.exact / n:.1%} "
            f"| {rank} | {r.critiques_above} of {r.critique_pairs} |"
        )
    return "\n".join(lines) + "\n"
