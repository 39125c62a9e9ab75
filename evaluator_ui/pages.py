"""Page functions for `st.navigation`."""

from __future__ import annotations

import streamlit as st

from evaluator.analysis import analyze
from evaluator.errors import InputError
from evaluator.ingest import load_bytes
from evaluator.rubrics import DEFAULT_RUBRIC_ID, available_rubrics, resolve_rubric


def start() -> None:
    st.title("Report evaluator")
    st.write(
        "Walk a report through six questions about how it presents statistics on groups of "
        "people: sources, denominators, attribute provenance, scope, extrapolation and "
        "recommendations. The tool grades the reporting, not whether a claim is true."
    )
    good, bad = available_rubrics()
    ids = [rubric.id for _, rubric in good]
    for error in bad:
        st.warning(f"Rubric skipped: {error}")
    rubric_id = st.selectbox(
        "Rubric",
        ids,
        index=ids.index(DEFAULT_RUBRIC_ID) if DEFAULT_RUBRIC_ID in ids else 0,
        key="rubric_id",
    )
    upload = st.file_uploader(
        "Upload a report (PDF, text or Markdown)", type=["pdf", "txt", "md"], key="upload"
    )
    if upload is None or rubric_id is None:
        return
    try:
        document = load_bytes(upload.getvalue(), upload.name)
    except InputError as exc:
        st.error(exc.message)
        return
    analysis = analyze(document, resolve_rubric(rubric_id))
    st.session_state["analysis"] = analysis
    st.subheader(f"{upload.name}: {analysis.document.pages} page(s)")
    st.dataframe(
        [
            {
                "criterion": s.id,
                "suggested level": "–" if s.suggested_level is None else s.suggested_level,
                "confidence": s.confidence,
                "rationale": s.rationale,
            }
            for s in analysis.criteria
        ],
        hide_index=True,
    )


def all_pages() -> list[st.Page]:
    return [st.Page(start, title="Start", url_path="start", default=True)]
