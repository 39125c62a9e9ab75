"""The page-image worker: a separate process that renders one page of untrusted PDF bytes.

Run as `python -m evaluator.page_image_worker PAGE WIDTH MEMORY_BYTES CPU_SECONDS` by
evaluator.page_images. It reads from stdin a 4-byte big-endian length, that many bytes of UTF-8
quote (possibly none), then the PDF; it writes to stdout one JSON line (the header) and, on
success, the PNG. It caps its own address space and CPU time first, so PDFium meeting a
decompression bomb or an endless content stream ends this process, never the app. It imports
only the standard library, pypdfium2 and Pillow.

The quote's place is marked with translucent boxes over the characters PDFium finds for it: the
whole quote, else its longest runs of words (the stored text is normalised, so a quote that
runs over a line break or a repaired hyphen is not one string on the page).
"""

from __future__ import annotations

import io
import json
import resource
import sys

MAX_QUOTE_WORDS = 80
MIN_RUN_WORDS = 3  # a shorter run ("of the") would be found anywhere on the page
MAX_SEARCHES = 200
MARK_FILL = (255, 164, 33, 90)  # translucent orange, like the text viewer's mark
MARK_EDGE = (200, 90, 0, 255)


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _runs(textpage, quote: str) -> list[tuple[int, int]]:
    """(first character, count) of each stretch of the page found for the quote, in order:
    the longest run of its words from each point on, then on from where that one ended."""
    words = quote.split()[:MAX_QUOTE_WORDS]
    shortest = min(MIN_RUN_WORDS, len(words))
    found: list[tuple[int, int]] = []
    start = at = searches = 0
    while start < len(words) and searches < MAX_SEARCHES:
        hit, end = None, start
        for end in range(len(words), start + shortest - 1, -1):
            searches += 1
            hit = textpage.search(" ".join(words[start:end]), index=at).get_next()
            if hit is not None or searches >= MAX_SEARCHES:
                break
        if hit is None:
            start += 1
            continue
        found.append(hit)
        at, start = hit[0] + hit[1], end
    return found


def _boxes(page, textpage, runs: list[tuple[int, int]], scale: float) -> list[tuple]:
    """The runs' rectangles in image pixels (PDF space has its origin at the bottom left)."""
    left, _, _, top = page.get_bbox()  # the visible box; get_cropbox may fall back to Letter
    boxes = []
    for index, count in runs:
        for i in range(textpage.count_rects(index, count)):
            x0, y0, x1, y1 = textpage.get_rect(i)
            boxes.append(
                (
                    (x0 - left) * scale - 2,
                    (top - y1) * scale - 2,
                    (x1 - left) * scale + 2,
                    (top - y0) * scale + 2,
                )
            )
    return boxes


def render(data: bytes, number: int, width: int, quote: str) -> tuple[dict, bytes]:
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(data)
    if not 1 <= number <= len(pdf):
        return {"error": f"the PDF has no page {number}"}, b""
    page = pdf[number - 1]
    page_width, page_height = page.get_size()
    if page_width <= 0 or page_height <= 0:
        return {"error": "the page has no size"}, b""
    # as wide as asked, but never a bitmap over about 12 megapixels (a page 100 m tall)
    scale = min(width / page_width, (12_000_000 / (page_width * page_height)) ** 0.5, 4.0)
    image = page.render(scale=scale).to_pil().convert("RGB")
    marked = 0
    if quote.strip() and page.get_rotation() % 360 == 0:
        textpage = page.get_textpage()
        boxes = _boxes(page, textpage, _runs(textpage, quote), scale)
        if boxes:
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            for box in boxes:
                draw.rectangle(box, fill=MARK_FILL, outline=MARK_EDGE, width=2)
            image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
            marked = len(boxes)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    header = {"width": image.width, "height": image.height, "marked": marked, "pages": len(pdf)}
    return header, out.getvalue()


def main(argv: list[str]) -> int:
    number, width, memory_bytes, cpu_seconds = (int(value) for value in argv[1:5])
    _limit(memory_bytes, cpu_seconds)
    stdin = sys.stdin.buffer
    size = int.from_bytes(stdin.read(4), "big")
    quote = stdin.read(size).decode("utf-8", errors="replace")
    data = stdin.read()
    try:
        header, png = render(data, number, width, quote)
    except MemoryError:
        header, png = {"error": "drawing it needs more memory than allowed"}, b""
    except Exception as exc:  # every failure is a message, never a traceback
        header, png = {"error": f"it could not be drawn ({type(exc).__name__})"}, b""
    sys.stdout.buffer.write(json.dumps(header).encode() + b"\n" + png)
    sys.stdout.buffer.flush()
    return 0 if png else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
