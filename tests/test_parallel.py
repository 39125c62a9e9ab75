"""Issue 13 item 3: the checks of a long report run on two cores (a forked helper computes the
per-passage facts of the second page range, then another runs the checks nobody depends on
beside the others) and the analysis is exactly the one computed in one process, whatever
happens to the helpers."""

from __future__ import annotations

import contextlib
import os
import threading

import pytest
from test_linearity import report

from evaluator.analysis import analyze
from evaluator.checks import Context, parallel
from evaluator.rubrics import default_rubric

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(scope="module")
def long_report():
    document = report(90)
    assert len(Context.build(document).passages) >= parallel.MIN_PASSAGES
    return document


@pytest.fixture(scope="module")
def serial_json(long_report) -> str:
    """The analysis with no helper and no store: every fact computed where a check asks."""
    unstored = parallel.precomputed
    parallel.precomputed = lambda passages, out_of_time: contextlib.nullcontext()
    try:
        return analyze(long_report, default_rubric()).model_dump_json()
    finally:
        parallel.precomputed = unstored


def test_one_process_with_the_store_gives_the_same_analysis(long_report, serial_json):
    parallel.enabled = False
    try:
        assert analyze(long_report, default_rubric()).model_dump_json() == serial_json
    finally:
        parallel.enabled = True


@pytest.fixture
def alone(monkeypatch):
    """As if this process had only its main thread: threads that earlier tests left behind (a
    browser test's server, a warm-up thread) would otherwise keep the helpers from forking."""
    count, left = threading.active_count, threading.active_count() - 1
    monkeypatch.setattr(threading, "active_count", lambda: count() - left)


def test_the_helpers_run_and_the_analysis_is_identical(
    long_report, serial_json, monkeypatch, alone
):
    helpers: list[int] = []
    fork = parallel.fork

    def counted(work):
        pid, pipe = fork(work)
        helpers.append(pid)
        return pid, pipe

    monkeypatch.setattr(parallel, "fork", counted)
    assert analyze(long_report, default_rubric()).model_dump_json() == serial_json
    # The facts of the second page range; the checks beside the rest; sources, once the
    # denominators check has written what it needs, beside extrapolation and scope.
    assert len(helpers) == 3


def test_a_check_runs_beside_the_rest_once_the_checks_it_needs_have_run() -> None:
    from evaluator.checks import checks
    from evaluator.checks.runner import _leaves

    by_id = {c.criterion: c for c in checks()}
    chain = [by_id[i] for i in ("denominators", "extrapolation", "scope", "sources")]
    assert _leaves(chain, set()) == ()
    rest = chain[1:]
    # Whether or not denominators found anything: its findings are known once it has run.
    assert [c.criterion for c in _leaves(rest, {"denominators"})] == ["sources"]
    done = {"denominators", "extrapolation"}
    assert [c.criterion for c in _leaves(rest[1:], done)] == ["scope", "sources"]


def test_a_check_forked_beside_the_rest_sees_what_it_needs() -> None:
    # Scope reads the percentages and scale claims in `detect`: forked with an empty view it
    # said "0 of 100 percentages have a period" where one process said "100 of 100" (found in
    # review, session 7). A helper starts from what was written before the fork and sends back
    # only what its own checks wrote.
    from evaluator.checks import checks
    from evaluator.checks.runner import _in_helper, _run_checks
    from evaluator.ingest import load_bytes

    para = (
        "Police recorded 1,240 offences in the county in 2021. Of the 1,240 offences, 512 "
        "(41.3%) were thefts. There are 250,000 victims of fraud across the country every "
        "year, the council told us. Officers in Kirkford made 300 arrests.\n\n"
    )
    document = load_bytes(("# Report\n\n" + para * 20).encode(), "r.md", cache=False)
    context = Context.build(document)
    by_id = {c.criterion: c for c in checks()}
    before: dict = {}
    _run_checks([by_id["denominators"], by_id["extrapolation"]], context, lambda: False, before)
    assert before["percentages"] and before["scale_claims"]
    alone_here = dict(before)
    _run_checks([by_id["scope"]], context, lambda: False, alone_here)
    expected = {k: v for k, v in alone_here.items() if k not in before}
    sent = _in_helper([by_id["scope"]], context, lambda: False, before)
    assert sent is not None and sent[0] == expected
    blind = _in_helper([by_id["scope"]], context, lambda: False)
    assert blind is not None and blind[0] != expected  # what an empty view had given


def test_a_helper_that_dies_changes_nothing(long_report, serial_json, monkeypatch):
    def dying(_passages, _out_of_time):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os._exit(3)  # dies before sending anything
        os.close(write_end)
        return pid, read_end

    monkeypatch.setattr(parallel, "_helper", dying)
    assert analyze(long_report, default_rubric()).model_dump_json() == serial_json


def test_a_helper_sending_garbage_changes_nothing(long_report, serial_json, monkeypatch):
    def garbling(_passages, _out_of_time):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(write_end, b"\x80\x05not a pickle")
            os._exit(0)
        os.close(write_end)
        return pid, read_end

    monkeypatch.setattr(parallel, "_helper", garbling)
    assert analyze(long_report, default_rubric()).model_dump_json() == serial_json


def test_no_fork_while_another_thread_runs(long_report, alone):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel.worth_forking(Context.build(long_report).passages)
    finally:
        stop.set()
        other.join()
    assert parallel.worth_forking(Context.build(long_report).passages)


def test_short_documents_are_not_split(long_report):
    passages = Context.build(long_report).passages
    assert not parallel.worth_forking(passages[: parallel.MIN_PASSAGES - 1])


def test_the_split_falls_between_pages(long_report):
    passages = Context.build(long_report).passages
    middle = parallel.split(passages)
    assert 0 < middle < len(passages)
    assert passages[middle - 1].page != passages[middle].page


def test_a_fact_is_keyed_alike_however_it_is_called_and_hands_out_copies():
    calls: list[tuple] = []

    @parallel.passage_fact(lambda p: (p.text, False))
    def fact(text: str, flag: bool = False) -> list[str]:
        calls.append((text, flag))
        return [text]

    parallel._local.store = {}
    try:
        first = fact("a")
        first.append("changed by a caller")
        assert fact("a", False) == ["a"]
        assert fact("a", flag=False) == ["a"]
        assert fact("a", True) == ["a"]
    finally:
        parallel._local.store = None
    assert calls == [("a", False), ("a", True)]
    assert fact("a") == ["a"] and len(calls) == 3  # no store outside an analysis


def test_a_check_that_raises_in_the_helper_raises_here(long_report):
    from evaluator import checks
    from evaluator.checks.runner import _leaves
    from evaluator.models import Signal

    def brittle(_context):
        raise RuntimeError("brittle check")

    checks.register(
        checks.Check(
            criterion="brittle",
            produces={"brittle_items": Signal},
            needs=(),
            detect=brittle,
            suggest=lambda findings, context: checks.no_suggestion("brittle"),
        )
    )
    try:
        assert "brittle" in {c.criterion for c in _leaves(list(checks.checks()), set())}
        with pytest.raises(RuntimeError, match="brittle check"):
            analyze(long_report, default_rubric())
    finally:
        checks.unregister("brittle")
