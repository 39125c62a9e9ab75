"""A PDF page as an image, with a quote's place marked, drawn in a separate process.

The PDF is hostile input and PDFium is C: `render_page` runs `evaluator.page_image_worker` in a
fresh process with an address-space cap, a CPU-time cap and a wall-clock timeout, so a page that
would take all memory, loop or crash PDFium ends that process and comes back as a
`PageImageError` with a plain reason. The app shows the page's text instead; the text view is
also the accessible one, since an image of a page says nothing to a screen reader.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

TIMEOUT_S = 15.0
MEMORY_MB = 1024
WIDTH_PX = 1000
MAX_QUOTE_BYTES = 20_000


class PageImageError(Exception):
    """The page could not be drawn; the message says why, in words for the reader."""


@dataclass(frozen=True)
class PageImage:
    png: bytes
    width: int
    height: int
    marked: int  # rectangles drawn over the quote (0: its words were not found on the image)


def render_page(
    data: bytes,
    page: int,
    quote: str | None = None,
    *,
    width: int = WIDTH_PX,
    timeout_s: float = TIMEOUT_S,
    memory_mb: int = MEMORY_MB,
) -> PageImage:
    """Page `page` (from 1) of the PDF `data` as a PNG `width` pixels wide, with `quote` marked."""
    words = (quote or "").encode("utf-8")[:MAX_QUOTE_BYTES]
    command = [
        sys.executable,
        "-m",
        "evaluator.page_image_worker",
        str(int(page)),
        str(int(width)),
        str(memory_mb * 1024 * 1024),
        str(max(1, int(timeout_s))),
    ]
    try:
        done = subprocess.run(
            command,
            input=len(words).to_bytes(4, "big") + words + data,
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PageImageError(f"drawing the page took longer than {timeout_s:g} s") from None
    except OSError as exc:
        raise PageImageError(f"the page could not be drawn ({exc.strerror})") from None
    head, _, png = done.stdout.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        header = None
    if not isinstance(header, dict):  # killed by its limits, or crashed, before it could say
        raise PageImageError(
            "drawing the page failed (it needed more than the allowed memory or time)"
        )
    if "error" in header or not png.startswith(b"\x89PNG"):
        raise PageImageError(str(header.get("error", "drawing the page failed")))
    return PageImage(png, int(header["width"]), int(header["height"]), int(header["marked"]))
