"""The score: a weighted mean of levels over the criteria that apply, on a 0–100 scale."""

from __future__ import annotations

from collections.abc import Mapping

from .models import Answer, Contribution, Rubric, Score, Suggestion
from .ratings import NOT_APPLICABLE, Rating, rating_of, rating_of_suggestion

SCORE_RULE = (
    "score = 100 × Σ(weight × level ÷ 3) ÷ Σ(weight), summed over the criteria that apply and "
    "have a level; a not-applicable criterion leaves both sums; with no such criterion there is "
    "no score"
)


def band_for(rubric: Rubric, value: float | None) -> str:
    if value is None:
        return "not scored"
    label = rubric.bands[0].label
    for band in rubric.bands:
        if value >= band.min:
            label = band.label
    return label


def score(rubric: Rubric, ratings: Mapping[str, Rating | None]) -> Score:
    """Score ratings keyed by criterion id; criteria missing from `ratings` count as unrated."""
    unknown = set(ratings) - {criterion.id for criterion in rubric.criteria}
    if unknown:
        raise ValueError(f"ratings for criteria not in rubric {rubric.id!r}: {sorted(unknown)}")

    counted = [
        (criterion, rating)
        for criterion in rubric.criteria
        if isinstance(rating := ratings.get(criterion.id), int)
    ]
    for _, rating in counted:
        if not 0 <= rating <= 3:
            raise ValueError(f"level {rating} is outside 0–3")
    total_weight = sum(criterion.weight for criterion, _ in counted)

    contributions = []
    for criterion in rubric.criteria:
        rating = ratings.get(criterion.id)
        if isinstance(rating, int) and total_weight:
            share = 100 * criterion.weight / total_weight
            contributions.append(
                Contribution(
                    id=criterion.id,
                    weight=criterion.weight,
                    level=rating,
                    status="rated",
                    points=round(share * rating / 3, 2),
                    max_points=round(share, 2),
                )
            )
        else:
            status = "not_applicable" if rating == NOT_APPLICABLE else "unrated"
            contributions.append(
                Contribution(
                    id=criterion.id,
                    weight=criterion.weight,
                    level=None,
                    status=status,
                    points=0.0,
                    max_points=0.0,
                )
            )

    value = None
    if total_weight:
        raw = sum(criterion.weight * rating / 3 for criterion, rating in counted)
        value = round(100 * raw / total_weight, 1)
    return Score(
        value=value,
        band=band_for(rubric, value),
        rule=SCORE_RULE,
        complete=all(c.status != "unrated" for c in contributions),
        contributions=contributions,
    )


def ratings_from_suggestions(suggestions: list[Suggestion]) -> dict[str, Rating]:
    """The tool's ratings; a criterion without a suggestion is left out (unrated)."""
    return {
        suggestion.id: rating
        for suggestion in suggestions
        if (rating := rating_of_suggestion(suggestion)) is not None
    }


def ratings_from_answers(answers: Mapping[str, Answer]) -> dict[str, Rating | None]:
    return {key: rating_of(answer) for key, answer in answers.items()}
