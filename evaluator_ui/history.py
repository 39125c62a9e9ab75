"""History: saved evaluations to reopen, duplicate or delete, and import of exported JSON."""

from __future__ import annotations

import hmac

import streamlit as st

from evaluator import Evaluation, InputError, Rubric, RubricError, exports, rubric_by_id
from evaluator.store import Listing, Store, StoreError
from evaluator.wording import plural

from . import navigation, session

CONFIRM = "confirm_delete"


def rubric_for(db: Store, evaluation: Evaluation) -> Rubric | str:
    """The rubric an evaluation was made under, or a message saying why it is unavailable.

    The id comes from an imported file: it is looked up among the installed rubrics, never
    opened as a path.
    """
    ref = evaluation.rubric
    stored = db.rubric(ref.id, ref.version)
    if stored is not None:
        return stored
    try:
        rubric = rubric_by_id(ref.id)
    except RubricError as exc:
        return f"it uses rubric {ref.id!r}, which this app does not have ({exc.reason})"
    if rubric.version != ref.version:
        return f"it uses rubric {ref.id} v{ref.version}; this app has v{rubric.version}"
    return rubric


def _import(db: Store) -> None:
    upload = st.file_uploader("Import an exported evaluation (JSON)", type=["json"], key="import")
    if not st.button("Import", key="import_button", disabled=upload is None):
        return
    assert upload is not None
    name = exports.md_escape(upload.name)
    try:
        evaluation = exports.from_json(upload.getvalue())
    except InputError as exc:
        st.error(f"{name}: {exports.md_escape(exc.message)}")
        return
    rubric = rubric_for(db, evaluation)
    if isinstance(rubric, str):
        st.error(f"{name} cannot be imported: {exports.md_escape(rubric)}.")
        return
    label = f"{evaluation.document_title or evaluation.document_sha256[:12]} (imported)"
    new_id = db.create(evaluation, rubric, session.owner(), label=label)
    st.success(f"Imported {name} as “{exports.md_escape(label)}”.")
    if db.document(evaluation.document_sha256, session.owner()) is None:
        st.caption(
            "The report itself is not stored here: the evidence quotes are kept, but not the "
            "text around them. Analyse the same file on Start to add it."
        )
    st.session_state["history_imported"] = new_id


def _claim(db: Store) -> None:
    """Evaluations saved before owners existed are hidden from everyone; whoever started the
    server (and so can read the code it printed) may take them over."""
    count = db.unowned_count()
    if not count:
        return
    with st.expander(f"{plural(count, 'older evaluation')} saved before evaluations had owners"):
        st.write(
            "They are kept, but shown to no one, because on a shared server they could be "
            "anyone's. If you started this app yourself, enter the code it printed in its "
            "terminal to make them yours."
        )
        code = st.text_input("Code from the terminal", type="password", key="claim_code")
        if st.button("Take over the older evaluations", key="claim_button"):
            if code and hmac.compare_digest(code.strip(), session.claim_code()):
                taken = db.claim_unowned(session.owner())
                st.session_state["history_claimed"] = taken
                st.rerun()
            st.error("That is not the code the server printed.")


def page() -> None:
    st.title("History")
    try:
        db = session.store()
        me = session.owner()
        rows = db.listing(me)
        _claim(db)
    except StoreError as exc:
        st.error(exports.md_escape(str(exc)))
        return
    if taken := st.session_state.pop("history_claimed", None):
        st.success(
            f"{plural(taken, 'older evaluation')} {'is' if taken == 1 else 'are'} now yours."
        )
    st.caption(
        f"Saved in {exports.md_escape(db.where)}; you see only the evaluations made in this "
        "browser."
    )
    try:
        _import(db)
        _rows(db, me, rows)
    except StoreError as exc:  # a database that stays busy, say: one line, nothing lost
        st.error(exports.md_escape(str(exc)))


def _rows(db: Store, me: str, rows: list[Listing]) -> None:
    if not rows:
        st.info("No saved evaluations yet. Start one on the Start page.")
        return
    confirming = st.session_state.get(CONFIRM)
    current = st.session_state.get(session.EVAL_ID)
    for number, row in enumerate(rows, start=1):
        with st.container(border=True):
            marker = " · *open now*" if row.id == current else ""
            marker += " · *damaged: cannot be opened*" if row.damaged else ""
            marker += " · *blind mode*" if row.blind_mode else ""
            # every stored text is escaped: a pack's rubric version, say, is its author's text
            esc = exports.md_escape
            updated = row.updated_at[:16].replace("T", " ")
            # rows are numbered and their buttons name the number: two rows may share a title
            st.markdown(
                f"**{number}. {esc(row.label)}**{marker}  \n"
                f"{row.answered} of {row.total} answered · rubric {esc(row.rubric_id)} "
                f"v{esc(row.rubric_version)} · document {esc(row.document_sha256[:12])} · "
                f"updated {esc(updated)} UTC"
            )
            if confirming == row.id:
                st.warning(f"Delete evaluation {number} for good?")
                yes, no = st.columns(2)
                if yes.button("Yes, delete", key=f"confirm_{row.id}", type="primary"):
                    db.delete(row.id, me)
                    st.session_state.pop(CONFIRM, None)
                    if current == row.id:
                        st.session_state.pop(session.EVAL_ID, None)
                    st.rerun()
                if no.button("Cancel", key=f"cancel_{row.id}"):
                    st.session_state.pop(CONFIRM, None)
                    st.rerun()
                continue
            open_, copy, delete = st.columns(3)
            if open_.button(f"Open evaluation {number}", key=f"open_{row.id}", type="primary"):
                session.open_evaluation(row.id)
                navigation.go("checklist")
            if copy.button(f"Duplicate evaluation {number}", key=f"duplicate_{row.id}"):
                db.duplicate(row.id, me)
                st.rerun()
            if delete.button(f"Delete evaluation {number}", key=f"delete_{row.id}"):
                st.session_state[CONFIRM] = row.id
                st.rerun()
