"""Chart data as Vega-Lite specifications (plain dicts), so the app draws them and tests read them.

One chart here: robvis's summary plot, a stacked bar of how many ratings each question received
at each level. Its rules come from what went wrong with Streamlit's default bar chart: questions
kept in the rubric's order (a nominal axis sorts alphabetically unless told otherwise), full
labels (no truncation; long ones wrap onto a second line), every level's colour and words from
`ratings`, and, when an answer key is known, the key's level outlined and named.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from .ratings import PALETTE, Rating, State, color_encoding, state_of

LABEL_WIDTH = 24
"""Characters per line of a question's label; a longer title wraps instead of being cut."""
LINE = "\n"


def wrapped(title: str, width: int = LABEL_WIDTH) -> str:
    """A label in lines of at most `width` characters, joined by newlines (split when drawn)."""
    return LINE.join(textwrap.wrap(" ".join(title.split()), width) or [""])


def stacked_levels(
    questions: Sequence[str],
    counts: Sequence[Mapping[State, int]],
    *,
    key: Sequence[Sequence[Rating]] | None = None,
    states: Sequence[State] = tuple(PALETTE),
    what: str = "ratings",
) -> dict:
    """A horizontal stacked bar per question (in the given order) of how many `what` fall in
    each state; `key[i]` lists the key's rating(s) for question i (several exercises may key a
    question differently), outlined in the bar and named under the question."""
    labels = []
    values = []
    for index, (question, tally) in enumerate(zip(questions, counts, strict=True)):
        keyed = list(dict.fromkeys(key[index])) if key else []
        label = wrapped(question)
        if keyed:
            named = ", ".join(PALETTE[state_of(r)].label for r in keyed)
            label += LINE + wrapped(f"key: {named}")
        labels.append(label)
        key_states = {state_of(r) for r in keyed}
        for order, state in enumerate(states):
            count = int(tally.get(state, 0))
            if count:
                values.append(
                    {
                        "question": label,
                        "state": PALETTE[state].label,
                        "order": order,
                        "count": count,
                        "key": state in key_states,
                    }
                )
    lines = max((label.count(LINE) + 1 for label in labels), default=1)
    return {
        "height": {"step": 14 + 14 * lines},
        "data": {"values": values},
        "mark": {"type": "bar", "stroke": "#555555", "strokeWidth": 0.5},
        "encoding": {
            "y": {
                "field": "question",
                "type": "nominal",
                "sort": labels,
                "title": None,
                # No limit, and one line per newline: a label is never cut off.
                "axis": {"labelLimit": 0, "labelExpr": "split(datum.label, '\\n')"},
            },
            "x": {
                "field": "count",
                "type": "quantitative",
                "stack": "zero",
                "title": f"number of {what}",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "order": {"field": "order", "type": "quantitative"},
            "color": color_encoding(states),
            "strokeWidth": {
                "condition": {"test": "datum.key", "value": 3},
                "value": 0.5,
            },
            "stroke": {"condition": {"test": "datum.key", "value": "#000000"}, "value": "#555555"},
            "tooltip": [
                {"field": "state", "title": "level"},
                {"field": "count", "title": what},
                {"field": "key", "title": "the key's level"},
            ],
        },
    }
