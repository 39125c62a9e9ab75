"""Small helpers shared by several checks and their suggestions (not a check itself)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import partial

from ..models import Evidence, Suggestion
from ..normalise import page_list as _page_list
from ..wording import plural as plural
from . import speech as _speech

# A count as written in a report: "1,240", "53", "2 379" is not handled (rare in English text).
COUNT = r"\d{1,3}(?:,\d{3})+|\d+"

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "fifty": 50,
    "a hundred": 100,
    "hundred": 100,
    "a thousand": 1000,
}
WORD_NUMBER = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))


def to_int(text: str) -> int | None:
    """Parse "1,240", "53" or a small number word; None for anything else."""
    text = text.strip().lower()
    if text in _WORD_NUMBERS:
        return _WORD_NUMBERS[text]
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else None


def is_year(value: int, raw: str) -> bool:
    """A bare 19xx/20xx without a thousands comma is far more often a year than a count."""
    return "," not in raw and 1900 <= value <= 2099


# "(Jay, 2014)", "(Casey 2025a)", "Jay (2014)": years that date a citation, not the figures.
CITATION = re.compile(
    r"\([A-Z][A-Za-z'\-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][A-Za-z'\-]+)?,?\s+(?:19|20)\d{2}[a-z]?"
    r"(?:[;,]\s*(?:p{1,2}\.\s*\d+|[A-Z][A-Za-z'\-]+,?\s+(?:19|20)\d{2}[a-z]?))*\)"
    r"|\b[A-Z][A-Za-z'\-]+(?:\s+et\s+al\.?)?\s+\((?:19|20)\d{2}[a-z]?\)"
)


_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor|without)\b(?:\W+\w+){0,6}\W*$", re.I)


def asserted(pattern: re.Pattern[str], text: str) -> bool:
    """The pattern occurs at least once without a negation just before it ("not adjusted for
    age", "no dependable published data")."""
    return any(not _NEGATION.search(text[max(0, m.start() - 50) : m.start()])
               for m in pattern.finditer(text))  # fmt: skip


def blank_citations(text: str) -> str:
    """Replace citations with spaces so offsets stay valid for the original text."""
    return CITATION.sub(lambda m: " " * len(m.group(0)), text)


# "p. 3, p. 5": how a suggestion cites pages.
page_list = partial(_page_list, limit=6, style="each")


def evidence(items: Iterable[tuple[int, str, str]], limit: int = 5) -> list[Evidence]:
    """Evidence from (page, quote, signal) triples, one per distinct quote, in the given order."""
    out: list[Evidence] = []
    seen: set[tuple[int, str]] = set()
    for page, quote, signal in items:
        if (page, quote) in seen or not quote.strip():
            continue
        seen.add((page, quote))
        out.append(Evidence(page=page, quote=quote, signal=signal))
        if len(out) >= limit:
            break
    return out


def suggested(
    criterion_id: str,
    level: int,
    confidence: float,
    parts: list[str],
    items: Iterable[tuple[int, str, str]],
    limit: int = 6,
    counts: Mapping[str, int] | None = None,
) -> Suggestion:
    """A level with its reasons (clauses joined into one sentence), its strongest quotes and
    what it counted."""
    return Suggestion(
        id=criterion_id,
        suggested_level=level,
        status="suggested",
        confidence=round(confidence, 2),
        rationale="; ".join(parts) + ".",
        evidence=evidence(items, limit=limit),
        counts=dict(counts or {}),
    )


def confidence_from_count(count: int, base: float = 0.3, per_item: float = 0.06) -> float:
    """More independent evidence supports a firmer suggestion, but never certainty."""
    return round(min(0.85, base + per_item * count), 2)


def text_context(*pages: str):
    """A detection context for plain text pages, for labelled sentences and tests."""
    from ..models import Document, Page
    from .context import Context

    document = Document(
        sha256="0" * 64,
        source="text",
        pages=[Page(number=i, text=text) for i, text in enumerate(pages, start=1)],
    )
    return Context.build(document)


# --- claims the document reports in order to test them --------------------------------------

# Dispute words, for a check that follows a disputed figure into the sentences that take it apart.
REBUTTAL = _speech.REBUTTAL


def quoted_passages(context) -> set[tuple[int, int]]:
    """(page, start) of passages that report someone else's claim so as to test it.

    An adapter over `speech.py`, the one reading of who says what: the passages whose stance is
    "disputes", the same answer `cues.quoted_flags` and `cues.is_rebutted_report` give.
    """
    return set(context.memoised("quoted_passages", lambda: frozenset(_quoted_passages(context))))


def _quoted_passages(context) -> set[tuple[int, int]]:
    return set(_speech.disputed_passages(context))


# --- numbers written in words ("forty-two", "thirteen") -------------------------------------

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# "forty-two", "twenty one", "nineteen", "a hundred": whole numbers below a thousand in words.
SPELLED_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS_WORDS)})(?:[- ](?:{'|'.join(_SMALL[1:10])}))?"
    rf"|(?:{'|'.join(sorted(_SMALL, key=len, reverse=True))})|(?:a|one)\s+hundred)"
)


def spelled_number(text: str) -> int | None:
    """The value of a number written in words ("forty-two" 42, "Thirteen" 13), or of digits
    ("1,240"); None for anything else."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if words and all(w.replace(",", "").isdigit() for w in words) and len(words) == 1:
        return int(words[0].replace(",", ""))
    if words in (["a", "hundred"], ["one", "hundred"]):
        return 100
    total = 0
    for i, word in enumerate(words):
        if word in _TENS_WORDS and i == 0:
            total += 10 * (_TENS_WORDS.index(word) + 2)
        elif word in _SMALL and (i == 0 or (i == 1 and total >= 20 and _SMALL.index(word) < 10)):
            total += _SMALL.index(word)
        else:
            return None
    return total if words else None


# "two-fifths", "a third", "three quarters": fractions in words, with their value in percent.
_DENOMINATOR_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10,
}  # fmt: skip
FRACTION_WORD = (
    r"(?:a|one|two|three|four|five|seven|nine)[- ](?:halves|thirds?|quarters?|fifths?|sixths?|"
    r"tenths?)"
)


def fraction_value(text: str) -> float | None:
    """ "two-fifths" 40.0, "a third" 33.3; None when the text is not a fraction in words."""
    parts = re.split(r"[\s-]+", text.strip().lower())
    if len(parts) != 2 or parts[1] not in _DENOMINATOR_WORDS:
        return None
    top = 1 if parts[0] == "a" else spelled_number(parts[0])
    bottom = _DENOMINATOR_WORDS[parts[1]]
    if not top or top >= bottom:
        return None
    return round(100 * top / bottom, 1)


# A contents list run into one passage: numbered section headings ("2.1 Offences in total 11
# 2.2 Offence groups 12") or dot leaders. Its numbers are section and page numbers, and its
# headings ("victims per 100,000 inhabitants") name tables, they state no figure.
_SECTION_HEADING = re.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2}){1,3}\s+[A-Z]|\.{4,}\s*\d|…{2,}\s*\d")


def contents_run(text: str) -> bool:
    """Whether the passage reads as a run-together contents list (three headings or more)."""
    return contents_start(text) is not None


def contents_start(text: str) -> int | None:
    """Where a run-together contents list begins in the passage, or None when there is none:
    a passage may run a summary's last sentence into the contents that follow it."""
    found = list(_SECTION_HEADING.finditer(text))
    if len(found) < 3:
        return None
    # "Contents" just before the first heading belongs to the list too.
    head = text.rfind("Contents", 0, found[0].start() + 1)
    return head if head >= 0 and found[0].start() - head < 40 else found[0].start()
