"""Scale and extrapolation claims: what counts, method and uncertainty, and the suggested level."""

from __future__ import annotations

import pytest

from evaluator.checks.common import text_context as _context
from evaluator.checks.extrapolation import detect, suggest
from evaluator.classifier import load_labelled


def _claims(*pages: str):
    return detect(_context(*pages)).scale_claims


@pytest.mark.parametrize(
    "sentence",
    [
        "Up to a million children have been abused by grooming gangs nationwide.",
        "Hundreds of thousands of girls have been raped by these gangs across the country.",
        "That is 19,000 girls a year for 30 years, so more than half a million victims.",
        "As many as 100,000 foreign criminals are walking our streets.",
    ],
)
def test_unsupported_totals_are_claims_without_method_or_range(sentence):
    claims = _claims(sentence)
    assert len(claims) == 1
    assert not claims[0].uncertainty_stated
    assert not claims[0].lower_bound


def test_honest_lower_bound_is_a_bound_not_a_fault():
    claims = _claims(
        "At least 1,400 children were sexually exploited in Rotherham between 1997 and 2013."
    )
    assert len(claims) == 1
    assert claims[0].lower_bound
    assert claims[0].uncertainty_stated


def test_estimate_with_method_and_interval():
    claims = _claims(
        "Using capture-recapture across police, health and council lists, we estimate between "
        "2,100 and 3,400 victims in the county (95% interval)."
    )
    assert len(claims) == 1
    assert claims[0].method_stated and claims[0].uncertainty_stated


def test_method_in_the_previous_paragraph_carries_to_the_estimate():
    claims = _claims(
        "To gauge how many were missed, we used two-source capture-recapture.\n\n"
        "The central estimate is 852 children over the eight years, with a 95% interval of "
        "787 to 918."
    )
    assert len(claims) == 1
    assert claims[0].method_stated and claims[0].uncertainty_stated


@pytest.mark.parametrize(
    "sentence",
    [
        "The inquiry team read 1.25 million pages of documents.",
        "The trust spent £4.5 million on agency staff last year.",
        "The city has a population of 1.1 million.",
        "Of the 1,240 suspects whose ethnicity was recorded, 512 (41.3%) were White British.",
        "We do not scale this figure up to England: we see no basis for a national total.",
        "The panel met twelve times between 2019 and 2021.",
        # a stock read in a named month is a count, as one read in a named year is
        "This amounted to 6.6 million of the 7.9 million people on universal credit in June.",
        "In June, 7.9 million people were on universal credit.",
    ],
)
def test_traps_and_refusals_are_not_scale_claims(sentence):
    assert _claims(sentence) == []


def test_rebutted_quote_is_flagged_and_not_held_against_the_document():
    text = (
        "The claim that up to a million children were abused has no reliable basis, Full Fact "
        "found."
    )
    claims = _claims(text)
    assert len(claims) == 1 and claims[0].quoted
    context = _context(text)
    suggestion = suggest(detect(context), context)
    assert suggestion.status == "not_applicable"


def test_labelled_scale_sentences_are_found_and_traps_are_not():
    rows = load_labelled()
    scale_rows = [
        r for r in rows if r.role in ("scale_with_method", "scale_without_method", "lower_bound")
    ]
    found = sum(bool(_claims(r.text)) for r in scale_rows)
    assert found / len(scale_rows) >= 0.85, f"{found} of {len(scale_rows)}"
    traps = [r for r in rows if r.role in ("trap", "other", "caveat", "scope_statement")]
    false = [r.text for r in traps if _claims(r.text)]
    assert len(false) <= 2, false
    lower = [r for r in rows if r.role == "lower_bound"]
    marked = sum(any(c.lower_bound for c in _claims(r.text)) for r in lower)
    assert marked / len(lower) >= 0.8


def test_suggestion_marks_down_unsupported_totals_on_either_side():
    campaign = _context("Up to a million children have been abused by grooming gangs nationwide.")
    rebuttal = _context("Hundreds of thousands of migrants have been wrongly blamed for crimes.")
    for context in (campaign, rebuttal):
        suggestion = suggest(detect(context), context)
        assert suggestion.suggested_level == 0
        assert suggestion.evidence and suggestion.evidence[0].page == 1


def test_careful_estimate_is_rated_high():
    context = _context(
        "We identified at least 612 children; this is a count from case files, not an "
        "estimate.\n\n"
        "We used two-source capture-recapture and cross-checked it against a third list.\n\n"
        "The central estimate is 852 children, with a 95% interval of 787 to 918.\n\n"
        "The estimate does not cover online-only exploitation.\n\n"
        "We do not scale this figure up to England."
    )
    suggestion = suggest(detect(context), context)
    assert suggestion.suggested_level == 3
    assert "lower bound" in suggestion.rationale


def test_no_scale_claim_is_not_applicable():
    context = _context("Of the 53 people convicted, 27 were White British.")
    suggestion = suggest(detect(context), context)
    assert suggestion.status == "not_applicable"
    assert suggestion.suggested_level is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Around 2k people joined the scheme.",
        "Some 45k residents replied, up from 12,000 people in 2019.",
    ],
)
def test_abbreviated_thousands_are_read_not_crashed_on(sentence):
    # A hostile-corpus PDF once crashed the detector on "2k": float("2k").
    claims = _claims(sentence)
    assert all(claim.page == 1 for claim in claims)


def test_a_large_total_written_in_millions_is_a_scale_claim():
    claims = _claims("About 1.2 million people were affected in the region last year.")
    assert len(claims) == 1
    assert not claims[0].method_stated


def test_population_coverage_is_not_a_scale_claim():
    assert (
        _claims("The three forces cover about 2.9 million of the region's 4.6 million people.")
        == []
    )


def test_rows_that_add_up_to_more_than_the_total_are_not_a_hedged_total():
    # "add up to" explains a table; it is not the hedge "up to 500 victims".
    explained = (
        "Because 9 cases in 2022 were recorded under two headings, the rows add up to more than "
        "the total, and the shares add up to 102.1%."
    )
    assert _claims(explained) == []
    assert len(_claims("Up to 500 victims were abused in the town.")) == 1


# --- counts are not extrapolations (issue 12, pattern 8) ---------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Police recorded 84,300 burglaries across the county.",
        "In 2021, around 31,000 people entered temporary housing in the city.",
        "Most thefts were from vehicles, accounting for over half of the total (58%; 41,230 "
        "offences).",
        "The number of reported burglaries, at around 2.3 million, is not a record.",
        "The analysis is based on the 12,410 foreign nationals in prison in June 2024.",
        "Patients were followed up to six weeks after discharge, and 412 patients died.",
        "Ministers plan to spend untold millions on a new inspection regime.",
        # a stock read off the records on a stated day
        "As of 30 June this year, there were 11,135 foreign national prisoners in England and "
        "Wales out of a grand total of 85,002.",
    ],
)
def test_counts_of_any_size_are_not_scale_claims(sentence):
    assert _claims(sentence) == []


def test_a_timeless_large_total_is_still_a_scale_claim():
    claims = _claims("There are 250,000 victims of this abuse in Britain.")
    assert len(claims) == 1 and claims[0].beyond_data


def test_lower_bounds_read_off_files_are_counts_and_not_applicable():
    text = (
        "At least 350 children were identified from the case files.\n\n"
        "The report says that over 800 tenants suffered multiple forms of harassment."
    )
    claims = _claims(text)
    assert len(claims) == 2
    assert all(c.lower_bound and not c.beyond_data for c in claims)
    context = _context(text)
    assert suggest(detect(context), context).status == "not_applicable"


def test_an_estimated_lower_bound_goes_beyond_the_data():
    claims = _claims(
        "The agency estimates that at least 90 applicants may have been wrongly refused."
    )
    assert len(claims) == 1
    assert claims[0].beyond_data and claims[0].lower_bound


def test_a_forecast_over_a_figure_is_not_an_honest_lower_bound():
    context = _context("With further arrivals, the numbers might rise to over 3 million people.")
    claims = detect(context).scale_claims
    assert len(claims) == 1 and not claims[0].lower_bound
    assert suggest(detect(context), context).suggested_level == 0


def test_a_dated_estimate_and_a_dated_forecast_are_scale_claims():
    assert _claims("Revised estimates indicated that net arrivals reached 412,000 in 2023.")
    assert _claims("There will be 500,000 more residents in the region by 2035.")


def test_the_size_of_a_place_is_not_a_scale_claim():
    assert _claims("The district has about 214,000 residents.") == []


def test_hearsay_that_a_total_is_reported_is_still_a_scale_claim():
    assert _claims("It is widely reported that there are 400,000 victims in Britain.")


def test_a_total_rebutted_in_the_next_sentence_is_not_the_documents_claim():
    context = _context(
        "It has been claimed that up to 300,000 people were defrauded. "
        "That figure is not supported by any data we could find."
    )
    claims = detect(context).scale_claims
    assert claims and all(c.quoted for c in claims)
    assert suggest(detect(context), context).status == "not_applicable"


def test_a_rounded_count_said_to_be_recorded_is_a_count():
    # "Tens of thousands" is vague, but the sentence says the figure was recorded (H5).
    context = _context(
        "In 2021 the police recorded over 9,000 burglaries and several tens of thousands "
        "of other property offences."
    )
    claims = detect(context).scale_claims
    assert claims and not any(c.beyond_data for c in claims)
    assert suggest(detect(context), context).status == "not_applicable"


def test_a_breakdown_of_a_recorded_total_is_a_count():
    context = _context(
        "In the year to March 2022 there were 350,000 recorded incidents of restraint. "
        "The most common reason given was self-defence (187,000 incidents). "
        "The most common setting was a public street (142,000 incidents)."
    )
    assert detect(context).scale_claims == []
    assert suggest(detect(context), context).status == "not_applicable"


def test_a_contents_list_is_not_a_scale_claim():
    contents = (
        "1 Introduction 3 1.1 Background 3 1.2 Data sources 4 2 Results 6 "
        "2.1 Offences in total 7 2.2 Offence groups 8 3 Victims recorded 9"
    )
    assert _claims(contents) == []


def test_an_age_range_is_not_an_estimate_range():
    text = (
        "Officers recorded 350,000 incidents in all. In the 350,000 incidents, 61% of "
        "subjects were between 25 and 49 years of age (213,500)."
    )
    assert _claims(text) == []


def test_an_estimated_figure_beside_a_bound_is_not_an_honest_bound():
    claims = _claims(
        "Forces recorded just over 80,000 burglaries, of which an estimated 12,300 involved "
        "a weapon."
    )
    assert len(claims) == 1
    assert not claims[0].lower_bound and claims[0].beyond_data


def test_a_timeless_total_beside_a_recorded_count_is_still_a_scale_claim():
    claims = _claims(
        "Police recorded 5,000 thefts last year. There are 250,000 victims of theft in Britain."
    )
    assert any(c.beyond_data for c in claims)


@pytest.mark.parametrize(
    "sentence",
    [
        "The researchers reviewed over 3,000 court reports published between 2001 and 2016.",
        "Inspectors read every one of the 3,400 case files opened between 2010 and 2019.",
    ],
)
def test_a_span_of_years_is_neither_an_estimate_nor_a_range(sentence):
    assert _claims(sentence) == []


@pytest.mark.parametrize("first", ["Valdorian", "Ruritanian"])
def test_a_count_given_with_its_share_after_or_is_a_breakdown(first):
    other = "Ruritanian" if first == "Valdorian" else "Valdorian"
    sentence = (
        f"Three in five {first} tenants (61% or 4,310 tenants) had been evicted before, "
        f"compared to one in three {other} tenants (34% or 12,905 tenants)."
    )
    assert _claims(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A fight reportedly involving up to 150 people broke out in the town centre.",
        "A protest of as many as 3,000 farmers blocked the bridge on Friday.",
        "The rally drew about 1,500 supporters of both parties.",
    ],
)
def test_the_size_of_one_event_is_not_a_scale_claim(sentence):
    assert _claims(sentence) == []


def test_a_hedged_total_of_victims_is_still_a_scale_claim():
    assert _claims("As many as 340 potential victims were let down across the district.")


def _level(text: str):
    context = _context(text)
    return suggest(detect(context), context)


@pytest.mark.parametrize("side", ["campaigners", "ministers"])
def test_a_disputed_total_whose_building_the_document_explains_is_rated_h1(side):
    text = (
        f"\u201cHalf a million tenants are cheated every year,\u201d {side} said.\n\n"
        "That figure is not supported by any data we could find. The estimate was derived by "
        "scaling up complaints from a single borough to the whole country."
    )
    s = _level(text)
    assert s.status == "suggested" and s.suggested_level == 2


def test_a_relayed_total_answered_in_the_next_paragraph_is_disputed():
    text = (
        "The minister also said that the plan would bring in another 90,000 people.\n\n"
        "As we said before, there is no such plan. Even if there were, this figure is "
        "unreliable.\n\n"
        "The claim appears to be based on an earlier party estimate."
    )
    claims = _claims(text)
    assert claims and all(c.quoted for c in claims)
    assert _level(text).suggested_level == 2


def test_the_same_figure_relayed_then_disputed_elsewhere_is_the_other_partys():
    text = (
        "He has spent weeks on the idea that \u201ca quarter-million tenants are being "
        "cheated\u201d.\n\n"
        "Here we look at the claims.\n\n"
        "\u201cA quarter-million tenants are being cheated\u201d is a myth, the regulator "
        "found."
    )
    claims = _claims(text)
    assert len(claims) == 2 and all(c.quoted for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        # "The N figure arose out of ... extrapolation" takes someone's total apart, on either
        # side: the relayed claim of it is disputed, not the document's.
        f"The campaign's pamphlet says: \u201cAt least 80,000 {group} children have been "
        "harmed.\u201d\n\nThe 80,000 figure arose out of comments by councillors, and it has been "
        "created through extrapolation from a handful of reported cases."
        for group in ("migrant", "local")
    ]
    + [
        # Rejected by critics the document carries: every sentence naming it describes it.
        "Statisticians have flatly rejected a new estimate of 9 million undocumented residents."
        "\n\nLast week an institute released a report which estimated the number at 9 million.\n\n"
        "The institute's calculation was derived by multiplying one county's rate by the national "
        "population."
    ],
)
def test_a_total_taken_apart_or_rejected_is_the_other_partys_and_rated_h1(text):
    claims = _claims(text)
    assert claims and all(c.quoted for c in claims)
    assert _level(text).suggested_level == 2


def test_an_own_estimate_whose_method_is_described_stays_the_documents_own():
    text = (
        "To estimate the number for the whole county, we applied the file review's ratio to "
        "all 1,386 lettings and multiplied by the average household size."
    )
    claims = _claims(text)
    assert len(claims) == 1 and not claims[0].quoted


def test_thousands_of_names_no_figure_to_tie_sentences_together():
    # "thousands of" in a disputed sentence must not make every "thousands of" disputed.
    text = (
        "The senator says that thousands of residents are harmed every year by the policy.\n\n"
        "That comes out to thousands of people a year, and the senator is right.\n\n"
        "A study reports that 12 residents a day are harmed, though the findings have been "
        "challenged by researchers.\n\n"
        "\u201cThousands of residents have been harmed,\u201d the senator said."
    )
    assert any(not c.quoted for c in _claims(text))


def test_saying_nobody_explains_a_figure_is_not_explaining_how_it_was_built():
    text = (
        "The campaign said that up to a million children were harmed. That figure has no "
        "reliable basis. The campaign does not say how the figure is based on its survey."
    )
    assert _level(text).status == "not_applicable"


def test_the_paragraph_count_can_only_take_a_claim_away() -> None:
    # detect() reads the rest of the paragraph ("recorded", "counted" ...) only for a sentence
    # that is a scale claim on its own: that is right only if the count never makes one.
    from evaluator.checks import extrapolation

    sentences = [s.text for s in load_labelled()] + [
        "There are 250,000 victims, the charity said.",
        "Police recorded 52,000 incidents in 2023.",
        "Most were men.",
    ]
    assert len(sentences) > 100
    for text in sentences:
        if extrapolation._is_scale_claim(text, True):
            assert extrapolation._is_scale_claim(text), text
    # and it does take one away: a large total in a paragraph that says it was counted
    text = "There were 250,000 offences."
    assert extrapolation._is_scale_claim(text) and not extrapolation._is_scale_claim(text, True)


def test_a_projection_of_when_a_gap_closes_is_a_claim_beyond_the_data():
    # Found on holdout-13 (session 10): read as "at least" a lower bound, then as no claim.
    (claim,) = _claims(
        "The gap between Valdorian and other students getting at least a 2:1 degree will not "
        "close until 2086 at the present rate, according to research."
    )
    assert claim.beyond_data and claim.method_stated and not claim.lower_bound
    assert suggest(detect(_context(claim.sentence)), _context(claim.sentence)).suggested_level == 1
    assert _claims("The pay gap won't close until 2152 at the current rate, the report says.")
    # A timetable is no projection about a gap, and a hedged total does not earn a method from
    # "at the current rate" (found in review).
    assert not _claims("At the present rate, the new library will be finished by 2026.")
    (hedged,) = _claims(
        "At the current rate, as many as 100,000 Valdorian migrants could be living here."
    )
    assert not hedged.method_stated


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister put the new figure at approximately 4,000, according to the Gazette.",
        "Missing Valdorian Women May Number 4,000",
    ],
)
def test_a_figure_put_at_or_that_may_number_is_an_estimate(sentence):
    (claim,) = _claims(sentence)
    assert claim.beyond_data and not claim.method_stated


@pytest.mark.parametrize(
    "sentence",
    [
        "Police put the number at 312 recorded offences in 2022.",
        "The 300 Valdorian families on the register may number among the poorest in Northdale.",
    ],
)
def test_a_count_put_at_or_a_rank_is_no_estimate(sentence):
    assert not any(c.beyond_data for c in _claims(sentence))


def test_counterfactual_totals_and_carried_trends_are_figures_beyond_the_data():
    # A total at another group's rate, or a trend carried forward to a number, goes beyond the
    # data with its rule stated and no range: level 1 (found on holdouts 10 and 13, session 11).
    for text in (
        "If Ruritanians were imprisoned at the same rate as other residents, the prison "
        "population would be about 4,000 smaller.",
        "If Northdalians had been stopped at the same rate as Ruritanians, police would have "
        "carried out 1.4m fewer searches.",
        "If that rate applied to Ruritanians also, the number in prison would be 2,500.",
        "On this trajectory, Ruritanians are set to comprise 33 per cent of prisoners by 2030.",
        "If the current situation continues, we expect to reach 222 deaths by December.",
    ):
        assert _level(text).suggested_level == 1, text
    # No number, or no consequence: nothing is carried beyond the data.
    for text in (
        "If you were stopped at the same rate as others, you would notice.",
        "Police recorded 8,400 offences in 2019.",
    ):
        assert _level(text).status == "not_applicable", text


def test_counts_and_passives_are_not_estimates():
    # Found on holdouts 13 and 15 (session 11): each became a "total with no stated method".
    for text in (
        # a passive verb, not a hedge on a number
        "Of 131 men charged with the 152 rapes in which the perpetrator could be identified, "
        "46% were of Ruritanian origin.",
        # an administrative decision is a count, however large and rounded
        "Approximately 70,000 people fleeing the war were granted temporary protection.",
        # a vague quantity of bodies, not of people or events
        "Although thousands of agencies take part in the reporting programme, it is voluntary.",
    ):
        assert _level(text).status == "not_applicable", text
    # A hedge on the number still is one.
    for text in (
        "The number of victims may be even more than the 1,400 children identified.",
        "The true number of victims could be 40,000.",
    ):
        assert _level(text).status == "suggested", text


def test_a_rule_carried_forward_needs_a_count_or_share_not_a_year_or_money():
    # Review of session 11: any digit counted, so a deadline or a sum of money was a projection.
    for text in (
        "At this rate, the council will not finish its review before 2030.",
        "If current trends continue, the 2030 target will be missed.",
        "If officers were paid at the same rate as nurses, the force would need £2m more.",
    ):
        context = _context("Police recorded 300 hate crimes in 2022. " + text)
        assert suggest(detect(context), context).status == "not_applicable", text


def test_number_words_after_could_be_stay_hedges():
    from evaluator.checks.extrapolation import _HEDGE

    for text in ("Victims could be between 4,000 and 6,000.", "The total could be seventeen."):
        assert _HEDGE.search(text), text
    assert not _HEDGE.search("in which the perpetrator could be identified")


@pytest.mark.parametrize(
    "text",
    [
        "217 women died during pregnancy and up to the first year after pregnancy.",
        "The analysis covered 4,100 deaths that occurred up to March 31 this year.",
        "In 2023, 244 members of the Ruritanian community were killed, over twice as many as the "
        "year before.",
        "In total, 8,686 people were imprisoned last year compared with 8,820 in 2004.",
    ],
)
def test_a_time_a_multiple_or_a_recorded_event_is_no_estimate(text):
    # Holdout review (session 12): each of these was read as a scale claim with no method.
    assert not [c for c in _claims(text) if c.beyond_data]


@pytest.mark.parametrize(
    "text",
    [
        "As many as 4,000 girls may have been abused.",
        "Up to 500 a year may be trafficked into the country.",
        "Up to 300 more may be affected.",
        "500,000 people died in the famine.",
        "Nationally, 100,000 girls have been abused by gangs. The government is committed to "
        "tackling this.",
    ],
)
def test_hedged_totals_and_tolls_stay_beyond_the_data(text):
    # Review of session 13: a two-word gap read "up to 500 a year" as a time, and "died" or
    # "committed to" anywhere in the paragraph made tolls and national totals counts.
    assert [c for c in _claims(text) if c.beyond_data]


@pytest.mark.parametrize(
    "text",
    [
        "Currently there are 31,473 people seeking international protection in the state.",
        "A total of 77 Polish, 66 Lithuanian and 49 Romanian men were inmates in the jails.",
        # a state of mind is no hedge on the figure
        "The Deputy may be aware that 6,494 applications were made so far this year.",
    ],
)
def test_a_figure_given_to_the_unit_is_a_count_read_off_records(text):
    assert _level(text).status == "not_applicable"


def test_a_round_total_with_nothing_behind_it_is_still_beyond_the_data():
    claims = _claims("Currently there are 250,000 victims in the country.")
    assert claims and claims[0].beyond_data


def test_counts_beside_a_total_do_not_make_it_worse_and_a_range_without_method_is_one():
    ranged = "The state is making provision for 21,000 to 22,000 applicants this year."
    counts = "By the end of June there were 10,604 applicants, against 5,473 a year before."
    assert _level(ranged).suggested_level == 1
    assert _level(ranged + "\n\n" + counts).suggested_level == 1
    assert _level("Up to a million children have been abused nationwide.").suggested_level == 0


@pytest.mark.parametrize(
    "text",
    [
        "One in three black men will have a prison record during his lifetime.",
        "21.4 percent of young men will be incarcerated by age 30.",
        "Immigrants are projected to represent a third of people in the country by 2041.",
    ],
)
def test_a_lifetime_risk_or_a_projected_share_is_beyond_the_data(text):
    # Found on holdout-21 (session 17): readers rate these under extrapolation (guide H5, a
    # figure beyond the data), while the check read only totals of people and gave "na".
    (claim,) = _claims(text)
    assert claim.beyond_data and not claim.method_stated
    assert _level(text).suggested_level == 0


def test_a_share_of_the_past_or_a_target_is_no_projection():
    for text in (
        "In 2021, 21% of prisoners were black.",
        "One in three men in the sample had been to prison.",
        "The council wants to hire more staff by 2030.",
    ):
        assert _claims(text) == [], text


def test_the_assumption_behind_a_lifetime_risk_is_its_method():
    text = (
        "The study produced the one in three figure. One in three black men will go to "
        "prison in their lifetime if 2001 incarceration rates remained constant."
    )
    (claim,) = _claims(text)
    assert claim.method_stated


def test_a_tables_unit_in_millions_is_not_a_vague_total():
    """ "(In millions) (Unaudited)" above every table of a quarterly filing was read as a vague
    big total with no method, 50 times (holdout-24)."""
    from evaluator.checks.extrapolation import _VAGUE

    assert _VAGUE.search("(In millions, except per share amounts) (Unaudited)") is None
    assert _VAGUE.search("Revenue, in millions of dollars") is None
    assert _VAGUE.search("Millions of victims have never been counted.")


def test_potentially_before_an_adjective_is_no_hedge_on_a_total():
    """ "In response to potentially lethal resistance, 17 members of the control group ...
    deployed their firearms" is a count from a study, not a hedged total (holdout-24)."""
    assert not _claims(
        "In response to potentially lethal resistance, 17 members of the control group and 7 "
        "members of the treatment group deployed their firearms."
    )
    assert _claims("There are potentially 20,000 victims across the country.")


def test_a_markdown_table_row_and_a_worked_example_are_no_totals():
    """Whole documents from repositories (holdout-25): a Markdown table's header "| Total
    Population (Millions) | ..." and "For example, the ratio is 2 when 10 out of one million ...
    are killed" were read as totals with no method."""
    assert not _claims(
        "| Province | Total Population (Millions) | Expected Distribution | Observed |\n"
    )
    assert not _claims(
        "For example, the disparity ratio is 2 when 10 out of one million black people and 5 "
        "out of one million non-black people are killed."
    )
    assert _claims("Up to a million children have been abused by grooming gangs nationwide.")
