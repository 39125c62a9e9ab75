"""Model rules that a person's input could break."""

import pytest
from pydantic import ValidationError

from evaluator.models import Answer, Evaluation, RubricRef


def test_an_answer_is_a_level_or_not_applicable():
    assert Answer(criterion_id="a", level=2, decision="accepted").level == 2
    assert Answer(criterion_id="a", not_applicable=True, decision="accepted").level is None
    with pytest.raises(ValidationError, match="level 0–3 or not applicable"):
        Answer(criterion_id="a", decision="accepted")
    with pytest.raises(ValidationError, match="not both"):
        Answer(criterion_id="a", level=1, not_applicable=True, decision="accepted")
    with pytest.raises(ValidationError):
        Answer(criterion_id="a", level=4, decision="accepted")


def test_overriding_needs_a_justification():
    with pytest.raises(ValidationError, match="justification"):
        Answer(criterion_id="a", level=1, decision="overridden", justification="   ")
    answer = Answer(criterion_id="a", level=1, decision="overridden", justification="p. 3 says")
    assert answer.decision == "overridden"


def test_answers_forbid_unknown_keys():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Answer.model_validate(
            {"criterion_id": "a", "level": 1, "decision": "accepted", "comment": "x"}
        )


def test_evaluation_answers_are_keyed_by_their_criterion():
    ref = RubricRef(id="default", version="1.0")
    answer = Answer(criterion_id="scope", level=2, decision="accepted")
    Evaluation(document_sha256="0" * 64, rubric=ref, answers={"scope": answer})
    with pytest.raises(ValidationError, match="is for 'scope'"):
        Evaluation(document_sha256="0" * 64, rubric=ref, answers={"sources": answer})


def test_an_evaluation_round_trips_through_json():
    ref = RubricRef(id="default", version="1.0")
    evaluation = Evaluation(
        document_sha256="ab" * 32,
        rubric=ref,
        answers={"scope": Answer(criterion_id="scope", level=3, decision="accepted")},
    )
    again = Evaluation.model_validate_json(evaluation.model_dump_json())
    assert again == evaluation
