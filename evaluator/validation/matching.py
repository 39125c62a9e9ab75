"""Matching one report's findings and suggestions to its answer key.

Each detector's findings are matched one-to-one to the key's items on the same page whose
sentence overlaps (the key may trim a sentence; the segmenter may run a heading into one), and
a matched item's fields are compared with the key's (a percentage's denominator, a claim's
provenance, a recommendation's hinge, ...). A suggestion is acceptable when the key's tolerance
accepts it and "within one" when it is at most one level away; "no suggestion" is neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..answer_keys import AnswerKey
from ..models import Analysis, Findings
from .results import CriterionResult, Ratio

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def same_sentence(a: str, b: str) -> bool:
    """Containment after collapsing whitespace, or nearly all words shared."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    wx, wy = set(_WORD.findall(x)), set(_WORD.findall(y))
    return bool(wx and wy) and len(wx & wy) / min(len(wx), len(wy)) >= 0.85


def _text_matches(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x in y or y in x)


Match = Callable[[object, object], bool]
Comparison = dict[str, Match]

# The findings lists scored against the keys: list name -> (extra match test, field comparisons).
# The one table to extend when a check gains a findings list the keys also hold.
_ITEMS: dict[str, tuple[Match | None, Comparison]] = {
    "percentages": (
        lambda p, k: _text_matches(p.text, k.text),
        {
            "denominator": lambda p, k: p.denominator == k.denominator,
            "base_defined": lambda p, k: p.base_defined == k.base_defined,
            "consistent": lambda p, k: p.consistent == k.consistent,
            "quoted": lambda p, k: getattr(p, "quoted", False) == getattr(k, "quoted", False),
        },
    ),
    "attribute_claims": (
        None,
        {
            "attribute": lambda p, k: p.attribute == k.attribute,
            "provenance": lambda p, k: p.provenance == k.provenance,
        },
    ),
    "time_periods": (None, {"years": lambda p, k: (p.start, p.end) == (k.start, k.end)}),
    "places": (None, {}),
    "scope_overlaps": (None, {"flagged": lambda p, k: p.flagged == getattr(k, "flagged", False)}),
    "scale_claims": (
        None,
        {
            "method_stated": lambda p, k: p.method_stated == k.method_stated,
            "uncertainty_stated": lambda p, k: p.uncertainty_stated == k.uncertainty_stated,
            "lower_bound": lambda p, k: p.lower_bound == k.lower_bound,
        },
    ),
    "recommendations": (None, {"hinge": lambda p, k: p.hinge == k.hinge}),
}

# true positives, false positives, false negatives, agreement of each compared field
ItemCounts = tuple[int, int, int, dict[str, Ratio]]


def _pair(predicted: Sequence, keyed: Sequence, detector: str) -> list[tuple[object, object]]:
    """One-to-one matches; among candidates, prefer one whose fields all agree."""
    extra, fields = _ITEMS[detector]
    used: set[int] = set()
    pairs = []
    for k in keyed:
        best, best_score = None, -1
        for i, p in enumerate(predicted):
            if i in used:
                continue
            if detector == "places":
                ok = _text_matches(p.name, k.name)
            else:
                ok = p.page == k.page and same_sentence(p.sentence, k.sentence)
                ok = ok and (extra is None or extra(p, k))
            if not ok:
                continue
            score = sum(compare(p, k) for compare in fields.values())
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            used.add(best)
            pairs.append((predicted[best], k))
    return pairs


def score_items(findings: Findings, key: AnswerKey) -> dict[str, ItemCounts]:
    """Findings list -> (true positives, false positives, false negatives, field ratios)."""
    out = {}
    for detector, (_extra, fields) in _ITEMS.items():
        predicted = list(getattr(findings, detector))
        keyed = list(getattr(key, detector))
        pairs = _pair(predicted, keyed, detector)
        ratios = {name: Ratio() for name in fields}
        for p, k in pairs:
            for name, compare in fields.items():
                ratios[name].add(bool(compare(p, k)))
        tp = len(pairs)
        out[detector] = (tp, len(predicted) - tp, len(keyed) - tp, ratios)
    return out


def score_criteria(analysis: Analysis, key: AnswerKey) -> list[CriterionResult]:
    results = []
    for suggestion in analysis.criteria:
        entry = key.criteria.get(suggestion.id)
        if entry is None:
            continue
        if suggestion.status == "suggested":
            level = suggestion.suggested_level
        elif suggestion.status == "not_applicable":
            level = None
        else:
            level = -1  # no suggestion: neither acceptable nor within one
        if level == -1:
            acceptable = within_one = False
        elif entry.not_applicable or entry.level is None:
            acceptable = within_one = level is None
        else:
            acceptable = entry.accepts(level)
            within_one = level is not None and abs(level - entry.level) <= 1
        results.append(
            CriterionResult(
                report=key.id,
                split=key.split,
                criterion=suggestion.id,
                key_level=entry.level,
                tolerance=entry.tolerance,
                suggested=None if level == -1 else level,
                status=suggestion.status,
                confidence=suggestion.confidence,
                acceptable=acceptable,
                within_one=within_one,
            )
        )
    return results
