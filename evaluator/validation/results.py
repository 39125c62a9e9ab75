"""What a validation run reports: the figures, kept as models so the CLI can print them as JSON."""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field

# A key's `split`: `tuning` reports may have shaped the rules, `held_out` reports never did.
SPLITS = ("tuning", "held_out")


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
