"""The constant answer every accuracy figure is read against (evaluator/validation/baseline.py)."""

from __future__ import annotations

from evaluator.cli import main
from evaluator.validation.baseline import (
    compare,
    constant_answer,
    format_comparisons,
    held_out_comparisons,
)
from evaluator.validation.calibration import MeasurementRecord
from evaluator.validation.real import RealResult


def _r(doc: str, criterion: str, label, acceptable, suggested) -> RealResult:
    ok = suggested in acceptable
    near = isinstance(suggested, int) and isinstance(label, int) and abs(suggested - label) <= 1
    return RealResult(
        document=doc,
        split="test",
        criterion=criterion,
        label=label,
        acceptable_levels=acceptable,
        suggested=suggested,
        confidence=0.5,
        acceptable=ok,
        within_one=ok or near,
        exact=suggested == label,
    )


def test_the_constant_is_the_level_most_often_acceptable_per_question():
    results = [
        _r("a", "sources", 1, [1, 2], 0),
        _r("b", "sources", 2, [2], 2),
        _r("c", "sources", 1, [0, 1], 0),
        _r("a", "scope", "na", ["na"], "na"),
        _r("b", "scope", 0, [0, "na"], 0),
    ]
    assert constant_answer(results) == {"sources": 1, "scope": "na"}


def test_of_equally_acceptable_levels_the_first_is_taken():
    results = [_r("a", "sources", 1, [1], 1), _r("b", "sources", 3, [3], 3)]
    assert constant_answer(results) == {"sources": 1}


def test_the_comparison_counts_what_the_tool_and_the_constant_got():
    results = [
        _r("a", "sources", 0, [0], 0),  # tool right, constant 1 within one
        _r("b", "sources", 1, [1, 2], 0),  # tool within one, constant right
        _r("c", "sources", 3, [3], 0),  # both wrong and more than one away
    ]
    row = compare("x", results, {"sources": 1})
    assert (row.tool_acceptable, row.constant_acceptable) == (1, 1)
    assert (row.tool_within_one, row.constant_within_one) == (2, 2)
    assert (row.tool_exact, row.constant_exact) == (1, 1)
    assert row.suggestions == 3


def test_each_recorded_set_is_held_against_a_constant_fitted_without_it():
    # Set one alone would fit "0"; set two alone fits "2": each must be judged by the other's.
    one = [_r(f"a{i}", "sources", 0, [0], 0) for i in range(3)]
    two = [_r(f"b{i}", "sources", 2, [2], 2) for i in range(3)]
    records = [
        MeasurementRecord(set="one", measured_at="t", commit="c", results=one),
        MeasurementRecord(set="two", measured_at="t", commit="c", results=two),
    ]
    rows = held_out_comparisons(records)
    assert [(r.set, r.tool_acceptable, r.constant_acceptable) for r in rows] == [
        ("one", 3, 0),
        ("two", 3, 0),
    ]
    table = format_comparisons(rows, "note")
    assert "| all | 6/6 (100%) | 0/6 (0%) |" in table


def test_cli_shows_the_constant_beside_the_records(capsys):
    assert main(["validate", "--calibration"]) == 0
    shown = capsys.readouterr().out
    assert "against one constant answer per question" in shown
    assert "| all |" in shown
