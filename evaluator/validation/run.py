"""One validation run: analyse every sample report, score it against its key, sum it up, and add
the labelled-set, denominator-link and classifier figures."""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis import analyze
from ..errors import InputError
from ..ingest import load_path
from ..rubrics import RubricError, resolve_rubric
from ..samples import load_answer_key, sample_pdf_path
from ..samples import sample_ids as installed
from .classifier_metrics import cross_validated_metrics
from .denominator_links import denominator_link_accuracy
from .labelled import score_labelled
from .matching import ItemCounts, score_criteria, score_items
from .results import (
    SPLITS,
    CriterionAgreement,
    CriterionResult,
    DetectorScore,
    Ratio,
    ValidationReport,
)


def _agreement(results: list[CriterionResult]) -> list[CriterionAgreement]:
    out = []
    criteria = list(dict.fromkeys(r.criterion for r in results))
    for split in (*SPLITS, "all"):
        chosen = [r for r in results if split == "all" or r.split == split]
        if not chosen:
            continue
        for criterion in [*criteria, "all"]:
            rows = [r for r in chosen if criterion == "all" or r.criterion == criterion]
            if not rows:
                continue
            acceptable, within = Ratio(), Ratio()
            for r in rows:
                acceptable.add(r.acceptable)
                within.add(r.within_one)
            good = [r.confidence for r in rows if r.acceptable]
            bad = [r.confidence for r in rows if not r.acceptable and r.status == "suggested"]
            out.append(
                CriterionAgreement(
                    criterion=criterion,
                    split=split,
                    acceptable=acceptable,
                    within_one=within,
                    no_suggestion=sum(r.status == "no_suggestion" for r in rows),
                    confidence_when_acceptable=round(sum(good) / len(good), 2) if good else None,
                    confidence_when_not=round(sum(bad) / len(bad), 2) if bad else None,
                )
            )
    return out


def _detector_scores(per_report: list[tuple[str, dict[str, ItemCounts]]]) -> list[DetectorScore]:
    out = []
    for split in (*SPLITS, "all"):
        chosen = [s for sp, s in per_report if split == "all" or sp == split]
        if not chosen:
            continue
        for detector in chosen[0]:  # every report scores the same lists, in the same order
            tp = sum(s[detector][0] for s in chosen)
            fp = sum(s[detector][1] for s in chosen)
            fn = sum(s[detector][2] for s in chosen)
            fields: dict[str, Ratio] = {}
            for s in chosen:
                for name, ratio in s[detector][3].items():
                    total = fields.setdefault(name, Ratio())
                    total.right += ratio.right
                    total.total += ratio.total
            out.append(
                DetectorScore(
                    detector=detector,
                    split=split,
                    true_positives=tp,
                    false_positives=fp,
                    false_negatives=fn,
                    precision=round(tp / (tp + fp), 3) if tp + fp else None,
                    recall=round(tp / (tp + fn), 3) if tp + fn else None,
                    fields=fields,
                )
            )
    return out


def validate_samples(sample_ids: Iterable[str] | None = None) -> ValidationReport:
    """Analyse every sample report and score it against its key."""
    ids = list(sample_ids) if sample_ids is not None else installed()
    report = ValidationReport(tuning_reports=[], held_out_reports=[])
    per_report = []
    for sample_id in ids:
        try:
            key = load_answer_key(sample_id)
            rubric = resolve_rubric(key.rubric)
            document = load_path(sample_pdf_path(sample_id))
            analysis = analyze(document, rubric)
        except (InputError, RubricError) as exc:
            report.errors.append(f"{sample_id}: {exc}")
            continue
        except Exception as exc:  # a detector bug must not hide the other reports' figures
            report.errors.append(f"{sample_id}: analysis failed ({type(exc).__name__}: {exc})")
            continue
        (report.tuning_reports if key.split == "tuning" else report.held_out_reports).append(
            sample_id
        )
        report.criteria.extend(score_criteria(analysis, key))
        for suggestion in analysis.criteria:
            for item in suggestion.evidence:
                page = (
                    document.pages[item.page - 1].text if item.page <= len(document.pages) else ""
                )
                report.exact_quotes.add(item.quote in page)
        per_report.append((key.split, score_items(analysis.findings, key)))
    report.agreement = _agreement(report.criteria)
    report.detectors = _detector_scores(per_report)
    return report


def run_validation(
    sample_ids: Iterable[str] | None = None, with_classifier: bool = True
) -> ValidationReport:
    """Everything `python -m evaluator validate` reports."""
    report = validate_samples(sample_ids)
    try:
        report.labelled = score_labelled()
    except (OSError, ValueError) as exc:
        report.errors.append(f"labelled sentences: {exc}")
    right, total, _misses = denominator_link_accuracy()
    report.denominator_links = Ratio(right=right, total=total)
    if with_classifier:
        try:
            report.classifier = cross_validated_metrics().model_dump()
        except (ImportError, OSError, ValueError) as exc:
            report.errors.append(f"classifier: {exc}")
    return report
