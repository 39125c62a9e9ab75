"""Analyses of long documents in a process of their own, for servers (the app).

The checks split a long document over both cores by forking (checks/parallel.py), which is safe
only in a single-threaded process. A Streamlit server runs many threads, so in the app every
analysis ran in one process: a 219-page report took 1.7x a bare pypdf extraction there, against
1.4x from the command line (benchmarks/bench_app_start.py). Here a long document is sent to a
new Python process (`python -P -m evaluator.analysis_process`), single-threaded, whose analysis
may fork as the command line's does. Short documents stay in the calling process, where sending
them over would cost more than it saves.

The messages are JSON of the pydantic models, framed by `multiprocessing.connection`: the reply
is validated like any other input. multiprocessing's own pools are not used: they re-import the
caller's main module in the child, whatever that module is.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    # File descriptor 1 carries the replies: keep it aside, and point fd 1 and sys.stdout at
    # stderr (dropped) before any import, so nothing else, Python or C, can write to it.
    _REPLIES = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

import atexit
import json
import threading
from multiprocessing.connection import Connection

from .analysis import analyze
from .checks.runner import only_builtin
from .children import Child, module_command, start_child
from .errors import InputError
from .limits import limits_from_env
from .models import Analysis, Document, Rubric

MIN_CHARS = 60_000
"""About 900 passages of a dense report, above the 600 at which the checks start to fork."""
KEEP_IDLE = 2
"""Processes kept waiting for the next long document: one per core. At most this many long
documents are analysed at once; more wait their turn, so many readers at once cannot start a
process each (the analyses would share the two cores anyway)."""
MARGIN_S = 30.0
"""Beyond the analysis's own time budget, how long to wait for a reply before giving up."""


def _spawn() -> Child:
    return Child(*start_child(module_command("evaluator.analysis_process")))


_lock = threading.Lock()
_idle: list[Child] = []
_turns = threading.BoundedSemaphore(KEEP_IDLE)


def _acquire() -> Child:
    with _lock:
        while _idle:
            found = _idle.pop()
            if found.process.poll() is None:
                return found
            found.close()
    return _spawn()


def _release(process: Child) -> None:
    with _lock:
        if process.process.poll() is None and len(_idle) < KEEP_IDLE:
            _idle.append(process)
            return
    process.close()


def warm_analysis_process() -> None:
    """Have a process waiting before the first long document arrives (starting one and
    importing the checks takes a moment)."""
    with _lock:
        if _idle:
            return
    _release(_spawn())


def shutdown_analysis_processes() -> None:
    with _lock:
        waiting = list(_idle)
        _idle.clear()
    for process in waiting:
        process.close()


def _forget_inherited() -> None:
    """A forked child must not share (or, at its exit, kill) its parent's processes, nor wait
    on a lock or a turn another of the parent's threads held at the fork."""
    global _lock, _turns
    _idle.clear()
    _lock = threading.Lock()
    _turns = threading.BoundedSemaphore(KEEP_IDLE)


os.register_at_fork(after_in_child=_forget_inherited)
atexit.register(shutdown_analysis_processes)


def apart(document: Document) -> bool:
    """Long enough to gain, and no check registered from outside (the process would not
    have it)."""
    return only_builtin() and sum(len(page.text) for page in document.pages) >= MIN_CHARS


def analyze_apart(document: Document, rubric: Rubric) -> Analysis:
    """`analyze(document, rubric)`; a long document in a process of its own, where the checks
    can use both cores. The result is the same either way (tests/test_analysis_process.py)."""
    if not apart(document):
        return analyze(document, rubric)
    request = json.dumps(
        {"document": document.model_dump(mode="json"), "rubric": rubric.model_dump(mode="json")}
    ).encode("utf-8")
    return _ask(request, limits_from_env().analysis_time_s + MARGIN_S)


def _ask(request: bytes, timeout_s: float) -> Analysis:
    """Send one request and return the analysis it answers with."""
    with _turns:
        return _ask_in_turn(request, timeout_s)


def _ask_in_turn(request: bytes, timeout_s: float) -> Analysis:
    process = _acquire()
    try:
        process.to_child.send_bytes(request)
        if not process.from_child.poll(timeout_s):
            raise RuntimeError(f"the analysis process gave no answer in {timeout_s:g} s")
        reply = json.loads(process.from_child.recv_bytes())
    except (EOFError, OSError, ValueError):
        process.close()
        raise RuntimeError("the analysis process stopped unexpectedly") from None
    except BaseException:
        process.close()
        raise
    if not isinstance(reply, dict):
        process.close()  # it speaks nonsense: not kept for the next document
        raise RuntimeError("the analysis process sent something that is not an answer")
    _release(process)
    if isinstance(error := reply.get("input_error"), dict):
        raise InputError(str(error.get("code", "")), str(error.get("message", "")))
    if "analysis" not in reply:
        raise RuntimeError(f"the analysis stopped with an internal error: {reply.get('internal')}")
    return Analysis.model_validate(reply["analysis"])


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The child's loop: one request, one reply, until the parent closes the pipe."""
    from .checks import checks

    checks()  # import the check modules now, not during the first analysis
    while True:
        try:
            request = json.loads(inbox.recv_bytes())
        except EOFError:
            return
        try:
            document = Document.model_validate(request["document"])
            rubric = Rubric.model_validate(request["rubric"])
            reply = {"analysis": analyze(document, rubric).model_dump(mode="json")}
        except InputError as exc:
            reply = {"input_error": {"code": exc.code, "message": exc.message}}
        except Exception as exc:  # reported to the parent, which raises it there
            reply = {"internal": " ".join(f"{type(exc).__name__}: {exc}".split())[:500]}
        outbox.send_bytes(json.dumps(reply).encode("utf-8"))


if __name__ == "__main__":
    _serve(Connection(0, writable=False), Connection(_REPLIES, readable=False))
