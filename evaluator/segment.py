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

_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+\S)")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[]?)(\S)")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Za-z]\.)+$")


def _is_boundary(line: str, end: int) -> bool:
    """Whether the punctuation ending at `end` closes a sentence."""
    following = _NEXT_START.match(line, end)
    if following is None:
        return False
    first = following.group(2)
    if not (first.isupper() or first.isdigit() or first in "•●▪–-"):
        return False
    before = line[:end].rstrip("\"'”’)]")
    if not before.endswith("."):
        return True  # "?" and "!" always close
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
    """Spans of the sentences in one prose line, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        if _is_boundary(line, match.end()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(line)))
    out = []
    for a, b in spans:
        piece = line[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + len(piece.rstrip())))
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
    for line in text.split("\n"):
        kind = line_kind(line)
        end = offset + len(line)
        if current is not None:
            start, _, first_kind = current
            previous = text[start : current[1]]
            if (
                kind == "prose"
                and first_kind in ("prose", "list")
                and not END_PUNCT.search(previous)
                and line.lstrip()[:1].islower()
            ):
                current = (start, end, first_kind)
                offset = end + 1
                continue
            blocks.append(current)
            current = None
        if kind != "blank":
            current = (offset, end, kind)
        offset = end + 1
    if current is not None:
        blocks.append(current)
    return blocks


def segment(document: Document) -> list[Passage]:
    passages: list[Passage] = []
    for page in document.pages:
        for paragraph, (start, end, kind) in enumerate(_blocks(page.text)):
            block = page.text[start:end]
            spans = sentences(block) if kind in ("prose", "list") else _whole(block)
            for a, b in spans:
                passages.append(
                    Passage(
                        page=page.number,
                        start=start + a,
                        end=start + b,
                        text=block[a:b],
                        paragraph=paragraph,
                    )
                )
    return passages


def _whole(line: str) -> list[tuple[int, int]]:
    lead = len(line) - len(line.lstrip())
    return [(lead, len(line.rstrip()))]
