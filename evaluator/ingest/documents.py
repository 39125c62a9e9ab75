"""Turn bytes (PDF, UTF-8 text or Markdown) into a normalised `Document`.

PDFs are read by pypdf in worker processes (evaluator.pdf_worker) that cap their own memory,
under a wall-clock budget that grows with the page count (`Limits.budget_s`). This process only
hashes, sends bytes, receives page text and normalises it, so no input can take it down. A long
PDF is shared between `Limits.workers` workers, each reading every n-th page. Workers are kept in
a small pool and reused; one that timed out, crashed or grew large is replaced.

Every refusal is an `InputError(code, message)` with a one-line message; a partial extraction is
a document with a warning that names the pages.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .cache import LRU, cache_key
from .errors import InputError
from .limits import INCOMPLETE, Limits, limits_from_env
from .models import Document, Page
from .normalise import NORMALISER_VERSION, clean_line, normalise_pages, page_list
from .pdf_worker import clean_text

# Idle workers kept per memory cap: enough for two-way sharing whatever one call asked for.
KEEP_IDLE = 2
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# Refusals that are not cached: those that depend on the password given, and those that say
# more about this machine's load at the time than about the file (a timeout, the memory cap,
# no worker), so the next try reads the file again.
_UNCACHED_CODES = {"encrypted", "wrong_password", "timeout", "memory", "unavailable"}

__all__ = [
    "Extraction",
    "Limits",
    "clear_cache",
    "extract_pdf",
    "load_bytes",
    "load_path",
    "sha256_of",
    "shutdown_workers",
]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- worker pool --------------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    to_worker: Connection
    from_worker: Connection
    memory_mb: int

    def close(self) -> None:
        """Kill the process (if alive) and release its pipes."""
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for conn in (self.to_worker, self.from_worker):
            with contextlib.suppress(OSError):
                conn.close()


def _worker_command(memory_mb: int) -> list[str]:
    return [sys.executable, "-m", "evaluator.pdf_worker", str(memory_mb * 1024 * 1024)]


def _spawn(memory_mb: int) -> _Worker:
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    job_r, job_w = os.pipe()
    out_r, out_w = os.pipe()
    try:
        process = subprocess.Popen(
            _worker_command(memory_mb),
            stdin=job_r,
            stdout=out_w,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
    finally:
        os.close(job_r)
        os.close(out_w)
    return _Worker(
        process=process,
        to_worker=Connection(job_w, readable=False),
        from_worker=Connection(out_r, writable=False),
        memory_mb=memory_mb,
    )


class _Pool:
    """Idle workers by memory cap; at most `keep` idle per cap (calls with different
    `Limits.workers` share them, so the cap does not follow one call's setting)."""

    def __init__(self) -> None:
        self._idle: dict[int, list[_Worker]] = {}
        self._lock = threading.Lock()
        self.spawned = 0

    def acquire(self, memory_mb: int) -> _Worker:
        with self._lock:
            idle = self._idle.get(memory_mb, [])
            while idle:
                worker = idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.close()
            self.spawned += 1
        return _spawn(memory_mb)

    def release(self, worker: _Worker, keep: int) -> None:
        with self._lock:
            idle = self._idle.setdefault(worker.memory_mb, [])
            if worker.process.poll() is None and len(idle) < keep:
                idle.append(worker)
                return
        worker.close()

    def idle_count(self, memory_mb: int) -> int:
        with self._lock:
            return len(self._idle.get(memory_mb, []))

    def shutdown(self) -> None:
        with self._lock:
            workers = [w for ws in self._idle.values() for w in ws]
            self._idle.clear()
        for worker in workers:
            worker.close()


_POOL = _Pool()


def _forget_inherited_workers() -> None:
    """A forked child starts with an empty pool: the idle workers it inherited are the
    parent's, and sharing their pipes would mix up replies (or kill them at the child's exit)."""
    global _POOL
    _POOL = _Pool()


os.register_at_fork(after_in_child=_forget_inherited_workers)
atexit.register(lambda: _POOL.shutdown())


def shutdown_workers() -> None:
    """Stop the idle extraction workers (they are also stopped at exit)."""
    _POOL.shutdown()


def _tiny_pdf() -> bytes:
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
    tiny = _tiny_pdf()
    threads = [
        threading.Thread(target=extract_pdf, args=(tiny, None, limits), daemon=True)
        for _ in range(limits.workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- extraction ---------------------------------------------------------------------------------


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


def _job(limits: Limits, password: str | None, share: int) -> bytes:
    header = {
        "password": password,
        "share": share,
        "shares": limits.workers,
        "parallel_min_pages": limits.parallel_min_pages,
        "max_pages": limits.max_pages,
        "max_chars": limits.max_chars_per_page,
        "time_base_s": limits.time_base_s,
        "time_per_page_s": limits.time_per_page_s,
        "pypdf": limits.pypdf,
    }
    return json.dumps(header).encode("utf-8")


def _start(worker: _Worker, header: bytes, data: bytes) -> bool:
    try:
        worker.to_worker.send_bytes(header)
        worker.to_worker.send_bytes(data)
    except OSError:  # the worker died while idle
        return False
    return True


def extract_pdf(
    data: bytes, password: str | None = None, limits: Limits | None = None
) -> Extraction:
    """Run pypdf over `data` in worker processes; never raises for any content of `data`."""
    limits = limits or limits_from_env()
    result = Extraction()
    started = time.monotonic()
    # The budget runs from when the first worker takes the job, so starting a fresh Python
    # (slow on a loaded machine) is not charged to the file; until then it runs from now.
    budget_from = started
    deadline = budget_from + limits.time_base_s
    result.budget_s = limits.time_base_s
    active: dict[Connection, _Worker] = {}
    max_message = limits.max_chars_per_page * 4 + 65_536

    def launch(share: int) -> None:
        for _attempt in range(2):
            try:
                worker = _POOL.acquire(limits.memory_mb)
            except OSError as exc:  # no process could be started (limits of this machine)
                if share == 0:
                    result.fatal = ("unavailable", f"the PDF reader could not start ({exc})")
                return
            if _start(worker, _job(limits, password, share), data):
                active[worker.from_worker] = worker
                result.workers_used += 1
                return
            worker.close()
        result.crashed.append(-1)

    def drop(worker: _Worker) -> None:
        active.pop(worker.from_worker, None)
        worker.close()

    launch(0)
    first = next(iter(active.values()), None)
    try:
        while active:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                result.timed_out = True
                break
            for conn in wait(list(active), timeout=remaining):
                worker = active[conn]  # type: ignore[index]
                try:
                    message = json.loads(worker.from_worker.recv_bytes(max_message))
                    kind = message.get("kind")
                except (EOFError, OSError, ValueError, AttributeError):
                    # The worker died (or spoke nonsense): kill it and keep what it sent.
                    if worker.process.poll() is None:
                        worker.process.kill()
                    result.crashed.append(worker.process.wait())
                    drop(worker)
                    continue
                if kind == "started" and worker is first and result.page_count == 0:
                    budget_from = time.monotonic()
                    deadline = budget_from + limits.time_base_s
                elif kind == "opened" and result.page_count == 0:
                    pages = message.get("pages")
                    result.page_count = pages if isinstance(pages, int) and pages > 0 else 0
                    title = message.get("title")
                    result.title = title if isinstance(title, str) else None
                    result.budget_s = limits.budget_s(result.page_count)
                    deadline = budget_from + result.budget_s
                    if result.page_count >= limits.parallel_min_pages:
                        for share in range(1, limits.workers):
                            launch(share)
                elif kind == "page":
                    index = message.get("index")
                    if not isinstance(index, int) or not 0 <= index < result.page_count:
                        continue
                    if message.get("text") is not None:
                        if index not in result.texts:
                            result.texts[index] = clean_text(str(message["text"]))
                            result.chars += len(result.texts[index])
                            _keep_within(result, limits.max_analysis_chars)
                    else:
                        result.failed[index] = str(message.get("error"))
                    if message.get("truncated"):
                        result.truncated.add(index)
                elif kind == "fatal" and result.fatal is None:
                    result.fatal = (str(message["code"]), str(message["message"]))
                elif kind == "idle":
                    result.peak_rss_kb.append(int(message.get("peak_rss_kb", 0)))
                    active.pop(conn, None)  # type: ignore[call-overload]
                    if message.get("retire"):
                        worker.close()
                    else:
                        _POOL.release(worker, max(limits.workers, KEEP_IDLE))
    finally:
        for worker in list(active.values()):
            drop(worker)
    result.seconds = time.monotonic() - started
    return result


# --- documents ----------------------------------------------------------------------------------


def _name(filename: str | None) -> str:
    return filename or "the PDF"


def _refuse(extraction: Extraction, filename: str | None) -> InputError | None:
    """The error for an extraction that produced no usable page, else None."""
    name = _name(filename)
    if extraction.fatal and not extraction.texts:
        code, reason = extraction.fatal
        if code == "encrypted":
            return InputError(code, f"{name} is encrypted: give its password to read it")
        if code == "wrong_password":
            return InputError(code, f"{name}: the password is wrong for this PDF")
        return InputError(code, f"{name} cannot be read: {reason}")
    if extraction.texts:
        return None
    if extraction.timed_out:
        return InputError(
            "timeout",
            f"{name}: reading stopped at the time limit of {extraction.budget_s:.0f} s "
            f"for {extraction.page_count or 'its'} pages; the file may be built to be slow",
        )
    if "MemoryError" in extraction.failed.values():
        return InputError("memory", f"{name} cannot be read within the memory limit of the reader")
    if extraction.crashed:
        return InputError(
            "damaged",
            f"{name} cannot be read: the PDF reader stopped unexpectedly "
            f"(exit status {extraction.crashed[0]})",
        )
    if extraction.page_count == 0:
        return InputError("damaged", f"{name} cannot be read: it has no pages")
    kinds = sorted(set(extraction.failed.values()))
    return InputError(
        "damaged", f"{name} cannot be read: every page failed ({', '.join(kinds)[:120]})"
    )


_REASONS = {
    "MemoryError": "the worker's memory cap was reached",
    "LimitReachedError": "a safety limit of the PDF reader was reached",
    "RecursionError": "objects are nested too deeply",
}


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


def _extraction_warnings(extraction: Extraction, limits: Limits) -> list[str]:
    warnings = []
    by_reason: dict[str, list[int]] = {}
    for i in range(extraction.page_count):
        if i in extraction.texts or i in extraction.left_out:
            continue
        if i in extraction.failed:
            name = extraction.failed[i]
            reason = _REASONS.get(name, f"the page is damaged ({name})")
        elif extraction.timed_out:
            reason = f"the time limit of {extraction.budget_s:.0f} s was reached"
        else:
            reason = "the reader stopped unexpectedly"
        by_reason.setdefault(reason, []).append(i + 1)
    for reason, pages in by_reason.items():
        plural = "s" if len(pages) > 1 else ""
        warnings.append(f"partly extracted: page{plural} {page_list(pages)} not read: {reason}")
    if extraction.truncated:
        warnings.append(
            _cut_warning(
                sorted(i + 1 for i in extraction.truncated),
                f"a safety limit (nested forms or over {limits.max_chars_per_page:,} characters)",
            )
        )
    return warnings


_NON_BLANK = re.compile(r"\S")
_PDF_HEADER_AFTER_SPACE = re.compile(rb"\s*%PDF-")


def _blank(text: str, limits: Limits, start: int = 0, end: int | None = None) -> bool:
    """Fewer than `min_chars_per_page` non-blank characters in text[start:end]; stops at the
    first few and copies nothing, so a huge page costs one scan."""
    matches = _NON_BLANK.finditer(text, start, len(text) if end is None else end)
    return next(islice(matches, limits.min_chars_per_page - 1, None), None) is None


def _cut_warning(pages: list[int], why: str) -> str:
    plural = "s" if len(pages) > 1 else ""
    return f"partly extracted: text on page{plural} {page_list(pages)} was cut short at {why}"


def _read_lengths(
    lengths: list[int], limits: Limits, *, page_cap: bool, left_out: Iterable[int] = ()
) -> tuple[list[int], list[str]]:
    """How many characters of each page go on to normalisation and analysis, and a warning for
    what does not: each page at most `max_chars_per_page` (when `page_cap`; PDF workers cut
    their own pages) and the document at most `max_analysis_chars`, which bounds the memory and
    time of everything after reading (the rest would not be analysed anyway). `left_out` are
    0-based pages dropped before (see `_keep_within`)."""
    kept: list[int] = []
    over_page: list[int] = []
    over_document = [i + 1 for i in left_out]  # PDF pages already dropped as they arrived
    room = limits.max_analysis_chars
    for number, length in enumerate(lengths, start=1):
        keep = min(length, limits.max_chars_per_page) if page_cap else length
        if keep < length:
            over_page.append(number)
        if keep > room:
            over_document.append(number)
            keep = room
        room -= keep
        kept.append(keep)
    warnings = []
    if over_page:
        warnings.append(
            _cut_warning(
                over_page, f"a safety limit (over {limits.max_chars_per_page:,} characters)"
            )
        )
    if over_document:
        over_document.sort()
        plural = len(over_document) > 1
        warnings.append(
            f"{INCOMPLETE}: the text is longer than the {limits.max_analysis_chars:,} characters "
            f"read per document, so page{'s' if plural else ''} {page_list(over_document)} "
            f"{'were' if plural else 'was'} read in part or not at all and the suggestions and "
            "the score do not cover the rest (EVALUATOR_MAX_ANALYSIS_CHARS sets this budget)"
        )
    return kept, warnings


def _build(
    raw_pages: list[str],
    *,
    data: bytes,
    source: str,
    title: str | None,
    filename: str | None,
    warnings: list[str],
) -> Document:
    normalised = normalise_pages(raw_pages)
    pages = [
        Page(
            number=i,
            text=n.text,
            raw_text=None if n.text == raw else raw,
            edits=n.edits,
        )
        for i, (raw, n) in enumerate(zip(raw_pages, normalised.pages, strict=True), start=1)
    ]
    return Document(
        sha256=sha256_of(data),
        source=source,  # type: ignore[arg-type]
        title=(clean_line(title) or None) if title else None,
        filename=filename,
        pages=pages,
        warnings=[*warnings, *normalised.warnings],
    )


def _transient(extraction: Extraction) -> bool:
    """True when pages are missing for a reason of this machine at this time (the time limit,
    the memory cap, a worker that died or could not start), not of the file alone."""
    return (
        extraction.timed_out
        or bool(extraction.crashed)
        or "MemoryError" in extraction.failed.values()
    )


def _pdf_document(
    data: bytes, filename: str | None, password: str | None, limits: Limits
) -> tuple[Document, bool]:
    """The document, and whether it may be cached (False when a transient cause cut it)."""
    extraction = extract_pdf(data, password, limits)
    error = _refuse(extraction, filename)
    if error:
        raise error
    raw_pages = [extraction.texts.get(i, "") for i in range(extraction.page_count)]
    empty = [
        i + 1 for i, text in enumerate(raw_pages) if i in extraction.texts and _blank(text, limits)
    ]
    if len(empty) == len(extraction.texts):
        raise InputError(
            "no_text_layer",
            f"{_name(filename)} has no text layer on "
            f"{'its only page' if extraction.page_count == 1 else 'pages ' + page_list(empty)}: "
            "it looks like scanned images, so it needs OCR before it can be analysed",
        )
    warnings = _extraction_warnings(extraction, limits)
    kept, cut = _read_lengths(
        [len(t) for t in raw_pages], limits, page_cap=False, left_out=extraction.left_out
    )
    raw_pages = [t if n == len(t) else t[:n] for t, n in zip(raw_pages, kept, strict=True)]
    warnings.extend(cut)
    if empty:
        warnings.append(
            f"no text layer on page{'s' if len(empty) > 1 else ''} {page_list(empty)}: "
            "they may be images that need OCR, so nothing on them was analysed"
        )
    document = _build(
        raw_pages,
        data=data,
        source="pdf",
        title=extraction.title,
        filename=filename,
        warnings=warnings,
    )
    return document, not _transient(extraction)


def _text_document(data: bytes, filename: str | None, limits: Limits) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "not_text",
            f"{filename or 'the input'} is neither a PDF nor UTF-8 text (byte {exc.start})",
        ) from None
    if "\x00" in text:
        raise InputError("not_text", f"{filename or 'the input'} is binary, not text")
    # A form feed separates pages, as in text exported from a PDF. Pages are found by offset
    # and only the part that is read is copied, so a 100 MB file is never split or copied whole.
    count = text.count("\f") + 1
    if count > limits.max_pages:
        raise InputError(
            "too_many_pages",
            f"{filename or 'the input'} has {count} pages; the limit is {limits.max_pages}",
        )
    spans, start = [], 0
    for _ in range(count - 1):
        end = text.index("\f", start)
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    if all(_blank(text, limits, a, b) for a, b in spans):
        raise InputError("empty", f"{filename or 'the input'} contains no text")
    kept, warnings = _read_lengths([b - a for a, b in spans], limits, page_cap=True)
    raw_pages = [
        text[a : a + n].replace("\r\n", "\n") for (a, _), n in zip(spans, kept, strict=True)
    ]
    return _build(
        raw_pages,
        data=data,
        source="text",
        title=_markdown_title(raw_pages[0]),
        filename=filename,
        warnings=warnings,
    )


def _markdown_title(text: str) -> str | None:
    """The first level-one heading near the top of a Markdown file, as its title."""
    for line in text.split("\n")[:10]:
        if line.startswith("# ") and line[2:].strip():
            return " ".join(line[2:].split())[:300]
    return None


_CACHE: LRU[Document | dict[str, InputError]] = LRU(size=16)
_REFUSAL_NAMES = 8  # names remembered per refused file


def clear_cache() -> None:
    _CACHE.clear()


def cache_stats() -> tuple[int, int]:
    """(hits, misses) of the document cache since the last clear."""
    return _CACHE.hits, _CACHE.misses


def _is_pdf(data: bytes, suffix: str) -> bool:
    """A PDF header at the start; anywhere in the first KB (as readers allow) unless the name
    says text, so a Markdown note that mentions "%PDF-" stays text."""
    if suffix in TEXT_SUFFIXES:
        return _PDF_HEADER_AFTER_SPACE.match(data) is not None
    return data[:1024].find(b"%PDF-") >= 0


def load_bytes(
    data: bytes,
    filename: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    cache: bool = True,
) -> Document:
    """Read a PDF or UTF-8 text/Markdown. Raises InputError, never anything else for bad input.

    `limits` defaults to `limits_from_env()`; `cache=False` forces a fresh read.
    """
    limits = limits or limits_from_env()
    if len(data) > limits.max_bytes:
        raise InputError(
            "too_large",
            f"{filename or 'the input'} is {len(data) / 1e6:.1f} MB; "
            f"the limit is {limits.max_file_mb:g} MB",
        )
    if not data or data.isspace():  # no copy of up to 100 MB, unlike strip()
        raise InputError("empty", f"{filename or 'the input'} is empty")
    suffix = Path(filename or "").suffix.lower()
    is_pdf = _is_pdf(data, suffix)
    if not is_pdf and suffix == ".pdf":
        raise InputError("not_pdf", f"{filename} is not a PDF (it has no %PDF- header)")
    if not is_pdf and suffix and suffix not in TEXT_SUFFIXES:
        raise InputError(
            "unsupported", f"{filename}: only PDF, plain text and Markdown can be analysed"
        )
    settings = f"{NORMALISER_VERSION}|{is_pdf}|{limits.model_dump_json()}"
    key = cache_key(sha256_of(data), password if is_pdf else None, settings)
    # A refusal names its file, so refusals are kept per name: one never names another file.
    refusals: dict[str, InputError] = {}
    if cache:
        hit = _CACHE.get(key)
        if isinstance(hit, Document):
            return hit.model_copy(update={"filename": filename})
        if isinstance(hit, dict):
            refusals = hit
            if (filename or "") in refusals:
                refused = refusals[filename or ""]
                raise InputError(refused.code, refused.message)
    cacheable = True
    try:
        if is_pdf:
            document, cacheable = _pdf_document(data, filename, password, limits)
        else:
            document = _text_document(data, filename, limits)
    except InputError as exc:
        if cache and exc.code not in _UNCACHED_CODES:
            kept = list(refusals.items())[-(_REFUSAL_NAMES - 1) :]
            _CACHE.put(key, {**dict(kept), filename or "": exc})
        raise
    if cache and cacheable:
        _CACHE.put(key, document)
    return document


def load_path(
    path: Path | str,
    password: str | None = None,
    limits: Limits | None = None,
    cache: bool = True,
) -> Document:
    """Read a regular file of at most `limits.max_bytes`; anything else (a folder, a FIFO, a
    device, a symlink loop) is refused in one line before a byte is read."""
    path = Path(path)
    limits = limits or limits_from_env()
    data = read_regular_file(path, limits.max_bytes, limits.max_file_mb)
    return load_bytes(data, path.name, password, limits=limits, cache=cache)


def read_regular_file(path: Path, max_bytes: int, max_mb: float) -> bytes:
    """The bytes of a regular file, read at most `max_bytes` + 1 (a file that grows while it is
    read is still refused). Opening does not block, so a FIFO cannot hang the caller."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError("not_a_file", f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("not_a_file", f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "not_a_file", f"{path} is not a regular file (a device, pipe or socket)"
            )
        if info.st_size > max_bytes:
            raise InputError(
                "too_large",
                f"{path.name} is {info.st_size / 1e6:.1f} MB; the limit is {max_mb:g} MB",
            )
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise InputError(
                "too_large", f"{path.name} grew past the limit of {max_mb:g} MB while being read"
            )
        return b"".join(chunks)
    except OSError as exc:
        raise InputError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
