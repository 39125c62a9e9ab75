"""A report's title for people: its metadata title when that is a real one, else the first
page's heading, else its file name; and safe slugs for the names of exported files.

PDF metadata is often junk: empty, a code ("HHS2022B"), a file name ("final_v2.docx"),
"Microsoft Word - draft.doc" or "Untitled". A reader recognises a report by the words on its
cover, so those win over such metadata.
"""

from __future__ import annotations

import re
import unicodedata

from .models import Document

MAX_TITLE = 160
"""Characters kept of a derived title: a cover's heading, not its first paragraph."""

_FILE_EXTENSION = re.compile(
    r"\.(?:pdf|docx?|odt|rtf|txt|md|indd|qxd|qxp|pub|pptx?|xlsx?|tex|ps|html?)$", re.I
)
_APPLICATION_PREFIX = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)|adobe\s+\w+|libreoffice|openoffice)\s*[-–:]",
    re.I,
)
_GENERIC = {
    "untitled",
    "untitled document",
    "no title",
    "title",
    "document",
    "report",
    "draft",
    "final",
    "powerpoint presentation",
    "slide 1",
    "print",
    "cover",
}

# Lines at the top of a page that are not its title: navigation, dates, publication labels.
_BOILERPLATE = re.compile(
    r"^(?:skip\s+(?:to|navigation)\b.*|contents|table of contents|menu|home|search|cookies?\b.*"
    r"|(?:published|updated|last updated|posted|date|printed)\b.*"
    r"|policy paper|guidance|official statistics|national statistics|statistics|research and "
    r"analysis|corporate report|independent report|transparency data|press release|news story"
    r"|speech|consultation outcome|open consultation|notice|decision|form"
    r"|main points|summary|executive summary|key (?:points|findings)|introduction|foreword"
    r"|abstract|overview|background"
    r"|there is a new version of this page.*|page \d+(?: of \d+)?|\d+(?: of \d+)?"
    r"|(?:www\.|https?://)\S*|\S+@\S+)$",
    re.I,
)
# Heading and list marks around a line ("# Title", "= Title =", "1. Title", "• Title").
_MARKS = re.compile(r"^(?:[#=*•·\-]+\s*|\d{1,2}[.)]\s+)|\s*[#=]+$")
_SENTENCE_BREAK = re.compile(r"[.!](?:\s+)[A-Z0-9]")
_CONNECTIVE_END = re.compile(
    r"(?:\b(?:of|the|and|in|for|to|on|by|a|an|with|from|at|or|its|their)|[:,–—-])$", re.I
)


def is_junk_title(title: str | None, filename: str | None = None) -> bool:
    """True for a metadata title nobody would call the report by."""
    text = " ".join((title or "").split())
    if len(text) < 3 or not re.search(r"[A-Za-z]", text):
        return True
    lowered = text.lower()
    if lowered in _GENERIC or re.fullmatch(r"(?:document|untitled|presentation)\s*\d*", lowered):
        return True
    if _APPLICATION_PREFIX.match(text) or _FILE_EXTENSION.search(text):
        return True
    if "/" in text or "\\" in text:
        return True  # a path
    if " " not in text:
        return True  # a code or file stem ("HHS2022B", "final_v2"): titles have words
    return bool(filename) and lowered == _FILE_EXTENSION.sub("", filename or "").lower()


def _candidate(line: str) -> bool:
    """A line that could be (the start of) a title: words, not navigation or a paragraph."""
    if not re.search(r"[A-Za-z]{2}", line) or _BOILERPLATE.match(line):
        return False
    return not _prose(line)


def _prose(line: str) -> bool:
    """A paragraph, a sentence (it ends with a full stop) or more than one: not a heading."""
    return len(line) > MAX_TITLE or line.endswith(".") or _SENTENCE_BREAK.search(line) is not None


def title_from_text(text: str) -> str | None:
    """The first heading-like line near the top of a page, joined with the line that carries
    it on ("A Review of the" + "Housing Register"); None when the page starts with prose."""
    lines = [_MARKS.sub("", " ".join(line.split())) for line in text.split("\n")[:40]]
    for index, line in enumerate(lines):
        if not line or _BOILERPLATE.match(line):
            continue
        if not _candidate(line):
            if _prose(line):
                return None  # the page opens with prose: no title to find above it
            continue
        title = line
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            following
            and (_CONNECTIVE_END.search(title) or following[:1].islower())
            and _candidate(following)
            and len(title) + 1 + len(following) <= MAX_TITLE
        ):
            title = f"{title} {following}"
        title = title.rstrip(" :,–—-")
        return None if title.lower() in _GENERIC else title
    return None


def document_title(document: Document) -> str | None:
    """The title to show for a document: its metadata title when it is a real one, else the
    first page's heading, else its file name, else whatever the metadata said."""
    if document.title and not is_junk_title(document.title, document.filename):
        return document.title
    if document.pages and (found := title_from_text(document.pages[0].text)):
        return found
    return document.filename or document.title or None


# --- file names ---------------------------------------------------------------------------------


def slug(text: str | None, max_length: int = 60) -> str:
    """ASCII letters, digits and single hyphens, at most `max_length`; "" when nothing is left.

    Accents are folded ("Café" → "cafe"; a letter with no ASCII form is dropped), so a slug is
    safe in a file name on any system and can never be a path.
    """
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", folded.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            if not out:  # one very long word: cut it
                out = word[:max_length]
            break
        out = candidate
    return out
