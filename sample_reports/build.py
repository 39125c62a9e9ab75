"""Build the sample reports' PDFs from their Markdown sources.

Run from the repository root: `.venv/bin/python sample_reports/build.py [ID ...] [--out DIR]`.
With no ID every report is built; `--out` writes `DIR/ID.pdf` instead of replacing the committed
`ID/report.pdf` (the tests use this to check the committed PDFs are up to date).

The source dialect is a small Markdown subset, so the text a reader sees is exactly the text
written in `source.md`:

    ---                         front matter: `key: value` lines (title, header, footer, author)
    # Heading / ## Subheading
    Paragraph lines, joined until a blank line; **bold**; ^12 after a word is a footnote marker
    - bullet item               1. numbered item
    > quoted passage            (indented, italic)
    | a | b |                   table; the first row is the header, |---| rows are skipped
    ^12 Footnote text           a footnote line, set small
    [[columns]] ... [[/columns]]  paragraphs set in two columns
    [[page]]                    page break

Each source page must fit on one PDF page, so answer keys can give page numbers by reading the
source; the build fails loudly when a page overflows. Core fonts only cover Latin-1, so the text
must be Latin-1 too. The SHA-256 of the source is stored in the PDF's keywords so a stale PDF can
be detected without rebuilding it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCE_NAME = "source.md"
PDF_NAME = "report.pdf"
HASH_PREFIX = "source-sha256:"
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # fixed so rebuilding gives the same bytes

BODY_SIZE = 10.5
LINE = 5.2
MARGIN = 20.0

_INLINE = re.compile(r"(\*\*.+?\*\*|\^\d+)")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_FOOTNOTE = re.compile(r"^\^(\d+)\s+(.*)$")


@dataclass
class Block:
    kind: str  # h1 h2 p bullet num quote note table columns
    text: str = ""
    marker: str = ""
    rows: list[list[str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Source:
    meta: dict[str, str]
    pages: list[list[Block]]


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_source(text: str) -> Source:
    lines = text.splitlines()
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        lines = lines[end + 1 :]
    for required in ("title", "header", "footer"):
        if not meta.get(required):
            raise ValueError(f"front matter needs a {required!r} line")

    pages: list[list[Block]] = [[]]
    pending: list[str] = []  # lines of the paragraph being read
    pending_kind = "p"
    pending_marker = ""
    columns: list[str] | None = None

    def flush() -> None:
        nonlocal pending, pending_kind, pending_marker
        if pending:
            joined = " ".join(part.strip() for part in pending)
            if columns is not None:
                columns.append(joined)
            else:
                pages[-1].append(Block(pending_kind, joined, pending_marker))
        pending, pending_kind, pending_marker = [], "p", ""

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped == "[[page]]":
            flush()
            pages.append([])
        elif stripped == "[[columns]]":
            flush()
            columns = []
        elif stripped == "[[/columns]]":
            flush()
            pages[-1].append(Block("columns", paragraphs=columns or []))
            columns = None
        elif stripped.startswith("|"):
            flush()
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if all(set(cell) <= set("-: ") for cell in cells):
                continue
            table = pages[-1][-1] if pages[-1] and pages[-1][-1].kind == "table" else None
            if table is None:
                table = Block("table")
                pages[-1].append(table)
            table.rows.append(cells)
        elif stripped.startswith("## "):
            flush()
            pages[-1].append(Block("h2", stripped[3:]))
        elif stripped.startswith("# "):
            flush()
            pages[-1].append(Block("h1", stripped[2:]))
        elif stripped.startswith("- "):
            flush()
            pending, pending_kind = [stripped[2:]], "bullet"
        elif stripped.startswith("> "):
            flush()
            pending, pending_kind = [stripped[2:]], "quote"
        elif (match := _NUMBERED.match(stripped)) and columns is None:
            flush()
            pending, pending_kind, pending_marker = [match.group(2)], "num", match.group(1)
        elif match := _FOOTNOTE.match(stripped):
            flush()
            pending, pending_kind, pending_marker = [match.group(2)], "note", match.group(1)
        else:
            pending.append(stripped)
    flush()
    if columns is not None:
        raise ValueError("[[columns]] is never closed")
    return Source(meta, pages)


class ReportPDF(FPDF):
    def __init__(self, meta: dict[str, str]) -> None:
        super().__init__(format="A4")
        self.meta = meta
        self.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.set_auto_page_break(True, margin=22)

    def header(self) -> None:
        self.set_y(10)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.meta["header"], align="L")
        self.set_draw_color(170, 170, 170)
        self.line(MARGIN, 16, self.w - MARGIN, 16)
        self.set_text_color(0, 0, 0)
        self.set_y(MARGIN + 4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.meta['footer']} - page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _write_inline(pdf: ReportPDF, text: str, size: float, style: str = "") -> None:
    """Write running text with **bold** spans and raised footnote digits."""
    for piece in _INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**"):
            pdf.set_font("Helvetica", "B" + style, size)
            pdf.write(LINE * size / BODY_SIZE, piece[2:-2])
        elif piece.startswith("^"):
            pdf.set_font("Helvetica", style, size)
            pdf.char_vpos = "SUP"
            pdf.write(LINE * size / BODY_SIZE, piece[1:])
            pdf.char_vpos = "LINE"
        else:
            pdf.set_font("Helvetica", style, size)
            pdf.write(LINE * size / BODY_SIZE, piece)


def _indented(pdf: ReportPDF, indent: float, marker: str, text: str, size: float, style="") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.set_x(MARGIN)
    if marker:
        pdf.cell(indent, LINE * size / BODY_SIZE, marker)
    pdf.set_left_margin(MARGIN + indent)
    pdf.set_x(MARGIN + indent)
    _write_inline(pdf, text, size, style)
    pdf.set_left_margin(MARGIN)
    pdf.ln(LINE * size / BODY_SIZE)


def _render_block(pdf: ReportPDF, block: Block) -> None:
    if block.kind == "h1":
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 7.5, block.text)
        pdf.ln(2)
    elif block.kind == "h2":
        pdf.ln(1.5)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 6, block.text)
        pdf.ln(1)
    elif block.kind == "p":
        _write_inline(pdf, block.text, BODY_SIZE)
        pdf.ln(LINE)
        pdf.ln(2)
    elif block.kind == "bullet":
        _indented(pdf, 6, "-", block.text, BODY_SIZE)
        pdf.ln(1)
    elif block.kind == "num":
        _indented(pdf, 7, f"{block.marker}.", block.text, BODY_SIZE)
        pdf.ln(1)
    elif block.kind == "quote":
        _indented(pdf, 8, "", block.text, BODY_SIZE, "I")
        pdf.ln(2)
    elif block.kind == "note":
        _indented(pdf, 5, block.marker, block.text, 8.5)
    elif block.kind == "table":
        pdf.set_font("Helvetica", "", 9.5)
        pdf.set_draw_color(150, 150, 150)
        with pdf.table(line_height=5, padding=1.2, first_row_as_headings=True) as table:
            for cells in block.rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(3)
    elif block.kind == "columns":
        pdf.set_font("Helvetica", "", BODY_SIZE)
        with pdf.text_columns(ncols=2, gutter=7, balance=True, line_height=1.05) as cols:
            for paragraph in block.paragraphs:
                cols.write(text=paragraph)
                cols.ln()
                cols.ln()
        pdf.ln(2)
    else:  # pragma: no cover - the parser only makes the kinds above
        raise ValueError(f"unknown block {block.kind}")


def render(source_text: str) -> bytes:
    source = parse_source(source_text)
    pdf = ReportPDF(source.meta)
    pdf.set_title(source.meta["title"])
    pdf.set_author(source.meta.get("author", source.meta["footer"]))
    pdf.set_keywords(HASH_PREFIX + source_hash(source_text.encode("utf-8")))
    pdf.set_creator("sample_reports/build.py")
    pdf.set_creation_date(FIXED_DATE)
    for number, blocks in enumerate(source.pages, start=1):
        pdf.add_page()
        for block in blocks:
            _render_block(pdf, block)
        if pdf.page != number:
            raise ValueError(f"source page {number} does not fit on one PDF page; split it")
    return bytes(pdf.output())


def report_ids(root: Path = HERE) -> list[str]:
    return sorted(p.parent.name for p in root.glob(f"*/{SOURCE_NAME}"))


def build(report_id: str, out: Path | None = None, root: Path = HERE) -> Path:
    source_path = root / report_id / SOURCE_NAME
    text = source_path.read_text(encoding="utf-8")
    try:
        text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{source_path}: {text[exc.start]!r} is not Latin-1") from None
    data = render(text)
    target = (out / f"{report_id}.pdf") if out else root / report_id / PDF_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build sample report PDFs from source.md")
    parser.add_argument("ids", nargs="*", help="report ids (folder names); default all")
    parser.add_argument("--out", type=Path, help="write ID.pdf here instead of ID/report.pdf")
    args = parser.parse_args(argv)
    ids = args.ids or report_ids()
    for report_id in ids:
        try:
            target = build(report_id, args.out)
        except (OSError, ValueError) as exc:
            print(f"{report_id}: {exc}", file=sys.stderr)
            return 2
        print(f"{report_id}: {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
