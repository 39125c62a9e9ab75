"""Compare reports, as robvis summarises risk-of-bias judgements: saved evaluations (the reader's
levels) and fresh files (the tool's suggestions) in one traffic-light grid and one stacked bar
per question. The rows, grid, chart and files come from `evaluator.compare`; this page collects
the choices, shows progress while files are analysed, and opens an evaluation from a row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from evaluator import Analysis, Document, InputError, Rubric, rubric_by_id
from evaluator import compare as cmp
from evaluator.ingest import sha256_of
from evaluator.store import Listing, StoreError
from evaluator.titles import document_title
from evaluator.wording import plural

from . import navigation, session
from .classroom import _download, _rubric_choice, _safe, _samples


@dataclass
class Fresh:
    """A file analysed on this page: its row, and what "Evaluate it" needs."""

    row: cmp.CompareRow
    document: Document | None = None
    analysis: Analysis | None = None


def _saved_choices(rubric: Rubric) -> list[Listing]:
    """The reader's saved evaluations under this rubric version, newest first."""
    try:
        listing = session.store().listing(session.owner())
    except StoreError as exc:
        st.error(_safe(exc))
        return []
    usable = [
        row
        for row in listing
        if not row.damaged and (row.rubric_id, row.rubric_version) == (rubric.id, rubric.version)
    ]
    others = sum(1 for row in listing if not row.damaged) - len(usable)
    if others:
        st.caption(
            f"{plural(others, 'saved evaluation')} {'uses' if others == 1 else 'use'} another "
            "rubric or version and cannot share this "
            "grid's columns; choose that rubric above to compare them."
        )
    return usable


def _listing_label(row: Listing) -> str:
    updated = row.updated_at[:16].replace("T", " ")
    blind = ", blind" if row.blind_mode else ""
    return f"{row.label} ({row.answered} of {row.total} answered{blind}; saved {updated} UTC)"


def _saved_rows(chosen: list[int], rubric: Rubric) -> list[cmp.CompareRow]:
    db, me = session.store(), session.owner()
    rows = []
    for evaluation_id in chosen:
        try:
            record = db.load(evaluation_id, me)
        except StoreError as exc:
            st.warning(_safe(exc))
            continue
        if record is None:
            continue
        drafts = {
            cid: cmp.DraftChoice(has_choice=d.has_choice, choice=d.choice)
            for cid, d in record.drafts.items()
        }
        title = record.evaluation.document_title or record.label
        rows.append(cmp.saved_row(record.id, title, record.evaluation, rubric, drafts))
    return rows


def _analyse_one(name: str, data: bytes, rubric: Rubric) -> Fresh:
    """One fresh file, read and analysed with the app's caches; never raises."""
    try:
        sha = sha256_of(data)
        document = session.read_document(sha, name, None, data)
        analysis = session.analyse(sha, rubric.id, rubric.version, document, rubric)
    except InputError as exc:
        return Fresh(cmp.failed_row(name, exc.message, rubric))
    except Exception as exc:  # a bug on one file must not cost the others their rows
        return Fresh(cmp.failed_row(name, f"could not be analysed ({type(exc).__name__})", rubric))
    title = document_title(document) or name
    return Fresh(cmp.fresh_row(title, analysis, rubric), document, analysis)


def _fresh_rows(items: list[tuple[str, Callable[[], bytes]]], rubric: Rubric) -> list[Fresh]:
    """Analyse each file in turn, saying which one and how many are left."""
    if not items:
        return []
    bar = st.progress(0.0, text=f"Analysing {plural(len(items), 'file')}…")
    out = []
    for index, (name, read) in enumerate(items):
        bar.progress(index / len(items), text=f"Analysing {name} ({index + 1} of {len(items)})…")
        try:
            data = read()
        except (InputError, OSError) as exc:
            out.append(Fresh(cmp.failed_row(name, getattr(exc, "message", str(exc)), rubric)))
            continue
        out.append(_analyse_one(name, data, rubric))
    bar.progress(1.0, text=f"Analysed {plural(len(items), 'file')}.")
    return out


def _distinct_titles(rows: list[cmp.CompareRow]) -> list[cmp.CompareRow]:
    """Two rows for one report (two evaluations, say) get their number or source to tell them
    apart."""
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.title] = seen.get(row.title, 0) + 1
    out = []
    for row in rows:
        if seen[row.title] > 1:
            tag = f"evaluation {row.evaluation_id}" if row.evaluation_id else "fresh file"
            row = row.model_copy(update={"title": f"{row.title} ({tag})"})
        out.append(row)
    return out


def _evaluate_buttons(fresh: list[Fresh], rubric: Rubric) -> None:
    ready = [f for f in fresh if f.document is not None and f.analysis is not None]
    if not ready:
        return
    st.caption("A fresh file shows only the tool's suggestions. To confirm its levels:")
    for item in ready:
        assert item.document is not None and item.analysis is not None
        if st.button(f"Evaluate “{item.row.title}”", key=f"cmp_eval_{item.document.sha256[:16]}"):
            try:
                session.begin(item.document, item.analysis, rubric)
            except StoreError as exc:
                st.error(_safe(exc))
                return
            navigation.go("checklist")


def page() -> None:
    st.title("Compare reports")
    st.write(
        "Several reports side by side, one row each: your saved evaluations with the levels you "
        "confirmed, and fresh files with the tool's suggestions."
    )
    picked = _rubric_choice("cls_cmp_rubric")
    if picked is None:
        return
    rubric = rubric_by_id(picked[0])

    saved = _saved_choices(rubric)
    by_id = {row.id: row for row in saved}
    chosen_saved = st.multiselect(
        "Saved evaluations (from History)",
        list(by_id),
        format_func=lambda i: _listing_label(by_id[i]),
        key="cmp_saved",
        placeholder="Choose saved evaluations" if saved else "No saved evaluations yet",
    )
    uploads = st.file_uploader(
        "Fresh reports to analyse (PDF, text or Markdown)",
        ["pdf", "txt", "md"],
        accept_multiple_files=True,
        key="cls_cmp_uploads",
    )
    module, samples = _samples()
    chosen_samples: list[str] = []
    if samples:
        titles = {s.id: s.title for s in samples}
        chosen_samples = st.multiselect(
            "Sample reports to analyse", list(titles), format_func=titles.get, key="cls_cmp_samples"
        )

    items: list[tuple[str, Callable[[], bytes]]] = [
        (u.name, lambda u=u: u.getvalue()) for u in uploads or []
    ]
    items += [
        (f"{sid}.pdf", lambda sid=sid: Path(module.sample_pdf_path(sid)).read_bytes())
        for sid in chosen_samples
    ]
    if not chosen_saved and not items:
        st.info("Choose saved evaluations, upload reports, or pick sample reports to compare.")
        return
    fresh = _fresh_rows(items, rubric)
    rows = _distinct_titles([*_saved_rows(chosen_saved, rubric), *(f.row for f in fresh)])
    result = cmp.comparison(rubric, rows)

    st.header("Levels of each report")
    st.html(cmp.grid_html(result))
    st.caption(
        cmp.LEGEND + " A saved evaluation's title opens it in the checklist."
        if chosen_saved
        else cmp.LEGEND
    )
    for row in result.rows:
        if row.error is not None:
            st.warning(_safe(f"{row.title}: {row.error}"))
    st.header("Levels per question")
    st.vega_lite_chart(
        cmp.summary_chart(result),
        width="stretch",
        alt="Stacked bars: for each question, how many of the compared reports have each level",
    )
    _evaluate_buttons(fresh, rubric)
    left, right = st.columns(2)
    _download(
        left,
        "Download the comparison (HTML)",
        cmp.render_html(result),
        "comparison.html",
        "text/html",
        "cls_cmp_html",
    )
    _download(
        right,
        "Download the comparison (CSV)",
        cmp.render_csv(result),
        "comparison.csv",
        "text/csv",
        "cls_cmp_csv",
    )
