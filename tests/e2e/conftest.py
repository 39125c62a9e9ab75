"""Run the real app with `streamlit run` and drive it with the system Chromium.

Without Chromium these tests skip on a workstation but FAIL in CI (CI=true), so the browser test
can never be silently skipped where it is meant to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.streamlit_server import (
    chromium_path,
    free_port,
    server_flags,
    wait_until_healthy,
)
from benchmarks.streamlit_server import stop as stop_server

ROOT = Path(__file__).resolve().parents[2]
# A shared two-core machine can take seconds to rerun a page; wait for it rather than flake.
expect.set_options(timeout=60_000)


class AppServer:
    """One `streamlit run app.py` process with its own port and database file."""

    def __init__(
        self,
        db_path: Path,
        log_path: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.db_path, self.log_path, self.extra_env = db_path, log_path, env or {}
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> AppServer:
        env = {**os.environ, "EVALUATOR_DB": str(self.db_path), **self.extra_env}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / "app.py"),
                    *server_flags(self.port),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_healthy(self.process, self.url, timeout, str(self.log_path))
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self, kill: bool = False) -> None:
        stop_server(self.process, kill)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "no system Chromium (install the `chromium` package or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}; the browser tests must run in CI")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium: str) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium, "args": ["--no-sandbox"]}


@pytest.fixture
def start_server(tmp_path: Path, chromium: str) -> Iterator:
    """Start app servers on a database of this test's own; all are stopped afterwards."""
    servers: list[AppServer] = []

    def start(
        db_path: Path | None = None, port: int | None = None, env: dict[str, str] | None = None
    ) -> AppServer:
        """`port` of a stopped server restarts it where open pages reconnect by themselves;
        `env` adds settings (EVALUATOR_DATABASE_URL for a PostgreSQL store, say)."""
        server = AppServer(
            db_path or tmp_path / "e2e.sqlite3", tmp_path / "streamlit.log", port, env
        )
        servers.append(server.start())
        return server

    yield start
    for server in servers:
        server.stop()
