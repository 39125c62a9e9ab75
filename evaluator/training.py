"""Fit the sentence classifier with scikit-learn and write its numbers into the package.

`python -m evaluator.training` refits the model from `evaluator/data/labelled_sentences.csv` and
rewrites `evaluator/data/sentence_model.json`; `--check` only says whether the file is current.
Run it whenever the labelled sentences change (tests/test_classifier.py fails until it is run).
The analysis applies the file without scikit-learn (`evaluator.classifier.SentenceModel`).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .classifier import (
    DATA_PATH,
    MODEL_FORMAT,
    MODEL_PATH,
    TRAIN_COMMAND,
    data_sha256,
    load_labelled,
    new_pipeline,
)

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


def fit(path: Path = DATA_PATH) -> Pipeline:
    rows = load_labelled(path)
    pipeline = new_pipeline()
    pipeline.fit([r.text for r in rows], [r.role for r in rows])
    return pipeline


def _floats(values: Any) -> str:
    import numpy as np

    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def export(pipeline: Pipeline, sha256: str) -> dict[str, Any]:
    """The fitted pipeline as plain data: what `SentenceModel` needs to reproduce it exactly."""
    import sklearn

    features, model = pipeline.named_steps["features"], pipeline.named_steps["model"]
    if len(model.classes_) <= 2:  # scikit-learn's binary case is not a softmax
        raise ValueError("the applier handles three or more classes only")
    vectorizers = []
    for name, vectorizer in features.transformer_list:
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        vectorizers.append(
            {
                "name": name,
                "analyzer": vectorizer.analyzer,
                "ngram_range": list(vectorizer.ngram_range),
                "lowercase": vectorizer.lowercase,
                "token_pattern": vectorizer.token_pattern,
                "sublinear_tf": vectorizer.sublinear_tf,
                "norm": vectorizer.norm,
                "use_idf": vectorizer.use_idf,
                "idf": _floats(vectorizer.idf_),
                "vocabulary": vocabulary,
            }
        )
    return {
        "format": MODEL_FORMAT,
        "what": "sentence classifier: TF-IDF (words, char_wb) + multinomial logistic regression",
        "made_by": TRAIN_COMMAND,
        "data_file": DATA_PATH.name,
        "data_sha256": sha256,
        "scikit_learn": sklearn.__version__,
        "probability": "softmax",
        "classes": [str(c) for c in model.classes_],
        "intercept": _floats(model.intercept_),
        # Transposed (features x classes, row-major) so a sentence reads only its own rows.
        "coef_by_feature": _floats(model.coef_.T),
        "vectorizers": vectorizers,
    }


def render(spec: dict[str, Any]) -> str:
    # One vocabulary term per line keeps a retraining's diff readable.
    return json.dumps(spec, indent=0, ensure_ascii=False) + "\n"


def train(data: Path = DATA_PATH) -> str:
    """The model file's text, fitted afresh from `data`."""
    return render(export(fit(data), data_sha256(data)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluator.training", description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the model file was not made from the current labelled sentences",
    )
    args = parser.parse_args(argv)
    if args.check:
        recorded = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["data_sha256"]
        if recorded != data_sha256():
            print(f"{MODEL_PATH.name} is stale: run `{TRAIN_COMMAND}`", file=sys.stderr)
            return 1
        print(f"{MODEL_PATH.name} matches {DATA_PATH.name}")
        return 0
    MODEL_PATH.write_text(train(), encoding="utf-8")
    print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
