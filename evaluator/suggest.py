"""Turn findings into one suggestion per rubric criterion.

Each criterion id maps to a function of (findings, context); a criterion with no function (a
teacher's own rubric, say) gets an honest "no suggestion" rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable

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


def suggest_all(rubric: Rubric, findings: Findings, context: Context) -> list[Suggestion]:
    out = []
    for criterion in rubric.criteria:
        suggester = SUGGESTERS.get(criterion.id)
        suggestion = suggester(findings, context) if suggester else no_suggestion(criterion.id)
        out.append(suggestion.model_copy(update={"id": criterion.id}))
    return out
