"""The labelled sentence set and the sentence classifier trained on it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from evaluator import classifier, training
from evaluator.classifier import DataError, load_labelled, predict
from evaluator.validation import cross_topic_metrics, cross_validated_metrics, rule_checks


def test_labelled_set_is_large_balanced_and_two_sided():
    rows = load_labelled()
    assert len(rows) >= 350
    assert len({r.text for r in rows}) == len(rows), "duplicate sentences"
    roles = Counter(r.role for r in rows)
    assert set(roles) == set(classifier.Role.__args__)
    assert min(roles.values()) >= 10, roles
    assert {r.topic for r in rows} == {
        "cse",
        "nationality_crime",
        "health",
        "public_services",
        "other",
    }
    for role in ("percentage_bare", "attribute_unstated", "recommendation_contested"):
        sides = {r.side for r in rows if r.role == role}
        assert {"campaign", "rebuttal"} <= sides, role
    non_cse = sum(r.topic != "cse" for r in rows)
    assert non_cse / len(rows) >= 0.4


def test_malformed_row_names_its_line(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "text,role,topic,side,note\nA fine sentence.,other,cse,neutral,\n"
        "Another one.,not_a_role,cse,neutral,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="line 3"):
        load_labelled(bad)


def test_wrong_header_is_refused(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("sentence,label\nx,y\n", encoding="utf-8")
    with pytest.raises(DataError, match="header"):
        load_labelled(bad)


def test_predictions_are_distributions_over_known_roles():
    out = predict(["We did not infer ethnicity from names.", "Something must be done."])
    assert len(out) == 2
    for prediction in out:
        assert abs(sum(prediction.probabilities.values()) - 1.0) < 0.01
        assert prediction.role in classifier.Role.__args__
        assert prediction.probability == max(prediction.probabilities.values())
    assert predict([]) == []


def test_model_is_loaded_once_per_process():
    assert classifier._model() is classifier._model()


def test_obvious_sentences_get_their_role():
    out = predict(
        [
            "We did not infer anyone's ethnicity from their surname or photograph.",
            "We recommend that agencies share information, as the case review found they did not.",
        ]
    )
    assert out[0].role == "attribute_negated_inference"
    assert out[1].of("recommendation_documented", "recommendation_unclear") > 0.5


def test_never_loads_a_pickle():
    source = Path(classifier.__file__).read_text(encoding="utf-8")
    for word in ("import pickle", "import joblib", "pickle.load", "joblib.load", "skops"):
        assert word not in source


def test_cross_validated_metrics_stay_above_floors():
    metrics = cross_validated_metrics()
    assert metrics.sentences == len(load_labelled())
    # Floors sit under the figures in docs/classifier.md (accuracy 0.55, macro F1 0.54).
    assert metrics.accuracy >= 0.45
    assert metrics.macro_f1 >= 0.44
    assert metrics.family_accuracy["attribute"] >= 0.5
    assert metrics.per_role["attribute_negated_inference"].recall >= 0.7
    assert set(metrics.per_role) == set(classifier.Role.__args__)


def test_cross_topic_metrics_report_a_transfer_figure():
    metrics = cross_topic_metrics("cse")
    rows = load_labelled()
    assert metrics.sentences == sum(r.topic != "cse" for r in rows)
    assert metrics.accuracy >= 0.3
    with pytest.raises(DataError):
        cross_topic_metrics("no_such_topic")


def test_rule_checks_on_labelled_sentences_stay_above_floors():
    checks = rule_checks()
    floors = {
        "provenance_cue:all": 0.9,
        "no_false_inference:all": 0.95,
        "recommendation_found:all": 0.9,
        "hinge_right:all": 0.85,
        "scale_found:all": 0.8,
        "lower_bound_marked:all": 0.8,
        "no_false_scale:all": 0.95,
        "no_false_recommendation:all": 0.95,
        # The rules must work off the topic they were first written for.
        "recommendation_found:non_cse": 0.9,
        "scale_found:non_cse": 0.8,
        "provenance_cue:non_cse": 0.9,
    }
    for name, floor in floors.items():
        assert checks[name].rate >= floor, (name, checks[name])


def test_rule_checks_count_each_slice():
    rows = [r for r in load_labelled() if r.role == "lower_bound"]
    checks = rule_checks(rows)
    assert checks["lower_bound_marked:all"].total == len(rows)
    assert checks["scale_found:non_cse"].total == sum(r.topic != "cse" for r in rows)
    assert "hinge_right:all" not in checks


def test_concurrent_first_calls_load_once(monkeypatch):
    # The app loads the model in a background thread while a first analysis may already need it.
    import threading

    loads = []
    real = classifier.SentenceModel.load

    def counting_load(*args, **kwargs):
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(classifier.SentenceModel, "load", counting_load)
    classifier._load.cache_clear()
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(classifier._model())) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert results[0] is results[1] is results[2]


# --- the model file: made by the training step, applied without scikit-learn -------------------

# Sentences no one labelled: odd spacing, case, accents, digits, one-letter words, nothing known.
INVENTED = [
    "",
    "   ",
    "a",
    "zzzzqqq xxyyzz",
    "ÜBER 50 %  of ALL cases\u2014in 2023\u2014were referred to the council's panel.",
    "We recommend that the Home Office publishes its method,\tas the review found it did not.",
    "Names were used to infer ethnicity in 12 of 40 (30%) cases.",
    "日本語のテキスト 12% the the the the",
    "I",
    "Most offenders are white, according to the campaign's leaflet.",
]


def _committed_spec() -> dict:
    return json.loads(classifier.MODEL_PATH.read_text(encoding="utf-8"))


def test_model_file_was_made_from_the_current_labelled_sentences():
    recorded = _committed_spec()["data_sha256"]
    assert recorded == classifier.data_sha256(), (
        f"{classifier.DATA_PATH.name} changed since {classifier.MODEL_PATH.name} was made: "
        f"run `{classifier.TRAIN_COMMAND}` and commit the new model file"
    )


@pytest.fixture(scope="module")
def refitted():
    return training.fit()


def test_refitting_reproduces_the_committed_model(refitted):
    committed = _committed_spec()
    fresh = training.export(refitted, classifier.data_sha256())
    # Vocabularies, idf, classes and settings are exact; the fitted weights come from an iterative
    # solver whose last bits may differ between platforms, so they are held to the predictions.
    weights = ("coef_by_feature", "intercept", "scikit_learn")
    assert {k: v for k, v in fresh.items() if k not in weights} == {
        k: v for k, v in committed.items() if k not in weights
    }
    texts = [r.text for r in load_labelled()] + INVENTED
    model = classifier.SentenceModel(committed)
    for text, expected in zip(texts, refitted.predict_proba(texts), strict=True):
        assert model.predict_proba(text) == pytest.approx(list(expected), abs=1e-9), text


def test_applier_equals_scikit_learn_on_every_sentence(refitted):
    texts = [r.text for r in load_labelled()] + INVENTED
    model = classifier.SentenceModel(_committed_spec())
    fresh = classifier.SentenceModel(training.export(refitted, "-"))
    assert model.classes == [str(c) for c in refitted.classes_]
    for text, expected in zip(texts, refitted.predict_proba(texts), strict=True):
        assert fresh.predict_proba(text) == pytest.approx(list(expected), abs=1e-9), text


def test_a_model_file_of_another_format_is_refused():
    spec = _committed_spec()
    spec["format"] = classifier.MODEL_FORMAT + 1
    with pytest.raises(classifier.ModelError, match=r"evaluator\.training"):
        classifier.SentenceModel(spec)
    spec = _committed_spec()
    spec["vectorizers"][0]["sublinear_tf"] = False
    with pytest.raises(classifier.ModelError, match="sublinear_tf"):
        classifier.SentenceModel(spec)


_PROBE = """
import sys
from pathlib import Path
import evaluator
from evaluator.classifier import predict

document = evaluator.load(Path({path!r}), cache=False)
evaluator.analyze(document, evaluator.resolve_rubric())
assert predict(["We recommend that agencies share information."])
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"sklearn", "scipy", "pandas", "numpy"}})
print(",".join(heavy) or "none")
"""


def test_an_analysis_imports_no_scikit_learn_scipy_pandas_or_numpy():
    sample = Path(__file__).resolve().parent.parent / "sample_reports" / "kirkford-audit"
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(path=str(sample / "source.md"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "none"
