"""Python processes this package starts to run one of its own modules (the PDF workers, the
analysis process), talking over pipes framed by `multiprocessing.connection`, and the pool
that keeps idle ones for reuse."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

# The folder that holds the `evaluator` package, so a child imports this same copy.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def module_command(module: str, *args: str) -> list[str]:
    # -P: `-m` would otherwise put the current folder first on sys.path, so an `evaluator`
    # folder wherever the command runs (another checkout, a user's files) would be the code
    # the child runs. The child imports this package, found through PYTHONPATH.
    return [sys.executable, "-P", "-m", module, *args]


@dataclass(eq=False)
class Child:
    process: subprocess.Popen[bytes]
    to_child: Connection
    from_child: Connection
    key: int = 0
    """What it was started for, where that matters (a PDF worker's memory cap, in MB)."""

    def close(self) -> None:
        """Kill the process and whatever it forked (its helpers hold its pipes open), and
        release the pipes."""
        if self.process.returncode is None:  # not reaped: its number is not anyone else's yet
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)  # its own group: see start_child
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for conn in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                conn.close()


def start_child(command: list[str], key: int = 0) -> Child:
    """`command` with a connection to its stdin and one from its stdout; its stderr is dropped."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH")) if p)
    job_r, job_w = os.pipe()
    out_r, out_w = os.pipe()
    try:
        process = subprocess.Popen(
            command,
            stdin=job_r,
            stdout=out_w,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
            start_new_session=True,  # a group of its own, so `close` also ends what it forks
        )
    except BaseException:
        os.close(job_w)
        os.close(out_r)
        raise
    finally:
        os.close(job_r)
        os.close(out_w)
    return Child(process, Connection(job_w, readable=False), Connection(out_r, writable=False), key)


class Pool:
    """Idle children by key, at most `keep` idle per key, started by `spawn(key)`. A child
    that died while idle is closed, not handed out."""

    def __init__(self, spawn: Callable[[int], Child]) -> None:
        self._spawn = spawn
        self._idle: dict[int, list[Child]] = {}
        self._lock = threading.Lock()
        self.spawned = 0

    def acquire(self, key: int = 0) -> Child:
        with self._lock:
            idle = self._idle.get(key, [])
            while idle:
                child = idle.pop()
                if child.process.poll() is None:
                    return child
                child.close()
            self.spawned += 1
        return self._spawn(key)

    def release(self, child: Child, keep: int) -> None:
        with self._lock:
            idle = self._idle.setdefault(child.key, [])
            if child.process.poll() is None and len(idle) < keep:
                idle.append(child)
                return
        child.close()

    def prestart(self, key: int, count: int, keep: int) -> None:
        """Have `count` children idle, starting the missing ones now without waiting for them
        (a new Python's imports then overlap with whatever this process does meanwhile)."""
        with self._lock:
            missing = max(0, count - len(self._idle.get(key, [])))
            self.spawned += missing
        for _ in range(missing):
            self.release(self._spawn(key), max(count, keep))

    def idle_count(self, key: int = 0) -> int:
        with self._lock:
            return len(self._idle.get(key, []))

    def shutdown(self) -> None:
        with self._lock:
            children = [c for cs in self._idle.values() for c in cs]
            self._idle.clear()
        for child in children:
            child.close()
