"""The level-shift replay of the measurement records (evaluator/validation/level_shift.py)."""

from __future__ import annotations

from evaluator.validation.calibration import MeasurementRecord, load_records, record_paths
from evaluator.validation.level_shift import FIRST_SET, _set_number, replay, zero_as_one
from evaluator.validation.real import REAL_DIR, DisputedFigure
from tests.test_baseline import _r as _result


def _record() -> MeasurementRecord:
    results = [
        _result("critique", "sources", 2, [1, 2], 0),
        _result("critique", "denominators", 1, [1], 1),
        _result("repeater", "sources", 0, [0, 1], 0),
        _result("repeater", "denominators", 0, [0], 1),
        _result("third", "sources", 1, [1], 2),
        _result("third", "denominators", 1, [1, 2], 2),
    ]
    return MeasurementRecord(set="holdout-99", measured_at="now", commit="x", results=results)


def test_a_shift_moves_only_the_zeros_of_the_criteria_named():
    shift = zero_as_one(["sources"])
    assert shift("sources", 0) == 1
    assert shift("sources", 2) == 2
    assert shift("sources", "na") == "na"
    assert shift("denominators", 0) == 0


def test_replay_judges_shifted_levels_and_orders_the_critique_pairs():
    figure = DisputedFigure(
        id="f", figure="a figure", disputed_by=["critique"], repeated_by=["repeater"]
    )
    disputes = {"holdout-99": [figure]}
    same = replay([_record()], disputes, zero_as_one(()), "as measured")
    assert (same.suggestions, same.acceptable, same.exact) == (6, 3, 2)
    # critique (0, 1) against repeater (0, 1): a tie, so not above
    assert (same.critiques_above, same.critique_pairs) == (0, 1)
    shifted = replay([_record()], disputes, zero_as_one(["sources"]), "sources")
    # the critique's sources 0 -> 1 becomes acceptable; the repeater's stays acceptable but
    # is no longer exact
    assert (shifted.acceptable, shifted.exact) == (4, 1)
    assert shifted.critiques_above == 0  # both rose together


def test_replaying_the_records_unshifted_gives_their_own_figures():
    records = [
        r
        for r in load_records(record_paths(REAL_DIR / "measurements"))
        if (n := _set_number(r.set)) is not None and n >= FIRST_SET
    ]
    assert records
    figures = replay(records, {}, zero_as_one(()), "as measured")
    assert figures.suggestions == sum(len(r.results) for r in records)
    assert figures.acceptable == sum(x.acceptable for r in records for x in r.results)
    assert figures.exact == sum(x.exact for r in records for x in r.results)
