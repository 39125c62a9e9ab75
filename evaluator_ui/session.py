"""What the pages share: the store, the open evaluation, and the cached reading and analysis.

Session-state keys other modules may rely on:
- `eval_id`: id (in the store) of the evaluation being worked on;
- `blind_mode`: hide each criterion's evidence and suggestion until the reader has answered it
  and clicked "Reveal" (exercise packs set it before calling `begin`).
"""

from __future__ import annotations

import threading

import streamlit as st

from evaluator import classifier
from evaluator.analysis import analyze
from evaluator.ingest import load_bytes, warm_up
from evaluator.models import Analysis, Document, Evaluation, Rubric
from evaluator.store import Record, Store, default_db_path

EVAL_ID = "eval_id"
BLIND_MODE = "blind_mode"
STEP = "step"
REVEALED = "revealed"
WIDGET_PREFIX = "ck_"


def _warm() -> None:
    warm_up()
    classifier.warm_up()


@st.cache_resource(show_spinner=False)
def warm_up_in_background() -> threading.Thread:
    """Start the PDF workers and fit the sentence classifier while the reader picks a file:
    together they cost several seconds that the first analysis would otherwise wait for."""
    thread = threading.Thread(target=_warm, name="evaluator-warm-up", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """The store at $EVALUATOR_DB or the per-user default (read on every run, so tests can
    point it elsewhere)."""
    return _store(str(default_db_path()))


@st.cache_data(show_spinner=False, max_entries=8)
def read_document(sha256: str, filename: str, password: str | None, _data: bytes) -> Document:
    """Read a file once per content hash; `_data` is not hashed again (sha256 stands for it)."""
    return load_bytes(_data, filename, password or None)


@st.cache_data(show_spinner=False, max_entries=16)
def analyse(
    sha256: str, rubric_id: str, rubric_version: str, _document: Document, _rubric: Rubric
) -> Analysis:
    """Analyse once per document hash and rubric version; later steps reuse the result."""
    return analyze(_document, _rubric)


@st.cache_data(show_spinner=False, max_entries=8)
def stored_document(db_path: str, sha256: str) -> Document | None:
    """A document's text from the store; a hash names one text forever, so it is cached."""
    return _store(db_path).document(sha256)


def document(sha256: str) -> Document | None:
    return stored_document(str(default_db_path()), sha256)


def blind_mode() -> bool:
    return bool(st.session_state.get(BLIND_MODE, False))


def current() -> Record | None:
    evaluation_id = st.session_state.get(EVAL_ID)
    if evaluation_id is None:
        return None
    record = store().load(evaluation_id)
    if record is None:
        st.session_state.pop(EVAL_ID, None)
    return record


def open_evaluation(evaluation_id: int) -> None:
    """Make an evaluation current and forget the previous one's unsaved widgets."""
    for key in list(st.session_state.keys()):
        if str(key).startswith(WIDGET_PREFIX):
            del st.session_state[key]
    st.session_state[EVAL_ID] = evaluation_id
    st.session_state[STEP] = 0
    st.session_state[REVEALED] = set()


def begin(document: Document, analysis: Analysis, rubric: Rubric, fresh: bool = False) -> bool:
    """Store the document and open its evaluation: the saved one for this document and rubric
    version if there is one (returns True), else a new one (returns False)."""
    db = store()
    db.save_document(document)
    existing = None if fresh else db.find(document.sha256, rubric.id, rubric.version)
    if existing is not None:
        open_evaluation(existing)
        return True
    evaluation = Evaluation(
        document_sha256=document.sha256,
        document_title=document.title or document.filename,
        rubric=analysis.rubric,
        suggestions=analysis.criteria,
    )
    open_evaluation(db.create(evaluation, rubric))
    return False
