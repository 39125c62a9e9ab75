"""Words the program writes and reads: counted words in messages ("1 page", "2 pages", never
"2 page(s)"), and the month names that dates in several checks are read by."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# The months in full, as one alternation for a regular expression.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
