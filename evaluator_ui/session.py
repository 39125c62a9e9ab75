"""What the pages share: the store, the reader's owner token, the open evaluation, and the cached
reading and analysis.

Session-state keys other modules may rely on:
- `eval_id`: id (in the store) of the evaluation being worked on;
- `owner_token`: the reader's random token (tests may set it before the first run).

Blind mode (each criterion's evidence and suggestion hidden until the reader has answered it and
clicked "Reveal") is the open evaluation's, stored with it (`blind_mode(record)`); it is never
kept in the session, so an exercise cannot leave the next ordinary evaluation blind.

The owner token lives in a browser cookie, so a refresh, a new tab or a server restart finds the
same reader; the store keeps only its hash. It separates readers sharing one server; it is not an
account: whoever has the cookie (the same browser profile) is the same reader.
"""

from __future__ import annotations

import re
import secrets
import sys
import threading
from typing import TYPE_CHECKING

import streamlit as st

from evaluator import (
    Analysis,
    Document,
    Evaluation,
    Rubric,
    analyze_apart,
    incomplete_warnings,
    warm_analysis_process,
    warm_up,
)
from evaluator.ingest import load_bytes
from evaluator.page_images import PageImage, PageImageError, render_page
from evaluator.store import (
    Record,
    Store,
    StoreError,
    default_location,
    owner_key,
    shown_location,
)
from evaluator.titles import document_title

if TYPE_CHECKING:  # only a type here: the pack pages import the classroom themselves
    from evaluator.classroom import ExercisePack

EVAL_ID = "eval_id"
STEP = "step"
REVEALED = "revealed"
WIDGET_PREFIX = "ck_"
OWNER_TOKEN = "owner_token"
OWNER_COOKIE = "evaluator_owner"
COOKIE_WRITTEN = "owner_cookie_written"
TAB_ID = "tab_id"
EVAL_PARAM = "evaluation"  # the open evaluation in the address, so a reload or restart reopens it
QUESTION_PARAM = (
    "q"  # the checklist's question (a criterion id) in the address, for the same reason
)
# the checklist's report viewer in the address: where it was opened from and its page
VIEWER_PARAMS = ("view", "page")
_DOCUMENT = "last_document"  # (where, sha256, owner) and the document: see `document`
ADDRESS_PROBLEM = "address_problem"  # a message about an address that named nothing usable
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


def _warm() -> None:
    warm_up()
    warm_analysis_process()


@st.cache_resource(show_spinner=False)
def warm_up_in_background() -> threading.Thread:
    """Start the PDF workers, the process long reports are analysed in, and read the sentence
    classifier while the reader picks a file, so the first analysis does not wait for them."""
    thread = threading.Thread(target=_warm, name="evaluator-warm-up", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    db = Store(path)
    if db.unowned_count():
        claim_code()  # printed once where the server runs
    return db


@st.cache_resource(show_spinner=False)
def claim_code() -> str:
    """A code for taking over evaluations saved before owners existed, shown only in the
    server's terminal: whoever started the server may claim them, a visitor cannot."""
    code = secrets.token_hex(6)
    print(
        f"Report evaluator: some saved evaluations predate per-reader owners. To take them over, "
        f"open History and enter this code: {code}",
        file=sys.stderr,
        flush=True,
    )
    return code


def owner_token() -> str:
    """The reader's token: from this session, else the browser's cookie, else a new one."""
    token = st.session_state.get(OWNER_TOKEN)
    if not token:
        cookie = st.context.cookies.get(OWNER_COOKIE)
        valid = isinstance(cookie, str) and _TOKEN.match(cookie)
        token = cookie if valid else secrets.token_urlsafe(32)
        st.session_state[OWNER_TOKEN] = token
    return str(token)


def tab_id() -> str:
    """This browser tab's session: drafts it wrote are its own, never another tab's."""
    return str(st.session_state.setdefault(TAB_ID, secrets.token_hex(8)))


def owner() -> str:
    """The reader's owner key in the store (a hash of the token, never the token itself)."""
    return owner_key(owner_token())


def remember_owner() -> None:
    """Keep the token in a first-party cookie (SameSite=Strict, a year) when the browser does not
    already hold it. The token is URL-safe base64, so it cannot break out of the script."""
    token = owner_token()
    if st.context.cookies.get(OWNER_COOKIE) == token or st.session_state.get(COOKIE_WRITTEN):
        return
    st.session_state[COOKIE_WRITTEN] = True
    if not _TOKEN.match(token):
        return
    url = st.context.url
    secure = "; Secure" if isinstance(url, str) and url.startswith("https:") else ""
    st.html(
        "<script>document.cookie = "
        f"'{OWNER_COOKIE}={token}; Path=/; Max-Age=31536000; SameSite=Strict{secure}';</script>",
        unsafe_allow_javascript=True,
    )


def store() -> Store:
    """The store on $EVALUATOR_DATABASE_URL's PostgreSQL server, else in the SQLite file at
    $EVALUATOR_DB or the per-user default (read on every run, so tests can point it elsewhere)."""
    return _store(default_location())


def store_place() -> tuple[str, bool]:
    """Where answers are kept, fit to show (a server's address has no password), and whether it
    is a server rather than a file on this computer."""
    return shown_location(default_location())


@st.cache_data(show_spinner=False, max_entries=8)
def read_document(sha256: str, filename: str, password: str | None, _data: bytes) -> Document:
    """Read a file once per content hash; `_data` is not hashed again (sha256 stands for it)."""
    return load_bytes(_data, filename, password or None)


@st.cache_data(show_spinner=False, max_entries=16)
def analyse(
    sha256: str, rubric_id: str, rubric_version: str, _document: Document, _rubric: Rubric
) -> Analysis:
    """Analyse once per document hash and rubric version; later steps reuse the result. A long
    report is analysed in a process of its own, where the checks can use both cores."""
    return analyze_apart(_document, _rubric)


@st.cache_data(show_spinner=False, max_entries=8)
def stored_document(db_path: str, sha256: str, owner: str) -> Document | None:
    """A document's text from the store; a hash names one text forever, so it is cached."""
    return _store(db_path).document(sha256, owner)


def document(sha256: str) -> Document | None:
    """The reader's stored copy of a report, or None (a damaged row shows no text, no error).
    The last one is also kept in the session: the cache hands out a fresh copy on every call
    (unpickled), which a long report makes slow on each step of the checklist."""
    try:
        key = (default_location(), sha256, owner())
    except StoreError:
        return None
    kept = st.session_state.get(_DOCUMENT)
    if isinstance(kept, tuple) and kept[0] == key:
        return kept[1]
    try:
        found = stored_document(*key)
    except StoreError:
        return None
    if found is not None:  # a text stored later is found on the next call
        st.session_state[_DOCUMENT] = (key, found)
    return found


@st.cache_data(show_spinner=False, max_entries=4)
def _stored_file(db_path: str, sha256: str, owner: str) -> bytes | None:
    return _store(db_path).document_file(sha256, owner)


def document_file(sha256: str) -> bytes | None:
    """The reader's stored PDF bytes of a report, or None (not a PDF, too large, from before
    they were kept, or a damaged row)."""
    try:
        return _stored_file(default_location(), sha256, owner())
    except StoreError:
        return None


@st.cache_data(show_spinner=False, max_entries=32)
def page_image(sha256: str, page: int, quote: str | None, _data: bytes) -> PageImage | str:
    """A page drawn in a separate, limited process (`_data` is the PDF `sha256` names), or why
    it could not be; a failure is kept too, so a page that takes 15 s to fail does so once."""
    try:
        return render_page(_data, page, quote)
    except PageImageError as exc:
        return str(exc)


def blind_mode(record: Record) -> bool:
    """Whether this evaluation is blind: its own setting, whatever the session did before."""
    return record.evaluation.blind_mode


def current() -> Record | None:
    """The open evaluation if it is the reader's; after a reload or a server restart the address
    names it (only its owner can open it that way)."""
    evaluation_id = st.session_state.get(EVAL_ID)
    if evaluation_id is None:
        # The address is anyone's to type or share: only a plain number is looked up, and only
        # among this reader's own evaluations.
        named = str(st.query_params.get(EVAL_PARAM, ""))
        if not named:
            return None
        if not named.isdigit() or len(named) > 18:
            _address_problem()
            return None
        evaluation_id = int(named)
    record = store().load(evaluation_id, owner())
    if record is None:
        if st.session_state.get(EVAL_ID) is None:
            _address_problem()
        st.session_state.pop(EVAL_ID, None)
        _forget_place()
    elif st.session_state.get(EVAL_ID) != record.id:
        open_evaluation(record.id, keep_question=True)
    elif st.query_params.get(EVAL_PARAM) != str(record.id):
        st.query_params[EVAL_PARAM] = str(record.id)  # a page switch clears the address
    return record


def _address_problem() -> None:
    st.session_state[ADDRESS_PROBLEM] = (
        "The address names an evaluation that is not one of yours in this browser, or no longer "
        "exists, so none was opened."
    )
    _forget_place()


def _forget_place() -> None:
    for name in (EVAL_PARAM, QUESTION_PARAM, *VIEWER_PARAMS):
        st.query_params.pop(name, None)


def open_evaluation(evaluation_id: int, *, keep_question: bool = False) -> None:
    """Make an evaluation current and forget the previous one's widgets (its unsaved choices are
    drafts in the store, so they come back when it is opened again). The checklist then opens
    at the question the address names (`keep_question`, after a reload or a restart), else at
    the first one not answered yet."""
    for key in list(st.session_state.keys()):
        if str(key).startswith(WIDGET_PREFIX):
            del st.session_state[key]
    st.session_state[EVAL_ID] = evaluation_id
    st.session_state.pop(STEP, None)
    st.session_state[REVEALED] = set()
    st.query_params[EVAL_PARAM] = str(evaluation_id)
    if not keep_question:
        for name in (QUESTION_PARAM, *VIEWER_PARAMS):
            st.query_params.pop(name, None)


def begin(
    document: Document,
    analysis: Analysis,
    rubric: Rubric,
    fresh: bool = False,
    *,
    blind: bool = False,
    title: str | None = None,
    pdf: bytes | None = None,
) -> bool:
    """Store the document and open its evaluation: the saved one for this document, rubric
    version and blind mode if there is one (returns True), else a new one (returns False).
    A new one is titled `title`, else from the report (its cover when its metadata is junk).
    `pdf`, the file's bytes, is kept with it (within the store's limit) for page images."""
    db, me = store(), owner()
    db.save_document(document, me)
    if pdf is not None and document.source == "pdf":
        db.save_document_file(document.sha256, pdf, me)
    evaluation = Evaluation(
        document_sha256=document.sha256,
        document_title=title or document_title(document),
        rubric=analysis.rubric,
        suggestions=analysis.criteria,
        analysis_incomplete=incomplete_warnings(analysis),
        relayed_claims=analysis.relayed_claims,
        blind_mode=blind,
    )
    if fresh:
        evaluation_id, existed = db.create(evaluation, rubric, me), False
    else:
        evaluation_id, existed = db.find_or_create(evaluation, rubric, me)
    open_evaluation(evaluation_id)
    return existed


def begin_exercise(pack: ExercisePack, *, fresh: bool) -> None:
    """Open an exercise pack's report as an evaluation, as `begin` does: the pack's rubric,
    title and blind mode, and its PDF kept for the page viewer. Raises InputError for the
    report and StoreError for the store; the caller says which."""
    rubric = pack.rubric()
    data = pack.report_bytes()
    document = read_document(pack.report_sha256, pack.report_filename, None, data)
    analysis = analyse(pack.report_sha256, rubric.id, rubric.version, document, rubric)
    begin(
        document,
        analysis,
        rubric,
        fresh=fresh,
        blind=pack.settings.blind_mode,
        title=pack.title,
        pdf=data,
    )
