"""Same input, same result (issue 13, item 5): a slow extraction worker gives either the same
analysis as a quick one or a loudly partial one, never a silently different one.

The workers here are the real worker program, slowed inside by a sleep before it serves (a
fresh Python on a busy machine) or before each page (pages read slowly). The sleeps alone
decide the outcome: a worker slow to start stays within any budget, because the budget runs
from when the worker takes the job, and pages that take longer than the budget are always cut.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from evaluator import cli
from evaluator.analysis import analyze
from evaluator.ingest import load_bytes, pool, shutdown_workers
from evaluator.limits import INCOMPLETE, Limits
from evaluator.rubrics import default_rubric

SAMPLE = Path(__file__).resolve().parent.parent / "sample_reports" / "kirkford-audit" / "report.pdf"

# The real worker, with `START` seconds of sleep before it serves and `PAGE` before each page.
_SLOWED_WORKER = """
import sys, time
import pypdf
from evaluator.ingest import worker
time.sleep(START)
extract = pypdf.PageObject.extract_text
def slow_extract(self, *args, **kwargs):
    time.sleep(PAGE)
    return extract(self, *args, **kwargs)
pypdf.PageObject.extract_text = slow_extract
worker.serve(int(sys.argv[1]))
"""

# Both workers share the 5-page sample, and the budget is far shorter than the defaults.
TIGHT = Limits(workers=2, parallel_min_pages=2, time_base_s=1.5, time_per_page_s=0.0)


def _slowed(monkeypatch: pytest.MonkeyPatch, start_s: float, page_s: float) -> None:
    script = _SLOWED_WORKER.replace("START", repr(start_s)).replace("PAGE", repr(page_s))
    shutdown_workers()  # no worker of another test (or of another speed) is reused
    monkeypatch.setattr(
        pool, "worker_command", lambda mb: [sys.executable, "-c", script, str(mb * 1024 * 1024)]
    )


def _analysis_json(limits: Limits) -> dict:
    document = load_bytes(SAMPLE.read_bytes(), SAMPLE.name, limits=limits, cache=False)
    return json.loads(analyze(document, default_rubric(), limits=limits).model_dump_json())


@pytest.fixture(scope="module")
def reference() -> dict:
    shutdown_workers()
    try:
        return _analysis_json(Limits())
    finally:
        shutdown_workers()


def _loudly_partial(result: dict) -> bool:
    warnings = result["document"]["warnings"]
    return result["score"]["complete"] is False and any(w.startswith(INCOMPLETE) for w in warnings)


def test_a_worker_slow_to_start_gives_the_same_analysis(
    monkeypatch: pytest.MonkeyPatch, reference: dict
) -> None:
    # Each worker sleeps longer than the whole budget before it is ready: before the budget
    # started at readiness, its pages were cut (and the score silently changed).
    _slowed(monkeypatch, start_s=2.0, page_s=0.0)
    try:
        result = _analysis_json(TIGHT)
    finally:
        shutdown_workers()
    assert result == reference


def test_pages_read_past_the_budget_make_the_analysis_loudly_partial(
    monkeypatch: pytest.MonkeyPatch, reference: dict, tmp_path: Path
) -> None:
    _slowed(monkeypatch, start_s=0.0, page_s=1.0)  # 5 pages on 2 workers: 3 s against 1.5 s
    monkeypatch.setenv("EVALUATOR_WORKERS", "2")
    monkeypatch.setenv("EVALUATOR_PARALLEL_MIN_PAGES", "2")
    monkeypatch.setenv("EVALUATOR_TIME_BASE_S", "1.5")
    monkeypatch.setenv("EVALUATOR_TIME_PER_PAGE_S", "0")
    path = tmp_path / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    try:
        result = _analysis_json(TIGHT)
        out = io.StringIO()
        assert cli.main(["analyze", str(path)], out=out, err=io.StringIO()) == 0
        as_json = io.StringIO()
        cli.main(["analyze", str(path), "--format", "json"], out=as_json, err=io.StringIO())
    finally:
        shutdown_workers()
    assert result != reference
    assert _loudly_partial(result), result["document"]["warnings"]
    assert any("could not be read this time" in w for w in result["document"]["warnings"])
    # Every output says so: the JSON, and the table with its warning and its note.
    assert _loudly_partial(json.loads(as_json.getvalue()))
    assert "Warning:  analysis incomplete" in out.getvalue()
    assert "the score is incomplete" in out.getvalue()


@pytest.mark.parametrize("page_s", [0.0, 0.2, 0.5])
def test_any_speed_gives_the_same_analysis_or_a_loudly_partial_one(
    monkeypatch: pytest.MonkeyPatch, reference: dict, page_s: float
) -> None:
    # Whether these finish in time depends on the machine; what they may not do is differ
    # from the reference without saying so.
    _slowed(monkeypatch, start_s=0.0, page_s=page_s)
    try:
        result = _analysis_json(TIGHT)
    finally:
        shutdown_workers()
    assert result == reference or _loudly_partial(result), result["document"]["warnings"]
