"""How deeply TOML or JSON from a person nests, measured before the recursive parser sees it.

`tomllib` recurses once per `[` or `{`: a few hundred levels raise RecursionError from deep inside
the parser. Measuring first turns that into a plain error naming the file. The scan skips strings
(and TOML comments) with regular expressions and counts only brackets, so it runs at C speed on a
40 MB pack whose bulk is one base64 string.
"""

from __future__ import annotations

import re
from itertools import accumulate

MAX_DEPTH = 64
"""Far above any real file: a rubric nests 4 levels, a pack or a submission about 7."""

# Each pattern also matches a string left open (to the end of its line or of the text), so a
# search never restarts inside one: the scan stays linear on hostile input.
_JSON_STRINGS = re.compile(r'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_TOML_SKIPPED = re.compile(
    r'"""(?:[^"\\]++|\\.?|"(?!""))*+(?:"""|\Z)'  # multi-line basic string
    r"|'''(?:[^']++|'(?!''))*+(?:'''|\Z)"  # multi-line literal string
    r'|"(?:[^"\\\n]++|\\[^\n]?)*+(?:"|(?=\n)|\Z)'  # basic string
    r"|'[^'\n]*+(?:'|(?=\n)|\Z)"  # literal string
    r"|#[^\n]*+",  # comment
    re.DOTALL,
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _depth(brackets: str) -> int:
    if not brackets:
        return 0
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets))))


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects (0 for a bare value)."""
    return _depth(_NOT_BRACKET.sub("", _JSON_STRINGS.sub("", text)))


def toml_depth(text: str) -> int:
    """The deepest nesting of arrays, inline tables and table headers' brackets."""
    return _depth(_NOT_BRACKET.sub("", _TOML_SKIPPED.sub("", text)))


def too_deep(depth: int, limit: int = MAX_DEPTH) -> str | None:
    """The reason to refuse, or None when the nesting is within the limit."""
    if depth > limit:
        return f"nested {depth} levels deep; at most {limit} are accepted"
    return None
