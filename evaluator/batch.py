"""Score many reports at once for editors: one row per file, a grid of levels across files.

Each file is analysed in its own task in a small process pool (two workers: the machine this is
built for has two cores), forked after a warm-up so the sentence classifier's file is read once. A
file that cannot be read, or that trips a bug, becomes a failed row with a one-line reason; the
other files are still scored. If a worker process dies outright (the pool is then "broken"), the
files it left unfinished are retried one at a time, each in a fresh pool, so only the file that
kills a worker fails.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import statistics
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from . import grids
from .analysis import analyze
from .calibration import LOW
from .errors import InputError
from .escaping import csv_cell, html_escape, md_escape, neutralise
from .escaping import terminal_text as _t
from .ingest import TEXT_SUFFIXES, load_bytes, load_path
from .models import Analysis, DocumentSummary, ErrorBody, Rubric, RubricRef
from .ratings import (
    FAILED,
    NO_SUGGESTION,
    NOT_APPLICABLE,
    Rating,
    Swatch,
    legend_text,
    short,
    swatch_of,
)
from .ratings import label as rating_label
from .wording import plural

BATCH_SCHEMA_VERSION = "1"
DEFAULT_WORKERS = 2
LOW_CONFIDENCE = LOW
"""Below this confidence a suggested level is marked with "?" in the grid: check it yourself."""
REPORT_SUFFIXES = frozenset({".pdf", *TEXT_SUFFIXES})
FORMATS = ("table", "csv", "json", "md", "html")

CellStatus = Literal["suggested", "not_applicable", "no_suggestion", "failed"]


class GridCell(BaseModel):
    """One criterion of one report in the grid."""

    id: str
    level: int | None = Field(description="the tool's suggested level, 0–3; null otherwise")
    status: CellStatus
    confidence: float = Field(ge=0.0, le=1.0)

    @property
    def rating(self) -> Rating | None:
        return NOT_APPLICABLE if self.status == "not_applicable" else self.level

    @property
    def swatch(self) -> Swatch:
        """The cell's colours; a level or n/a has the app's, the rest the grid's own."""
        if self.status == "failed":
            return FAILED
        return NO_SUGGESTION if self.rating is None else swatch_of(self.rating)

    @property
    def label(self) -> str:
        """Text for the cell: the level and its name, "?" when confidence is low."""
        if self.status == "failed":
            return FAILED.label
        if self.rating is None:
            return NO_SUGGESTION.label
        if self.rating == NOT_APPLICABLE:
            return short(self.rating)  # the grid is wide: "n/a", explained in the legend
        unsure = "?" if self.confidence < LOW_CONFIDENCE else ""
        return f"{rating_label(self.rating)}{unsure}"


class BatchRow(BaseModel):
    """The result for one file: a score and a grid row, or the reason it failed."""

    file: str
    ok: bool
    error: ErrorBody | None = None
    document: DocumentSummary | None = None
    score: float | None = Field(default=None, description="0–100 from the tool's suggestions")
    band: str | None = None
    complete: bool | None = Field(
        default=None, description="every applicable criterion received a suggested level"
    )
    cells: list[GridCell] = Field(default_factory=list)

    @computed_field
    @property
    def rated(self) -> str:
        """How many applicable criteria the score rests on, e.g. "2/6": a score from few is thin."""
        if not self.ok:
            return "–"
        applicable = [c for c in self.cells if c.status != "not_applicable"]
        return f"{sum(c.level is not None for c in applicable)}/{len(applicable)}"


class BatchSummary(BaseModel):
    files: int
    scored: int
    failed: int
    with_score: int = Field(description="scored files that have a numeric score")
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    bands: dict[str, int] = Field(description="number of files per band, failed ones excluded")
    failed_files: list[str]


class BatchReport(BaseModel):
    """What `evaluator score --format json` prints."""

    schema_version: Literal["1"] = BATCH_SCHEMA_VERSION
    rubric: RubricRef
    criteria: list[str] = Field(description="criterion ids, the grid's columns in order")
    reports: list[BatchRow]
    summary: BatchSummary


# --- scoring ------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def row_from_analysis(file: str, analysis: Analysis) -> BatchRow:
    return BatchRow(
        file=file,
        ok=True,
        document=analysis.document,
        score=analysis.score.value,
        band=analysis.score.band,
        complete=analysis.score.complete,
        cells=[
            GridCell(
                id=s.id,
                level=s.suggested_level,
                status=s.status,
                confidence=s.confidence,
            )
            for s in analysis.criteria
        ],
    )


def failed_row(file: str, code: str, message: str) -> BatchRow:
    return BatchRow(file=file, ok=False, error=ErrorBody(code=code, message=_one_line(message)))


def guarded_row(file: str, load: Callable[[], Analysis]) -> BatchRow:
    """The row for one file from a function that analyses it; never raises (the app's
    comparison view calls it with its cached reading and analysis)."""
    try:
        return row_from_analysis(file, load())
    except InputError as exc:
        return failed_row(file, exc.code, exc.message)
    except Exception as exc:  # a bug on one file must not cost the others their scores
        detail = _one_line(str(exc))[:200]
        return failed_row(
            file, "internal_error", f"{type(exc).__name__}{': ' + detail if detail else ''}"
        )


def score_path(path: str, rubric: Rubric) -> BatchRow:
    """Analyse one file; never raises. Module-level so a process pool can pickle it."""
    return guarded_row(path, lambda: analyze(load_path(path), rubric))


WARM_UP_TEXT = (
    "Method: police records for 2019 to 2021. Of 1,240 recorded cases, 512 (41.3%) involved "
    "adults. Ethnicity was taken from the police record. We recommend more outreach.\n"
)


def _one_core_each() -> None:
    """In a pool worker: the checks do not fork a helper of their own, since the pool's
    workers already share the cores between them."""
    from .checks import parallel

    parallel.enabled = False


def _pool(workers: int, context: BaseContext) -> ProcessPoolExecutor:
    # A forked worker gets its own PDF-extraction workers: ingest resets its pool at fork.
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_one_core_each)


def default_context() -> BaseContext:
    """Fork where the platform has it: workers then share what this process has loaded (the
    imported modules, the sentence classifier); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _isolated(path: str, rubric: Rubric, context: BaseContext) -> BatchRow:
    """Run one file in a pool of its own, so a worker that dies takes only this file with it."""
    try:
        with _pool(1, context) as pool:
            return pool.submit(score_path, path, rubric).result()
    except BrokenProcessPool:
        return failed_row(path, "worker_crashed", "the analysis process stopped on this file")


def _size(path: str) -> int:
    """A file's size in bytes, for the order of work; 0 when it cannot be read (it then fails
    in its worker, with its own message)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def score_paths(
    paths: Sequence[str],
    rubric: Rubric,
    workers: int = DEFAULT_WORKERS,
    context: BaseContext | None = None,
) -> list[BatchRow]:
    """Score files in input order. workers <= 1 runs them one by one in this process."""
    if workers <= 1 or len(paths) <= 1:
        return [score_path(path, rubric) for path in paths]
    context = context or default_context()
    if context.get_start_method() == "fork":
        # Load models and detectors once here, on a text of our own, so workers inherit them.
        guarded_row("warm-up", lambda: analyze(load_bytes(WARM_UP_TEXT.encode(), "w.txt"), rubric))
    rows: dict[int, BatchRow] = {}
    retry: list[int] = []
    with _pool(min(workers, len(paths)), context) as pool:
        # Largest files first: a long report left to the end would run alone on one core.
        order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
        futures = {i: pool.submit(score_path, paths[i], rubric) for i in order}
        for i, future in futures.items():
            try:
                rows[i] = future.result()
            except BrokenProcessPool:
                retry.append(i)
    for i in retry:
        rows[i] = _isolated(paths[i], rubric, context)
    return [rows[i] for i in range(len(paths))]


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files as given, folders replaced by the reports directly inside them; repeats dropped."""
    seen: set[Path] = set()
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
            )
            candidates = [str(p) for p in found] or [item]  # an empty folder fails by name
        else:
            candidates = [item]
        for candidate in candidates:
            key = Path(candidate).resolve()
            if key not in seen:
                seen.add(key)
                out.append(candidate)
    return out


def summarise(rows: Sequence[BatchRow]) -> BatchSummary:
    scored = [row for row in rows if row.ok]
    values = [row.score for row in scored if row.score is not None]
    bands: dict[str, int] = {}
    for row in scored:
        bands[row.band or "not scored"] = bands.get(row.band or "not scored", 0) + 1
    return BatchSummary(
        files=len(rows),
        scored=len(scored),
        failed=len(rows) - len(scored),
        with_score=len(values),
        mean=round(statistics.fmean(values), 1) if values else None,
        median=round(statistics.median(values), 1) if values else None,
        min=min(values) if values else None,
        max=max(values) if values else None,
        bands=bands,
        failed_files=[row.file for row in rows if not row.ok],
    )


def build_report(rubric: Rubric, rows: Sequence[BatchRow]) -> BatchReport:
    criteria = [criterion.id for criterion in rubric.criteria]
    filled = []
    for row in rows:
        if not row.ok:
            cells = [GridCell(id=c, level=None, status="failed", confidence=0.0) for c in criteria]
            row = row.model_copy(update={"cells": cells})
        filled.append(row)
    return BatchReport(
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        criteria=criteria,
        reports=filled,
        summary=summarise(filled),
    )


def score_batch(
    inputs: Sequence[str], rubric: Rubric, workers: int = DEFAULT_WORKERS
) -> BatchReport:
    return build_report(rubric, score_paths(expand_inputs(inputs), rubric, workers))


# --- rendering ----------------------------------------------------------------------------------


def _name(row: BatchRow) -> str:
    return Path(row.file).name


def _score_text(row: BatchRow) -> str:
    if not row.ok:
        return "failed"
    return "no score" if row.score is None else f"{row.score:.1f}"


def _summary_lines(summary: BatchSummary) -> list[str]:
    lines = [
        f"Files: {summary.files}   scored: {summary.scored}   failed: {summary.failed}",
    ]
    if summary.with_score:
        lines.append(
            f"Score over {plural(summary.with_score, 'file')}: mean {summary.mean:.1f}, "
            f"median {summary.median:.1f}, range {summary.min:.1f}–{summary.max:.1f}"
        )
    if summary.bands:
        lines.append("Bands: " + ", ".join(f"{k} {v}" for k, v in summary.bands.items()))
    return lines


LEGEND = (
    f"Levels are the tool's suggestions: {legend_text()}; "
    f"'?' marks confidence below {LOW_CONFIDENCE}; n/a = does not apply; 'no suggestion' = "
    "nothing was detected, which is not the same as absent; 'rated' is how many applicable "
    "criteria the score rests on. Scores grade the reporting, not the claims."
)


def _level_grid(report: BatchReport, with_totals: bool = True) -> grids.Grid:
    """Files down, criteria across; with the score, how many were rated and the band."""
    columns = [grids.Column("file")]
    if with_totals:
        columns += [grids.Column("score", "right"), grids.Column("rated", "right")]
        columns += [grids.Column("band")]
    columns += [grids.Column(criterion) for criterion in report.criteria]
    rows = []
    for row in report.reports:
        cells = [grids.Cell(_name(row))]
        if with_totals:
            cells += [grids.Cell(_score_text(row), literal=True), grids.Cell(row.rated)]
            cells += [grids.Cell(row.band or "–")]
        cells += [
            grids.Cell(
                cell.label,
                swatch=cell.swatch,
                tip=None if cell.status == "failed" else f"confidence {cell.confidence:.2f}",
            )
            for cell in row.cells
        ]
        rows.append(cells)
    return grids.Grid(columns=columns, rows=rows)


def render_table(report: BatchReport) -> str:
    """Plain text for a terminal: summary table, then the grid, then failures."""
    rows = report.reports
    name_w = max([len("file"), *(len(_t(_name(r))) for r in rows)])
    lines = [f"Rubric: {_t(report.rubric.id)} v{_t(report.rubric.version)}", ""]
    lines.append(f"{'file':<{name_w}}  {'score':>8}  rated  {'band':<10}  pages  status")
    for row in rows:
        pages = str(row.document.pages) if row.document else "–"
        status = "ok" if row.ok else f"FAILED ({row.error.code}): {row.error.message}"
        lines.append(
            f"{_t(_name(row)):<{name_w}}  {_score_text(row):>8}  {row.rated:>5}  "
            f"{_t(row.band or '–'):<10}  {pages:>5}  {_t(status)}"
        )
    lines += ["", *grids.text(_level_grid(report, with_totals=False))]
    lines += ["", *map(neutralise, _summary_lines(report.summary)), LEGEND]
    if report.summary.failed_files:
        lines.append("Failed: " + ", ".join(map(_t, report.summary.failed_files)))
    return "\n".join(lines) + "\n"


def render_csv(report: BatchReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "file",
            "status",
            "score",
            "rated",
            "band",
            "pages",
            *report.criteria,
            "error_code",
            "error",
        ]
    )
    for row in report.reports:
        levels = [short(c.rating, missing="") for c in row.cells]
        writer.writerow(
            [
                csv_cell(row.file),
                "ok" if row.ok else "failed",
                "" if row.score is None else row.score,
                row.rated if row.ok else "",
                csv_cell(row.band or ""),
                row.document.pages if row.document else "",
                *levels,
                row.error.code if row.error else "",
                csv_cell(row.error.message) if row.error else "",
            ]
        )
    return buffer.getvalue()


def render_json(report: BatchReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


_md = md_escape


def render_markdown(report: BatchReport) -> str:
    rubric = f"{_md(report.rubric.id)} v{_md(report.rubric.version)}"
    lines = [f"# Batch scores: rubric {rubric}", ""]
    lines += grids.markdown(_level_grid(report))
    lines += ["", *(f"- {_md(line)}" for line in _summary_lines(report.summary))]
    lines += [f"- {_md(LEGEND)}"]
    for row in report.reports:
        if not row.ok:
            lines.append(f"- **Failed:** {_md(row.file)}: {_md(row.error.message)}")
    return "\n".join(lines) + "\n"


def grid_html(report: BatchReport) -> str:
    """The grid alone, as an HTML table with inline styles (also used by the app)."""
    return grids.html(_level_grid(report))


_CSS = "body{font-family:system-ui,sans-serif;margin:2rem;color:#111}"


def render_html(report: BatchReport) -> str:
    esc = html_escape
    title = f"Batch scores: rubric {report.rubric.id} v{report.rubric.version}"
    summary = "".join(f"<li>{esc(line)}</li>" for line in _summary_lines(report.summary))
    failed = "".join(
        f"<li><code>{esc(row.file)}</code>: {esc(row.error.message)}</li>"
        for row in report.reports
        if not row.ok
    )
    failed_block = f"<h2>Failed files</h2><ul>{failed}</ul>" if failed else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1><ul>{summary}</ul>{grid_html(report)}"
        f"<p>{esc(LEGEND)}</p>{failed_block}</body></html>\n"
    )


RENDERERS: dict[str, Callable[[BatchReport], str]] = {
    "table": render_table,
    "csv": render_csv,
    "json": render_json,
    "md": render_markdown,
    "html": render_html,
}


def render(report: BatchReport, fmt: str) -> str:
    return RENDERERS[fmt](report)
