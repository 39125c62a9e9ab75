"""Fitting and checking the confidence calibration (evaluator/calibration.py) on real documents.

The shipped calibration is fitted on measurement records (real_reports/measurements/): each is
the one measurement of a blind set, made before any rule was written against it, so it shows how
often a kind of suggestion is acceptable on a document the rules have not seen. Fitting on
development documents instead would learn the rules' fit to them (98% acceptable in sample
against about 80% on each fresh set). Each kind of suggestion gets one step, its chance
estimated as (acceptable + 1) / (suggestions + 2) so a step resting on few documents cannot
claim certainty. How well that works is measured by leaving one set out at a time, which is
what a new set of documents is to the tool.

Isotonic steps over the check's own score did worse, held out one set at a time (docs/accuracy.md).
A real set measured with `validate --real` is shown under the shipped calibration
(`shipped_report`); nothing refits it from development documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..calibration import (
    HIGH,
    LOW,
    Calibration,
    Steps,
    apply_steps,
    band,
    calibrated,
    calibration_key,
)
from ..errors import InputError
from .real import REAL_DIR, RealReport, RealResult, rules_view

MEASUREMENTS_DIR = REAL_DIR / "measurements"

Pair = tuple[float, bool]  # (confidence, acceptable)


def _key(result: RealResult) -> str | None:
    if result.suggested is None:
        return None
    if result.suggested == "na":
        return calibration_key(result.criterion, "not_applicable")
    return calibration_key(result.criterion, "suggested", int(result.suggested))


class MeasurementRecord(BaseModel):
    """The one measurement of a blind set, kept so the calibration can be refitted from it."""

    model_config = ConfigDict(extra="forbid")

    set: str = Field(description="which blind set, e.g. holdout-3, or main-test")
    measured_at: str = Field(description="when, in UTC")
    commit: str = Field(description="the tree that was measured")
    note: str = ""
    results: list[RealResult]


def load_records(paths: Iterable[Path]) -> list[MeasurementRecord]:
    """Measurement records, each checked; a bad file is named with the reason."""
    records = []
    for path in paths:
        try:
            records.append(
                MeasurementRecord.model_validate(json.loads(path.read_text(encoding="utf-8")))
            )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
            reason = str(exc).splitlines()[0][:300]
            message = f"{path.name}: not a measurement record: {reason}"
            raise InputError("bad_record", message) from None
    return records


def record_paths(root: Path = MEASUREMENTS_DIR) -> list[Path]:
    return sorted(root.glob("*.json"))


def fit_kinds(results: Sequence[RealResult], fitted_on: str) -> Calibration:
    """One step per criterion and kind of suggestion: the smoothed share found acceptable."""
    by_key: dict[str, list[bool]] = {}
    for r in map(rules_view, results):
        if (key := _key(r)) is not None:
            by_key.setdefault(key, []).append(r.acceptable)
    return Calibration(
        fitted_on=fitted_on,
        criteria={
            k: Steps(raw=[0.0], calibrated=[round((sum(v) + 1) / (len(v) + 2), 3)])
            for k, v in sorted(by_key.items())
        },
    )


def fit_records(records: Sequence[MeasurementRecord]) -> Calibration:
    sets = ", ".join(
        f"{r.set} ({len({x.document for x in r.results})} documents, {r.commit}, {r.measured_at})"
        for r in records
    )
    return fit_kinds(
        [x for r in records for x in r.results],
        f"real_reports/measurements: the one measurement of each blind set: {sets}",
    )


def left_out_sets(records: Sequence[MeasurementRecord]) -> list[tuple[str, float, bool]]:
    """(set, calibrated confidence, acceptable) for every suggestion, each calibrated by steps
    fitted on the other sets only."""
    out = []
    for held in records:
        steps = fit_kinds([x for r in records if r is not held for x in r.results], "").criteria
        for x in map(rules_view, held.results):
            if (key := _key(x)) is not None:
                chance = apply_steps(steps[key], x.confidence) if key in steps else x.confidence
                out.append((held.set, chance, x.acceptable))
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


def shipped_report(report: RealReport) -> tuple[CalibrationReport, CalibrationReport]:
    """Reliability of the raw scores, and of the confidence the tool shows: the shipped
    calibration applied to them, as every analysis does."""
    keyed = [(key, r) for r in map(rules_view, report.results) if (key := _key(r)) is not None]
    raw = reliability([(r.confidence, r.acceptable) for _key_, r in keyed])
    shown = reliability([(calibrated(key, r.confidence), r.acceptable) for key, r in keyed])
    return raw, shown


def records_report(
    records: Sequence[MeasurementRecord],
) -> tuple[CalibrationReport, CalibrationReport]:
    """Reliability of the raw scores, and of the calibration with each set held out, over the
    suggestions (not "no suggestion") of every record, as `shipped_report` does for one set."""
    results = [x for r in records for x in map(rules_view, r.results) if _key(x) is not None]
    raw = reliability([(x.confidence, x.acceptable) for x in results])
    return raw, reliability([(c, ok) for _set, c, ok in left_out_sets(records)])


def format_per_set(records: Sequence[MeasurementRecord]) -> str:
    """Each set calibrated by the others only: its expected calibration error and how often
    its "high" suggestions were acceptable."""
    held = left_out_sets(records)
    lines = [
        "| set | expected calibration error | high: acceptable |",
        "|---|---|---|",
    ]
    for record in records:
        report = reliability([(c, ok) for name, c, ok in held if name == record.set])
        right, total = report.bands.get("high", (0, 0))
        lines.append(f"| {record.set} | {report.expected_calibration_error} | {right}/{total} |")
    return "\n".join(lines) + "\n"


def format_calibration(raw: CalibrationReport, other: CalibrationReport, note: str) -> str:
    """The two reliability tables side by side; `note` says what the second column is."""
    lines = [
        "| confidence | raw: suggestions | raw: acceptable | calibrated*: suggestions "
        "| calibrated*: acceptable |",
        "|---|---|---|---|---|",
    ]
    for a, b in zip(raw.rows, other.rows, strict=True):
        pct = lambda v: "–" if v is None else f"{v:.0%}"  # noqa: E731
        lines.append(
            f"| {a.low:.1f}–{a.high:.1f} | {a.suggestions} | {pct(a.acceptable_rate)} "
            f"| {b.suggestions} | {pct(b.acceptable_rate)} |"
        )
    lines += [
        "",
        f"Expected calibration error: raw {raw.expected_calibration_error}, calibrated* "
        f"{other.expected_calibration_error}. *{note}",
        f"Bands (high ≥ {HIGH}, low < {LOW}), calibrated*: "
        + ", ".join(f"{k} {r}/{t} acceptable" for k, (r, t) in sorted(other.bands.items())),
    ]
    return "\n".join(lines) + "\n"
