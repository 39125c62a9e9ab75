"""Split normalised page text into passages (sentences, list items, table rows) with spans.

`evaluator.normalise` has already turned soft line breaks into spaces, so each remaining line
is a block: a prose paragraph, a list item, a table row or a heading. Prose is split into
sentences; the other kinds stay whole. A passage's text is always exactly
`page.text[start:end]`, so a quote taken from it can be found again.
"""

from __future__ import annotations

import re

from .models import Document, Passage
from .normalise import line_kind

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


def segment(document: Document) -> list[Passage]:
    passages: list[Passage] = []
    for page in document.pages:
        offset = 0
        paragraph = 0
        for line in page.text.split("\n"):
            kind = line_kind(line)
            if kind != "blank":
                spans = sentences(line) if kind in ("prose", "list") else _whole(line)
                for a, b in spans:
                    passages.append(
                        Passage(
                            page=page.number,
                            start=offset + a,
                            end=offset + b,
                            text=line[a:b],
                            paragraph=paragraph,
                        )
                    )
                paragraph += 1
            offset += len(line) + 1
    return passages


def _whole(line: str) -> list[tuple[int, int]]:
    lead = len(line) - len(line.lstrip())
    return [(lead, len(line.rstrip()))]
