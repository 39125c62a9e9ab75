"""The rating vocabulary: what a level 0–3, "not applicable" and "not rated yet" are called,
coloured and marked, in every output (terminal, exports, batch grid, classroom, app).

One table, so a label or colour can change in one place and no output can drift from another.
A `Rating` is data (a level or "n/a"); `None` means no rating. A `State` is its display key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

NOT_APPLICABLE: Literal["n/a"] = "n/a"
Rating = int | Literal["n/a"]
"""A level 0–3, or "n/a" for not applicable; a missing rating is None."""

State = Literal["0", "1", "2", "3", "n/a", "unrated"]
LEVELS = (0, 1, 2, 3)
CHOICES: tuple[Rating, ...] = (*LEVELS, NOT_APPLICABLE)
"""What a reader may answer, in the order the app offers it."""

LEVEL_NAMES = {0: "absent or misleading", 1: "weak", 2: "adequate", 3: "exemplary"}


@dataclass(frozen=True)
class Swatch:
    label: str
    fill: str
    ink: str
    mark: str


def _level(level: int, fill: str, ink: str, mark: str) -> Swatch:
    return Swatch(f"{level} · {LEVEL_NAMES[level]}", fill, ink, mark)


# Okabe–Ito colours, which stay distinct under the common colour-vision deficiencies; each is
# always printed next to its words and a mark, so colour is never the only signal. Every fill
# keeps a contrast of at least 4.5:1 with its ink.
PALETTE: dict[State, Swatch] = {
    "0": _level(0, "#D55E00", "#000000", "✗"),
    "1": _level(1, "#E69F00", "#000000", "!"),
    "2": _level(2, "#56B4E9", "#000000", "✓"),
    "3": _level(3, "#0072B2", "#FFFFFF", "✓✓"),
    NOT_APPLICABLE: Swatch("not applicable", "#DDDDDD", "#000000", "–"),
    "unrated": Swatch("not rated yet", "#FFFFFF", "#000000", "?"),
}
"""The states of a reader's grid, in legend order."""

# Two states only a grid of the tool's suggestions across files has (the batch grid).
NO_SUGGESTION = Swatch("no suggestion", "#FFFFFF", "#333333", "")
FAILED = Swatch("failed", "#555555", "#FFFFFF", "")

MISSING = "–"
"""How a table cell shows a rating that is not there, unless the table says otherwise."""


class Judgement(Protocol):
    """Anything that holds a level or says it does not apply: an answer, an answer-key entry."""

    @property
    def level(self) -> int | None: ...

    @property
    def not_applicable(self) -> bool: ...


class SuggestionLike(Protocol):
    @property
    def suggested_level(self) -> int | None: ...

    @property
    def status(self) -> str: ...


def rating_of(judgement: Judgement | None) -> Rating | None:
    """The rating of an answer or a key entry; None when there is none."""
    if judgement is None:
        return None
    return NOT_APPLICABLE if judgement.not_applicable else judgement.level


def rating_of_suggestion(suggestion: SuggestionLike | None) -> Rating | None:
    """The tool's suggestion as a rating. The status decides: "no_suggestion" is never a level,
    even if a hand-edited file sets one."""
    if suggestion is None or suggestion.status == "no_suggestion":
        return None
    if suggestion.status == "not_applicable":
        return NOT_APPLICABLE
    return suggestion.suggested_level


def state_of(rating: Rating | None) -> State:
    if rating == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if isinstance(rating, int):
        return str(rating)  # type: ignore[return-value]
    return "unrated"


def swatch_of(rating: Rating | None) -> Swatch:
    return PALETTE[state_of(rating)]


def label(rating: Rating | None) -> str:
    """The words for a rating: "2 · adequate", "not applicable", "not rated yet"."""
    return swatch_of(rating).label


def short(rating: Rating | None, missing: str = MISSING) -> str:
    """The compact form for tables and CSV: "2", "n/a", or `missing`."""
    return missing if rating is None else str(rating)


def words(rating: Rating | None) -> str:
    """A rating inside a sentence: "level 2", "not applicable" or "not rated yet"."""
    if isinstance(rating, int):
        return f"level {rating}"
    return label(rating)


def legend_text() -> str:
    """The levels in one line: "0 absent or misleading, 1 weak, …"."""
    return ", ".join(f"{level} {name}" for level, name in LEVEL_NAMES.items())


def color_encoding(states: Sequence[State]) -> dict:
    """A Vega-Lite colour channel for a `state` field: each level in its own words and colour,
    the legend below the chart in one column (on the right, or in two, it runs off or over a
    phone's chart), never cut off."""
    return {
        "field": "state",
        "type": "nominal",
        "scale": {
            "domain": [PALETTE[s].label for s in states],
            "range": [PALETTE[s].fill for s in states],
        },
        "legend": {
            "title": "level",
            "orient": "bottom",
            "columns": 1,
            "labelLimit": 0,
            "symbolType": "square",
            "symbolStrokeColor": "#555555",
            "symbolStrokeWidth": 0.5,
            "symbolSize": 160,
        },
    }
