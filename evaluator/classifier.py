"""A small sentence classifier that backs up the rule detectors where their cues are unsure.

The model is TF-IDF over word uni/bigrams and character 2-4-grams feeding a logistic regression. It
is fitted from `evaluator/data/labelled_sentences.csv` the first time it is needed and kept for the
life of the process; nothing is ever unpickled, so the only thing it can learn from is the
repository's own labelled data.

Only what an analysis needs lives here; how well it does is measured in
`evaluator.validation.classifier_metrics` (docs/classifier.md).
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

DATA_PATH = Path(__file__).parent / "data" / "labelled_sentences.csv"

Role = Literal[
    "percentage_with_base",
    "percentage_bare",
    "source_method",
    "source_vague",
    "completeness_claim",
    "attribute_court",
    "attribute_recorded",
    "attribute_inferred",
    "attribute_unstated",
    "attribute_negated_inference",
    "scope_statement",
    "scale_with_method",
    "scale_without_method",
    "lower_bound",
    "recommendation_documented",
    "recommendation_contested",
    "recommendation_unclear",
    "caveat",
    "trap",
    "other",
]
Topic = Literal["cse", "nationality_crime", "health", "public_services", "other"]
Side = Literal["campaign", "rebuttal", "official", "neutral"]


class LabelledSentence(BaseModel):
    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1)
    role: Role
    topic: Topic
    side: Side
    note: str = ""


class RolePrediction(BaseModel):
    role: str
    probability: float = Field(ge=0.0, le=1.0)
    probabilities: dict[str, float] = Field(description="every role the model knows")

    def of(self, *roles: str) -> float:
        """Total probability of any of `roles` (e.g. all three recommendation roles)."""
        return round(sum(self.probabilities.get(role, 0.0) for role in roles), 4)


class DataError(ValueError):
    """The labelled sentence file is malformed; the message names the row."""


def load_labelled(path: Path = DATA_PATH) -> list[LabelledSentence]:
    rows: list[LabelledSentence] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["text", "role", "topic", "side", "note"]:
            raise DataError(f"{path.name}: header must be text,role,topic,side,note")
        for line, row in enumerate(reader, start=2):
            try:
                rows.append(LabelledSentence.model_validate(row))
            except ValueError as exc:
                first = str(exc).splitlines()[1:3]
                raise DataError(f"{path.name} line {line}: {' '.join(first)}") from None
    return rows


def new_pipeline() -> Pipeline:
    """An unfitted model; measurement fits its own copies to hold sentences out."""
    # Imported here so that importing the package stays cheap for code that never classifies.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            ),
        ]
    )
    model = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


_FIT_LOCK = threading.Lock()


@cache
def _fit() -> Pipeline:
    rows = load_labelled()
    pipeline = new_pipeline()
    pipeline.fit([r.text for r in rows], [r.role for r in rows])
    return pipeline


def _fitted() -> Pipeline:
    # The app fits in a background thread at start-up; the lock makes a first analysis that
    # arrives meanwhile wait for that fit instead of running a second one.
    with _FIT_LOCK:
        return _fit()


def warm_up() -> None:
    """Import scikit-learn and fit now (several seconds), so no analysis waits for it later."""
    _fitted()


def predict(texts: Sequence[str]) -> list[RolePrediction]:
    """The most likely role of each sentence, with the full distribution over roles."""
    if not texts:
        return []
    pipeline = _fitted()
    classes = [str(c) for c in pipeline.classes_]
    out = []
    for row in pipeline.predict_proba(list(texts)):
        probabilities = {role: round(float(p), 4) for role, p in zip(classes, row, strict=True)}
        best = max(probabilities, key=probabilities.__getitem__)
        out.append(
            RolePrediction(role=best, probability=probabilities[best], probabilities=probabilities)
        )
    return out
