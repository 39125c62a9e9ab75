"""CPU time of one piece of work, for the tests that compare growth rather than speed."""

from __future__ import annotations

import time
from collections.abc import Callable

from evaluator.checks import denominators
from evaluator.checks.prefilter import forget_texts


def _forget() -> None:
    forget_texts()
    for cached in denominators.TEXT_CACHES:
        cached.cache_clear()


def cpu_seconds(work: Callable[[], object]) -> float:
    """Best of three, in this thread's CPU time: threads left running by earlier tests (app
    servers' helpers, pools) count in the process's time and once pushed a ratio over its bound
    in CI; the analyses measured here run in the calling thread. Each run starts with no text
    cached, as a user's one reading of a document does: a small input kept whole in the cache
    by the run before, timed against a large one that overflows it, made a ratio of 4 read as
    8.9 (CI, session 21)."""
    best = float("inf")
    for _ in range(3):
        _forget()
        start = time.thread_time()
        work()
        best = min(best, time.thread_time() - start)
    return max(best, 1e-3)
