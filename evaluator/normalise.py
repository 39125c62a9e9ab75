"""Repair extracted text so numbers and words can be matched, keeping a map back to the raw text.

The raw text of each page (pypdf's plain extraction) goes through one regular-expression pass;
every repair that changes the length of the text is recorded as an edit
(norm_start, norm_end, raw_start, raw_end), so any span of the normalised text can be traced
back to pypdf's output with `raw_span`. Repairs that keep the length (a non-breaking space
becoming a space, a soft line break becoming a space) need no edit.

What is repaired, and why (figures from research/pdf_extraction.md):
- ligature code points (U+FB00–FB06): pypdf returns them as-is; a targeted map, because full
  NFKC would also turn "½" into "1⁄2" and "%³" into "%3";
- line-end hyphenation: "implemen-\\ntation" is joined, "data-\\ndriven" keeps its hyphen, and a
  prefix that also starts plain words ("ex-\\npected", "all-\\neged") is joined unless the rest is
  a word of its own;
- numbers split by the extractor: "37. 5%", "4 .3", "5 %";
- non-breaking/thin spaces, Unicode minus and hyphen/figure/en dashes, the soft hyphen;
- footnote markers glued to numbers ("1,40012", "12.5%3", "democracy.3"): the marker is dropped
  only where the digits cannot belong to the number (broken thousands grouping, digits after a
  percent sign or after a word's punctuation), and each such reading is reported as a warning;
- running headers and footers (lines repeated at the top or bottom of most pages, or of every
  page of a two- or three-page document) and "Page N of M" lines: removed;
- a footnote number glued to a year ("in 20194"): the year is kept, the marker dropped, and a
  warning says so;
- hidden placeholder tokens (PLACEHOLDER_n and GUID-like tokens in iText reports): removed;
- soft line breaks inside prose become spaces; line breaks before and after list items, table
  rows and headings stay, so `segment` can keep them as their own passages.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from .wording import MONTHS

# Bump when the output for the same input changes: it is part of the ingestion cache key.
NORMALISER_VERSION = "3"

Edit = tuple[int, int, int, int]
# Edits kept per page: MIN_EDITS plus one per CHARS_PER_EDIT raw characters. A real page needs
# far fewer; a page of nothing but ligatures would otherwise keep one tuple (~180 bytes) per
# character. Past the bound, edits merge into the last, so `raw_span` there is wider, never wrong.
MIN_EDITS = 64
CHARS_PER_EDIT = 16

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
SPACES = "\u00a0\u1680\u202f\u205f\u3000\t" + "".join(map(chr, range(0x2000, 0x200B)))
# Hyphen, non-breaking hyphen, figure dash, en dash, minus and their compatibility forms.
DASHES = "\u2010\u2011\u2012\u2013\u2212\ufe58\ufe63\uff0d"
# Removed: zero-width characters, every C0 and C1 control but tab, newline and carriage return
# (a terminal escape must not survive into a quote), and bidirectional overrides, embeddings and
# isolates, which only reorder how text is shown ("Trojan Source").
_CONTROLS = "".join(
    chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
)
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff" + _CONTROLS + _BIDI

_ONE_FOR_ONE_CHARS = re.compile(f"[{SPACES}{DASHES}]")
_ONE_FOR_ONE = str.maketrans({**{c: " " for c in SPACES}, **{c: "-" for c in DASHES}})

_HIDDEN = r"(?:_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\bPLACEHOLDER_\d+\b)"
_RULES: dict[str, str] = {
    "hidden": rf"{_HIDDEN}[ ]*\n?",
    "hyph": r"(?<=[^\W_])-[ ]*\n[ ]*(?=[^\W_])",
    "soft": r"\u00ad(?:[ ]*\n[ ]*(?=[^\W\d_]))?",
    "trailing": r"[ ]+(?=\n)",
    "lig": r"[\ufb00-\ufb06]",
    "invisible": rf"[{INVISIBLE}]",
    "cr": r"\r\n?",
    "splitdec": r"(?<![\d,.])\d{1,3}\.[ ]\d{1,2}(?=[ ]?%)",
    "spacedot": r"(?<=\d)[ ]\.(?=\d)",
    "pctspace": r"(?<=\d)[ ]+(?=%)",
    "groupmark": r"(?<=\d,\d\d\d)\d{1,2}(?![\d,]|\.\d)",
    "pctmark": r"(?<=\d%)\d{1,2}(?![\d.,%]\d|[\d%])",
    "wordmark": r"(?<=[a-z]{3}[.,;:])\d{1,2}(?=\s|$)",
    "yearmark": r"(?<![\d,.£$€])(?:19|20)\d{2}\d{1,2}(?=[.,;:)\]]|\s+(?:and|to|when|while|there|"
    r"the|a|it|this|that|we|they|after|before|as|but|was|were|had|have)\b|\s*$)",
}
_LIGATURE_OR_INVISIBLE = re.compile(rf"[\ufb00-\ufb06{INVISIBLE}]")
_WORD_THEN_DIGIT = re.compile(r"[a-z][.,;:]\d")
_LONG_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{3,4}(?!\d)")
# What dates a year: "in 20194" is 2019 and note 4; "of 20194 people" is a count.
_DATES_A_YEAR = re.compile(
    r"\b(?:in|since|by|during|until|till|before|after|from|between|throughout|"
    rf"{MONTHS})\s+$",
    re.I,
)
_INVISIBLE_OR_BREAK = re.compile(rf"[{INVISIBLE}\t\n\r]+")


def clean_line(text: str) -> str:
    """One line of metadata (a title) with invisible and control characters removed."""
    return " ".join(_INVISIBLE_OR_BREAK.sub(" ", text).split())


def _active_rules(raw: str) -> tuple[str, ...]:
    """The rules that can match this text: cheap substring tests keep the regex small, which
    matters because every alternative is tried at every position."""
    odd = _LIGATURE_OR_INVISIBLE.search(raw) is not None
    checks = {
        "hidden": "_" in raw,
        "hyph": "-\n" in raw or "- \n" in raw,
        "soft": "\u00ad" in raw,
        "trailing": " \n" in raw,
        "lig": odd,
        "invisible": odd,
        "cr": "\r" in raw,
        "splitdec": ". " in raw and "%" in raw,
        "spacedot": " ." in raw,
        "pctspace": " %" in raw,
        "groupmark": "," in raw,
        "pctmark": "%" in raw,
        "wordmark": _WORD_THEN_DIGIT.search(raw) is not None,
        "yearmark": _LONG_YEAR.search(raw) is not None,
    }
    return tuple(name for name in _RULES if checks[name])


@lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile("|".join(f"(?P<{name}>{_RULES[name]})" for name in names))


_HIDDEN_ONLY = re.compile(rf"^\s*(?:{_HIDDEN}\s*)+$")
_GROUPED_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+\d{1,2}$")
_PERCENT_MARKED = re.compile(r"^[(\[]?[-+]?\d[\d,]*(?:\.\d+)?%\d{1,2}$")

# Line-end hyphenation: which compounds keep their hyphen when the document gives no evidence.
COMPOUND_FIRST = frozenset(
    [
        "self",
        "well",
        "long",
        "short",
        "full",
        "part",
        "high",
        "low",
        "cross",
        "multi",
        "half",
        "all",
        "ex",
        "co",
        "mid",
        "anti",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
    ]
)
COMPOUND_SECOND = frozenset(
    [
        "based",
        "driven",
        "related",
        "level",
        "term",
        "time",
        "wide",
        "scale",
        "specific",
        "oriented",
        "focused",
        "making",
        "income",
        "year",
        "years",
        "old",
        "up",
        "out",
        "down",
        "free",
        "like",
        "owned",
        "led",
        "run",
        "funded",
        "sponsored",
        "centered",
        "centred",
        "friendly",
        "sensitive",
        "intensive",
        "only",
        "quality",
        "being",
        "date",
        "round",
        "year-old",
        "profit",
    ]
)


_FUNCTION_WORDS = frozenset(["of", "in", "on", "to", "up", "by", "for", "and", "the", "at", "off"])
# Compound prefixes that also begin many plain words ("expected", "alleged", "multiple",
# "particular", "higher"): after a line-end hyphen they join unless the rest is a word the
# document uses on its own ("ex-minister" where "minister" appears) or, after "ex", a person.
WORD_STARTS = frozenset(
    ["ex", "all", "mid", "multi", "part", "high", "low", "long", "short", "full", "cross"]
)
_PERSON_ENDING = re.compile(r"(?:er|or|ist|ian|man|men|wife|wives|ee|ess|ier|ner|ster)s?$")
# Endings that are words in their own right but, after a line-end hyphen, finish a word.
SUFFIXES = frozenset(
    [
        "ing",
        "ion",
        "ions",
        "ment",
        "ments",
        "ness",
        "able",
        "ible",
        "ance",
        "ence",
        "ate",
        "ates",
        "ated",
        "ating",
        "ation",
        "ations",
        "ize",
        "ized",
        "izing",
        "ise",
        "ised",
        "ism",
        "ist",
        "ous",
        "ful",
        "less",
        "ship",
        "ships",
        "ward",
        "wards",
        "tion",
        "tions",
        "sion",
        "ity",
        "ties",
        "ably",
        "ally",
        "ered",
        "ering",
        "rating",
        "ting",
        "ted",
    ]
)


@dataclass(frozen=True)
class Normalised:
    """One page after repair: the text, the length-changing edits, and the markers dropped
    (`year_markers`: years that carried a footnote number, as found: "20194")."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    year_markers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Vocabulary:
    """Words seen in the document, to decide line-end hyphens from the document's own usage."""

    words: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Sequence[str]) -> Vocabulary:
        joined = "\n".join(t for t in texts if t).lower()
        joined = joined.translate(_LIGATURE_TABLE)
        # The halves of words broken at a line end are not words of the document.
        joined = _BROKEN.sub(" ", joined)
        words = frozenset(re.findall(r"[^\W\d_]{2,}", joined))
        compounds = frozenset(re.findall(r"(?<![\w-])[^\W\d_]+-[^\W\d_]+(?![\w-])", joined))
        return cls(words=words, compounds=compounds)


_LIGATURE_TABLE = str.maketrans(LIGATURES)
_BROKEN = re.compile(r"[^\W\d_]+-[ ]*\n[ ]*[^\W\d_]+")


def keep_hyphen(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """True when "left-\\nright" is a compound (keep "-"), False when it is a broken word."""
    first, second = left.lower(), right.lower()
    if right[:1].isupper():
        return True  # "Covid-\nNineteen", "non-\nHispanic": a capital never continues a word
    if f"{first}-{second}" in vocabulary.compounds:
        return True
    if first + second in vocabulary.words:
        return False
    if second in COMPOUND_SECOND or second in _FUNCTION_WORDS:
        return True  # "full-time", "state-of-the-art"
    if first in WORD_STARTS:
        # "ex-\npected", "all-\neged", "high-\ner" are broken words; "ex-\nminister" is not.
        return (len(second) >= 3 and second in vocabulary.words) or (
            first == "ex" and _PERSON_ENDING.search(second) is not None
        )
    if first in COMPOUND_FIRST:
        return True  # "self-reported", "twenty-three"
    # Two words the document uses on their own ("human-capital", "far-reaching") make a
    # compound; a fragment on either side ("collabor-ating", "shel-ter") is a broken word.
    words = vocabulary.words
    return (
        len(first) >= 3
        and len(second) >= 3
        and first in words
        and second in words
        and second not in SUFFIXES
    )


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _word_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def _repair(
    raw: str,
    match: re.Match[str],
    vocabulary: Vocabulary,
    markers: list[str],
    years: list[str],
) -> str:
    """The replacement for one match of a rule in _RULES (a ligature, a hyphen, a marker...)."""
    kind = match.lastgroup
    found = match.group()
    start, end = match.span()
    if kind == "hidden":
        at_line_start = start == 0 or raw[start - 1] == "\n"
        return "" if at_line_start or not found.endswith("\n") else "\n"
    if kind == "hyph":
        left, right = _word_before(raw, start), _word_after(raw, end)
        if not left or not right:
            return "-"  # a range such as "2018-\n2019"
        return "-" if keep_hyphen(left, right, vocabulary) else ""
    if kind == "soft":
        before = raw[start - 1] if start else " "
        after = raw[end] if end < len(raw) else " "
        if "\n" in found or (before.isalpha() and after.isalpha()):
            return ""  # an invisible break opportunity inside a word
        return "-"  # OPM tables use it as a range dash: "FY 2013\xad FY 2017"
    if kind == "lig":
        return LIGATURES[found]
    if kind in ("invisible", "trailing"):
        return ""
    if kind == "cr":
        return "\n"
    if kind == "splitdec":
        return found.replace(". ", ".")
    if kind in ("spacedot", "pctspace"):
        return found.strip()
    if kind == "yearmark":
        if not _DATES_A_YEAR.search(raw[max(0, start - 12) : start]):
            return found  # "of 20194 people": a number, not a year
        years.append(found)
        return found[:4]
    # A footnote marker: keep the reading in which the digits are not part of the number.
    context_start = max(0, start - 24)
    token = raw[context_start:end].split()[-1] if raw[context_start:end].split() else found
    if kind == "groupmark" and not _GROUPED_NUMBER.search(token):
        return found
    if kind == "pctmark" and not _PERCENT_MARKED.match(token):
        return found  # "%E2%80%99" in a URL, not a percentage
    markers.append(token)
    return ""


def normalise_text(
    raw: str,
    vocabulary: Vocabulary | None = None,
    remove: Sequence[tuple[int, int]] = (),
) -> Normalised:
    """Repair one page of raw text; `remove` lists raw spans to drop (headers, footers)."""
    vocabulary = vocabulary or Vocabulary()
    pieces: list[str] = []
    edits: list[Edit] = []
    markers: list[str] = []
    years: list[str] = []
    max_edits = MIN_EDITS + len(raw) // CHARS_PER_EDIT
    out = 0  # length of the normalised text so far
    cursor = 0  # raw offset copied up to

    def copy_to(position: int) -> None:
        nonlocal out, cursor
        if position > cursor:
            chunk = raw[cursor:position]
            pieces.append(chunk)
            out += len(chunk)
            cursor = position

    def replace(start: int, end: int, text: str) -> None:
        nonlocal out, cursor
        copy_to(start)
        pieces.append(text)
        if len(text) != end - start:
            if len(edits) < max_edits:
                edits.append((out, out + len(text), start, end))
            else:  # widen the last edit: its raw span still contains the true one
                edits[-1] = (edits[-1][0], out + len(text), edits[-1][2], end)
        out += len(text)
        cursor = end

    removals = sorted(remove)
    r = 0
    pattern = _pattern(_active_rules(raw))
    for match in pattern.finditer(raw) if pattern else ():
        start, end = match.span()
        while r < len(removals) and removals[r][1] <= start:
            if removals[r][0] >= cursor:
                replace(removals[r][0], removals[r][1], "")
            r += 1
        if start < cursor or (r < len(removals) and removals[r][0] < end):
            continue  # inside a removed header line
        replace(start, end, _repair(raw, match, vocabulary, markers, years))
    for span in removals[r:]:
        if span[0] >= cursor:
            replace(span[0], span[1], "")
    copy_to(len(raw))
    text = "".join(pieces)
    if _ONE_FOR_ONE_CHARS.search(text):
        text = text.translate(_ONE_FOR_ONE)
    return Normalised(text=join_soft_breaks(text), edits=edits, markers=markers, year_markers=years)


# --- line structure -----------------------------------------------------------------------------

_LIST_ITEM = re.compile(
    r"^\s*(?:[•●▪■◦○‣∙·*➢►✓☐☒-](?:\s+\S|\s*$)|(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\((?:[ivx]{1,4}|[a-z])\))\s+\S)"
)
_NUMERIC = re.compile(
    r"(?<!\S)(?:[(<>≤≥~$£€+*-]*\d[\d,.]*(?:%|[kKmMbB]n?)?[)*†]*[,;]?|N/?A\*?|n/a|TBD|--?|—)(?!\S)"
)
_LOWER_WORD = re.compile(r"(?<!\S)[a-z][a-z]*(?!\S)")
END_PUNCT = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")


def line_kind(line: str) -> str:
    """'blank', 'list', 'table', 'heading' or 'prose': decides which line breaks are real."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if _LIST_ITEM.match(stripped):
        return "list"
    tokens = stripped.split()
    numeric = len(_NUMERIC.findall(stripped)) if len(tokens) > 1 else 0
    if numeric >= 2:
        lower_words = len(_LOWER_WORD.findall(stripped))
        if (lower_words <= 2 and numeric * 10 >= 3 * len(tokens)) or numeric * 2 >= len(tokens):
            return "table"
    if len(tokens) <= 10 and not END_PUNCT.search(stripped) and stripped[:1].isupper():
        words = [t for t in tokens if t[:1].isalpha()]
        capitalised = sum(1 for t in words if t[:1].isupper())
        small = sum(1 for t in words if t in _SMALL_WORDS)
        if words and (capitalised + small) >= len(words):
            return "heading"
    return "prose"


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
    ]
)


def _typical_length(lengths: list[int]) -> int:
    if len(lengths) < 4:
        return 80
    lengths = sorted(lengths)
    return lengths[min(len(lengths) - 1, math.floor(len(lengths) * 0.9))]


def _short_title(line: str, typical: int) -> bool:
    """A sentence-case heading such as "Key results" after a paragraph."""
    stripped = line.strip()
    return (
        len(stripped) < 0.5 * typical
        and stripped[:1].isupper()
        and not END_PUNCT.search(stripped)
        and not stripped.endswith(",")
    )


def join_soft_breaks(text: str) -> str:
    """Turn line breaks inside prose into spaces (same length, so the offset map is unchanged)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    kinds = [line_kind(line) for line in lines]
    typical = _typical_length([len(x) for x, k in zip(lines, kinds, strict=True) if k == "prose"])
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i == len(lines) - 1:
            break
        kind, after = kinds[i], kinds[i + 1]
        hard = (
            kind in ("blank", "table", "heading")
            or after in ("blank", "list", "table", "heading")
            or line.rstrip().endswith(":")
            or (END_PUNCT.search(line) is not None and len(line.rstrip()) < 0.75 * typical)
            or (END_PUNCT.search(line) is not None and _short_title(lines[i + 1], typical))
        )
        out.append("\n" if hard else " ")
    return "".join(out)


# --- headers and footers ------------------------------------------------------------------------

EDGE_LINES = 4  # a running header or footer sits in the first or last few lines of a page


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank, non-hidden line, end including its newline."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip() and not _HIDDEN_ONLY.match(line):
            spans.append((start, min(end + 1, len(text))))
        start = end + 1
    return spans


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


# "Page 3 of 12", "p. 3", "3 / 12", "- 3 -": page furniture at a page's edge, on any page.
_PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-–—]\s*\d+\s*[-–—])\s*$",
    re.I,
)


def repeated_edges(pages: Sequence[str], share: float = 0.5) -> list[list[tuple[int, int]]]:
    """Raw spans of running headers/footers: edge lines whose text (digits aside) recurs at the
    top or bottom of at least `share` of the pages of a document of four pages or more, or of
    every page of a two- or three-page document; and "Page N of M" lines at any page's edge."""
    spans = [_line_spans(p) for p in pages]
    removals: list[list[tuple[int, int]]] = [[] for _ in pages]
    counts: Counter[str] = Counter()
    for text, page_spans in zip(pages, spans, strict=True):
        edge = page_spans[:EDGE_LINES] + page_spans[-EDGE_LINES:]
        counts.update({_key(text[a:b]) for a, b in edge})
    if len(pages) >= 4:
        needed = max(3, math.ceil(share * len(pages)))
        repeated = {k for k, c in counts.items() if c >= needed and 0 < len(k) <= 160}
    elif len(pages) >= 2:
        # Few pages: only a line on every page, short and not a row of three or more numbers
        # (a repeated table header), is furniture.
        repeated = {
            k
            for k, c in counts.items()
            if c == len(pages) and 0 < len(k) <= 120 and k.count("#") < 3
        }
    else:
        repeated = set()
    repeated |= {
        _key(text[a:b])
        for text, page_spans in zip(pages, spans, strict=True)
        for a, b in page_spans[:EDGE_LINES] + page_spans[-EDGE_LINES:]
        if _PAGE_NUMBER_LINE.match(text[a:b])
    }
    if not repeated:
        return removals
    for index, (text, page_spans) in enumerate(zip(pages, spans, strict=True)):
        keys = [_key(text[a:b]) for a, b in page_spans]
        top = 0
        while top < min(EDGE_LINES, len(keys)) and keys[top] in repeated:
            top += 1
        bottom = len(keys)
        while bottom > max(top, len(keys) - EDGE_LINES) and keys[bottom - 1] in repeated:
            bottom -= 1
        removals[index] = page_spans[:top] + page_spans[bottom:]
    return removals


# --- a whole document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NormalisedDocument:
    pages: list[Normalised]
    warnings: list[str]


def normalise_pages(raw_pages: Sequence[str]) -> NormalisedDocument:
    """Normalise every page of one document; headers and hyphenation use the whole document."""
    needs_vocabulary = any("-\n" in p or "- \n" in p for p in raw_pages)
    vocabulary = Vocabulary.of(raw_pages) if needs_vocabulary else Vocabulary()
    removals = repeated_edges(raw_pages)
    pages = [
        normalise_text(raw, vocabulary, remove)
        for raw, remove in zip(raw_pages, removals, strict=True)
    ]
    warnings = []
    marked = [(i + 1, p.markers) for i, p in enumerate(pages) if p.markers]
    if marked:
        examples = ", ".join(f"'{m}'" for _, ms in marked[:3] for m in ms[:1])
        warnings.append(
            f"digits glued to numbers were read as footnote markers and left out of the text on "
            f"page{'s' if len(marked) > 1 else ''} {page_list([n for n, _ in marked])} "
            f"(e.g. {examples}); check those figures against the PDF"
        )
    glued = [(i + 1, p.year_markers) for i, p in enumerate(pages) if p.year_markers]
    if glued:
        examples = ", ".join(f"'{y}' read as {y[:4]}" for _, ys in glued[:3] for y in ys[:1])
        warnings.append(
            f"a footnote number glued to a year was left out on "
            f"page{'s' if len(glued) > 1 else ''} {page_list([n for n, _ in glued])} "
            f"({examples}); check those dates against the PDF"
        )
    return NormalisedDocument(pages=pages, warnings=warnings)


def page_list(
    numbers: Iterable[int], limit: int = 12, *, style: Literal["runs", "each"] = "runs"
) -> str:
    """Pages for a message, in order and without repeats.

    "runs" (warnings): '2, 5–7, 9', more than `limit` runs end with '… (N pages)'. "each"
    (suggestions, which cite pages one by one): 'p. 2, p. 5', more than `limit` pages end with
    'and N more pages'.
    """
    numbers = sorted(set(numbers))
    if style == "each":
        shown = ", ".join(f"p. {n}" for n in numbers[:limit])
        more = len(numbers) - limit
        return f"{shown} and {more} more page{'s' if more != 1 else ''}" if more > 0 else shown
    runs: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        runs.append(str(numbers[i]) if i == j else f"{numbers[i]}–{numbers[j]}")
        i = j + 1
    if len(runs) > limit:
        return ", ".join(runs[:limit]) + f", … ({len(numbers)} pages)"
    return ", ".join(runs)


# --- mapping back -------------------------------------------------------------------------------


def raw_offset(edits: Sequence[Edit], position: int, *, end: bool = False) -> int:
    """The raw-text offset matching a normalised offset (an end offset when `end`)."""
    starts = [e[0] for e in edits]
    i = (bisect_left(starts, position) if end else bisect_right(starts, position)) - 1
    if i < 0:
        return position
    _, norm_end, raw_start, raw_end = edits[i]
    if position < norm_end or (end and position <= norm_end):
        return raw_end if end else raw_start
    return raw_end + (position - norm_end)


def raw_span(edits: Sequence[Edit], start: int, end: int) -> tuple[int, int]:
    """The raw-text span that a normalised span [start, end) came from."""
    return raw_offset(edits, start), raw_offset(edits, end, end=True)
