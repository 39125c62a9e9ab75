"""The two database engines behind the store: an SQLite file (the embedded default) and a
PostgreSQL server (for several app replicas, or a class on one shared server).

The store writes one dialect of SQL that both accept (`?` placeholders, `ON CONFLICT`,
`RETURNING`); an engine opens transactions, creates and upgrades its own schema, and says which
errors are worth retrying. psycopg is imported only when a PostgreSQL address is given, so the
embedded default costs nothing at start-up.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

DATABASE_URL_ENV = "EVALUATOR_DATABASE_URL"
SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server before saying it cannot be reached
# Advisory lock numbers, the same in every replica: one schema upgrade at a time, one write.
_MIGRATION_LOCK = 0x45564131
_WRITE_LOCK = 0x45564132


# From a schema version: the version a script brings the database to, and the script.
Steps = dict[int, tuple[int, str]]


def _run_steps(conn: Connection, steps: Steps, version: int, to: int) -> None:
    while version < to:
        version, script = steps[version]
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...


class Engine(Protocol):
    where: str  # names the database in messages (a file, or an address without its password)
    errors: tuple[type[BaseException], ...]

    def transaction(self, write: bool) -> Any: ...
    def retryable(self, exc: BaseException) -> bool: ...
    def reason(self, exc: BaseException) -> str: ...
    def schema_version(self, conn: Connection) -> int: ...
    def upgrade(self, conn: Connection, steps: Steps, to: int) -> None: ...


def is_database_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def redacted(url: str) -> str:
    """The address with any password replaced, fit for a message or a log."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://(an address that cannot be parsed)"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def database_url(env: dict[str, str] | None = None) -> str | None:
    """$EVALUATOR_DATABASE_URL when it names a PostgreSQL server, else None (SQLite)."""
    env = dict(os.environ) if env is None else env
    url = env.get(DATABASE_URL_ENV, "").strip()
    if not url:
        return None
    if not is_database_url(url):
        raise ValueError(
            f"{DATABASE_URL_ENV} must start with postgresql:// (got {redacted(url)[:40]!r})"
        )
    return url


# --- SQLite ---------------------------------------------------------------------------------


class SqliteEngine:
    errors = (sqlite3.Error,)

    def __init__(self, path: Path, busy_timeout: float) -> None:
        self.path, self.busy_timeout = path, busy_timeout
        self.where = str(path)

    @contextmanager
    def transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """A write takes the write lock before its first read, so a read-modify-write cannot
        interleave with another."""
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        with closing(conn):
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def retryable(self, exc: BaseException) -> bool:
        text = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)

    def reason(self, exc: BaseException) -> str:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            return f"not a usable SQLite database ({text})"
        return f"database error ({text})"

    def schema_version(self, conn: Connection) -> int:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        has_rows = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'evaluations'"
        ).fetchone()[0]
        return 1 if version == 0 and has_rows else version  # schema 1 never set user_version

    def upgrade(self, conn: Connection, steps: Steps, to: int) -> None:
        _run_steps(conn, steps, self.schema_version(conn), to)
        conn.execute(f"PRAGMA user_version = {int(to)}")

    def use_wal(self) -> None:
        with closing(sqlite3.connect(self.path, timeout=self.busy_timeout)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")


# --- PostgreSQL -----------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\?")


class _PgConnection:
    """psycopg's connection, speaking the store's `?` placeholders. PostgreSQL text cannot hold
    NUL, so a NUL in a value (a hostile file name, say) is stored as U+FFFD rather than
    failing the save."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if "%" in sql:  # psycopg would read it as a placeholder
            raise ValueError("the store's SQL never contains '%'")
        clean = [p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params]
        return self._conn.execute(_PLACEHOLDER.sub("%s", sql), clean)


class PostgresEngine:
    def __init__(self, url: str) -> None:
        import psycopg  # only a PostgreSQL store needs it

        self._psycopg = psycopg
        self.url = url
        self.where = redacted(url)
        self.errors = (psycopg.Error,)

    @contextmanager
    def transaction(self, write: bool) -> Iterator[_PgConnection]:
        """A write first takes one lock shared by every process on this database, as SQLite's
        BEGIN IMMEDIATE does, then reads and writes at READ COMMITTED: a read-modify-write of
        an evaluation by two tabs or two replicas runs one after the other, so no update is
        lost and none fails for a conflict. Writes are a few milliseconds; reads take no lock
        and see one snapshot (REPEATABLE READ)."""
        level = self._psycopg.IsolationLevel
        conn = self._psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT)
        with closing(conn):
            conn.isolation_level = level.READ_COMMITTED if write else level.REPEATABLE_READ
            try:
                wrapped = _PgConnection(conn)
                if write:
                    wrapped.execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
                yield wrapped
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def retryable(self, exc: BaseException) -> bool:
        errors = self._psycopg.errors
        return isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected)

    def reason(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, self._psycopg.OperationalError):
            return f"cannot use the PostgreSQL server ({text})"
        return f"database error ({text})"

    def schema_version(self, conn: Connection) -> int:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS evaluator_schema (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) FROM evaluator_schema").fetchone()
        return int(row[0] or 0)

    def upgrade(self, conn: Connection, steps: Steps, to: int) -> None:
        _run_steps(conn, steps, self.schema_version(conn), to)
        conn.execute("DELETE FROM evaluator_schema")
        conn.execute("INSERT INTO evaluator_schema (version) VALUES (?)", (to,))
