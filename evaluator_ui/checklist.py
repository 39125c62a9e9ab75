"""Checklist: one step per criterion, evidence first, then the suggestion, then the reader's answer.

Every answer is written to the store the moment it is saved. Before that, a chosen level, a
justification and quotes marked irrelevant or added are kept in the store as a draft the moment
they change, so a page switch, a reload or a server restart keeps them. Each answer has a version:
a tab that saves over an answer saved elsewhere since it was read is told, and nothing is
overwritten silently. Drafts have versions too: a tab that would replace an unsaved choice made
in another tab since is told and shown it, and chooses. Quote edits are applied one at a time to
what is stored, so two tabs' edits merge. Rubric text is shown as plain text, never as Markdown
or HTML.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from evaluator import (
    Answer,
    Criterion,
    Document,
    Evidence,
    QuoteRef,
    RelayedClaim,
    Suggestion,
    confidence_words,
    exports,
)
from evaluator.exports import md_escape
from evaluator.store import Draft, EvidenceEdit, Record, StaleAnswer, StaleDraft, StoreError
from evaluator.wording import plural

from . import common, flow, navigation, reconnect, session, viewer

STEP_NAV = "ck_step_nav"
# Streamlit sends a text area's value only on blur or Ctrl+Enter, so words typed and then lost to
# a reload or a closed tab never reached the draft. This sends the justification a moment after
# typing pauses, and before the page unloads, with the text area's own Ctrl+Enter; the text
# area's on_change then keeps it as a draft. A send at unload can still be lost: the server stops
# a session's run when its tab goes, so the callback may never run. The box's words are therefore
# also kept in the tab's own sessionStorage at unload, and the reloaded page, finding the same box
# empty or different, puts them back and sends them again. The words only ever go into a text
# area's value, never into markup.
KEEP_TYPING_STORE = "evaluator-unsent-justification"
KEEP_TYPING_JS = """<script>
if (!window.__evaluatorKeepTyping) {
  window.__evaluatorKeepTyping = true;
  const STORE = "__STORE__";
  const KEY = /st-key-(ck_[A-Za-z0-9_-]+_justification)/;
  let pending = null, last = null, timer = null;
  const boxKey = (box) => {
    const holder = box.closest("[class*='st-key-ck_'][class*='_justification']");
    const found = holder && KEY.exec(holder.className);
    return found ? found[1] : null;
  };
  const press = (box) => box.dispatchEvent(new KeyboardEvent("keydown",
    {key: "Enter", code: "Enter", ctrlKey: true, bubbles: true, cancelable: true}));
  const send = () => {
    clearTimeout(timer);
    const box = pending;
    pending = null;
    if (box && box.isConnected) press(box);
  };
  const keep = () => {
    if (!last || !last.isConnected) return;
    const key = boxKey(last);
    if (!key) return;
    try {
      sessionStorage.setItem(STORE, JSON.stringify(
        {page: location.pathname + location.search, key: key, value: last.value}));
    } catch (error) { /* storage full or refused: the send above is all there is */ }
  };
  const restore = () => {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(STORE) || "null");
      sessionStorage.removeItem(STORE);
    } catch (error) { return; }
    if (!kept || typeof kept.key !== "string" || typeof kept.value !== "string") return;
    if (kept.page !== location.pathname + location.search || !KEY.test("st-key-" + kept.key)) {
      return;
    }
    let tries = 0;
    const look = () => {
      const box = document.querySelector(".st-key-" + kept.key + " textarea");
      if (!box) {
        if (++tries < 100) setTimeout(look, 200);
        return;
      }
      if (box.value === kept.value) return;
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
      setter.call(box, kept.value);
      box.dispatchEvent(new Event("input", {bubbles: true}));
      setTimeout(() => { if (box.isConnected) press(box); }, 100);
    };
    look();
  };
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !boxKey(box)) return;
    pending = box;
    last = box;
    clearTimeout(timer);
    timer = setTimeout(send, 800);
  }, true);
  const leave = () => { keep(); send(); };
  window.addEventListener("pagehide", leave);
  window.addEventListener("beforeunload", leave);
  restore();
}
</script>""".replace("__STORE__", KEEP_TYPING_STORE)
SAVED_BY_CALLBACK = "ck_saved_by_callback"
# Where the reader's eye is after a click: "form" (beside Save), "nav" (beside Back and Next) or
# "top" (a new question, scrolled into view): messages are drawn there, not far above.
FEEDBACK_AT = "ck_feedback_at"
FLASH = "ck_flash"
SCROLL_TOP = "ck_scroll_top"
_UNSET = object()
# The record the page loaded, handed to the step's part in the same run (a rerun of that part
# alone loads it again).
RECORD_THIS_RUN = "checklist_record_this_run"


def _prefix(criterion_id: str) -> str:
    return f"{session.WIDGET_PREFIX}{criterion_id}_"


def _widgets(criterion_id: str) -> tuple[flow.Choice | None, str]:
    prefix = _prefix(criterion_id)
    choice = st.session_state.get(prefix + "choice")
    return choice, str(st.session_state.get(prefix + "justification") or "")


def _evidence_lists(record: Record, criterion_id: str) -> tuple[list[QuoteRef], list[QuoteRef]]:
    """Quotes marked irrelevant and added, as stored now (the draft's if there is one)."""
    draft = record.drafts.get(criterion_id)
    if draft is not None:
        return draft.dismissed, draft.added
    answer = record.evaluation.answers.get(criterion_id)
    return (answer.dismissed_evidence, answer.added_evidence) if answer else ([], [])


def _fill(record: Record, criterion_id: str, from_draft: bool) -> None:
    """Give the level and justification widgets their values (before they are drawn): the
    draft's when there is one, else the saved answer, else the suggestion."""
    prefix = _prefix(criterion_id)
    answer = record.evaluation.answers.get(criterion_id)
    suggestion = next((s for s in record.evaluation.suggestions if s.id == criterion_id), None)
    draft = record.drafts.get(criterion_id) if from_draft else None
    if draft is not None and draft.has_choice:
        choice, text, seen = draft.choice, draft.justification or "", draft.base_version
    else:
        choice = flow.initial_choice(suggestion, answer, session.blind_mode(record))
        text, seen = (answer.justification if answer else ""), record.version(criterion_id)
    st.session_state[prefix + "choice"] = choice
    st.session_state[prefix + "justification"] = text
    st.session_state[prefix + "seen"] = seen
    # the draft this tab has seen: only an unsaved choice it has shown may be replaced from here
    st.session_state[prefix + "draft_seen"] = draft.version if draft is not None else 0
    st.session_state.pop(prefix + "draft_conflict", None)
    st.session_state[prefix + "filled"] = (choice, text.strip())


def _sync(record: Record, criterion_id: str) -> None:
    """Fill fresh widgets; when another tab saved this answer since, show the newer one if the
    reader changed nothing here, else warn before they save. When another tab kept an unsaved
    choice since, warn."""
    prefix = _prefix(criterion_id)
    if st.session_state.get(prefix + "choice", _UNSET) is _UNSET:  # `in` reads all the state
        _fill(record, criterion_id, from_draft=True)
        return
    version = record.version(criterion_id)
    choice, text = _widgets(criterion_id)
    untouched = (choice, text.strip()) == st.session_state.get(prefix + "filled")
    if st.session_state.get(prefix + "seen") == version:
        # Another tab's unsaved choice is never taken over unasked: this tab's next write would
        # be refused, so say so now and let the reader choose.
        draft = record.drafts.get(criterion_id)
        if draft is not None and draft.tab == session.tab_id():  # this tab's own
            st.session_state[prefix + "draft_seen"] = draft.version
        elif draft is not None and draft.has_choice and draft.version != _draft_seen(criterion_id):
            st.session_state[prefix + "draft_conflict"] = (draft.version, draft)
            return
        st.session_state.pop(prefix + "draft_conflict", None)  # nothing left to overwrite
        return
    if untouched:
        _fill(record, criterion_id, from_draft=False)
        st.session_state[prefix + "notice"] = (
            "This answer was changed in another tab or window; the saved one is shown."
        )
    else:
        st.session_state[prefix + "stale"] = (
            version,
            record.evaluation.answers.get(criterion_id),
        )


def _changed(record: Record, criterion_id: str) -> bool:
    """Whether the widgets differ from the saved answer (an untouched suggestion does not)."""
    suggestion = next((s for s in record.evaluation.suggestions if s.id == criterion_id), None)
    choice, text = _widgets(criterion_id)
    answer = record.evaluation.answers.get(criterion_id)
    return flow.has_unsaved_change(suggestion, answer, choice, text, session.blind_mode(record))


def _draft_seen(criterion_id: str) -> int:
    return int(st.session_state.get(_prefix(criterion_id) + "draft_seen", 0))


def _keep_draft(evaluation_id: int, criterion_id: str, expected: int | None = None) -> None:
    """Store the level and justification as a draft the moment either changes. It is refused,
    and the reader shown the other choice, when another tab kept an unsaved choice since this
    one last saw the draft (`expected`: the version the reader chose to replace)."""
    prefix = _prefix(criterion_id)
    choice, text = _widgets(criterion_id)
    db, me = session.store(), session.owner()
    try:
        record = db.load(evaluation_id, me)
        if record is None:
            return
        changed = _changed(record, criterion_id)
        version = db.save_draft(
            evaluation_id,
            criterion_id,
            me,
            choice,
            text,
            int(st.session_state.get(prefix + "seen", 0)),
            has_choice=changed,
            expected_draft=_draft_seen(criterion_id) if expected is None else expected,
            tab=session.tab_id(),
        )
    except StaleDraft as exc:
        st.session_state[prefix + "draft_conflict"] = (exc.version, exc.current)
        return
    except (StoreError, KeyError) as exc:
        st.session_state[prefix + "save_error"] = f"Your draft could not be kept: {exc}"
        return
    st.session_state[prefix + "draft_seen"] = version
    st.session_state.pop(prefix + "draft_conflict", None)


def _take_draft(evaluation_id: int, criterion_id: str) -> None:
    """Drop this tab's choice for the unsaved one made in another tab."""
    try:
        record = session.store().load(evaluation_id, session.owner())
    except StoreError as exc:
        st.session_state[_prefix(criterion_id) + "save_error"] = str(exc)
        return
    if record is not None:
        _fill(record, criterion_id, from_draft=True)


def _edit_evidence(
    evaluation_id: int, criterion_id: str, edit: EvidenceEdit, ref: QuoteRef
) -> None:
    try:
        session.store().edit_evidence(evaluation_id, criterion_id, session.owner(), edit, ref)
    except (StoreError, KeyError) as exc:
        st.session_state[_prefix(criterion_id) + "save_error"] = (
            f"That change to the quotes was not saved: {exc}"
        )


def _add_quote(evaluation_id: int, criterion_id: str, document: Document | None) -> None:
    prefix = _prefix(criterion_id)
    quote = " ".join(str(st.session_state.get(prefix + "new_quote", "")).split())
    page = int(st.session_state.get(prefix + "new_page") or 1)
    if not quote:
        st.session_state[prefix + "quote_error"] = "Type or paste the quote before adding it."
        return
    # Whether the words stand on that page is kept with the quote, so every export can say
    # when they are the reader's own wording rather than the report's.
    found = None if document is None else exports.quote_found(document, page, quote)
    _edit_evidence(
        evaluation_id, criterion_id, "add", QuoteRef(page=page, quote=quote, found=found)
    )
    st.session_state[prefix + "new_quote"] = ""


def _leave(evaluation_id: int, criterion_id: str, target: int) -> None:
    """Going to another step first saves what the reader changed here; a change that cannot be
    saved (an override with no reason, say) keeps the reader on this step with the message."""
    try:
        record = session.store().load(evaluation_id, session.owner())
    except StoreError as exc:
        st.session_state[_prefix(criterion_id) + "save_error"] = str(exc)
        return
    changed = record is not None and _changed(record, criterion_id)
    if changed and not _save(evaluation_id, criterion_id, False, 0, where="nav"):
        return
    if target != st.session_state.get(session.STEP):
        _moved()
    st.session_state[session.STEP] = target


def _moved() -> None:
    """A new question: it starts at the top, and a message about the last one is shown there."""
    st.session_state[FEEDBACK_AT] = "top"
    st.session_state[SCROLL_TOP] = int(st.session_state.get(SCROLL_TOP, 0)) + 1


def _step_picked(evaluation_id: int, criterion_id: str, key: str) -> None:
    target = st.session_state.get(key)
    if isinstance(target, int):  # a label this run no longer shows comes back as a string
        _leave(evaluation_id, criterion_id, target)


def _reveal(criterion_id: str) -> None:
    st.session_state.setdefault(session.REVEALED, set()).add(criterion_id)


def _save(
    evaluation_id: int,
    criterion_id: str,
    advance: bool,
    total: int,
    replace: bool = False,
    where: Literal["form", "nav"] = "form",
) -> bool:
    """Save the widgets' answer. It is refused, with the widgets left as they are, when another
    tab saved this answer since (unless `replace`: the reader chose to keep theirs) or when the
    database stays busy. Its message is drawn `where` the click was."""
    prefix = _prefix(criterion_id)
    st.session_state[FEEDBACK_AT] = where
    db, me = session.store(), session.owner()
    try:
        record = db.load(evaluation_id, me)
    except StoreError as exc:
        st.session_state[prefix + "save_error"] = f"Not saved: {exc}"
        return False
    if record is None:
        st.session_state[FLASH] = ("error", "This evaluation no longer exists.")
        return False
    suggestion = next((s for s in record.evaluation.suggestions if s.id == criterion_id), None)
    choice, text = _widgets(criterion_id)
    result = flow.build_answer(
        criterion_id, suggestion, choice, text, blind_mode=session.blind_mode(record)
    )
    if isinstance(result, str):
        st.session_state[prefix + "save_error"] = result
        return False
    stale = st.session_state.get(prefix + "stale")
    expected = stale[0] if replace and stale else int(st.session_state.get(prefix + "seen", 0))
    try:
        _, version = db.save_answer(
            evaluation_id,
            result,
            me,
            expected_version=expected,
            expected_draft=_draft_seen(criterion_id),
            tab=session.tab_id(),
            evidence_from_store=True,
        )
    except StaleAnswer as exc:
        st.session_state[prefix + "stale"] = (exc.version, exc.current)
        return False
    except StaleDraft as exc:
        st.session_state[prefix + "draft_conflict"] = (exc.version, exc.current)
        return False
    except StoreError as exc:
        st.session_state[prefix + "save_error"] = (
            f"Not saved, your choice is still here: {exc}. Press Save again in a moment."
        )
        return False
    except KeyError:
        st.session_state[FLASH] = ("error", "This evaluation no longer exists.")
        return False
    st.session_state.pop(prefix + "stale", None)
    st.session_state.pop(prefix + "draft_conflict", None)
    st.session_state[prefix + "seen"] = version
    st.session_state[prefix + "draft_seen"] = 0  # saving dropped the draft
    st.session_state[prefix + "filled"] = (choice, text.strip())
    st.session_state[FLASH] = ("success", "Answer saved.")
    if advance and st.session_state.get(session.STEP, 0) < total - 1:
        st.session_state[session.STEP] = st.session_state.get(session.STEP, 0) + 1
        _moved()
    return True


def _save_clicked(evaluation_id: int, criterion_id: str, advance: bool, total: int) -> None:
    st.session_state[SAVED_BY_CALLBACK] = True
    _save(evaluation_id, criterion_id, advance, total)


def _take_saved(evaluation_id: int, criterion_id: str) -> None:
    """Drop this tab's unsaved choice for the answer saved elsewhere."""
    prefix = _prefix(criterion_id)
    db, me = session.store(), session.owner()
    try:
        db.discard_draft(
            evaluation_id,
            criterion_id,
            me,
            expected_draft=_draft_seen(criterion_id),
            tab=session.tab_id(),
        )
        record = db.load(evaluation_id, me)
    except StaleDraft as exc:
        st.session_state[prefix + "draft_conflict"] = (exc.version, exc.current)
        return
    except StoreError as exc:
        st.session_state[prefix + "save_error"] = str(exc)
        return
    st.session_state.pop(prefix + "stale", None)
    if record is not None:
        _fill(record, criterion_id, from_draft=False)


def _evidence(
    evaluation_id: int,
    criterion_id: str,
    evidence: list[Evidence],
    document: Document | None,
    dismissed_refs: list[QuoteRef],
    view: viewer.View | None,
) -> None:
    st.markdown("### Evidence from the report")
    if not evidence:
        st.info(
            "The tool found no passage for this question. Not detected is not absent: "
            "look through the report yourself and add any quote you find below."
        )
    for index, item in enumerate(evidence):
        ref = QuoteRef(page=item.page, quote=item.quote)
        dismissed = ref in dismissed_refs
        # Quotes are numbered so that each card's controls have names of their own: a screen
        # reader lists six "Mark irrelevant" buttons as six different ones only this way.
        number = index + 1
        with st.container(border=True):
            quote = f"“{md_escape(item.quote)}”"
            if dismissed:
                st.markdown(
                    f"**Quote {number}** · p. {item.page} · ~~{quote}~~ · *marked irrelevant*"
                )
            else:
                st.markdown(f"**Quote {number}** · p. {item.page} · {quote}")
            st.caption(f"Why it was picked: {md_escape(item.signal)}")
            with st.container(horizontal=True):
                if document is not None:
                    _see_button(
                        f"See quote {index + 1} on page {item.page}",
                        document,
                        criterion_id,
                        f"e{index}",
                        ref,
                    )
                st.button(
                    f"Restore quote {index + 1}"
                    if dismissed
                    else f"Mark quote {index + 1} irrelevant",
                    key=f"{session.WIDGET_PREFIX}dismiss_{criterion_id}_{index}",
                    on_click=_edit_evidence,
                    args=(evaluation_id, criterion_id, "restore" if dismissed else "dismiss", ref),
                )
            if document is not None and viewer.is_open_at(view, f"e{index}"):
                viewer.panel(document, view)


# Relayed claims listed on a step: enough to read the report's stance, without a long report's
# hundreds of lines slowing every step change.
RELAYED_SHOWN = 40


def _relayed(claims: list[RelayedClaim]) -> None:
    """Who says what, as the tool read it: the claims the report passes on from others. Every
    question judges the report by its own claims and by how it handles these, so a misread
    speaker can move a level: the reader can check them here."""
    if not claims:
        return
    disputed = sum(c.stance == "disputes" for c in claims)
    label = (
        f"Claims the report relays from others: {len(claims)}, {disputed} disputed by the report"
    )
    with st.expander(label):
        st.caption(
            "How the tool read who says what. Each question judges the report by its own "
            "claims and by how it handles these; check them against the report."
        )
        lines = []
        for claim in claims[:RELAYED_SHOWN]:
            who = claim.named_speaker() or "no one named"
            how = "disputed by the report" if claim.stance == "disputes" else "passed on"
            lines.append(
                f"- p. {claim.page} · from {md_escape(who)} · *{how}*: "
                f"“{md_escape(claim.sentence)}”"
            )
        if len(claims) > RELAYED_SHOWN:
            lines.append(f"- … and {len(claims) - RELAYED_SHOWN} more")
        # one element for the list: a step change redraws it in one piece
        st.markdown("\n".join(lines))


def _see_button(
    label: str, document: Document, criterion_id: str, anchor: str, quote: QuoteRef | None
) -> None:
    """A button that opens the report viewer here, at `quote` (its page, the quote marked)."""
    st.button(
        label,
        key=f"{session.WIDGET_PREFIX}see_{criterion_id}_{anchor}",
        icon=":material/article:",
        on_click=viewer.open_view,
        args=(document, criterion_id, anchor, quote),
    )


def _read_report(document: Document | None, criterion_id: str, view: viewer.View | None) -> None:
    """The whole report, page by page: for every reader, and in blind mode the one way to read
    it here while the tool's quotes stay hidden."""
    if document is None:
        return
    if viewer.is_open_at(view, viewer.READ):
        viewer.panel(document, view)
    else:
        _see_button("Read the report", document, criterion_id, viewer.READ, None)


def _own_quotes(
    evaluation_id: int,
    criterion_id: str,
    document: Document | None,
    added: list[QuoteRef],
    view: viewer.View | None,
) -> None:
    prefix = _prefix(criterion_id)
    st.markdown("### Your own quotes")
    for index, quote in enumerate(added):
        found = quote.found
        if found is None and document is not None:
            found = exports.quote_found(document, quote.page, quote.quote)
        note = " · *not found on that page: check it*" if found is False else ""
        st.markdown(
            f"**Your quote {index + 1}** · p. {quote.page} · “{md_escape(quote.quote)}”{note}"
        )
        with st.container(horizontal=True):
            if document is not None:
                _see_button(
                    f"See your quote {index + 1} on page {quote.page}",
                    document,
                    criterion_id,
                    f"a{index}",
                    quote,
                )
            st.button(
                f"Remove your quote {index + 1}",
                key=f"{prefix}remove_{index}",
                on_click=_edit_evidence,
                args=(evaluation_id, criterion_id, "remove", quote),
            )
        if document is not None and viewer.is_open_at(view, f"a{index}"):
            viewer.panel(document, view)
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
        st.error(md_escape(error))
    st.button(
        "Add quote",
        key=prefix + "add_quote",
        on_click=_add_quote,
        args=(evaluation_id, criterion_id, document),
    )


def _suggestion(suggestion: Suggestion | None, criterion: Criterion) -> None:
    st.markdown("### The tool's suggestion")
    if suggestion is None or suggestion.status == "no_suggestion":
        reason = suggestion.rationale if suggestion else "No suggestion was made."
        st.info(f"No suggestion. {md_escape(reason)}")
        return
    shown = flow.choice_label(flow.suggested_choice(suggestion))
    st.markdown(f"Suggested: **{shown}** · confidence {confidence_words(suggestion.confidence)}")
    st.caption(md_escape(suggestion.rationale))


def _choice_text(choice: flow.Choice | None, justification: str | None) -> str:
    level = "no level" if choice is None else flow.choice_label(choice)
    return f"{level}, “{justification}”" if justification else level


def _answer_text(answer: Answer | None) -> str:
    if answer is None:
        return "no answer"
    return _choice_text(flow.answer_choice(answer) or 0, answer.justification)


def _draft_text(draft: Draft) -> str:
    return _choice_text(draft.choice, draft.justification)


def _choose(message: str, criterion_id: str, keep: tuple, take: tuple) -> None:
    """A warning that nothing was written, and the reader's two ways on: each of `keep` and
    `take` is (label, key suffix, callback, args)."""
    st.warning(message)
    for column, (label, suffix, callback, args) in zip(st.columns(2), (keep, take), strict=True):
        column.button(label, key=_prefix(criterion_id) + suffix, on_click=callback, args=args)


def _draft_box(evaluation_id: int, criterion_id: str) -> None:
    """Another tab kept an unsaved choice after this one last saw the draft: say so, show it,
    let the reader choose. Nothing is written until they do."""
    conflict = st.session_state.get(_prefix(criterion_id) + "draft_conflict")
    if not conflict:
        return
    _choose(
        "Not kept: another tab or window has an unsaved choice for this question, made after "
        "this one last saw it: " + md_escape(_draft_text(conflict[1])) + ". "
        "Your choice is still below; nothing was overwritten.",
        criterion_id,
        (
            "Keep my choice instead",
            "keep_mine",
            _keep_draft,
            (evaluation_id, criterion_id, conflict[0]),
        ),
        ("Use the other tab's choice", "take_draft", _take_draft, (evaluation_id, criterion_id)),
    )


def _stale_box(evaluation_id: int, criterion_id: str, total: int) -> None:
    """Another tab saved this answer after this one read it: say so, show it, let the reader
    choose. Nothing is written until they do."""
    stale = st.session_state.get(_prefix(criterion_id) + "stale")
    if not stale:
        return
    _choose(
        "Not saved: this answer was saved in another tab or window after you opened it. "
        "The saved answer is: " + md_escape(_answer_text(stale[1])) + ". "
        "Your choice is still below.",
        criterion_id,
        (
            "Replace the saved answer with mine",
            "replace",
            _save,
            (evaluation_id, criterion_id, False, total, True),
        ),
        ("Use the saved answer", "take_saved", _take_saved, (evaluation_id, criterion_id)),
    )


def _answer_form(
    evaluation_id: int,
    criterion: Criterion,
    total: int,
    blind: bool,
    is_draft: bool,
) -> None:
    prefix = _prefix(criterion.id)
    st.markdown("### Your answer")
    captions = [md_escape(criterion.levels.for_level(level)) for level in range(4)]
    captions.append(
        md_escape(criterion.not_applicable_when or "The question does not apply to this report.")
    )
    # The values come from session state (filled from the draft, the answer or the suggestion);
    # each change is kept as a draft at once.
    st.radio(
        "Level",
        flow.CHOICES,
        format_func=flow.choice_label,
        captions=captions,
        key=prefix + "choice",
        on_change=_keep_draft,
        args=(evaluation_id, criterion.id),
    )
    st.text_area(
        "Justification",
        key=prefix + "justification",
        help="Say what in the report supports your level.",
        on_change=_keep_draft,
        args=(evaluation_id, criterion.id),
    )
    st.html(KEEP_TYPING_JS, unsafe_allow_javascript=True)
    if blind:
        st.caption("Required in this exercise.")
    else:
        st.caption("Required when your level differs from the tool's suggestion.")
    if notice := st.session_state.pop(prefix + "notice", None):
        st.info(notice)
    _stale_box(evaluation_id, criterion.id, total)
    _draft_box(evaluation_id, criterion.id)
    left, middle, right = st.columns(3)
    saved = st.session_state.pop(SAVED_BY_CALLBACK, False)
    for column, label, key, advance in (
        (left, "Save answer", "save", False),
        (middle, "Save and next", "save_next", True),
    ):
        args = (evaluation_id, criterion.id, advance, total)
        if (
            column.button(
                label,
                key=key,
                type="primary" if key == "save" else "secondary",
                on_click=_save_clicked,
                args=args,
            )
            and not saved
        ):
            # A click that reaches a session the server has not drawn this page in yet (after
            # a restart) runs no callback; save it here so the choice is not dropped.
            _save(*args)
            st.rerun()
    if is_draft:
        right.caption("Draft: kept here, not saved yet.")
    if st.session_state.get(FEEDBACK_AT, "form") == "form":
        _feedback(st.container(), criterion.id)


def _feedback(place: DeltaGenerator, criterion_id: str) -> None:
    """The last click's outcome, in `place` (beside the button pressed)."""
    if flash := st.session_state.pop(FLASH, None):
        (place.error if flash[0] == "error" else place.success)(flash[1])
    if error := st.session_state.pop(_prefix(criterion_id) + "save_error", None):
        place.error(md_escape(error))  # it may quote a database or file name


def _comparison(suggestion: Suggestion | None, answer: Answer) -> None:
    suggested, mine = flow.suggested_choice(suggestion), flow.answer_choice(answer)
    if suggested is None or mine is None:
        return
    verdict = "matches" if suggested == mine else "differs from"
    st.write(
        f"Your answer ({flow.choice_label(mine)}) {verdict} the tool's "
        f"({flow.choice_label(suggested)})."
    )


def _question(criterion: Criterion) -> None:
    """Rubric text is the rubric author's: plain text, so no Markdown or HTML in it can load an
    image, make a link or add markup."""
    st.text(criterion.question)
    with st.expander("What to look for"):
        st.text(criterion.guidance)
        st.text(f"Why it matters: {criterion.why_it_matters}")
        if criterion.not_applicable_when:
            st.text(f"Not applicable when: {criterion.not_applicable_when}")


def _resolve_step(record: Record) -> int:
    """The step this tab is on; in a new session (a reload, a restart, a shared link) the
    question the address names, else the first question not answered yet. The address is
    hostile input: only one of this rubric's criterion ids is taken from it."""
    criteria = record.rubric.criteria
    step = st.session_state.get(session.STEP)
    if not isinstance(step, int):
        ids = [c.id for c in criteria]
        named = st.query_params.get(session.QUESTION_PARAM)
        if named in ids:
            step = ids.index(str(named))
        else:
            if named:
                st.session_state[session.ADDRESS_PROBLEM] = (
                    "The address names a question this evaluation does not have; "
                    "it opens at the first question not answered yet."
                )
            answers = record.evaluation.answers
            step = next((i for i, cid in enumerate(ids) if cid not in answers), 0)
    step = min(max(step, 0), len(criteria) - 1)
    st.session_state[session.STEP] = step
    return step


def page() -> None:
    st.title("Checklist")
    record = common.open_record()
    if record is None:
        return
    evaluation, rubric = record.evaluation, record.rubric
    document = session.document(evaluation.document_sha256)
    blind = session.blind_mode(record)

    st.caption(
        f"{md_escape(record.label)} · {md_escape(rubric.title)} v{md_escape(rubric.version)}"
        + (" · blind mode" if blind else "")
    )
    # Start's "Started a new / Resumed your evaluation" is said here, where the reader lands;
    # left for Start, it showed there long after, on the next visit.
    if message := st.session_state.pop("start_message", None):
        st.success(message)
    for warning in evaluation.analysis_incomplete:
        st.warning(f"The tool's suggestions are incomplete: {md_escape(warning)}")
    if document is not None and document.warnings:
        with st.expander(f"While reading the report: {plural(len(document.warnings), 'warning')}"):
            for warning in document.warnings:
                st.write(md_escape(warning))
    st.session_state[RECORD_THIS_RUN] = record
    _step_part(record.id)
    st.html(reconnect.RERUN_ON_RECONNECT_JS, unsafe_allow_javascript=True)


@st.fragment
def _step_part(evaluation_id: int) -> None:
    """Everything that changes with the step: the progress line, the question bar, the question
    with its evidence, the report viewer, the answer form and Back / Next. A step change (Save
    and next, Back, Next, a pick in the question bar) and every control here rerun only this
    part: nothing above it changes with the step, so the page around it is not run again."""
    record = st.session_state.pop(RECORD_THIS_RUN, None)
    if not isinstance(record, Record) or record.id != evaluation_id:
        try:  # a rerun of this part alone: the page above did not load the record
            record = session.store().load(evaluation_id, session.owner())
        except StoreError as exc:
            st.error(md_escape(str(exc)))
            return
        if record is None:  # deleted meanwhile (in another tab): the whole page says so
            st.rerun()
    evaluation, rubric = record.evaluation, record.rubric
    document = session.document(evaluation.document_sha256)
    criteria = rubric.criteria
    total = len(criteria)
    answered = sum(1 for c in criteria if c.id in evaluation.answers)
    blind = session.blind_mode(record)
    st.progress(flow.progress(answered, total), text=f"{answered} of {total} questions answered")

    def step_label(i: int) -> str:
        cid = criteria[i].id
        mark = " ✓" if cid in evaluation.answers else ""
        if (draft := record.drafts.get(cid)) is not None and draft.has_choice:
            mark += " (draft)"
        return f"{i + 1}. {md_escape(criteria[i].title)}{mark}"

    step = _resolve_step(record)
    # The browser sends a radio's choice as its label: once a mark (✓, draft) changes a label,
    # the old one comes back as a string, which `_step_picked` ignores.
    st.session_state[STEP_NAV] = step
    st.radio(
        "Question",
        list(range(total)),
        format_func=step_label,
        horizontal=True,
        key=STEP_NAV,
        on_change=_step_picked,
        args=(record.id, criteria[step].id, STEP_NAV),
    )
    # The message sits in a slot drawn on every run: an element that comes and goes above the
    # answer form would shift it, and the browser would redraw the justification box, dropping
    # words typed while a rerun was under way.
    slot = st.empty()
    if st.session_state.get(FEEDBACK_AT) == "top" and (flash := st.session_state.pop(FLASH, None)):
        (slot.error if flash[0] == "error" else slot.success)(flash[1])

    if problem := st.session_state.pop(session.ADDRESS_PROBLEM, None):
        slot.warning(problem)
    criterion = criteria[step]
    if st.query_params.get(session.QUESTION_PARAM) != criterion.id:
        st.query_params[session.QUESTION_PARAM] = criterion.id  # a reload comes back here
    suggestion = next((s for s in evaluation.suggestions if s.id == criterion.id), None)
    answer = evaluation.answers.get(criterion.id)
    _sync(record, criterion.id)
    dismissed, added = _evidence_lists(record, criterion.id)
    draft = record.drafts.get(criterion.id)
    revealed = criterion.id in st.session_state.get(session.REVEALED, set())
    visible = flow.assistance_visible(blind, answer is not None, revealed)
    evidence = suggestion.evidence if suggestion and visible else []
    # the viewer may mark only quotes the reader can see now: none of the tool's while hidden
    view = viewer.current(
        document, criterion.id, [QuoteRef(page=e.page, quote=e.quote) for e in evidence], added
    )

    st.header(f"{step + 1}. {md_escape(criterion.title)}")  # H2 under the page's H1
    _question(criterion)

    if document is None:
        st.caption("The report's text is not stored here, so its pages cannot be shown.")
    # evidence on the left is read first; the suggestion and the reader's answer sit beside it
    # Each part sits in its own container so the widgets after it keep their place from one
    # step to the next, whatever the part holds; the browser then swaps them cleanly.
    reading, deciding = st.columns([3, 2], gap="large")
    with reading:
        _read_report(document, criterion.id, view)
    with reading, st.container():
        if visible:
            _evidence(record.id, criterion.id, evidence, document, dismissed, view)
            _relayed(evaluation.relayed_claims)
        else:
            st.info(
                "Blind mode: decide first. The tool's evidence and suggestion appear once you "
                "have saved an answer and pressed Reveal; the report itself is yours to read "
                "(Read the report, above)."
            )
            if flow.can_reveal(blind, answer is not None, revealed):
                st.button(
                    "Reveal the tool's evidence and suggestion",
                    key=f"{session.WIDGET_PREFIX}reveal_{criterion.id}",
                    on_click=_reveal,
                    args=(criterion.id,),
                )
    with reading:
        _own_quotes(record.id, criterion.id, document, added, view)
    with deciding, st.container():
        if visible:
            _suggestion(suggestion, criterion)
            if blind and answer is not None:
                _comparison(suggestion, answer)
    with deciding:
        _answer_form(record.id, criterion, total, blind, draft is not None and draft.has_choice)

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
    choice, text = _widgets(criterion.id)
    if finish.button(
        "See the summary",
        key="to_summary",
        type="primary" if answered == total else "secondary",
        on_click=_leave,
        args=(record.id, criterion.id, step),
    ) and not flow.has_unsaved_change(  # the callback saved it, unless it could not
        suggestion, answer, choice, text, blind
    ):
        navigation.go("summary")
    if st.session_state.get(FEEDBACK_AT) == "nav":
        _feedback(st.container(), criterion.id)
    st.session_state.pop(FEEDBACK_AT, None)
    viewer.sync_address(view)
    _scroll_to_top()


def _scroll_to_top() -> None:
    """After a move to another question, show it from its top (its number and title in view).
    The script differs on each move, so the browser runs it again; it is drawn last so it
    shifts nothing above it."""
    moves = int(st.session_state.get(SCROLL_TOP, 0))
    if moves == int(st.session_state.get(SCROLL_TOP + "_done", 0)):
        return
    st.session_state[SCROLL_TOP + "_done"] = moves
    st.html(
        f"<script>/* move {moves} */(() => {{"
        "const toTop = () => { for (const el of ["
        " document.querySelector('[data-testid=\"stMain\"]'),"
        " document.querySelector('[data-testid=\"stAppViewContainer\"]'),"
        " document.scrollingElement]) { if (el) el.scrollTo({top: 0}); } };"
        "toTop(); requestAnimationFrame(toTop); setTimeout(toTop, 150); setTimeout(toTop, 400);"
        "})();</script>",
        unsafe_allow_javascript=True,
    )
