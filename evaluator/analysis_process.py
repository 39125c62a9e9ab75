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
from .checks.parallel import MIN_PASSAGES
from .checks.runner import only_builtin
from .children import Child, Pool, module_command, start_child
from .errors import InputError
from .limits import limits_from_env
from .models import Analysis, Document, Rubric

CHARS_PER_PASSAGE = 100
"""More than most passages hold (the 219-page report: 68), so a text this long per passage
the checks fork for is long enough to have that many passages."""
MIN_CHARS = MIN_PASSAGES * CHARS_PER_PASSAGE
KEEP_IDLE = 2
"""Processes kept waiting for the next long document: one per core. At most this many long
documents are analysed at once; more wait their turn, so many readers at once cannot start a
process each (the analyses would share the two cores anyway)."""
MARGIN_S = 30.0
"""Beyond the analysis's own time budget, how long to wait for a reply before giving up."""


def _spawn(_key: int) -> Child:
    return start_child(module_command("evaluator.analysis_process"))


_POOL = Pool(_spawn)
_turns = threading.BoundedSemaphore(KEEP_IDLE)


def warm_analysis_process() -> None:
    """Have a process waiting before the first long document arrives (starting one and
    importing the checks takes a moment)."""
    _POOL.prestart(0, 1, KEEP_IDLE)


def shutdown_analysis_processes() -> None:
    _POOL.shutdown()


def _forget_inherited() -> None:
    """A forked child must not share (or, at its exit, kill) its parent's processes, nor wait
    on a turn another of the parent's threads held at the fork."""
    global _POOL, _turns
    _POOL = Pool(_spawn)
    _turns = threading.BoundedSemaphore(KEEP_IDLE)


os.register_at_fork(after_in_child=_forget_inherited)
atexit.register(lambda: _POOL.shutdown())


def apart(document: Document) -> bool:
    """Long enough to gain, and no check registered from outside (the process would not
    have it)."""
    return only_builtin() and document.chars >= MIN_CHARS


def analyze_apart(document: Document, rubric: Rubric) -> Analysis:
    """`analyze(document, rubric)`; a long document in a process of its own, where the checks
    can use both cores. The result is the same either way (tests/test_analysis_process.py)."""
    if not apart(document):
        return analyze(document, rubric)
    timeout_s = limits_from_env().analysis_time_s + MARGIN_S
    return _ask(document.model_dump_json().encode(), rubric.model_dump_json().encode(), timeout_s)


def _ask(document: bytes, rubric: bytes, timeout_s: float) -> Analysis:
    """Send a document and a rubric, as JSON, and return the analysis the process answers."""
    with _turns:
        return _ask_in_turn(document, rubric, timeout_s)


def _ask_in_turn(document: bytes, rubric: bytes, timeout_s: float) -> Analysis:
    process = _POOL.acquire()
    try:
        process.to_child.send_bytes(document)
        process.to_child.send_bytes(rubric)
        if not process.from_child.poll(timeout_s):
            raise RuntimeError(f"the analysis process gave no answer in {timeout_s:g} s")
        status = json.loads(process.from_child.recv_bytes())
        answer = process.from_child.recv_bytes() if status == {"ok": True} else b""
    except (EOFError, OSError, ValueError):
        process.close()
        raise RuntimeError("the analysis process stopped unexpectedly") from None
    except BaseException:
        process.close()
        raise
    if not isinstance(status, dict):
        process.close()  # it speaks nonsense: not kept for the next document
        raise RuntimeError("the analysis process sent something that is not an answer")
    _POOL.release(process, KEEP_IDLE)
    if isinstance(error := status.get("input_error"), dict):
        raise InputError(str(error.get("code", "")), str(error.get("message", "")))
    if not answer:
        raise RuntimeError(f"the analysis stopped with an internal error: {status.get('internal')}")
    return Analysis.model_validate_json(answer)


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The child's loop: a document and a rubric in, a status and the analysis out, until the
    parent closes the pipe."""
    from .checks import checks

    checks()  # import the check modules now, not during the first analysis
    while True:
        try:
            document, rubric = inbox.recv_bytes(), inbox.recv_bytes()
        except EOFError:
            return
        answer = b""
        try:
            analysis = analyze(
                Document.model_validate_json(document), Rubric.model_validate_json(rubric)
            )
            status: dict[str, object] = {"ok": True}
            answer = analysis.model_dump_json().encode()
        except InputError as exc:
            status = {"input_error": {"code": exc.code, "message": exc.message}}
        except Exception as exc:  # reported to the parent, which raises it there
            status = {"internal": " ".join(f"{type(exc).__name__}: {exc}".split())[:500]}
        outbox.send_bytes(json.dumps(status).encode())
        if answer:
            outbox.send_bytes(answer)


if __name__ == "__main__":
    _serve(Connection(0, writable=False), Connection(_REPLIES, readable=False))
