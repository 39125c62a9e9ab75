"""Saved evaluations in a local SQLite file, so a refresh or a restart loses no answer.

Tables: `documents` keeps each document's text (by sha256) so a reopened evaluation can still
show the words around its evidence, and `document_owners` says which readers stored it;
`evaluations` keeps one row per evaluation with the rubric it was made under, its owner and a
version per answer; `drafts` keeps a reader's unsaved choice per question until it is saved,
with a version of its own so one tab cannot replace another tab's unsaved choice unseen.

Every evaluation belongs to an owner: the sha256 of a random token the reader's browser holds (the
raw token is never stored). Rows made before owners existed (schema 1) have no owner: they are
kept but shown to no one until a reader claims them (see `claim_unowned`).

Every call opens its own short connection in WAL mode, which keeps the store safe to use from
Streamlit's threads; a write that meets "database is locked" is retried a few times with backoff.
Any sqlite3 or validation error leaves this module as a StoreError with one line naming the file;
stored JSON has its nesting measured before it is parsed, so a damaged row cannot recurse deeply.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from .errors import first_error
from .models import MAX_NAME, Answer, Document, Evaluation, Level, QuoteRef, Rubric, Strict
from .nesting import json_depth, too_deep

DB_ENV = "EVALUATOR_DB"
APP_DIR = "report-evaluator"
DB_NAME = "evaluations.sqlite3"
SCHEMA_VERSION = 4
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

# From 3 to 4: a PDF's own bytes beside its text, so the checklist can show a page as printed
# (issue 14). Documents stored before have none, and their pages are shown as text.
_MIGRATE_3_TO_4 = """
CREATE TABLE IF NOT EXISTS document_files (
    sha256 TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
"""
MAX_FILE_BYTES = 25 * 1024 * 1024
"""Largest PDF whose bytes are kept for page images; a larger one is shown as text only."""

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


def _locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


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
    def __init__(
        self, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT, retries: int = RETRIES
    ) -> None:
        self.path = Path(path)
        self.busy_timeout, self.retries = busy_timeout, retries
        self._sleep: Callable[[float], None] = time.sleep  # tests replace it
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror})") from None
        self._run(self._migrate, write=True)
        try:
            with closing(sqlite3.connect(self.path, timeout=self.busy_timeout)) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot switch to WAL mode ({exc})") from None

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer version of this app "
                f"(schema {version}, this app reads {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        has_rows = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'evaluations'"
        ).fetchone()[0]
        if version == 0 and has_rows:
            version = 1  # a schema-1 file that never set user_version
        steps = {0: _SCHEMA_V1, 1: _MIGRATE_1_TO_2, 2: _MIGRATE_2_TO_3, 3: _MIGRATE_3_TO_4}
        for script in [steps[v] for v in range(version, SCHEMA_VERSION)]:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- connections ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction, committed on success and rolled back on error. A write takes the
        write lock before its first read, so a read-modify-write cannot interleave with another."""
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        with closing(conn):
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _run(self, work: Callable[[sqlite3.Connection], T], *, write: bool = False) -> T:
        """Run `work` in a transaction, retrying a locked database with backoff; any database or
        validation error becomes a one-line StoreError."""
        attempt = 0
        while True:
            try:
                with self._transaction(write) as conn:
                    return work(conn)
            except sqlite3.Error as exc:
                if _locked(exc) and attempt < self.retries:
                    self._sleep(BACKOFF * 2**attempt * (1 + random.random()))
                    attempt += 1
                    continue
                raise StoreError(f"{self.path}: {self._reason(exc)}") from None
            except ValidationError as exc:
                raise StoreError(
                    f"{self.path}: a stored row is damaged ({first_error(exc, exc.title)})"
                ) from None
            except DamagedRow as exc:
                raise StoreError(f"{self.path}: a stored row is damaged ({exc})") from None
            except RecursionError:  # a backstop: stored JSON is depth-checked before parsing
                raise StoreError(
                    f"{self.path}: a stored row is damaged (nested too deeply)"
                ) from None

    def _reason(self, exc: sqlite3.Error) -> str:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            return f"not a usable SQLite database ({text})"
        if _locked(exc):
            return f"still busy after {self.retries} retries ({text}); nothing was saved"
        return f"database error ({text})"

    # --- documents --------------------------------------------------------------------------

    def save_document(self, document: Document, owner: str) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
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
                "INSERT OR IGNORE INTO document_owners VALUES (?, ?)", (document.sha256, owner)
            )

        self._run(work, write=True)

    def document(self, sha256: str, owner: str) -> Document | None:
        """A document's text, for a reader who stored it (a hash alone does not open it)."""

        def work(conn: sqlite3.Connection) -> Document | None:
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

        def work(conn: sqlite3.Connection) -> bool:
            owned = conn.execute(
                "SELECT 1 FROM document_owners WHERE sha256 = ? AND owner = ?", (sha256, owner)
            ).fetchone()
            if owned is None:
                return False
            conn.execute("INSERT OR IGNORE INTO document_files VALUES (?, ?)", (sha256, data))
            return True

        return self._run(work, write=True)

    def document_file(self, sha256: str, owner: str) -> bytes | None:
        """A stored PDF's bytes, for a reader who stored the document; None if not kept."""

        def work(conn: sqlite3.Connection) -> bytes | None:
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

        def work(conn: sqlite3.Connection) -> tuple[int, bool]:
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
                "blind_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            return int(cursor.lastrowid or 0), False

        return self._run(work, write=True)

    @staticmethod
    def _find(
        conn: sqlite3.Connection,
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

    def _row(self, conn: sqlite3.Connection, evaluation_id: int, owner: str) -> tuple | None:
        return conn.execute(
            "SELECT id, label, evaluation_json, rubric_json, answer_versions FROM evaluations "
            "WHERE id = ? AND owner = ?",
            (evaluation_id, owner),
        ).fetchone()

    def _drafts(self, conn: sqlite3.Connection, evaluation_id: int) -> dict[str, Draft]:
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

        def work(conn: sqlite3.Connection) -> Record | None:
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
                    f"{self.path}: evaluation {evaluation_id} is damaged ({reason})"
                ) from None

        return self._run(work)

    def rubric(self, rubric_id: str, rubric_version: str) -> Rubric | None:
        """A rubric some stored evaluation was made under (it may no longer be on disk)."""

        def work(conn: sqlite3.Connection) -> Rubric | None:
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

        def work(conn: sqlite3.Connection) -> tuple[Evaluation, int]:
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
        conn: sqlite3.Connection,
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

        def work(conn: sqlite3.Connection) -> None:
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
        self, conn: sqlite3.Connection, evaluation_id: int, criterion_id: str, draft: Draft
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO drafts (evaluation_id, criterion_id, draft_json, updated_at, "
            "version) VALUES (?, ?, ?, ?, ?)",
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

        def work(conn: sqlite3.Connection) -> int:
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

        def work(conn: sqlite3.Connection) -> None:
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

        def work(conn: sqlite3.Connection) -> None:
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

        def work(conn: sqlite3.Connection) -> Evaluation:
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

        def work(conn: sqlite3.Connection) -> bool:
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

        def work(conn: sqlite3.Connection) -> list[tuple]:
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

        def work(conn: sqlite3.Connection) -> int:
            conn.execute(
                "INSERT OR IGNORE INTO document_owners (sha256, owner) SELECT DISTINCT "
                "document_sha256, ? FROM evaluations WHERE owner IS NULL",
                (owner,),
            )
            return conn.execute(
                "UPDATE evaluations SET owner = ? WHERE owner IS NULL", (owner,)
            ).rowcount

        return self._run(work, write=True)


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
