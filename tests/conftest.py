"""Fixtures shared by test files: a PostgreSQL database per test (see postgres_server.py)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from postgres_server import REQUIRE_ENV, URL_ENV, Server, binaries


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The address of a PostgreSQL server the tests may create schemas on."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but no PostgreSQL binaries (initdb) were found")
        pytest.skip("PostgreSQL is not installed here (CI installs it)")
    server = Server(bin_dir)
    try:
        url = server.start()
    except Exception as exc:  # a server that will not start is news, not a crash
        server.stop()
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"could not start PostgreSQL: {exc}")
        pytest.skip(f"could not start PostgreSQL: {exc}")
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty schema for one test, as the address's search_path."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{joiner}options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
