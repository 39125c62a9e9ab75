"""Python processes this package starts to run one of its own modules (the PDF workers, the
analysis process), talking over pipes framed by `multiprocessing.connection`."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
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


def start_child(command: list[str]) -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    """The process, a connection to its stdin and one from its stdout; its stderr is dropped."""
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
    return process, Connection(job_w, readable=False), Connection(out_r, writable=False)
