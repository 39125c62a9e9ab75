"""A small gazetteer of UK places with containment, read from evaluator/data/gazetteer.toml.

Containment lets the scope detector see that a town's figure is already part of its county's
("Rotherham is in South Yorkshire, which is in England, which is in the UK"), so adding the two
counts some people twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from .errors import InputError, first_error
from .models import Strict

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.toml"


class PlaceEntry(Strict):
    name: str = Field(min_length=2)
    kind: str = Field(pattern=r"^[a-z_]+$")
    within: str | None = None
    aliases: list[str] = Field(default_factory=list)
    bodies: list[str] = Field(default_factory=list)


class GazetteerFile(Strict):
    place: list[PlaceEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> GazetteerFile:
        names = [p.name for p in self.place]
        known = set(names)
        if len(known) != len(names):
            raise ValueError("a place is listed twice")
        for entry in self.place:
            if entry.within is not None and entry.within not in known:
                raise ValueError(f"{entry.name}: within {entry.within!r}, which is not listed")
        return self


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, PlaceEntry]
    spellings: dict[str, str]  # every name and alias -> canonical name
    pattern: re.Pattern[str]
    bodies: dict[str, str]  # a national agency or survey -> the place its figures cover
    body_pattern: re.Pattern[str] | None

    def canonical(self, spelling: str) -> str | None:
        return self.spellings.get(spelling)

    def ancestors(self, name: str) -> list[str]:
        """Containing places, nearest first; stops at a loop rather than hanging."""
        chain: list[str] = []
        entry = self.places.get(name)
        while entry is not None and entry.within and entry.within not in chain:
            chain.append(entry.within)
            entry = self.places.get(entry.within)
        return chain

    def kind(self, name: str) -> str:
        entry = self.places.get(name)
        return entry.kind if entry else ""


def _compile(spellings: list[str]) -> re.Pattern[str]:
    # Longest first, so "South Yorkshire" wins over "Yorkshire" and "Newcastle upon Tyne" over
    # "Newcastle"; case-sensitive so "reading" or "kent" in lower case never match.
    ordered = sorted(spellings, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")


def parse_gazetteer(path: Path) -> Gazetteer:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parsed = GazetteerFile.model_validate(data)
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such gazetteer") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("bad_gazetteer", f"{path}: not valid TOML ({exc})") from None
    except ValidationError as exc:
        raise InputError("bad_gazetteer", first_error(exc, str(path))) from None
    places = {entry.name: entry for entry in parsed.place}
    spellings: dict[str, str] = {}
    for entry in parsed.place:
        for spelling in (entry.name, *entry.aliases):
            if spellings.setdefault(spelling, entry.name) != entry.name:
                raise InputError("bad_gazetteer", f"{path}: {spelling!r} names two places")
    bodies: dict[str, str] = {}
    for entry in parsed.place:
        for body in entry.bodies:
            if body in spellings:
                raise InputError("bad_gazetteer", f"{path}: body {body!r} is also a place name")
            if bodies.setdefault(body, entry.name) != entry.name:
                raise InputError("bad_gazetteer", f"{path}: body {body!r} is listed twice")
    return Gazetteer(
        places=places,
        spellings=spellings,
        pattern=_compile(list(spellings)),
        bodies=bodies,
        body_pattern=_compile(list(bodies)) if bodies else None,
    )


@cache
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once per process."""
    return parse_gazetteer(GAZETTEER_PATH)


def overlapping(a: str, b: str, gazetteer: Gazetteer) -> bool:
    """The same place, or one contains the other."""
    return a == b or a in gazetteer.ancestors(b) or b in gazetteer.ancestors(a)
