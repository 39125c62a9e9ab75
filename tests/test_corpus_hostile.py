"""Every file in ../shared/corpus/hostile (skipped when absent) is analysed, or refused with a
one-line InputError; none crashes the test process or hangs.

The 678 files run on two threads that share the pool of extraction workers, so the whole
corpus costs about as long as its slowest few files (see docs/performance.md for figures).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import pytest

from evaluator.analysis import analyze
from evaluator.errors import InputError
from evaluator.ingest import load_bytes
from evaluator.limits import Limits
from evaluator.rubrics import default_rubric

HOSTILE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "hostile"
FILES = sorted(p for p in HOSTILE.iterdir() if p.is_file()) if HOSTILE.is_dir() else []

CODES = {
    "not_pdf",
    "encrypted",
    "wrong_password",
    "no_text_layer",
    "too_large",
    "too_many_pages",
    "damaged",
    "timeout",
    "memory",
    "not_text",
    "unsupported",
    "empty",
    "unavailable",
}
# A hang guard for the whole corpus, far above the sum of the per-file budgets that the
# ingestion enforces itself; reaching it means a budget was not enforced.
GUARD_S = 900


def outcome(path: Path, limits: Limits) -> tuple[str, str, str]:
    """(status, code or page count, message or warnings) for one file."""
    try:
        document = load_bytes(path.read_bytes(), path.name, limits=limits, cache=False)
    except InputError as error:
        return "refused", error.code, error.message
    except BaseException as exc:  # anything else is the bug this test looks for
        return "crash", type(exc).__name__, str(exc)[:200]
    try:
        analysis = analyze(document, default_rubric())
    except BaseException as exc:
        return "crash", f"analysis {type(exc).__name__}", str(exc)[:200]
    return "analysed", str(analysis.document.pages), " | ".join(document.warnings)


@pytest.mark.skipif(not FILES, reason="../shared/corpus/hostile is absent")
def test_every_hostile_file_is_analysed_or_refused_in_one_line() -> None:
    limits = Limits()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {pool.submit(outcome, path, limits): path for path in FILES}
        done, pending = wait(futures, timeout=GUARD_S)
        for future in pending:
            future.cancel()
    assert not pending, f"hung: {sorted(futures[f].name for f in pending)[:10]}"
    results = {futures[f].name: f.result() for f in done}
    crashes = {name: r for name, r in results.items() if r[0] == "crash"}
    assert not crashes, crashes
    for name, (status, code, message) in results.items():
        if status == "refused":
            assert code in CODES, (name, code)
            assert message and "\n" not in message, name
        else:
            assert int(code) >= 1, name
            assert "\n" not in message, name
    statuses = [r[0] for r in results.values()]
    # The corpus holds readable, encrypted, image-only and broken files: all kinds must occur.
    assert statuses.count("analysed") > 100
    codes = {r[1] for r in results.values() if r[0] == "refused"}
    assert {"encrypted", "no_text_layer", "damaged", "not_pdf"} <= codes
