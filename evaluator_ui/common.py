"""Small pieces several pages render."""

from __future__ import annotations

import streamlit as st

from evaluator import Evaluation
from evaluator.exports import md_escape
from evaluator.store import Record, StoreError

from . import flow, navigation, session


def open_record() -> Record | None:
    """The open evaluation, or None after telling the reader how to open one."""
    try:
        record = session.current()
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return None
    if record is not None:
        return record
    if problem := st.session_state.pop(session.ADDRESS_PROBLEM, None):
        st.warning(problem)
    st.info("No evaluation is open. Start one from a report, or reopen a saved one in History.")
    left, right = st.columns(2)
    if left.button("Go to Start", key="goto_start"):
        navigation.go("start")
    if right.button("Go to History", key="goto_history"):
        navigation.go("history")
    return None


def for_reader(record: Record) -> Evaluation:
    """The evaluation as this reader may see it: blind mode hides unrevealed suggestions."""
    revealed = set(st.session_state.get(session.REVEALED, set()))
    return flow.shown_to_reader(record.evaluation, session.blind_mode(record), revealed)
