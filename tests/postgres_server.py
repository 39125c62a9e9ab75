"""A throwaway PostgreSQL server for the tests, started from the machine's own binaries.

$EVALUATOR_TEST_DATABASE_URL names an existing server instead. Without either, PostgreSQL tests
are skipped, unless $EVALUATOR_REQUIRE_POSTGRES=1 (set by .ci/run), which turns a missing server
into a failure so CI can never pass by skipping them.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRE_ENV = "EVALUATOR_REQUIRE_POSTGRES"
URL_ENV = "EVALUATOR_TEST_DATABASE_URL"


def binaries() -> Path | None:
    found = shutil.which("initdb")
    candidates = [found] if found else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


class Server:
    """initdb + pg_ctl in a temporary folder, listening on a Unix socket there and nowhere else.
    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="evaluator-pg-"))
        self.data = self.root / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str | Path) -> None:
        subprocess.run(
            [*self.prefix, *map(str, args)], check=True, capture_output=True, timeout=120
        )

    def start(self) -> str:
        self._run(
            self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "evaluator",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = f"-k {self.root} -c listen_addresses='' -c fsync=off -c max_connections=200"
        self._run(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        return f"postgresql://evaluator@/postgres?host={self.root}"

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
