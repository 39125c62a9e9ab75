"""The analysis lists the claims a document relays from others, with who and whether it disputes
them: the one reading of who says what that every check uses (issue 12, item 1), shown to the
reader as evidence rather than kept inside the checks."""

from __future__ import annotations

import pytest

from evaluator.analysis import analyze, relayed_claims
from evaluator.checks import Context
from evaluator.cli import format_text
from evaluator.ingest import load_bytes
from evaluator.rubrics import default_rubric

CRITIQUE = (
    "Counting with care\n\n"
    "The campaign claims that 90% of the offenders in Brackenford were Valdorian. That figure "
    "cannot be reproduced: the campaign gives no source and no count.\n\n"
    "Police records for 2019 to 2023 list 212 people charged, 31 of them (14.6%) recorded as "
    "Valdorian nationals. Officers said the records were incomplete."
)


def _analysis(text: str):
    return analyze(load_bytes(text.encode(), "report.txt", cache=False), default_rubric())


def test_a_disputed_claim_is_listed_with_its_speaker_and_the_disputing_words():
    relayed = _analysis(CRITIQUE).relayed_claims
    disputed = [c for c in relayed if c.stance == "disputes"]
    assert disputed and disputed[0].speaker == "The campaign"
    assert "90%" in disputed[0].sentence and disputed[0].dispute
    reported = [c for c in relayed if c.stance == "reports"]
    assert [c.speaker for c in reported] == ["Officers"]


def test_the_documents_own_sentences_are_never_listed():
    relayed = _analysis(CRITIQUE).relayed_claims
    assert not any(c.sentence.startswith("Police records for 2019") for c in relayed)
    own = _analysis("Police records for 2019 to 2023 list 212 people charged in Brackenford.")
    assert own.relayed_claims == []


@pytest.mark.parametrize(("one", "other"), [("Valdorian", "Ruritanian")])
def test_the_same_reading_whichever_group(one, other):
    a = [(c.speaker, c.stance) for c in _analysis(CRITIQUE).relayed_claims]
    b = [(c.speaker, c.stance) for c in _analysis(CRITIQUE.replace(one, other)).relayed_claims]
    assert a == b


def test_the_list_is_bounded_and_says_so():
    text = "\n\n".join(f"The campaign claims that {n}% of tenants waited." for n in range(1, 30))
    document = load_bytes(text.encode(), "report.txt", cache=False)
    listed, warnings = relayed_claims(Context.build(document), most=5)
    assert len(listed) == 5
    assert warnings and "only the first 5" in warnings[0]


def test_the_text_output_gives_the_count_and_the_disputed_claims():
    text = format_text(_analysis(CRITIQUE))
    assert "Relayed: 2 claims from others, 1 of them disputed by the document" in text
    assert "p. 1, from The campaign:" in text
    assert "Relayed:" not in format_text(_analysis("Police records list 212 people charged."))
    unnamed = format_text(_analysis("It is a myth that 90% of the 212 offenders were Valdorian."))
    assert "from no one named:" in unnamed and "unnamed" not in unnamed


def test_a_text_the_rules_cannot_read_lists_nothing():
    german = (
        "Laut der Polizeilichen Kriminalstatistik waren im Jahr 2023 insgesamt 41 Prozent der "
        "Tatverdächtigen keine deutschen Staatsangehörigen, wie das Bundeskriminalamt "
        "mitteilte. Die Statistik bezieht sich ausschließlich auf die Allgemeinkriminalität, "
        "also Straftaten ohne politischen Hintergrund, sagte ein Sprecher der Behörde."
    )
    assert _analysis(german).relayed_claims == []


def test_evidence_quoting_someone_elses_claim_says_whose_it_is():
    # The reader sees what the check saw: the quote is the campaign's, and disputed.
    analysis = _analysis(CRITIQUE)
    signals = {e.quote[:24]: e.signal for c in analysis.criteria for e in c.evidence}
    assert signals["The campaign claims that"].endswith(
        "; a claim relayed from The campaign, which the document disputes"
    )
    assert "relayed" not in signals["Police records for 2019 "]
    passed_on = _analysis("Officers said that 40% of the 212 people charged were Valdorian.")
    quoted = [e.signal for c in passed_on.criteria for e in c.evidence]
    assert any(
        s.endswith("a claim relayed from Officers, passed on without challenge") for s in quoted
    )


def test_a_verdicts_cue_is_bounded_like_its_sentence():
    # Under a verdict the cue is the whole claim answered, as long as the passage.
    text = (
        "Claim 1\n\n84% of the men behind this abuse in Brackenford and the towns around it "
        "over the last twenty years were Valdorian.\n\nVerdict: not supported."
    )
    document = load_bytes(text.encode(), "report.txt", cache=False)
    listed, _ = relayed_claims(Context.build(document), limit=40)
    assert listed and listed[0].stance == "disputes"
    assert all(len(c.cue) <= 40 and len(c.sentence) <= 40 for c in listed)


def test_an_evaluation_keeps_the_first_relayed_claims_only():
    from evaluator import Evaluation
    from evaluator.models import MAX_RELAYED_KEPT

    analysis = _analysis(CRITIQUE)
    claim = analysis.relayed_claims[0].model_dump()
    evaluation = Evaluation.model_validate(
        {
            "document_sha256": analysis.document.sha256,
            "rubric": analysis.rubric.model_dump(),
            "relayed_claims": [claim] * (MAX_RELAYED_KEPT + 7),
        }
    )
    assert len(evaluation.relayed_claims) == MAX_RELAYED_KEPT


def test_a_claim_with_no_owner_has_no_named_speaker():
    relayed = _analysis(
        "Critics say that 90% of the offenders in Brackenford were Valdorian. "
        "The campaign claims that 80% of tenants waited."
    ).relayed_claims
    assert [c.named_speaker() for c in relayed] == [None, "The campaign"]


def test_evidence_from_an_unnamed_group_does_not_print_the_placeholder():
    # The reading names an ownerless group "unnamed (critics)"; readers see words, not that.
    analysis = _analysis("Critics say that 90% of the 212 offenders in Brackenford were Valdorian.")
    signals = [e.signal for c in analysis.criteria for e in c.evidence if "relayed" in e.signal]
    assert signals and all("a claim relayed without saying whose" in s for s in signals)
    assert not any("unnamed" in s for s in signals)
