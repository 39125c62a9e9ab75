"""A faster reader of page content streams for pypdf, with exactly pypdf's results.

pypdf reads a content stream one byte at a time through `BytesIO`: in a cold analysis that is
about half of the text extraction's CPU. This reader matches the common tokens (operators,
plain numbers, names and strings, arrays of those) with regular expressions over the whole
stream and builds the same pypdf objects with pypdf's own constructors. Every other token is
handed to pypdf's own reader at that byte, so odd input (escapes, hex strings, dictionaries,
inline images, damaged syntax, limits) gets pypdf's behaviour, errors included. Where even that
could differ (an indirect reference, a very long token), the whole stream is read by pypdf.

`install()` is called only in the extraction worker, and only for the pypdf versions the
equivalence tests (tests/test_content_stream.py) have run on.
"""

from __future__ import annotations

import re
import sys
from io import BytesIO
from typing import Any

import pypdf
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    FloatObject,
    NameObject,
    NumberObject,
)

try:  # pypdf's own readers and limits, some of them private: a pypdf that moved them is not
    # one this reader was compared with, and `install()` then leaves pypdf's parser in place.
    from pypdf import get_configuration
    from pypdf.generic._data_structures import read_object
    from pypdf.generic._utils import StreamParsingBudget, create_string_object
except ImportError:  # pragma: no cover - depends on the installed pypdf
    _READERS = False
else:
    _READERS = True

# Versions whose parser the tests compared this reader with (major, minor): the lock file's.
TESTED_VERSIONS = {(7, 1)}

# One token, after pypdf's top-level whitespace (its WHITESPACES; bytes \s, the name
# delimiter, is [ \t\n\r\f\v]). Group 1: an operator or keyword. 2: an operand: a run of the
# bytes pypdf reads as a number, a name with no "#" escape, or a string with no nested
# parenthesis. 3: an array of such operands. 4: a comment. Every group that matches is
# non-empty. Anything else matches nothing here and goes to pypdf's own reader. Possessive
# quantifiers and the look-aheads leave one way to match, so nothing backtracks.
_WS = rb"[\x00\t\n\x0c\r ]*+"
_ARRAY_WS = rb"[\x00\t\n\x0b\x0c\r ]*+"  # pypdf's arrays also skip isspace(): \v
_OPERATOR = rb"[A-Za-z'\"][^\s()<>\[\]{}/%]*+"
_NUMBER = rb"[+\-.0-9][+,\-.0-9]*+"
_NAME = rb"/[^\s()<>\[\]{}/%\#]*+(?![^\s()<>\[\]{}/%])"
_STRING = rb"\((?:[^()\\]++|\\[\s\S])*+\)"
_OPERAND = _NUMBER + rb"|" + _NAME + rb"|" + _STRING
_ARRAY = rb"\[(?:" + _ARRAY_WS + rb"(?:" + _OPERAND + rb"))*+" + _ARRAY_WS + rb"\]"
_COMMENT = rb"%[^\r\n]*+[\r\n]?"
_KINDS = (_OPERATOR, _OPERAND, _ARRAY, _COMMENT)
# `|\Z`: whitespace that ends the text is one empty match. Without it `findall` would try
# again at each trailing byte, each try running to the end: k bytes cost k * k (a page of
# newlines took seconds; an adversarial helper's finding, session 7).
_TOKEN = re.compile(_WS + rb"(?:(" + rb")|(".join(_KINDS) + rb")|\Z)")
# A stream made only of such tokens is read in one call (`findall`). (Capturing groups inside
# a possessive repeat trip a bug of Python 3.11's `re`, so this one has none.)
_WHOLE = re.compile(rb"(?:" + _WS + rb"(?:" + rb"|".join(_KINDS) + rb"))*+" + _WS)
# The items of an array that group 3 matched.
_ITEM = re.compile(_ARRAY_WS + rb"(?:(" + _OPERAND + rb")|\Z)")
# A backslash escape in a string: octal digits, or one byte.
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|([\s\S]))")
_ESCAPED = {
    ord(key): value
    for key, value in {
        "n": b"\n", "r": b"\r", "t": b"\t", "b": b"\b", "f": b"\f",
        "(": b"(", ")": b")", "/": b"/", "\\": b"\\", " ": b" ", "%": b"%",
        "<": b"<", ">": b">", "[": b"[", "]": b"]", "#": b"#", "_": b"_", "&": b"&", "$": b"$",
    }.items()
}  # fmt: skip
_SKIP = re.compile(_WS)
# Where pypdf would take digits as an indirect reference (and fail without a document).
_INDIRECT = re.compile(rb"\d\s+\d++\s+R[^a-zA-Z]")

_LONGEST_OPERATOR = 100  # pypdf refuses operators past about 112 bytes
_LONGEST_NAME = 2000  # ... and names past about 4,080
_LONGEST_NUMBER = 19  # ... and reads longer numbers another way

_original = ContentStream._parse_content_stream


class _Whole(Exception):
    """The stream holds something only pypdf's own reader reproduces exactly."""


def supported(version: str = pypdf.__version__) -> bool:
    if not _READERS:
        return False
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) in TESTED_VERSIONS


def install() -> bool:
    """Use this reader for every content stream pypdf parses in this process."""
    if not supported():
        return False
    ContentStream._parse_content_stream = parse_content_stream  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    ContentStream._parse_content_stream = _original  # type: ignore[method-assign]


def parse_content_stream(self: ContentStream, stream: BytesIO) -> None:
    """Fill `self._operations` as pypdf's `_parse_content_stream` would."""
    data = stream.getvalue()
    # The tokens `_WHOLE` takes spend at most one unit of pypdf's parsing budget a byte, so
    # such a stream shorter than the budget never runs out of it and needs no check on the way;
    # `_operations` spends it exactly as pypdf does.
    if len(data) >= get_configuration().stream_parsing_work_maximum_count or _INDIRECT.search(data):
        _stock(self, stream)
        return
    try:
        if b"BI" not in data and _WHOLE.fullmatch(data):
            _all_tokens(self, data)
        else:
            _operations(self, data, stream)
    except (_Whole, RecursionError):
        self._operations = []
        _stock(self, stream)


def _stock(self: ContentStream, stream: BytesIO) -> None:
    """pypdf's own reader, with its recursion limit where it would be: called through this
    reader it sits two frames deeper than where pypdf calls it, so deeply nested arrays would
    otherwise fail here and not there."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 2)
    try:
        _original(self, stream)
    finally:
        sys.setrecursionlimit(limit)


def _number(token: bytes) -> Any:
    try:
        if b"." in token:
            return float.__new__(FloatObject, float(token))
        return int.__new__(NumberObject, int(token))
    except ValueError:  # malformed: pypdf's constructors log it and use zero
        return FloatObject(token) if b"." in token else NumberObject(token)


def _all_tokens(self: ContentStream, data: bytes) -> None:
    """A stream `_WHOLE` matched: its tokens in one list, then objects made in one loop."""
    encoding = self.forced_encoding
    operations: list[tuple[Any, bytes]] = self._operations
    operands: list[Any] = []
    made: dict[bytes, Any] = {}
    for operator, operand, array, _comment in _TOKEN.findall(data):
        if operand:
            operands.append(_cached(operand, encoding, made))
        elif operator:
            if len(operator) > _LONGEST_OPERATOR:
                raise _Whole
            operations.append((operands, operator))
            operands = []
        elif array:
            operands.append(_array(array, encoding, made))


def _cached(token: bytes, encoding: Any, made: dict[bytes, Any]) -> Any:
    """The object of an operand token, made once per stream: identical tokens share it (text
    extraction never changes an operand)."""
    value = made.get(token)
    if value is None:
        value = made[token] = _operand(token, encoding)
    return value


def _operand(token: bytes, encoding: Any) -> Any:
    """The object pypdf makes of a number, name or string token matched by `_OPERAND`."""
    first = token[0]
    if first == 0x2F:  # "/"
        return _name(token)
    if first == 0x28:  # "("
        return _string(token, encoding)
    if len(token) > _LONGEST_NUMBER:
        raise _Whole
    return _number(token)


def _escape(found: re.Match[bytes]) -> bytes:
    octal, other = found.groups()
    if octal is not None:
        value = int(octal, 8)
        if value > 255:
            raise _Whole  # pypdf keeps the backslash and reads the digits again
        return bytes((value,))
    mapped = _ESCAPED.get(other[0])
    if mapped is None:
        raise _Whole  # a line continuation, or an unknown escape pypdf warns about
    return mapped


def _string(token: bytes, encoding: Any) -> Any:
    """A string token, parentheses included, as pypdf makes it."""
    body = token[1:-1]
    if b"\\" in body:
        body = _ESCAPE.sub(_escape, body)
    return create_string_object(body, encoding)


def _name(token: bytes) -> NameObject:
    if len(token) > _LONGEST_NAME:
        raise _Whole
    try:
        return NameObject(token.decode("utf-8"))
    except UnicodeDecodeError:
        raise _Whole from None


def _operations(self: ContentStream, data: bytes, stream: BytesIO) -> None:
    """Appends to `self._operations` as it goes, so an error leaves what pypdf's would. The
    parsing budget is spent token by token as pypdf spends it: pypdf's own readers, called here
    for dictionaries and the like, may spend more than one unit a byte."""
    budget = StreamParsingBudget(
        remaining_budget=get_configuration().stream_parsing_work_maximum_count
    )
    check = ContentStream._check_limits
    encoding = self.forced_encoding
    operations: list[tuple[Any, bytes]] = self._operations
    operands: list[Any] = []
    made: dict[bytes, Any] = {}
    pos = 0
    match = _TOKEN.match
    while True:
        found = match(data, pos)
        if found is not None and found.lastindex is None:
            return  # only whitespace was left
        if found is None:
            # Something only pypdf's reader takes: read one operand its way.
            pos = _SKIP.match(data, pos).end()  # type: ignore[union-attr]
            check(parsing_budget=budget, token_decrement=1)
            stream.seek(pos)
            operands.append(read_object(stream, None, encoding, parsing_budget=budget))
            pos = stream.tell()
            continue
        kind = found.lastindex
        pos = found.end()
        if kind == 1:
            token = found.group(1)
            if len(token) > _LONGEST_OPERATOR:
                raise _Whole
            if token == b"BI":
                if operands:
                    raise _Whole  # pypdf asserts here
                check(parsing_budget=budget, token_decrement=2)
                stream.seek(pos)
                image = self._read_inline_image(stream, parsing_budget=budget)
                operations.append((image, b"INLINE IMAGE"))
                pos = stream.tell()
            else:
                check(parsing_budget=budget, token_decrement=1)
                operations.append((operands, token))
                operands = []
        elif kind == 2:
            check(parsing_budget=budget, token_decrement=1)
            operands.append(_cached(found.group(2), encoding, made))
        elif kind == 3:
            check(parsing_budget=budget, token_decrement=1)
            operands.append(_array(found.group(3), encoding, made, budget))
        # kind 4, a comment: nothing


def _array(
    token: bytes,
    encoding: Any,
    made: dict[bytes, Any],
    budget: StreamParsingBudget | None = None,
) -> ArrayObject:
    """The array's objects. Its limits are checked before any object is made, as pypdf checks
    each element before reading it; an array that would break one is left to pypdf's reader,
    which raises its own error at the right element."""
    operands = [o for o in _ITEM.findall(token, 1, len(token) - 1) if o]
    if len(operands) > get_configuration().array_maximum_element_count:
        raise _Whole
    if budget is not None:
        if len(operands) > budget.remaining_budget:
            raise _Whole
        budget.remaining_budget -= len(operands)
    return ArrayObject(_cached(operand, encoding, made) for operand in operands)
