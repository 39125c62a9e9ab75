"""Confidence as a chance of being right (evaluator/calibration.py) and how it is fitted
(evaluator/validation/calibration.py)."""

from __future__ import annotations

from evaluator.analysis import analyze
from evaluator.calibration import (
    HIGH,
    LOW,
    Steps,
    apply_steps,
    band,
    band_words,
    calibration_key,
    confidence_words,
    load_calibration,
)
from evaluator.ingest import load_path
from evaluator.rubrics import default_rubric
from evaluator.samples import sample_pdf_path
from evaluator.validation.calibration import left_out, pav_steps, reliability
from evaluator.validation.real import RealResult


def test_pav_steps_rise_and_never_claim_certainty_on_few_cases():
    steps = pav_steps([(0.2, True), (0.3, False), (0.3, False), (0.5, True), (0.9, True)])
    assert steps.raw == sorted(steps.raw)
    assert steps.calibrated == sorted(steps.calibrated)
    assert all(0 < c < 1 for c in steps.calibrated)
    # 0.2 (right) then 0.3 (wrong twice) violate the order and are pooled into one step.
    assert steps.raw[0] == 0.2 and steps.calibrated[0] == round((1 + 1) / (3 + 2), 3)
    assert pav_steps([(0.5, True)]).calibrated == [round(2 / 3, 3)]


def test_apply_steps_takes_the_step_a_score_falls_on():
    steps = Steps(raw=[0.3, 0.5], calibrated=[0.4, 0.9])
    assert apply_steps(steps, 0.1) == 0.4  # below the first step: the first step
    assert apply_steps(steps, 0.3) == 0.4
    assert apply_steps(steps, 0.49) == 0.4
    assert apply_steps(steps, 0.5) == 0.9
    assert apply_steps(steps, 1.0) == 0.9


def test_keys_bands_and_words():
    assert calibration_key("scope", "suggested") == "scope"
    assert calibration_key("scope", "not_applicable") == "scope/not_applicable"
    assert calibration_key("scope", "no_suggestion") is None
    assert band(HIGH) == "high" and band(LOW) == "medium" and band(LOW - 0.01) == "low"
    assert band_words(0.1) == "low: check this yourself"
    assert confidence_words(0.92) == "92% (high)"


def _result(doc: str, raw: float, ok: bool) -> RealResult:
    return RealResult(
        document=doc,
        split="dev",
        criterion="sources",
        label=2,
        acceptable_levels=[2],
        suggested=2 if ok else 0,
        confidence=raw,
        acceptable=ok,
        within_one=ok,
        exact=ok,
    )


def test_left_out_calibrates_each_document_without_its_own_results():
    results = [_result("a", 0.5, True)] * 5 + [_result(d, 0.5, False) for d in "bcdef"]
    held = {round(c, 3) for key, c, ok in left_out(results) if ok}
    # Document a's five acceptable results never raise its own calibrated confidence.
    assert held == {round((0 + 1) / (5 + 2), 3)}


def test_reliability_and_expected_calibration_error():
    report = reliability([(0.95, True), (0.95, True), (0.1, False), (0.1, True)], bins=5)
    assert [r.suggestions for r in report.rows] == [2, 0, 0, 0, 2]
    assert report.expected_calibration_error == round((2 * 0.05 + 2 * 0.4) / 4, 3)
    assert report.bands == {"high": (2, 2), "low": (1, 2)}


def test_the_shipped_calibration_is_applied_on_top_of_the_checks_own_score():
    calibration = load_calibration()
    assert calibration is not None and "real_reports" in calibration.fitted_on
    ids = {c.id for c in default_rubric().criteria}
    for key, steps in calibration.criteria.items():
        assert key.split("/")[0] in ids
        assert steps.raw == sorted(steps.raw) and steps.calibrated == sorted(steps.calibrated)
    analysis = analyze(load_path(sample_pdf_path("kirkford-audit")), default_rubric())
    for s in analysis.criteria:
        assert s.confidence_raw is not None
        key = calibration_key(s.id, s.status)
        if key in calibration.criteria:
            assert s.confidence == apply_steps(calibration.criteria[key], s.confidence_raw)
        else:
            assert s.confidence == s.confidence_raw
