"""Split normalised page text into passages (sentences, list items, table rows) with spans.

`evaluator.normalise` has already turned soft line breaks into spaces, so each remaining line
is a block: a prose paragraph, a list item, a table row or a heading. Prose is split into
sentences; the other kinds stay whole. A passage's text is always exactly
`page.text[start:end]`, so a quote taken from it can be found again.
"""

from __future__ import annotations

import re

from .models import Document, Passage
from .normalise import END_PUNCT, line_kind

# Never end a sentence: titles, Latin and reference abbreviations.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "rev",
        "hon",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "supt",
        "insp",
        "det",
        "cllr",
        "e.g",
        "i.e",
        "cf",
        "viz",
        "vs",
        "v",
        "al",
        "approx",
        "ca",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "assn",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# End a sentence only when no number follows: "No. 5", "p. 12", "Fig. 3", "Vol. 2".
BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "p",
        "pp",
        "fig",
        "figs",
        "vol",
        "vols",
        "ch",
        "sec",
        "art",
        "para",
        "paras",
        "tab",
        "ref",
        "eq",
    ]
)

# A run of sentence punctuation and its closing quotes, matched only from the run's first
# character and possessively, so a line of a million dots costs one pass, not a million.
_CANDIDATE = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s+\S)")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]?)(\S)")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Za-z]\.)+$")
# How far back a boundary decision looks: the word before the full stop and a run of
# initials ("U.S.") fit easily; a longer word is no abbreviation either way.
_LOOKBACK = 64

# Caps that keep every detector's work per passage and per paragraph bounded: a "sentence"
# longer than MAX_PASSAGE_CHARS is cut at spaces into passages of at most that length, and a
# paragraph closes after MAX_PARAGRAPH_PASSAGES passages or MAX_PARAGRAPH_CHARS characters
# (detectors look at a passage's paragraph, so a one-line page of 10,000 sentences would
# otherwise cost 10,000²). Sample reports stay far below all three.
MAX_PASSAGE_CHARS = 1200
MAX_PARAGRAPH_PASSAGES = 40
MAX_PARAGRAPH_CHARS = 6000


def _is_boundary(line: str, punct_end: int, end: int) -> bool:
    """Whether the punctuation run ending at `punct_end` (closing quotes up to `end`) closes a
    sentence. Looks at most `_LOOKBACK` characters back, so each decision costs O(1)."""
    following = _NEXT_START.match(line, end)
    if following is None:
        return False
    first = following.group(2)
    if not (first.isupper() or first.isdigit() or first in "•●▪–-"):
        return False
    if line[punct_end - 1] != ".":
        return True  # "?" and "!" always close
    window_start = max(0, punct_end - _LOOKBACK)
    before = line[window_start:punct_end]
    if window_start > 0:
        # Whole words only, so "^" in _INITIALS still means a real line start; one long
        # token is longer than any abbreviation either way.
        space = re.search(r"\s", before)
        before = before[space.start() :] if space is not None else " " + before
    word = before[:-1].rsplit(None, 1)[-1] if before[:-1].split() else ""
    word = word.lstrip("(\"'“‘[").lower()
    if word in ABBREVIATIONS:
        return False
    if word in BEFORE_NUMBER and first.isdigit():
        return False
    if word.isdigit() and first.isdigit() and len(word) <= 3:
        return False  # a numbered heading "3. 5" more likely than two sentences
    # "J. Smith", "U.S. Census", "e.g." without its last letter counted as a word
    return not (
        _INITIALS.search(before)
        and len(word.replace(".", "")) <= 3
        and word.replace(".", "").isalpha()
    )


def sentences(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences in one prose line, stripped of surrounding whitespace, none
    longer than MAX_PASSAGE_CHARS."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        punct_end = match.start() + len(match.group().rstrip("\"'”’)]"))
        if _is_boundary(line, punct_end, match.end()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        piece = line[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.extend(bounded(line, a + lead, a + len(piece.rstrip())))
    return out


def bounded(
    text: str, start: int, end: int, limit: int = MAX_PASSAGE_CHARS
) -> list[tuple[int, int]]:
    """[start, end) cut into spans of at most `limit` characters, at the last whitespace
    before each limit (mid-token only when a token is longer than the limit)."""
    out: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit
        space = max(text.rfind(" ", start + 1, cut + 1), text.rfind("\t", start + 1, cut + 1))
        if space > start:
            cut = space
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def _blocks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each block: one line, or prose lines that clearly continue.

    Normalised text has its soft breaks joined already; text built without ingestion (tests,
    pasted text) may not, so a prose line that does not end a sentence and is followed by a
    line starting in lower case still continues the same block.
    """
    blocks: list[tuple[int, int, str]] = []
    offset = 0
    current: tuple[int, int, str] | None = None
    # Whether the block so far ends a sentence: only its last line matters, since END_PUNCT
    # is anchored at the end, so each line is searched once, never the growing block.
    ends_sentence = False
    for line in text.split("\n"):
        kind = line_kind(line)
        end = offset + len(line)
        if current is not None:
            start, _, first_kind = current
            if (
                kind == "prose"
                and first_kind in ("prose", "list")
                and not ends_sentence
                and line.lstrip()[:1].islower()
            ):
                current = (start, end, first_kind)
                ends_sentence = END_PUNCT.search(line) is not None
                offset = end + 1
                continue
            blocks.append(current)
            current = None
        if kind != "blank":
            current = (offset, end, kind)
            ends_sentence = END_PUNCT.search(line) is not None
        offset = end + 1
    if current is not None:
        blocks.append(current)
    return blocks


def segment(document: Document) -> list[Passage]:
    passages: list[Passage] = []
    for page in document.pages:
        paragraph = 0
        for start, end, kind in _blocks(page.text):
            block = page.text[start:end]
            spans = sentences(block) if kind in ("prose", "list") else _whole(block)
            size = count = 0
            for a, b in spans:
                if count and (
                    count >= MAX_PARAGRAPH_PASSAGES or size + b - a > MAX_PARAGRAPH_CHARS
                ):
                    paragraph += 1
                    size = count = 0
                size += b - a
                count += 1
                passages.append(
                    Passage(
                        page=page.number,
                        start=start + a,
                        end=start + b,
                        text=block[a:b],
                        paragraph=paragraph,
                    )
                )
            paragraph += 1
    return passages


def _whole(line: str) -> list[tuple[int, int]]:
    lead = len(line) - len(line.lstrip())
    return bounded(line, lead, len(line.rstrip()))
