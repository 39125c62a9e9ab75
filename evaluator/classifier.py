"""A small sentence classifier that backs up the rule detectors where their cues are unsure.

For validation (C1): call `cross_validated_metrics()` for stratified k-fold figures on the labelled
sentence set, and `cross_topic_metrics()` for train-on-one-topic, test-on-the-rest figures. Both
return `ClassifierMetrics` and are deterministic for a given data file. `rule_checks()` gives the
attribute, scale and recommendation rules' figures on the same sentences, by topic.
`python -m evaluator.classifier` prints all three.

The model is TF-IDF over word uni/bigrams and character 2-4-grams feeding a logistic regression. It
is fitted from `evaluator/data/labelled_sentences.csv` the first time it is needed and kept for the
life of the process; nothing is ever unpickled, so the only thing it can learn from is the
repository's own labelled data.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

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


class RoleScores(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class ClassifierMetrics(BaseModel):
    scheme: str = Field(description="how the held-out predictions were produced")
    sentences: int
    accuracy: float
    macro_f1: float
    per_role: dict[str, RoleScores]
    family_accuracy: dict[str, float] = Field(
        description="accuracy within each family of roles, among sentences of that family"
    )


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


def _pipeline():
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
def _fit():
    rows = load_labelled()
    pipeline = _pipeline()
    pipeline.fit([r.text for r in rows], [r.role for r in rows])
    return pipeline


def _fitted():
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


FAMILIES: dict[str, tuple[str, ...]] = {
    "attribute": (
        "attribute_court",
        "attribute_recorded",
        "attribute_inferred",
        "attribute_unstated",
        "attribute_negated_inference",
    ),
    "recommendation": (
        "recommendation_documented",
        "recommendation_contested",
        "recommendation_unclear",
    ),
    "scale": ("scale_with_method", "scale_without_method", "lower_bound"),
    "percentage": ("percentage_with_base", "percentage_bare"),
    "source": ("source_method", "source_vague", "completeness_claim"),
}


def _score(scheme: str, truth: list[str], predicted: list[str]) -> ClassifierMetrics:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_role = {
        label: RoleScores(
            precision=round(float(p), 3),
            recall=round(float(r), 3),
            f1=round(float(f), 3),
            support=int(s),
        )
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    family_accuracy = {}
    for family, roles in FAMILIES.items():
        pairs = [(t, p) for t, p in zip(truth, predicted, strict=True) if t in roles]
        if pairs:
            family_accuracy[family] = round(sum(t == p for t, p in pairs) / len(pairs), 3)
    return ClassifierMetrics(
        scheme=scheme,
        sentences=len(truth),
        accuracy=round(float(accuracy_score(truth, predicted)), 3),
        macro_f1=round(
            float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 3
        ),
        per_role=per_role,
        family_accuracy=family_accuracy,
    )


def cross_validated_metrics(folds: int = 5, seed: int = 0) -> ClassifierMetrics:
    """Stratified k-fold: every sentence is predicted by a model that never saw it."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows = load_labelled()
    texts = [r.text for r in rows]
    truth = [r.role for r in rows]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    predicted = cross_val_predict(_pipeline(), texts, truth, cv=splitter)
    return _score(f"stratified {folds}-fold, seed {seed}", truth, [str(p) for p in predicted])


def cross_topic_metrics(train_topic: str = "cse") -> ClassifierMetrics:
    """Fit on one topic only and predict every sentence of the other topics."""
    rows = load_labelled()
    train = [r for r in rows if r.topic == train_topic]
    test = [r for r in rows if r.topic != train_topic]
    if not train or not test:
        raise DataError(f"topic {train_topic!r} leaves nothing to train on or to test")
    pipeline = _pipeline()
    pipeline.fit([r.text for r in train], [r.role for r in train])
    predicted = [str(p) for p in pipeline.predict([r.text for r in test])]
    return _score(
        f"trained on topic {train_topic!r} only, tested on the other topics",
        [r.role for r in test],
        predicted,
    )


class Rate(BaseModel):
    right: int
    total: int
    rate: float


def _rate(right: int, total: int) -> Rate:
    return Rate(right=right, total=total, rate=round(right / total, 3) if total else 0.0)


def rule_checks(rows: list[LabelledSentence] | None = None) -> dict[str, Rate]:
    """How the rule detectors for attributes, scale and recommendations do on the labelled
    sentences, each sentence read as a one-sentence document (so no paragraph or method context).

    Keys name the check and, after a colon, the slice: "all", a topic, or "non_cse".
    """
    from .checks import Context, recommendations
    from .checks import attribute_provenance as attributes
    from .checks import extrapolation as scale
    from .models import Document, Page

    rows = load_labelled() if rows is None else rows
    provenance_of = {
        "attribute_court": "court",
        "attribute_recorded": "recorded",
        "attribute_inferred": "inferred",
        "attribute_unstated": None,
    }
    hinge_of = {
        "recommendation_documented": "documented_failure",
        "recommendation_contested": "contested_statistic",
        "recommendation_unclear": "unclear",
    }
    tallies: dict[str, list[int]] = {}

    def count(name: str, row: LabelledSentence, ok: bool) -> None:
        slices = ["all", row.topic] + (["non_cse"] if row.topic != "cse" else [])
        for part in slices:
            tally = tallies.setdefault(f"{name}:{part}", [0, 0])
            tally[0] += ok
            tally[1] += 1

    for row in rows:
        document = Document(sha256="0" * 64, source="text", pages=[Page(number=1, text=row.text)])
        context = Context.build(document)
        if row.role in provenance_of:
            cue = attributes.provenance_cue(row.text)
            count("provenance_cue", row, (cue[0] if cue else None) == provenance_of[row.role])
        if row.role in ("attribute_negated_inference", "trap"):
            claims = attributes.detect(context).attribute_claims
            inferred = [c for c in claims if c.provenance == "inferred" and not c.quoted]
            count("no_false_inference", row, not inferred)
        if row.role in ("scale_with_method", "scale_without_method", "lower_bound"):
            found = scale.detect(context).scale_claims
            count("scale_found", row, bool(found))
            if row.role == "lower_bound":
                count("lower_bound_marked", row, any(c.lower_bound for c in found))
            if row.role == "scale_without_method":
                count("no_method_marked", row, bool(found) and not found[0].method_stated)
        if row.role in hinge_of:
            found = recommendations.detect(context).recommendations
            count("recommendation_found", row, bool(found))
            count("hinge_right", row, [r.hinge for r in found] == [hinge_of[row.role]])
        if row.role in ("trap", "caveat", "other", "scope_statement"):
            count("no_false_scale", row, not scale.detect(context).scale_claims)
            count(
                "no_false_recommendation", row, not recommendations.detect(context).recommendations
            )
    return {name: _rate(*tally) for name, tally in sorted(tallies.items())}


if __name__ == "__main__":  # pragma: no cover - `python -m evaluator.classifier` prints figures
    import json

    for metrics in (cross_validated_metrics(), cross_topic_metrics()):
        print(json.dumps(metrics.model_dump(), indent=2))
    checks = rule_checks()
    print(json.dumps({name: rate.model_dump() for name, rate in checks.items()}, indent=2))
