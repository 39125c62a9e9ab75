"""The extraction worker: a separate process that reads untrusted PDF bytes with pypdf.

Run as `python -m evaluator.ingest.worker MEMORY_BYTES` (by evaluator.ingest.pool). It speaks
the messages of evaluator.ingest.protocol over stdin/stdout. The worker caps its own address
space first, so a decompression bomb ends in MemoryError here, never in the parent. It serves
jobs until stdin closes and retires itself when its memory has grown too much to be trusted for
another job. It imports only the standard library, pypdf and its own faster content-stream reader
(evaluator.ingest's `__init__` is lazy for this reason), so the cap is spent on the PDF.

Nothing here may raise out of a job: every exception type becomes a message.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import resource
import signal
import sys
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from . import protocol

Send = Callable[[protocol.Message], None]

# Set to 1 to read content streams with pypdf's own parser (for comparisons and benchmarks).
STOCK_PARSER_ENV = "EVALUATOR_STOCK_PDF_PARSER"

# A worker whose resident memory passed this after a job exits instead of serving another one.
RETIRE_RSS_BYTES = 400 * 1024 * 1024


class _Collect(logging.Handler):
    """Keeps pypdf's log messages for the page being read (they flag silent truncation)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed log record must not end the job
            self.messages.append(str(record.msg))


def classify(exc: BaseException) -> tuple[str, str]:
    """An (error code, one-line reason) for an exception raised while opening a PDF."""
    from pypdf import errors as pe

    name = type(exc).__name__
    detail = " ".join(str(exc).split())[:160]
    if isinstance(exc, MemoryError):
        return "memory", "reading it needs more memory than the worker's cap"
    if isinstance(exc, RecursionError):
        return "damaged", "its objects are nested too deeply to read"
    if isinstance(exc, pe.EmptyFileError):
        return "damaged", "the file is empty"
    if isinstance(exc, pe.FileNotDecryptedError):
        return "encrypted", "it is encrypted"
    if isinstance(exc, pe.LimitReachedError):
        return "too_large", f"it exceeds a safety limit of the PDF reader ({detail})"
    if isinstance(exc, pe.DependencyError):
        return "unsupported", f"it needs a feature that is not installed ({detail})"
    if isinstance(exc, pe.DeprecationError):
        return "unsupported", f"it uses a feature the PDF reader no longer supports ({detail})"
    return "damaged", f"it is damaged beyond reading ({name}: {detail})" if detail else name


def _unlock(reader: Any, password: str | None) -> protocol.Message | None:
    """None when the pages can be read, else a fatal message (encrypted or wrong password).

    pypdf has already tried the empty password; reading the page count is the reliable test,
    because `is_encrypted` stays true after a successful decryption.
    """
    from pypdf import PasswordType

    if not reader.is_encrypted:
        return None
    if password:
        try:
            result = reader.decrypt(password)
        except Exception as exc:
            code, reason = classify(exc)
            return protocol.fatal(code, f"the password could not be applied: {reason}")
        if result == PasswordType.NOT_DECRYPTED and not _readable(reader):
            return protocol.fatal("wrong_password", "the password is wrong for this PDF")
        return None
    if _readable(reader):
        return None
    return protocol.fatal("encrypted", "the PDF is encrypted and needs a password")


def _readable(reader: Any) -> bool:
    from pypdf.errors import FileNotDecryptedError

    try:
        len(reader.pages)
    except FileNotDecryptedError:
        return False
    return True


def _title(reader: Any) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta else None
    except Exception:  # metadata is optional: a broken Info dictionary only loses the title
        return None
    if not isinstance(title, str):
        return None
    title = " ".join(title.split())
    return title[:300] or None


def _share(count: int, share: int, shares: int, parallel_min_pages: int) -> range:
    """The page indices this worker reads: every `shares`-th page, or all of a short PDF."""
    if shares <= 1 or count < parallel_min_pages:
        return range(count) if share == 0 else range(0)
    return range(share, count, shares)


def run_job(job: dict[str, Any], data: bytes, send: Send) -> None:
    """Open the PDF, report its page count, then send each page of this worker's share."""
    import pypdf

    collect = _Collect()
    log = logging.getLogger("pypdf")
    log.addHandler(collect)
    log.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pypdf.apply_configuration(**job.get("pypdf", {})):
                _read(job, data, send, collect)
    except BaseException as exc:  # the last net: still a message, never a traceback
        code, reason = classify(exc)
        send(protocol.fatal(code, reason))
    finally:
        log.removeHandler(collect)


def _read(job: dict[str, Any], data: bytes, send: Send, collect: _Collect) -> None:
    from pypdf import PdfReader

    # A backstop if the parent has died: the parent kills a late worker itself, but an orphan
    # must not read a bomb for ever. SIGALRM's default action ends the process.
    base, per_page = float(job.get("time_base_s", 60)), float(job.get("time_per_page_s", 1))
    signal.alarm(int(base) + 30)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        refusal = _unlock(reader, job.get("password"))
        if refusal:
            send(refusal)
            return
        count = len(reader.pages)
    except Exception as exc:
        code, reason = classify(exc)
        send(protocol.fatal(code, reason))
        return
    if count > job["max_pages"]:
        send(
            protocol.fatal(
                "too_many_pages", f"it has {count} pages; the limit is {job['max_pages']}"
            )
        )
        return
    signal.alarm(int(base + per_page * count) + 30)
    send(protocol.opened(count, _title(reader) if job["share"] == 0 else None))
    max_chars = job["max_chars"]
    for index in _share(count, job["share"], job["shares"], job["parallel_min_pages"]):
        collect.messages.clear()
        text: str | None = None
        error: str | None = None
        try:
            text = reader.pages[index].extract_text(extraction_mode="plain")
        except MemoryError:
            error = "MemoryError"
        except Exception as exc:
            error = type(exc).__name__
        notes = [m for m in collect.messages if "skipped" in m or "Exceeded" in m]
        if text is not None:
            text = clean_text(text)
        cut = text is not None and len(text) > max_chars
        if cut and text is not None:
            text = text[:max_chars]
        send(protocol.page(index, text, error, bool(notes) or cut))
    send({"kind": protocol.DONE})


def clean_text(text: str) -> str:
    """Text that can be encoded: lone surrogates from broken font maps become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", text)
    return text


def _peak_rss_kb() -> int:
    """This process's own peak RSS (VmHWM). Not ru_maxrss: after fork and exec that also
    counts the parent's memory at the time of the fork."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def serve(memory_bytes: int) -> None:
    # Protocol on the original stdout; anything printed by libraries goes to stderr instead.
    out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    inp = Connection(os.dup(0), writable=False)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    import pypdf  # noqa: F401  (imported before the first job so jobs do not pay for it)

    if os.environ.get(STOCK_PARSER_ENV) != "1":
        from .content_stream import install

        install()

    def send(message: protocol.Message) -> None:
        out.send_bytes(protocol.encode(message))

    while True:
        try:
            job = json.loads(inp.recv_bytes())
            data = inp.recv_bytes()
        except (EOFError, OSError):
            return
        send({"kind": protocol.STARTED})
        run_job(job, data, send)
        signal.alarm(0)
        del data
        retire = _resident_bytes() > RETIRE_RSS_BYTES
        send(protocol.idle(retire, _peak_rss_kb()))
        if retire:
            return


if __name__ == "__main__":
    serve(int(sys.argv[1]))
