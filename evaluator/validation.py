"""Measured accuracy: detectors and suggestions against the sample reports' answer keys, and
the rule detectors against the labelled sentence set.

- Items: each detector's findings are matched one-to-one to the key's items on the same page
  whose sentence overlaps (the key may trim a sentence; the segmenter may run a heading into
  one), giving precision and recall, plus how often a matched item's fields agree with the key
  (a percentage's denominator, a claim's provenance, a recommendation's hinge, ...).
- Criteria: a suggestion is acceptable when the key's tolerance accepts it and "within one"
  when it is at most one level away; "no suggestion" counts as neither.
- Every figure is split by the key's `split`: `tuning` reports may have shaped the rules,
  `held_out` reports never did.
- Labelled sentences: per-role precision and recall of the rule detectors, and how many trap
  sentences raise no fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from .analysis import analyze
from .answer_keys import AnswerKey
from .errors import InputError
from .ingest import load_path
from .models import Analysis, Findings
from .rubrics import RubricError, resolve_rubric

SPLITS = ("tuning", "held_out")


# --- result models --------------------------------------------------------------------------


class Ratio(BaseModel):
    right: int = 0
    total: int = 0

    @computed_field
    @property
    def rate(self) -> float | None:
        return round(self.right / self.total, 3) if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)


class DetectorScore(BaseModel):
    detector: str = Field(description="the findings list scored, e.g. percentages")
    split: str = Field(description="tuning, held_out or all")
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float | None
    recall: float | None
    fields: dict[str, Ratio] = Field(
        default_factory=dict, description="agreement of matched items' fields with the key"
    )


class CriterionResult(BaseModel):
    report: str
    split: str
    criterion: str
    key_level: int | None = Field(description="null when the key says not applicable")
    tolerance: int
    suggested: int | None
    status: str
    confidence: float
    acceptable: bool
    within_one: bool


class CriterionAgreement(BaseModel):
    criterion: str = Field(description="criterion id, or 'all'")
    split: str
    acceptable: Ratio
    within_one: Ratio
    no_suggestion: int
    confidence_when_acceptable: float | None = Field(
        default=None, description="mean confidence of the acceptable suggestions"
    )
    confidence_when_not: float | None = Field(
        default=None, description="mean confidence of the suggestions the key does not accept"
    )


class RoleScore(BaseModel):
    role: str
    support: int
    predicted: int
    precision: float | None
    recall: float | None
    precision_in_family: float | None = Field(
        default=None,
        description="precision counting false alarms only on sentences of the same family of "
        "roles or on trap, caveat and other sentences: each sentence has one label, so a "
        "sentence labelled as a recommendation that also gives a bare percentage would "
        "otherwise count against percentage_bare",
    )


class LabelledScores(BaseModel):
    sentences: int
    roles: list[RoleScore]
    traps_passed: Ratio = Field(
        description="trap and caveat sentences that raise no fault, and negated inferences "
        "not read as inferences"
    )
    by_topic_recall: dict[str, Ratio] = Field(
        default_factory=dict, description="recall over all positive roles, per topic"
    )


class ValidationReport(BaseModel):
    tuning_reports: list[str]
    held_out_reports: list[str]
    errors: list[str] = Field(default_factory=list, description="reports that could not be run")
    criteria: list[CriterionResult] = Field(default_factory=list)
    agreement: list[CriterionAgreement] = Field(default_factory=list)
    detectors: list[DetectorScore] = Field(default_factory=list)
    labelled: LabelledScores | None = None
    denominator_links: Ratio | None = None
    exact_quotes: Ratio = Field(
        default_factory=Ratio,
        description="evidence quotes found verbatim in their page's normalised text",
    )
    classifier: dict | None = Field(default=None, description="cross-validated figures")


# --- matching findings to key items ---------------------------------------------------------

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


# findings list -> (same item?, field comparisons), from each check's answer-key lists, so a
# new check is scored with no edit here.
Comparison = dict[str, Callable[[object, object], bool]]


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


def _items() -> dict[str, tuple[Callable[[object, object], bool], Comparison]]:
    from .checks import checks

    return {
        name: (
            partial(_same_item, spec.identity),
            {score: partial(_agree, names) for score, names in spec.scored.items()},
        )
        for check in checks()
        for name, spec in check.answer_key.items()
    }


def _pair(predicted: Sequence, keyed: Sequence, detector: str) -> list[tuple[object, object]]:
    """One-to-one matches; among candidates, prefer one whose fields all agree."""
    same, fields = _items()[detector]
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


def score_items(findings: Findings, key: AnswerKey) -> dict[str, tuple[int, int, int, dict]]:
    """detector -> (true positives, false positives, false negatives, field ratios)."""
    out = {}
    for detector, (_same, fields) in _items().items():
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


def _detector_scores(
    per_report: list[tuple[str, dict[str, tuple[int, int, int, dict]]]],
) -> list[DetectorScore]:
    out = []
    for split in (*SPLITS, "all"):
        chosen = [s for sp, s in per_report if split == "all" or sp == split]
        if not chosen:
            continue
        for detector in _items():
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


def validate_samples(
    sample_ids: Iterable[str] | None = None,
) -> ValidationReport:
    """Analyse every sample report and score it against its key."""
    from .samples import load_answer_key, sample_pdf_path
    from .samples import sample_ids as installed

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


# --- labelled sentences ---------------------------------------------------------------------

# Roles that mark a weakness; a trap or caveat sentence should raise none of them.
FAULT_ROLES = frozenset(
    {
        "percentage_bare",
        "source_vague",
        "completeness_claim",
        "attribute_inferred",
        "attribute_court",
        "scale_without_method",
        "recommendation_contested",
        "recommendation_documented",
        "recommendation_unclear",
    }
)
_SOURCE_METHOD_KINDS = frozenset(
    {
        "police_records",
        "court_records",
        "case_files",
        "survey",
        "foi",
        "interviews",
        "official_statistics",
        "dataset",
        "sampling_frame",
        "methods_section",
        "selection_counts",
    }
)
_HINGE_ROLE = {
    "contested_statistic": "recommendation_contested",
    "documented_failure": "recommendation_documented",
    "unclear": "recommendation_unclear",
}


def predicted_roles(findings: Findings, context=None) -> set[str]:
    """The labelled-set roles the rule detectors' findings amount to for one sentence.

    Shares counted by the denominators suggestion count here too: vague "most offenders" and
    claims of over-representation, with or without a base. Quoted figures do not.
    """
    from .checks.common import quoted_passages
    from .checks.denominators import vague_shares

    roles: set[str] = set()
    for p in findings.percentages:
        if p.kind != "percentage_points" and not p.quoted:
            roles.add("percentage_with_base" if p.base_defined else "percentage_bare")
    for c in findings.representation_claims:
        roles.add("percentage_with_base" if c.base_given else "percentage_bare")
    if context is not None:
        for _passage, _text, based in vague_shares(context.passages, quoted_passages(context)):
            roles.add("percentage_with_base" if based else "percentage_bare")
    for s in findings.sources:
        if s.kind == "completeness_claim":
            roles.add("completeness_claim")
        elif s.vague:
            roles.add("source_vague")
        elif s.kind in _SOURCE_METHOD_KINDS:
            roles.add("source_method")
    for a in findings.attribute_claims:
        roles.add(f"attribute_{a.provenance}")
    if findings.scope_statements or findings.scope_overlaps:
        roles.add("scope_statement")
    for c in findings.scale_claims:
        if c.lower_bound:
            roles.add("lower_bound")
        else:
            roles.add("scale_with_method" if c.method_stated else "scale_without_method")
    for r in findings.recommendations:
        roles.add(_HINGE_ROLE[r.hinge])
    return roles


# Sentences that should raise no fault; a negated inference should not read as an inference.
_NEGATIVE_ROLES = frozenset({"trap", "caveat", "other", "attribute_negated_inference"})


def _family(role: str) -> str:
    if role == "completeness_claim":
        return "source"
    if role == "lower_bound":
        return "scale"
    return role.split("_", 1)[0]


def score_labelled(path: Path | None = None) -> LabelledScores:
    """Per-role precision and recall of the rule detectors on the labelled sentences."""
    from .checks import run_all
    from .checks.common import text_context
    from .classifier import DATA_PATH, load_labelled

    rows = load_labelled(path or DATA_PATH)
    gold: list[str] = []
    predicted: list[set[str]] = []
    for row in rows:
        gold.append(row.role)
        context = text_context(row.text)
        predicted.append(predicted_roles(run_all(context), context))
    roles = sorted({g for g in gold if g not in _NEGATIVE_ROLES})
    scores = []
    for role in roles:
        support = sum(g == role for g in gold)
        hits = sum(role in p for p in predicted)
        right = sum(g == role and role in p for g, p in zip(gold, predicted, strict=True))
        family = {r for r in roles if _family(r) == _family(role)} | {"trap", "caveat", "other"}
        family_hits = sum(role in p and g in family for g, p in zip(gold, predicted, strict=True))
        scores.append(
            RoleScore(
                role=role,
                support=support,
                predicted=hits,
                precision=round(right / hits, 3) if hits else None,
                recall=round(right / support, 3) if support else None,
                precision_in_family=round(right / family_hits, 3) if family_hits else None,
            )
        )
    traps = Ratio()
    by_topic: dict[str, Ratio] = {}
    for row, role, found in zip(rows, gold, predicted, strict=True):
        if role == "attribute_negated_inference":
            traps.add("attribute_inferred" not in found)  # "we did not infer …" is not inferring
        elif role in ("trap", "caveat"):
            traps.add(not (found & FAULT_ROLES))
        elif role != "other":
            by_topic.setdefault(row.topic, Ratio()).add(role in found)
    return LabelledScores(
        sentences=len(rows), roles=scores, traps_passed=traps, by_topic_recall=by_topic
    )


def run_validation(
    sample_ids: Iterable[str] | None = None, with_classifier: bool = True
) -> ValidationReport:
    """Everything `python -m evaluator validate` reports."""
    from .checks.denominators import denominator_link_accuracy

    report = validate_samples(sample_ids)
    try:
        report.labelled = score_labelled()
    except (OSError, ValueError) as exc:
        report.errors.append(f"labelled sentences: {exc}")
    right, total, _misses = denominator_link_accuracy()
    report.denominator_links = Ratio(right=right, total=total)
    if with_classifier:
        try:
            from .classifier import cross_validated_metrics

            report.classifier = cross_validated_metrics().model_dump()
        except (ImportError, OSError, ValueError) as exc:
            report.errors.append(f"classifier: {exc}")
    return report


# --- presentation ---------------------------------------------------------------------------


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
            f"Denominator linking on evaluator/data/denominator_links.csv: {d.right}/{d.total} "
            f"({_pct(d.rate)}).",
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
