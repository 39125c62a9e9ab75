"""Sources and sampling: kinds of source, methods, selection rules, completeness claims."""

from __future__ import annotations

from evaluator.checks.common import text_context as _context
from evaluator.checks.sources import detect, suggest


def _kinds(text: str) -> set[str]:
    return {f.kind for f in detect(_context(text)).sources}


def test_kinds_of_source_across_topics():
    assert "police_records" in _kinds("Figures come from the Police National Computer.")
    assert "court_records" in _kinds("We read the sentencing remarks in every case.")
    assert "foi" in _kinds("We sent Freedom of Information requests to all 43 forces.")
    assert "interviews" in _kinds("We interviewed 46 survivors and 12 social workers.")
    assert "official_statistics" in _kinds("Population figures are from the 2021 Census.")
    assert "case_files" in _kinds("Auditors read 300 patient records at two hospitals.")
    assert "anonymous_submissions" in _kinds("Most accounts were anonymous submissions online.")


def test_survey_sample_size_and_response_rate():
    (survey,) = [
        f
        for f in detect(
            _context("The staff survey had 1,150 respondents, a response rate of 38%.")
        ).sources
        if f.kind == "survey"
    ]
    assert survey.sample_size == 1150
    assert survey.response_rate == 38.0


def test_press_reports_are_vague_unless_the_search_is_described():
    vague = detect(_context("Our figures come from media reports.")).sources
    assert [(f.kind, f.vague) for f in vague] == [("media_reports", True)]
    searched = detect(
        _context("We searched Nexis for news reports from 2005 to 2017 using the search terms.")
    ).sources
    assert ("media_reports", False) in [(f.kind, f.vague) for f in searched]


def test_negated_source_is_not_a_source():
    assert "media_reports" not in _kinds(
        "We did not infer ethnicity from names, photographs or press reports."
    )
    assert "interviews" not in _kinds("Many suspects were never arrested or interviewed.")


def test_methods_heading_and_not_a_sentence_that_mentions_method():
    assert "methods_section" in _kinds("2. Data and method\nThe audit drew on three datasets.")
    assert "methods_section" not in _kinds(
        "The method assumes that appearing on one list is independent."
    )


def test_completeness_claims_supported_or_not():
    bare = detect(_context("Our comprehensive research proves the pattern beyond doubt.")).sources
    claims = [f for f in bare if f.kind == "completeness_claim"]
    assert claims and claims[0].supported is False
    backed = detect(
        _context(
            "2. Methods\nCases were included if a conviction was recorded. "
            "This is a comprehensive list of convictions in the county."
        )
    ).sources
    assert [f.supported for f in backed if f.kind == "completeness_claim"] == [True]


def test_denied_or_quoted_completeness_is_not_a_claim():
    kinds = _kinds("The data are not comprehensive and give no full picture of offending.")
    assert "completeness_claim" not in kinds and "limitation" in kinds
    assert "completeness_claim" not in _kinds(
        "The think tank claimed its list was comprehensive, but it named no database."
    )


def test_suggestion_levels_follow_the_rubric():
    vague = _context(
        "Our research shows that 84% of offenders were Asian. The data are irrefutable."
    )
    s = suggest(detect(vague), vague)
    assert s.suggested_level == 0
    assert "completeness claim" in s.rationale

    named_only = _context("Figures are from police records. 40% of suspects were aged under 25.")
    assert suggest(detect(named_only), named_only).suggested_level == 1

    full = _context(
        "2. Data and method\nWe used police records and court records for 2015 to 2023. "
        "Cases were included if a child was named; we searched every file flagged as CSE. "
        "Screened out: 1,004 records. Records kept: 1,126. "
        "The figures are incomplete: children who never came to notice are missing. "
        "The case list can be inspected on request."
    )
    s = suggest(detect(full), full)
    assert s.suggested_level == 3
    assert all(e.quote in full.document.pages[0].text for e in s.evidence)


def test_symmetry_vague_rebuttal_is_marked_down_like_vague_campaign():
    rebuttal = _context("It is well known that most offenders are white, as studies show.")
    s = suggest(detect(rebuttal), rebuttal)
    assert s.suggested_level == 0


def test_nothing_found_is_no_suggestion():
    ctx = _context("The meeting agreed the plan.")
    s = suggest(detect(ctx), ctx)
    assert s.status == "no_suggestion" and s.suggested_level is None


def test_inclusion_rule_with_a_recording_window_and_an_admitted_undercount():
    assert "sampling_frame" in _kinds(
        "The figures include every crime recorded in 2019/20 to 2023/24 that carried a "
        "hate-crime flag on 30 April of the following year."
    )
    assert "sampling_frame" not in _kinds("Every crime recorded in 2023 was serious.")
    assert "limitation" in _kinds("The published counts are therefore likely to be too low.")
    assert "limitation" not in _kinds("The published counts are too low to matter here.")
