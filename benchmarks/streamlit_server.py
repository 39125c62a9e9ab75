"""Starting the app for a browser test or a benchmark: a free loopback port, the flags every
headless run needs, and the wait for Streamlit's health check. One copy, shared by
tests/e2e/conftest.py, bench_step.py and load_class.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request

# Loopback only, no browser, no telemetry, no file watcher, no developer mode.
SERVER_FLAGS = (
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
    "--global.developmentMode=false",
)


def chromium_path() -> str | None:
    """The system Chromium the browser tests and benchmarks drive, or None."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_flags(port: int) -> list[str]:
    return [*SERVER_FLAGS, f"--server.port={port}"]


def healthy(url: str, timeout: float = 1) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as reply:
            return reply.read() == b"ok"
    except OSError:
        return False


def wait_until_healthy(
    process: subprocess.Popen[bytes], url: str, timeout: float, where: str, poll: float = 0.2
) -> None:
    """Return once the server answers; RuntimeError (naming `where`, its log) if it exits or
    stays silent for `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early (code {process.returncode}); see {where}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not answer within {timeout} s; see {where}")
        time.sleep(poll)


def stop(process: subprocess.Popen[bytes] | None, kill: bool = False) -> None:
    """End a server still running: terminate (or kill), then kill if it lingers."""
    if process is None or process.poll() is not None:
        return
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
