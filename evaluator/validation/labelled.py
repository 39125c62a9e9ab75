"""The rule detectors on the labelled sentence set: per-role precision and recall, and how many
trap sentences raise no fault.

Each sentence is read as a one-sentence document, so no paragraph or method context helps.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import run_all
from ..checks.common import text_context
from ..checks.sources import RECORD_KINDS
from ..classifier import DATA_PATH, load_labelled
from ..models import Findings
from .results import LabelledScores, Ratio, RoleScore

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

# Roles that answer the same question; a sentence has one label, so scores within a family
# tell a confusion between neighbours from a false alarm.
FAMILIES: dict[str, tuple[str, ...]] = {
    "attribute": (
        "attribute_court",
        "attribute_recorded",
        "attribute_inferred",
        "attribute_unstated",
        "attribute_negated_inference",
    ),
    "recommendation": (
        "recommendation_documented",
        "recommendation_contested",
        "recommendation_unclear",
    ),
    "scale": ("scale_with_method", "scale_without_method", "lower_bound"),
    "percentage": ("percentage_with_base", "percentage_bare"),
    "source": ("source_method", "source_vague", "completeness_claim"),
}

_SOURCE_METHOD_KINDS = RECORD_KINDS | {
    "interviews",
    "sampling_frame",
    "methods_section",
    "selection_counts",
}
_HINGE_ROLE = {
    "contested_statistic": "recommendation_contested",
    "documented_failure": "recommendation_documented",
    "unclear": "recommendation_unclear",
}

# Sentences that should raise no fault; a negated inference should not read as an inference.
_NEGATIVE_ROLES = frozenset({"trap", "caveat", "other", "attribute_negated_inference"})


def family_of(role: str) -> str:
    """The family a role belongs to; a role outside every family is its own first word."""
    for family, roles in FAMILIES.items():
        if role in roles:
            return family
    return role.split("_", 1)[0]


def predicted_roles(findings: Findings) -> set[str]:
    """The labelled-set roles the rule detectors' findings amount to for one sentence.

    Shares counted by the denominators suggestion count here too: vague "most offenders" and
    claims of over-representation, with or without a base. Quoted figures do not.
    """
    roles: set[str] = set()
    for p in findings.percentages:
        if p.kind != "percentage_points" and not p.quoted:
            roles.add("percentage_with_base" if p.base_defined else "percentage_bare")
    for c in findings.representation_claims:
        roles.add("percentage_with_base" if c.base_given else "percentage_bare")
    for v in findings.vague_shares:
        roles.add("percentage_with_base" if v.base_given else "percentage_bare")
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


def score_labelled(path: Path | None = None) -> LabelledScores:
    """Per-role precision and recall of the rule detectors on the labelled sentences."""
    rows = load_labelled(path or DATA_PATH)
    gold: list[str] = []
    predicted: list[set[str]] = []
    for row in rows:
        gold.append(row.role)
        context = text_context(row.text)
        predicted.append(predicted_roles(run_all(context)))
    roles = sorted({g for g in gold if g not in _NEGATIVE_ROLES})
    scores = []
    for role in roles:
        support = sum(g == role for g in gold)
        hits = sum(role in p for p in predicted)
        right = sum(g == role and role in p for g, p in zip(gold, predicted, strict=True))
        family = {r for r in roles if family_of(r) == family_of(role)} | {"trap", "caveat", "other"}
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
