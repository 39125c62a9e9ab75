"""Fitting and checking the confidence calibration (evaluator/calibration.py) on real documents.

The steps are fitted on the development part only, by pooling adjacent violators (isotonic
regression: a higher raw score never means a lower chance of being right), each step's chance
estimated as (acceptable + 1) / (suggestions + 2) so a step resting on two documents cannot
claim certainty. How well it works is measured by leaving one document out at a time: its
suggestions are calibrated by steps fitted on the other documents only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from ..calibration import HIGH, LOW, Calibration, Steps, apply_steps, band, calibration_key
from .real import RealReport, RealResult

Pair = tuple[float, bool]  # (confidence, acceptable)


def pav_steps(pairs: Iterable[Pair]) -> Steps:
    """Rising steps over raw scores: pool adjacent violators, then smooth each block."""
    blocks: list[list[float]] = []  # [start raw, acceptable, total]
    for raw, ok in sorted(pairs):
        if blocks and blocks[-1][0] == raw:
            blocks[-1][1] += ok
            blocks[-1][2] += 1
        else:
            blocks.append([raw, float(ok), 1.0])
        while len(blocks) > 1 and _rate(blocks[-2]) >= _rate(blocks[-1]):
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    return Steps(
        raw=[round(b[0], 6) for b in blocks],
        calibrated=[round((b[1] + 1) / (b[2] + 2), 3) for b in blocks],
    )


def _rate(block: list[float]) -> float:
    return (block[1] + 1) / (block[2] + 2)


def _key(result: RealResult) -> str | None:
    if result.suggested is None:
        return None
    return calibration_key(
        result.criterion, "not_applicable" if result.suggested == "na" else "suggested"
    )


def fit(results: Sequence[RealResult], fitted_on: str) -> Calibration:
    by_key: dict[str, list[Pair]] = {}
    for r in results:
        if (key := _key(r)) is not None:
            by_key.setdefault(key, []).append((r.confidence, r.acceptable))
    return Calibration(
        fitted_on=fitted_on, criteria={k: pav_steps(v) for k, v in sorted(by_key.items())}
    )


def left_out(results: Sequence[RealResult]) -> list[tuple[str, float, bool]]:
    """(calibration key, calibrated confidence, acceptable) for every suggestion, each
    calibrated by steps fitted without its own document."""
    out = []
    for doc in sorted({r.document for r in results}):
        steps = fit([r for r in results if r.document != doc], "left out").criteria
        for r in results:
            if r.document == doc and (key := _key(r)) is not None:
                chance = apply_steps(steps[key], r.confidence) if key in steps else r.confidence
                out.append((key, chance, r.acceptable))
    return out


class ReliabilityRow(BaseModel):
    low: float
    high: float
    suggestions: int
    mean_confidence: float | None
    acceptable_rate: float | None


class CalibrationReport(BaseModel):
    rows: list[ReliabilityRow]
    expected_calibration_error: float | None = Field(
        description="mean gap between stated confidence and the acceptable rate, weighted by bin"
    )
    bands: dict[str, tuple[int, int]] = Field(
        description="band -> (acceptable, suggestions) under the shipped thresholds"
    )


def reliability(pairs: Sequence[Pair], bins: int = 5) -> CalibrationReport:
    rows, gap = [], 0.0
    for i in range(bins):
        lo, hi = i / bins, (i + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (i == bins - 1 and c == 1.0)]
        mean = sum(c for c, _ in inside) / len(inside) if inside else None
        rate = sum(ok for _, ok in inside) / len(inside) if inside else None
        if inside:
            gap += len(inside) * abs(mean - rate)
        rows.append(
            ReliabilityRow(
                low=lo,
                high=hi,
                suggestions=len(inside),
                mean_confidence=None if mean is None else round(mean, 3),
                acceptable_rate=None if rate is None else round(rate, 3),
            )
        )
    bands: dict[str, tuple[int, int]] = {}
    for c, ok in pairs:
        right, total = bands.get(band(c), (0, 0))
        bands[band(c)] = (right + ok, total + 1)
    return CalibrationReport(
        rows=rows,
        expected_calibration_error=round(gap / len(pairs), 3) if pairs else None,
        bands=bands,
    )


def calibration_report(report: RealReport) -> tuple[CalibrationReport, CalibrationReport]:
    """Reliability of the raw scores, and of the calibrated ones (leave one document out)."""
    raw = [(r.confidence, r.acceptable) for r in report.results if _key(r) is not None]
    held = [(c, ok) for _key_, c, ok in left_out(report.results)]
    return reliability(raw), reliability(held)


def format_calibration(raw: CalibrationReport, held: CalibrationReport) -> str:
    lines = [
        "| confidence | raw: suggestions | raw: acceptable | calibrated*: suggestions "
        "| calibrated*: acceptable |",
        "|---|---|---|---|---|",
    ]
    for a, b in zip(raw.rows, held.rows, strict=True):
        pct = lambda v: "–" if v is None else f"{v:.0%}"  # noqa: E731
        lines.append(
            f"| {a.low:.1f}–{a.high:.1f} | {a.suggestions} | {pct(a.acceptable_rate)} "
            f"| {b.suggestions} | {pct(b.acceptable_rate)} |"
        )
    lines += [
        "",
        f"Expected calibration error: raw {raw.expected_calibration_error}, calibrated* "
        f"{held.expected_calibration_error}. *Each document calibrated by steps fitted without it.",
        f"Bands (high ≥ {HIGH}, low < {LOW}), calibrated*: "
        + ", ".join(f"{k} {r}/{t} acceptable" for k, (r, t) in sorted(held.bands.items())),
    ]
    return "\n".join(lines) + "\n"
