"""A small sentence classifier that backs up the rule detectors where their cues are unsure.

The model is TF-IDF over word uni/bigrams and character 2-4-grams feeding a logistic regression,
fitted with scikit-learn from `evaluator/data/labelled_sentences.csv` by `python -m
evaluator.training`, which writes its numbers to `evaluator/data/sentence_model.json`. Here that
file is applied in pure Python, reproducing scikit-learn's transform and `predict_proba`, so an
analysis never imports scikit-learn, scipy, pandas or numpy (importing them cost seconds in every
new process). Nothing is ever unpickled: the file holds only strings and numbers.

Only what an analysis needs lives here; how well it does is measured in
`evaluator.validation.classifier_metrics` (docs/classifier.md).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import math
import re
import sys
import threading
from array import array
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

DATA_PATH = Path(__file__).parent / "data" / "labelled_sentences.csv"
MODEL_PATH = Path(__file__).parent / "data" / "sentence_model.json"
# Bumped whenever the file's layout or the meaning of a field changes; older files are refused.
MODEL_FORMAT = 1
TRAIN_COMMAND = "python -m evaluator.training"

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


class ModelError(RuntimeError):
    """The model file is missing, of another format, or asks for a feature this applier lacks."""


def data_sha256(path: Path = DATA_PATH) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def decode_floats(text: str) -> array:
    """Little-endian float64s, base64-encoded (the model file's arrays)."""
    values = array("d")
    values.frombytes(base64.b64decode(text))
    if sys.byteorder == "big":
        values.byteswap()
    return values


# What scikit-learn's TfidfVectorizer does, for the settings the training step uses; anything
# else in the file is refused rather than applied differently.
_SUPPORTED = {
    "lowercase": True,
    "token_pattern": r"(?u)\b\w\w+\b",
    "sublinear_tf": True,
    "norm": "l2",
    "use_idf": True,
}
_WHITE_SPACES = re.compile(r"\s\s+")


class _Vectorizer:
    def __init__(self, spec: dict, offset: int) -> None:
        for key, value in _SUPPORTED.items():
            if spec.get(key) != value:
                raise ModelError(f"vectorizer {spec.get('name')!r}: {key} must be {value!r}")
        if spec["analyzer"] not in ("word", "char_wb"):
            raise ModelError(f"vectorizer {spec.get('name')!r}: analyzer {spec['analyzer']!r}")
        self.analyzer: str = spec["analyzer"]
        self.min_n, self.max_n = spec["ngram_range"]
        self.token = re.compile(spec["token_pattern"])
        # Column numbers in the joined feature space, as FeatureUnion lays the blocks side by side.
        self.index = {term: offset + i for i, term in enumerate(spec["vocabulary"])}
        self.idf = decode_floats(spec["idf"])
        self.offset = offset
        if len(self.idf) != len(self.index):
            raise ModelError(f"vectorizer {spec.get('name')!r}: idf and vocabulary differ")

    def _terms(self, text: str) -> list[str]:
        text = text.lower()
        if self.analyzer == "word":
            tokens = self.token.findall(text)
            terms = list(tokens) if self.min_n == 1 else []
            for n in range(max(self.min_n, 2), min(self.max_n, len(tokens)) + 1):
                terms += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            return terms
        terms = []
        for word in _WHITE_SPACES.sub(" ", text).split():
            padded = f" {word} "
            for n in range(self.min_n, self.max_n + 1):
                terms += [padded[i : i + n] for i in range(max(len(padded) - n, 0) + 1)]
                if len(padded) <= n:  # a short word counts once, as scikit-learn does
                    break
        return terms

    def features(self, text: str) -> list[tuple[int, float]]:
        """(column, weight) in column order: sublinear tf times idf, then l2-normalised."""
        counts: dict[int, int] = {}
        for term in self._terms(text):
            column = self.index.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        weights = [
            (column, (math.log(count) + 1.0) * self.idf[column - self.offset])
            for column, count in sorted(counts.items())
        ]
        total = 0.0
        for _, weight in weights:
            total += weight * weight
        if total == 0.0:
            return []
        norm = math.sqrt(total)
        return [(column, weight / norm) for column, weight in weights]


class SentenceModel:
    """The fitted pipeline's numbers, applied as scikit-learn would apply them."""

    def __init__(self, spec: dict) -> None:
        if spec.get("format") != MODEL_FORMAT:
            raise ModelError(
                f"{MODEL_PATH.name}: format {spec.get('format')!r}, expected {MODEL_FORMAT}; "
                f"run `{TRAIN_COMMAND}`"
            )
        if spec.get("probability") != "softmax":
            raise ModelError(f"probability {spec.get('probability')!r} is not supported")
        self.data_sha256: str = spec["data_sha256"]
        self.classes: list[str] = spec["classes"]
        self.vectorizers: list[_Vectorizer] = []
        offset = 0
        for vectorizer_spec in spec["vectorizers"]:
            vectorizer = _Vectorizer(vectorizer_spec, offset)
            self.vectorizers.append(vectorizer)
            offset += len(vectorizer.index)
        # One row of class weights per feature, so a sentence touches only its own features' rows.
        self.coef_by_feature = decode_floats(spec["coef_by_feature"])
        self.intercept = decode_floats(spec["intercept"])
        if len(self.coef_by_feature) != offset * len(self.classes):
            raise ModelError("coefficients do not match the vocabularies and classes")
        if len(self.intercept) != len(self.classes):
            raise ModelError("intercepts do not match the classes")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceModel:
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"{path} is missing; run `{TRAIN_COMMAND}`") from None
        return cls(spec)

    def predict_proba(self, text: str) -> list[float]:
        width = len(self.classes)
        coef = self.coef_by_feature
        scores = [0.0] * width
        for vectorizer in self.vectorizers:
            for column, weight in vectorizer.features(text):
                row = coef[column * width : (column + 1) * width]
                scores = [s + weight * c for s, c in zip(scores, row, strict=True)]
        decision = [s + b for s, b in zip(scores, self.intercept, strict=True)]
        top = max(decision)
        exps = [math.exp(d - top) for d in decision]
        total = sum(exps)
        return [e / total for e in exps]


_LOAD_LOCK = threading.Lock()


@cache
def _load() -> SentenceModel:
    return SentenceModel.load()


def _model() -> SentenceModel:
    # The app loads the model in a background thread at start-up; the lock makes a first
    # analysis that arrives meanwhile wait for that load instead of running a second one.
    with _LOAD_LOCK:
        return _load()


def warm_up() -> None:
    """Read the model file now (a few milliseconds), so no analysis waits for it later."""
    _model()


def predict(texts: Sequence[str]) -> list[RolePrediction]:
    """The most likely role of each sentence, with the full distribution over roles."""
    if not texts:
        return []
    model = _model()
    out = []
    for text in texts:
        row = model.predict_proba(text)
        probabilities = {role: round(p, 4) for role, p in zip(model.classes, row, strict=True)}
        best = max(probabilities, key=probabilities.__getitem__)
        out.append(
            RolePrediction(role=best, probability=probabilities[best], probabilities=probabilities)
        )
    return out
