"""One escaper per output format, and a neutraliser for invisible characters.

Text from a document, an imported evaluation, a rubric or a file name is data. Every text export
runs it through the function for its format here, never through an ad-hoc replacement:

- `md_escape`: Markdown (also Streamlit's Markdown, with its `:colour[...]` and `$maths$`);
- `md_text`: Markdown a person reads as a file (exports): inert like `md_escape`, but escapes
  only what would start markup where it stands, so "v1.0 (40%)" stays as written;
- `html_escape`: HTML text and attribute values;
- `csv_cell`: a CSV cell a spreadsheet will not run as a formula;
- `terminal_text`: one line for a terminal table.

Each first applies `neutralise`: control characters (which drive terminals) and bidirectional
overrides (which make text read differently from what it is) are shown as visible `\\uXXXX`.
"""

from __future__ import annotations

import html
import re

_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 except tab and newline, DEL, C1
    "\u061c\u200e\u200f"  # Arabic letter mark, left-to-right and right-to-left marks
    "\u202a-\u202e"  # embeddings and overrides
    "\u2066-\u2069"  # isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ufeff"  # byte order mark / zero-width no-break space
    "]"
)


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def neutralise(text: str) -> str:
    """Show control and bidi characters as `\\u202e`; newline and tab pass through."""
    return _INVISIBLE.sub(_visible, text)


def one_line(text: object) -> str:
    """Neutralised, with every run of whitespace (newlines too) folded to one space."""
    return " ".join(neutralise(str(text)).split())


# --- Markdown -----------------------------------------------------------------------------------

# Every ASCII character CommonMark, GitHub or Streamlit acts on: emphasis, code, links and images,
# headings, lists, tables, strikethrough, maths, colour and emoji directives, setext underlines.
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^])")


def md_escape(text: object) -> str:
    """Inert Markdown inline text: one line, HTML as entities, syntax backslash-escaped.

    Folding to one line means nothing can start a heading, list, quote or code block.
    """
    folded = one_line(text)
    entities = folded.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_PUNCTUATION.sub(r"\\\1", entities)


# Characters that start inline markup wherever they stand: emphasis, code, links and images,
# tables, strikethrough, maths. Parentheses, dots, `!`, `+` and `=` do nothing without these.
_MD_INLINE = re.compile(r"([`*\[\]|~$])")
# Backslashes that would escape the next character (or the template's next one, at the end).
_MD_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
# `_` opens or closes emphasis only beside a non-alphanumeric character (not in snake_case).
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# `#` after a space could close a heading (`## Title #`); `:` before a letter starts an emoji
# or colour directive; `://` and `www.` start an autolink; `@` between words, a mail link.
_MD_CONTEXT = re.compile(r"(?<=\s)#|:(?=[A-Za-z]|//)|(?<=\bwww)\.|(?<=\w)@(?=\w)")
# At the start of a value that may open a line (a blockquote's text): a heading, a quote, a list
# item ("- x", "1. x", "1) x") or a thematic break ("---"); `*` and `_` are escaped already.
_MD_BLOCK_START = re.compile(r"^(?:[#>]|[-+](?=\s|$)|-(?=[-\s]*$)|\d{1,9}(?=[.)](?:\s|$)))")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md_text(text: object) -> str:
    """Readable, inert Markdown inline text for a file a person reads (the exports).

    Like `md_escape` it folds to one line, shows control characters visibly and writes `<` as
    `&lt;` (so no HTML, no autolink), but it backslash-escapes a character only where it would
    start markup, so a version "v1.0" or "(40%)" reads as written.
    """
    folded = one_line(text)
    out = _MD_BACKSLASH.sub(r"\\\\", folded)
    out = _MD_ENTITY.sub("&amp;", out).replace("<", "&lt;")
    out = _MD_INLINE.sub(r"\\\1", out)
    out = _MD_UNDERSCORE.sub(r"\\_", out)
    out = _MD_CONTEXT.sub(lambda m: "\\" + m.group(), out)
    match = _MD_BLOCK_START.match(out)
    if match is None:
        return out
    if match.group()[0].isdigit():  # "1. x" would be a list: escape the dot, keep the number
        end = match.end()
        return out[:end] + "\\" + out[end:]
    return out if out.startswith("\\") else "\\" + out


# --- HTML ---------------------------------------------------------------------------------------


def html_escape(text: object) -> str:
    """Text for an HTML element or a quoted attribute value."""
    return html.escape(neutralise(str(text)), quote=True)


# --- CSV ----------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: formulas get a leading `'`; numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    value = neutralise(value)
    if value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


# --- terminal -----------------------------------------------------------------------------------


def terminal_text(text: object) -> str:
    """One line for a terminal: no escape sequences, no bidi overrides, no line breaks."""
    return one_line(text)
