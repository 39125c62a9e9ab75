"""Saved evaluations, so a refresh or a restart loses no answer: in a local SQLite file by
default, or on a PostgreSQL server named by $EVALUATOR_DATABASE_URL (databases.py holds both).

Tables: `documents` keeps each document's text (by sha256) so a reopened evaluation can still
show the words around its evidence, and `document_owners` says which readers stored it;
`evaluations` keeps one row per evaluation with the rubric it was made under, its owner and a
version per answer; `drafts` keeps a reader's unsaved choice per question until it is saved,
with a version of its own so one tab cannot replace another tab's unsaved choice unseen.

Every evaluation belongs to an owner: the sha256 of a random token the reader's browser holds (the
raw token is never stored). Rows made before owners existed (schema 1) have no owner: they are
kept but shown to no one until a reader claims them (see `claim_unowned`).

Every call opens its own short connection and transaction (SQLite in WAL mode), which keeps the
store safe to use from Streamlit's threads and from several app processes; a write that meets a
locked SQLite file, or a PostgreSQL serialization failure, is retried a few times with backoff.
Any database or validation error leaves this module as a StoreError with one line naming the
database; stored JSON has its nesting measured before it is parsed, so a damaged row cannot
recurse deeply.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from .classroom import live
from .classroom.packs import ExercisePack, student_copy
from .classroom.submissions import Submission, student_key
from .databases import (
    Connection,
    Engine,
    PostgresEngine,
    SqliteEngine,
    Steps,
    database_url,
    is_database_url,
    redacted,
)
from .errors import InputError, first_error
from .models import MAX_NAME, Answer, Document, Evaluation, Level, QuoteRef, Rubric, Strict
from .nesting import json_depth, too_deep

DB_ENV = "EVALUATOR_DB"
APP_DIR = "report-evaluator"
DB_NAME = "evaluations.sqlite3"
SCHEMA_VERSION = 5
MAX_TITLE = 300
"""Characters of a title a reader types (a PDF's metadata title is cut at the same length)."""

T = TypeVar("T")

# Schema 1, as shipped before owners and versions; kept to build it and to migrate from it.
_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    filename TEXT,
    title TEXT,
    source TEXT NOT NULL,
    pages INTEGER NOT NULL,
    document_json TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_sha256 TEXT NOT NULL,
    rubric_id TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    label TEXT NOT NULL,
    rubric_json TEXT NOT NULL,
    evaluation_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evaluations_key
    ON evaluations (document_sha256, rubric_id, rubric_version);
"""

# From 1 to 2: an owner per evaluation (NULL for older rows), a version per answer, drafts with
# a version each. `draft_seq` numbers an evaluation's draft writes: it never goes back, so a
# version is never reused after a draft is saved or dropped.
_MIGRATE_1_TO_2 = """
ALTER TABLE evaluations ADD COLUMN owner TEXT;
ALTER TABLE evaluations ADD COLUMN answer_versions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE evaluations ADD COLUMN draft_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS evaluations_owner ON evaluations (owner, updated_at);
CREATE TABLE IF NOT EXISTS document_owners (
    sha256 TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (sha256, owner)
);
INSERT OR IGNORE INTO document_owners (sha256, owner) SELECT sha256, '' FROM documents;
CREATE TABLE IF NOT EXISTS drafts (
    evaluation_id INTEGER NOT NULL,
    criterion_id TEXT NOT NULL,
    draft_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (evaluation_id, criterion_id)
);
"""

# From 2 to 3: blind mode is the evaluation's (issue 14), kept beside its JSON so that resuming
# finds the reader's ordinary evaluation or their blind exercise, never one for the other. Rows
# from before were never blind: their JSON has no `blind_mode` and reads as False, so the default
# 0 agrees with it.
_MIGRATE_2_TO_3 = """
ALTER TABLE evaluations ADD COLUMN blind_mode INTEGER NOT NULL DEFAULT 0;
"""

# PostgreSQL starts at schema 3: no server ever held an older one.
_PG_SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    filename TEXT,
    title TEXT,
    source TEXT NOT NULL,
    pages INTEGER NOT NULL,
    document_json TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evaluations (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    document_sha256 TEXT NOT NULL,
    rubric_id TEXT NOT NULL,
    rubric_version TEXT NOT NULL,
    label TEXT NOT NULL,
    rubric_json TEXT NOT NULL,
    evaluation_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    owner TEXT,
    answer_versions TEXT NOT NULL DEFAULT '{}',
    draft_seq INTEGER NOT NULL DEFAULT 0,
    blind_mode INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS evaluations_key
    ON evaluations (document_sha256, rubric_id, rubric_version);
CREATE INDEX IF NOT EXISTS evaluations_owner ON evaluations (owner, updated_at);
CREATE TABLE IF NOT EXISTS document_owners (
    sha256 TEXT NOT NULL,
    owner TEXT NOT NULL,
    PRIMARY KEY (sha256, owner)
);
CREATE TABLE IF NOT EXISTS drafts (
    evaluation_id BIGINT NOT NULL,
    criterion_id TEXT NOT NULL,
    draft_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (evaluation_id, criterion_id)
);
"""

# From 3 to 4, on both engines: the live classroom (issue 15). A class keeps the teacher's copy of
# its exercise pack and only a hash of the teacher link's token; a student row ties a display
# name, unique in its class, to the owner (browser) that joined and the evaluation it works in,
# and keeps what was handed in; `live_join_failures` records wrong join codes, so the limit on
# guessing holds across replicas. BIGINT is an integer to SQLite as well.
_MIGRATE_3_TO_4 = """
CREATE TABLE IF NOT EXISTS live_classes (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    report_sha256 TEXT NOT NULL,
    pack_json TEXT NOT NULL,
    key_released INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS live_students (
    class_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    display_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    evaluation_id BIGINT,
    joined_at TEXT NOT NULL,
    submitted_at TEXT,
    submission_json TEXT,
    PRIMARY KEY (class_id, name_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS live_students_owner ON live_students (class_id, owner);
CREATE INDEX IF NOT EXISTS live_students_by_owner ON live_students (owner, joined_at);
CREATE TABLE IF NOT EXISTS live_join_failures (
    session TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS live_join_failures_at ON live_join_failures (at);
CREATE INDEX IF NOT EXISTS live_join_failures_session ON live_join_failures (session, at);
"""

# From 4 to 5: a PDF's own bytes beside its text, so the checklist can show a page as printed
# (issue 14). Documents stored before have none, and their pages are shown as text.
_MIGRATE_4_TO_5 = """
CREATE TABLE IF NOT EXISTS document_files (
    sha256 TEXT PRIMARY KEY,
    data {blob} NOT NULL
);
"""
MAX_FILE_BYTES = 25 * 1024 * 1024
"""Largest PDF whose bytes are kept for page images; a larger one is shown as text only."""

_SQLITE_STEPS: Steps = {
    0: (1, _SCHEMA_V1),
    1: (2, _MIGRATE_1_TO_2),
    2: (3, _MIGRATE_2_TO_3),
    3: (4, _MIGRATE_3_TO_4),
    4: (5, _MIGRATE_4_TO_5.format(blob="BLOB")),
}
_PG_STEPS: Steps = {
    0: (3, _PG_SCHEMA_V3),
    3: (4, _MIGRATE_3_TO_4),
    4: (5, _MIGRATE_4_TO_5.format(blob="BYTEA")),
}

# A locked database is retried this many times, waiting BACKOFF × 2^attempt (plus jitter) between.
RETRIES = 6
BACKOFF = 0.05
BUSY_TIMEOUT = 5.0

Choice = Level | Literal["n/a"]


class StoreError(Exception):
    """The database cannot be used; the message is one line naming the file and the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class StaleAnswer(Exception):
    """An answer was saved elsewhere (another tab) after this one was read: nothing was written."""

    def __init__(self, criterion_id: str, current: Answer | None, version: int) -> None:
        self.criterion_id, self.current, self.version = criterion_id, current, version
        super().__init__(f"answer to {criterion_id} is at version {version}")


class StaleDraft(Exception):
    """Another tab kept an unsaved choice for this question after this one last saw the draft:
    nothing was written."""

    def __init__(self, criterion_id: str, current: Draft, version: int) -> None:
        self.criterion_id, self.current, self.version = criterion_id, current, version
        super().__init__(f"draft of {criterion_id} is at version {version}")


class Draft(Strict):
    """A reader's unsaved work on one question; `choice` counts only when `has_choice`."""

    has_choice: bool = False
    choice: Choice | None = None
    justification: str | None = None
    dismissed: list[QuoteRef] = Field(default_factory=list)
    added: list[QuoteRef] = Field(default_factory=list)
    base_version: int = Field(default=0, ge=0, description="answer version the draft started from")
    version: int = Field(default=0, ge=0, exclude=True, description="kept in its own column")
    tab: str = Field(default="", max_length=64, description="the browser tab that wrote it")


EvidenceEdit = Literal["dismiss", "restore", "add", "remove"]


@dataclass(frozen=True)
class Record:
    id: int
    label: str
    evaluation: Evaluation
    rubric: Rubric
    versions: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, Draft] = field(default_factory=dict)

    def version(self, criterion_id: str) -> int:
        return self.versions.get(criterion_id, 0)


@dataclass(frozen=True)
class Listing:
    """One row of the history: enough to choose, without parsing every evaluation."""

    id: int
    label: str
    document_sha256: str
    rubric_id: str
    rubric_version: str
    answered: int
    total: int
    has_document: bool
    updated_at: str
    damaged: bool = False
    blind_mode: bool = False


def default_db_path(env: dict[str, str] | None = None) -> Path:
    """$EVALUATOR_DB, else the per-user data folder (XDG on Unix, %APPDATA% on Windows)."""
    env = dict(os.environ) if env is None else env
    if env.get(DB_ENV):
        return Path(env[DB_ENV]).expanduser()
    if os.name == "nt" and env.get("APPDATA"):
        base = Path(env["APPDATA"])
    elif env.get("XDG_DATA_HOME"):
        base = Path(env["XDG_DATA_HOME"])
    else:
        base = Path(env.get("HOME") or Path.home()) / ".local" / "share"
    return base / APP_DIR / DB_NAME


def default_location(env: dict[str, str] | None = None) -> str:
    """Where the app keeps evaluations: $EVALUATOR_DATABASE_URL (PostgreSQL) when set, else the
    SQLite file of `default_db_path`. A malformed address is a StoreError, not a silent file."""
    try:
        url = database_url(env)
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    return url or str(default_db_path(env))


def shown_location(location: str) -> tuple[str, bool]:
    """Where answers are kept, fit to show a reader (a server's address loses its password), and
    whether that is a database server rather than a file on this computer."""
    if is_database_url(location):
        return redacted(location), True
    return location, False


def owner_key(token: str) -> str:
    """What the store keeps of a reader's token: its sha256, so the file never holds the token."""
    if not token:
        raise ValueError("an owner token cannot be empty")
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _answered(evaluation: Evaluation) -> int:
    ids = {s.id for s in evaluation.suggestions} or set(evaluation.answers)
    return sum(1 for key in evaluation.answers if key in ids)


def _apply_edit(
    dismissed: list[QuoteRef], added: list[QuoteRef], edit: EvidenceEdit, ref: QuoteRef
):
    """One evidence change applied to the lists as stored now, so no tab's stale list wins."""
    dismissed, added = list(dismissed), list(added)
    if edit == "dismiss" and ref not in dismissed:
        dismissed.append(ref)
    elif edit == "restore":
        dismissed = [d for d in dismissed if d != ref]
    elif edit == "add" and ref not in added:
        added.append(ref)
    elif edit == "remove":
        added = [a for a in added if a != ref]
    return dismissed, added


class Store:
    """Evaluations in an SQLite file (a path) or on a PostgreSQL server (a postgresql://
    address)."""

    def __init__(
        self, location: Path | str, *, busy_timeout: float = BUSY_TIMEOUT, retries: int = RETRIES
    ) -> None:
        self.retries = retries
        self._sleep: Callable[[float], None] = time.sleep  # tests replace it
        self.engine: Engine
        if is_database_url(location):
            try:
                self.engine = PostgresEngine(str(location))
            except ImportError:
                raise StoreError(
                    "a PostgreSQL address was given but psycopg is not installed"
                ) from None
            steps = _PG_STEPS
        else:
            path = Path(location)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
            self.engine = SqliteEngine(path, busy_timeout)
            steps = _SQLITE_STEPS
        self.where = self.engine.where
        self.location: Path | str = location if is_database_url(location) else Path(location)
        self._run(lambda conn: self._migrate(conn, steps), write=True)
        if isinstance(self.engine, SqliteEngine):
            try:
                self.engine.use_wal()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.where}: cannot switch to WAL mode ({exc})") from None

    def _migrate(self, conn: Connection, steps: Steps) -> None:
        version = self.engine.schema_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.where}: made by a newer version of this app "
                f"(schema {version}, this app reads {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            self.engine.upgrade(conn, steps, SCHEMA_VERSION)

    # --- connections ------------------------------------------------------------------------

    def _run(self, work: Callable[[Connection], T], *, write: bool = False) -> T:
        """Run `work` in one transaction, retrying a locked or conflicting write with backoff;
        any database or validation error becomes a one-line StoreError."""
        attempt = 0
        while True:
            try:
                with self.engine.transaction(write) as conn:
                    return work(conn)
            except self.engine.errors as exc:
                if self.engine.retryable(exc) and attempt < self.retries:
                    self._sleep(BACKOFF * 2**attempt * (1 + random.random()))
                    attempt += 1
                    continue
                raise StoreError(f"{self.where}: {self._reason(exc)}") from None
            except ValidationError as exc:
                raise StoreError(
                    f"{self.where}: a stored row is damaged ({first_error(exc, exc.title)})"
                ) from None
            except DamagedRow as exc:
                raise StoreError(f"{self.where}: a stored row is damaged ({exc})") from None
            except RecursionError:  # a backstop: stored JSON is depth-checked before parsing
                raise StoreError(
                    f"{self.where}: a stored row is damaged (nested too deeply)"
                ) from None

    def _reason(self, exc: BaseException) -> str:
        if self.engine.retryable(exc):
            return f"still busy after {self.retries} retries ({exc}); nothing was saved"
        return self.engine.reason(exc)

    # --- documents --------------------------------------------------------------------------

    def save_document(self, document: Document, owner: str) -> None:
        def work(conn: Connection) -> None:
            conn.execute(
                "INSERT INTO documents (sha256, filename, title, source, pages, document_json, "
                "stored_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET "
                "filename = excluded.filename, title = excluded.title, source = excluded.source, "
                "pages = excluded.pages, document_json = excluded.document_json, "
                "stored_at = excluded.stored_at",
                (
                    document.sha256,
                    document.filename,
                    document.title,
                    document.source,
                    len(document.pages),
                    document.model_dump_json(),
                    _now(),
                ),
            )
            conn.execute(
                "INSERT INTO document_owners (sha256, owner) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (document.sha256, owner),
            )

        self._run(work, write=True)

    def document(self, sha256: str, owner: str) -> Document | None:
        """A document's text, for a reader who stored it (a hash alone does not open it)."""

        def work(conn: Connection) -> Document | None:
            row = conn.execute(
                "SELECT d.document_json FROM documents d JOIN document_owners o "
                "ON o.sha256 = d.sha256 WHERE d.sha256 = ? AND o.owner = ?",
                (sha256, owner),
            ).fetchone()
            return _parse(Document, row[0]) if row else None

        return self._run(work)

    def save_document_file(self, sha256: str, data: bytes, owner: str) -> bool:
        """Keep a PDF's bytes beside its stored text, for page images. Not kept (False) when
        larger than MAX_FILE_BYTES, when they are not that document's (another hash), or when
        this reader has not stored the document."""
        if len(data) > MAX_FILE_BYTES or hashlib.sha256(data).hexdigest() != sha256:
            return False

        def work(conn: Connection) -> bool:
            owned = conn.execute(
                "SELECT 1 FROM document_owners WHERE sha256 = ? AND owner = ?", (sha256, owner)
            ).fetchone()
            if owned is None:
                return False
            conn.execute(
                "INSERT INTO document_files (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (sha256, data),
            )
            return True

        return self._run(work, write=True)

    def document_file(self, sha256: str, owner: str) -> bytes | None:
        """A stored PDF's bytes, for a reader who stored the document; None if not kept."""

        def work(conn: Connection) -> bytes | None:
            row = conn.execute(
                "SELECT f.data FROM document_files f JOIN document_owners o "
                "ON o.sha256 = f.sha256 WHERE f.sha256 = ? AND o.owner = ?",
                (sha256, owner),
            ).fetchone()
            return bytes(row[0]) if row else None

        return self._run(work)

    # --- evaluations ------------------------------------------------------------------------

    def create(
        self, evaluation: Evaluation, rubric: Rubric, owner: str, label: str | None = None
    ) -> int:
        return self._create(evaluation, rubric, owner, label, reuse=False)[0]

    def find_or_create(
        self, evaluation: Evaluation, rubric: Rubric, owner: str
    ) -> tuple[int, bool]:
        """The owner's evaluation of this document under this rubric version, created from
        `evaluation` if there is none; True when it existed. One transaction, so a double click
        on Analyse cannot make two."""
        return self._create(evaluation, rubric, owner, None, reuse=True)

    def _create(
        self, evaluation: Evaluation, rubric: Rubric, owner: str, label: str | None, reuse: bool
    ) -> tuple[int, bool]:
        if (rubric.id, rubric.version) != (evaluation.rubric.id, evaluation.rubric.version):
            raise ValueError(
                f"evaluation is for rubric {evaluation.rubric.id} v{evaluation.rubric.version}, "
                f"not {rubric.id} v{rubric.version}"
            )
        label = label or evaluation.document_title or evaluation.document_sha256[:12]
        versions = json.dumps(dict.fromkeys(evaluation.answers, 1))
        now = _now()

        def work(conn: Connection) -> tuple[int, bool]:
            if reuse and (
                found := self._find(
                    conn,
                    evaluation.document_sha256,
                    rubric.id,
                    rubric.version,
                    owner,
                    evaluation.blind_mode,
                )
            ):
                return found, True
            cursor = conn.execute(
                "INSERT INTO evaluations (document_sha256, rubric_id, rubric_version, label, "
                "rubric_json, evaluation_json, created_at, updated_at, owner, answer_versions, "
                "blind_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    evaluation.document_sha256,
                    rubric.id,
                    rubric.version,
                    label,
                    rubric.model_dump_json(by_alias=True),
                    evaluation.model_dump_json(),
                    now,
                    now,
                    owner,
                    versions,
                    int(evaluation.blind_mode),
                ),
            )
            return int(cursor.fetchone()[0]), False

        return self._run(work, write=True)

    @staticmethod
    def _find(
        conn: Connection,
        sha256: str,
        rubric_id: str,
        rubric_version: str,
        owner: str,
        blind_mode: bool = False,
    ) -> int | None:
        row = conn.execute(
            "SELECT id FROM evaluations WHERE document_sha256 = ? AND rubric_id = ? "
            "AND rubric_version = ? AND owner = ? AND blind_mode = ? "
            "ORDER BY updated_at DESC, id DESC LIMIT 1",
            (sha256, rubric_id, rubric_version, owner, int(blind_mode)),
        ).fetchone()
        return int(row[0]) if row else None

    def find(
        self,
        sha256: str,
        rubric_id: str,
        rubric_version: str,
        owner: str,
        blind_mode: bool = False,
    ) -> int | None:
        """The owner's most recently changed evaluation with this key (blind or not), if any."""
        return self._run(
            lambda conn: self._find(conn, sha256, rubric_id, rubric_version, owner, blind_mode)
        )

    def _row(self, conn: Connection, evaluation_id: int, owner: str) -> tuple | None:
        return conn.execute(
            "SELECT id, label, evaluation_json, rubric_json, answer_versions FROM evaluations "
            "WHERE id = ? AND owner = ?",
            (evaluation_id, owner),
        ).fetchone()

    def _drafts(self, conn: Connection, evaluation_id: int) -> dict[str, Draft]:
        rows = conn.execute(
            "SELECT criterion_id, draft_json, version FROM drafts WHERE evaluation_id = ?",
            (evaluation_id,),
        ).fetchall()
        return {
            row[0]: _parse(Draft, row[1]).model_copy(update={"version": int(row[2])})
            for row in rows
        }

    def load(self, evaluation_id: int, owner: str) -> Record | None:
        """The owner's evaluation with its answer versions and drafts; None if it is not theirs."""

        def work(conn: Connection) -> Record | None:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                return None
            try:
                return Record(
                    id=row[0],
                    label=row[1],
                    evaluation=_parse(Evaluation, row[2]),
                    rubric=_parse(Rubric, row[3]),
                    versions=_versions(row[4]),
                    drafts=self._drafts(conn, evaluation_id),
                )
            except (ValidationError, ValueError) as exc:
                reason = (
                    first_error(exc, exc.title) if isinstance(exc, ValidationError) else str(exc)
                )
                raise StoreError(
                    f"{self.where}: evaluation {evaluation_id} is damaged ({reason})"
                ) from None

        return self._run(work)

    def rubric(self, rubric_id: str, rubric_version: str) -> Rubric | None:
        """A rubric some stored evaluation was made under (it may no longer be on disk)."""

        def work(conn: Connection) -> Rubric | None:
            row = conn.execute(
                "SELECT rubric_json FROM evaluations WHERE rubric_id = ? AND rubric_version = ? "
                "LIMIT 1",
                (rubric_id, rubric_version),
            ).fetchone()
            return _parse(Rubric, row[0]) if row else None

        return self._run(work)

    def save_answer(
        self,
        evaluation_id: int,
        answer: Answer,
        owner: str,
        *,
        expected_version: int | None = None,
        expected_draft: int | None = None,
        tab: str = "",
        evidence_from_store: bool = False,
    ) -> tuple[Evaluation, int]:
        """Add or replace one answer under the write lock; returns the evaluation and the
        answer's new version. With `expected_version`, an answer saved elsewhere since then
        raises StaleAnswer and nothing is written; with `expected_draft`, so does an unsaved
        choice kept by another tab since (StaleDraft), as saving drops the draft (`tab` names
        this tab: its own draft is never another's). With
        `evidence_from_store`, the dismissed and added quotes are taken from the stored draft or
        answer, so a stale tab cannot replace them. The question's draft is dropped once its
        answer is saved."""

        def work(conn: Connection) -> tuple[Evaluation, int]:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                raise KeyError(evaluation_id)
            evaluation = _parse(Evaluation, row[2])
            versions = _versions(row[4])
            key = answer.criterion_id
            current = versions.get(key, 0)
            if expected_version is not None and expected_version != current:
                raise StaleAnswer(key, evaluation.answers.get(key), current)
            draft = self._drafts(conn, evaluation_id).get(key)
            _check_draft(key, draft, expected_draft, tab)
            saved = answer
            if evidence_from_store:
                old = evaluation.answers.get(key)
                if draft is not None:
                    lists = {"dismissed_evidence": draft.dismissed, "added_evidence": draft.added}
                elif old is not None:
                    lists = {
                        "dismissed_evidence": old.dismissed_evidence,
                        "added_evidence": old.added_evidence,
                    }
                else:
                    lists = {"dismissed_evidence": [], "added_evidence": []}
                saved = answer.model_copy(update=lists)
            evaluation = evaluation.model_copy(
                update={
                    "answers": {**evaluation.answers, key: saved},
                    "updated_at": datetime.now(UTC),
                }
            )
            versions[key] = current + 1
            self._write(conn, evaluation_id, evaluation, versions)
            conn.execute(
                "DELETE FROM drafts WHERE evaluation_id = ? AND criterion_id = ?",
                (evaluation_id, key),
            )
            return evaluation, current + 1

        return self._run(work, write=True)

    def _write(
        self,
        conn: Connection,
        evaluation_id: int,
        evaluation: Evaluation,
        versions: dict[str, int],
    ) -> None:
        conn.execute(
            "UPDATE evaluations SET evaluation_json = ?, answer_versions = ?, updated_at = ?, "
            "blind_mode = ? WHERE id = ?",
            (
                evaluation.model_dump_json(),
                json.dumps(versions),
                _now(),
                int(evaluation.blind_mode),
                evaluation_id,
            ),
        )

    def edit_evidence(
        self, evaluation_id: int, criterion_id: str, owner: str, edit: EvidenceEdit, ref: QuoteRef
    ) -> None:
        """Dismiss, restore, add or remove one quote in the stored answer and in the draft, as
        one change applied to what is stored now (two tabs' edits merge; none replaces a list).
        Without an answer or a draft, the change starts a draft."""

        def work(conn: Connection) -> None:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                raise KeyError(evaluation_id)
            evaluation = _parse(Evaluation, row[2])
            versions = _versions(row[4])
            answer = evaluation.answers.get(criterion_id)
            draft = self._drafts(conn, evaluation_id).get(criterion_id)
            if answer is not None:
                dismissed, added = _apply_edit(
                    answer.dismissed_evidence, answer.added_evidence, edit, ref
                )
                answer = answer.model_copy(
                    update={"dismissed_evidence": dismissed, "added_evidence": added}
                )
                evaluation = evaluation.model_copy(
                    update={
                        "answers": {**evaluation.answers, criterion_id: answer},
                        "updated_at": datetime.now(UTC),
                    }
                )
                self._write(conn, evaluation_id, evaluation, versions)
            if draft is None and answer is None:
                draft = Draft()
            if draft is not None:
                dismissed, added = _apply_edit(draft.dismissed, draft.added, edit, ref)
                draft = draft.model_copy(update={"dismissed": dismissed, "added": added})
                self._put_draft(conn, evaluation_id, criterion_id, draft)

        self._run(work, write=True)

    def _put_draft(
        self, conn: Connection, evaluation_id: int, criterion_id: str, draft: Draft
    ) -> None:
        conn.execute(
            "INSERT INTO drafts (evaluation_id, criterion_id, draft_json, updated_at, version) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (evaluation_id, criterion_id) DO UPDATE SET "
            "draft_json = excluded.draft_json, updated_at = excluded.updated_at, "
            "version = excluded.version",
            (evaluation_id, criterion_id, draft.model_dump_json(), _now(), draft.version),
        )

    def save_draft(
        self,
        evaluation_id: int,
        criterion_id: str,
        owner: str,
        choice: Choice | None,
        justification: str,
        base_version: int,
        *,
        has_choice: bool = True,
        expected_draft: int | None = None,
        tab: str = "",
    ) -> int:
        """Keep an unsaved choice and justification (`has_choice` False: they match what is
        saved, so nothing is pending); the evidence lists stay as stored. Returns the draft's
        new version. With `expected_draft` (the version this tab last saw, 0 for none), an
        unsaved choice another tab kept since raises StaleDraft and nothing is written. `tab`
        names the writer: a tab's own draft never conflicts with it, even when a rerun cut
        short the bookkeeping of the version it wrote."""

        def work(conn: Connection) -> int:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                raise KeyError(evaluation_id)
            draft = self._drafts(conn, evaluation_id).get(criterion_id)
            _check_draft(criterion_id, draft, expected_draft, tab)
            version = (
                conn.execute(
                    "SELECT draft_seq FROM evaluations WHERE id = ?", (evaluation_id,)
                ).fetchone()[0]
                + 1
            )
            conn.execute(
                "UPDATE evaluations SET draft_seq = ? WHERE id = ?", (version, evaluation_id)
            )
            if draft is None:
                answer = _parse(Evaluation, row[2]).answers.get(criterion_id)
                draft = Draft(
                    dismissed=answer.dismissed_evidence if answer else [],
                    added=answer.added_evidence if answer else [],
                )
            draft = Draft.model_validate(
                {
                    **draft.model_dump(),
                    "has_choice": has_choice,
                    "choice": choice,
                    "justification": justification,
                    "base_version": base_version,
                    "version": version,
                    "tab": tab,
                }
            )
            self._put_draft(conn, evaluation_id, criterion_id, draft)
            return version

        return self._run(work, write=True)

    def discard_draft(
        self,
        evaluation_id: int,
        criterion_id: str,
        owner: str,
        *,
        expected_draft: int | None = None,
        tab: str = "",
    ) -> None:
        """Forget an unsaved choice and justification (evidence edits on an answer stay); with
        `expected_draft`, another tab's unsaved choice made since raises StaleDraft instead."""

        def work(conn: Connection) -> None:
            if self._row(conn, evaluation_id, owner) is not None:
                draft = self._drafts(conn, evaluation_id).get(criterion_id)
                _check_draft(criterion_id, draft, expected_draft, tab)
                conn.execute(
                    "DELETE FROM drafts WHERE evaluation_id = ? AND criterion_id = ?",
                    (evaluation_id, criterion_id),
                )

        self._run(work, write=True)

    def update(self, evaluation_id: int, evaluation: Evaluation, owner: str) -> Evaluation:
        """Replace a whole evaluation (every answer's version moves on)."""
        evaluation = evaluation.model_copy(update={"updated_at": datetime.now(UTC)})

        def work(conn: Connection) -> None:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                raise KeyError(evaluation_id)
            versions = _versions(row[4])
            for key in set(versions) | set(evaluation.answers):
                versions[key] = versions.get(key, 0) + 1
            self._write(conn, evaluation_id, evaluation, versions)

        self._run(work, write=True)
        return evaluation

    def set_details(
        self, evaluation_id: int, owner: str, *, title: str, evaluator_name: str
    ) -> Evaluation:
        """Set the evaluation's title and evaluator's name (blank: none), kept in its JSON, so
        no column and no migration are needed; the label History lists follows the title."""
        title = " ".join(title.split())[:MAX_TITLE]
        name = " ".join(evaluator_name.split())[:MAX_NAME]

        def work(conn: Connection) -> Evaluation:
            row = self._row(conn, evaluation_id, owner)
            if row is None:
                raise KeyError(evaluation_id)
            evaluation = Evaluation.model_validate(
                {
                    **_parse(Evaluation, row[2]).model_dump(),
                    "document_title": title or None,
                    "evaluator_name": name or None,
                    "updated_at": datetime.now(UTC),
                }
            )
            self._write(conn, evaluation_id, evaluation, _versions(row[4]))
            label = title or evaluation.document_sha256[:12]
            conn.execute("UPDATE evaluations SET label = ? WHERE id = ?", (label, evaluation_id))
            return evaluation

        return self._run(work, write=True)

    def duplicate(self, evaluation_id: int, owner: str) -> int:
        record = self.load(evaluation_id, owner)
        if record is None:
            raise KeyError(evaluation_id)
        now = datetime.now(UTC)
        copy = record.evaluation.model_copy(update={"created_at": now, "updated_at": now})
        return self.create(copy, record.rubric, owner, label=f"{record.label} (copy)")

    def rename(self, evaluation_id: int, label: str, owner: str) -> None:
        self._run(
            lambda conn: conn.execute(
                "UPDATE evaluations SET label = ? WHERE id = ? AND owner = ?",
                (label, evaluation_id, owner),
            ),
            write=True,
        )

    def delete(self, evaluation_id: int, owner: str) -> bool:
        """Remove an evaluation and its drafts, and its document when nothing else uses it."""

        def work(conn: Connection) -> bool:
            row = conn.execute(
                "SELECT document_sha256 FROM evaluations WHERE id = ? AND owner = ?",
                (evaluation_id, owner),
            ).fetchone()
            if row is None:
                return False
            sha = row[0]
            conn.execute("DELETE FROM evaluations WHERE id = ?", (evaluation_id,))
            conn.execute("DELETE FROM drafts WHERE evaluation_id = ?", (evaluation_id,))
            conn.execute(
                "DELETE FROM document_owners WHERE sha256 = ? AND owner = ? AND NOT EXISTS "
                "(SELECT 1 FROM evaluations WHERE document_sha256 = ? AND owner = ?)",
                (sha, owner, sha, owner),
            )
            for table in ("documents", "document_files"):  # no one's evaluation reads it now
                conn.execute(
                    f"DELETE FROM {table} WHERE sha256 = ? AND NOT EXISTS "
                    "(SELECT 1 FROM evaluations WHERE document_sha256 = ?)",
                    (sha, sha),
                )
            return True

        return self._run(work, write=True)

    def listing(self, owner: str) -> list[Listing]:
        """The owner's evaluations, most recently changed first; a damaged row is listed as such
        rather than hiding the others."""

        def work(conn: Connection) -> list[tuple]:
            return conn.execute(
                "SELECT e.id, e.label, e.document_sha256, e.rubric_id, e.rubric_version, "
                "e.evaluation_json, o.sha256 IS NOT NULL, e.updated_at, e.blind_mode "
                "FROM evaluations e "
                "LEFT JOIN document_owners o ON o.sha256 = e.document_sha256 AND o.owner = ? "
                "WHERE e.owner = ? ORDER BY e.updated_at DESC, e.id DESC",
                (owner, owner),
            ).fetchall()

        out = []
        for row in self._run(work):
            damaged = False
            try:
                evaluation = _parse(Evaluation, row[5])
                answered, total = _answered(evaluation), len(evaluation.suggestions)
            except (ValidationError, ValueError):
                answered, total, damaged = 0, 0, True
            out.append(
                Listing(
                    id=row[0],
                    label=row[1],
                    document_sha256=row[2],
                    rubric_id=row[3],
                    rubric_version=row[4],
                    answered=answered,
                    total=total,
                    has_document=bool(row[6]),
                    updated_at=row[7],
                    damaged=damaged,
                    blind_mode=bool(row[8]),
                )
            )
        return out

    # --- rows made before owners existed ----------------------------------------------------

    def unowned_count(self) -> int:
        """How many evaluations were saved before owners existed (schema 1) and are unclaimed."""
        return self._run(
            lambda conn: conn.execute(
                "SELECT count(*) FROM evaluations WHERE owner IS NULL"
            ).fetchone()[0]
        )

    def claim_unowned(self, owner: str) -> int:
        """Give every unclaimed evaluation (and its documents) to `owner`; returns how many.

        The app lets a reader do this only with a code printed where the server was started, so
        on a shared server nobody can take over another person's older work by clicking."""

        def work(conn: Connection) -> int:
            conn.execute(
                "INSERT INTO document_owners (sha256, owner) SELECT DISTINCT "
                "document_sha256, ? FROM evaluations WHERE owner IS NULL ON CONFLICT DO NOTHING",
                (owner,),
            )
            return conn.execute(
                "UPDATE evaluations SET owner = ? WHERE owner IS NULL", (owner,)
            ).rowcount

        return self._run(work, write=True)

    # --- live classroom (schema 4, issue 15) ------------------------------------------------
    # The rules (codes, tokens, names, the guessing limit) are evaluator.classroom.live's; these
    # methods apply them in one transaction each. A student reaches a class only through its join
    # code and then only their own row (by owner); everything else needs the teacher's token.

    def create_live_class(
        self, pack: ExercisePack, token_hash: str, expires_at: datetime
    ) -> LiveClass:
        """A class for `pack` (the teacher's copy); a fresh join code is drawn until it is
        unused. Only the token's hash is given, so the database never holds the token. The key
        starts held back whatever the pack says (a released key closes hand-ins): the teacher
        releases it from the class's page."""
        pack_json = pack.model_dump_json()
        created = _now()
        expires = expires_at.astimezone(UTC).isoformat(timespec="microseconds")

        def work(conn: Connection) -> tuple[str, str]:
            for _ in range(20):
                class_id, code = live.new_class_id(), live.new_join_code()
                taken = conn.execute(
                    "SELECT 1 FROM live_classes WHERE code = ? OR id = ?", (code, class_id)
                ).fetchone()
                if taken is None:
                    conn.execute(
                        "INSERT INTO live_classes (id, code, token_hash, title, report_sha256, "
                        "pack_json, key_released, created_at, expires_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            class_id,
                            code,
                            token_hash,
                            pack.title,
                            pack.report_sha256,
                            pack_json,
                            0,
                            created,
                            expires,
                        ),
                    )
                    return class_id, code
            raise StoreError(f"{self.where}: no unused join code found; try again")

        class_id, code = self._run(work, write=True)
        return LiveClass(
            id=class_id,
            code=code,
            title=pack.title,
            pack=pack,
            key_released=False,
            expires_at=expires,
        )

    def _live_class_row(self, conn: Connection, class_id: str, token: str | None) -> tuple | None:
        """The class's row if `token` is its teacher's; an unknown class and a wrong token are
        the same None, so the answer says nothing about which classes exist."""
        row = conn.execute(
            "SELECT id, code, token_hash, title, pack_json, key_released, expires_at "
            "FROM live_classes WHERE id = ?",
            (str(class_id)[:64],),
        ).fetchone()
        if row is None:
            live.token_matches(token, "0" * 64)  # the same work as for a class that exists
            return None
        return row if live.token_matches(token, row[2]) else None

    def live_class(self, class_id: str, token: str | None) -> LiveClass | None:
        """The class with its key and notes, for whoever holds the teacher link's token."""

        def work(conn: Connection) -> LiveClass | None:
            row = self._live_class_row(conn, class_id, token)
            if row is None:
                return None
            return LiveClass(
                id=row[0],
                code=row[1],
                title=row[3],
                pack=_parse(ExercisePack, row[4]),
                key_released=bool(row[5]),
                expires_at=row[6],
            )

        return self._run(work)

    def release_live_key(self, class_id: str, token: str | None, released: bool) -> bool:
        """Show (or hide again) the answer key to the class's students; False when the token is
        not the teacher's. A class without a key has nothing to release."""

        def work(conn: Connection) -> bool:
            row = self._live_class_row(conn, class_id, token)
            if row is None:
                return False
            if released and not _parse(ExercisePack, row[4]).answer_key:
                raise InputError("no_key", "this class has no answer key to release")
            conn.execute(
                "UPDATE live_classes SET key_released = ? WHERE id = ?", (int(released), row[0])
            )
            return True

        return self._run(work, write=True)

    def join_live_class(
        self,
        typed_code: str,
        name: str,
        owner: str,
        *,
        session: str,
        now: datetime | None = None,
        limits: live.JoinLimits | None = None,
    ) -> Membership:
        """Join the class whose code was typed, under a display name unique in the class; the
        same browser (owner) joining again gets its place back, under the name it chose first.

        Raises InputError: `rate_limited` once too many wrong codes came from this `session`
        (or from everyone) within the window, `wrong_code` (recorded against the limit),
        `expired_code`, `name_taken`, `bad_name`."""
        name = live.display_name(name)
        name_key = student_key(name)
        limits = limits or live.JoinLimits()
        now = now or datetime.now(UTC)
        stamp = now.astimezone(UTC).isoformat(timespec="microseconds")
        since = (now - limits.window).astimezone(UTC).isoformat(timespec="microseconds")
        session = hashlib.sha256(session.encode("utf-8")).hexdigest()

        def work(conn: Connection) -> tuple[str, str] | str:
            conn.execute("DELETE FROM live_join_failures WHERE at < ?", (since,))
            mine, everyone = conn.execute(
                "SELECT count(CASE WHEN session = ? THEN 1 END), count(*) "
                "FROM live_join_failures WHERE at >= ?",
                (session, since),
            ).fetchone()
            decision = live.join_decision(int(mine), int(everyone), limits)
            if not decision.allowed:
                return "rate_limited", decision.message
            code = live.normalise_code(typed_code)
            row = (
                None
                if code is None
                else conn.execute(
                    "SELECT id, expires_at FROM live_classes WHERE code = ?", (code,)
                ).fetchone()
            )
            if row is None:
                conn.execute(
                    "INSERT INTO live_join_failures (session, at) VALUES (?, ?)", (session, stamp)
                )
                left = limits.per_session - int(mine) - 1
                return (
                    "wrong_code",
                    "No class has this code: check it with your teacher (a code looks like "
                    f"ABCD-EFGH). {left} more tries from this browser for now.",
                )
            class_id = row[0]
            if row[1] < stamp:
                return "expired_code", "This class's join code has expired: ask your teacher."
            if conn.execute(
                "SELECT 1 FROM live_students WHERE class_id = ? AND owner = ?", (class_id, owner)
            ).fetchone():
                return class_id
            if conn.execute(
                "SELECT 1 FROM live_students WHERE class_id = ? AND name_key = ?",
                (class_id, name_key),
            ).fetchone():
                return "name_taken", "Someone in this class already uses that name: choose another."
            conn.execute(
                "INSERT INTO live_students (class_id, name_key, display_name, owner, joined_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (class_id, name_key, name, owner, stamp),
            )
            return class_id

        outcome = self._run(work, write=True)
        if isinstance(outcome, tuple):
            raise InputError(*outcome)
        membership = self.membership(outcome, owner)
        assert membership is not None  # joined in the transaction above
        return membership

    _MEMBERSHIP_SQL = (
        "SELECT s.class_id, s.display_name, s.evaluation_id, s.submitted_at, c.title, "
        "c.pack_json, c.key_released FROM live_students s JOIN live_classes c "
        "ON c.id = s.class_id WHERE s.owner = ?"
    )

    def membership(self, class_id: str, owner: str) -> Membership | None:
        """This owner's place in a class, with the student copy of its exercise (no notes; the
        key only once released); None if they have not joined it."""

        def work(conn: Connection) -> Membership | None:
            row = conn.execute(
                self._MEMBERSHIP_SQL + " AND s.class_id = ?", (owner, str(class_id)[:64])
            ).fetchone()
            return _membership(row) if row else None

        return self._run(work)

    def memberships(self, owner: str) -> list[Membership]:
        """The classes this owner joined, the latest first."""
        return self._run(
            lambda conn: [
                _membership(row)
                for row in conn.execute(
                    self._MEMBERSHIP_SQL + " ORDER BY s.joined_at DESC", (owner,)
                ).fetchall()
            ]
        )

    def link_live_evaluation(self, class_id: str, owner: str, evaluation_id: int) -> bool:
        """Record the evaluation the student answers the class in; only one of their own."""

        def work(conn: Connection) -> bool:
            cursor = conn.execute(
                "UPDATE live_students SET evaluation_id = ? WHERE class_id = ? AND owner = ? "
                "AND EXISTS (SELECT 1 FROM evaluations WHERE id = ? AND owner = ?)",
                (evaluation_id, class_id, owner, evaluation_id, owner),
            )
            return cursor.rowcount == 1

        return self._run(work, write=True)

    def submit_live(self, class_id: str, owner: str) -> Submission:
        """Hand in the student's evaluation as it is saved now (again: the later hand-in
        replaces theirs, never anyone else's). InputError when there is nothing to hand in, or
        once the teacher has released the key."""

        def work(conn: Connection) -> Submission:
            row = conn.execute(
                "SELECT s.display_name, s.evaluation_id, c.title, c.report_sha256, "
                "c.key_released FROM live_students s JOIN live_classes c ON c.id = s.class_id "
                "WHERE s.class_id = ? AND s.owner = ?",
                (class_id, owner),
            ).fetchone()
            if row is None:
                raise InputError("not_joined", "you have not joined this class")
            if row[4]:  # answers changed after reading the key would not be the student's own
                raise InputError(
                    "key_released",
                    "your teacher has released the answer key, so hand-ins are closed",
                )
            found = None if row[1] is None else self._row(conn, int(row[1]), owner)
            if found is None:
                raise InputError("nothing_to_submit", "start the exercise before handing it in")
            evaluation = _parse(Evaluation, found[2])
            if evaluation.document_sha256 != row[3]:
                raise InputError("other_report", "this evaluation is not of the class's report")
            submission = Submission(student=row[0], pack_title=row[2], evaluation=evaluation)
            conn.execute(
                "UPDATE live_students SET submitted_at = ?, submission_json = ? "
                "WHERE class_id = ? AND owner = ?",
                (_now(), submission.model_dump_json(), class_id, owner),
            )
            return submission

        return self._run(work, write=True)

    def live_results(self, class_id: str, token: str | None) -> LiveResults | None:
        """Everyone who joined, how far they are, and what was handed in: for the teacher's
        token only (None otherwise)."""

        def work(conn: Connection) -> LiveResults | None:
            row = self._live_class_row(conn, class_id, token)
            if row is None:
                return None
            rows = conn.execute(
                "SELECT s.display_name, s.joined_at, s.submitted_at, s.submission_json, "
                "e.evaluation_json FROM live_students s LEFT JOIN evaluations e "
                "ON e.id = s.evaluation_id AND e.owner = s.owner "
                "WHERE s.class_id = ? ORDER BY s.joined_at, s.name_key",
                (row[0],),
            ).fetchall()
            roster, submissions = [], []
            for name, joined, submitted, submission_json, evaluation_json in rows:
                answered = 0
                if evaluation_json is not None:
                    answered = _answered(_parse(Evaluation, evaluation_json))
                if submission_json is not None:
                    submissions.append(_parse(Submission, submission_json))
                roster.append(
                    RosterEntry(
                        name=name, joined_at=joined, submitted_at=submitted, answered=answered
                    )
                )
            return LiveResults(roster=roster, submissions=submissions)

        return self._run(work)


# --- live classroom records ---------------------------------------------------------------------


@dataclass(frozen=True)
class LiveClass:
    """A class as its teacher sees it: the teacher's copy of the pack (key and notes)."""

    id: str
    code: str
    title: str
    pack: ExercisePack
    key_released: bool
    expires_at: str


@dataclass(frozen=True)
class Membership:
    """A student's place in a class: the student copy of the pack, never the teacher's."""

    class_id: str
    name: str
    title: str
    pack: ExercisePack
    evaluation_id: int | None
    submitted_at: str | None


@dataclass(frozen=True)
class RosterEntry:
    name: str
    joined_at: str
    submitted_at: str | None
    answered: int


@dataclass(frozen=True)
class LiveResults:
    roster: list[RosterEntry]
    submissions: list[Submission]


def _membership(row: tuple) -> Membership:
    pack = _parse(ExercisePack, row[5])
    settings = pack.settings.model_copy(update={"key_released": bool(row[6])})
    return Membership(
        class_id=row[0],
        name=row[1],
        title=row[4],
        pack=student_copy(pack.model_copy(update={"settings": settings})),
        evaluation_id=None if row[2] is None else int(row[2]),
        submitted_at=row[3],
    )


M = TypeVar("M", bound=BaseModel)


def _check_draft(criterion_id: str, draft: Draft | None, expected: int | None, tab: str) -> None:
    """Refuse a write over an unsaved choice this tab has not seen (another tab's)."""
    if draft is None or expected is None or not draft.has_choice:
        return
    if draft.version != expected and not (tab and draft.tab == tab):
        raise StaleDraft(criterion_id, draft, draft.version)


class DamagedRow(ValueError):
    """A stored value that cannot be read back; only these (not every ValueError) are reported
    as a damaged row, so a bug in the store is not mistaken for bad data."""


def _check_depth(text: str) -> None:
    try:
        reason = too_deep(json_depth(text))
    except (TypeError, AttributeError):  # SQLite let a number or blob into a text column
        raise DamagedRow("stored JSON is not text") from None
    if reason:
        raise DamagedRow(f"stored JSON is {reason}")


def _parse(model: type[M], text: str) -> M:
    """Every model read from the database: its nesting is measured before a parser recurses."""
    _check_depth(text)
    return model.model_validate_json(text)


def _versions(text: str) -> dict[str, int]:
    _check_depth(text or "{}")
    try:
        data = json.loads(text or "{}")
    except ValueError as exc:
        raise DamagedRow(str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(v, int) for v in data.values()):
        raise DamagedRow("answer versions are not a map of integers")
    return {str(k): int(v) for k, v in data.items()}
