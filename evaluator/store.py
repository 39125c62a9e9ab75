"""Saved evaluations in a local SQLite file, so a refresh or a restart loses no answer.

Two tables: `documents` keeps each document's text (by sha256) so a reopened evaluation can still
show the words around its evidence; `evaluations` keeps one row per evaluation with the rubric it
was made under. Evaluations are found by document sha256 + rubric id + rubric version; a duplicate
is a second row with the same key. Every call opens its own short connection, which keeps the
store safe to use from Streamlit's threads.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from .models import Answer, Document, Evaluation, Rubric

DB_ENV = "EVALUATOR_DB"
APP_DIR = "report-evaluator"
DB_NAME = "evaluations.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
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


class StoreError(Exception):
    """The database cannot be used; the message is one line naming the file and the reason."""


@dataclass(frozen=True)
class Record:
    id: int
    label: str
    evaluation: Evaluation
    rubric: Rubric


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _answered(evaluation: Evaluation) -> int:
    ids = {s.id for s in evaluation.suggestions} or set(evaluation.answers)
    return sum(1 for key in evaluation.answers if key in ids)


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its folder ({exc.strerror})") from None
        with self._connect(exclusive=True) as conn:
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: made by a newer version of this app "
                        f"(schema {version}, this app reads {SCHEMA_VERSION})"
                    )
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if version != SCHEMA_VERSION:
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from None

    @contextmanager
    def _connect(self, exclusive: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction: committed on success, rolled back on error. `exclusive` takes the
        write lock before the first read, so a read-modify-write cannot interleave with another
        (two browser tabs saving answers to the same evaluation, say)."""
        try:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        with closing(conn):
            try:
                conn.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
            except sqlite3.DatabaseError as exc:
                what = "not a usable SQLite database" if "not a database" in str(exc) else "error"
                raise StoreError(f"{self.path}: {what} ({exc})") from None

    # --- documents --------------------------------------------------------------------------

    def save_document(self, document: Document) -> None:
        with self._connect() as conn:
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

    def document(self, sha256: str) -> Document | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT document_json FROM documents WHERE sha256 = ?", (sha256,)
            ).fetchone()
        return Document.model_validate_json(row[0]) if row else None

    # --- evaluations ------------------------------------------------------------------------

    def create(self, evaluation: Evaluation, rubric: Rubric, label: str | None = None) -> int:
        if (rubric.id, rubric.version) != (evaluation.rubric.id, evaluation.rubric.version):
            raise ValueError(
                f"evaluation is for rubric {evaluation.rubric.id} v{evaluation.rubric.version}, "
                f"not {rubric.id} v{rubric.version}"
            )
        label = label or evaluation.document_title or evaluation.document_sha256[:12]
        now = _now()
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO evaluations (document_sha256, rubric_id, rubric_version, label, "
                "rubric_json, evaluation_json, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    evaluation.document_sha256,
                    rubric.id,
                    rubric.version,
                    label,
                    rubric.model_dump_json(by_alias=True),
                    evaluation.model_dump_json(),
                    now,
                    now,
                ),
            )
            return int(cursor.lastrowid or 0)

    def find(self, sha256: str, rubric_id: str, rubric_version: str) -> int | None:
        """The most recently changed evaluation with this key, if any."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id FROM evaluations WHERE document_sha256 = ? AND rubric_id = ? "
                "AND rubric_version = ? ORDER BY updated_at DESC, id DESC LIMIT 1",
                (sha256, rubric_id, rubric_version),
            ).fetchone()
        return int(row[0]) if row else None

    def load(self, evaluation_id: int) -> Record | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, label, evaluation_json, rubric_json FROM evaluations WHERE id = ?",
                (evaluation_id,),
            ).fetchone()
        if row is None:
            return None
        try:
            evaluation = Evaluation.model_validate_json(row[2])
            rubric = Rubric.model_validate_json(row[3])
        except ValidationError as exc:
            raise StoreError(
                f"{self.path}: evaluation {evaluation_id} is damaged ({exc.title})"
            ) from None
        return Record(id=row[0], label=row[1], evaluation=evaluation, rubric=rubric)

    def rubric(self, rubric_id: str, rubric_version: str) -> Rubric | None:
        """A rubric some stored evaluation was made under (it may no longer be on disk)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT rubric_json FROM evaluations WHERE rubric_id = ? AND rubric_version = ? "
                "LIMIT 1",
                (rubric_id, rubric_version),
            ).fetchone()
        return Rubric.model_validate_json(row[0]) if row else None

    def update(self, evaluation_id: int, evaluation: Evaluation) -> Evaluation:
        evaluation = evaluation.model_copy(update={"updated_at": datetime.now(UTC)})
        with self._connect() as conn:
            changed = conn.execute(
                "UPDATE evaluations SET evaluation_json = ?, updated_at = ? WHERE id = ?",
                (evaluation.model_dump_json(), _now(), evaluation_id),
            ).rowcount
        if not changed:
            raise KeyError(evaluation_id)
        return evaluation

    def save_answer(self, evaluation_id: int, answer: Answer) -> Evaluation:
        """Add or replace one answer and write it at once, under the write lock."""
        with self._connect(exclusive=True) as conn:
            row = conn.execute(
                "SELECT evaluation_json FROM evaluations WHERE id = ?", (evaluation_id,)
            ).fetchone()
            if row is None:
                raise KeyError(evaluation_id)
            evaluation = Evaluation.model_validate_json(row[0])
            answers = {**evaluation.answers, answer.criterion_id: answer}
            evaluation = evaluation.model_copy(
                update={"answers": answers, "updated_at": datetime.now(UTC)}
            )
            conn.execute(
                "UPDATE evaluations SET evaluation_json = ?, updated_at = ? WHERE id = ?",
                (evaluation.model_dump_json(), _now(), evaluation_id),
            )
        return evaluation

    def duplicate(self, evaluation_id: int) -> int:
        record = self.load(evaluation_id)
        if record is None:
            raise KeyError(evaluation_id)
        now = datetime.now(UTC)
        copy = record.evaluation.model_copy(update={"created_at": now, "updated_at": now})
        return self.create(copy, record.rubric, label=f"{record.label} (copy)")

    def rename(self, evaluation_id: int, label: str) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE evaluations SET label = ? WHERE id = ?", (label, evaluation_id))

    def delete(self, evaluation_id: int) -> bool:
        """Remove an evaluation, and its document when no other evaluation uses it."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT document_sha256 FROM evaluations WHERE id = ?", (evaluation_id,)
            ).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM evaluations WHERE id = ?", (evaluation_id,))
            conn.execute(
                "DELETE FROM documents WHERE sha256 = ? AND NOT EXISTS "
                "(SELECT 1 FROM evaluations WHERE document_sha256 = ?)",
                (row[0], row[0]),
            )
        return True

    def listing(self) -> list[Listing]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT e.id, e.label, e.document_sha256, e.rubric_id, e.rubric_version, "
                "e.evaluation_json, d.sha256 IS NOT NULL, e.updated_at FROM evaluations e "
                "LEFT JOIN documents d ON d.sha256 = e.document_sha256 "
                "ORDER BY e.updated_at DESC, e.id DESC"
            ).fetchall()
        out = []
        for row in rows:
            try:
                evaluation = Evaluation.model_validate_json(row[5])
                answered, total = _answered(evaluation), len(evaluation.suggestions)
            except ValidationError:
                answered, total = 0, 0
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
                )
            )
        return out
