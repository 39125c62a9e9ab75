"""Levels chosen from what all six checks found, by a model fitted on real documents' ratings.

Each check turns its findings into a level by hand-written thresholds. Held out one blind set at
a time, those thresholds were acceptable to careful readers less often than a logistic model
reading what all six checks found: which kind of level each gave, which of its counts are
non-zero, and the text's length in three bins. Readers rate a report's scope or sources partly on
how carefully it handles figures everywhere, which one check's counts cannot see. Since session
23 the model scores each kind by its chance of being acceptable to a reader, and keeps the
checks' own kind unless another is clearly likelier (`LevelModel.keep_rules_within`); it
chooses every question's level, extrapolation's for whole documents only (`min_chars`).
Where the model chooses, the analysis shows its level, keeps the checks' own level beside it
(`rules_level`), and keeps the checks' evidence: the model picks the level, never the quotes.

The model is fitted by `python -m evaluator.validation level-model train` (scikit-learn) and
shipped as data (evaluator/data/level_model.json); it is applied here in plain Python, so the
analysis imports nothing heavy. Its confidence is the share of held-out documents on which its
choice of that level was acceptable.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import Suggestion
from .rubrics import default_rubric

LEVEL_MODEL_PATH = Path(__file__).resolve().parent / "data" / "level_model.json"
CRITERIA = tuple(c.id for c in default_rubric().criteria)
"""The default rubric's criteria, whose checks the model reads; a rubric without all six gets
the checks' own levels."""
KINDS = ("na", "0", "1", "2", "3")


class CriterionModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    classes: list[str]
    intercept: list[float]
    coef: list[list[float]] = Field(
        description="one row per class, one column per feature; a row scores its class's "
        "log-odds of being acceptable (the 'level' objective of sessions 19-22 scored softmax "
        "logits; `choose` takes the highest either way)"
    )


class LearnedCriterion(CriterionModel):
    min_chars: int = Field(
        default=0,
        ge=0,
        description="the shortest text (characters) the model chooses this level for; shorter "
        "texts keep the checks' own level",
    )
    confidence: dict[str, float] = Field(
        description="by chosen kind ('na', '0' … '3'): the share of held-out documents on which "
        "the model's choice of it was acceptable (add-one smoothed)"
    )


class LevelModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    fitted_on: str = Field(description="the rows the model was fitted on, and their weights")
    documents: int = Field(ge=1, description="real documents rated by careful readers")
    features: list[str]
    criteria: dict[str, LearnedCriterion]
    keep_rules_within: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="the checks' own kind is kept unless the chosen kind's chance of being "
        "acceptable (each row's score is its log-odds) is more than this much higher: where the "
        "model gains little, the level stays the one the evidence shown supports",
    )


@cache
def load_level_model(path: Path = LEVEL_MODEL_PATH) -> LevelModel | None:
    """The shipped model, or None when there is none (every level is then the checks' own)."""
    if not path.is_file():
        return None
    return LevelModel.model_validate(json.loads(path.read_text(encoding="utf-8")))


def kind_of(suggestion: Suggestion) -> str | None:
    """ "na", "0" … "3", or None for no suggestion."""
    if suggestion.status == "not_applicable":
        return "na"
    if suggestion.status != "suggested" or suggestion.suggested_level is None:
        return None
    return str(suggestion.suggested_level)


def feature_values(suggestions: Sequence[Suggestion]) -> dict[str, float] | None:
    """What the model reads, by name: each check's kind of suggestion (its own rules' level),
    and each of its counts being non-zero (presence, not size: counts grow with a text's
    length). None unless all six checks made a suggestion."""
    by_id = {s.id: s for s in suggestions}
    values: dict[str, float] = {}
    for criterion in CRITERIA:
        suggestion = by_id.get(criterion)
        if suggestion is None:
            return None
        kind = _rules_kind(suggestion)
        if kind is None:
            return None
        values[f"{criterion}={kind}"] = 1.0
        for name, count in suggestion.counts.items():
            if count:
                values[f"{criterion}/{name}"] = 1.0
    return values


LENGTH_BINS = ((3_000, "short"), (12_000, "mid"))
"""A text's length in characters, binned: readers rate a whole report differently from an
opening of a page or two (a whole report has room for a method section, a date range, a
recommendation), and the checks' counts grow with length. The bounds were fixed before the
model saw them, not tuned."""


def length_feature(chars: int) -> str:
    """ "length=short" (under 3,000 characters), "length=mid" (under 12,000) or "length=long"."""
    for bound, name in LENGTH_BINS:
        if chars < bound:
            return f"length={name}"
    return "length=long"


def _rules_kind(suggestion: Suggestion) -> str | None:
    if suggestion.chosen_by == "model":
        status, level = suggestion.rules_status, suggestion.rules_level
        return "na" if status == "not_applicable" else None if level is None else str(level)
    return kind_of(suggestion)


def choose(
    model: CriterionModel,
    features: Sequence[str],
    values: dict[str, float],
    rules: str | None = None,
    keep_within: float = 0.0,
) -> str:
    """The class with the highest score, the first of equals; but `rules` (the checks' own
    kind) when its chance, read from its score as log-odds, is within `keep_within` of the
    best's."""
    return choose_and_lean(model, features, values, rules, keep_within)[0]


def choose_and_lean(
    model: CriterionModel,
    features: Sequence[str],
    values: dict[str, float],
    rules: str | None = None,
    keep_within: float = 0.0,
) -> tuple[str, str]:
    """What `choose` returns, and the best-scoring class it overruled for `rules` (or the same),
    from one scoring."""
    scores = {
        name: intercept + sum(w * values.get(f, 0.0) for f, w in zip(features, row, strict=True))
        for name, intercept, row in zip(model.classes, model.intercept, model.coef, strict=True)
    }
    best = max(model.classes, key=scores.__getitem__)
    close = rules in scores and _chance(scores[best]) - _chance(scores[rules]) <= keep_within
    return (rules if keep_within > 0 and close and rules is not None else best), best


def _chance(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))


UNTRIED = 0.5


def _describe(kind: str) -> str:
    return "not applicable" if kind == "na" else f"level {kind}"


def choose_levels(
    suggestions: Sequence[Suggestion], chars: int, model: LevelModel | None = None
) -> list[Suggestion]:
    """The suggestions with the model's level for each criterion it covers, for a text of
    `chars` characters; unchanged when there is no model or some check made no suggestion (a
    partial analysis, a rubric of other criteria)."""
    model = model if model is not None else load_level_model()
    values = None if model is None else feature_values(suggestions)
    if model is None or values is None:
        return list(suggestions)
    values[length_feature(chars)] = 1.0
    out = []
    for suggestion in suggestions:
        learned = model.criteria.get(suggestion.id)
        if learned is None or suggestion.chosen_by == "model" or chars < learned.min_chars:
            out.append(suggestion)
            continue
        rules = kind_of(suggestion)
        chosen, leaning = choose_and_lean(
            learned, model.features, values, rules, model.keep_rules_within
        )
        held = learned.confidence.get(chosen)
        # A kind the model never chose on held-out documents has no share to show: even odds.
        confidence = UNTRIED if held is None else held
        if chosen == rules and leaning != rules:
            why = (
                f"The checks' rules give {_describe(rules)}; a model reading all six checks' "
                f"findings and the text's length, fitted on {model.documents} real documents rated "
                f"by careful readers, leans to {_describe(leaning)} but finds it no clearly "
                "likelier to be acceptable, so the rules' level stands"
            )
        elif chosen == rules:
            why = (
                f"The checks' rules give {_describe(rules)}, and a model reading all six checks' "
                f"findings and the text's length, fitted on {model.documents} real documents rated "
                "by careful readers, chooses the same"
            )
        else:
            why = (
                f"{_describe(chosen).capitalize()} is chosen by a model reading all six checks' "
                f"findings and the text's length, fitted on {model.documents} real documents "
                f"rated by careful readers; the checks' rules alone give {_describe(rules or 'na')}"
            )
        if held is None:
            why += (
                f" (it never chose {_describe(chosen)} on held-out real documents, so how often "
                "that choice is acceptable is unknown: check it yourself). The rules' reading: "
            )
        else:
            why += (
                f" (held out on real documents, its choice of {_describe(chosen)} was acceptable "
                f"{round(confidence * 100)}% of the time). The rules' reading: "
            )
        out.append(
            suggestion.model_copy(
                update={
                    "suggested_level": None if chosen == "na" else int(chosen),
                    "status": "not_applicable" if chosen == "na" else "suggested",
                    "confidence": confidence,
                    "rationale": why + suggestion.rationale,
                    "chosen_by": "model",
                    "rules_level": suggestion.suggested_level,
                    "rules_status": suggestion.status,
                }
            )
        )
    return out
