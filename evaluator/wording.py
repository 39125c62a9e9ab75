"""Words the program writes and reads: counted words in messages ("1 page", "2 pages", never
"2 page(s)"), and the month names that dates in several checks are read by."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# The months in full, as one alternation for a regular expression.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A month as dates print it: in full or abbreviated.
MONTH = rf"(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"


def markdown_table_row(text: str) -> bool:
    """Whether the passage is a row of a Markdown table ("| Total Population (Millions) | ..."):
    cells under a header, not a sentence anyone says."""
    return text.lstrip().startswith("|") and text.count("|") >= 3


# A line that is only a date, perhaps with a time: a dateline or a post's timestamp ("Tuesday,
# 4 June 2024", "July 18, 2025 at 12:01 PM", "2008-05-02 01:00:00"). It dates the page, and it
# is no figure and no claim.
DATELINE = (
    rf"\W*(?:\w+day,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+\d{{4}}|"
    rf"{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
    r"(?:\s+at\b)?[\d\s:,.APMGTapm]*$"
)
