"""The one renderer for a grid of levels: rows (a question, a file) by columns, as Markdown, as
plain text for a terminal, or as an HTML table whose coloured cells always carry their words.

The scorecard (exports) and the batch grid build a `Grid` and call these; each format escapes
every cell with its function from `escaping`, so no caller escapes by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .escaping import html_escape, md_escape, terminal_text
from .ratings import Swatch


@dataclass(frozen=True)
class Column:
    name: str
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Cell:
    text: str
    swatch: Swatch | None = None
    """Colours the cell in HTML; the text beside it always says the same in words."""
    tip: str | None = None
    """An HTML tooltip."""
    literal: bool = False
    """Text this program wrote from numbers or the rating vocabulary ("12.5 / 20.0", a mark),
    passed to Markdown unescaped so it reads as written; never set for text from a file."""
    href: str | None = None
    """In HTML, a row's name links here (a relative address this program built, such as
    "checklist?evaluation=12"); the other formats show the text alone."""


@dataclass(frozen=True)
class Grid:
    """The first column names each row (a `<th scope="row">` in HTML)."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]


# --- Markdown -----------------------------------------------------------------------------------


def markdown(grid: Grid, escape: Callable[[object], str] = md_escape) -> list[str]:
    """A GitHub-style table, one line per row; `escape` is `md_escape` or, for a file a person
    reads, `md_text` (both escape `|`, so no cell can split a row)."""

    def cell_text(cell: Cell) -> str:
        return cell.text if cell.literal else escape(cell.text)

    lines = [
        "| " + " | ".join(escape(column.name) for column in grid.columns) + " |",
        "|" + "".join("---:|" if c.align == "right" else "---|" for c in grid.columns),
    ]
    lines += ["| " + " | ".join(map(cell_text, row)) + " |" for row in grid.rows]
    return lines


# --- terminal -----------------------------------------------------------------------------------


def text(grid: Grid) -> list[str]:
    """Columns padded to their widest cell, two spaces apart; one line per row."""
    head = [terminal_text(column.name) for column in grid.columns]
    body = [[terminal_text(cell.text) for cell in row] for row in grid.rows]
    widths = [max(len(value) for value in column) for column in zip(head, *body, strict=True)]

    def line(values: list[str]) -> str:
        padded = (
            f"{value:>{width}}" if column.align == "right" else f"{value:<{width}}"
            for value, width, column in zip(values, widths, grid.columns, strict=True)
        )
        return "  ".join(padded).rstrip()

    return [line(head), *map(line, body)]


# --- HTML ---------------------------------------------------------------------------------------

# Styles are inline so a grid looks the same inside the app and in a downloaded file.
BOX = "border:1px solid #888;padding:.3rem .6rem;text-align:left"


def _td(cell: Cell, column: Column) -> str:
    style = BOX + (";text-align:right" if column.align == "right" else "")
    css = ""
    if cell.swatch is not None:
        style += f";background:{cell.swatch.fill};color:{cell.swatch.ink}"
        css = ' class="cell"'
    tip = f' title="{html_escape(cell.tip)}"' if cell.tip else ""
    return f'<td{css} style="{style}"{tip}>{html_escape(cell.text)}</td>'


def html(grid: Grid) -> str:
    head = "".join(
        f'<th scope="col" style="{BOX}">{html_escape(column.name)}</th>' for column in grid.columns
    )
    body = []
    for row in grid.rows:
        name, *cells = row
        label = html_escape(name.text)
        if name.href:
            label = f'<a href="{html_escape(name.href)}" target="_self">{label}</a>'
        body.append(
            f'<tr><th scope="row" style="{BOX}">{label}</th>'
            + "".join(
                _td(cell, column) for cell, column in zip(cells, grid.columns[1:], strict=True)
            )
            + "</tr>"
        )
    return (
        '<table class="grid" style="border-collapse:collapse;margin:.5rem 0">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
