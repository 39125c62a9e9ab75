"""Answer keys for the sample reports: what a careful reader should find, written as TOML.

A key has two parts. `criteria` holds the expected level for each rubric question, the tolerance
within which a suggestion counts as acceptable, a justification and evidence quotes. The item
lists (`percentages`, `attribute_claims`, ...) mirror the `findings` of the analysis contract so
detectors can be scored for precision and recall against them. `traps` lists passages that look
like a signal but are not one (a negation, "appeared in court", a confidence level).

Conventions the keys follow:
- Quotes and sentences are body text exactly as printed, matched after collapsing whitespace. A
  sentence may be trimmed to a span of the printed sentence (e.g. to leave out a footnote marker);
  match by containment.
- `percentages` covers every explicit percentage (`percent`), every "one in N" (`one_in_n`), every
  named fraction such as "two-thirds" (`proportion_word`) and every "N of M" share not already
  given as a percentage (`n_of_m`). Vague words ("most", "many") are not percentages. `value` is
  the percentage the expression states (one in five = 20.0; two-thirds = 66.7; 418 of 1,042 =
  40.1). `denominator` is the count it is a share of when the same sentence gives it, or an
  earlier sentence of the same paragraph, or (in a table) its row or column heading; a table row is
  keyed as its cells joined by single spaces. `base_defined` is true when there is a denominator or
  the "of ..." phrase is pinned down by a time, place, source or legal stage ("of residents aged 18
  to 64 at the 2021 Census", "of offenders in Wexshire"); "84% of the men behind this abuse" is not.
- `time_periods` are the windows that counts or findings cover, not publication dates or citation
  years; an open end ("since the 1980s") has `end` unset. A financial year 2018/19 runs 2018-2019.
  A sentence naming two separate windows ("318 in 2023/24, compared with 212 in 2019/20") is
  listed once per window; a table row is keyed like a sentence. A dated event ("in October 2021
  the force made the question compulsory") is not a period; a cut-off ("by 31 March 2024") is an
  `end`.
- `places` lists each distinct place once, with the page and sentence of its first mention.
- `attribute_claims` are sentences that state or count the ethnicity, religion or nationality of
  people, or say how it was determined for the people counted. `provenance` is judged from the
  sentence itself: a bare headline is `unstated` even if a later page admits to guessing from
  names. Country of birth is keyed as `nationality`, the nearest of the three, so a report that
  swaps one for the other shows up. A negation ("we did not infer ...") is a trap.
- A claim the document attributes to someone else (quoted, reported or paraphrased, usually to
  rebut it) is still listed, with `quoted = true`, for percentages, attribute claims and scale
  claims: a detector should find it, and the suggester should not count it against the report.
- `scope_overlaps` includes overlaps the report flags and handles (`flagged = true`) as well as
  those it adds up unremarked.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from .errors import InputError
from .models import Attribute, Hinge, Level, PageNumber, Provenance, Strict

Split = Literal["tuning", "held_out"]
Tolerance = Annotated[int, Field(ge=0, le=3, description="levels either side still acceptable")]
Text = Annotated[str, Field(min_length=1)]


class Quote(Strict):
    page: PageNumber
    quote: Text


class CriterionKey(Strict):
    level: Level | None = Field(default=None, description="unset only when not applicable")
    not_applicable: bool = False
    tolerance: Tolerance = 0
    justification: Text
    evidence: list[Quote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _level_or_na(self) -> CriterionKey:
        if self.not_applicable == (self.level is not None):
            raise ValueError("give either a level 0-3 or not_applicable = true")
        if self.level is not None and not self.evidence:
            raise ValueError("a level needs at least one evidence quote")
        return self

    def accepts(self, suggested: int | None) -> bool:
        """Whether a suggested level (None = not applicable) is within tolerance of the key."""
        if self.not_applicable or self.level is None:
            return suggested is None
        return suggested is not None and abs(self.level - suggested) <= self.tolerance


def _decimals(expression: str) -> int:
    match = re.search(r"\d+(?:\.(\d+))?\s*(?:%|per\s?cent)", expression)
    return len(match.group(1) or "") if match else 0


def grim_consistent(value: float, denominator: int, decimals: int) -> bool:
    """Can some whole count out of `denominator` round to `value` at this many decimals?"""
    if denominator <= 0:
        return False
    half = 0.5 * 10**-decimals + 1e-9
    return any(abs(100 * k / denominator - value) <= half for k in range(denominator + 1))


class PercentageKey(Strict):
    page: PageNumber
    sentence: Text
    text: Text = Field(description="the expression itself: '41.3%', 'one in five', '418 of'")
    value: float = Field(ge=0)
    denominator: int | None = Field(default=None, ge=1)
    count: int | None = Field(default=None, ge=0)
    base_defined: bool
    consistent: bool | None = None
    kind: Literal["percent", "percentage_points", "one_in_n", "n_of_m", "proportion_word"] = (
        "percent"
    )
    quoted: bool = Field(
        default=False, description="the document quotes someone else's claim, usually to rebut it"
    )

    @model_validator(mode="after")
    def _check(self) -> PercentageKey:
        if self.text not in self.sentence:
            raise ValueError(f"text {self.text!r} is not in its sentence")
        if self.denominator is None:
            if self.consistent is not None:
                raise ValueError("consistent must be unset when there is no denominator")
            return self
        if self.consistent is None:
            raise ValueError("consistent must be true or false when there is a denominator")
        if self.kind == "percent":
            expected = grim_consistent(self.value, self.denominator, _decimals(self.text))
            if expected != self.consistent:
                raise ValueError(
                    f"{self.text} of {self.denominator}: consistent should be {expected}"
                )
        return self


class AttributeClaimKey(Strict):
    page: PageNumber
    sentence: Text
    attribute: Attribute
    provenance: Provenance
    quoted: bool = Field(
        default=False, description="the document quotes someone else's claim, usually to rebut it"
    )


class TimePeriodKey(Strict):
    page: PageNumber
    sentence: Text
    start: int | None = Field(default=None, ge=1800, le=2100)
    end: int | None = Field(default=None, ge=1800, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> TimePeriodKey:
        if self.start is None and self.end is None:
            raise ValueError("a time period needs a start or an end year")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"period starts ({self.start}) after it ends ({self.end})")
        return self


class PlaceKey(Strict):
    page: PageNumber
    name: Text
    sentence: Text

    @model_validator(mode="after")
    def _named(self) -> PlaceKey:
        if self.name not in self.sentence:
            raise ValueError(f"place {self.name!r} is not in its sentence")
        return self


class ScopeOverlapKey(Strict):
    """A passage adding or comparing figures whose places or periods overlap."""

    page: PageNumber
    sentence: Text
    explanation: Text
    flagged: bool = Field(
        default=False, description="the report itself points out the overlap and handles it"
    )


class ScaleClaimKey(Strict):
    page: PageNumber
    sentence: Text
    method_stated: bool
    uncertainty_stated: bool
    lower_bound: bool = False
    quoted: bool = Field(
        default=False, description="the document quotes someone else's claim, usually to rebut it"
    )


class RecommendationKey(Strict):
    page: PageNumber
    sentence: Text
    hinge: Hinge


class TrapKey(Strict):
    """A passage a naive detector would misread; `looks_like` names the signal it imitates."""

    page: PageNumber
    sentence: Text
    looks_like: Literal[
        "percentage", "attribute_claim", "conviction", "scale_claim", "recommendation", "source"
    ]
    why: Text


class AnswerKey(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    topic: Text
    description: Text = Field(description="one or two sentences for the sample picker")
    teaches: Text = Field(description="what a reader learns from it")
    split: Split = Field(description="tuning: detectors may be tuned on it; held_out: never")
    rubric: str = "default"
    criteria: dict[str, CriterionKey]
    percentages: list[PercentageKey] = Field(default_factory=list)
    attribute_claims: list[AttributeClaimKey] = Field(default_factory=list)
    time_periods: list[TimePeriodKey] = Field(default_factory=list)
    places: list[PlaceKey] = Field(default_factory=list)
    scope_overlaps: list[ScopeOverlapKey] = Field(default_factory=list)
    scale_claims: list[ScaleClaimKey] = Field(default_factory=list)
    recommendations: list[RecommendationKey] = Field(default_factory=list)
    traps: list[TrapKey] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> AnswerKey:
        attribute = self.criteria.get("attribute_provenance")
        if attribute is not None and attribute.not_applicable and self.attribute_claims:
            raise ValueError(
                "attribute_provenance is not applicable but attribute claims are listed"
            )
        recs = self.criteria.get("recommendations")
        if recs is not None and recs.not_applicable and self.recommendations:
            raise ValueError("recommendations is not applicable but recommendations are listed")
        names = [place.name for place in self.places]
        if len(names) != len(set(names)):
            raise ValueError("each place is listed once, at its first mention")
        return self

    def quotes(self) -> list[tuple[int, str]]:
        """Every (page, text) the key claims is printed in the report."""
        found = [(q.page, q.quote) for c in self.criteria.values() for q in c.evidence]
        for items in (
            self.percentages,
            self.attribute_claims,
            self.time_periods,
            self.places,
            self.scope_overlaps,
            self.scale_claims,
            self.recommendations,
            self.traps,
        ):
            found.extend((item.page, item.sentence) for item in items)
        return found


def parse_answer_key(path: Path) -> AnswerKey:
    """Read and validate one TOML key; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such answer key") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("bad_answer_key", f"{path}: not valid TOML ({exc})") from None
    try:
        return AnswerKey.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise InputError(
            "bad_answer_key",
            f"{path}: {where}: {first['msg']} ({exc.error_count()} problem(s) in all)",
        ) from None
