"""The PDF worker processes: starting them, keeping idle ones for reuse, stopping them.

A worker is `python -m evaluator.ingest.worker` in a process of its own, so no input can take
this process down. Workers are kept in a small pool (`children.Pool`) by memory cap and reused;
one that timed out, crashed or grew large is closed instead of returned (see
`extraction.extract_pdf`).
"""

from __future__ import annotations

import atexit
import os

from ..children import Child, Pool, module_command, start_child

# Idle workers kept per memory cap: enough for two-way sharing whatever one call asked for.
KEEP_IDLE = 2


def worker_command(memory_mb: int) -> list[str]:
    return module_command("evaluator.ingest.worker", str(memory_mb * 1024 * 1024))


def spawn(memory_mb: int) -> Child:
    return start_child(worker_command(memory_mb), key=memory_mb)


POOL = Pool(spawn)


def _forget_inherited_workers() -> None:
    """A forked child starts with an empty pool: the idle workers it inherited are the
    parent's, and sharing their pipes would mix up replies (or kill them at the child's exit)."""
    global POOL
    POOL = Pool(spawn)


os.register_at_fork(after_in_child=_forget_inherited_workers)
atexit.register(lambda: POOL.shutdown())


def shutdown_workers() -> None:
    """Stop the idle extraction workers (they are also stopped at exit)."""
    POOL.shutdown()
