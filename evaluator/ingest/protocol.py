"""The messages between this process and a PDF worker (`evaluator.ingest.worker`).

Both sides frame bytes with `multiprocessing.connection` (length-prefixed). Per job the parent
sends a JSON header (`job_header`) and then the PDF bytes; the worker answers with one JSON
object per frame, in this order: STARTED, OPENED (page count and title) or FATAL, one PAGE per
page of its share, DONE, and IDLE once it is ready for the next job. A page is sent as soon as it
is read, so a timeout or crash keeps every page before it.

The worker imports this module before it caps its memory, so it holds only the standard library.
The parent treats every reply as untrusted: `decode` refuses anything that is not an object.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..limits import Limits

Message = dict[str, Any]

STARTED = "started"  # the worker took the job: the time budget counts from here, not from spawn
OPENED = "opened"
PAGE = "page"
FATAL = "fatal"
DONE = "done"
IDLE = "idle"


def job_header(limits: Limits, password: str | None, share: int) -> bytes:
    """What one worker needs besides the bytes: its share of the pages and its limits."""
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


def largest_reply(limits: Limits) -> int:
    """The longest frame the parent accepts: a full page in the worst encoding, plus room."""
    return limits.max_chars_per_page * 4 + 65_536


def encode(message: Message) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8")


def decode(frame: bytes) -> Message:
    """A reply as a dict (one of an unknown kind is ignored); ValueError for anything else."""
    message = json.loads(frame)
    if not isinstance(message, dict):
        raise ValueError("not a worker message")
    return message


def opened(pages: int, title: str | None) -> Message:
    return {"kind": OPENED, "pages": pages, "title": title}


def page(index: int, text: str | None, error: str | None, truncated: bool) -> Message:
    return {"kind": PAGE, "index": index, "text": text, "error": error, "truncated": truncated}


def fatal(code: str, message: str) -> Message:
    return {"kind": FATAL, "code": code, "message": message}


def idle(retire: bool, peak_rss_kb: int) -> Message:
    return {"kind": IDLE, "retire": retire, "peak_rss_kb": peak_rss_kb}
