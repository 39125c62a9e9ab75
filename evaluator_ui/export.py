"""Export: the evaluation as JSON (re-importable), Markdown and a self-contained HTML scorecard."""

from __future__ import annotations

import streamlit as st

from evaluator import exports

from . import common, session


def file_stem(sha256: str, rubric_id: str) -> str:
    return f"evaluation-{sha256[:12]}-{rubric_id}"


def page() -> None:
    st.title("Export")
    record = common.open_record()
    if record is None:
        return
    blind = session.blind_mode(record)
    evaluation, rubric = common.for_reader(record), record.rubric
    stem = file_stem(evaluation.document_sha256, rubric.id)
    st.write(
        "JSON keeps everything and can be imported again (History page). Markdown and HTML are "
        "for people; the HTML scorecard is one file with no outside links."
    )
    if blind:
        st.caption(
            "Blind mode: the files leave out the tool's suggestions you have not revealed yet."
        )
    markdown = exports.to_markdown(evaluation, rubric)
    st.download_button(
        "Download JSON",
        data=exports.to_json(evaluation),
        file_name=f"{stem}.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
        type="primary",
    )
    st.download_button(
        "Download Markdown",
        data=markdown,
        file_name=f"{stem}.md",
        mime="text/markdown",
        key="dl_md",
        on_click="ignore",
    )
    st.download_button(
        "Download HTML scorecard",
        data=exports.to_html(evaluation, rubric),
        file_name=f"{stem}.html",
        mime="text/html",
        key="dl_html",
        on_click="ignore",
    )
    with st.expander("Preview the Markdown"):
        st.code(markdown, language="markdown")
