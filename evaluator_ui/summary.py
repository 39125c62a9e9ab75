"""Summary: the score and its breakdown, levels per criterion, and what the reader changed."""

from __future__ import annotations

import streamlit as st

from evaluator import Evaluation, Rubric, exports, ratings
from evaluator.ratings import PALETTE
from evaluator.wording import plural

from . import common, navigation, session

BASELINE = -0.4


# Why a question adds to the score or not, in the breakdown's words.
_COUNTS = {"rated": "yes", "not_applicable": "no: not applicable", "unrated": "not yet: no answer"}


def _chart_spec(cells: list[exports.GridCell]) -> dict:
    """Bars of levels per criterion, coloured by the same palette as the grid, each labelled."""
    states = list(PALETTE)
    return {
        "data": {
            "values": [
                {
                    "question": cell.title,
                    # A bar starts left of 0, so level 0 is a visible bar; a question
                    # without a level has none, only its label.
                    "level": int(cell.state) if cell.state.isdigit() else BASELINE,
                    "state": cell.swatch.label,
                    "label": f"{cell.swatch.mark} {cell.swatch.label}",
                }
                for cell in cells
            ]
        },
        "encoding": {
            "y": {
                "field": "question",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "level",
                "type": "quantitative",
                "scale": {"domain": [BASELINE, 3.9]},
                "axis": {"values": [0, 1, 2, 3], "title": "level"},
            },
            "x2": {"datum": BASELINE},
        },
        "layer": [
            {
                "mark": {"type": "bar", "stroke": "#555555"},
                "encoding": {"color": ratings.color_encoding(states)},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    }


def page() -> None:
    st.title("Summary")
    record = common.open_record()
    if record is None:
        return
    blind = session.blind_mode(record)
    evaluation, rubric = common.for_reader(record), record.rubric
    result = exports.evaluation_score(evaluation, rubric)
    who = evaluation.evaluator_name
    st.caption(
        f"{exports.md_escape(record.label)} · {exports.md_escape(rubric.title)} "
        f"v{exports.md_escape(rubric.version)}"
        + (f" · by {exports.md_escape(who)}" if who else "")
        + f" · started {exports.when(evaluation.created_at)}"
        + f" · last saved {exports.when(evaluation.updated_at)}"
    )

    for warning in evaluation.analysis_incomplete:
        st.warning(f"The tool's suggestions are incomplete: {exports.md_escape(warning)}")
    value = "–" if result.value is None else f"{result.value:.1f} / 100"
    left, right = st.columns(2)
    # An incomplete score is labelled so wherever it is shown, never passed off as final.
    left.metric("Score" if result.complete else "Score so far (incomplete)", value)
    right.metric("Band", exports.md_escape(result.band))  # a metric's value is Markdown
    if not result.complete:
        missing = [
            rubric.criterion(c.id).title for c in result.contributions if c.status == "unrated"
        ]
        st.warning(
            f"Incomplete: {plural(len(missing), 'question')} not answered yet "
            f"({exports.md_escape('; '.join(missing))}); the score covers the answered ones only."
        )
        if st.button("Back to the checklist", key="summary_to_checklist"):
            navigation.go("checklist")
    st.caption(result.rule)

    st.header("Breakdown")
    st.dataframe(
        [
            {
                "question": rubric.criterion(c.id).title,
                "level": ratings.label(
                    ratings.NOT_APPLICABLE if c.status == "not_applicable" else c.level
                ),
                "weight": c.weight,
                # Points are shares of 100 over the questions that count so far; a question that
                # does not count shows no points rather than "0 out of 0".
                "points": round(c.points, 1) if c.max_points else None,
                "out of": round(c.max_points, 1) if c.max_points else None,
                "counts": _COUNTS.get(c.status, c.status),
            }
            for c in result.contributions
        ],
        hide_index=True,
    )

    cells = exports.grid(evaluation, rubric)
    st.header("Levels per question")
    st.vega_lite_chart(_chart_spec(cells), alt="Bar chart of the reader's level per question")
    st.html(exports.grid_html(evaluation, rubric))

    st.header("What you changed")
    if blind:
        st.caption("Blind mode: suggestions you have not revealed are left out.")
    _changes(evaluation, rubric)
    if st.button("Export this evaluation", key="to_export", type="primary"):
        navigation.go("export")


def _changes(evaluation: Evaluation, rubric: Rubric) -> None:
    rows = exports.changes(evaluation)
    with_suggestion = [r for r in rows if r.kind != "own"]
    accepted = sum(1 for r in with_suggestion if r.kind == "accepted")
    st.write(
        f"You kept {accepted} of {plural(len(with_suggestion), 'suggestion')} and overrode "
        f"{len(with_suggestion) - accepted}; {plural(len(rows) - len(with_suggestion), 'answer')} "
        f"had no suggestion to compare with."
    )
    changed = [r for r in rows if r.changed]
    if changed:
        st.dataframe(
            [
                {
                    "question": rubric.criterion(r.criterion_id).title
                    if r.criterion_id in {c.id for c in rubric.criteria}
                    else r.criterion_id,
                    "suggested": r.suggested,
                    "your level": r.chosen,
                    "decision": r.kind,
                    "quotes dismissed": r.dismissed,
                    "quotes added": r.added,
                    "justification": r.justification,
                }
                for r in changed
            ],
            hide_index=True,
        )
    else:
        st.write("No changes against the suggestions.")
