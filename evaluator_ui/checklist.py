"""Checklist: one step per criterion, evidence first, then the suggestion, then the reader's answer.

Every answer is written to the store the moment it is saved; quotes marked irrelevant or added
are written at once too when the criterion already has an answer (before that they wait, in
session state, for the first save).
"""

from __future__ import annotations

import streamlit as st

from evaluator.exports import md_escape
from evaluator.models import Answer, Criterion, Document, Evidence, QuoteRef, Suggestion

from . import common, flow, navigation, session

STEP_NAV = "ck_step_nav"


def _draft_key(criterion_id: str) -> str:
    return f"{session.WIDGET_PREFIX}draft_{criterion_id}"


def _draft(criterion_id: str, answer: Answer | None) -> dict[str, list[QuoteRef]]:
    key = _draft_key(criterion_id)
    if key not in st.session_state:
        st.session_state[key] = {
            "dismissed": list(answer.dismissed_evidence) if answer else [],
            "added": list(answer.added_evidence) if answer else [],
        }
    return st.session_state[key]


def _persist_draft(evaluation_id: int, criterion_id: str) -> None:
    """Write evidence edits straight into an existing answer so they survive a restart too."""
    db = session.store()
    record = db.load(evaluation_id)
    if record is None or criterion_id not in record.evaluation.answers:
        return
    draft = st.session_state[_draft_key(criterion_id)]
    answer = record.evaluation.answers[criterion_id].model_copy(
        update={"dismissed_evidence": list(draft["dismissed"]), "added_evidence": draft["added"]}
    )
    db.save_answer(evaluation_id, answer)


def _toggle_dismissed(evaluation_id: int, criterion_id: str, ref: QuoteRef) -> None:
    draft = st.session_state[_draft_key(criterion_id)]
    if ref in draft["dismissed"]:
        draft["dismissed"].remove(ref)
    else:
        draft["dismissed"].append(ref)
    _persist_draft(evaluation_id, criterion_id)


def _add_quote(evaluation_id: int, criterion_id: str) -> None:
    prefix = f"{session.WIDGET_PREFIX}{criterion_id}_"
    quote = " ".join(str(st.session_state.get(prefix + "new_quote", "")).split())
    page = int(st.session_state.get(prefix + "new_page") or 1)
    if not quote:
        st.session_state[prefix + "quote_error"] = "Type or paste the quote before adding it."
        return
    draft = st.session_state[_draft_key(criterion_id)]
    draft["added"].append(QuoteRef(page=page, quote=quote))
    st.session_state[prefix + "new_quote"] = ""
    _persist_draft(evaluation_id, criterion_id)


def _remove_quote(evaluation_id: int, criterion_id: str, index: int) -> None:
    draft = st.session_state[_draft_key(criterion_id)]
    if 0 <= index < len(draft["added"]):
        del draft["added"][index]
    _persist_draft(evaluation_id, criterion_id)


def _leave(evaluation_id: int, criterion_id: str, target: int) -> None:
    """Going to another step first saves what the reader changed here; a change that cannot be
    saved (an override with no reason, say) keeps the reader on this step with the message."""
    prefix = f"{session.WIDGET_PREFIX}{criterion_id}_"
    record = session.store().load(evaluation_id)
    if record is not None:
        suggestion = next((s for s in record.evaluation.suggestions if s.id == criterion_id), None)
        changed = flow.has_unsaved_change(
            suggestion,
            record.evaluation.answers.get(criterion_id),
            st.session_state.get(prefix + "choice"),
            str(st.session_state.get(prefix + "justification", "")),
            session.blind_mode(),
        )
        if changed and not _save(evaluation_id, criterion_id, False, 0):
            return
    st.session_state[session.STEP] = target


def _step_picked(evaluation_id: int, criterion_id: str) -> None:
    _leave(evaluation_id, criterion_id, st.session_state[STEP_NAV])


def _reveal(criterion_id: str) -> None:
    st.session_state.setdefault(session.REVEALED, set()).add(criterion_id)


def _save(evaluation_id: int, criterion_id: str, advance: bool, total: int) -> bool:
    prefix = f"{session.WIDGET_PREFIX}{criterion_id}_"
    db = session.store()
    record = db.load(evaluation_id)
    if record is None:
        st.session_state["ck_flash"] = ("error", "This evaluation no longer exists.")
        return False
    suggestion = next((s for s in record.evaluation.suggestions if s.id == criterion_id), None)
    draft = st.session_state[_draft_key(criterion_id)]
    result = flow.build_answer(
        criterion_id,
        suggestion,
        st.session_state.get(prefix + "choice"),
        str(st.session_state.get(prefix + "justification", "")),
        blind_mode=session.blind_mode(),
        dismissed=draft["dismissed"],
        added=draft["added"],
    )
    if isinstance(result, str):
        st.session_state["ck_flash"] = ("error", result)
        return False
    db.save_answer(evaluation_id, result)
    st.session_state["ck_flash"] = ("success", "Answer saved.")
    if advance and st.session_state.get(session.STEP, 0) < total - 1:
        st.session_state[session.STEP] = st.session_state.get(session.STEP, 0) + 1
    return True


def _evidence(
    evaluation_id: int,
    criterion_id: str,
    evidence: list[Evidence],
    document: Document | None,
    draft: dict[str, list[QuoteRef]],
) -> None:
    st.markdown("#### Evidence from the report")
    if not evidence:
        st.info(
            "The tool found no passage for this question. Not detected is not absent: "
            "look through the report yourself and add any quote you find below."
        )
    for index, item in enumerate(evidence):
        ref = QuoteRef(page=item.page, quote=item.quote)
        dismissed = ref in draft["dismissed"]
        with st.container(border=True):
            quote = f"“{md_escape(item.quote)}”"
            if dismissed:
                st.markdown(f"**p. {item.page}** · ~~{quote}~~ · *marked irrelevant*")
            else:
                st.markdown(f"**p. {item.page}** · {quote}")
            st.caption(f"Why it was picked: {md_escape(item.signal)}")
            with st.expander(f"Surrounding text on page {item.page}"):
                context = (
                    flow.surrounding_text(document, item.page, item.quote) if document else None
                )
                if context is None:
                    st.write("The page text is not available here.")
                else:
                    st.markdown(
                        f"{md_escape(context.before)} **{md_escape(context.quote)}** "
                        f"{md_escape(context.after)}"
                    )
            st.button(
                "Restore this quote" if dismissed else "Mark irrelevant",
                key=f"{session.WIDGET_PREFIX}dismiss_{criterion_id}_{index}",
                on_click=_toggle_dismissed,
                args=(evaluation_id, criterion_id, ref),
            )


def _own_quotes(
    evaluation_id: int, criterion_id: str, document: Document | None, draft: dict
) -> None:
    prefix = f"{session.WIDGET_PREFIX}{criterion_id}_"
    st.markdown("#### Your own quotes")
    for index, quote in enumerate(draft["added"]):
        left, right = st.columns([5, 1])
        found = document is not None and flow.surrounding_text(document, quote.page, quote.quote)
        note = "" if found or document is None else " · *not found on that page: check it*"
        left.markdown(f"**p. {quote.page}** · “{md_escape(quote.quote)}”{note}")
        right.button(
            "Remove",
            key=f"{prefix}remove_{index}",
            on_click=_remove_quote,
            args=(evaluation_id, criterion_id, index),
        )
    pages = len(document.pages) if document else 10_000
    left, right = st.columns([1, 4])
    left.number_input(
        "Page",
        min_value=1,
        max_value=max(pages, 1),
        step=1,
        key=prefix + "new_page",
        on_change="ignore",
    )
    right.text_area("Quote", key=prefix + "new_quote", height=80, on_change="ignore")
    if error := st.session_state.pop(prefix + "quote_error", None):
        st.error(error)
    st.button(
        "Add quote",
        key=prefix + "add_quote",
        on_click=_add_quote,
        args=(evaluation_id, criterion_id),
    )


def _suggestion(suggestion: Suggestion | None, criterion: Criterion) -> None:
    st.markdown("#### The tool's suggestion")
    if suggestion is None or suggestion.status == "no_suggestion":
        reason = suggestion.rationale if suggestion else "No suggestion was made."
        st.info(f"No suggestion. {reason}")
        return
    if suggestion.status == "not_applicable":
        shown = "not applicable"
    else:
        shown = flow.choice_label(suggestion.suggested_level or 0)
    st.markdown(
        f"Suggested: **{shown}** · confidence {common.confidence_words(suggestion.confidence)}"
    )
    st.caption(md_escape(suggestion.rationale))


def _answer_form(
    evaluation_id: int,
    criterion: Criterion,
    suggestion: Suggestion | None,
    answer: Answer | None,
    blind: bool,
    total: int,
) -> None:
    prefix = f"{session.WIDGET_PREFIX}{criterion.id}_"
    st.markdown("#### Your answer")
    initial = flow.initial_choice(suggestion, answer, blind)
    captions = [criterion.levels.for_level(level) for level in range(4)]
    captions.append(criterion.not_applicable_when or "The question does not apply to this report.")
    st.radio(
        "Level",
        flow.CHOICES,
        index=None if initial is None else flow.CHOICES.index(initial),
        format_func=flow.choice_label,
        captions=captions,
        key=prefix + "choice",
        # Choosing a level or typing does not rerun the page: a rerun racing the reader's typing
        # could drop words. The values travel with the next button press.
        on_change="ignore",
    )
    st.text_area(
        "Justification",
        value=answer.justification if answer else "",
        key=prefix + "justification",
        help="Say what in the report supports your level.",
        on_change="ignore",
    )
    if blind:
        st.caption("Required in this exercise.")
    else:
        st.caption("Required when your level differs from the tool's suggestion.")
    left, middle, _ = st.columns(3)
    left.button(
        "Save answer",
        key="save",
        type="primary",
        on_click=_save,
        args=(evaluation_id, criterion.id, False, total),
    )
    middle.button(
        "Save and next",
        key="save_next",
        on_click=_save,
        args=(evaluation_id, criterion.id, True, total),
    )


def _comparison(suggestion: Suggestion | None, answer: Answer) -> None:
    suggested, mine = flow.suggested_choice(suggestion), flow.answer_choice(answer)
    if suggested is None or mine is None:
        return
    verdict = "matches" if suggested == mine else "differs from"
    st.write(
        f"Your answer ({flow.choice_label(mine)}) {verdict} the tool's "
        f"({flow.choice_label(suggested)})."
    )


def page() -> None:
    st.title("Checklist")
    record = common.open_record()
    if record is None:
        return
    evaluation, rubric = record.evaluation, record.rubric
    document = session.document(evaluation.document_sha256)
    criteria = rubric.criteria
    total = len(criteria)
    answered = sum(1 for c in criteria if c.id in evaluation.answers)
    blind = session.blind_mode()

    st.caption(
        f"{md_escape(record.label)} · {rubric.title} v{rubric.version}"
        + (" · blind mode" if blind else "")
    )
    if document is not None and document.warnings:
        with st.expander(f"While reading the report: {len(document.warnings)} warning(s)"):
            for warning in document.warnings:
                st.write(md_escape(warning))
    st.progress(flow.progress(answered, total), text=f"{answered} of {total} questions answered")

    step = min(max(int(st.session_state.get(session.STEP, 0)), 0), total - 1)
    st.session_state[STEP_NAV] = step
    st.radio(
        "Question",
        list(range(total)),
        format_func=lambda i: (
            f"{i + 1}. {criteria[i].title}" + (" ✓" if criteria[i].id in evaluation.answers else "")
        ),
        horizontal=True,
        key=STEP_NAV,
        on_change=_step_picked,
        args=(record.id, criteria[step].id),
    )
    if flash := st.session_state.pop("ck_flash", None):
        (st.error if flash[0] == "error" else st.success)(flash[1])

    criterion = criteria[step]
    suggestion = next((s for s in evaluation.suggestions if s.id == criterion.id), None)
    answer = evaluation.answers.get(criterion.id)
    draft = _draft(criterion.id, answer)
    revealed = criterion.id in st.session_state.get(session.REVEALED, set())

    st.subheader(f"{step + 1}. {criterion.title}")
    st.markdown(f"**{criterion.question}**")
    with st.expander("What to look for"):
        st.write(criterion.guidance)
        st.caption(f"Why it matters: {criterion.why_it_matters}")
        if criterion.not_applicable_when:
            st.caption(f"Not applicable when: {criterion.not_applicable_when}")

    if document is None:
        st.caption("The report's text is not stored here, so surrounding text cannot be shown.")
    visible = flow.assistance_visible(blind, answer is not None, revealed)
    # evidence on the left is read first; the suggestion and the reader's answer sit beside it
    # Each part sits in its own container so the widgets after it keep their place from one
    # step to the next, whatever the part holds; the browser then swaps them cleanly.
    reading, deciding = st.columns([3, 2], gap="large")
    with reading, st.container():
        if visible:
            evidence = suggestion.evidence if suggestion else []
            _evidence(record.id, criterion.id, evidence, document, draft)
        else:
            st.info(
                "Blind mode: decide first. The tool's evidence and suggestion appear once you "
                "have saved an answer and pressed Reveal."
            )
            if flow.can_reveal(blind, answer is not None, revealed):
                st.button(
                    "Reveal the tool's evidence and suggestion",
                    key=f"{session.WIDGET_PREFIX}reveal_{criterion.id}",
                    on_click=_reveal,
                    args=(criterion.id,),
                )
    with reading:
        _own_quotes(record.id, criterion.id, document, draft)
    with deciding, st.container():
        if visible:
            _suggestion(suggestion, criterion)
            if blind and answer is not None:
                _comparison(suggestion, answer)
    with deciding:
        _answer_form(record.id, criterion, suggestion, answer, blind, total)

    st.divider()
    back, forward, finish = st.columns(3)
    back.button(
        "Back",
        key="back",
        disabled=step == 0,
        on_click=_leave,
        args=(record.id, criterion.id, step - 1),
    )
    forward.button(
        "Next",
        key="next",
        disabled=step >= total - 1,
        on_click=_leave,
        args=(record.id, criterion.id, step + 1),
    )
    prefix = f"{session.WIDGET_PREFIX}{criterion.id}_"
    if finish.button(
        "See the summary",
        key="to_summary",
        type="primary" if answered == total else "secondary",
        on_click=_leave,
        args=(record.id, criterion.id, step),
    ) and not flow.has_unsaved_change(  # the callback saved it, unless it could not
        suggestion,
        answer,
        st.session_state.get(prefix + "choice"),
        str(st.session_state.get(prefix + "justification", "")),
        blind,
    ):
        navigation.go("summary")
