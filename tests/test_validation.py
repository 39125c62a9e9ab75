"""Validation: the matching rules, and floors under the measured accuracy (docs/accuracy.md)."""

from __future__ import annotations

import importlib
import io
import json

import pytest

from evaluator.answer_keys import AnswerKey
from evaluator.cli import main
from evaluator.models import Findings, PercentageFinding, PlaceMention, TimePeriod
from evaluator.samples import sample_ids
from evaluator.validation import (
    Ratio,
    denominator_link_accuracy,
    run_validation,
    same_sentence,
    score_items,
    score_labelled,
    validate_samples,
)

# --- the package's public names ----------------------------------------------------------------


def test_every_public_function_and_model_is_exported_from_the_package():
    import inspect
    import pkgutil

    import evaluator.validation as validation

    assert sorted(set(validation.__all__)) == sorted(validation.__all__)
    defined = set()
    for info in pkgutil.iter_modules(validation.__path__):
        if info.name == "__main__":
            continue  # runs on import
        module = importlib.import_module(f"{validation.__name__}.{info.name}")
        defined |= {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__
        }
    assert defined <= set(validation.__all__), sorted(defined - set(validation.__all__))
    for name in validation.__all__:
        assert hasattr(validation, name), name


# --- matching ---------------------------------------------------------------------------------


def test_same_sentence_tolerates_trims_and_run_on_headings():
    key = "Of the 612 children, 229 (37.4%) were known to children's services."
    assert same_sentence("Who was affected Of the 612 children, 229 (37.4%) were known to "
                         "children's\nservices.", key)  # fmt: skip
    assert same_sentence("229 (37.4%) were known", key)
    assert not same_sentence("Of the 418 suspects, 129 had no ethnicity recorded.", key)


def _key(**items) -> AnswerKey:
    level = {
        "level": 1,
        "tolerance": 1,
        "justification": "x",
        "evidence": [{"page": 1, "quote": "x"}],
    }
    return AnswerKey.model_validate(
        {
            "id": "k",
            "title": "t",
            "topic": "t",
            "description": "d",
            "teaches": "t",
            "split": "tuning",
            "criteria": {"sources": level},
            **items,
        }
    )


def test_score_items_counts_matches_misses_and_false_alarms():
    key = _key(
        percentages=[
            {"page": 1, "sentence": "Of 30 men, 7 (24.0%) drove taxis.", "text": "24.0%",
             "value": 24.0, "denominator": 30, "count": 7, "base_defined": True,
             "consistent": False},
            {"page": 2, "sentence": "Most cases, 84%, were closed.", "text": "84%", "value": 84.0,
             "base_defined": False},
        ],
        places=[{"page": 1, "name": "Rotherham", "sentence": "In Rotherham it rained."}],
        time_periods=[{"page": 1, "sentence": "Between 1997 and 2013 it rained.", "start": 1997,
                       "end": 2013}],
    )  # fmt: skip
    findings = Findings(
        percentages=[
            PercentageFinding(page=1, sentence="Of 30 men, 7 (24.0%) drove taxis.", value=24.0,
                              denominator=30, count=7, base_defined=True, consistent=False,
                              text="24.0%"),
            PercentageFinding(page=3, sentence="Another 12% on another page.", value=12.0,
                              denominator=None, base_defined=False, consistent=None, text="12%"),
        ],
        places=[PlaceMention(page=4, name="Rotherham")],
        time_periods=[TimePeriod(page=1, sentence="Between 1997 and 2013 it rained.", start=1997,
                                 end=2012)],
    )  # fmt: skip
    scores = score_items(findings, key)
    tp, fp, fn, fields = scores["percentages"]
    assert (tp, fp, fn) == (1, 1, 1)
    assert fields["denominator"].right == 1 and fields["consistent"].right == 1
    assert scores["places"][:3] == (1, 0, 0)  # places match by name, first mention anywhere
    tp, fp, fn, fields = scores["time_periods"]
    assert (tp, fp, fn) == (1, 0, 0) and fields["years"].right == 0


def test_ratio_rate():
    r = Ratio()
    assert r.rate is None
    r.add(True)
    r.add(False)
    assert (r.right, r.total, r.rate) == (1, 2, 0.5)


def test_validate_refuses_an_unknown_sample_in_one_line():
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "--sample", "no-such-report"], out, err) == 2
    assert err.getvalue().count("\n") == 1 and "no-such-report" in err.getvalue()


def test_validate_has_help():
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--help"], out, io.StringIO())
    assert exit_info.value.code == 0


# --- floors under the measured figures --------------------------------------------------------

needs_samples = pytest.mark.skipif(len(sample_ids()) < 4, reason="sample reports not installed")
MY_CRITERIA = ("sources", "denominators", "scope")


@pytest.fixture(scope="module")
def report():
    return validate_samples()


def _agreement(report, criterion: str, split: str):
    return next(a for a in report.agreement if a.criterion == criterion and a.split == split)


def _detector(report, name: str, split: str = "all"):
    return next(d for d in report.detectors if d.detector == name and d.split == split)


@needs_samples
def test_every_sample_report_is_analysed(report):
    assert report.errors == []
    assert report.tuning_reports and report.held_out_reports
    # A reader must be able to find every quoted passage on its page.
    assert report.exact_quotes.total > 50
    assert report.exact_quotes.right == report.exact_quotes.total


@needs_samples
def test_suggestion_agreement_floors(report):
    for split, floor in (("tuning", 0.9), ("held_out", 0.75)):
        for criterion in MY_CRITERIA:
            a = _agreement(report, criterion, split)
            assert a.acceptable.rate >= floor, (criterion, split, a)
            assert a.within_one.rate >= floor, (criterion, split, a)
    # All six criteria on the tuning reports (36/36 at 483a1d8, religious-hate-crime included).
    tuning = _agreement(report, "all", "tuning")
    assert tuning.acceptable.rate >= 0.95, tuning
    # The bar, on reports not used for tuning (29/30 and 29/30 at 8001b7f).
    held_out = _agreement(report, "all", "held_out")
    assert held_out.acceptable.rate >= 0.85, held_out
    assert held_out.within_one.rate >= 0.95, held_out
    overall = _agreement(report, "all", "all")
    assert overall.acceptable.rate >= 0.85, overall
    assert overall.within_one.rate >= 0.85, overall


@needs_samples
def test_detector_floors(report):
    floors = {  # detector: (precision, recall)
        "percentages": (0.95, 0.95),
        "time_periods": (0.85, 0.85),
        "places": (0.9, 0.75),
        "scope_overlaps": (0.5, 0.4),
    }
    for name, (precision, recall) in floors.items():
        d = _detector(report, name)
        assert d.precision >= precision and d.recall >= recall, d
    fields = _detector(report, "percentages").fields
    assert fields["denominator"].rate >= 0.9
    assert fields["consistent"].rate >= 0.95  # the GRIM check agrees with the keys
    assert fields["quoted"].rate >= 0.95


def test_labelled_sentence_floors():
    scores = score_labelled()
    by_role = {r.role: r for r in scores.roles}
    for role in (
        "percentage_with_base",
        "percentage_bare",
        "source_method",
        "source_vague",
        "completeness_claim",
        "scope_statement",
    ):
        r = by_role[role]
        assert r.recall >= 0.7, r
        assert r.precision_in_family >= 0.8, r
    assert scores.traps_passed.rate >= 0.85
    for topic, ratio in scores.by_topic_recall.items():
        assert ratio.rate >= 0.75, (topic, ratio)


def test_denominator_links_and_json_output():
    report = run_validation(sample_ids=[], with_classifier=False)
    assert report.denominator_links.rate >= 0.9
    dumped = json.loads(report.model_dump_json())
    assert dumped["denominator_links"]["rate"] == report.denominator_links.rate


def test_denominator_linking_on_labelled_set_is_at_least_90_percent():
    right, total, misses = denominator_link_accuracy()
    assert total >= 60
    assert right / total >= 0.9, misses
