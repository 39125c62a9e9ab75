"""Answer keys for the sample reports: what a careful reader should find, written as TOML.

A key has two parts. `criteria` holds the expected level for each rubric question, the tolerance
within which a suggestion counts as acceptable, a justification and evidence quotes. The item
lists (`percentages`, `attribute_claims`, ...) are the findings lists each check declares in its
`answer_key`; their item models are derived from the finding models (`key_model`), so checks
can be scored for precision and recall against them and a new check needs no edit here. `traps`
lists passages that look like a signal but are not one (a negation, "appeared in court", a
confidence level).

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

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, Field, ValidationError, create_model, model_validator

from .checks import Check, CheckError, KeyedList, checks
from .errors import InputError, first_error
from .models import Level, PageNumber, QuoteRef, Strict

Split = Literal["tuning", "held_out"]
Tolerance = Annotated[int, Field(ge=0, le=3, description="levels either side still acceptable")]
Text = Annotated[str, Field(min_length=1)]


class CriterionKey(Strict):
    level: Level | None = Field(default=None, description="unset only when not applicable")
    not_applicable: bool = False
    tolerance: Tolerance = 0
    justification: Text
    evidence: list[QuoteRef] = Field(default_factory=list)

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


def key_model(name: str, finding: type[BaseModel], spec: KeyedList) -> type[Strict]:
    """The answer-key item model of a finding model: the fields `spec` lets a key set, typed
    as in the finding, with text required non-empty, nullable fields optional, the spec's
    extra limits and its consistency check."""
    missing = [f for f in ("page", "sentence", *spec.fields) if f not in finding.model_fields]
    if missing or not {"page", "sentence"} <= set(spec.fields):
        raise CheckError(
            f"answer-key item {name}: a key item sets page and sentence, and only fields of "
            f"{finding.__name__} (not {', '.join(missing) or 'page and sentence'})"
        )
    fields: dict[str, Any] = {}
    for field_name in spec.fields:
        info = finding.model_fields[field_name]
        annotation = info.annotation
        limits = dict(spec.limits.get(field_name, {}))
        if annotation is str:
            default: Any = ...
            limits.setdefault("min_length", 1)
        elif type(None) in get_args(annotation):
            default = None
        else:
            default = ... if info.is_required() else info.get_default()
        if info.metadata:  # keeps e.g. the page number's lower bound
            annotation = Annotated[(annotation, *info.metadata)]
        fields[field_name] = (
            annotation,
            Field(default, description=info.description, **limits),
        )
    validators = {}
    if spec.check is not None:
        check = spec.check

        def _consistent(self: Any) -> Any:
            check(self)
            return self

        validators["_consistent"] = model_validator(mode="after")(_consistent)
    return create_model(
        name,
        __base__=Strict,
        __doc__=f"An answer key's {finding.__name__}: what a careful reader should find.",
        __validators__=validators,
        **fields,
    )


class TrapKey(Strict):
    """A passage a naive check would misread; `looks_like` names the signal it imitates."""

    page: PageNumber
    sentence: Text
    looks_like: Literal[
        "percentage", "attribute_claim", "conviction", "scale_claim", "recommendation", "source"
    ]
    why: Text


class AnswerKeyBase(Strict):
    """What every answer key holds besides the item lists the checks declare."""

    # Item list name -> (criterion, how it is keyed); set on each derived AnswerKey model.
    keyed: ClassVar[dict[str, tuple[str, KeyedList]]] = {}

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text
    topic: Text
    description: Text = Field(description="one or two sentences for the sample picker")
    teaches: Text = Field(description="what a reader learns from it")
    split: Split = Field(description="tuning: checks may be tuned on it; held_out: never")
    rubric: str = "default"
    criteria: dict[str, CriterionKey]
    traps: list[TrapKey] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> AnswerKeyBase:
        for name, (criterion, spec) in self.keyed.items():
            items = getattr(self, name)
            entry = self.criteria.get(criterion)
            if spec.only_if_applicable and entry is not None and entry.not_applicable and items:
                raise ValueError(
                    f"{criterion} is not applicable but {name.replace('_', ' ')} are listed"
                )
            if spec.distinct:
                values = [getattr(item, spec.distinct) for item in items]
                if len(values) != len(set(values)):
                    raise ValueError(
                        f"{name}: each {spec.distinct} is listed once, at its first mention"
                    )
        return self

    def items(self) -> dict[str, list[Any]]:
        """The keyed item lists by findings list name."""
        return {name: getattr(self, name) for name in self.keyed}

    def quotes(self) -> list[tuple[int, str]]:
        """Every (page, text) the key claims is printed in the report."""
        found = [(q.page, q.quote) for c in self.criteria.values() for q in c.evidence]
        for items in [*self.items().values(), self.traps]:
            found.extend((item.page, item.sentence) for item in items)
        return found


def _key_name(finding: type[BaseModel]) -> str:
    return finding.__name__.removesuffix("Finding") + "Key"


@cache
def _answer_key_model(registered: tuple[Check, ...]) -> type[AnswerKeyBase]:
    keyed: dict[str, tuple[str, KeyedList]] = {}
    fields: dict[str, Any] = {}
    for check in registered:
        for name, spec in check.answer_key.items():
            item = key_model(_key_name(check.produces[name]), check.produces[name], spec)
            fields[name] = (list[item], Field(default_factory=list))  # type: ignore[valid-type]
            keyed[name] = (check.criterion, spec)
    model = create_model("AnswerKey", __base__=AnswerKeyBase, **fields)
    model.keyed = keyed
    return model


def answer_key_model(registered: Iterable[Check] | None = None) -> type[AnswerKeyBase]:
    """The AnswerKey model for the checks now registered: one item list per keyed list."""
    return _answer_key_model(tuple(checks() if registered is None else registered))


AnswerKey = answer_key_model()


def _item_model(name: str) -> type[Strict]:
    return get_args(AnswerKey.model_fields[name].annotation)[0]


# The built-in item models by their familiar names (tests and scripts build them directly).
PercentageKey = _item_model("percentages")
AttributeClaimKey = _item_model("attribute_claims")
TimePeriodKey = _item_model("time_periods")
PlaceKey = _item_model("places")
ScopeOverlapKey = _item_model("scope_overlaps")
ScaleClaimKey = _item_model("scale_claims")
RecommendationKey = _item_model("recommendations")


def parse_answer_key(path: Path) -> AnswerKeyBase:
    """Read and validate one TOML key; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such answer key") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("bad_answer_key", f"{path}: not valid TOML ({exc})") from None
    try:
        return answer_key_model().model_validate(data)
    except ValidationError as exc:
        raise InputError("bad_answer_key", first_error(exc, str(path))) from None
