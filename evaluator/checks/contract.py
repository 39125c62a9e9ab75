"""The contract every check keeps: one rubric criterion, the findings it writes and reads, how
it finds them and how it turns them into a suggestion.

A check module defines one module-level `CHECK = Check(...)`; the runner discovers it (see
`runner.py`). Everything a suggestion rests on is in the findings it produces or declares in
`needs`: `suggest` never reads the passages, so the analysis JSON explains every level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..models import Findings, Suggestion
from .context import Context


class CheckError(ValueError):
    """A check breaks the contract: it names the check and what is wrong."""


@dataclass(frozen=True)
class KeyedList:
    """How answer keys list the items of one findings list, and how validation scores them.

    The answer-key item model is derived from the finding model (see
    `evaluator.answer_keys.key_model`): a key item sets `fields`, text fields must be non-empty
    and nullable fields may be left out.
    """

    fields: tuple[str, ...]
    # Extra pydantic limits a key item must meet, by field: {"value": {"ge": 0}}.
    limits: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Raises ValueError when a key item contradicts itself (a GRIM check, a name not in its
    # sentence); the message becomes the key file's error line.
    check: Callable[[Any], None] | None = None
    # What makes a finding and a key item the same item: "sentence" is the same page and
    # sentence; any other field must have matching text ("name" for places).
    identity: tuple[str, ...] = ("sentence",)
    # Scored agreement of a matched pair: score name -> fields that must be equal.
    scored: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A key that marks the criterion not applicable must list none of these.
    only_if_applicable: bool = False
    # A field whose value is listed once only in a key (each place at its first mention).
    distinct: str | None = None


Detect = Callable[[Context], Findings]
Suggest = Callable[[Findings, Context], Suggestion]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per check
class Check:
    """One rubric criterion's check.

    `produces` maps each Findings list the check writes to its item model; `needs` names the
    lists of other checks it reads (in `detect` through `context.findings`, or in `suggest`).
    `answer_key` says which produced lists answer keys list and validation scores.
    """

    criterion: str
    produces: Mapping[str, type[BaseModel]]
    detect: Detect
    suggest: Suggest
    needs: tuple[str, ...] = ()
    answer_key: Mapping[str, KeyedList] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.criterion):
            raise CheckError(f"check {self.criterion!r}: a criterion id is snake_case")
        if not self.produces:
            raise CheckError(f"check {self.criterion!r} produces no findings list")
        for name in self.answer_key:
            if name not in self.produces:
                raise CheckError(
                    f"check {self.criterion!r}: answer-key list {name!r} is not one it produces"
                )
        for name in self.needs:
            if name in self.produces:
                raise CheckError(f"check {self.criterion!r} needs {name!r}, which it produces")
