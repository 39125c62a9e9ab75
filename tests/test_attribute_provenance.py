"""Attribute claims and their provenance, including negations and the field's traps."""

from __future__ import annotations

import pytest

from evaluator.checks import Context
from evaluator.checks.attribute_provenance import (
    detect,
    is_negated_inference,
    provenance_cue,
    suggest,
)
from evaluator.checks.common import text_context as _context
from evaluator.classifier import load_labelled


def _claims(*pages: str):
    return detect(_context(*pages)).attribute_claims


@pytest.mark.parametrize(
    ("sentence", "provenance"),
    [
        ("Of the men convicted at Leeds Crown Court, seven were of Kurdish origin.", "court"),
        (
            "Police data show that 42% of suspects were Asian where ethnicity was recorded.",
            "recorded",
        ),
        ("We classified offenders as Asian based on photographs in the press.", "inferred"),
        ("The gang members were believed to be of Pakistani heritage.", "inferred"),
        ("Most child abusers are white British men.", "unstated"),
        ("Grooming gangs are overwhelmingly made up of Pakistani Muslim men.", "unstated"),
        ("Foreign nationals were 12% of prisoners, according to prison records.", "recorded"),
        # the people's own answer, in words other than "self-defined" (session 18)
        (
            "Of those arrested, 3,100 were Valdorian nationals, going by the nationality they "
            "gave when arrested.",
            "recorded",
        ),
        (
            "The count uses the nationalities people use to describe themselves: 40% of those "
            "arrested were Ruritanian nationals.",
            "recorded",
        ),
    ],
)
def test_provenance_of_a_single_claim(sentence, provenance):
    claims = _claims(sentence)
    assert claims
    assert {c.provenance for c in claims} == {provenance}


def test_one_claim_per_attribute_named():
    claims = _claims("Almost all of them are Muslim, and many are foreign nationals.")
    assert sorted(c.attribute for c in claims) == ["nationality", "religion"]


def test_attribute_kind_follows_the_words_used():
    assert _claims("These crimes were committed by Muslim men.")[0].attribute == "religion"
    assert _claims("Three Afghan nationals were jailed for the attack.")[0].attribute == (
        "nationality"
    )
    assert _claims("Most offenders in the town were White British.")[0].attribute == "ethnicity"


@pytest.mark.parametrize(
    "sentence",
    [
        "We did not infer ethnicity from names or photographs.",
        "No one's faith was assumed from their appearance or dress.",
        "Ethnicity was never inferred from surnames; where it was not recorded it is unknown.",
        "The audit declined to estimate offender ethnicity from press reports or names.",
    ],
)
def test_negated_inference_is_not_inference(sentence):
    assert is_negated_inference(sentence)
    cue = provenance_cue(sentence)
    assert cue is None or cue[0] != "inferred"
    assert all(c.provenance != "inferred" for c in _claims(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "The eight men appeared in court in Sheffield on Tuesday.",
        "A further 17 people appeared in court but were acquitted; they are not counted as "
        "convicted.",
        "No one was convicted for the abuse of the girls in this case.",
    ],
)
def test_court_appearance_and_negated_conviction_are_not_court_provenance(sentence):
    cue = provenance_cue(sentence)
    assert cue is None or cue[0] != "court"


def test_victims_not_believed_is_not_inference():
    assert provenance_cue("The victims were not believed when they went to the police.") is None
    assert provenance_cue("The suspects were believed to be Albanian.")[0] == "inferred"


def test_colour_words_and_place_phrases_are_not_claims():
    assert (
        _claims(
            "The government set out its plans in a white paper.\n\n"
            "She took a black cab to the station.\n\n"
            "The walk passes the town's heritage quarter."
        )
        == []
    )


def test_quoted_claim_that_is_rebutted_is_not_the_documents_claim():
    text = (
        "The claim that 84% of offenders were Asian has been shown to rest on press clippings "
        "with no stated method."
    )
    claims = _claims(text)
    assert claims and all(c.quoted for c in claims)
    context = _context(text)
    assert suggest(detect(context), context).suggested_level is None


def test_a_disputed_claim_traced_to_its_labels_source_is_good_reporting():
    text = (
        "The claim that 70% of the robbers were Romanian, based on their names in local news "
        "reports, is misleading."
    )
    claims = _claims(text)
    assert claims and all(c.quoted and c.provenance == "inferred" for c in claims)
    context = _context(text)
    assert suggest(detect(context), context).suggested_level == 2


def test_fact_check_quote_followed_by_verdict_is_quoted():
    page = "Claim 2\n\nMost offenders are white.\n\nVerdict: not supported as stated."
    claims = _claims(page)
    assert [c.sentence for c in claims] == ["Most offenders are white."]
    assert claims[0].quoted


def test_figure_inherits_the_documents_method_statement():
    page = (
        "Self-defined ethnicity was recorded by the police for 289 of the 418 suspects.\n\n"
        "Of these, 78 (27.0%) were Asian or Asian British and 161 were White British."
    )
    claims = _claims(page)
    assert [c.provenance for c in claims] == ["recorded", "recorded"]
    assert claims[1].sentence.startswith("Of these")


def test_document_inference_method_colours_its_figures():
    page = (
        "We coded the ethnicity of each offender from their names as reported in the press.\n\n"
        "Of the 264 offenders, 222 (84%) were Asian."
    )
    claims = _claims(page)
    assert [c.provenance for c in claims] == ["inferred", "inferred"]


def test_table_rows_under_an_ethnicity_header_are_claims():
    page = (
        "Self-defined ethnicity Suspects Share\n"
        "White British 161 55.7%\n"
        "Mixed 15 5.2%\n"
        "Not recorded 129 -\n"
    )
    claims = _claims(page)
    assert [c.sentence for c in claims] == ["White British 161 55.7%", "Mixed 15 5.2%"]
    assert {c.provenance for c in claims} == {"recorded"}


def test_labelled_provenance_cues_match_their_labels():
    expected = {
        "attribute_court": "court",
        "attribute_recorded": "recorded",
        "attribute_inferred": "inferred",
        "attribute_unstated": None,
    }
    rows = [r for r in load_labelled() if r.role in expected]
    right = 0
    for row in rows:
        cue = provenance_cue(row.text)
        right += (cue[0] if cue else None) == expected[row.role]
    assert right / len(rows) >= 0.9, f"{right} of {len(rows)}"


def test_labelled_traps_never_read_as_inference_or_conviction():
    for row in load_labelled():
        if row.role in ("trap", "attribute_negated_inference"):
            cue = provenance_cue(row.text)
            claims = [c for c in _claims(row.text) if c.provenance == "inferred" and not c.quoted]
            assert not claims, row.text
            if row.note in ("appeared in court", "negated conviction", "victims not believed"):
                assert cue is None or cue[0] != "court", row.text


def test_weak_claims_on_either_side_are_marked_down_alike():
    campaign = suggest(*_found("84% of grooming gang offenders are Asian men."))
    rebuttal = suggest(*_found("Most offenders are white men, whatever campaigners say."))
    assert campaign.suggested_level == rebuttal.suggested_level == 0
    assert campaign.status == rebuttal.status == "suggested"


def _found(text: str):
    context = _context(text)
    return detect(context), context


def test_well_sourced_report_is_rated_high_and_quotes_its_evidence():
    findings, context = _found(
        "Self-defined ethnicity was recorded for 289 of the 418 suspects (69.1%).\n\n"
        "Of the 289, 161 were White British and 78 were Asian or Asian British.\n\n"
        "We did not infer ethnicity from names or photographs.\n\n"
        "We keep the 53 convicted people separate from the 418 suspects throughout."
    )
    suggestion = suggest(findings, context)
    assert suggestion.suggested_level == 3
    assert any("did not infer" in e.quote for e in suggestion.evidence)
    assert "recorded" in suggestion.rationale


def test_no_claims_means_not_applicable_not_zero():
    findings, context = _found("The council owns about 21,000 homes.")
    suggestion = suggest(findings, context)
    assert suggestion.status == "not_applicable"
    assert suggestion.suggested_level is None
    assert suggestion.confidence < 0.7


def test_quotes_are_exact_text_of_their_page():
    page = "Intro.\n\nPolice records show 83% of the 3,806 suspects were White."
    for claim in _claims(page):
        assert claim.sentence in page


# --- the answer keys' traps, for all three of these detectors ---------------------------------


def _sample_traps():
    # Tuning reports only: a held-out report's misses are measured figures (false hits lower the
    # held-out precision in docs/accuracy.md), and fixing them here would tune on held-out text.
    from evaluator.samples import load_answer_key, sample_ids

    for sample_id in sample_ids():
        key = load_answer_key(sample_id)
        if key.split != "tuning":
            continue
        for trap in key.traps:
            if trap.looks_like in (
                "attribute_claim",
                "conviction",
                "scale_claim",
                "recommendation",
            ):
                yield pytest.param(
                    sample_id, trap, id=f"{sample_id}-p{trap.page}-{trap.looks_like}"
                )


def _same(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return a in b or b in a


@pytest.mark.parametrize(("sample_id", "trap"), list(_sample_traps()))
def test_sample_report_traps_are_not_read_as_findings(sample_id, trap):
    from evaluator.checks import extrapolation as scale
    from evaluator.checks import recommendations
    from evaluator.ingest import load_path
    from evaluator.samples import sample_pdf_path

    context = Context.build(load_path(sample_pdf_path(sample_id)))
    page = [p for p in context.passages if p.page == trap.page]
    if trap.looks_like in ("attribute_claim", "conviction"):
        found = [
            c
            for c in detect(context).attribute_claims
            if c.page == trap.page and _same(c.sentence, trap.sentence) and not c.quoted
        ]
        if trap.looks_like == "conviction":
            found = [c for c in found if c.provenance == "court"]
    elif trap.looks_like == "scale_claim":
        found = [
            c
            for c in scale.detect(context).scale_claims
            if c.page == trap.page and _same(c.sentence, trap.sentence) and not c.quoted
        ]
    else:
        found = [
            r
            for r in recommendations.detect(context).recommendations
            if r.page == trap.page and _same(r.sentence, trap.sentence)
        ]
    assert page, "the trap's page has no text"
    assert not found, trap.why


def test_a_quoted_method_does_not_colour_the_documents_own_figures():
    page = (
        "Claim 1\n\n"
        "84% of the men are Asian.\n\n"
        "Verdict: not supported. It says it identified each man's background from his name.\n\n"
        "Of the 1,240 suspects, 214 were Asian or Asian British."
    )
    claims = {c.sentence: c for c in _claims(page)}
    own = claims["Of the 1,240 suspects, 214 were Asian or Asian British."]
    assert own.provenance == "unstated" and not own.quoted
    assert claims["84% of the men are Asian."].quoted


# --- whole documents through the CLI: both sides and other topics ------------------------------

CAMPAIGN = """Our research shows that 84% of the offenders in the county are Asian men.

We counted them from their names in press reports.

Up to a million children have been abused by these gangs nationwide.

Because 84% of offenders are Asian, the government must target Pakistani communities.
"""

REBUTTAL = """Our research shows that 83% of the offenders in the county are white men.

We counted them from their names in press reports.

Hundreds of thousands of children are abused in their own families across the country.

Because 83% of offenders are white, the government must stop targeting Pakistani communities.
"""

HEALTH = """Ethnicity is recorded by the hospital at booking and was present for 21,480 births.

Of these, 1,210 (5.6%) were to Black women; the admission rate was 18.4 per 1,000 births.

We did not infer anyone's ethnicity from names where the record was blank.

The trust should book an interpreter for every woman who needs one, because the review found 31
of the 112 women who needed one had none.
"""


def _analyze(tmp_path, name: str, text: str) -> dict:
    import io
    import json

    from evaluator.cli import main

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["analyze", str(path), "--format", "json"], out=out, err=err) == 0
    return json.loads(out.getvalue())


def _levels(analysis: dict) -> dict[str, int | None]:
    """The checks' own levels (these tests pin the rules; the learned model may choose another)."""
    mine = ("attribute_provenance", "extrapolation", "recommendations")
    return {
        c["id"]: c["rules_level"] if c["chosen_by"] == "model" else c["suggested_level"]
        for c in analysis["criteria"]
        if c["id"] in mine
    }


def test_mirror_image_reports_get_the_same_levels(tmp_path):
    campaign = _analyze(tmp_path, "campaign.txt", CAMPAIGN)
    rebuttal = _analyze(tmp_path, "rebuttal.txt", REBUTTAL)
    assert (
        _levels(campaign)
        == _levels(rebuttal)
        == {
            "attribute_provenance": 0,
            "extrapolation": 0,
            "recommendations": 0,
        }
    )
    for analysis in (campaign, rebuttal):
        # A bare share does not inherit the method stated elsewhere (the answer keys' reading).
        assert {c["provenance"] for c in analysis["findings"]["attribute_claims"]} == {"unstated"}
        assert [r["hinge"] for r in analysis["findings"]["recommendations"]] == [
            "contested_statistic"
        ]


def test_health_report_is_read_with_the_same_questions(tmp_path):
    analysis = _analyze(tmp_path, "health.txt", HEALTH)
    levels = _levels(analysis)
    assert levels["attribute_provenance"] >= 2
    assert levels["recommendations"] >= 2
    assert levels["extrapolation"] is None
    claims = analysis["findings"]["attribute_claims"]
    assert claims and {c["provenance"] for c in claims} == {"recorded"}
    for criterion in analysis["criteria"]:
        for quote in criterion["evidence"]:
            assert " ".join(quote["quote"].split()) in " ".join(HEALTH.split())


@pytest.mark.parametrize(
    "text",
    [
        "Refugees :",
        "Bureau of Population, Refugees, and",
        "Department assistance helps meet the basic needs of refugees and migrants.",
        "EPA will continue work in vulnerable communities and Indian country.",
    ],
)
def test_headings_and_mentions_that_say_nothing_about_a_group_are_not_claims(text):
    assert _claims(text) == []


# --- issue 12: the label's provenance, carried sources, mentions ------------------------------


@pytest.mark.parametrize(
    ("sentence", "provenance"),
    [
        # The conviction is a court fact; the label comes from the press.
        (
            "Of the 52 men convicted since 2014, 40 were Albanian, going by the newspaper reports "
            "we gathered.",
            "inferred",
        ),
        ("All nine men were convicted and jailed, and most were White British.", "unstated"),
        ("Prison records show that 12% of the men jailed were Polish nationals.", "recorded"),
    ],
)
def test_a_conviction_does_not_make_the_label_court_proven(sentence, provenance):
    claims = _claims(sentence)
    assert claims and {c.provenance for c in claims} == {provenance}
    assert all(c.stage for c in claims)


def test_a_source_named_once_carries_to_the_claims_under_it():
    page = (
        "Prison service figures for March 2023 show 9,200 foreign nationals held in custody.\n\n"
        "Of these, 1,100 were Albanian.\n\n"
        "Most of the rest were Polish or Romanian men."
    )
    claims = _claims(page)
    assert [c.provenance for c in claims] == ["recorded"] * 3
    assert claims[0].carried_from is None
    assert all(c.carried_from.startswith("Prison service figures") for c in claims[1:])
    assert claims[0].cue


def test_a_source_line_under_a_table_names_the_source_of_its_rows():
    page = (
        "Births by ethnic group of mother in the county\n\n"
        "White British 4,100\n\nPakistani 610\n\nBlack African 380\n\n"
        "Source: national birth registrations, 2022."
    )
    claims = _claims(page)
    assert claims and {c.provenance for c in claims} == {"recorded"}


def test_another_source_named_stops_the_carried_one():
    page = (
        "Police data for 2022 record 300 arrests of Somali men in the city.\n\n"
        "According to the press reports we collected, 80% of those convicted were Somali."
    )
    claims = _claims(page)
    assert [c.provenance for c in claims] == ["recorded", "inferred"]


def test_another_partys_method_is_not_the_documents_source():
    page = (
        "Court listings for 2021 show that 41 of the 60 defendants were White British.\n\n"
        "The pressure group guessed each man's religion from his name.\n\n"
        "Most of the men were White British."
    )
    claims = _claims(page)
    assert claims[-1].provenance == "unstated"


def test_a_recommendation_does_not_inherit_the_source_above_it():
    page = (
        "Home Office figures show that 5,400 Iraqi nationals claimed asylum in 2021.\n\n"
        "The government must act, because most Iraqi arrivals are young men."
    )
    claims = _claims(page)
    assert claims[-1].provenance == "unstated"


@pytest.mark.parametrize(
    "text",
    [
        "The Sikh Federation said the figures were wrong.",
        "British Bangladeshi families were deeply concerned by the decision.",
        "Somali parents said they felt targeted by the new policy.",
        "The debate about Muslim men and crime has run for years.",
        "The council will record the nationality of every tenant from next year.",
    ],
)
def test_mentions_and_plans_are_not_claims(text):
    assert _claims(text) == []


def test_a_mention_with_a_figure_is_still_a_claim():
    claims = _claims("Somali parents said 40% of their sons had been stopped by police.")
    assert claims and claims[0].attribute == "nationality"


def test_a_planned_record_is_not_a_source():
    assert provenance_cue("The agency will record the ethnicity of every victim.") is None
    assert provenance_cue("Forces should record nationality at charge.") is None
    assert provenance_cue("Forces recorded nationality at charge.")[0] == "recorded"


def test_a_perception_about_something_else_is_not_inference():
    cue = provenance_cue(
        "Officers identified 31 girls who were believed to be at risk, abused mainly by White men."
    )
    assert cue is None or cue[0] != "inferred"
    assert provenance_cue("The men were believed to be Kurdish.")[0] == "inferred"


def test_a_question_poses_a_claim_without_asserting_it():
    text = "Are Albanian nationals 30 times more likely to be jailed?"
    claims = _claims(text)
    assert claims and all(c.question for c in claims)
    context = _context(text)
    assert suggest(detect(context), context).suggested_level is None


def test_only_mentions_means_not_applicable():
    context = _context(
        "The Hindu Council welcomed the report.\n\nThe row over Pakistani grooming gangs goes on."
    )
    assert suggest(detect(context), context).status == "not_applicable"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # A named official dataset, nothing on who assigned the labels: in passing.
        (
            "According to Home Office figures, 8,000 people were stopped in 2022.\n\n"
            "Of those stopped, 30% were Black and 10% were Asian.",
            1,
        ),
        # ... and with who assigned them: 2.
        (
            "Self-defined ethnicity from police records covers 2022.\n\n"
            "Of 8,000 people stopped, 30% were Black and 10% were Asian.",
            2,
        ),
        # Conviction words alone give the labels no source.
        ("Most of the men convicted were Asian.\n\nAll of them were jailed at once.", 0),
    ],
)
def test_levels_follow_the_labels_provenance(text, level):
    assert suggest(*_found(text)).suggested_level == level


def test_the_same_rules_apply_whichever_group_is_named():
    a = suggest(*_found("Police data show that 60% of those arrested were White British men."))
    b = suggest(*_found("Police data show that 60% of those arrested were British Pakistani men."))
    assert a.suggested_level == b.suggested_level


@pytest.mark.parametrize(
    "text",
    [
        "MIGRANT WORKERS Annual Review 2021",
        "The inquiry criticised British institutions for their slow response.",
    ],
)
def test_titles_with_a_year_and_a_countrys_institutions_are_not_claims(text):
    assert _claims(text) == []


def test_comparisons_and_changes_are_claims_without_a_number():
    assert _claims("Pakistani workers earned less on average than White British workers.")
    assert _claims("Since the war, the number of Syrian refugees in the town has doubled.")


def test_a_sentence_naming_its_own_source_does_not_inherit_the_one_above():
    page = (
        "Prison records for 2022 show 700 Lithuanian nationals in custody.\n\n"
        "Lithuanians make up 0.3% of residents, according to 2019 figures."
    )
    claims = _claims(page)
    assert claims[-1].carried_from is None
    own = "Police records show 300 Polish suspects.\n\nThis analysis shows most were Polish men."
    assert _claims(own)[-1].provenance == "recorded"


@pytest.mark.parametrize(
    "sentence",
    [
        "Of the 900 people searched, 61% were perceived as Black by the searching officer.",
        "The figures give the officer-defined ethnicity of the 310 people detained.",
        "Ethnicity below is officer defined: 40 of the 120 people restrained were Asian.",
    ],
)
def test_an_officers_perception_is_a_recorded_label(sentence):
    # Officer-observed ethnicity is written into an agency record (labelling guide), unlike a
    # witness's description.
    assert {c.provenance for c in _claims(sentence)} == {"recorded"}
    assert provenance_cue("The driver was perceived as Asian by a witness.")[0] == "inferred"


def test_a_date_is_not_a_figure_about_a_group():
    assert not _claims(
        "Hindu residents gather outside the temple in Brackenford on Sunday, Oct. 3."
    )
    assert not _claims("Polish volunteers clear the canal towpath, 14 March 2021.")


def test_a_contents_list_is_not_a_claim():
    contents = (
        "1 Introduction 3 1.1 Scope 4 2.1 Crimes by suspects 7 2.2 Victims by nationality 12 "
        "3.1 Foreign suspects by offence 15"
    )
    assert not _claims(contents)


def test_a_dataset_named_by_its_proper_name_is_a_recorded_source():
    text = (
        "Figures published in May by the Northdale Audits and Confidential Enquiries showed "
        "a lasting gap in outcomes. In 2020 to 2022, Asian mothers were twice as likely to "
        "be readmitted as White mothers."
    )
    claims = _claims(text)
    assert claims and {c.provenance for c in claims} == {"recorded"}
    assert claims[0].carried_from
    # A description is not a name: "a survey of our readers" names no dataset.
    assert not any(
        c.provenance == "recorded"
        for c in _claims("In a survey of our readers, most said Muslim neighbours were friendly.")
    )


def test_a_data_portal_pointed_to_carries_to_the_figures_after_it():
    text = (
        "The council's equality website shows data on the outcomes of each ethnic group. "
        "Black tenants were 3 times as likely as White tenants to be evicted in 2021."
    )
    assert {c.provenance for c in _claims(text)} == {"recorded"}


def test_offences_counted_by_their_recorded_motivation_are_claims():
    claims = _claims(
        "Police recorded 4,200 hate crimes in Northdale; 61% of them were racially motivated."
    )
    assert [c.attribute for c in claims] == ["ethnicity"]
    assert claims[0].provenance == "recorded"
    # A definition or a list of offence codes counts nothing.
    assert not _claims("These religiously aggravated offences are hate crimes by definition.")
    assert not _claims("Table 2: 8P Racially or religiously aggravated assault 8N Assault")


def test_a_new_section_stops_the_source_carried_from_the_one_before():
    text = (
        "Figures provided by Northdale police forces cover 2019 to 2021.\n\n"
        "Introduction\n\n"
        "Most burglaries in the county are committed by Albanian gangs."
    )
    claims = _claims(text)
    assert claims and {c.provenance for c in claims} == {"unstated"}
    assert {c.provenance for c in _claims(text.replace("Introduction\n\n", ""))} == {"recorded"}


def test_reports_made_to_a_helpline_are_an_attributed_source():
    text = (
        "The charity's report, based on 850 reports of abuse received by its helpline in 2022, "
        "finds that anti-Sikh incidents rose by 40%."
    )
    claims = _claims(text)
    assert claims and {c.provenance for c in claims} == {"inferred"}
    # The reporters' own accounts, openly attributed: provenance in passing, not a method of
    # guessing labels from names or photos.
    assert suggest(detect(_context(text)), _context(text)).suggested_level == 1
    # Incidents reported to the police are a police record.
    police = "Of 900 incidents reported to the police in 2022, 40% targeted Sikh residents."
    assert {c.provenance for c in _claims(police)} == {"recorded"}


def test_a_disputed_claim_traced_to_its_source_in_the_documents_words_is_good_reporting():
    text = (
        "Councillor Mara Quill said on Tuesday that 35% of burglaries in Brackenford were "
        "committed by Ruritanian nationals.\n\n"
        "Her claims come from a police response to a freedom of information request, which "
        "counted people arrested. This does not mean they were convicted, as Quill said."
    )
    context = _context(text)
    findings = detect(context)
    assert all(c.quoted for c in findings.attribute_claims)
    assert any(s.kind == "traced" for s in findings.attribute_provenance_signals)
    assert suggest(findings, context).suggested_level == 2


def test_a_census_base_beside_a_claim_does_not_say_who_labelled_the_people_counted():
    base = (
        "Ruritanian nationals were 40% of those convicted, against 7% of residents (2021 Census)."
    )
    kinds = {s.kind for s in detect(_context(base)).attribute_provenance_signals}
    assert "assigner" not in kinds
    own = "In the 2021 Census, 6% of Northdale residents described their religion as Sikh."
    kinds = {s.kind for s in detect(_context(own)).attribute_provenance_signals}
    assert "assigner" in kinds


@pytest.mark.parametrize(
    "questioned",
    [
        "The leaflet gives no source for its numbers.",
        "It is not clear where the campaign got its figures from.",
    ],
)
def test_asking_where_someone_elses_figures_came_from_is_provenance_in_passing(questioned):
    text = f"Most offenders in Brackenford are Albanian, a campaign leaflet says. {questioned}"
    context = _context(text)
    findings = detect(context)
    assert any(s.kind == "questioned" for s in findings.attribute_provenance_signals)
    assert suggest(findings, context).suggested_level == 1
    bare = _context("Most offenders in Brackenford are Albanian, a campaign leaflet says.")
    assert suggest(detect(bare), bare).suggested_level == 0


def test_a_claim_named_by_its_quoted_words_is_a_mention():
    named = 'We asked the party to stop using the "half of all offenders are Albanian" figure.'
    assert not _claims(named)
    # The same words asserted are a claim.
    assert _claims("Half of all offenders in Brackenford are Albanian.")


def test_rows_of_a_table_written_with_pipes_are_claims_under_their_header():
    table = "Religion | People cautioned |\n---|---|\nMuslim | 212 |\nSikh | 40 |\nTotal | 900 |"
    claims = _claims(table)
    assert [c.attribute for c in claims] == ["religion", "religion"]


def test_rows_of_numbers_under_group_columns_take_the_source_named_above():
    text = (
        "The ethnicity of the people listed below was recorded by the custody officer.\n\n"
        "White Black Asian Mixed Other\n"
        "2021-22 310 42 37 12 9\n"
        "2022-23 298 51 40 15 11"
    )
    claims = [c for c in _claims(text) if c.sentence.startswith("20")]
    assert len(claims) == 2
    assert {c.attribute for c in claims} == {"ethnicity"}
    assert {c.provenance for c in claims} == {"recorded"}
    # Columns that are not groups make no claim about a group.
    assert not _claims("Arrests Charges Cautions\n2021-22 310 42 37\n2022-23 298 51 40")


# --- issue 12, holdout-2 round: a named body's data, agencies' records, people's own answers ---


@pytest.mark.parametrize(
    "sentence",
    [
        "Data published by the Health Service on Monday showed 310 detentions of Black patients.",
        "Figures compiled by the Brackenford Crime Agency show 71% were British nationals.",
        "Data obtained by the Commission from the Oversight Unit show White men were 60% of cases.",
        "Quoting numbers from the Interior Ministry, the paper says Afghan nationals were 3%.",
        "A survey covering 12 police forces found 35% of the suspects were Asian.",
        "Returns from all 30 trusts show that 12% of patients detained were foreign nationals.",
    ],
)
def test_a_named_bodys_data_gives_recorded_provenance(sentence):
    claims = _claims(sentence)
    assert claims and {c.provenance for c in claims} == {"recorded"}


@pytest.mark.parametrize(
    ("sentence", "provenance"),
    [
        # A named body that only comments is no dataset.
        ("Figures from our readers suggest most of the men were Muslim.", "unstated"),
        # Judging by conviction counts is not judging by names.
        ("Somali men commit 9% of robberies, judging by the number convicted.", "unstated"),
        ("Judging by their names, most of the men were Pakistani.", "inferred"),
    ],
)
def test_only_names_photos_or_the_press_make_an_inference(sentence, provenance):
    claims = _claims(sentence)
    assert claims and {c.provenance for c in claims} == {provenance}


def test_people_who_identified_as_a_group_gave_the_label_themselves():
    claims = _claims("There were 4,200 prisoners who identified as Irish Traveller or Roma.")
    assert claims and {c.provenance for c in claims} == {"recorded"}


@pytest.mark.parametrize(
    ("sentence", "attribute"),
    [
        ("Criminal aliens were 21% of the jail population in 2019.", "nationality"),
        ("Noncitizens made up 7% of state prisoners.", "nationality"),
        ("Those born in Ruritania made up 2.4% of alleged offenders.", "nationality"),
        ("Ruritanian-born residents were 4% of those charged.", "nationality"),
        ("Indigenous prisoners were 27% of the adult prison population.", "ethnicity"),
        ("Hispanic drivers were stopped at twice the rate of white drivers.", "ethnicity"),
        ("The firm's ethnicity pay gap was 14% last year.", "ethnicity"),
    ],
)
def test_status_birth_and_indigenous_categories_are_group_attributes(sentence, attribute):
    claims = _claims(sentence)
    assert claims and claims[0].attribute == attribute


@pytest.mark.parametrize(
    "sentence",
    [
        "The Brackenford Born in Bradford study began in 2007.",
        "The film about aliens drew 3 million viewers.",
    ],
)
def test_place_and_film_words_are_not_group_claims(sentence):
    assert _claims(sentence) == []


@pytest.mark.parametrize(
    "text",
    [
        # Either side: figures attributed to a body, nothing on who assigned the labels, but
        # the legal stage stated for most claims: 1, not 0.
        "Of the 60 men convicted at Crown Court since 2015, 48 were Asian, a review has found.\n\n"
        "Asian defendants were sentenced to longer terms than white defendants.",
        "Of the 60 men convicted at Crown Court since 2015, 48 were white, a review has found.\n\n"
        "White defendants were sentenced to longer terms than Asian defendants.",
    ],
)
def test_a_stated_legal_stage_is_provenance_in_passing(text):
    assert suggest(*_found(text)).suggested_level == 1


def test_offenders_and_perpetrators_name_no_legal_stage():
    text = "84% of the offenders were Asian men.\n\nMost perpetrators were white."
    assert suggest(*_found(text)).suggested_level == 0


def test_correcting_a_figures_legal_stage_keeps_stages_apart():
    text = (
        'The minister said "40% of sex crimes were committed by Ruritanian nationals".\n\n'
        "Those are not convictions at all but arrests."
    )
    findings, _ = _found(text)
    assert any(s.kind == "stages" for s in findings.attribute_provenance_signals)


def test_a_database_that_will_capture_an_attribute_is_a_plan_not_a_claim():
    text = (
        "The ministry is building a Victims and Offenders Database which will capture the "
        "ethnicity of every offender."
    )
    assert _claims(text) == []
    assert provenance_cue(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Using Northdale Sentencing Survey data from 2012 to 2015, the analysts compared sentences."
        "\n\nA defendant's age, and to some degree their ethnicity, were associated with "
        "longer sentences.",
        "Using Northdale Sentencing Survey data from 2012 to 2015, the analysts compared sentences."
        "\n\nSentence lengths varied little by ethnic group once offence type was controlled for.",
    ],
)
def test_a_finding_about_the_attribute_itself_is_a_claim_and_takes_the_source_above(text):
    claims = _claims(text)
    assert claims and claims[-1].attribute == "ethnicity"
    assert claims[-1].provenance == "recorded"


def test_an_aim_to_study_the_attribute_is_no_finding():
    assert _claims("We set out to study the association between ethnicity and sentencing.") == []


def test_an_attribute_known_only_when_disclosed_is_a_coverage_limit():
    findings, _ = _found(
        "In the payroll data, ethnicity is known only where staff chose to declare it."
    )
    assert any(s.kind == "coverage" for s in findings.attribute_provenance_signals)


def test_figures_from_a_place_name_no_body():
    claims = _claims(
        "Figures from Northdale show that 30% of the suspects were Ruritanian nationals."
    )
    assert claims and {c.provenance for c in claims} == {"unstated"}


_RECORDS_LATER = (
    "\n\nMethods\n\nThe report draws on police records of offences in Northdale in 2022."
)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # labels with no source of their own, in a document that names records for its data
        ("Of the suspects, 61% were Pakistani and 30% were white." + _RECORDS_LATER, 1),
        # the same, but the document says it read the labels off names: inference stays at 0
        ("Of the suspects, 61% were Pakistani, judging by their names." + _RECORDS_LATER, 0),
        # no records named anywhere: nothing lifts the bare labels
        ("Of the suspects, 61% were Pakistani and 30% were white.", 0),
    ],
    ids=["records-named", "inferred", "nothing-named"],
)
def test_records_named_elsewhere_lift_bare_labels_to_one_but_not_inference(tmp_path, text, level):
    analysis = _analyze(tmp_path, "report.txt", text)
    assert _levels(analysis)["attribute_provenance"] == level


@pytest.mark.parametrize(
    ("owner", "group"),
    [("UNHCR data", "Ukrainians"), ("the Ruritania Watch tally", "Northdalians")],
)
def test_a_claim_naming_its_figures_owner_has_provenance_in_passing(owner, group):
    # Guide 3.3, level 1: "provenance in passing ('according to reports')"; whoever the owner
    # is, it says nothing of who assigned the labels (found on holdouts 13-15, session 11).
    bare = f"Nine out of ten refugees taken in last year were {group}."
    context = _context(bare)
    assert suggest(detect(context), context).suggested_level == 0
    named = f"According to {owner}, nine out of ten refugees taken in last year were {group}."
    context = _context(named)
    found = suggest(detect(context), context)
    assert found.suggested_level == 1
    assert "in passing" in found.rationale


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("The PSNI recorded 1,279 racist incidents in the year to September 2015.", "ethnicity"),
        ("The most common discriminatory motive was race (32%), then age (12%).", "ethnicity"),
        ("The most prevalent motive was anti-nationality (18%).", "nationality"),
        ("Police recorded 310 sectarian incidents in 2019.", "religion"),
        ("The most common discriminatory motive was religion (32%), then age (12%).", "religion"),
        ("The commonest hate motives were age (12%), disability (9%) and race (32%).", "ethnicity"),
        ("Police recorded 120 xenophobic incidents in 2022.", "nationality"),
    ],
)
def test_the_polices_motive_categories_are_claims_about_groups(text, attribute):
    # Holdout readers (session 12) rated the provenance of hate-crime counts by motive
    # (police-recorded on a perception rule); the tool called them "not applicable".
    assert attribute in {c.attribute for c in _claims(text)}


@pytest.mark.parametrize("group", ["German", "Irish", "EU"])
def test_non_and_a_nationality_names_a_group(group):
    claims = _claims(f"In 2023, 2,246,767 suspects were registered. 41 percent were non-{group}.")
    assert [c.attribute for c in claims] == ["nationality"]
    # ... but "non-Hispanic" stays an ethnicity.
    assert [c.attribute for c in _claims("41 percent were non-Hispanic white.")] == ["ethnicity"]
    assert [c.attribute for c in _claims("Non-German suspects made up 41% of the total.")] == [
        "nationality"
    ]
    # Review of session 13: any capitalised word after "non-" was a nationality.
    for other in (
        "41 percent of patients had non-Hodgkin lymphoma.",
        "There were 3,400 non-Covid deaths in March.",
        "Of the councillors, 41 were non-Labour.",
        "Most of the 60 non-English speakers were given an interpreter.",
    ):
        assert not _claims(other), other
    assert {c.attribute for c in _claims("41% of pupils were non-Catholic.")} == {"religion"}


def _level(*pages: str):
    ctx = _context(*pages)
    return suggest(detect(ctx), ctx).suggested_level


def test_labels_under_a_named_owner_of_the_figures_are_provenance_in_passing():
    # Holdout readers (session 12): "The latest AIC figures show ..." or "MBRRACE published its
    # findings" puts the labels at 1 ("an official source with an unclear legal stage").
    claim = "The total included the deaths of 24 Aboriginal people."
    assert _level(claim) == 0
    owner = "The latest Australian Institute of Criminology (AIC) figures show 106 deaths. "
    assert _level(owner + claim) == 1
    # A campaigner's quoted words about "this report" own no figures.
    quoted = (
        "“This Royal Commission report must not gather dust,” said Mary Dunmore, of the campaign. "
    )
    assert _level(quoted + claim) == 0
    # The reason for level 1 is quoted, as the other kinds of provenance in passing are.
    ctx = _context(owner + claim)
    found = suggest(detect(ctx), ctx)
    assert any(e.quote == owner.strip() for e in found.evidence), found.evidence
    # Review of session 13: a body said to have no data, or an analysis merely shared, owns none.
    for other in (
        "The Home Office has published no data on this. ",
        "The BBC's analysis was widely shared on social media. ",
    ):
        assert _level(other + claim) == 0, other


def test_described_as_is_an_inference_only_when_a_label_follows():
    # holdout-18 (now development): "the number fell by 317, described as the largest fall"
    # made a police-recorded count of sectarian incidents an inferred label.
    change = "Sectarian incidents fell by 254, described as the largest fall on record."
    assert (provenance_cue(change) or ("", ""))[0] != "inferred"
    for group in ("Asian", "white", "black", "white British"):
        for verb in ("described as", "believed to be"):
            label = f"Of the 40 men, 31 were {verb} {group}."
            assert (provenance_cue(label) or ("", ""))[0] == "inferred", label


def test_names_of_models_seas_and_organisation_types_are_not_claims():
    """Whole reports (holdout-24): a filing's "Black-Scholes model" and a personnel report's
    "urban Indian organizations participating in FEHB" were read as ethnicity claims."""
    assert (
        _claims(
            "Inputs are based on model-based valuation techniques (e.g. the Black-Scholes "
            "model) for which 95% of significant inputs are observable.\n\n"
            "Shipping through the Black Sea fell by 40% in 2022.\n\n"
            "Number of tribes, tribal organizations or urban Indian organizations participating "
            "in the programme: 120 in 2016."
        )
        == []
    )
    # The category itself is still read.
    assert _claims("Black residents were 12% of those stopped in 2021.")


def test_us_usage_for_ethnic_minorities_is_read():
    """ "Minorities constituted 35.3 percent of the Federal workforce" (a personnel report) and
    "people of color" are claims by race; sexual or religious minorities are not ethnicity."""
    (claim,) = _claims("Minorities constituted 35.3 percent of the Federal workforce in 2013.")
    assert claim.attribute == "ethnicity"
    assert _claims("People of color were 40% of new hires in 2020.")
    assert _claims("Minority-owned businesses won 12% of contracts in 2021.")
    assert _claims("Sexual minorities were 3% of respondents in 2020.") == []


def test_a_recording_date_in_a_header_is_no_source():
    # A podcast page's "Recorded: July 26, 2021" was carried as the source of the figures under
    # it (holdout-31, session 22).
    page = (
        "Episode 81 | Recorded: July 26, 2021\n\n"
        "There are most probably 1,800,000 Armenians living in Russia."
    )
    claims = _claims(page)
    assert claims and claims[0].provenance == "unstated" and claims[0].carried_from is None


@pytest.mark.parametrize(
    ("sentence", "attribute"),
    [
        (
            "Some 300,000 Venezuelans crossed the border in 2019, 40% of them children.",
            "nationality",
        ),
        ("Tens of thousands of Tamils, 60% of them women, were displaced.", "ethnicity"),
        ("Buddhists make up 70% of the population.", "religion"),
        ("Suspected Fulani herdsmen killed 21 people in four villages.", "ethnicity"),
    ],
)
def test_groups_named_by_a_demonym_or_a_peoples_name_are_read(sentence, attribute):
    # Holdouts 31-32 (session 22): groups outside the old list were never read as claims.
    claims = _claims(sentence)
    assert claims and claims[0].attribute == attribute


def test_a_demonym_adjective_alone_is_no_group():
    assert _claims("Italian food sales rose 12% in 2021.") == []


def test_recorded_before_a_colon_is_still_a_source_when_no_date_follows():
    claims = _claims("Ethnicity as recorded: White 81%, Asian 9% of the 1,204 arrests.")
    assert claims and claims[0].provenance == "recorded"


@pytest.mark.parametrize(
    "sentence",
    [
        "Telegraph poles were replaced on 40% of the streets.",
        "Swedes and turnips made up 12% of the harvest.",
        "Jain et al. (2019) found that 35% of the sample moved.",
    ],
)
def test_words_that_are_mostly_something_else_are_no_group(sentence):
    assert _claims(sentence) == []
