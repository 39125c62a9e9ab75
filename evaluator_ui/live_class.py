"""The live classroom: a teacher runs a class exercise on this server; students join with a code.

- Teacher (`teacher_page`, /live-class): makes a class from the report open now, a sample or a
  teacher copy of an exercise, and gets a join code and a teacher link. The link's `token` is the
  only thing that opens the class's key, notes and answers; the store keeps its hash.
- Student (`join_page`, /join): enters the code and a display name, answers in the ordinary
  checklist (blind when the exercise is), comes back here to compare and hand in.

What a student's session can reach is decided by the store (`evaluator/store.py`, the live
classroom section): their own row, found by their owner key, and the student copy of the
exercise (no notes; the key only once released). This page only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from evaluator import (
    DEFAULT_RUBRIC_ID,
    InputError,
    RubricError,
    available_rubrics,
    read_rubric_file,
)
from evaluator import classroom as cls
from evaluator.classroom import live
from evaluator.exports import md_escape
from evaluator.ingest import sha256_of
from evaluator.store import LiveClass, Membership, StoreError

from . import classroom_tables as tables
from . import navigation, session

T = TypeVar("T")
CLASS_PARAM, TOKEN_PARAM = "class", "token"
CURRENT = "live_class_id"  # the class this student session is working on
TEACHING = "live_teaching"  # (class id, token) of the class this session opened as its teacher
TEACHER = "cls_teacher"  # shared with the Make exercise page: one teacher code unlocks both
REFRESH_SECONDS = 5
SOURCES = ("The report open now", "A sample report", "A teacher copy of an exercise")


def _safe(text: object) -> str:
    return md_escape(str(text))


FAILED = object()  # what `_attempt` returns when the call failed (None is a valid answer)


def _attempt(work: Callable[[], T]) -> T | object:
    """A store call whose refusal (InputError) or failure (StoreError) is shown as one error
    line where the reader is; returns FAILED then."""
    try:
        return work()
    except InputError as exc:
        st.error(_safe(exc.message))
    except StoreError as exc:
        st.error(_safe(exc))
    return FAILED


# --- teacher: make a class ----------------------------------------------------------------------


def _rubric_toml(rubric_id: str, version: str | None = None) -> str | None:
    """An installed rubric's TOML text (the pack carries the rubric itself)."""
    good, _ = available_rubrics()
    for path, rubric in good:
        if rubric.id == rubric_id and version in (None, rubric.version):
            try:
                return read_rubric_file(path)
            except RubricError as exc:
                st.error(_safe(exc))
                return None
    st.error(_safe(f"The rubric {rubric_id} is not installed on this server."))
    return None


def _samples_module():
    try:
        from evaluator import samples

        return samples, samples.list_samples()
    except Exception:  # no samples in this install, or a broken set: offer the other sources
        return None, []


def _teacher_unlocked(module) -> bool:
    """The server's teacher code opens the samples' keys and notes (not an account)."""
    if st.session_state.get(TEACHER):
        return True
    if not module.teacher_code_set():
        st.caption(
            "The samples' answer keys are shown only to a teacher who enters the code set on "
            f"the server ({module.TEACHER_CODE_ENV}). Without it, upload a key of your own."
        )
        return False
    code = st.text_input("Teacher code", type="password", key="live_teacher_code")
    if code and module.is_teacher(code):
        st.session_state[TEACHER] = True
        return True
    if code:
        st.error("That is not the teacher code.")
    return False


def _from_open_report() -> tuple[bytes, str, str, str] | None:
    """(report bytes, file name, title, rubric TOML) from the evaluation open in this session.
    The stored text goes into the class as a text file, one page per page (form feeds)."""
    try:
        record = session.current()
    except StoreError as exc:
        st.error(_safe(exc))
        return None
    document = session.document(record.evaluation.document_sha256) if record else None
    if record is None or document is None:
        st.info("No report is open. Open one on Start or History, or pick another source.")
        return None
    text = "\f".join(page.text for page in document.pages)
    title = record.evaluation.document_title or record.label
    toml = _rubric_toml(record.rubric.id, record.rubric.version)
    if toml is None:
        return None
    name = f"{Path(document.filename or 'report').stem or 'report'}.txt"
    return text.encode("utf-8"), name, title, toml


def _key_upload() -> dict | None:
    """An optional answer key (TOML); None when the uploaded one is wrong."""
    upload = st.file_uploader("Answer key (.toml), optional", ["toml"], key="live_key_upload")
    if upload is None:
        return {}
    try:
        return cls.parse_class_key(upload.getvalue().decode("utf-8", "replace"), upload.name)
    except InputError as exc:
        st.error(_safe(exc.message))
        return None


def _pack_from_form() -> cls.ExercisePack | None:
    source = st.radio("Exercise from", SOURCES, key="live_source")
    if source == SOURCES[2]:
        st.caption("Make one on the Make exercise page (with its answer-key editor), then load it.")
        upload = st.file_uploader("Teacher copy (.exercise.json)", ["json"], key="live_pack")
        if upload is None:
            return None
        try:
            pack = cls.load_pack(upload.getvalue(), upload.name)
        except InputError as exc:
            st.error(_safe(exc.message))
            return None
        if pack.audience != "teacher":
            st.warning("This is a student copy: it has no key or notes. Load the teacher copy.")
        return pack

    notes, key = "", {}
    if source == SOURCES[0]:
        found = _from_open_report()
        if found is None:
            return None
        report, filename, title, rubric_toml = found
        key = _key_upload()
        source_key = f"open-{sha256_of(report)[:12]}"
    else:
        module, samples = _samples_module()
        if not samples:
            st.info("No sample reports are installed here.")
            return None
        by_id = {s.id: s for s in samples}
        sample_id = st.selectbox(
            "Sample", list(by_id), format_func=lambda i: by_id[i].title, key="live_sample"
        )
        try:
            report = Path(module.sample_pdf_path(sample_id)).read_bytes()
            unlocked = _teacher_unlocked(module)
            if unlocked:
                key = dict(module.load_answer_key(sample_id).criteria)
                notes = module.load_teacher_notes(sample_id)
                st.caption("The sample's answer key and teacher notes are loaded.")
            else:
                key = _key_upload()
            # the fields start afresh for another sample, or once the key and notes unlock
            source_key = f"{sample_id}-{'teacher' if unlocked else 'plain'}"
        except (InputError, OSError) as exc:
            st.error(_safe(getattr(exc, "message", str(exc))))
            return None
        filename, title = f"{sample_id}.pdf", by_id[sample_id].title
        rubric_toml = _rubric_toml(DEFAULT_RUBRIC_ID)
        if rubric_toml is None:
            return None
    if key is None:
        return None
    title = st.text_input("Title", title, max_chars=200, key=f"live_title_{source_key}")
    instructions = st.text_area("Instructions for students", key="live_instructions")
    notes = st.text_area(
        "Teacher notes (never shown to students)", notes, key=f"live_notes_{source_key}"
    )
    blind = st.checkbox(
        "Blind mode: students answer before the tool's suggestion shows",
        value=True,
        key="live_blind",
    )
    try:
        return cls.make_pack(
            title=title,
            report=report,
            report_filename=filename,
            rubric_toml=rubric_toml,
            answer_key=key or None,
            teacher_notes=notes,
            instructions=instructions,
            blind_mode=blind,
        )
    except InputError as exc:
        st.error(_safe(exc.message))
        return None


def _create() -> None:
    st.write(
        "Run an exercise on this server: students join with a short code and hand in here, and "
        "their answers reach your dashboard as they do. (Without a shared server, use Make "
        "exercise and pass files by hand.)"
    )
    pack = _pack_from_form()
    hours = st.number_input(
        "The join code works for (hours)",
        1,
        live.MAX_CODE_HOURS,
        live.DEFAULT_CODE_HOURS,
        key="live_hours",
    )
    if pack is None:
        return
    st.caption(f"{len(pack.answer_key or {})} of the rubric's questions are in the answer key.")
    if not st.button("Create the class", key="live_create", type="primary"):
        return
    token = live.new_teacher_token()
    made = _attempt(
        lambda: session.store().create_live_class(
            pack, live.token_hash(token), live.code_expiry(datetime.now(UTC), int(hours))
        )
    )
    if made is FAILED:
        return
    st.query_params[CLASS_PARAM] = made.id
    st.query_params[TOKEN_PARAM] = token
    st.rerun()


# --- teacher: the class's dashboard -------------------------------------------------------------


def teacher_link(class_id: str, token: str) -> str:
    """The address that opens this class's dashboard, built from the one the teacher is at."""
    url = st.context.url or ""
    parts = urlsplit(url)
    base = parts.path.rsplit("/", 1)[0] if parts.path else ""
    query = urlencode({CLASS_PARAM: class_id, TOKEN_PARAM: token})
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/live-class", query, ""))


def _results(class_id: str, token: str, the_class: LiveClass) -> None:
    results = _attempt(lambda: session.store().live_results(class_id, token))
    if results is FAILED:
        return
    if results is None:
        st.error("This teacher link no longer opens the class.")
        return
    a, b = st.columns(2)
    a.metric("Joined", len(results.roster))
    b.metric("Handed in", len(results.submissions))
    if not results.roster:  # an empty table reads as broken; say what it is waiting for
        st.info(
            "No one has joined yet. Give students the join code; this page refreshes by itself."
        )
        return
    total = len(the_class.pack.rubric().criteria)
    st.dataframe(
        [
            {
                "student": r.name,
                "answered": f"{r.answered} of {total}",
                "handed in": (r.submitted_at or "")[:16].replace("T", " ") or "not yet",
            }
            for r in results.roster
        ],
        hide_index=True,
        key="live_roster",
    )
    if not results.submissions:
        st.info("Nothing handed in yet. This page refreshes by itself.")
        return
    st.caption(_safe("Handed in: " + ", ".join(s.student for s in results.submissions)))
    pack = the_class.pack
    keys = {pack.report_sha256: pack.answer_key}
    titles = {pack.report_sha256: pack.title}
    board = cls.class_dashboard(results.submissions, pack.rubric(), keys, titles)
    st.subheader("Levels per question, and agreement with the key")
    st.dataframe(tables.criterion_table(board), hide_index=True, key="live_criteria")
    st.subheader("Discuss these first")
    st.dataframe(tables.item_table(board.lowest), hide_index=True, key="live_lowest")
    st.subheader("Per student")
    st.dataframe(tables.student_table(board), hide_index=True, key="live_students")
    rows = tables.class_table_rows(results.submissions, pack.rubric(), keys, titles)
    st.download_button(
        "Download the class table (CSV)",
        tables.class_table_csv(rows),
        "class-table.csv",
        "text/csv",
        key="live_csv",
        on_click="ignore",
    )


def _dashboard(the_class: LiveClass, token: str) -> None:
    st.subheader(_safe(the_class.title))
    expired = the_class.expires_at < datetime.now(UTC).isoformat(timespec="microseconds")
    code = live.format_code(the_class.code)
    st.markdown(f"### Join code: `{code}`")  # the code's own alphabet: nothing to escape
    st.caption(
        ("The code has expired: no one new can join. " if expired else "")
        + f"It works until {the_class.expires_at[:16].replace('T', ' ')} UTC. Students open "
        "this app, choose **Join a class** and enter the code and a name."
    )
    st.write("Your teacher link (keep it to yourself: it opens the key and everyone's answers):")
    st.code(teacher_link(the_class.id, token), language=None)
    has_key = bool(the_class.pack.answer_key)
    released = st.toggle(
        "Release the answer key to students",
        value=the_class.key_released,
        disabled=not has_key,
        help=None if has_key else "This class has no answer key.",
        key="live_release",
    )
    if has_key and released != the_class.key_released:
        _attempt(lambda: session.store().release_live_key(the_class.id, token, released))
    if the_class.pack.teacher_notes:
        with st.expander("Teacher notes"):
            st.text(the_class.pack.teacher_notes)

    @st.fragment(run_every=timedelta(seconds=REFRESH_SECONDS))
    def results() -> None:
        st.button("Refresh now", key="live_refresh")
        _results(the_class.id, token, the_class)

    results()


def teacher_page() -> None:
    st.title("Live class")
    addressed = st.query_params.get(CLASS_PARAM) or st.query_params.get(TOKEN_PARAM)
    if not addressed and TEACHING in st.session_state:
        # back from another page, whose switch cleared the address
        st.query_params[CLASS_PARAM], st.query_params[TOKEN_PARAM] = st.session_state[TEACHING]
    class_id = str(st.query_params.get(CLASS_PARAM, ""))
    token = str(st.query_params.get(TOKEN_PARAM, ""))
    if class_id or token:
        the_class = _attempt(lambda: session.store().live_class(class_id, token))
        if the_class is FAILED:
            return
        if the_class is None:
            # An unknown class and a wrong token read the same, so neither can be probed.
            st.error(
                "This teacher link does not open a class: it is incomplete or wrong. Use the "
                "whole link you were given when you made the class."
            )
            if st.button("Make a new class instead", key="live_new"):
                st.query_params.clear()
                st.rerun()
            return
        st.session_state[TEACHING] = (class_id, token)
        _dashboard(the_class, token)
        if st.button("Make another class", key="live_another"):
            st.session_state.pop(TEACHING, None)
            st.query_params.clear()
            st.rerun()
        return
    _create()


# --- student: join and hand in ------------------------------------------------------------------


def _session_key() -> str:
    """Whom the limit on wrong codes counts: this browser's owner key (see JoinLimits)."""
    return session.owner()


def _join_form() -> None:
    with st.form("live_join_form"):
        code = st.text_input("Class code", max_chars=20, placeholder="ABCD-EFGH", key="live_code")
        name = st.text_input(
            "Your name in the class (your teacher sees it)",
            max_chars=live.MAX_DISPLAY_NAME + 10,
            key="live_name",
        )
        joined = st.form_submit_button("Join", type="primary")
    if not joined:
        return
    membership = _attempt(
        lambda: session.store().join_live_class(code, name, session.owner(), session=_session_key())
    )
    if membership is FAILED:
        return
    st.session_state[CURRENT] = membership.class_id
    _open(membership)


def _open(membership: Membership) -> None:
    """Open the student's evaluation of the class's report, making it the first time."""
    db, me = session.store(), session.owner()
    if membership.evaluation_id is not None and db.load(membership.evaluation_id, me):
        session.open_evaluation(membership.evaluation_id)
        navigation.go("checklist")
        return
    pack = membership.pack
    try:
        # The class's own evaluation, never an earlier one of the same report.
        session.begin_exercise(pack, fresh=True)
        db.link_live_evaluation(membership.class_id, me, st.session_state[session.EVAL_ID])
    except InputError as exc:
        st.error(_safe(f"{pack.report_filename}: {exc.message}"))
        return
    except StoreError as exc:
        st.error(_safe(exc))
        return
    navigation.go("checklist")


def _class_view(membership: Membership) -> None:
    pack = membership.pack
    st.subheader(_safe(pack.title))
    st.caption(_safe(f"You joined as {membership.name}."))
    if pack.instructions:
        st.markdown("\n\n".join(_safe(part) for part in pack.instructions.split("\n\n")))
    blind = "on" if pack.settings.blind_mode else "off"
    key_state = "released" if pack.visible_key() else "not released yet"
    st.caption(f"Blind mode {blind} · answer key {key_state}")
    st.caption("When you have answered, come back to this page to compare and hand in.")
    if st.button("Start or continue the exercise", key="live_start", type="primary"):
        _open(membership)
        return
    if membership.evaluation_id is None:
        return
    record = session.store().load(membership.evaluation_id, session.owner())
    if record is None:
        return
    revealed = (
        st.session_state.get(session.REVEALED, set())
        if st.session_state.get(session.EVAL_ID) == record.id
        else set()
    )
    st.subheader("Your answers")
    rows = tables.comparison_rows(
        record.evaluation, record.rubric, pack.visible_key(), session.blind_mode(record), revealed
    )
    st.dataframe(rows, hide_index=True, key="live_compare")
    answered = sum(1 for c in record.rubric.criteria if c.id in record.evaluation.answers)
    st.caption(f"You have answered {answered} of {len(record.rubric.criteria)} questions.")
    if membership.submitted_at:
        st.caption(
            f"Handed in at {membership.submitted_at[:16].replace('T', ' ')} UTC. You can change "
            "answers and hand in again: your teacher sees the latest."
        )
    if st.button("Hand in to your teacher", key="live_submit"):
        handed = _attempt(lambda: session.store().submit_live(membership.class_id, session.owner()))
        if handed is FAILED:
            return
        st.success("Handed in. Your teacher's dashboard shows it now.")


def join_page() -> None:
    st.title("Join a class")
    mine = _attempt(lambda: session.store().memberships(session.owner()))
    if mine is FAILED:
        return
    by_id = {m.class_id: m for m in mine}
    if mine:
        ids = list(by_id)
        current = st.session_state.get(CURRENT)
        if len(ids) > 1:
            current = st.selectbox(
                "Your classes",
                ids,
                index=ids.index(current) if current in by_id else 0,
                format_func=lambda i: f"{by_id[i].title} (as {by_id[i].name})",
                key="live_pick",
            )
        st.session_state[CURRENT] = current if current in by_id else ids[0]
        _class_view(by_id[st.session_state[CURRENT]])
        st.divider()
        st.write("Join another class:")
    else:
        st.write(
            "Enter the code your teacher gave you and the name your teacher will see. This is "
            "not an account: your answers stay with this browser."
        )
    _join_form()


def pages() -> list[st.Page]:
    return [
        st.Page(join_page, title="Join a class", url_path="join"),
        st.Page(teacher_page, title="Live class (teacher)", url_path="live-class"),
    ]
