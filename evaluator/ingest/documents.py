"""Building a `Document` from what the workers extracted, or from UTF-8 text.

Here the limits on what is read become warnings (pages not read, text cut at a page or
document limit, pages without a text layer) and an extraction with nothing usable becomes an
`InputError(code, message)` with a one-line message.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from itertools import islice

from ..errors import InputError
from ..limits import INCOMPLETE, Limits
from ..models import Document, Page
from ..normalise import clean_line, normalise_pages, page_list
from .extraction import Extraction, extract_pdf


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _name(filename: str | None) -> str:
    return filename or "the PDF"


def _refuse(extraction: Extraction, filename: str | None) -> InputError | None:
    """The error for an extraction that produced no usable page, else None."""
    name = _name(filename)
    if extraction.fatal and not extraction.texts:
        code, reason = extraction.fatal
        if code == "encrypted":
            return InputError(code, f"{name} is encrypted: give its password to read it")
        if code == "wrong_password":
            return InputError(code, f"{name}: the password is wrong for this PDF")
        return InputError(code, f"{name} cannot be read: {reason}")
    if extraction.texts:
        return None
    if extraction.timed_out:
        return InputError(
            "timeout",
            f"{name}: reading stopped at the time limit of {extraction.budget_s:.0f} s "
            f"for {extraction.page_count or 'its'} pages; the file may be built to be slow",
        )
    if "MemoryError" in extraction.failed.values():
        return InputError("memory", f"{name} cannot be read within the memory limit of the reader")
    if extraction.crashed:
        return InputError(
            "damaged",
            f"{name} cannot be read: the PDF reader stopped unexpectedly "
            f"(exit status {extraction.crashed[0]})",
        )
    if extraction.page_count == 0:
        return InputError("damaged", f"{name} cannot be read: it has no pages")
    kinds = sorted(set(extraction.failed.values()))
    return InputError(
        "damaged", f"{name} cannot be read: every page failed ({', '.join(kinds)[:120]})"
    )


_REASONS = {
    "MemoryError": "the worker's memory cap was reached",
    "LimitReachedError": "a safety limit of the PDF reader was reached",
    "RecursionError": "objects are nested too deeply",
}


def _extraction_warnings(extraction: Extraction, limits: Limits) -> list[str]:
    warnings = []
    by_reason: dict[str, list[int]] = {}
    for i in range(extraction.page_count):
        if i in extraction.texts or i in extraction.left_out:
            continue
        if i in extraction.failed:
            name = extraction.failed[i]
            reason = _REASONS.get(name, f"the page is damaged ({name})")
        elif extraction.timed_out:
            reason = f"the time limit of {extraction.budget_s:.0f} s was reached"
        else:
            reason = "the reader stopped unexpectedly"
        by_reason.setdefault(reason, []).append(i + 1)
    for reason, pages in by_reason.items():
        plural = "s" if len(pages) > 1 else ""
        warnings.append(f"partly extracted: page{plural} {page_list(pages)} not read: {reason}")
    unread = _unread_for_now(extraction)
    if unread:
        # The same file read on a quieter machine would give more text, so the score must not
        # pass for the file's score: an `analysis incomplete` warning marks it incomplete.
        plural = len(unread) > 1
        warnings.append(
            f"{INCOMPLETE}: page{'s' if plural else ''} {page_list(unread)} could not be read "
            "this time (the time limit, the memory cap or a reader that stopped), so the "
            "suggestions and the score do not cover "
            f"{'them' if plural else 'it'}; reading the file again when the machine is less "
            "busy may give the whole analysis (EVALUATOR_TIME_BASE_S and "
            "EVALUATOR_TIME_PER_PAGE_S set the time limit)"
        )
    if extraction.truncated:
        warnings.append(
            _cut_warning(
                sorted(i + 1 for i in extraction.truncated),
                f"a safety limit (nested forms or over {limits.max_chars_per_page:,} characters)",
            )
        )
    return warnings


_NON_BLANK = re.compile(r"\S")


def _blank(text: str, limits: Limits, start: int = 0, end: int | None = None) -> bool:
    """Fewer than `min_chars_per_page` non-blank characters in text[start:end]; stops at the
    first few and copies nothing, so a huge page costs one scan."""
    matches = _NON_BLANK.finditer(text, start, len(text) if end is None else end)
    return next(islice(matches, limits.min_chars_per_page - 1, None), None) is None


def _cut_warning(pages: list[int], why: str) -> str:
    plural = "s" if len(pages) > 1 else ""
    return f"partly extracted: text on page{plural} {page_list(pages)} was cut short at {why}"


def _read_lengths(
    lengths: list[int], limits: Limits, *, page_cap: bool, left_out: Iterable[int] = ()
) -> tuple[list[int], list[str]]:
    """How many characters of each page go on to normalisation and analysis, and a warning for
    what does not: each page at most `max_chars_per_page` (when `page_cap`; PDF workers cut
    their own pages) and the document at most `max_analysis_chars`, which bounds the memory and
    time of everything after reading (the rest would not be analysed anyway). `left_out` are
    0-based pages dropped before (see `_keep_within`)."""
    kept: list[int] = []
    over_page: list[int] = []
    over_document = [i + 1 for i in left_out]  # PDF pages already dropped as they arrived
    room = limits.max_analysis_chars
    for number, length in enumerate(lengths, start=1):
        keep = min(length, limits.max_chars_per_page) if page_cap else length
        if keep < length:
            over_page.append(number)
        if keep > room:
            over_document.append(number)
            keep = room
        room -= keep
        kept.append(keep)
    warnings = []
    if over_page:
        warnings.append(
            _cut_warning(
                over_page, f"a safety limit (over {limits.max_chars_per_page:,} characters)"
            )
        )
    if over_document:
        over_document.sort()
        plural = len(over_document) > 1
        warnings.append(
            f"{INCOMPLETE}: the text is longer than the {limits.max_analysis_chars:,} characters "
            f"read per document, so page{'s' if plural else ''} {page_list(over_document)} "
            f"{'were' if plural else 'was'} read in part or not at all and the suggestions and "
            "the score do not cover the rest (EVALUATOR_MAX_ANALYSIS_CHARS sets this budget)"
        )
    return kept, warnings


def _build(
    raw_pages: list[str],
    *,
    data: bytes,
    source: str,
    title: str | None,
    filename: str | None,
    warnings: list[str],
) -> Document:
    normalised = normalise_pages(raw_pages)
    pages = [
        Page(
            number=i,
            text=n.text,
            raw_text=None if n.text == raw else raw,
            edits=n.edits,
        )
        for i, (raw, n) in enumerate(zip(raw_pages, normalised.pages, strict=True), start=1)
    ]
    return Document(
        sha256=sha256_of(data),
        source=source,  # type: ignore[arg-type]
        title=(clean_line(title) or None) if title else None,
        filename=filename,
        pages=pages,
        warnings=[*warnings, *normalised.warnings],
    )


def _unread_for_now(extraction: Extraction) -> list[int]:
    """1-based pages missing for a transient cause (see `_transient`); a page the file itself
    makes unreadable (damaged) is missing on every run, so it is not among them."""
    if not _transient(extraction):
        return []
    return [
        i + 1
        for i in range(extraction.page_count)
        if i not in extraction.texts
        and i not in extraction.left_out
        and extraction.failed.get(i, "MemoryError") == "MemoryError"
    ]


def _transient(extraction: Extraction) -> bool:
    """True when pages are missing for a reason of this machine at this time (the time limit,
    the memory cap, a worker that died or could not start), not of the file alone."""
    return (
        extraction.timed_out
        or bool(extraction.crashed)
        or "MemoryError" in extraction.failed.values()
    )


def pdf_document(
    data: bytes, filename: str | None, password: str | None, limits: Limits
) -> tuple[Document, bool]:
    """The document, and whether it may be cached (False when a transient cause cut it)."""
    extraction = extract_pdf(data, password, limits)
    error = _refuse(extraction, filename)
    if error:
        raise error
    raw_pages = [extraction.texts.get(i, "") for i in range(extraction.page_count)]
    empty = [
        i + 1 for i, text in enumerate(raw_pages) if i in extraction.texts and _blank(text, limits)
    ]
    if len(empty) == len(extraction.texts):
        raise InputError(
            "no_text_layer",
            f"{_name(filename)} has no text layer on "
            f"{'its only page' if extraction.page_count == 1 else 'pages ' + page_list(empty)}: "
            "it looks like scanned images, so it needs OCR before it can be analysed",
        )
    warnings = _extraction_warnings(extraction, limits)
    kept, cut = _read_lengths(
        [len(t) for t in raw_pages], limits, page_cap=False, left_out=extraction.left_out
    )
    raw_pages = [t if n == len(t) else t[:n] for t, n in zip(raw_pages, kept, strict=True)]
    warnings.extend(cut)
    if empty:
        warnings.append(
            f"no text layer on page{'s' if len(empty) > 1 else ''} {page_list(empty)}: "
            "they may be images that need OCR, so nothing on them was analysed"
        )
    document = _build(
        raw_pages,
        data=data,
        source="pdf",
        title=extraction.title,
        filename=filename,
        warnings=warnings,
    )
    return document, not _transient(extraction)


def text_document(data: bytes, filename: str | None, limits: Limits) -> Document:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "not_text",
            f"{filename or 'the input'} is neither a PDF nor UTF-8 text (byte {exc.start})",
        ) from None
    if "\x00" in text:
        raise InputError("not_text", f"{filename or 'the input'} is binary, not text")
    # A form feed separates pages, as in text exported from a PDF. Pages are found by offset
    # and only the part that is read is copied, so a 100 MB file is never split or copied whole.
    count = text.count("\f") + 1
    if count > limits.max_pages:
        raise InputError(
            "too_many_pages",
            f"{filename or 'the input'} has {count} pages; the limit is {limits.max_pages}",
        )
    spans, start = [], 0
    for _ in range(count - 1):
        end = text.index("\f", start)
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    if all(_blank(text, limits, a, b) for a, b in spans):
        raise InputError("empty", f"{filename or 'the input'} contains no text")
    kept, warnings = _read_lengths([b - a for a, b in spans], limits, page_cap=True)
    raw_pages = [
        text[a : a + n].replace("\r\n", "\n") for (a, _), n in zip(spans, kept, strict=True)
    ]
    front = _FRONT_MATTER.match(raw_pages[0][:_FRONT_MATTER_REACH])
    title = None
    if front:
        # A static site's metadata block (title, tags, image credits) is no part of what a
        # reader reads, and its blurbs repeat the text's claims.
        lines = front.group(0).count("\n")
        title = _front_matter_title(front.group(0))
        # The site shows the title as the page's heading, and a reader reads it as one ("Our
        # 2014-2015 Diversity Report" dates the figures below it), so it stays, as a heading.
        heading = f"# {title}\n\n" if title else ""
        raw_pages[0] = heading + raw_pages[0][front.end() :]
        warnings = [
            *warnings,
            f"the Markdown front matter (the metadata block in the first {lines} lines) was "
            "not analysed",
        ]
    return _build(
        raw_pages,
        data=data,
        source="text",
        title=title or _markdown_title(raw_pages[0]),
        filename=filename,
        warnings=warnings,
    )


# Front matter: a block fenced by "---" (YAML) or "+++" (TOML) lines at the very top of a
# Markdown file. Sought only in the first characters, so a huge file costs nothing more.
# Its first line must be a key ("title: ...", "arc-id = ..."), so a text that opens with a
# horizontal rule keeps its first section.
_FRONT_MATTER = re.compile(
    r"\A(---|\+\+\+)[ \t]*\n[ \t]*[\w-]+[ \t]*[:=].*\n(?:.*\n)*?\1[ \t]*(?:\n|\Z)"
)
_FRONT_MATTER_REACH = 20_000
_FRONT_TITLE = re.compile(r"^title\s*[:=]\s*([\"']?)(.+?)\1\s*$", re.M)


def _front_matter_title(block: str) -> str | None:
    match = _FRONT_TITLE.search(block)
    return " ".join(match.group(2).split())[:300] if match and match.group(2).strip() else None


def _markdown_title(text: str) -> str | None:
    """The first level-one heading near the top of a Markdown file, as its title."""
    for line in text.split("\n")[:10]:
        if line.startswith("# ") and line[2:].strip():
            return " ".join(line[2:].split())[:300]
    return None
