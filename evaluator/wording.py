"""Counted words in messages: "1 page", "2 pages", never "2 page(s)"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
