"""The report's pages as the checklist's viewer shows them, as pure functions (no Streamlit).

Where a quote stands on its page, a page cut into parts a screen can hold, the Markdown of one
part (each line of the page its own paragraph, the quote marked), and where the viewer is (the
page, the part, the quote it marks) with the moves between pages. Page text is the document's:
every piece of it goes through `md_escape`, so it can neither make markup nor forge the mark,
which is the only Markdown here that is not escaped text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from evaluator import Document, QuoteRef
from evaluator.escaping import md_escape

Span = tuple[int, int]

# A long page is shown in parts of at most this many characters: a real page holds 2,000-6,000,
# but a PDF may put 400,000 on one (evaluator/limits.py), more than a browser should lay out
# in one piece of Markdown.
PART_CHARS = 12_000
# Bold (for a screen that shows no colour) on an orange background; `{}` is escaped text.
MARK = ":orange-background[**{}**]"
# A page with more raw lines than this is shown with its normalised line breaks only.
MAX_RAW_LINES = 5_000
_LOOK_AHEAD = 2_000  # how far past the last raw line found the next one is looked for
# Where the viewer was opened from: "read" (the whole report), "e<i>" (the tool's i-th quote for
# the question) or "a<i>" (the reader's own i-th quote). Taken from the address, so checked.
ANCHOR = re.compile(r"^(?:read|[ea](?:0|[1-9]\d{0,2}))$")


def find_quote(text: str, quote: str) -> Span | None:
    """Where `quote` stands in `text`: exactly, else with any whitespace between its words (a
    reader's quote pasted from the PDF may break lines elsewhere). None if it is not there."""
    words = quote.split()
    if not words:
        return None
    quote = " ".join(words) if "\n" in quote else quote.strip()
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    match = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return match.span() if match else None


def parts(text: str, limit: int = PART_CHARS) -> list[Span]:
    """The page cut into spans of at most `limit` characters, at a line break when there is one
    in the span, else at a space, else anywhere. Always at least one span."""
    if len(text) <= limit:
        return [(0, len(text))]
    out: list[Span] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            if cut > start:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


def part_of(spans: list[Span], offset: int) -> int:
    """The index of the part holding character `offset`."""
    for index, (_, end) in enumerate(spans):
        if offset < end:
            return index
    return len(spans) - 1


def _escaped(text: str) -> str:
    """Escaped text that keeps a space at either edge, where it meets the mark."""
    if not text:
        return ""
    inner = md_escape(text)
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and inner else ""
    return lead + inner + trail


def heading_breaks(text: str, raw: str | None) -> frozenset[int]:
    """Spaces of the normalised `text` to show as paragraph breaks: where the extractor's `raw`
    text ended a short line (a heading, a paragraph's last line) before a line that starts with
    a capital, a digit or a bullet, and normalisation joined the two ("1. Method The audit").

    Each raw line is looked for a little beyond the last one found; a line normalisation changed
    (a repaired hyphen, a running header dropped) is not found and adds no break. Bounded: a
    page of more than `MAX_RAW_LINES` lines gets none.
    """
    if not raw:
        return frozenset()
    lines = [line.strip() for line in raw.split("\n")]
    if len(lines) > MAX_RAW_LINES:
        return frozenset()
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return frozenset()
    short = 0.6 * lengths[int(len(lengths) * 0.9)]  # well under a full line of the page
    found: set[int] = set()
    cursor = 0
    for line, following in itertools.pairwise(lines):
        if not line:
            continue
        start = text.find(line, cursor, cursor + len(line) + _LOOK_AHEAD)
        if start < 0:
            continue
        cursor = end = start + len(line)
        starts_block = following[:1].isupper() or following[:1].isdigit() or following[:1] in "-•–"
        if len(line) < short and starts_block and text[end : end + 1] == " ":
            found.add(end)
    return frozenset(found)


def _lines(text: str, span: Span, breaks: frozenset[int]) -> list[Span]:
    """The spans of `text[span]` between line breaks and the `breaks` shown as such."""
    cuts = sorted(
        [i for i in range(span[0], span[1]) if text[i] == "\n"]
        + [i for i in breaks if span[0] <= i < span[1]]
    )
    starts = [span[0], *(cut + 1 for cut in cuts)]
    return list(zip(starts, [*cuts, span[1]], strict=True))


def markdown(
    text: str, span: Span, mark: Span | None = None, breaks: frozenset[int] = frozenset()
) -> str:
    """Markdown of `text[span]`: each non-blank line (split also at `breaks`) a paragraph of
    escaped text, with the part of `mark` on that line wrapped in `MARK`. A mark over several
    lines is marked on each."""
    paragraphs: list[str] = []
    for lo, hi in _lines(text, span, breaks):
        line = text[lo:hi]
        if not line.strip():
            continue
        a, b = (max(mark[0], lo), min(mark[1], hi)) if mark else (hi, hi)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            paragraphs.append(md_escape(line))
            continue
        paragraphs.append(
            (
                _escaped(text[lo:a]) + MARK.format(md_escape(text[a:b])) + _escaped(text[b:hi])
            ).strip()
        )
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class View:
    """Where the viewer is: opened from `anchor` on question `criterion`, showing `page` (from 1)
    and its `part` (from 0), marking `quote` when it stands on the page shown."""

    criterion: str
    anchor: str
    page: int
    part: int = 0
    quote: QuoteRef | None = None


def open_at(document: Document, criterion: str, anchor: str, quote: QuoteRef | None) -> View:
    """The viewer opened at a quote's page and the part of it holding the quote (or at the first
    page when there is no quote, or its page is not in the document)."""
    if quote is None or not 1 <= quote.page <= len(document.pages):
        return View(criterion, anchor, 1, 0, quote)
    text = document.pages[quote.page - 1].text
    found = find_quote(text, quote.quote)
    part = part_of(parts(text), found[0]) if found else 0
    return View(criterion, anchor, quote.page, part, quote)


def page_count(document: Document) -> int:
    return max(len(document.pages), 1)


def go_to(document: Document, view: View, page: int) -> View:
    """The first part of `page`, kept within the document."""
    return replace(view, page=min(max(page, 1), page_count(document)), part=0)


def step(document: Document, view: View, delta: int) -> View:
    """One part forward (`delta` 1) or back (-1): through a long page's parts, then on to the
    next page's first part or the previous page's last; it stops at either end."""
    part = view.part + delta
    if 0 <= part < _parts_on(document, view.page):
        return replace(view, part=part)
    page = view.page + delta
    if not 1 <= page <= len(document.pages):
        return view
    return replace(view, page=page, part=0 if delta > 0 else _parts_on(document, page) - 1)


def at_start(view: View) -> bool:
    return view.page <= 1 and view.part <= 0


def at_end(document: Document, view: View) -> bool:
    return view.page >= len(document.pages) and view.part >= _parts_on(document, view.page) - 1


def _parts_on(document: Document, page: int) -> int:
    if not 1 <= page <= len(document.pages):
        return 1
    return len(parts(document.pages[page - 1].text))


@dataclass(frozen=True)
class Shown:
    """What the viewer draws for a view: the Markdown, how many parts the page has, and whether
    the quote is marked here (None: no quote; False: not in this part; "missing": its words are
    not on its page)."""

    markdown: str
    parts: int
    marked: bool | None
    missing: bool = False


def shown(document: Document, view: View) -> Shown:
    """The Markdown of the view's page part, with its quote marked when it stands there."""
    if not 1 <= view.page <= len(document.pages):
        return Shown("", 1, None)
    page = document.pages[view.page - 1]
    text = page.text
    spans = parts(text)
    span = spans[min(max(view.part, 0), len(spans) - 1)]
    breaks = heading_breaks(text, page.raw_text)
    mark = None
    if view.quote is not None and view.quote.page == view.page:
        mark = find_quote(text, view.quote.quote)
        if mark is None:
            return Shown(markdown(text, span, None, breaks), len(spans), None, missing=True)
    if view.quote is None:
        marked = None
    else:  # False when the quote is on another page, or in another part of this one
        marked = mark is not None and mark[0] < span[1] and mark[1] > span[0]
    return Shown(markdown(text, span, mark, breaks), len(spans), marked)
