"""Split page text into passages (sentences) with page and character span.

Provisional: a plain sentence splitter; abbreviation, list and table handling come with ingestion.
"""

from __future__ import annotations

import re

from .models import Document, Passage

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def segment(document: Document) -> list[Passage]:
    passages: list[Passage] = []
    for page in document.pages:
        text = page.text
        offset = 0
        for paragraph_index, block in enumerate(_PARAGRAPH.split(text)):
            start = text.find(block, offset)
            offset = start + len(block)
            cursor = 0
            for piece in _SENTENCE_END.split(block):
                piece_start = block.find(piece, cursor)
                cursor = piece_start + len(piece)
                stripped = piece.strip()
                if not stripped:
                    continue
                lead = len(piece) - len(piece.lstrip())
                begin = start + piece_start + lead
                passages.append(
                    Passage(
                        page=page.number,
                        start=begin,
                        end=begin + len(stripped),
                        text=stripped,
                        paragraph=paragraph_index,
                    )
                )
    return passages
