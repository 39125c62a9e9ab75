"""Denominator linking measured on a labelled set of sentences (data/denominator_links.csv).

Each row gives a sentence (or short paragraph), the percentage as written and the expected
denominator, empty when the text gives none.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..checks.common import text_context
from ..checks.denominators import detect

LINKS_PATH = Path(__file__).resolve().parent / "data" / "denominator_links.csv"


def denominator_link_accuracy(path: Path = LINKS_PATH) -> tuple[int, int, list[str]]:
    """(right, total, misses) of denominator linking; a missed percentage counts as wrong."""
    right, misses = 0, []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        found = detect(text_context(row["text"])).percentages
        wanted = row["percentage"].lower()
        hits = [f for f in found if wanted in f.text.lower()]
        expected = int(row["expected_denominator"]) if row["expected_denominator"] else None
        got = hits[0].denominator if hits else "not found"
        if got == expected:
            right += 1
        else:
            misses.append(f"{row['percentage']}: expected {expected}, got {got} ({row['text']})")
    return right, len(rows), misses
