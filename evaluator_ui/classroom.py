"""Classroom and editors' pages: make an exercise, do one, the class dashboard, compare reports.

The figures and rules live in `evaluator.classroom` and `evaluator.batch`; these functions only
collect input and render what comes back.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from evaluator import (
    DEFAULT_RUBRIC_ID,
    InputError,
    RubricError,
    available_rubrics,
    ratings,
    read_rubric_file,
    rubric_by_id,
)
from evaluator import classroom as cls
from evaluator.exports import md_escape
from evaluator.ingest import sha256_of
from evaluator.ratings import short
from evaluator.store import StoreError
from evaluator.titles import document_title
from evaluator.wording import plural

from . import classroom_tables as tables
from . import navigation, session

PACK = "cls_pack"
CHOICES: list[ratings.Rating | None] = [None, *ratings.CHOICES]
DEFAULT_INSTRUCTIONS = (
    "Before you start: the report may discuss crime, including abuse; you will not need any case "
    "details. Answer each question from your own reading first and quote the passage that "
    "supports your level. We grade how the report presents its numbers, never a group of people."
)


def _safe(text: object) -> str:
    """Text from files (names, titles, messages) stays text when Streamlit renders Markdown."""
    return md_escape(str(text))


def _choice_label(choice: cls.Rating | None) -> str:
    return short(choice, missing="— not in the key")


def _rubric_choice(key: str) -> tuple[str, str] | None:
    """(rubric id, TOML text) picked from the installed rubrics."""
    good, bad = available_rubrics()
    for error in bad:
        st.warning(_safe(f"Rubric skipped: {error}"))
    if not good:
        st.error("No rubric could be loaded.")
        return None
    paths = {rubric.id: path for path, rubric in good}
    titles = {rubric.id: f"{rubric.title} (v{rubric.version})" for _, rubric in good}
    ids = list(paths)
    chosen = st.selectbox(
        "Rubric",
        ids,
        index=ids.index(DEFAULT_RUBRIC_ID) if DEFAULT_RUBRIC_ID in ids else 0,
        format_func=lambda rid: titles[rid],  # its title, as on Start, not its bare id
        key=key,
    )
    try:
        return chosen, read_rubric_file(paths[chosen])
    except RubricError as exc:  # changed on disk since it was listed
        st.error(_safe(exc))
        return None


def _download(
    where, label: str, data: str | bytes, name: str, mime: str, key: str, primary: bool = False
) -> None:
    """A download button that does not rerun the page (the file is built already)."""
    where.download_button(
        label,
        data,
        name,
        mime,
        key=key,
        on_click="ignore",
        type="primary" if primary else "secondary",
    )


def _samples():
    try:
        from evaluator import samples
    except ImportError:
        return None, []
    try:
        return samples, samples.list_samples()
    except Exception as exc:  # a broken sample set must not take the page down
        st.warning(f"The sample reports could not be listed ({type(exc).__name__}).")
        return None, []


# --- teacher: make an exercise ------------------------------------------------------------------

TEACHER = "cls_teacher"


def _teacher_unlocked(module) -> bool:
    """Whether this session may see the samples' keys and notes: the server's teacher code.

    Not an account: it keeps the keys from whoever opens the app, nothing more.
    """
    if st.session_state.get(TEACHER):
        return True
    if not module.teacher_code_set():
        st.caption(
            "The samples' answer keys and teacher notes are shown only to a teacher who enters "
            f"the code set on the server ({module.TEACHER_CODE_ENV}); none is set here. You "
            "can still make an exercise from a sample with a key of your own."
        )
        return False
    code = st.text_input(
        "Teacher code (to load the sample's answer key and notes)",
        type="password",
        key="cls_teacher_code",
    )
    if code and module.is_teacher(code):
        st.session_state[TEACHER] = True
        return True
    if code:
        st.error("That is not the teacher code.")
    return False


def _level_label(choice: cls.Rating | None) -> str:
    return "not in the key" if choice is None else ratings.label(choice)


def _key_question(criterion, entry, prefix: str) -> dict | None:
    """One question of the key: its level, tolerance, notes and a quote; the table a key file
    would hold for it, or None when left out of the key."""
    with st.container(border=True):
        st.markdown(f"**{_safe(criterion.title)}**")
        st.caption(_safe(criterion.question))
        choice = st.radio(
            f"Expected level for “{criterion.title}”",
            CHOICES,
            index=CHOICES.index(cls.rating_of_key(entry)),
            format_func=_level_label,
            horizontal=True,
            key=prefix + "level",
        )
        if choice is None:
            return None
        left, right = st.columns([1, 3])
        tolerance = left.number_input(
            f"Tolerance for “{criterion.title}” (levels either side still right)",
            0,
            3,
            entry.tolerance if entry else 0,
            key=prefix + "tol",
        )
        justification = right.text_area(
            f"Notes: why this level for “{criterion.title}” (required)",
            entry.justification if entry else "",
            height=80,
            key=prefix + "why",
        )
        first = entry.evidence[0] if entry and entry.evidence else None
        quote_col, page_col = st.columns([3, 1])
        quote = quote_col.text_input(
            f"A quote from the report that shows “{criterion.title}” (required for a level)",
            first.quote if first else "",
            key=prefix + "q",
        )
        page = page_col.number_input(
            f"On page (quote for “{criterion.title}”)",
            1,
            10_000,
            first.page if first else 1,
            key=prefix + "page",
        )
    data = cls.key_entry_data(choice, int(tolerance), justification, int(page), quote)
    if data is not None and entry is not None and len(entry.evidence) > 1 and "evidence" in data:
        data["evidence"] += [q.model_dump() for q in entry.evidence[1:]]  # kept, not shown
    return data


def _key_editor(rubric_id: str, source_id: str, loaded: dict) -> dict | None:
    """The key, question by question, pre-filled from a loaded key; built and checked through
    the same model as a key file. None (with each problem beside its question) if any is wrong."""
    rubric = rubric_by_id(rubric_id)
    tables: dict[str, dict] = {}
    places = {}
    for criterion in rubric.criteria:
        prefix = f"cls_key_{source_id}_{rubric_id}_{criterion.id}_"
        data = _key_question(criterion, loaded.get(criterion.id), prefix)
        places[criterion.id] = st.empty()  # a problem shows right under its question
        if data is not None:
            tables[criterion.id] = data
    unknown = sorted(set(loaded) - {criterion.id for criterion in rubric.criteria})
    if unknown:
        st.warning(_safe(f"The loaded key has questions this rubric lacks, left out: {unknown}"))
    key, problems = cls.key_from_tables(tables)
    for criterion_id, problem in problems.items():
        title = rubric.criterion(criterion_id).title if criterion_id in places else "Answer key"
        where = places.get(criterion_id, st)
        where.error(_safe(f"Answer key, {title}: {problem}"))
    return None if problems else key


def make_page() -> None:
    st.title("Make an exercise")
    st.write(
        "Put a report, a rubric, your answer key and notes into one file. Give students the "
        "student copy: it has no teacher notes, and the key only once you release it."
    )
    module, samples = _samples()
    sources = ["Upload a report", *(["A sample report"] if samples else [])]
    source = st.radio("Report", sources, horizontal=True, key="cls_make_source")
    loaded: dict = {}
    notes = ""
    if source == "A sample report":
        by_id = {s.id: s for s in samples}
        sample_id = st.selectbox(
            "Sample", list(by_id), format_func=lambda i: by_id[i].title, key="cls_make_sample"
        )
        teacher = _teacher_unlocked(module)
        try:
            path = Path(module.sample_pdf_path(sample_id))
            report, filename = path.read_bytes(), f"{sample_id}.pdf"
            if teacher:
                loaded = dict(module.load_answer_key(sample_id).criteria)
                notes = module.load_teacher_notes(sample_id)
        except (InputError, OSError) as exc:
            st.error(_safe(getattr(exc, "message", str(exc))))
            return
        # The editor's widgets start afresh once the key is unlocked, so it fills them.
        title_default = by_id[sample_id].title
        source_id = f"{sample_id}-teacher" if teacher else sample_id
    else:
        upload = st.file_uploader(
            "Report (PDF, text or Markdown)", ["pdf", "txt", "md"], key="cls_make_upload"
        )
        with st.expander("Already have an answer key file (.toml)? Load it here"):
            key_file = st.file_uploader(
                "Answer key (.toml), optional", ["toml"], key="cls_make_key"
            )
        if upload is None:
            return
        report, filename = upload.getvalue(), upload.name
        if key_file is not None:
            try:
                loaded = cls.parse_class_key(
                    key_file.getvalue().decode("utf-8", "replace"), key_file.name
                )
            except InputError as exc:
                st.error(_safe(exc.message))
        title_default, source_id = Path(filename).stem, sha256_of(report)[:12]
    # Read it now, under the same limits a student's app applies, so a pack never carries a
    # report its students cannot open and read in the app.
    try:
        document = session.read_document(sha256_of(report), filename, None, report)
    except InputError as exc:
        st.error(_safe(f"{filename}: {exc.message}"))
        return
    if source == "Upload a report":
        title_default = document_title(document) or title_default
    st.caption(
        f"{plural(len(document.pages), 'page')} read. Students read this text in the app, beside "
        "their questions."
    )

    picked = _rubric_choice("cls_make_rubric")
    if picked is None:
        return
    rubric_id, rubric_toml = picked
    title = st.text_input("Title", title_default, key=f"cls_make_title_{source_id}")
    instructions = st.text_area(
        "Instructions for students", DEFAULT_INSTRUCTIONS, key="cls_make_instructions"
    )
    teacher_notes = st.text_area(
        "Teacher notes (teacher copy only)", notes, height=200, key=f"cls_make_notes_{source_id}"
    )
    st.header("Answer key")
    st.caption(
        "For each question, pick the level you expect, how many levels either side you accept, "
        "why, and a quote that shows it. Leave a question out of the key with “not in the key”."
    )
    key = _key_editor(rubric_id, source_id, loaded)
    blind = st.checkbox(
        "Blind mode: students answer before the tool's suggestion shows",
        value=True,
        key="cls_make_blind",
    )
    released = st.checkbox("Release the answer key to students", value=False, key="cls_make_rel")
    if key is None:
        return
    try:
        pack = cls.make_pack(
            title=title,
            report=report,
            report_filename=filename,
            rubric_toml=rubric_toml,
            answer_key=key or None,
            teacher_notes=teacher_notes,
            instructions=instructions,
            blind_mode=blind,
            key_released=released,
        )
    except InputError as exc:
        st.error(_safe(exc.message))
        return
    student = cls.student_copy(pack)
    left, right = st.columns(2)
    _download(
        left,
        "Download the student copy",
        cls.dump_pack(student),
        cls.pack_filename(student),
        "application/json",
        "cls_dl_student",
        primary=True,
    )
    _download(
        right,
        "Download the teacher copy (keep it: the dashboard needs its key)",
        cls.dump_pack(pack),
        cls.pack_filename(pack),
        "application/json",
        "cls_dl_teacher",
    )
    st.caption(f"{len(key)} of the rubric's questions are in the key.")
    if key:
        _download(
            st,
            "Download the answer key alone (.toml, to reuse)",
            cls.key_to_toml(key),
            f"{cls.pack_filename(pack).removesuffix('-teacher.exercise.json')}-key.toml",
            "application/toml",
            "cls_dl_key",
        )


# --- student: do an exercise --------------------------------------------------------------------


def _start(pack: cls.ExercisePack, fresh: bool) -> None:
    """Open the pack's report in the checklist; the evaluation carries the pack's blind mode."""
    try:
        session.begin_exercise(pack, fresh=fresh)
    except InputError as exc:
        st.error(_safe(f"{pack.report_filename}: {exc.message}"))
        return
    except StoreError as exc:
        st.error(_safe(exc))
        return
    navigation.go("checklist")


def exercise_page() -> None:
    st.title("Exercise")
    upload = st.file_uploader(
        "The exercise file from your teacher (.exercise.json)", ["json"], key="cls_pack_upload"
    )
    if upload is not None:
        try:
            st.session_state[PACK] = cls.load_pack(upload.getvalue(), upload.name)
        except InputError as exc:
            st.error(_safe(exc.message))
            return
    pack: cls.ExercisePack | None = st.session_state.get(PACK)
    if pack is None:
        st.info("Open the exercise file your teacher gave you.")
        return
    st.header(_safe(pack.title))
    if pack.instructions:
        st.markdown("\n\n".join(_safe(part) for part in pack.instructions.split("\n\n")))
    blind = "on" if pack.settings.blind_mode else "off"
    key_state = "released" if pack.visible_key() else "not released"
    st.caption(
        f"Report: {_safe(pack.report_filename)} · blind mode {blind} · answer key {key_state}"
    )
    st.caption("When you have answered, come back to this page to compare and hand in.")
    fresh = st.checkbox(
        "Start afresh (on a shared computer: ignore answers saved here for this report)",
        key="cls_fresh",
    )
    if st.button("Start or continue the exercise", key="cls_start", type="primary"):
        _start(pack, fresh)
        return

    try:
        record = session.current()
    except StoreError as exc:
        st.error(_safe(str(exc)))
        return
    if problem := st.session_state.pop(session.ADDRESS_PROBLEM, None):
        st.warning(problem)
    if (
        record is None
        or record.evaluation.document_sha256 != pack.report_sha256
        or record.evaluation.blind_mode != pack.settings.blind_mode  # not this exercise's
    ):
        return
    st.header("Your answers")
    rows = tables.comparison_rows(
        record.evaluation,
        record.rubric,
        pack.visible_key(),
        session.blind_mode(record),  # the pack's, since the evaluation is this exercise's
        st.session_state.get(session.REVEALED, set()),
    )
    st.dataframe(rows, hide_index=True, key="cls_compare_rows")
    answered = sum(1 for c in record.rubric.criteria if c.id in record.evaluation.answers)
    if answered < len(record.rubric.criteria):
        st.caption(f"You have answered {answered} of {len(record.rubric.criteria)} questions.")
    alias = st.text_input("Your name or alias for the hand-in", key="cls_alias")
    if alias.strip():
        try:
            submission = cls.make_submission(alias, record.evaluation, pack)
        except InputError as exc:
            st.error(_safe(exc.message))
            return
        _download(
            st,
            "Download your submission",
            cls.dump_submission(submission),
            cls.submission_filename(submission),
            "application/json",
            "cls_dl_submission",
            primary=True,
        )


# --- teacher: the class dashboard ---------------------------------------------------------------


def _spread_chart(board: cls.Dashboard) -> None:
    """Stacked bars of the class's answers per question, the key's level outlined."""
    st.vega_lite_chart(
        cls.spread_chart(board),
        width="stretch",
        alt="Stacked bars: for each question, how many students chose each level; the answer "
        "key's level is outlined in black and named under the question",
    )


def _agreement_words(board: cls.Dashboard) -> None:
    """The two agreement figures in a sentence each: students among themselves, and with the key."""
    st.write(cls.alpha_sentence(board.class_alpha, board.class_alpha_note))
    pooled = board.class_kappa
    if pooled is not None:
        words = tables.kappa_words(pooled.kappa)
        st.write(cls.kappa_sentence(pooled.kappa, pooled.kappa_pairs, pooled.kappa_note, words))


HOLD = "hold back all (the figures leave this student out)"


def _candidate_label(candidate: cls.Candidate) -> str:
    when = (
        f"updated {candidate.updated_at:%Y-%m-%d %H:%M} UTC"
        if candidate.updated_at
        else candidate.note
    )
    return f"{candidate.name} (as {candidate.student!r}, {candidate.answered} answered, {when})"


def _conflict_choices(conflicts: list[cls.Conflict]) -> set[str]:
    """Ask which of several differing submissions under one name to count; none by default."""
    chosen: set[str] = set()
    for conflict in conflicts:
        st.error(_safe(f"Conflict: {conflict.message}."))
        options = [HOLD, *(c.ref for c in conflict.candidates)]
        labels = {c.ref: _candidate_label(c) for c in conflict.candidates}
        pick = st.radio(
            "Which one counts?",
            options,
            format_func=lambda ref, labels=labels: _safe(labels.get(ref, ref)),
            key=f"cls_conflict_{conflict.report_sha256[:12]}_{cls.student_key(conflict.student)}",
        )
        if pick != HOLD:
            chosen.add(pick)
    return chosen


def dashboard_page() -> None:
    st.title("Class dashboard")
    pack_files = st.file_uploader(
        "Teacher copies of the exercise(s)",
        ["json"],
        accept_multiple_files=True,
        key="cls_dash_packs",
    )
    packs = []
    for upload in pack_files or []:
        try:
            packs.append(cls.load_pack(upload.getvalue(), upload.name))
        except InputError as exc:
            st.error(_safe(exc.message))
    if not packs:
        st.info("Load the teacher copy of each exercise: it holds the report, rubric and key.")
        return
    rubric = packs[0].rubric()
    mismatched = [
        p.title for p in packs if (p.rubric().id, p.rubric().version) != (rubric.id, rubric.version)
    ]
    if mismatched:
        st.error(
            _safe(f"These exercises use another rubric than the first: {', '.join(mismatched)}")
        )
        return
    for p in packs:
        if p.answer_key is None:
            hint = (
                " (this is a student copy: load the teacher copy)"
                if p.audience == "student"
                else ""
            )
            st.warning(
                _safe(f"{p.title} has no answer key{hint}; it shows the spread of answers only.")
            )
    keys = {p.report_sha256: p.answer_key for p in packs}
    titles = {p.report_sha256: p.title for p in packs}

    uploads = st.file_uploader(
        "Students' submissions", ["json"], accept_multiple_files=True, key="cls_dash_subs"
    )
    files = [(u.name, u.getvalue()) for u in uploads or []]
    result = cls.import_submissions(files, rubric=rubric, reports=keys)
    keep = _conflict_choices(result.conflicts)
    if keep:
        result = cls.import_submissions(files, rubric=rubric, reports=keys, keep=keep)
    for problem in result.problems:
        st.warning(_safe(f"Skipped ({problem.kind.replace('_', ' ')}): {problem.message}"))
    for note in result.notes:
        st.info(_safe(note))
    if not result.accepted:
        st.info("Load the students' submission files.")
        return
    submissions = [item.submission for item in result.accepted]
    board = cls.class_dashboard(submissions, rubric, keys, titles)
    a, b, c, d = st.columns(4)
    a.metric("Students", board.students)
    b.metric("Submissions", board.submissions)
    c.metric("Files skipped", len(result.problems))
    alpha = "–" if board.class_alpha is None else cls.signed(board.class_alpha)
    d.metric(
        "Agreement between students (α)",
        alpha,
        help="Krippendorff's alpha (ordinal) among the students' levels, key aside: 1 is full "
        "agreement, 0 what picking levels at random gives, below 0 less than that.",
    )
    _agreement_words(board)

    st.header("Levels per question, and agreement with the key")
    _spread_chart(board)
    st.dataframe(tables.criterion_table(board), hide_index=True, key="cls_dash_criteria")
    for reason, questions in cls.kappa_reasons(board).items():
        st.caption(_safe(f"No weighted kappa for {', '.join(questions)}: {reason}."))
    st.caption(
        "Exact: same level (or both not applicable). Within one: at most one level apart. "
        "Weighted kappa (quadratic) corrects agreement for chance; its words follow Landis and "
        "Koch's convention. Kappa per student rests on at most six pairs per report: read it as "
        "a rough guide."
    )
    if board.tool is not None:
        tool = board.tool
        st.caption(
            f"The tool's own suggestions match the key exactly on {tool.exact} of "
            f"{tool.compared} questions and within one level on {tool.within_one}."
        )
    st.header("Discuss these first")
    st.dataframe(tables.item_table(board.lowest), hide_index=True, key="cls_dash_lowest")
    st.header("Per student")
    st.dataframe(tables.student_table(board), hide_index=True, key="cls_dash_students")
    table = tables.class_table_rows(submissions, rubric, keys, titles)
    _download(
        st,
        "Download the class table (CSV)",
        tables.class_table_csv(table),
        "class-table.csv",
        "text/csv",
        "cls_dl_table",
        primary=True,
    )


def pages() -> list[st.Page]:
    from . import compare  # it reuses this module's helpers

    return [
        st.Page(exercise_page, title="Exercise", url_path="exercise"),
        st.Page(make_page, title="Make exercise", url_path="make-exercise"),
        st.Page(dashboard_page, title="Class dashboard", url_path="class-dashboard"),
        st.Page(compare.page, title="Compare reports", url_path="compare"),
    ]
