"""The labelled sentence set and the sentence classifier trained on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from evaluator import classifier
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


def test_model_is_fitted_once_per_process():
    assert classifier._fitted() is classifier._fitted()


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


def test_concurrent_first_calls_fit_once(monkeypatch):
    # The app fits in a background thread while a first analysis may already need the model.
    import threading

    fits = []
    real = classifier.new_pipeline

    def counting_pipeline():
        fits.append(1)
        return real()

    monkeypatch.setattr(classifier, "new_pipeline", counting_pipeline)
    classifier._fit.cache_clear()
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(classifier._fitted())) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fits) == 1
    assert results[0] is results[1] is results[2]
