"""Symmetry: the same reporting gets the same levels whichever group it is about.

`swap_groups` exchanges the groups a text names (one ethnicity for another, one religion for
another, one nationality for another, foreign for UK nationals), all at once so no swap undoes
another, keeping each word's capitals. `asymmetries` analyses a document and its swapped twin
and lists every criterion whose suggestion moved. The tool grades how figures are reported;
if a level depends on which group the figures are about, that is a bug.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..analysis import analyze
from ..models import Document, Page, Rubric
from ..rubrics import default_rubric

# Each cycle maps every term to the next: a group is always replaced by another group the
# checks know, in the same grammatical form, so a moved level cannot be blamed on vocabulary.
CYCLES: tuple[tuple[str, ...], ...] = (
    ("Asian", "White", "Black"),
    ("Asians", "Whites", "Blacks"),
    ("Pakistani", "Indian", "Bangladeshi"),
    ("Pakistanis", "Indians", "Bangladeshis"),
    ("Muslim", "Christian", "Sikh", "Hindu"),
    ("Muslims", "Christians", "Sikhs", "Hindus"),
    ("Romanian", "Albanian"),
    ("Romanians", "Albanians"),
    ("Afghan", "Iraqi", "Somali"),
    ("Afghans", "Iraqis", "Somalis"),
    ("foreign nationals", "UK nationals"),
)
_TO = {a.lower(): b for cycle in CYCLES for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)}
_TERM = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(t) for t in _TO), key=len, reverse=True)) + r")\b",
    re.I,
)


def _cased_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if word[:2].isupper() or model[:2].isupper():  # "UK nationals": an acronym, not a capital
        return word
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word[:1].lower() + word[1:]


def swap_groups(text: str) -> str:
    """`text` with every group term replaced by the next in its cycle, capitals kept."""
    return _TERM.sub(lambda m: _cased_like(_TO[m.group(0).lower()], m.group(0)), text)


class Asymmetry(BaseModel):
    criterion: str
    before: str
    after: str


def _as_text(document: Document, transform=lambda t: t) -> Document:
    # Both twins go through the same (text) path, so only the words differ.
    pages = [Page(number=p.number, text=transform(p.text)) for p in document.pages]
    return document.model_copy(update={"pages": pages, "source": "text"})


def _levels(document: Document, rubric: Rubric) -> dict[str, str]:
    analysis = analyze(document, rubric)
    return {
        s.id: s.status if s.suggested_level is None else str(s.suggested_level)
        for s in analysis.criteria
    }


def asymmetries(document: Document, rubric: Rubric | None = None) -> list[Asymmetry]:
    """Every criterion whose suggestion differs between the document and its swapped twin."""
    rubric = rubric or default_rubric()
    before = _levels(_as_text(document), rubric)
    after = _levels(_as_text(document, swap_groups), rubric)
    return [
        Asymmetry(criterion=c, before=before[c], after=after.get(c, "missing"))
        for c in before
        if before[c] != after.get(c)
    ]
