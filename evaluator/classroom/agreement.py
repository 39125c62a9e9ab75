"""How far ratings agree: exact and within-one counts, quadratic weighted kappa against a key,
and Krippendorff's alpha among students.

- A student's rating and the key's are compared when both exist. "n/a" only equals "n/a"; "n/a"
  against a level counts as a disagreement, exact and within-one alike.
- Quadratic weighted kappa uses the pairs where both sides give a level 0–3. When either side
  uses a single level, kappa is reported as undefined (None, with the reason) rather than as the
  0 or NaN the formula produces: it would say nothing about how well the class did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from ..models import Evaluation
from ..ratings import CHOICES, LEVELS, NOT_APPLICABLE, Rating, label, rating_of, short

NA = NOT_APPLICABLE
RATING_COLUMNS = (*map(str, CHOICES), "unanswered")


def rating_of_answer(evaluation: Evaluation, criterion_id: str) -> Rating | None:
    return rating_of(evaluation.answers.get(criterion_id))


rating_of_key = rating_of  # an answer-key entry holds a rating the way an answer does


def rating_text(rating: Rating | None) -> str:
    """A rating as stored in the dashboard's figures and the class CSV: '' when there is none."""
    return short(rating, missing="")


def quadratic_kappa(
    first: Sequence[int],
    second: Sequence[int],
    who: tuple[str, str] = ("one side chose", "the other side chose"),
) -> tuple[float | None, str]:
    """Quadratic weighted kappa on levels 0–3, or None and the specific reason it is undefined,
    in words a teacher can act on (`who` names each side with its verb: "every student chose",
    "the key gives")."""
    if len(first) != len(second):
        raise ValueError("kappa needs two equally long lists of ratings")
    if len(first) < 2:
        return None, (
            f"fewer than two pairs of levels to compare ({len(first)}), and kappa needs two"
        )
    same_first, same_second = len(set(first)) == 1, len(set(second)) == 1
    if same_first and same_second:
        return None, (
            f"{who[0]} the same level ({label(first[0])}) and {who[1]} the same level "
            f"({label(second[0])}): with no spread on either side, kappa cannot be computed"
        )
    if same_first or same_second:
        phrase, level = (who[0], first[0]) if same_first else (who[1], second[0])
        return None, (
            f"{phrase} the same level ({label(level)}) every time, so kappa cannot tell "
            "agreement from chance"
        )
    from sklearn.metrics import cohen_kappa_score

    value = cohen_kappa_score(list(first), list(second), labels=list(LEVELS), weights="quadratic")
    return round(float(value), 4), ""


def krippendorff_alpha(
    units: Sequence[Sequence[int]], metric: Literal["nominal", "ordinal", "interval"] = "ordinal"
) -> tuple[float | None, str]:
    """Krippendorff's alpha over units (items), each the levels its raters gave; any number of
    raters, missing ratings simply absent. None with a reason when it is undefined.

    Built from the coincidence matrix as in Krippendorff's "Computing Krippendorff's
    Alpha-Reliability"; the tests check it against that paper's worked example.
    """
    pairable = [list(unit) for unit in units if len(unit) >= 2]
    values = sorted({v for unit in pairable for v in unit})
    if not pairable:
        return None, "no question has levels from two or more students"
    if len(values) < 2:
        return None, "every student chose the same level on every question"
    coincidences: Counter[tuple[int, int]] = Counter()
    for unit in pairable:
        counts = Counter(unit)
        for c in counts:
            for k in counts:
                pairs = counts[c] * (counts[k] - (c == k))
                coincidences[c, k] += pairs / (len(unit) - 1)
    totals = {c: sum(coincidences[c, k] for k in values) for c in values}
    n = sum(totals.values())
    position = {v: i for i, v in enumerate(values)}

    def distance(c: int, k: int) -> float:
        if metric == "nominal":
            return float(c != k)
        if metric == "interval":
            return float((c - k) ** 2)
        low, high = sorted((position[c], position[k]))
        between = sum(totals[g] for g in values[low : high + 1]) - (totals[c] + totals[k]) / 2
        return between**2

    observed = sum(coincidences[c, k] * distance(c, k) for c in values for k in values)
    expected = sum(totals[c] * totals[k] * distance(c, k) for c in values for k in values)
    return round(1 - (n - 1) * observed / expected, 4), ""


class Agreement(BaseModel):
    """How a set of (student, key) rating pairs agree."""

    compared: int = Field(description="pairs where both the student and the key give a rating")
    exact: int
    within_one: int = Field(description="same level or one apart; n/a only with n/a")
    exact_rate: float | None
    within_one_rate: float | None
    kappa: float | None = Field(description="quadratic weighted kappa over level pairs")
    kappa_pairs: int = Field(description="pairs where both sides give a level 0–3")
    kappa_note: str = ""


def is_exact(a: Rating, b: Rating) -> bool:
    return a == b


def is_within_one(a: Rating, b: Rating) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return abs(a - b) <= 1
    return a == b


def agreement(
    pairs: Sequence[tuple[Rating, Rating]],
    with_kappa: bool = True,
    who: tuple[str, str] = ("every student chose", "the key gives"),
) -> Agreement:
    """Agreement of (student, key) pairs; both sides must be ratings, not None. `who` names the
    two sides in the reason kappa is undefined."""
    exact = sum(is_exact(a, b) for a, b in pairs)
    within = sum(is_within_one(a, b) for a, b in pairs)
    levels = [(a, b) for a, b in pairs if isinstance(a, int) and isinstance(b, int)]
    kappa, note = None, "not computed"
    if with_kappa:
        kappa, note = quadratic_kappa([a for a, _ in levels], [b for _, b in levels], who)
        if pairs and not levels:
            note = "kappa compares levels 0–3, and every answer here is or meets “not applicable”"
    n = len(pairs)
    return Agreement(
        compared=n,
        exact=exact,
        within_one=within,
        exact_rate=round(exact / n, 4) if n else None,
        within_one_rate=round(within / n, 4) if n else None,
        kappa=kappa,
        kappa_pairs=len(levels),
        kappa_note=note,
    )


def distribution(ratings: Iterable[Rating | None]) -> dict[str, int]:
    counts = Counter("unanswered" if r is None else str(r) for r in ratings)
    return {column: counts.get(column, 0) for column in RATING_COLUMNS}
