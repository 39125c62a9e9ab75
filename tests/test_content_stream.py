"""The faster content-stream reader gives exactly what pypdf's own parser gives: the same
operations with the same object types and values, or the same error, on hand-made edge cases,
on generated streams, on every page of the samples, and on the shared corpora when present."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream, TextStringObject

from evaluator.ingest import content_stream

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def _described(value: Any) -> Any:
    """A value with its pypdf type spelt out, so that 1 and 1.0, or text and bytes, differ."""
    if isinstance(value, dict):  # an inline image's settings and data
        return (
            type(value).__name__,
            sorted((_described(k), _described(v)) for k, v in value.items()),
        )
    if isinstance(value, list):
        return (type(value).__name__, [_described(item) for item in value])
    if isinstance(value, TextStringObject):
        return (
            "TextStringObject",
            str(value),
            value.get_original_bytes() if value._original_bytes is not None else None,
            value.autodetect_pdfdocencoding,
            value.autodetect_utf16,
        )
    return (type(value).__name__, repr(value))


def _parse(data: bytes, encoding: Any = None) -> Any:
    """The operations of `data` as described values, or the error the parser raised."""
    stream = ContentStream(None, None, encoding)
    stream.set_data(data)
    try:
        operations = stream.operations
    except Exception as exc:
        partial = [(_described(o), op) for o, op in stream._operations]
        return ("error", type(exc).__name__, str(exc), partial)
    return [(_described(operands), operator) for operands, operator in operations]


def both(data: bytes, encoding: Any = None) -> tuple[Any, Any]:
    content_stream.uninstall()
    try:
        stock = _parse(data, encoding)
        assert content_stream.install()
        fast = _parse(data, encoding)
    finally:
        content_stream.uninstall()
    return stock, fast


EDGE_CASES = [
    b"",
    b"   \n",
    b"BT /F1 12 Tf 72 712 Td (Hello world) Tj ET",
    b"BT\n/F1 9.5 Tf\n1 0 0 1 72.5 -3 Tm\n[(A)-120(B)5.5(C)]TJ\nET",
    b"(a\\(b\\)c) Tj (\\n\\r\\t\\b\\f\\\\\\/\\%) Tj (\\101\\1012\\7) Tj",
    b"(\\777) Tj",  # an octal escape past 255
    b"(line\\\ncontinued) Tj (cr\\\r\nlf) Tj",
    b"(unknown \\q escape) Tj",
    b"(nested (paren) here) Tj",
    b"(unterminated Tj",
    b"<48656C6C6F> Tj <4 8 6> Tj <zz> Tj",
    b"[<4142> 3 (x)] TJ",
    b"/Name#20with#41hash Do /N#zz Do",
    b"/\xc3\xa9t\xc3\xa9 Do /\xff\xfe Do",
    b"<< /MCID 3 >> BDC EMC /P <</MCID 4>> BDC",
    b"1 0 0 1 0 0 cm q 0 0 m 10 10 l S Q",
    b"12Tf 3.Td .5 -.5 +1 -0 Td",
    b"1,5 2-3 -- . ... + , Td",
    b"12345678901234567890123 Td 1234567890123456789 Td",
    b"% a comment\nBT % another\r(x) Tj ET %end",
    b"[% comment inside\n(x)] TJ",
    b"[ ] TJ [(a) [1 2] (b)] TJ [/A null true] TJ",
    b"[(unterminated array",
    b"[1 2",
    b"true false null Td",
    b"\x0b(x) Tj",
    b"(a)\x0b Tj [\x0b(a)\x0b] TJ",
    b"\x00(x)\x00Tj\x00",
    b"BT\x00ET",
    b"'\"' (x) ' 1 2 (y) \"",
    b"{ } ) ] > Tj",
    b"1 0 R Do",
    b"q 10 0 0 10 0 0 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI Q",
    b"(x) BI /W 1 /H 1 ID \x00 EI",
    b"BI /W 1 /H 1 /F /AHx ID 00> EI (after) Tj",
    b"BI /W 4 /H 4 ID short",
    b"T" + b"j" * 200 + b" (x) Tj",
    b"/" + b"N" * 5000 + b" Do",
    b"(\xfe\xff\x00A\x00B) Tj (\xef\xbb\xbfutf8) Tj (\x80\x9f\xad) Tj",
    b"(" + b"\\" * 5 + b") Tj",
    b"[(a)" * 3 + b"] TJ",
    b"/A/B/C(x)(y)[/D(z)]1 2 re",
]


@pytest.mark.parametrize("data", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_edge_cases_match_pypdf(data: bytes) -> None:
    stock, fast = both(data)
    assert fast == stock


@pytest.mark.parametrize("encoding", [None, "bytes", "latin-1", {65: "Z"}, ["a", "b"]])
def test_forced_encodings_match_pypdf(encoding: Any) -> None:
    stock, fast = both(b"(AB\\101) Tj [(A) 2 (\\102)] TJ", encoding)
    assert fast == stock


def test_long_streams_go_to_pypdf_and_keep_its_limit() -> None:
    # A stream at least as long as pypdf's parsing budget is parsed by pypdf itself.
    with pypdf.apply_configuration(stream_parsing_work_maximum_count=40):
        for data in (b"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 Td", b"(x) Tj " * 3):
            stock, fast = both(data)
            assert fast == stock
        stock, fast = both(b"1 " * 50 + b"Td")
        assert fast == stock
        assert fast[0] == "error"


@pytest.mark.parametrize(
    ("data", "encoding", "setting"),
    [
        # pypdf's dictionary reader spends more than one unit of the budget a byte
        (
            b"<<1()1()1()1()1()1()1()1()1()1()>> BDC",
            None,
            {"stream_parsing_work_maximum_count": 40},
        ),
        # the element limit is reached before the fourth string fails to decode
        (b"[(a)(b)(c)(\xff)] TJ", "ascii", {"array_maximum_element_count": 2}),
        (b"[(a)(b)(c)] TJ", None, {"array_maximum_element_count": 2}),
        (b"q [1 2 3 4 5 6 7 8] TJ <</A 1>> BDC", None, {"stream_parsing_work_maximum_count": 60}),
        # an array past what is left of the budget after a dictionary spent more than its bytes
        (b"<<" + b"1()" * 11 + b">> BDC [1 ]", None, {"stream_parsing_work_maximum_count": 47}),
    ],
)
def test_limits_are_reached_where_pypdf_reaches_them(data, encoding, setting) -> None:
    # Found by an adversarial helper (session 7): both raised errors pypdf does not.
    with pypdf.apply_configuration(**setting):
        stock, fast = both(data, encoding)
    assert fast == stock


@pytest.mark.parametrize(
    "data",
    [
        b"\n" * 1_000_000,
        b"BT (x) Tj ET\n" + b"\x00" * 1_000_000,
        b"[1" + b" " * 1_000_000 + b"] TJ",
        b"[1" + b" " * 1_000_000 + b"] TJ BI /W 1 /H 1 ID \x00 EI",
    ],
    ids=["newlines", "nul", "array", "array-inline-image"],
)
def test_trailing_whitespace_is_read_once(data) -> None:
    # A token's leading whitespace ran to the end and failed at every trailing byte: k bytes cost
    # k * k, a page of newlines took seconds and a megabyte about twenty minutes (session 7). A
    # hang guard far above the milliseconds this takes now, not a speed test.
    import subprocess
    import sys

    code = (
        "import sys; from pypdf.generic import ContentStream\n"
        "from evaluator.ingest import content_stream\n"
        "content_stream.install(); s = ContentStream(None, None)\n"
        "s.set_data(sys.stdin.buffer.read())\n"
        "try:\n    s.operations\nexcept Exception:\n    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], input=data, cwd=ROOT, timeout=120, check=True)
    stock, fast = both(data[:20_000] + data[-20:])
    assert fast == stock


_TOKENS = st.sampled_from(
    [
        b"BT", b"ET", b"Tj", b"TJ", b"Td", b"'", b'"', b"BI", b"ID", b"EI", b"q", b"Q",
        b"1", b"-2.5", b".5", b"12,3", b"+", b"1 0 R", b"/F1", b"/A#41", b"/",
        b"(x)", b"(a\\)b)", b"(\\101)", b"(\\q)", b"(", b")", b"(a(b)c)",
        b"[", b"]", b"<<", b">>", b"<41>", b"<", b"%c\n", b"null", b"true",
        b" ", b"\n", b"\r", b"\x00", b"\x0b", b"\x0c", b"\t", b"\xff", b"{",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=40))
def test_generated_streams_match_pypdf(tokens: list[bytes]) -> None:
    data = b"".join(tokens)
    stock, fast = both(data)
    assert fast == stock, data


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_match_pypdf(data: bytes) -> None:
    stock, fast = both(data)
    assert fast == stock, data


def _page_texts(path: Path, pages: int | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    texts = []
    for page in list(reader.pages)[:pages]:
        try:
            texts.append(page.extract_text())
        except Exception as exc:  # a damaged page: the same error both ways
            texts.append(f"error {type(exc).__name__}: {exc}")
    return texts


def _same_text(path: Path, pages: int | None = None) -> None:
    content_stream.uninstall()
    try:
        stock = _page_texts(path, pages)
        content_stream.install()
        fast = _page_texts(path, pages)
    finally:
        content_stream.uninstall()
    assert fast == stock


SAMPLES = sorted((ROOT / "sample_reports").glob("*/*.pdf"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.parent.name for p in SAMPLES])
def test_sample_pages_extract_identically(path: Path) -> None:
    _same_text(path)


LONG = sorted((SHARED / "long").glob("*.pdf")) if (SHARED / "long").is_dir() else []


@pytest.mark.skipif(not LONG, reason="../shared/corpus/long is absent")
@pytest.mark.parametrize("path", LONG, ids=[p.name for p in LONG])
def test_long_corpus_pages_extract_identically(path: Path) -> None:
    _same_text(path, pages=12)


def test_only_tested_versions_are_patched() -> None:
    assert content_stream.supported(pypdf.__version__)
    assert not content_stream.supported("5.9.0")
    assert not content_stream.supported("8.0.0")
    assert not content_stream.supported("not a version")
    assert not content_stream.supported("7.0.0")  # compared only with the lock file's 7.1


def test_a_pypdf_without_the_readers_it_calls_keeps_its_own_parser(monkeypatch) -> None:
    monkeypatch.setattr(content_stream, "_READERS", False)
    assert not content_stream.install()
    assert ContentStream._parse_content_stream is content_stream._original


def test_the_worker_reads_with_it_unless_told_not_to() -> None:
    import subprocess
    import sys

    code = (
        "import os, sys, pypdf; from pypdf.generic import ContentStream\n"
        "from evaluator.ingest import worker\n"
        "orig = ContentStream._parse_content_stream\n"
        "try:\n"
        "    worker.serve(2**32)\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(str(ContentStream._parse_content_stream is not orig))\n"
    )
    for env, patched in (({}, "True"), ({"EVALUATOR_STOCK_PDF_PARSER": "1"}, "False")):
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=b"",
            capture_output=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", **env},
            timeout=60,
            check=True,
        )
        assert done.stderr.decode().endswith(patched), done.stderr


def _deeper(frames: int, data: bytes) -> tuple[Any, Any]:
    return _deeper(frames - 1, data) if frames else both(data)


def _nested(prefix: bytes, depth: int) -> bytes:
    return prefix + b"[" * depth + b"]" * depth + b" TJ"


@pytest.mark.parametrize("prefix", [b"", b"1 0 R "], ids=["fast", "indirect"])
def test_deep_nesting_fails_where_pypdf_fails(prefix) -> None:
    # Arrays nested to the edge of Python's recursion limit: pypdf's reader, reached through
    # this one, sat deeper on the stack and failed a level sooner than pypdf alone (session 8).
    # For each starting depth of the stack, find where pypdf starts to fail, and compare there.
    for frames in range(6):
        low, high = 1, sys.getrecursionlimit()  # pypdf reads `low` levels, not `high`
        while high - low > 1:
            middle = (low + high) // 2
            stock, _ = _deeper(frames, _nested(prefix, middle))
            low, high = (low, middle) if stock[0] == "error" else (middle, high)
        for depth in range(low - 2, low + 3):
            stock, fast = _deeper(frames, _nested(prefix, depth))
            assert (stock[0] == "error") == (fast[0] == "error"), (frames, depth)
