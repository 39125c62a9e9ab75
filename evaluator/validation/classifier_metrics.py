"""The sentence classifier and the attribute, scale and recommendation rules measured on the
labelled sentence set.

`cross_validated_metrics()` gives stratified k-fold figures and `cross_topic_metrics()`
train-on-one-topic, test-on-the-rest figures; both return `ClassifierMetrics` and are
deterministic for a given data file. `rule_checks()` gives the rules' figures on the same
sentences, by topic. `python -m evaluator.validation` prints all three.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..checks import attribute_provenance as attributes
from ..checks import extrapolation as scale
from ..checks import recommendations
from ..checks.common import text_context
from ..classifier import DataError, LabelledSentence, load_labelled, new_pipeline
from .labelled import FAMILIES


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
    predicted = cross_val_predict(new_pipeline(), texts, truth, cv=splitter)
    return _score(f"stratified {folds}-fold, seed {seed}", truth, [str(p) for p in predicted])


def cross_topic_metrics(train_topic: str = "cse") -> ClassifierMetrics:
    """Fit on one topic only and predict every sentence of the other topics."""
    rows = load_labelled()
    train = [r for r in rows if r.topic == train_topic]
    test = [r for r in rows if r.topic != train_topic]
    if not train or not test:
        raise DataError(f"topic {train_topic!r} leaves nothing to train on or to test")
    pipeline = new_pipeline()
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


_PROVENANCE_OF = {
    "attribute_court": "court",
    "attribute_recorded": "recorded",
    "attribute_inferred": "inferred",
    "attribute_unstated": None,
}
_HINGE_OF = {
    "recommendation_documented": "documented_failure",
    "recommendation_contested": "contested_statistic",
    "recommendation_unclear": "unclear",
}


def rule_checks(rows: list[LabelledSentence] | None = None) -> dict[str, Rate]:
    """How the rule detectors for attributes, scale and recommendations do on the labelled
    sentences, each sentence read as a one-sentence document (so no paragraph or method context).

    Keys name the check and, after a colon, the slice: "all", a topic, or "non_cse".
    """
    rows = load_labelled() if rows is None else rows
    tallies: dict[str, list[int]] = {}

    def count(name: str, row: LabelledSentence, ok: bool) -> None:
        slices = ["all", row.topic] + (["non_cse"] if row.topic != "cse" else [])
        for part in slices:
            tally = tallies.setdefault(f"{name}:{part}", [0, 0])
            tally[0] += ok
            tally[1] += 1

    for row in rows:
        context = text_context(row.text)
        if row.role in _PROVENANCE_OF:
            cue = attributes.provenance_cue(row.text)
            count("provenance_cue", row, (cue[0] if cue else None) == _PROVENANCE_OF[row.role])
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
        if row.role in _HINGE_OF:
            found = recommendations.detect(context).recommendations
            count("recommendation_found", row, bool(found))
            count("hinge_right", row, [r.hinge for r in found] == [_HINGE_OF[row.role]])
        if row.role in ("trap", "caveat", "other", "scope_statement"):
            count("no_false_scale", row, not scale.detect(context).scale_claims)
            count(
                "no_false_recommendation", row, not recommendations.detect(context).recommendations
            )
    return {name: _rate(*tally) for name, tally in sorted(tallies.items())}
