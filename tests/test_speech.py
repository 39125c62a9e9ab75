"""One reading of who says what (evaluator/checks/speech.py). Every sentence here is invented:
Brackenford, Northdale, Ruritania and the people and groups named are made up."""

from __future__ import annotations

import time

import pytest

from evaluator.checks import speech
from evaluator.checks.common import quoted_passages, text_context
from evaluator.checks.cues import is_rebutted_report, quoted_flags
from evaluator.checks.speech import (
    disputed_passages,
    is_disputed,
    is_own,
    is_reported,
    read_text,
    voice_at,
    voices,
)


def _voice(text: str, sentence: str) -> speech.Voice:
    for passage, voice in read_text(text):
        if passage.startswith(sentence):
            return voice
    raise AssertionError(f"no passage starts with {sentence!r}")


# --- direct quotation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Most of the burglars in this town come from the estate,” the councillor said.",
        '"Most of the burglars in this town come from the estate," the councillor said.',
        "The councillor said: “Most of the burglars in this town come from the estate.”",
    ],
)
def test_direct_quotation_in_straight_or_curly_marks_is_the_speakers(text):
    voice = _voice(text, text[:12])
    assert voice.speaker.lower() == "the councillor" and voice.stance == "reports"
    assert not is_own(voice) and is_reported(voice) and not is_disputed(voice)
    assert voice.cue and 0 <= voice.cue_start < voice.cue_end <= len(text)


def test_a_quotation_running_over_several_sentences_keeps_its_speaker():
    text = (
        "Dr Amal Osei, a statistician, said: “The rate fell in every district. It is now lower "
        "than in 2015. Nobody should read a trend into one year.”\n\nThe council meets on Monday."
    )
    stances = [(v.speaker, v.stance) for _, v in read_text(text)]
    assert stances[:3] == [("Dr Amal Osei", "reports")] * 3
    assert stances[3] == ("document", "asserts")


def test_scare_quotes_do_not_make_a_sentence_someone_elses():
    text = "The so-called ‘hotspots’ had 41 recorded burglaries between them in 2023."
    voice = _voice(text, "The so-called")
    assert not is_disputed(voice)


# --- reported speech ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Northdale Residents' Forum claimed that 70% of thefts were by visitors.", "The"),
        ("Critics argue that the new scheme stops more young men than the old one.", "unnamed"),
        ("The review found that 212 referrals were never followed up.", "The review"),
        ("According to the charity, one in four callers had been turned away.", "the charity"),
        ("Half the town's shops had closed, a trade body said on Tuesday.", "a trade body"),
        # Found on real sentence labels (session 9): the speaker after the verb, a dated
        # subject, and bodies the first list lacked.
        ("Most of the offenders were local men, said Dr Vell.", "Dr Vell"),
        ("Most thefts were by visitors, said the Northdale Gazette.", "the Northdale Gazette"),
        ("Repairs took a month on average, says a spokesperson for the council.", "a spokesp"),
        ("A Brackenford study in 2020 found that most offenders were local.", "A Brackenford"),
        ("The independent investigation found that 212 referrals were lost.", "The independent"),
        ("The review team found that 40 referrals were never read.", "The review team"),
        ("Some studies have indicated an over-representation of young men.", "Some studies"),
        ("The forum points out that such claims contradict the census.", "The forum"),
        ("The report quotes Councillor Vell asking whether 9,000 homes were empty.", "The report"),
        ("Arrests, claims and fines all fell, said the Home Office.", "the Home Office"),
        ("A 2024 report on abuse in Brackenford found that most victims were girls.", "A 2024"),
    ],
)
def test_reported_speech_names_its_speaker(text, speaker):
    voice = _voice(text, text[:10])
    assert voice.stance == "reports" and voice.speaker.startswith(speaker)


@pytest.mark.parametrize(
    "text",
    [
        "We asked every council in the region for referrals made in 2022 and 2023.",
        "Police figures show that 310 people were arrested in the borough last year.",
        "According to Census 2021 data, 12% of Brackenford residents were born abroad.",
        "Of the 310 people arrested, 41 (13%) were under 18.",
        "This report found that waiting times doubled between 2019 and 2023.",
        "Nearly half of the tenants we surveyed said their repairs took over a month.",
        "The survey records 1,200 answers from 14 towns.",
        # Not speakers after the verb: a place in the document, a number of people, and
        # "states" or "claims" as nouns (found in review).
        "We counted 212 cases, said in the annex to be a lower bound.",
        "In 2021 45% of residents said they felt safe at night.",
        "More than 2000 residents said they had waited over a month.",
        "In the US, states report hate crimes to the FBI voluntarily.",
        "Since 2010, claims against the police have doubled.",
        "This report, published in 2020, states the council failed 40 children.",
        "The number of arrests fell by 12%, states Annex B.",
        "Most offenders were local, says Section 4 of this report.",
        "The tribunal examined 40 dismissals, claims brought by the union and their outcomes.",
        "For every region, writes off are recorded by the council.",
    ],
)
def test_the_documents_own_statements_are_its_own(text):
    voice = _voice(text, text[:10])
    assert is_own(voice) and voice.stance == "asserts" and voice.speaker == "document"


# --- a claim named and then disputed -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It is a myth that 90% of shoplifters in Brackenford are Ruritanian.",
        "The campaign's claim that 90% of shoplifters are Ruritanian cannot be reproduced.",
        "There is no evidence for the figure of 90% that the leaflet gives.",
        "The idea that one community is behind the thefts has no basis in the court records.",
        "The claim that thefts tripled has no reliable basis, an independent statistician found.",
    ],
)
def test_a_claim_named_and_disputed_is_not_the_documents(text):
    voice = _voice(text, text[:10])
    assert is_disputed(voice) and not is_own(voice)
    assert voice.dispute  # the words that dispute it are kept


def test_the_owner_of_a_named_claim_is_its_speaker():
    voice = _voice(
        "The campaign's claim that 90% of shoplifters are Ruritanian cannot be reproduced.", "The"
    )
    assert voice.speaker == "The campaign"


def test_a_speakers_own_complaint_is_not_the_document_disputing_them():
    # The auditors call their data unreliable: that is their finding, relayed, not disputed.
    voice = _voice("The auditors said the data they were given were unreliable.", "The auditors")
    assert voice.stance == "reports"


def test_a_contrast_in_the_documents_voice_disputes_what_it_relays():
    voice = _voice(
        "The group's leaflet says 60% of victims were girls under 14, but gives no count.", "The"
    )
    assert voice.stance == "disputes"


# --- a debate described, not joined ------------------------------------------------------------


def test_a_debate_described_is_relayed_not_asserted():
    text = (
        "The committee heard of a public debate in which links have been made between "
        "nationality and car crime in the town."
    )
    voice = _voice(text, "The committee")
    assert voice.speaker.startswith("unnamed") and voice.stance == "reports"
    assert voice.basis == "debate"


def test_a_widespread_perception_is_relayed():
    voice = _voice(
        "There is a widespread perception that most fly-tippers come from outside the county.",
        "There",
    )
    assert voice.speaker == "unnamed" and voice.stance == "reports"


# --- disputes carried to and from the next sentence -------------------------------------------


def test_a_dispute_that_refers_back_disputes_the_claim_before_it():
    text = (
        "The Safer Lanes group says that 70% of cyclists injured in Northdale were hit by "
        "delivery drivers. This figure cannot be reproduced from the hospital records."
    )
    (_, first), (_, second) = read_text(text)
    assert first.speaker == "The Safer Lanes group" and first.stance == "disputes"
    # The rebuttal itself is the document speaking.
    assert second.stance == "asserts"


def test_the_same_claim_relayed_again_is_still_disputed():
    text = (
        "“Drivers from abroad cause 30% of crashes,” the councillor said.\n\n"
        "The same figure was repeated by a local radio host.\n\n"
        "That 30% figure is wrong: police data put it at 8%."
    )
    stances = [v.stance for _, v in read_text(text)]
    assert stances == ["disputes", "disputes", "asserts"]


def test_an_own_figure_followed_by_a_caveat_stays_the_documents():
    # "unreliable" and "flawed" are also how a careful text describes its own data's limits.
    text = "The rate rose to 12% in 2023. This figure is unreliable for the smallest towns."
    assert [v.stance for _, v in read_text(text)] == ["asserts", "asserts"]


def test_a_fact_check_claim_under_a_heading_and_above_a_verdict_is_disputed():
    text = (
        "Claim 3\n\nThree in four rough sleepers in the city are from abroad.\n\n"
        "Verdict: not supported. The charity counted 40 people on one night in one ward."
    )
    voices_ = dict(read_text(text))
    claim = voices_["Three in four rough sleepers in the city are from abroad."]
    assert claim.stance == "disputes" and claim.basis == "set_apart"
    assert voices_["Verdict: not supported."].stance == "asserts"


def test_a_paragraph_that_names_the_claim_it_disputes_leaves_the_one_above_alone():
    # "It is a myth that X" disputes X; the document's own count above it is not set apart.
    text = (
        "Officers recorded 10 thefts in Eastham during 2000.\n\n"
        "It is a myth that 11 people were involved in 2001.\n\n"
        "We counted 12 cases in 2002."
    )
    assert [v.stance for _, v in read_text(text)] == ["asserts", "disputes", "asserts"]
    # A bare verdict still sets apart the claim above it.
    bare = "90% of offenders were Muslim.\n\nThis is a myth: the data do not show it."
    assert [v.stance for _, v in read_text(bare)] == ["disputes", "asserts"]


def test_a_pronoun_after_a_verdict_carries_the_dispute():
    text = (
        "Verdict: misleading. The pamphlet does not say how many cases it read. It says it "
        "judged each man's origin from his surname."
    )
    stances = [v.stance for _, v in read_text(text)]
    assert stances == ["asserts", "asserts", "disputes"]


# --- symmetry: the reading never depends on which group or side -------------------------------


def test_swapping_groups_and_sides_moves_no_voice():
    text = (
        "The Ruritanian Society claimed that 80% of the offenders were Northdalian. "
        "This figure cannot be reproduced. Critics say the Northdalian Council hides the data."
    )
    swapped = (
        text.replace("Ruritanian", "@")
        .replace("Northdalian", "Ruritanian")
        .replace("@", "Northdalian")
    )
    key = [(v.stance, v.basis) for _, v in read_text(text)]
    assert key == [(v.stance, v.basis) for _, v in read_text(swapped)]


# --- one reading: the three old rule sets now agree -------------------------------------------

AGREEMENT_TEXTS = [
    # Old rules disagreed on each of these (one flagged it, another did not).
    "The campaign says it counted 84 men from press photographs.",
    "It has been claimed that 9 in 10 of the burglars were migrants. This is false.",
    "“Half of all the arrests were of students,” a blogger wrote. The police say 11% were.",
    "The claim that crime doubled is misleading. The campaign's own figures give 14%.",
    "Claim 2\n\nMost of the drivers were from one town.\n\nVerdict: not supported.",
    "Fair Share's report gives 83% from a request to the police, but no count.",
    "The leaflet put the share at 60%. This figure is wrong: court records give 31%.",
    "We recorded 318 incidents in 2023/24. Of these, 41% were online.",
    "The so-called crime wave was not supported by recorded crime, the audit said.",
    "The council should publish the figures each quarter, the campaign said.",
    "Councils should publish the figures each quarter.",
    "Critics argued that the survey was flawed. The authors replied that it was weighted.",
    "There is a widespread belief that the scheme targets one community. It does not.",
]


@pytest.mark.parametrize("text", AGREEMENT_TEXTS)
def test_every_check_gets_the_same_answer_for_the_same_sentence(text):
    context = text_context(text)
    spoken = voices(context)
    by_passages = quoted_passages(context)
    flags = quoted_flags(context.passages)
    for passage, voice, flag in zip(context.passages, spoken, flags, strict=True):
        answers = {
            "speech": is_disputed(voice),
            "quoted_passages": (passage.page, passage.start) in by_passages,
            "quoted_flags": flag,
            "is_rebutted_report": is_rebutted_report(passage, context.paragraph_of(passage)),
        }
        assert len(set(answers.values())) == 1, (passage.text, answers)
        assert voice_at(context, passage) == voice
        assert ((passage.page, passage.start) in disputed_passages(context)) == is_disputed(voice)


def test_the_adapters_agree_even_when_asked_first():
    # is_rebutted_report is handed a passage of a document nobody has read yet.
    text = "The claim that crime doubled is misleading, a statistician said."
    context = text_context(text)
    passage = context.passages[0]
    assert is_rebutted_report(passage, context.paragraph_of(passage))
    assert quoted_flags(context.passages) == [True]
    assert quoted_passages(context) == {(passage.page, passage.start)}


def test_the_reading_is_computed_once_per_document(monkeypatch):
    from evaluator.checks import run_all

    calls = []
    real = speech.read_passages
    monkeypatch.setattr(speech, "read_passages", lambda ps: calls.append(1) or real(ps))
    context = text_context("The campaign claimed that 84% of offenders were Asian. This is wrong.")
    run_all(context)
    assert len(calls) == 1


# --- bounded ------------------------------------------------------------------------------------


def test_reading_is_linear_on_long_and_hostile_text():
    unit = (
        "The Northdale Residents Association Of The Upper Valley District claimed that “70% of "
        "the thefts were by visitors, " + "A " * 60 + "and it is a myth that ‘they stay. "
        "This figure is wrong: there is no evidence for it. Verdict: false. "
    )
    small = text_context(unit * 20)
    large = text_context(unit * 200)
    start = time.perf_counter()
    voices(small)
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    voices(large)
    t_large = time.perf_counter() - start
    assert t_large < 10.0
    assert t_large < 30 * max(t_small, 0.01)  # ten times the text, not a hundred times the time


def test_stance_on_the_dev_documents_in_the_repository_beats_reading_everything_as_own():
    # Only dev documents are read (evaluator/validation/speech.py never reads the test part).
    from evaluator.validation.speech import measure_speech

    report = measure_speech(private=None)
    if not report.matched:
        pytest.skip("no dev text available")
    own_share = sum(r.label_stance == "asserts" for r in report.rows if r.stance) / report.matched
    assert report.stance.rate is not None and report.stance.rate > own_share


def test_a_correction_naming_the_speaker_disputes_what_they_said():
    text = (
        "Councillor Mara Quill said on Tuesday that 35% of burglaries in Brackenford were "
        "committed by Ruritanian nationals.\n\n"
        "The force's figures count people arrested. This does not mean they were convicted, "
        "as Quill said."
    )
    voice = _voice(text, "Councillor Mara Quill said")
    assert is_disputed(voice)
    # The same report with no correction is relayed, not disputed.
    plain = text.replace(" This does not mean they were convicted, as Quill said.", "")
    assert _voice(plain, "Councillor Mara Quill said").stance == "reports"


def test_a_named_speaker_who_does_the_disputing_is_not_disputed():
    # newstalk (development texts, session 18): the analyst who "described the link as one of
    # the most pernicious myths" is the one disputing; his own figures are relayed, not disputed.
    text = (
        "Ms Vell described the link between migrants and empty homes as “one of the most "
        "persistent myths”.\n\n"
        "In 2022, 40% of the flats in Brackenford stood empty, Ms Vell said."
    )
    assert _voice(text, "In 2022, 40% of the flats").stance == "reports"
    # Named as the one whose claim it is, the speaker is the dispute's target, as before.
    target = text + "\n\nBut Vell's figure is misleading: it counts flats, not homes."
    assert is_disputed(_voice(target, "In 2022, 40% of the flats"))


def test_evidence_set_against_a_disputed_claim_is_not_disputed():
    # washingtonpost-2019 (development texts, session 18): Pew's figure is the document's
    # counter-evidence, after its own "misleading".
    text = (
        "Even if the comparison holds in raw numbers, it is misleading because the population "
        "has grown. By contrast, one in 11 Valdorians is under supervision today, according "
        "to the Brackenford Trust."
    )
    assert _voice(text, "By contrast").stance == "reports"
    plain = text.replace("By contrast, one", "One")
    assert is_disputed(_voice(plain, "One in 11"))


def test_a_posts_timestamp_is_never_set_apart_as_a_claim():
    # stopwatch-2025 (development texts, session 18): a feed of posts, each under its time.
    text = (
        "Black children are more likely to be referred.\n\n"
        "July 18, 2025 at 12:01 PM\n\n"
        '"There is no evidence that a regular police presence in schools reduces offending."'
    )
    assert _voice(text, "July 18, 2025").stance == "asserts"


def test_dispute_words_inside_a_speakers_quotation_are_the_speakers():
    # ibtimes-2017 (development texts, session 18): a lawyer's quotation running over two
    # sentences says "what was wrong then is wrong now"; the document disputes nothing.
    text = (
        'Ann Vell, a lawyer, said "confidence in the system was low, very low. What was wrong '
        'with the system in 2010 is wrong with the system now," she said.'
    )
    assert _voice(text, "Ann Vell, a lawyer").stance == "reports"


def test_a_name_after_an_opening_phrase_is_the_speaker():
    voice = _voice(
        "In a string of posts Quill said that most burglars in Brackenford are Albanian.",
        "In a string of posts",
    )
    assert voice.speaker == "Quill" and voice.stance == "reports"
    # An opening phrase with no name before the verb leaves the document speaking.
    assert is_own(_voice("In our survey we said nothing about nationality.", "In our survey"))


def test_a_list_introduced_by_reported_speech_is_the_speakers():
    text = (
        "Dr Mara Vell also argued:\n\n"
        "• The council never says where its figures come from. It gives no method.\n\n"
        "• Most of the 40 cases were never charged.\n\n"
        "The council has not replied."
    )
    assert _voice(text, "• The council never says").speaker == "Dr Mara Vell"
    assert _voice(text, "It gives no method").speaker == "Dr Mara Vell"
    assert _voice(text, "• Most of the 40 cases").speaker == "Dr Mara Vell"
    assert is_own(_voice(text, "The council has not replied"))


# --- holdout-2 round: owners named after an adjective or after "by ..., who" ---------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Adding to this is Vell’s latest claim that 40% of thefts were by Ruritanians.", "Vell"),
        ("The Northdale Trust's original claim that 30% of tenants were migrants stands.", "Trust"),
        (
            "This 90,000 figure has circulated for years, notably echoed in 2019 by the "
            "Brackenford councillor Anne Vell, who claimed there were “at least 90,000 victims.”",
            "Anne Vell",
        ),
    ],
)
def test_a_claims_owner_is_named_after_an_adjective_or_an_agent(text, speaker):
    voice = read_text(text)[0][1]
    assert is_reported(voice)
    assert speaker in voice.speaker
    assert not voice.speaker.startswith(("Adding", "to "))


def test_a_paragraph_after_x_claimed_colon_is_the_speakers():
    text = (
        "Councillor Vell claimed:\n\n"
        "Most burglars in Northdale are Ruritanian men. The rest are local.\n\n"
        "We checked police records for 2022."
    )
    voices_ = [v for _, v in read_text(text)]
    assert [v.speaker for v in voices_[:3]] == ["Councillor Vell"] * 3
    assert is_own(voices_[3])


def test_a_finding_introduced_with_a_colon_leaves_the_next_paragraph_alone():
    voices_ = [v for _, v in read_text("The review found:\n\nMost burglars were local men.")]
    assert is_own(voices_[1])


def test_this_figure_is_unreliable_disputes_the_relayed_figure_before_it():
    text = "The campaign says 90% of burglars are Ruritanian.\n\nThis figure's unreliable."
    assert is_disputed(read_text(text)[0][1])
    own = "Police recorded 300 burglaries in 2022. This figure is unreliable: recording changed."
    assert is_own(read_text(own)[0][1])


def test_quoted_spans_without_a_quote_mark_takes_the_short_path_only_when_no_quote_is_open() -> (
    None
):
    # No mark: nothing quoted, nothing left open; a quote open from the sentence before still
    # runs to the end of this one (a closing double quote) or is dropped (a single one).
    text = "Figures rose by 40% in 2024, the council said."
    assert speech._quoted_spans(text, None) == ([], None)
    assert speech._quoted_spans(text, "“") == ([(0, len(text))], "“")
    assert speech._quoted_spans(text, "‘") == ([], None)
    assert speech._quoted_spans("He said “it rose” today.", None) == ([(9, 16)], None)
    for opening, closing in [*speech._OPEN.items(), ("'", "'")]:
        quoted = f"He said {opening}it rose{closing} today."
        assert speech._quoted_spans(quoted, None)[0] == [(9, 16)], opening


def test_letters_counts_letters_and_digits_inside_the_spans() -> None:
    assert speech._letters("a1 b-c ’d") == 5
    assert speech._letters("ab “cd” e", [(4, 6)]) == 2


@pytest.mark.parametrize(
    ("sentence", "disputes"),
    [
        ("Experts have flatly rejected a new estimate of 22 million residents.", True),
        ("The paper has previously fact-checked claims that a million children were harmed.", True),
        ("The figure has been widely disputed.", True),
        ("Experts swiftly reject 22 million illegals count", True),
        ("Officers questioned 2,000 people in the survey.", False),
        ("The survey questions were changed in 2019.", False),
        ("The council disputes resolution service handled 300 cases.", False),
        # session 18: a critic's words from the development texts
        ("But it is demonstrably false.", True),
        ("Police said the figure had been sensationalised.", True),
        ("The erroneous figure appears to have originated in a 2006 post.", True),
        ("There are reasons to be skeptical of the methodology.", True),
        # "too high" is an advocate's word as often as a critic's
        ("The number of Ruritanian mothers who die is far too high.", False),
        ("Turnout was high and the count was demonstrably quick.", False),
        # what is done to people is no claim disputed (cair-2022, session 18)
        ("The watchlist falsely stigmatizes hundreds of thousands of people.", False),
        ("The figure was wrongly placed at the top of the table.", True),
        # an adjective names no dispute (kirkford-audit's recommendation, session 18)
        ("Trends can be monitored without relying on any disputed figure.", False),
        ("Critics disputed the figure.", True),
    ],
)
def test_a_figure_rejected_is_a_dispute_a_survey_question_is_not(sentence, disputes):
    assert bool(speech.DISPUTE.search(sentence)) is disputes


def test_a_claims_noun_at_the_end_of_a_sentence_is_no_speaker():
    """ "processed 143,142 of an estimated 152,874 retirement and survivor claims." was read as
    a claim relayed from "survivor" (holdout-24); a claim set apart before its speaker is
    still reported speech."""
    from evaluator.checks.common import text_context

    own = "OPM processed 143,142 of an estimated 152,874 retirement and survivor claims."
    assert [(v.speaker, v.stance) for v in voices(text_context(own))] == [("document", "asserts")]
    posed = "Crime has doubled since 2010, the campaign claims."
    assert [(v.speaker, v.stance) for v in voices(text_context(posed))] == [
        ("the campaign", "reports")
    ]


def test_a_markdown_table_row_is_nobodys_speech():
    """ "| Total Population (Millions) | Expected Distribution |" was read as a claim relayed from
    "| Expected Distribution |" (holdout-25)."""
    from evaluator.checks.common import text_context

    row = "| Canada | Total Population (Millions) | Expected Distribution | Observed Distribution |"
    assert [(v.speaker, v.stance) for v in voices(text_context(row))] == [("document", "asserts")]


def test_a_report_recommending_an_action_is_relayed_not_the_documents_own():
    """A post on an audit: "Her report recommends both a national police operation ... as well
    as a national inquiry" and "The report also recommends tightening the law" are the audit's
    recommendations, relayed (guide H8), not the post's (holdout-25)."""
    from evaluator.checks.common import text_context

    for text in (
        "Her report recommends both a national police operation and a national inquiry.",
        "The report also recommends tightening the law in England and Wales.",
    ):
        assert [v.stance for v in voices(text_context(text))] == ["reports"], text
    own = "This report recommends tightening the law."
    assert [v.stance for v in voices(text_context(own))] == ["asserts"]
    # A noun after "claims" is no proposal: "retirement claims processing" stays the document's.
    noun = "OPM cut retirement claims processing times by 10% in 2016."
    assert [v.stance for v in voices(text_context(noun))] == ["asserts"]
