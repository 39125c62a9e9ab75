"""Decisions the pages make, as pure functions: no Streamlit here, so tests call them directly."""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationError

from evaluator import Answer, Evaluation, QuoteRef, Suggestion, first_error, ratings

Choice = ratings.Rating
CHOICES: list[Choice] = list(ratings.CHOICES)
choice_label = ratings.label
suggested_choice = ratings.rating_of_suggestion
answer_choice = ratings.rating_of


def assistance_visible(blind_mode: bool, answered: bool, revealed: bool) -> bool:
    """Whether a criterion's evidence and suggestion may be shown.

    In blind mode the reader commits first: nothing from the tool appears until an answer is
    saved for this criterion and the reader has asked to reveal.
    """
    return not blind_mode or (answered and revealed)


def can_reveal(blind_mode: bool, answered: bool, revealed: bool) -> bool:
    return blind_mode and answered and not revealed


def initial_choice(
    suggestion: Suggestion | None, answer: Answer | None, blind_mode: bool
) -> Choice | None:
    """Pre-select the saved answer, else the suggestion, except in blind mode (it would leak)."""
    saved = answer_choice(answer)
    if saved is not None or blind_mode:
        return saved
    return suggested_choice(suggestion)


def decision_for(
    suggestion: Suggestion | None, choice: Choice
) -> Literal["accepted", "overridden"]:
    """Overriding means choosing differently from a suggestion that exists.

    With no suggestion there is nothing to override, so the answer counts as accepted (summaries
    tell these apart from real acceptances by the suggestion's status).
    """
    suggested = suggested_choice(suggestion)
    if suggested is None or suggested == choice:
        return "accepted"
    return "overridden"


def justification_required(blind_mode: bool, decision: str) -> bool:
    """Overrides always need a reason; in blind mode every answer does, so that the demand
    itself never hints at what the tool suggested."""
    return blind_mode or decision == "overridden"


def build_answer(
    criterion_id: str,
    suggestion: Suggestion | None,
    choice: Choice | None,
    justification: str,
    *,
    blind_mode: bool = False,
    dismissed: list[QuoteRef] | None = None,
    added: list[QuoteRef] | None = None,
) -> Answer | str:
    """The reader's answer, or a one-line message saying what is missing."""
    if choice is None:
        return "Choose a level from 0 to 3, or not applicable."
    decision = decision_for(suggestion, choice)
    if justification_required(blind_mode, decision) and not justification.strip():
        if blind_mode:
            return "Write a justification: in this exercise every answer needs one."
        return "Write a justification: your answer differs from the suggestion."
    try:
        return Answer(
            criterion_id=criterion_id,
            level=None if choice == ratings.NOT_APPLICABLE else choice,
            not_applicable=choice == ratings.NOT_APPLICABLE,
            justification=justification.strip(),
            decision=decision,
            dismissed_evidence=list(dismissed or []),
            added_evidence=list(added or []),
        )
    except ValidationError as exc:
        return first_error(exc)


def upload_problem(filename: str, size: int, limit_mb: int) -> str | None:
    """A message when a file is over the upload limit, else None."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return (
        f"{filename} is {size / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB. "
        "Try a smaller export of the report, or raise server.maxUploadSize in "
        ".streamlit/config.toml."
    )


def progress(answered: int, total: int) -> float:
    return 0.0 if total <= 0 else min(1.0, answered / total)


def shown_to_reader(evaluation: Evaluation, blind_mode: bool, revealed: set[str]) -> Evaluation:
    """The evaluation as the Summary and Export pages may show it.

    In blind mode a suggestion (with its evidence) stays hidden everywhere until its criterion
    is answered and revealed, so the other pages and the downloads cannot give it away.
    """
    if not blind_mode:
        return evaluation
    keep = [
        s
        for s in evaluation.suggestions
        if assistance_visible(True, s.id in evaluation.answers, s.id in revealed)
    ]
    return evaluation.model_copy(update={"suggestions": keep})


def has_unsaved_change(
    suggestion: Suggestion | None,
    answer: Answer | None,
    choice: Choice | None,
    justification: str,
    blind_mode: bool,
) -> bool:
    """Whether the reader changed this step since it was last saved.

    A pre-selected suggestion left untouched is not a change: leaving the step must never accept
    a suggestion on the reader's behalf.
    """
    justification = justification.strip()
    if answer is None:
        untouched = choice == initial_choice(suggestion, None, blind_mode)
        return not (untouched and not justification)
    return choice != answer_choice(answer) or justification != answer.justification
