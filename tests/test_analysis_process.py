"""Long documents analysed in a process of their own (evaluator/analysis_process.py), so that
the checks can fork there as they do from the command line, even when the caller is a
many-threaded server."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest
import toy_check
from test_linearity import report

from evaluator import analysis_process, checks
from evaluator.analysis import analyze
from evaluator.children import start_child
from evaluator.rubrics import default_rubric

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(scope="module")
def long_report():
    document = report(90)
    assert analysis_process.apart(document)
    return document


def test_a_long_document_gets_the_same_analysis_apart(long_report):
    here = analyze(long_report, default_rubric()).model_dump_json()
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait)  # as in a server: another thread is running
    busy.start()
    try:
        apart = analysis_process.analyze_apart(long_report, default_rubric())
    finally:
        stop.set()
        busy.join()
    assert apart.model_dump_json() == here


def test_a_short_document_stays_here(monkeypatch):
    def refuse(*_args):
        raise AssertionError("sent to the analysis process")

    monkeypatch.setattr(analysis_process, "_ask", refuse)
    short = report(2)
    assert not analysis_process.apart(short)
    assert analysis_process.analyze_apart(short, default_rubric()).criteria


def test_a_process_that_died_is_an_error_and_is_not_reused(monkeypatch, long_report):
    dead = analysis_process._spawn(0)
    dead.process.kill()
    dead.process.wait()
    monkeypatch.setattr(analysis_process._POOL, "acquire", lambda: dead)
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        analysis_process.analyze_apart(long_report, default_rubric())
    assert dead.to_child.closed and dead.from_child.closed  # closed, not kept
    monkeypatch.undo()
    assert analysis_process.analyze_apart(long_report, default_rubric()).criteria


def test_an_error_in_the_process_is_raised_here_and_the_process_kept():
    analysis_process.warm_analysis_process()
    with pytest.raises(
        RuntimeError, match="internal error: ValidationError: 1 validation error for Document"
    ):
        analysis_process._ask(b"1", b"2", 60)
    assert analysis_process._POOL.idle_count()  # still answering: kept for the next document


def test_at_most_two_long_documents_are_analysed_at_once(monkeypatch):
    inside, most = [0], [0]
    lock = threading.Lock()
    release = threading.Event()

    def slow(_document, _rubric, _timeout):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        release.wait(5)
        with lock:
            inside[0] -= 1
        return None

    monkeypatch.setattr(analysis_process, "_ask_in_turn", slow)
    threads = [threading.Thread(target=analysis_process._ask, args=(b"", b"", 1)) for _ in range(5)]
    for thread in threads:
        thread.start()
    threading.Event().wait(0.3)
    assert most[0] == analysis_process.KEEP_IDLE == 2
    release.set()
    for thread in threads:
        thread.join()
    assert inside[0] == 0


def test_a_registered_check_keeps_the_analysis_here(long_report):
    # The process runs this package's own checks only: a plugin's would be missing there.
    checks.register(toy_check.CHECK)
    try:
        assert not analysis_process.apart(long_report)
    finally:
        checks.unregister("teapots")
    assert analysis_process.apart(long_report)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped (this machine's init may never reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_closing_a_child_also_ends_what_it_forked():
    # An analysis forks helpers that hold the reply pipe: killing only the child would leave
    # them running, and the parent waiting for the pipe to close.
    script = (
        "import os, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.write(1, str(os.getpid()).encode() + b'\\n')\n"
        "time.sleep(60)\n"
    )
    child = start_child([sys.executable, "-c", script])
    grandchild = int(os.read(child.from_child.fileno(), 64).split()[0])
    assert _alive(grandchild)
    child.close()
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def test_a_fork_does_not_inherit_the_parents_turns_or_processes():
    analysis_process.warm_analysis_process()
    parent_pool = analysis_process._POOL
    analysis_process._turns.acquire()
    analysis_process._turns.acquire()  # both turns held, as by two analyses in other threads
    try:
        pid = os.fork()
        if pid == 0:
            fresh = analysis_process._turns.acquire(blocking=False)
            os._exit(0 if fresh and analysis_process._POOL is not parent_pool else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        analysis_process._turns.release()
        analysis_process._turns.release()
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_the_process_has_one_thread_so_its_checks_may_fork(long_report):
    # The reason for the process: a thread started at import would keep the checks from
    # forking there, and the results would not show it.
    analysis_process.analyze_apart(long_report, default_rubric())
    child = analysis_process._POOL.acquire()
    try:
        assert os.listdir(f"/proc/{child.process.pid}/task") == [str(child.process.pid)]
    finally:
        analysis_process._POOL.release(child, analysis_process.KEEP_IDLE)
