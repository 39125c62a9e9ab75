"""Builders for small PDFs, well-formed and hostile, written byte by byte in the tests.

Nothing here is committed as a binary: each builder returns bytes that cost little to make but,
read naively, would cost gigabytes, hours or a stack overflow.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(body: bytes, extra: bytes = b"", length: int | str | None = None) -> bytes:
    """A stream object; `length` may lie about the body's size."""
    declared = len(body) if length is None else length
    return (
        b"<< /Length %s %s >>\nstream\n" % (str(declared).encode(), extra) + body + (b"\nendstream")
    )


def build(objects: Sequence[bytes], root: int = 1) -> bytes:
    """A PDF whose object i+1 is objects[i], with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


def text_ops(lines: Sequence[str]) -> bytes:
    """Content that shows each line of text in Helvetica, top to bottom."""
    ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def pages_pdf(contents: Sequence[bytes], page_extra: bytes = b"") -> bytes:
    """One page per content stream (already complete stream objects), sharing one font.

    Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    """
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for content in contents:
        page_number = len(objects) + 1
        kids.append(b"%d 0 R" % page_number)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R %s >>"
            % (page_number + 1, page_extra)
        )
        objects.append(content)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return build(objects)


def text_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    return pages_pdf([stream(text_ops(lines)) for lines in pages])


def _deflate_repeated(chunk: bytes, total: int) -> bytes:
    """zlib data that inflates to `total` bytes of `chunk` repeated, made without the total."""
    squeeze = zlib.compressobj(9)
    parts = []
    block = chunk * (1_048_576 // len(chunk))
    made = 0
    while made < total:
        parts.append(squeeze.compress(block))
        made += len(block)
    parts.append(squeeze.flush())
    return b"".join(parts)


def flate_bomb(inflated_mb: int = 200) -> bytes:
    """A page whose content inflates to `inflated_mb` MB of spaces (well over pypdf's 75 MB)."""
    body = _deflate_repeated(b" ", inflated_mb * 1_048_576)
    return pages_pdf(
        [stream(text_ops(["Before the bomb."])), stream(body, b"/Filter /FlateDecode")]
    )


def nested_flate_bomb(inflated_mb: int = 200, depth: int = 3) -> bytes:
    """The same bomb wrapped in `depth` FlateDecode layers: a tiny file."""
    body = _deflate_repeated(b" ", inflated_mb * 1_048_576)
    for _ in range(depth - 1):
        body = zlib.compress(body, 9)
    filters = b"/Filter [" + b" /FlateDecode" * depth + b" ]"
    return pages_pdf([stream(text_ops(["Only page."])), stream(body, filters)])


def many_filters(count: int = 40) -> bytes:
    """A content stream behind `count` FlateDecode filters (pypdf allows 16)."""
    body = text_ops(["Filtered text."])
    for _ in range(count):
        body = zlib.compress(body)
    filters = b"/Filter [" + b" /FlateDecode" * count + b" ]"
    return pages_pdf([stream(text_ops(["Plain page."])), stream(body, filters)])


def lying_length(declared: int | str = 10**12) -> bytes:
    """A content stream whose /Length lies (huge, negative or past the end of the file)."""
    return pages_pdf(
        [stream(text_ops(["Honest page."])), stream(text_ops(["Liar page."]), length=declared)]
    )


def page_tree_bomb(fan_out: int = 10, depth: int = 8) -> bytes:
    """A page tree whose every node lists its child `fan_out` times: fan_out**depth pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = len(objects) + 1
        child = number + 1
        kids = b" ".join([b"%d 0 R" % child] * fan_out)
        parent = b"/Parent %d 0 R" % (number - 1) if level else b""
        objects.append(
            b"<< /Type /Pages %s /Kids [%s] /Count %d >>"
            % (parent, kids, fan_out ** (depth - level))
        )
    leaf = len(objects) + 1
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (leaf - 1, leaf + 1, leaf + 2)
    )
    objects.append(stream(text_ops(["One real page."])))
    objects.append(FONT)
    return build(objects, root=1)


def page_tree_cycle() -> bytes:
    """A Pages node that lists itself among its kids."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text_ops(["Cycle page."])),
        FONT,
    ]
    return build(objects)


def deep_nesting(depth: int = 50_000, kind: str = "array") -> bytes:
    """A page carrying an array (or dictionary) nested `depth` levels deep."""
    if kind == "array":
        nested = b"[" * depth + b"1" + b"]" * depth
    else:
        nested = b"<< /A " * depth + b"1" + b" >>" * depth
    return pages_pdf([stream(text_ops(["Nested page."]))], page_extra=b"/Deep " + nested)


def xobject_fan_out(fan_out: int = 10, depth: int = 6) -> bytes:
    """Form XObjects that each draw the next one `fan_out` times: fan_out**depth leaf draws."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    first_form = 6
    objects[1] = b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> /XObject << /X0 %d 0 R >> >> >>" % first_form
    )
    objects.append(stream(text_ops(["Top of the fan."]) + b"\n/X0 Do"))
    for level in range(depth):
        number = first_form + level
        if level == depth - 1:
            body = text_ops(["leaf"])
            resources = b"<< /Font << /F1 3 0 R >> >>"
        else:
            body = b"\n".join([b"/X0 Do"] * fan_out)
            resources = b"<< /XObject << /X0 %d 0 R >> /Font << /F1 3 0 R >> >>" % (number + 1)
        objects.append(
            stream(
                body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources
            )
        )
    return build(objects)


def token_flood(repeats: int = 1_200_000) -> bytes:
    """A page of `repeats` show-text operators: over a million tokens in one small stream."""
    body = b"BT /F1 1 Tf " + b"(a) Tj " * repeats + b"ET"
    return pages_pdf(
        [
            stream(text_ops(["Normal page."])),
            stream(zlib.compress(body, 9), b"/Filter /FlateDecode"),
        ]
    )


def slow_stream(repeats: int = 60_000) -> bytes:
    """A content stream that is slow to extract: `repeats` positioned show-text operators."""
    body = zlib.compress(b"BT /F1 1 Tf " + b"(a) Tj 1 0 Td " * repeats + b"ET", 9)
    return stream(body, b"/Filter /FlateDecode")


def slow_pages(pages: int = 40, repeats: int = 60_000) -> bytes:
    """Many pages that are each slow to extract (for time-budget tests)."""
    return pages_pdf([slow_stream(repeats) for _ in range(pages)])
