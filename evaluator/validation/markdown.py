"""A validation report as Markdown tables, for people and for docs/accuracy.md."""

from __future__ import annotations

from .denominator_links import LINKS_PATH
from .results import ValidationReport

# The path as a reader finds it in the repository (or in site-packages).
_LINKS_NAME = LINKS_PATH.relative_to(LINKS_PATH.parents[3]).as_posix()


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def format_markdown(report: ValidationReport) -> str:
    """Tables for people (and for docs/accuracy.md)."""
    lines = [
        f"Tuned on: {', '.join(report.tuning_reports) or 'none'}. "
        f"Held out (split = held_out in their keys; see docs/accuracy.md): "
        f"{', '.join(report.held_out_reports) or 'none'}.",
        "",
        "### Suggestions against the answer keys",
        "",
        "| criterion | split | acceptable | within one level | no suggestion | "
        "mean confidence: acceptable / not |",
        "|---|---|---|---|---|---|",
    ]
    for a in report.agreement:
        good = (
            "–" if a.confidence_when_acceptable is None else f"{a.confidence_when_acceptable:.2f}"
        )
        bad = "–" if a.confidence_when_not is None else f"{a.confidence_when_not:.2f}"
        lines.append(
            f"| {a.criterion} | {a.split} | {a.acceptable.right}/{a.acceptable.total} "
            f"({_pct(a.acceptable.rate)}) | {a.within_one.right}/{a.within_one.total} "
            f"({_pct(a.within_one.rate)}) | {a.no_suggestion} | {good} / {bad} |"
        )
    lines += [
        "",
        "### Detectors against the answer keys' items",
        "",
        "| detector | split | TP | FP | FN | precision | recall | fields agreeing |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for d in report.detectors:
        fields = ", ".join(f"{name} {r.right}/{r.total}" for name, r in d.fields.items() if r.total)
        lines.append(
            f"| {d.detector} | {d.split} | {d.true_positives} | {d.false_positives} | "
            f"{d.false_negatives} | {_pct(d.precision)} | {_pct(d.recall)} | {fields or '–'} |"
        )
    if report.labelled:
        lab = report.labelled
        lines += [
            "",
            f"### Rule detectors on the labelled sentences ({lab.sentences} sentences)",
            "",
            "| role | sentences | flagged | precision | precision in family | recall |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.role} | {r.support} | {r.predicted} | {_pct(r.precision)} | "
            f"{_pct(r.precision_in_family)} | {_pct(r.recall)} |"
            for r in lab.roles
        ]
        lines.append("")
        lines.append(
            f"Trap, caveat and negated-inference sentences passed: {lab.traps_passed.right}/"
            f"{lab.traps_passed.total} ({_pct(lab.traps_passed.rate)}). Recall over positive "
            "roles by topic: "
            + ", ".join(
                f"{t} {r.right}/{r.total} ({_pct(r.rate)})"
                for t, r in sorted(lab.by_topic_recall.items())
            )
            + "."
        )
    q = report.exact_quotes
    if q.total:
        lines += ["", f"Evidence quotes found verbatim on their page: {q.right}/{q.total}."]
    if report.denominator_links:
        d = report.denominator_links
        lines += [
            "",
            f"Denominator linking on {_LINKS_NAME}: {d.right}/{d.total} ({_pct(d.rate)}).",
        ]
    if report.classifier:
        c = report.classifier
        lines += [
            "",
            f"Sentence classifier ({c['scheme']}): accuracy {_pct(c['accuracy'])}, "
            f"macro F1 {c['macro_f1']:.2f} on {c['sentences']} sentences.",
        ]
    if report.errors:
        lines += ["", "Could not be scored:", *[f"- {e}" for e in report.errors]]
    return "\n".join(lines) + "\n"
