"""Start: choose a report (upload or sample) and a rubric, then read and analyse it."""

from __future__ import annotations

import importlib
from pathlib import Path

import streamlit as st

from evaluator import DEFAULT_RUBRIC_ID, InputError, RubricError, available_rubrics, rubric_by_id
from evaluator.exports import md_escape
from evaluator.ingest import sha256_of
from evaluator.store import StoreError
from evaluator.wording import plural

from . import flow, navigation, session

UPLOAD, SAMPLE = "Upload a file", "Pick a sample report"
BLIND_BOX = "blind_box"  # a choice for the next new evaluation only; the evaluation keeps it
PASSWORD_HINT = "Type the PDF's password in the password field, then press Analyse."


def _samples() -> tuple[list, object | None, str | None]:
    """(samples, module, problem): sample reports come from `evaluator.samples` when present."""
    try:
        module = importlib.import_module("evaluator.samples")
    except ModuleNotFoundError:
        return [], None, "No sample reports are installed in this copy of the app."
    try:
        return list(module.list_samples()), module, None
    except Exception as exc:  # a broken sample set must not take the Start page down
        return [], None, f"The sample reports could not be listed ({type(exc).__name__}: {exc})."


def _analyse_and_open(
    data: bytes, filename: str, password: str, rubric_id: str, title: str | None = None
) -> None:
    """Read, analyse and open a report; `title` names a sample (not its file) in messages and
    on the new evaluation."""
    blind = bool(st.session_state.get(BLIND_BOX, False))
    limit = int(st.get_option("server.maxUploadSize"))
    problem = flow.upload_problem(filename, len(data), limit)
    if problem:
        st.error(md_escape(problem))
        return
    try:
        rubric = rubric_by_id(rubric_id)
    except RubricError as exc:
        st.error(md_escape(f"The rubric cannot be used: {exc}"))
        return
    sha = sha256_of(data)
    name = md_escape(title or filename)  # a file name is the uploader's text: never markup
    failure: tuple[str, str | None] | None = None
    with st.status(f"Reading {name}…", expanded=True) as status:
        st.write(
            f"Extracting the text of each page ({len(data) / 1024 / 1024:.1f} MB); "
            "a long report can take a minute."
        )
        try:
            document = session.read_document(sha, filename, password, data)
        except InputError as exc:
            hint = PASSWORD_HINT if exc.code in {"encrypted", "wrong_password"} else None
            failure = (f"{name}: {md_escape(exc.message)}", hint)
        else:
            pages = len(document.pages)
            st.write(f"Read {pages} page{'s' if pages != 1 else ''}. Looking for evidence…")
            try:
                analysis = session.analyse(sha, rubric.id, rubric.version, document, rubric)
            except Exception as exc:  # a fault in a detector must not take the page down
                first_line = (str(exc).splitlines() or [""])[0]
                failure = (
                    f"The analysis of {name} stopped with an internal error "
                    f"({type(exc).__name__}: {md_escape(first_line)}). Your saved evaluations are "
                    "untouched; please report this with the file.",
                    None,
                )
        if failure:
            status.update(label=f"Cannot use {name}", state="error", expanded=False)
        else:
            status.update(label=f"{name}: analysed {plural(pages, 'page')}", state="complete")
    # Messages go outside the status box, which folds away: a refusal must stay in view.
    if failure:
        st.error(failure[0])
        if failure[1]:
            st.info(failure[1])
        return
    try:
        # an encrypted PDF's bytes would need its password again to draw: text only
        pdf = None if password else data
        resumed = session.begin(document, analysis, rubric, blind=blind, title=title, pdf=pdf)
    except StoreError as exc:
        st.error(f"Your evaluation cannot be saved: {md_escape(str(exc))}")
        return
    st.session_state.pop(BLIND_BOX, None)  # the box chose this evaluation, not the next one
    st.session_state["start_message"] = (
        f"Resumed your saved evaluation of {name}."
        if resumed
        else f"Started a new evaluation of {name}."
    )
    navigation.go("checklist")


def _resume_box() -> None:
    """The reader's own latest unfinished evaluation (never anyone else's)."""
    try:
        listing = session.store().listing(session.owner())
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    in_progress = [row for row in listing if row.total and row.answered < row.total]
    if not in_progress:
        return
    row = in_progress[0]
    with st.container(border=True):
        st.write(
            f"**Continue where you left off:** {md_escape(row.label)} — "
            f"{row.answered} of {row.total} questions answered."
        )
        if st.button("Continue", key="continue_latest", type="primary"):
            session.open_evaluation(row.id)
            navigation.go("checklist")


def page() -> None:
    session.warm_up_in_background()
    st.title("Report evaluator")
    st.write(
        "Walk a report through six questions about how it presents statistics on groups of "
        "people: sources, denominators, attribute provenance, scope, extrapolation and "
        "recommendations. It grades the reporting, not whether a claim about any group is true. "
        "The tool suggests; you decide."
    )
    _resume_box()
    if st.button("Saved evaluations and import", key="to_history"):
        navigation.go("history")

    good, bad = available_rubrics()
    for error in bad:
        st.warning(md_escape(f"Rubric skipped: {error}"))
    ids = [rubric.id for _, rubric in good]
    if not ids:
        st.error("No rubric could be loaded; see the warnings above.")
        return
    titles = {rubric.id: f"{rubric.title} (v{rubric.version})" for _, rubric in good}
    rubric_id = st.selectbox(
        "Rubric",
        ids,
        index=ids.index(DEFAULT_RUBRIC_ID) if DEFAULT_RUBRIC_ID in ids else 0,
        format_func=lambda rid: titles[rid],
        key="rubric_choice",
    )
    st.checkbox(
        "Blind mode: answer each question before the tool's evidence and suggestion are shown",
        key=BLIND_BOX,
        help="Applies to the evaluation you start next; a saved evaluation keeps its own setting.",
    )

    source = st.radio("Report", [UPLOAD, SAMPLE], horizontal=True, key="source")
    limit = int(st.get_option("server.maxUploadSize"))
    _privacy_note()
    if source == UPLOAD:
        upload = st.file_uploader(
            f"A PDF, text or Markdown file (up to {limit} MB)",
            type=["pdf", "txt", "md"],
            key="upload",
            max_upload_size=limit,
        )
        password = st.text_input(
            "Password (only for an encrypted PDF)", type="password", key="pdf_password"
        )
        if st.button("Analyse", key="analyse", type="primary", disabled=upload is None):
            assert upload is not None
            _analyse_and_open(upload.getvalue(), upload.name, password, rubric_id)
        return

    samples, module, problem = _samples()
    if problem or module is None or not samples:
        st.info(md_escape(problem or "No sample reports are available yet."))
        return
    by_id = {sample.id: sample for sample in samples}
    chosen = st.selectbox(
        "Sample report",
        list(by_id),
        format_func=lambda sid: by_id[sid].title,
        key="sample_choice",
    )
    description = getattr(by_id[chosen], "description", "")
    if description:
        st.caption(md_escape(description))
    if st.button("Analyse", key="analyse_sample", type="primary"):
        try:
            path = Path(module.sample_pdf_path(chosen))
            data = path.read_bytes()
        except InputError as exc:
            st.error(md_escape(exc.message))
            return
        except OSError as exc:
            st.error(md_escape(f"The sample {chosen} cannot be read ({exc.strerror})."))
            return
        # Every sample's file is report.pdf: it goes by its id and title instead.
        _analyse_and_open(data, f"{chosen}{path.suffix}", "", rubric_id, by_id[chosen].title)


def _privacy_note() -> None:
    try:
        place, is_server = session.store_place()
    except StoreError as exc:
        st.error(md_escape(str(exc)))
        return
    place = place.replace("`", "'")  # set by whoever runs the server, but kept in its span
    where = (
        f"on the database server `{place}` this app was set up with (EVALUATOR_DATABASE_URL)"
        if is_server
        else f"on this computer, in `{place}` (set EVALUATOR_DB to choose another file)"
    )
    st.caption(
        f"The report's text and your answers are saved as you go {where}. Delete "
        "an evaluation on the History page to remove it and, when nothing else uses it, the "
        "report's text. Your evaluations are tied to this browser (a cookie), so other people "
        "using the same server do not see them."
    )
