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
from functools import partial

from ..answer_keys import AnswerKey
from ..checks import checks
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


def _same_item(identity: tuple[str, ...], p, k) -> bool:
    """ "sentence": same page and sentence; any other field: its text matches."""
    for name in identity:
        if name == "sentence":
            ok = p.page == k.page and same_sentence(p.sentence, k.sentence)
        else:
            ok = _text_matches(getattr(p, name), getattr(k, name))
        if not ok:
            return False
    return True


def _agree(names: tuple[str, ...], p, k) -> bool:
    return all(getattr(p, name) == getattr(k, name) for name in names)


def _scored_items() -> dict[str, tuple[Match, Comparison]]:
    """Findings list -> (same item?, field comparisons), from each registered check's answer-key
    lists, so a new check is scored with no edit here."""
    return {
        name: (
            partial(_same_item, spec.identity),
            {score: partial(_agree, names) for score, names in spec.scored.items()},
        )
        for check in checks()
        for name, spec in check.answer_key.items()
    }


# true positives, false positives, false negatives, agreement of each compared field
ItemCounts = tuple[int, int, int, dict[str, Ratio]]


def _pair(predicted: Sequence, keyed: Sequence, detector: str) -> list[tuple[object, object]]:
    """One-to-one matches; among candidates, prefer one whose fields all agree."""
    same, fields = _scored_items()[detector]
    used: set[int] = set()
    pairs = []
    for k in keyed:
        best, best_score = None, -1
        for i, p in enumerate(predicted):
            if i in used or not same(p, k):
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
    for detector, (_same, fields) in _scored_items().items():
        predicted = list(findings.lists().get(detector, []))
        keyed = list(getattr(key, detector, []))
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
