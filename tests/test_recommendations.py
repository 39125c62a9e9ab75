"""Recommendations: what counts as one, and what it hinges on."""

from __future__ import annotations

import pytest

from evaluator.checks.common import text_context as _context
from evaluator.checks.recommendations import detect, suggest
from evaluator.classifier import load_labelled


def _recs(*pages: str):
    return detect(_context(*pages)).recommendations


@pytest.mark.parametrize(
    "sentence",
    [
        "These figures should not be generalised to other parts of the country.",
        "The percentages should be treated with caution.",
        "Police should have acted on the warnings they received in 2002.",
        "Almost all of them are foreign nationals who should never have been allowed to stay.",
        "The true figure must be an underestimate.",
        "The 2013 review recommended that councils appoint a lead, but this was never done.",
        "Should the figures be trusted?",
        "All 143 are among the 612 children counted here and must not be added to them.",
        # an attitude urged, not an action proposed
        "Given the mayor's plans for the election, we should take this moment seriously.",
        "We must never forget the families who waited years for answers.",
        # a "must" of inference, blame for the past, a question only reported
        "For many activists it simply must be the case that minority pupils are excluded more.",
        "Councils and police must shoulder a huge portion of the blame for allowing it to go on.",
        "There has been fierce debate about who must take responsibility for the scandal.",
    ],
)
def test_hedges_past_failures_and_quotes_are_not_recommendations(sentence):
    assert _recs(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "hinge"),
    [
        (
            "Children's services and the police should share every referral within 24 hours, "
            "because in 41 cases a report was not acted on within 28 days.",
            "documented_failure",
        ),
        (
            "Forces should record self-defined ethnicity for every suspect, because ethnicity is "
            "missing for 30.9% of suspects.",
            "documented_failure",
        ),
        (
            "Because 84% of offenders are Asian, the government must target prevention work at "
            "Pakistani communities.",
            "contested_statistic",
        ),
        (
            "Since most offenders are white, resources should be moved away from the focus on "
            "Asian men.",
            "contested_statistic",
        ),
        ("Something must be done.", "unclear"),
    ],
)
def test_hinge_is_read_from_the_sentence(sentence, hinge):
    recs = _recs(sentence)
    assert [r.hinge for r in recs] == [hinge]


def test_hinge_can_come_from_the_paragraph():
    recs = _recs(
        "The serious case review found that information was not shared between agencies. "
        "We recommend a single shared case record."
    )
    assert [r.hinge for r in recs] == ["documented_failure"]


def test_numbered_items_under_a_recommendations_heading():
    recs = _recs("6. Recommendations\n\n1. Funding for helplines should rise.\n\n")
    assert len(recs) == 1
    assert recs[0].sentence.endswith("Funding for helplines should rise.")


def test_labelled_recommendations_found_and_hinged():
    expected = {
        "recommendation_documented": "documented_failure",
        "recommendation_contested": "contested_statistic",
        "recommendation_unclear": "unclear",
    }
    rows = load_labelled()
    recs = [r for r in rows if r.role in expected]
    found = right = 0
    for row in recs:
        got = _recs(row.text)
        found += bool(got)
        right += [g.hinge for g in got] == [expected[row.role]]
    assert found / len(recs) >= 0.9, f"found {found} of {len(recs)}"
    assert right / len(recs) >= 0.8, f"hinge right {right} of {len(recs)}"
    others = [r for r in rows if r.role in ("caveat", "trap")]
    false = [r.text for r in others if _recs(r.text)]
    assert len(false) <= 2, false


def test_contested_recommendations_on_either_side_score_zero():
    for text in (
        "Because 84% of offenders are Asian, the government must target Pakistani communities.",
        "Since most offenders are white, the focus on Asian men should be dropped.",
    ):
        context = _context(text)
        suggestion = suggest(detect(context), context)
        assert suggestion.suggested_level == 0, text


def test_recommendations_resting_on_documented_failures_score_well():
    context = _context(
        "Each recommendation would stand even if the disputed ethnicity shares were wrong.\n\n"
        "1. The police should share every referral within 24 hours, because in 41 cases a "
        "report was not acted on.\n\n"
        "2. Forces should record ethnicity for every suspect, because it is missing for 31%.\n\n"
        "3. The Partnership should repeat this audit every two years to monitor progress.\n\n"
    )
    suggestion = suggest(detect(context), context)
    assert suggestion.suggested_level == 3
    assert "3 recommendations" in suggestion.rationale


def test_no_recommendations_is_not_applicable():
    context = _context("The council owns about 21,000 homes.")
    suggestion = suggest(detect(context), context)
    assert suggestion.status == "not_applicable"


@pytest.mark.parametrize(
    "sentence",
    [
        "Every patient should be offered an interpreter, because only 41 of 120 were offered one.",
        "The annual release should state how many referrals were counted under two headings.",
    ],
)
def test_a_failure_counted_in_the_report_or_a_data_fix_is_a_documented_basis(sentence):
    (rec,) = _recs("Recommendations\n\n" + sentence)
    assert rec.hinge == "documented_failure"


def test_none_of_these_recommendations_depends_is_a_robustness_check():
    text = (
        "Recommendations\n\nNone of these recommendations depends on the size of the rise.\n\n"
        "1. The council should publish how many records were missing, because 40 of 200 files "
        "had no entry.\n\n"
        "2. The council should repeat the audit every year, because in 30 of 200 files the form "
        "was blank."
    )
    ctx = _context(text)
    suggestion = suggest(detect(ctx), ctx)
    assert "survive" in suggestion.rationale
    assert suggestion.suggested_level == 3


# --- whose recommendation, and what it rests on (issue 12, pattern 9) --------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The 2019 review recommended that every trust should publish its waiting times.",
        "Landlords should register every let with the council, the housing minister has proposed.",
        "These studies drive the argument that schools must record every pupil's ethnicity.",
        "The chief constable stated that every force should publish its stop figures.",
    ],
)
def test_reported_recommendations_are_not_the_documents_own(sentence):
    recs = _recs(sentence)
    assert all(r.quoted for r in recs)
    context = _context(sentence)
    assert suggest(detect(context), context).status == "not_applicable"


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke after the figures came out. \u201cWe must take firm action against "
        "this behaviour,\u201d she told reporters.",
        "\u201cCouncils must stop labelling every critic as biased,\u201d he said.",
        "The tenants' union report calls for the removal of the eviction quota from the plan.",
        "Shelter Ruritania urges councils to publish their waiting lists every month.",
    ],
)
def test_a_call_in_someone_elses_quoted_or_reported_words_is_not_the_documents_own(text):
    recs = _recs(text)
    assert recs and all(r.quoted for r in recs)
    context = _context(text)
    assert suggest(detect(context), context).status == "not_applicable"


@pytest.mark.parametrize(
    "text",
    [
        "The paper reviews arrest data for 2010 to 2015. It recommends further study of the "
        "data before any policy change.",
        "The review should be scrapped, but thankfully ministers usually ignore such reports.",
    ],
)
def test_a_call_with_no_named_speaker_before_it_stays_the_documents_own(text):
    recs = _recs(text)
    assert recs and not any(r.quoted for r in recs)


def test_a_reported_recommendation_the_document_endorses_is_its_own():
    text = (
        "Every school should record bullying incidents by type, the inspectorate has proposed. "
        "We support this proposal."
    )
    recs = _recs(text)
    assert recs and not any(r.quoted for r in recs)


def test_setting_a_figure_in_context_is_not_a_recommendation():
    assert _recs("The union said the rise must be set in the context of staff shortages.") == []


def test_an_excerpt_cut_mid_sentence_gives_no_recommendation():
    text = "Pay gaps vary by region.\n\nTo tackle these gaps, employers must first be able to mea"
    assert _recs(text) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The police should investigate every mosque in the city.",
        "The Home Office should prioritise deportation of foreign offenders.",
        "Councils should screen every Polish applicant for housing.",
        "The government should investigate every church in the district.",
    ],
)
def test_demands_aimed_at_a_group_are_not_credited_as_documented(sentence):
    recs = _recs(sentence)
    assert len(recs) == 1
    assert recs[0].hinge == "contested_statistic"


def test_a_demand_to_end_an_inquiry_is_not_a_documented_failure():
    recs = _recs("The government must end the inquiry into failures at the hospital.")
    assert len(recs) == 1
    assert recs[0].hinge != "documented_failure"


def test_a_group_measure_with_a_documented_failure_behind_it_is_documented():
    recs = _recs(
        "Officers must check the visa status of every foreign national detained, because the "
        "inspection found checks were skipped in 52 of 180 files."
    )
    assert len(recs) == 1 and recs[0].hinge == "documented_failure"


def test_each_recommendation_names_the_finding_it_rests_on():
    text = (
        "The inspection found that 38 of 90 complaints were never answered. "
        "The service should reply to every complaint within ten days."
    )
    recs = _recs(text)
    assert len(recs) == 1
    rec = recs[0]
    assert rec.hinge == "documented_failure"
    assert rec.basis_page == 1
    assert rec.basis_sentence.startswith("The inspection found")

    own = _recs(
        "Hospitals should keep a falls register, because in 17 of 40 reviewed cases no falls "
        "assessment was recorded."
    )
    assert own[0].basis_sentence == own[0].sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor opened the review in 2019, saying that councils should leave nothing hidden.",
        "An earlier inspection identified a perception among staff that they should keep quiet.",
        "The chief constable told reporters that forces must share more data.",
    ],
)
def test_a_modal_in_someone_elses_that_clause_is_reported(sentence):
    recs = _recs(sentence)
    assert all(r.quoted for r in recs)
    context = _context(sentence)
    assert suggest(detect(context), context).status == "not_applicable"


@pytest.mark.parametrize(
    "sentence",
    [
        "I do believe further action should be taken on waiting lists.",
        "We think every trust should publish its complaint figures.",
        "Last week we wrote to the minister about the disputed figure and asked her to correct "
        "the record.",
    ],
)
def test_the_documents_own_call_in_the_first_person_is_its_own(sentence):
    recs = _recs(sentence)
    assert len(recs) == 1 and not recs[0].quoted


def test_action_should_be_taken_is_a_call_but_taken_as_is_a_caveat():
    assert _recs("Action should be taken by the landlords this year.")
    assert _recs("These totals should be taken as a rough guide only.") == []


def test_a_commitment_to_act_is_a_recommendation_even_when_the_excerpt_cuts_it():
    text = (
        "Existing research is limited and data collection is poor.\n\n"
        "Therefore, a commitment to improve the collection and analysis of data on housing "
        "complaints, including the"
    )
    recs = _recs(text)
    assert len(recs) == 1 and recs[0].hinge == "documented_failure"


def test_found_it_hard_is_not_a_finding():
    text = (
        "I found it hard to speak to the families about this. "
        "I believe more should be done for them."
    )
    recs = _recs(text)
    assert len(recs) == 1 and recs[0].hinge != "documented_failure"


def test_the_documents_own_view_that_something_should_be_done_is_its_own():
    recs = _recs("We take the view that every council should publish its waiting lists.")
    assert len(recs) == 1 and not recs[0].quoted


@pytest.mark.parametrize(
    "sentence",
    [
        "If you see fly-tipping, report it to the council.",
        "Write to your MP and ask for a proper count.",
        "Sign the petition today!",
        # A campaign page's title (holdout-13, session 10).
        "Ask government to release the full review on grooming gangs.",
    ],
)
def test_a_call_to_action_in_the_imperative_is_the_documents_own(sentence):
    recs = _recs(sentence)
    assert len(recs) == 1 and not recs[0].quoted


@pytest.mark.parametrize(
    "sentence",
    [
        "Share this article",
        "Report finds rise in thefts",
        "Join us",
        "Contact us",
        "Ask anyone in Northdale and they will say the same.",
        "Ask the police and they will tell you that crime is falling.",
        "Ask them why, and you get no answer.",
    ],
)
def test_page_furniture_and_headline_nouns_are_not_calls(sentence):
    assert _recs(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We asked all 40 trusts to supply their figures for three named years.",
        "We invited 200 tenants to take part in the survey.",
    ],
)
def test_a_request_for_data_in_a_method_is_not_a_recommendation(sentence):
    assert _recs(sentence) == []


def test_impatience_for_a_reported_proposal_adopts_it():
    text = (
        "Every landlord should register each let with the council, the housing minister has "
        "proposed. It is remarkable that it has taken so long for anyone to say so."
    )
    recs = _recs(text)
    assert recs and not any(r.quoted for r in recs)


def _status(text: str) -> str:
    context = _context(text)
    return suggest(detect(context), context).status


def test_calls_made_with_need_are_recommendations():
    # Labelling guide 2.2 lists "needs to"; found missing on holdouts 13 and 14 (session 11).
    for text in (
        "The Government needs to address the exclusion of Ruritanian pupils from schools.",
        "A coordinated approach is needed to tackle the bullying of Ruritanian children.",
        "The 8.7% rise shows an urgent need for reform of the prison system.",
        "Why we need a national inquiry into the abuse in Brackenford.",
    ):
        assert _status(text) == "suggested", text
    # A need described, a purpose, or a caveat is no call.
    for text in (
        "Children who need support wait 18 weeks for a first appointment.",
        "Census information is needed to inform policy and to plan services.",
        "The 2021 figure needs to be treated with caution.",
    ):
        assert _status(text) == "not_applicable", text


def test_calls_the_document_makes_in_its_own_voice():
    # Found on holdouts 14 and 16 after their measurements (session 11).
    for text in (
        "We the undersigned call on the government to extend these reporting rules.",
        "We also call for a debate over who should be entitled to social housing.",
        "Column: We need a lot more data on police abuse.",
        "We need a national inquiry into the abuse in Brackenford.",
    ):
        assert _status(text) == "suggested", text
    for text in ("We need more time to read the report.", "It is not clear who should pay."):
        assert _status(text) == "not_applicable", text


@pytest.mark.parametrize(
    "call",
    [
        "We need more police oversight.",
        "We need more support for refugees.",
        "We need more police powers.",
        "We need more deportations.",
        "We need tougher sentences.",
        "We need more legal routes.",
    ],
)
def test_we_need_reads_every_policy_alike(call):
    # Review of session 11: a list of nouns read some policies as calls and not others.
    assert _status("In 2020 police recorded 300 hate crimes. " + call) == "suggested"


def test_needs_described_and_past_recommendations_are_no_call():
    for text in (
        "Under the 2010 Act, the Home Office needs to publish these figures every year.",
        "Recommendation 3 of the 2014 inquiry should have been implemented by 2016.",
        "No further action is needed on the older cases.",
        "To convict, the state needs to prove intent beyond reasonable doubt.",
        "The city needs to borrow 5 million pounds each year to balance its books.",
        "We urge that these figures should be treated with caution.",
    ):
        assert _status("In 2020 police recorded 300 hate crimes. " + text) == "not_applicable", text


@pytest.mark.parametrize(
    "item",
    [
        "1. **Require immigration status reporting** for ALL state programs",
        "- Target countries with strong educational systems",
        "3. **Publish full cross-tabulations** and raw data",
        "In order to keep this trend, there needs to be increased monitoring of abuse.",
        "It is necessary for companies to respect the rights of all workers equally.",
        "There is an urgent need for independent inspection of the camps.",
    ],
)
def test_a_list_item_that_proposes_and_an_impersonal_need_are_calls(item):
    # A closing line after the list: an unpunctuated last line reads as an excerpt cut short.
    found = _recs(item + "\n\nThese steps would cost little.")
    assert [r.sentence for r in found] == [item]


@pytest.mark.parametrize(
    "item",
    [
        "- Download the data from the census website",
        "1. Merge the files on the district code",
        "3. **Annual cost report** by immigration status",
        "- Review: the 2019 figures were revised in 2021.",
        "It is necessary to note that the sample is small.",
    ],
)
def test_a_method_step_a_noun_item_and_a_caveat_are_not_calls(item):
    assert _recs(item + "\n\nThese steps would cost little.") == []


def test_a_call_for_more_evidence_never_rests_on_a_contested_figure():
    # Bug: a replication that found its groups' figures inconclusive and asked for "further
    # investigation" was rated 0, its call read as resting on the group figure before it.
    found = _recs(
        "Black prisoners received scores 12% higher than white prisoners. Further "
        "investigation must be done in order to make fine conclusions."
    )
    assert [r.hinge for r in found] == ["unclear"]


# Session 22: forms found in whole real documents (holdouts 28-31), written anew here.
@pytest.mark.parametrize(
    "sentence",
    [
        "It should also be noted that the survey closed before the elections.",
        "Caution should be exercised when reading the rates for small groups.",
        "The result should be similar for the other regions.",
        "As the model is fitted to counts, this line should read: 'the share did not rise'.",
        "Should she leave school early, her prospects worsen considerably.",
        "The figures would double, should the council count every referral.",
        "Students can take a loan for tuition, which they must pay back with interest.",
        "The charity, which recommends candidates to voters, endorsed him in May.",
        "# check the total is what it should be",
        "<!-- NOTE: we need to redo the chart of districts here -->",
        "Therefore, we need a model to borrow strength from the other districts.",
    ],
)
def test_caveats_conditions_relative_clauses_and_code_are_not_recommendations(sentence):
    assert _recs(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We encourage researchers using these stop records to check them with local groups.",
        "We argue that readers need to question the tone of what they read.",
        "Let's include a basic income in the debate.",
        "The best thing councils can do from here is publish every referral they receive.",
        "The just solution would be to allow workers who pay in to draw the benefits.",
        "Most importantly, these results highlight the need to tackle barriers to care.",
    ],
)
def test_the_documents_own_calls_in_other_words(sentence):
    recs = _recs(sentence)
    assert len(recs) == 1 and not recs[0].quoted


@pytest.mark.parametrize(
    "sentence",
    [
        "Let's look at the numbers for each force.",
        "Let us consider the second table.",
        "The best thing about the data is that it covers every year.",
    ],
)
def test_steps_of_the_text_are_not_calls(sentence):
    assert _recs(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "We highly encourage the platform to release the audit data.",
        "It would be useful to repeat the test with a different background colour.",
        "Police departments would be wise to use these data when planning patrols.",
    ],
)
def test_advice_put_politely_is_a_call(sentence):
    # Holdout-32 (session 22): each was missed, so three documents with proposals read as "n/a".
    recs = _recs(sentence)
    assert len(recs) == 1 and not recs[0].quoted


@pytest.mark.parametrize(
    "sentence",
    [
        "The main thing we need to consider is the limited data: it covers only some awards.",
        "It would be interesting to see the same figures for other years.",
    ],
)
def test_a_step_of_the_reading_is_not_a_call(sentence):
    assert _recs(sentence) == []


# A review of session 22's rules found these read wrongly; each is pinned here.
@pytest.mark.parametrize(
    "sentence",
    [
        "The government should close the gender pay gap.",
        "We recommend that councils should close the loophole.",
        "Funding should be sufficient to cover every school.",
        "We urge ministers to act, should the numbers keep rising.",
        "Everyone who is eligible should register to vote.",
        "Forces who collect data must publish it.",
        "The option which we recommend is a statutory register.",
        "Ministers need to recognise the scale of the problem.",
    ],
)
def test_calls_the_caveat_condition_and_clause_rules_must_not_drop(sentence):
    assert len(_recs(sentence)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Let's analyze the data by region.",
        "Let's create a bar chart of the shares.",
        "Let's face it, the numbers are bad.",
        "Let us know what you think.",
        "The only thing that is certain is that numbers rose.",
        "The best way forward is unclear.",
        "The survey shows the need for childcare varies by region.",
        "We consider that this figure needs to be treated with caution.",
    ],
)
def test_steps_asides_and_caveats_the_new_call_rules_must_not_take(sentence):
    assert _recs(sentence) == []
