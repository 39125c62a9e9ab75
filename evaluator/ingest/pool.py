"""The PDF worker processes: starting them, keeping idle ones for reuse, stopping them.

A worker is `python -m evaluator.ingest.worker` in a process of its own, so no input can take
this process down. Workers are kept in a small pool by memory cap and reused; one that timed out,
crashed or grew large is closed instead of returned (see `extraction.extract_pdf`).
"""

from __future__ import annotations

import atexit
import os
import threading
from dataclasses import dataclass

from ..children import Child, module_command, start_child

# Idle workers kept per memory cap: enough for two-way sharing whatever one call asked for.
KEEP_IDLE = 2


@dataclass(eq=False)
class Worker(Child):
    memory_mb: int = 0


def worker_command(memory_mb: int) -> list[str]:
    return module_command("evaluator.ingest.worker", str(memory_mb * 1024 * 1024))


def spawn(memory_mb: int) -> Worker:
    return Worker(*start_child(worker_command(memory_mb)), memory_mb=memory_mb)


class Pool:
    """Idle workers by memory cap; at most `keep` idle per cap (calls with different
    `Limits.workers` share them, so the cap does not follow one call's setting)."""

    def __init__(self) -> None:
        self._idle: dict[int, list[Worker]] = {}
        self._lock = threading.Lock()
        self.spawned = 0

    def acquire(self, memory_mb: int) -> Worker:
        with self._lock:
            idle = self._idle.get(memory_mb, [])
            while idle:
                worker = idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.close()
            self.spawned += 1
        return spawn(memory_mb)

    def release(self, worker: Worker, keep: int) -> None:
        with self._lock:
            idle = self._idle.setdefault(worker.memory_mb, [])
            if worker.process.poll() is None and len(idle) < keep:
                idle.append(worker)
                return
        worker.close()

    def prestart(self, memory_mb: int, count: int = 1) -> None:
        """Have `count` workers idle, starting the missing ones now without waiting for them:
        a new Python importing pypdf then overlaps with whatever this process does before it
        reads the PDF."""
        with self._lock:
            missing = max(0, count - len(self._idle.get(memory_mb, [])))
            self.spawned += missing
        for _ in range(missing):
            self.release(spawn(memory_mb), max(count, KEEP_IDLE))

    def idle_count(self, memory_mb: int) -> int:
        with self._lock:
            return len(self._idle.get(memory_mb, []))

    def shutdown(self) -> None:
        with self._lock:
            workers = [w for ws in self._idle.values() for w in ws]
            self._idle.clear()
        for worker in workers:
            worker.close()


POOL = Pool()


def _forget_inherited_workers() -> None:
    """A forked child starts with an empty pool: the idle workers it inherited are the
    parent's, and sharing their pipes would mix up replies (or kill them at the child's exit)."""
    global POOL
    POOL = Pool()


os.register_at_fork(after_in_child=_forget_inherited_workers)
atexit.register(lambda: POOL.shutdown())


def shutdown_workers() -> None:
    """Stop the idle extraction workers (they are also stopped at exit)."""
    POOL.shutdown()
