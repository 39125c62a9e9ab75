"""Typed data that crosses a boundary: rubric files, documents, findings, analyses, evaluations.

Anything a person writes (rubric files, answers, answer keys) forbids unknown keys, so a typo is an
error that names the field rather than a silently ignored setting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1"

Level = Annotated[int, Field(ge=0, le=3, description="0 absent or misleading … 3 exemplary")]
PageNumber = Annotated[int, Field(ge=1, description="1-based, in the PDF's own page order")]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]
Attribute = Literal["ethnicity", "religion", "nationality"]
Provenance = Literal["court", "recorded", "inferred", "unstated"]
Hinge = Literal["contested_statistic", "documented_failure", "unclear"]
Sentence = Annotated[
    str,
    Field(
        description="exact normalised text of the passage where the finding was made: the whole "
        "sentence, or for a long one an excerpt of at most 400 characters around what was found"
    ),
]


class Model(BaseModel):
    """Base for every model: a field with a default is still always present in output."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class Strict(Model):
    """Base for what people write: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


# --- rubric -------------------------------------------------------------------------------------


class LevelDescriptors(Strict):
    """What each level 0–3 looks like; TOML keys are the digits themselves."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, json_schema_serialization_defaults_required=True
    )

    level_0: str = Field(alias="0", min_length=1)
    level_1: str = Field(alias="1", min_length=1)
    level_2: str = Field(alias="2", min_length=1)
    level_3: str = Field(alias="3", min_length=1)

    def for_level(self, level: int) -> str:
        return (self.level_0, self.level_1, self.level_2, self.level_3)[level]


class Criterion(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="stable identifier, snake_case")
    title: str = Field(min_length=1)
    question: str = Field(min_length=1)
    guidance: str = Field(min_length=1, description="what a careful reader looks for")
    why_it_matters: str = Field(min_length=1)
    levels: LevelDescriptors
    weight: float = Field(default=1.0, gt=0, description="relative weight in the score")
    not_applicable_when: str | None = Field(
        default=None, description="when the question does not apply; absent means it always does"
    )


class Band(Strict):
    min: float = Field(ge=0, le=100, description="lowest score in this band")
    label: str = Field(min_length=1)


DEFAULT_BANDS = [
    Band(min=0, label="poor"),
    Band(min=25, label="weak"),
    Band(min=50, label="adequate"),
    Band(min=75, label="strong"),
]


RUBRIC_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A rubric id names a rubric, never a file: no dots, no slashes, at most 64 characters."""


class Rubric(Strict):
    id: str = Field(pattern=RUBRIC_ID_PATTERN)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    criteria: list[Criterion] = Field(min_length=1)
    bands: list[Band] = Field(default_factory=lambda: list(DEFAULT_BANDS))

    @model_validator(mode="after")
    def _check(self) -> Rubric:
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.id in seen:
                raise ValueError(f"duplicate criterion id {criterion.id!r}")
            seen.add(criterion.id)
        mins = [band.min for band in self.bands]
        if not mins or mins[0] != 0 or mins != sorted(set(mins)):
            raise ValueError("bands must start at min = 0 and rise strictly")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)


# --- documents ----------------------------------------------------------------------------------


class Page(Model):
    number: PageNumber
    text: str = Field(description="normalised text of the page")
    raw_text: str | None = Field(
        default=None, description="the extractor's text before normalisation; null if unchanged"
    )
    edits: list[tuple[int, int, int, int]] = Field(
        default_factory=list,
        description="length-changing repairs as (norm_start, norm_end, raw_start, raw_end); "
        "evaluator.normalise.raw_span maps a span of text back into raw_text",
    )


class Document(Model):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    source: Literal["pdf", "text"]
    title: str | None = None
    filename: str | None = None
    pages: list[Page]
    warnings: list[str] = Field(default_factory=list)

    @property
    def chars(self) -> int:
        """Characters of text over every page: the analysis budget and the level model read it."""
        return sum(len(page.text) for page in self.pages)


class Passage(Model):
    """A sentence or table row, located so a quote can be found again."""

    page: PageNumber
    start: int = Field(ge=0, description="offset into the page's normalised text")
    end: int = Field(ge=0)
    text: str
    paragraph: int = Field(default=0, ge=0, description="index of the paragraph on its page")


# --- findings (shapes fixed by the analysis contract; extra keys are extensions) ----------------


class Evidence(Model):
    page: PageNumber
    quote: str = Field(description="exact normalised text of the document")
    signal: str = Field(description="what made this passage evidence")


class PercentageFinding(Model):
    page: PageNumber
    sentence: Sentence
    value: float
    denominator: int | None = Field(description="the count the percentage is a share of")
    base_defined: bool = Field(description="the text says what the percentage is of")
    consistent: bool | None = Field(description="GRIM-style check; null without a denominator")
    count: int | None = None
    kind: Literal["percent", "percentage_points", "one_in_n", "n_of_m", "proportion_word"] = (
        "percent"
    )
    text: str = Field(default="", description="the matched expression")
    grim_informative: bool | None = Field(
        default=None,
        description="false when the denominator is so large that every value is reachable, so "
        "the GRIM check cannot catch an error; null without a denominator",
    )
    quoted: bool = Field(
        default=False,
        description="the document attributes this figure to someone else, usually to rebut it; "
        "it is not counted against the document",
    )
    role: Literal["share", "change", "difference", "population"] = Field(
        default="share",
        description="share: a part of a count; change: a rise or fall; difference: a gap "
        "between two groups on a named measure (a pay gap), where no unknowns arise; "
        "population: a group's share of the population, itself a base",
    )
    base_from: str = Field(
        default="",
        description="where the base was found when not in the share's own sentence "
        "(previous_sentence)",
    )


class RateComparison(Model):
    """A rate ("12.1 per 100,000 live births") or a ratio between groups ("5.8 times as
    likely", "twice the rate"): a ratio needs both rates, or a population base, beside it."""

    page: PageNumber
    sentence: Sentence
    text: str = Field(description="the matched expression")
    kind: Literal["rate", "ratio"]
    base_given: bool = Field(
        description="rate: a unit per population is named; ratio: both groups' rates or a "
        "population base are in the sentence or beside it"
    )
    quoted: bool = Field(default=False, description="reported from someone else to test it")


class RepresentationClaim(Model):
    """A claim that a group is over- or under-represented, and whether a base backs it."""

    page: PageNumber
    sentence: Sentence
    base_given: bool = Field(description="the sentence or its paragraph cites a population base")


class AttributeClaim(Model):
    page: PageNumber
    sentence: Sentence
    attribute: Attribute
    provenance: Provenance
    quoted: bool = Field(
        default=False,
        description="the document quotes or reports someone else's claim in order to check it; "
        "suggestions judge the document by its own claims",
    )
    cue: str = Field(
        default="",
        description="the words that show where the attribute label came from (empty when unstated)",
    )
    carried_from: str | None = Field(
        default=None,
        description="the start of the earlier sentence, heading or source line whose named source "
        "this claim inherits; null when the claim's own sentence names it or none applies",
    )
    stage: str | None = Field(
        default=None,
        description="the event or legal stage the sentence names (suspects, charged, convicted, in "
        "prison ...): the event's provenance, kept apart from the label's",
    )
    question: bool = Field(
        default=False,
        description="the sentence asks rather than asserts (a headline question posing a claim)",
    )


class TimePeriod(Model):
    page: PageNumber
    sentence: Sentence
    start: int | None
    end: int | None
    kind: Literal["range", "financial_year", "since", "decade", "year_ending", "single_year"] = (
        "range"
    )
    text: str = Field(default="", description="the matched expression")


class PlaceMention(Model):
    page: PageNumber
    name: str
    sentence: Sentence = ""
    kind: str = Field(default="", description="nation, region, county, police_force_area, town …")
    within: list[str] = Field(
        default_factory=list, description="containing places, nearest first (from the gazetteer)"
    )


class ScopeStatement(Model):
    """A sentence that states, limits or refuses to stretch the scope of the figures."""

    page: PageNumber
    sentence: Sentence
    kind: Literal[
        "coverage",
        "no_combine",
        "deduplication",
        "generalisation_refused",
        "national",
        "recording_change",
        "unit",
    ]


class ScopeOverlap(Model):
    page: PageNumber
    sentence: Sentence
    explanation: str
    flagged: bool = Field(
        default=False,
        description="the text itself points out the overlap and declines to add the figures",
    )


class ScopeFigure(Model):
    """A passage that states a figure, and whether a reader can tell its period and area, in the
    passage itself or carried from its paragraph, section, title or a scope statement."""

    page: PageNumber
    sentence: Sentence
    text: str = Field(default="", description="the figures matched, joined by '; '")
    dated: bool
    placed: bool
    local: bool = Field(default=False, description="the passage names a local place")
    national: bool = Field(
        default=False, description="the passage names a whole country or a national collection"
    )
    quoted: bool = Field(
        default=False, description="the document reports someone else's figure to test it"
    )


class ScaleClaim(Model):
    page: PageNumber
    sentence: Sentence
    method_stated: bool
    uncertainty_stated: bool
    lower_bound: bool = False
    quoted: bool = Field(
        default=False,
        description="the document quotes or reports someone else's claim in order to check it",
    )
    beyond_data: bool = Field(
        default=True,
        description="the figure goes beyond what was counted (an estimate, hedge or scaled-up "
        "total); false for a count or an 'at least' bound read off the data",
    )


class RecommendationFinding(Model):
    page: PageNumber
    sentence: Sentence
    hinge: Hinge
    basis_page: PageNumber | None = Field(
        default=None, description="page of the sentence the hinge was read from"
    )
    basis_sentence: str | None = Field(
        default=None,
        description="the finding the recommendation rests on: the recommendation itself when "
        "it gives its reason, or an earlier sentence of its paragraph; none when unclear or "
        "when only the classifier named the hinge",
    )
    quoted: bool = Field(
        default=False,
        description="the document reports someone else's recommendation (another report, a "
        "campaign, a speaker) rather than making it; not rated as the document's own",
    )


class SourceFinding(Model):
    page: PageNumber
    sentence: Sentence
    kind: str = Field(
        description="a source named: police_records, court_records, prison_records, case_files, "
        "survey, foi, media_reports, anonymous_submissions, interviews, official_statistics, "
        "dataset, named_body (an organisation or report owning a figure), data_request (data "
        "asked of every body of a kind), traced (a figure traced to where it came from); how "
        "cases got in: sampling_frame, coverage (a named source with its period), "
        "selection_counts, dispute_named (a disputed figure whose owner is named); how the "
        "work was done: method_statement, measure_defined, methods_section, methods_reference; "
        "limitation, data_access, vague_source, completeness_claim; figure (a figure that makes "
        "the question apply; the first few only)"
    )
    vague: bool = Field(default=False, description='names no dataset ("our research")')
    supported: bool | None = Field(
        default=None,
        description="completeness claims only: whether a method or selection rules back it",
    )
    sample_size: int | None = None
    response_rate: float | None = Field(default=None, description="percent, for surveys")


class VagueShare(Model):
    """A share with no value to check ("most offenders", "the majority of victims"): it needs a
    base just as much as "84%", so the denominators suggestion counts it alongside."""

    page: PageNumber
    sentence: Sentence
    text: str = Field(description="the matched expression")
    base_given: bool = Field(description="the sentence gives a total or says what is missing")


class Signal(Model):
    """A passage a suggestion counted that is not a finding of its own (a statement of how
    much data is missing, a refusal to extrapolate, a robustness check); `kind` says which."""

    page: PageNumber
    sentence: Sentence
    kind: str
    text: str = Field(default="", description="the expression the signal is about, if any")


class Findings(Model):
    """Every list the checks write. A check registered from outside the package may add a list
    of its own (kept as an extra key), so `lists()` rather than the declared fields is the
    complete set."""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)

    percentages: list[PercentageFinding] = Field(default_factory=list)
    attribute_claims: list[AttributeClaim] = Field(default_factory=list)
    time_periods: list[TimePeriod] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)
    scope_overlaps: list[ScopeOverlap] = Field(default_factory=list)
    scale_claims: list[ScaleClaim] = Field(default_factory=list)
    recommendations: list[RecommendationFinding] = Field(default_factory=list)
    sources: list[SourceFinding] = Field(default_factory=list)
    representation_claims: list[RepresentationClaim] = Field(default_factory=list)
    scope_statements: list[ScopeStatement] = Field(default_factory=list)
    scope_figures: list[ScopeFigure] = Field(default_factory=list)
    vague_shares: list[VagueShare] = Field(default_factory=list)
    rate_comparisons: list[RateComparison] = Field(default_factory=list)
    # Signals: one list per check, so each list has one writer that other checks can need.
    denominators_signals: list[Signal] = Field(
        default_factory=list,
        description="coverage: states how complete the records are; population_base: gives "
        "a group's share of the population (a base for comparisons beside it); base_warning: "
        "cautions about what a figure is a share of or what it can be compared with",
    )
    attribute_provenance_signals: list[Signal] = Field(
        default_factory=list,
        description="negated: says it did not infer attributes; stages: keeps suspects and "
        "convicted people apart; coverage: states missing attribute data; validated: reports "
        "validating an inference step; assigner: says who assigned the group labels (the people "
        "themselves, an officer, a victim); traced: says where a claim or figure came from, with "
        "the source it names (text); questioned: asks where someone's figures came from ('gives "
        "no source', 'it is not clear where the data came from'); records_named: the first "
        "passage that names records or statistics behind the document's figures, as the sources "
        "check reads it; named_in_passing: the first of the document's own claims whose sentence "
        "names who its figures come from (any owner), provenance in passing; owner_named: the "
        "first passage in the document's own voice that names the owner of its figures or data",
    )
    scope_signals: list[Signal] = Field(
        default_factory=list,
        description="national_cue: one per national phrase in a national scope statement; "
        "dated_percentage: one of the document's own percentages that has a period",
    )
    extrapolation_signals: list[Signal] = Field(
        default_factory=list,
        description="refusal: declines to extrapolate; established: names an established "
        "estimation method or cross-check; not_covered: says what an estimate leaves out; "
        "multiplied_or_vague: a scale claim that multiplies up or gives a vague big total; "
        "how_built: the document's own account of how a total was built (it counts when the "
        "document disputes a total it relays)",
    )
    recommendations_signals: list[Signal] = Field(
        default_factory=list,
        description="robust: checks recommendations survive if disputed figures are wrong; "
        "asks_for_data: a recommendation to record, collect or publish data; monitoring: one "
        "to monitor or repeat the work",
    )

    def lists(self) -> dict[str, list[Any]]:
        """Every findings list by name: the declared ones, then any a registered check added."""
        out: dict[str, list[Any]] = {name: getattr(self, name) for name in type(self).model_fields}
        out.update(self.model_extra or {})
        return out


# --- suggestions, scores, analysis ---------------------------------------------------------------


class Suggestion(Model):
    """The tool's pre-filled answer to one criterion. It is a suggestion, never a verdict."""

    id: str = Field(description="criterion id")
    suggested_level: Level | None = Field(
        description="0–3; null when the criterion does not apply or nothing was suggested"
    )
    status: Literal["suggested", "not_applicable", "no_suggestion"] = Field(
        description="tells apart the two meanings of a null level"
    )
    confidence: Confidence = Field(
        description="the estimated chance that a careful reader accepts this level, calibrated "
        "on real documents (evaluator/calibration.py); equal to confidence_raw where no "
        "calibration is fitted for the criterion"
    )
    confidence_raw: Confidence | None = Field(
        default=None, description="the check's own score of its evidence, before calibration"
    )
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)
    counts: dict[str, int] = Field(
        default_factory=dict,
        description="what the suggestion counted, by name (claims, pages, statements …); each "
        "count is of findings in the analysis",
    )
    chosen_by: Literal["rules", "model"] = Field(
        default="rules",
        description="who chose the level: the check's own rules, or a model reading all six "
        "checks' findings, fitted on real documents' ratings (evaluator/learned_levels.py); "
        "the evidence is always the check's",
    )
    rules_level: Level | None = Field(
        default=None, description="when chosen_by is model: the level the check's rules gave"
    )
    rules_status: Literal["suggested", "not_applicable", "no_suggestion"] | None = Field(
        default=None, description="when chosen_by is model: the status the check's rules gave"
    )


class Contribution(Model):
    id: str
    weight: float
    level: Level | None
    status: Literal["rated", "not_applicable", "unrated"]
    points: float = Field(description="points this criterion adds to the 0–100 score")
    max_points: float = Field(description="points it could add at level 3; 0 when not counted")


class Score(Model):
    value: float | None = Field(description="0–100; null when no criterion is rated and applicable")
    band: str
    rule: str
    complete: bool = Field(description="every applicable criterion has a level")
    contributions: list[Contribution] = Field(default_factory=list)


class DocumentSummary(Model):
    sha256: str
    pages: int = Field(ge=0)
    title: str | None
    source: Literal["pdf", "text"]
    warnings: list[str]
    filename: str | None = None


class RubricRef(Model):
    id: str
    version: str
    title: str | None = None


UNNAMED_SPEAKER = "unnamed"
"""The speaker of a claim relayed with no owner ("critics say", "it is often claimed")."""


class RelayedClaim(Model):
    """A passage in which the document passes on someone else's claim, as the one reading of who
    says what (checks/speech.py) has it: every check judges the document by its own claims and
    by how it handles these."""

    page: PageNumber
    sentence: Sentence
    speaker: str = Field(
        description="who the claim is relayed from, in the document's words ('the campaign', "
        "'Home Office figures'), or 'unnamed' when no one is named ('it is often claimed'), "
        "with the group that speaks where there is one ('unnamed (critics)')"
    )
    stance: Literal["reports", "disputes"] = Field(
        description="reports: passed on unchallenged; disputes: questioned, corrected or "
        "rejected in the passage or its paragraph"
    )
    cue: str = Field(default="", description="the words that mark the claim as relayed")
    dispute: str = Field(
        default="", description="the document's words that dispute it (empty when it reports)"
    )

    def named_speaker(self) -> str | None:
        """The speaker's name, or None when the claim is relayed without an owner ("unnamed",
        "unnamed (critics)")."""
        return None if self.speaker.startswith(UNNAMED_SPEAKER) else self.speaker


class Analysis(Model):
    """What `evaluator analyze --format json` prints (see shared/analysis-contract.md)."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    document: DocumentSummary
    rubric: RubricRef
    criteria: list[Suggestion]
    score: Score
    findings: Findings
    relayed_claims: list[RelayedClaim] = Field(
        default_factory=list,
        description="the claims the document relays from others, with who and whether it "
        "disputes them, in reading order (an extension of the contract)",
    )


class ErrorBody(Model):
    code: str
    message: str


class ErrorOutput(Model):
    error: ErrorBody


# --- the reader's side --------------------------------------------------------------------------


MAX_NAME = 200
"""Characters of an evaluator's name or an edited title: a name, not a document."""


class QuoteRef(Strict):
    """A passage a reader points at: its page and its words."""

    page: PageNumber
    quote: str = Field(min_length=1)
    found: bool | None = Field(
        default=None,
        description="for a quote the reader added: whether its words were found on that page "
        "when it was added (false: the reader's own wording); null when not checked",
    )


class Answer(Strict):
    """A reader's judgement on one criterion."""

    criterion_id: str
    level: Level | None = Field(default=None, description="null only when not applicable")
    not_applicable: bool = False
    justification: str = ""
    decision: Literal["accepted", "overridden"] = Field(
        description="whether the reader took the tool's suggestion or chose otherwise"
    )
    answered_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    dismissed_evidence: list[QuoteRef] = Field(
        default_factory=list, description="tool quotes the reader marked irrelevant"
    )
    added_evidence: list[QuoteRef] = Field(
        default_factory=list, description="quotes the reader added, each with its page"
    )

    @model_validator(mode="after")
    def _check(self) -> Answer:
        if self.not_applicable and self.level is not None:
            raise ValueError("an answer is either a level or not applicable, not both")
        if not self.not_applicable and self.level is None:
            raise ValueError("an answer needs a level 0–3 or not applicable")
        if self.decision == "overridden" and not self.justification.strip():
            raise ValueError("overriding a suggestion needs a justification")
        return self


MAX_RELAYED_KEPT = 500
"""Relayed claims kept with an evaluation: a long report's list, not every passage of a hostile
one."""


class Evaluation(Strict):
    """One reader's evaluation of one document under one rubric version."""

    document_sha256: str
    document_title: str | None = Field(
        default=None, description="the report's title; the reader may edit it"
    )
    evaluator_name: str | None = Field(
        default=None,
        max_length=MAX_NAME,
        description="who made the evaluation, as they typed it; null when they gave no name",
    )
    rubric: RubricRef
    suggestions: list[Suggestion] = Field(default_factory=list)
    analysis_incomplete: list[str] = Field(
        default_factory=list,
        description="why the analysis behind the suggestions was cut short (a budget ran out); "
        "empty when it covered the whole document",
    )
    relayed_claims: list[RelayedClaim] = Field(
        default_factory=list,
        description="the claims the report relays from others, as the analysis read them (at "
        f"most the first {MAX_RELAYED_KEPT}): shown beside the evidence, so a reader can check "
        "who the tool took to be speaking",
    )
    answers: dict[str, Answer] = Field(default_factory=dict)
    blind_mode: bool = Field(
        default=False,
        description="the reader answers each question before the tool's evidence and suggestion "
        "are shown (a blind exercise, say); fixed when the evaluation is made",
    )
    created_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), description="when it was started"
    )
    updated_at: datetime = Field(
        default_factory=lambda: datetime.now(UTC), description="when it was last saved"
    )

    @field_validator("relayed_claims", mode="before")
    @classmethod
    def _first_relayed(cls, value: Any) -> Any:
        """Keep the first MAX_RELAYED_KEPT: the list is the analysis's, not the reader's."""
        return value[:MAX_RELAYED_KEPT] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _keys_match(self) -> Evaluation:
        for key, answer in self.answers.items():
            if key != answer.criterion_id:
                raise ValueError(f"answer under {key!r} is for {answer.criterion_id!r}")
        return self
