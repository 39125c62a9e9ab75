"""Turn findings into one suggestion per rubric criterion.

Each criterion id maps to a function of (findings, context); a criterion with no function (a
teacher's own rubric, say) gets an honest "no suggestion" rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from .detectors import Context
from .detectors import attributes as _attributes
from .detectors import percentages as _percentages
from .detectors import recommendations as _recommendations
from .detectors import scale as _scale
from .detectors import scope as _scope
from .detectors import sources as _sources
from .models import Findings, Rubric, Suggestion

Suggester = Callable[[Findings, Context], Suggestion]
SUGGESTERS: dict[str, Suggester] = {
    "sources": _sources.suggest,
    "denominators": _percentages.suggest,
    "attribute_provenance": _attributes.suggest,
    "extrapolation": _scale.suggest,
    "recommendations": _recommendations.suggest,
    "scope": _scope.suggest,
}


def no_suggestion(criterion_id: str) -> Suggestion:
    return Suggestion(
        id=criterion_id,
        suggested_level=None,
        status="no_suggestion",
        confidence=0.0,
        rationale="No detector covers this question; rate it from your own reading.",
        evidence=[],
    )


OUT_OF_TIME = "The analysis ran out of time before this question; rate it from your own reading."


def _detector_of(suggester: Suggester) -> str:
    """The detector module whose findings a suggester reads (it lives in that module)."""
    return suggester.__module__.rsplit(".", 1)[-1]


def suggest_all(
    rubric: Rubric,
    findings: Findings,
    context: Context,
    skipped: Collection[str] = (),
) -> list[Suggestion]:
    """One suggestion per criterion; one whose detector was `skipped` (or stopped early at
    the time budget) gets no suggestion, since it would rest on missing findings."""
    out = []
    for criterion in rubric.criteria:
        suggester = SUGGESTERS.get(criterion.id)
        if suggester is None:
            suggestion = no_suggestion(criterion.id)
        elif _detector_of(suggester) in skipped:
            suggestion = no_suggestion(criterion.id).model_copy(update={"rationale": OUT_OF_TIME})
        else:
            suggestion = suggester(findings, context)
        out.append(suggestion.model_copy(update={"id": criterion.id}))
    return out
