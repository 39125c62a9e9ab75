"""Reading one PDF through the workers, under a wall-clock budget that grows with its pages.

This process only sends bytes and collects page text: pypdf runs in the workers
(`evaluator.ingest.pool`), which cap their own memory. A long PDF is shared between
`Limits.workers` workers, each reading every n-th page. Whatever arrived before a timeout or a
crash is kept; what is missing is recorded for the document's warnings.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from ..children import Child
from ..limits import Limits, limits_from_env
from . import pool, protocol
from .worker import clean_text


@dataclass
class Extraction:
    """What the workers returned for one PDF, before normalisation."""

    page_count: int = 0
    title: str | None = None
    texts: dict[int, str] = field(default_factory=dict)  # 0-based index → raw text
    failed: dict[int, str] = field(default_factory=dict)  # 0-based index → exception name
    truncated: set[int] = field(default_factory=set)
    left_out: set[int] = field(default_factory=set)  # read, but past the characters kept
    chars: int = 0  # characters held in `texts`
    fatal: tuple[str, str] | None = None
    timed_out: bool = False
    crashed: list[int] = field(default_factory=list)  # exit codes of workers that died
    workers_used: int = 0
    peak_rss_kb: list[int] = field(default_factory=list)
    seconds: float = 0.0
    budget_s: float = 0.0


def _start(worker: Child, header: bytes, data: bytes) -> bool:
    try:
        worker.to_child.send_bytes(header)
        worker.to_child.send_bytes(data)
    except OSError:  # the worker died while idle
        return False
    return True


# How long a worker may take to start (a new Python importing pypdf) before it says it has taken
# the job. Nothing of the file is read before then, so this waits for the machine, not the file.
START_ALLOWANCE_S = 60.0


def extract_pdf(
    data: bytes, password: str | None = None, limits: Limits | None = None
) -> Extraction:
    """Run pypdf over `data` in worker processes; never raises for any content of `data`.

    Each worker's time budget runs from when it says it has taken the job (STARTED), so
    starting a fresh Python on a busy machine is charged to no file. A worker still reading
    when its budget runs out is stopped and its missing pages recorded (`timed_out`).
    """
    limits = limits or limits_from_env()
    result = Extraction()
    started = time.monotonic()
    result.budget_s = limits.time_base_s
    active: dict[Connection, Child] = {}
    ready_at: dict[Connection, float] = {}  # when each worker took the job
    deadline: dict[Connection, float] = {}
    largest = protocol.largest_reply(limits)

    def launch(share: int) -> None:
        for _attempt in range(2):
            try:
                worker = pool.POOL.acquire(limits.memory_mb)
            except OSError as exc:  # no process could be started (limits of this machine)
                if share == 0:
                    result.fatal = ("unavailable", f"the PDF reader could not start ({exc})")
                return
            if _start(worker, protocol.job_header(limits, password, share), data):
                active[worker.from_child] = worker
                deadline[worker.from_child] = time.monotonic() + START_ALLOWANCE_S
                result.workers_used += 1
                return
            worker.close()
        result.crashed.append(-1)

    def drop(worker: Child) -> None:
        active.pop(worker.from_child, None)
        worker.close()

    launch(0)
    try:
        while active:
            now = time.monotonic()
            late = [conn for conn in active if deadline[conn] <= now]
            if late:
                result.timed_out = True
                for conn in late:
                    drop(active[conn])
                continue
            remaining = min(deadline[conn] for conn in active) - now
            for conn in wait(list(active), timeout=remaining):
                worker = active[conn]  # type: ignore[index]
                try:
                    message = protocol.decode(worker.from_child.recv_bytes(largest))
                except (EOFError, OSError, ValueError):
                    # The worker died (or spoke nonsense): kill it and keep what it sent.
                    if worker.process.poll() is None:
                        worker.process.kill()
                    result.crashed.append(worker.process.wait())
                    drop(worker)
                    continue
                kind = message.get("kind")
                if kind == protocol.STARTED and conn not in ready_at:
                    ready_at[conn] = time.monotonic()  # type: ignore[index]
                    deadline[conn] = ready_at[conn] + result.budget_s  # type: ignore[index]
                elif kind == protocol.OPENED and result.page_count == 0:
                    pages = message.get("pages")
                    result.page_count = pages if isinstance(pages, int) and pages > 0 else 0
                    title = message.get("title")
                    result.title = title if isinstance(title, str) else None
                    result.budget_s = limits.budget_s(result.page_count)
                    for ready in ready_at:
                        deadline[ready] = ready_at[ready] + result.budget_s
                    if result.page_count >= limits.parallel_min_pages:
                        for share in range(1, limits.workers):
                            launch(share)
                elif kind == protocol.PAGE:
                    _record_page(result, message, limits)
                elif kind == protocol.FATAL and result.fatal is None:
                    result.fatal = (str(message["code"]), str(message["message"]))
                elif kind == protocol.IDLE:
                    result.peak_rss_kb.append(int(message.get("peak_rss_kb", 0)))
                    active.pop(conn, None)  # type: ignore[call-overload]
                    if message.get("retire"):
                        worker.close()
                    else:
                        pool.POOL.release(worker, max(limits.workers, pool.KEEP_IDLE))
    finally:
        for worker in list(active.values()):
            drop(worker)
    result.seconds = time.monotonic() - started
    return result


def _record_page(result: Extraction, message: protocol.Message, limits: Limits) -> None:
    index = message.get("index")
    if not isinstance(index, int) or not 0 <= index < result.page_count:
        return
    if message.get("text") is not None:
        if index not in result.texts:
            result.texts[index] = clean_text(str(message["text"]))
            result.chars += len(result.texts[index])
            _keep_within(result, limits.max_analysis_chars)
    else:
        result.failed[index] = str(message.get("error"))
    if message.get("truncated"):
        result.truncated.add(index)


def _keep_within(result: Extraction, most: int) -> None:
    """Drop the text of the last page held while the pages before it already hold `most`
    characters. Whatever order pages arrive in, at most `most` plus one page is held, and once
    every page has arrived the pages kept are those a cut in page order keeps."""
    while len(result.texts) > 1:
        last = max(result.texts)
        before = result.chars - len(result.texts[last])
        if before < most:
            return
        del result.texts[last]
        result.chars = before
        result.left_out.add(last)


def tiny_pdf() -> bytes:
    """A one-page PDF, built here so that warming up needs no file."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 34 >>\nstream\nBT /F1 9 Tf 9 99 Td (ready) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def warm_up(limits: Limits | None = None) -> None:
    """Start `limits.workers` workers and let each read a one-page PDF, so the first real
    file does not pay for starting Python and importing pypdf (call it when the app starts)."""
    limits = limits or limits_from_env()
    tiny = tiny_pdf()
    threads = [
        threading.Thread(target=extract_pdf, args=(tiny, None, limits), daemon=True)
        for _ in range(limits.workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
