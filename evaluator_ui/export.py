"""Export: the evaluation as JSON (re-importable), Markdown and a self-contained HTML scorecard,
under a title and an evaluator's name the reader sets here."""

from __future__ import annotations

import streamlit as st

from evaluator import Evaluation, exports
from evaluator.exports import md_escape
from evaluator.store import MAX_TITLE, Record, StoreError

from . import common, session

# The model's own limit on the evaluator's name, read from the field so the two cannot drift.
MAX_NAME = next(
    m.max_length
    for m in Evaluation.model_fields["evaluator_name"].metadata
    if getattr(m, "max_length", None)
)

DETAILS_MESSAGE = "details_message"


def _save_details(evaluation_id: int) -> None:
    """Runs before the page is drawn, so the page and the files show what was saved, and the
    boxes can show it as stored (spaces folded)."""
    title_key, name_key = f"details_title_{evaluation_id}", f"details_name_{evaluation_id}"
    try:
        saved = session.store().set_details(
            evaluation_id,
            session.owner(),
            title=str(st.session_state.get(title_key, "")),
            evaluator_name=str(st.session_state.get(name_key, "")),
        )
    except (StoreError, KeyError) as exc:
        st.session_state[DETAILS_MESSAGE] = ("error", f"The title and name were not saved: {exc}")
        return
    st.session_state[title_key] = saved.document_title or ""
    st.session_state[name_key] = saved.evaluator_name or ""
    st.session_state[DETAILS_MESSAGE] = ("success", "Title and name saved; the files use them.")


def _details(record: Record) -> None:
    """The title and the evaluator's name, editable, with the message beside the button."""
    evaluation = record.evaluation
    title_key, name_key = f"details_title_{record.id}", f"details_name_{record.id}"
    # Filled from the store unless the reader is editing them (a widget's value lives in state).
    st.session_state.setdefault(title_key, evaluation.document_title or "")
    st.session_state.setdefault(name_key, evaluation.evaluator_name or "")
    with st.form(f"details_{record.id}", border=True):
        st.text_input(
            "Title",
            max_chars=MAX_TITLE,
            key=title_key,
            help="The report's title as the files show it. It came from the report's cover or "
            "its metadata; correct it if it is wrong.",
        )
        st.text_input(
            "Your name (optional)",
            max_chars=MAX_NAME,
            key=name_key,
            help="Shown in every file as the evaluator, and part of the files' names.",
        )
        st.form_submit_button("Save title and name", on_click=_save_details, args=(record.id,))
        if message := st.session_state.pop(DETAILS_MESSAGE, None):
            (st.error if message[0] == "error" else st.success)(md_escape(message[1]))


def page() -> None:
    st.title("Export")
    record = common.open_record()
    if record is None:
        return
    _details(record)
    blind = session.blind_mode(record)
    document = session.document(record.evaluation.document_sha256)
    # Each quote the reader added is checked against the report's text, so no file presents
    # the reader's own wording as the report's.
    evaluation = exports.with_quote_checks(common.for_reader(record), document)
    rubric = record.rubric
    stem = exports.file_stem(evaluation)
    st.caption(
        f"Started {exports.when(evaluation.created_at)} · "
        f"last saved {exports.when(evaluation.updated_at)}"
    )
    st.write(
        "JSON keeps everything and can be imported again (History page). Markdown and HTML are "
        "for people; the HTML scorecard is one file with no outside links."
    )
    if blind:
        st.caption(
            "Blind mode: the files leave out the tool's suggestions you have not revealed yet."
        )
    markdown = exports.to_markdown(evaluation, rubric, document)
    st.download_button(
        "Download JSON",
        data=exports.to_json(evaluation),
        file_name=f"{stem}.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
        type="primary",
    )
    st.download_button(
        "Download Markdown",
        data=markdown,
        file_name=f"{stem}.md",
        mime="text/markdown",
        key="dl_md",
        on_click="ignore",
    )
    st.download_button(
        "Download HTML scorecard",
        data=exports.to_html(evaluation, rubric, document),
        file_name=f"{stem}.html",
        mime="text/html",
        key="dl_html",
        on_click="ignore",
    )
    with st.expander("Preview the Markdown"):
        st.code(markdown, language="markdown")
