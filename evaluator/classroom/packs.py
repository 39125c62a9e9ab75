"""Exercise packs: the one file a teacher hands out (a report, its rubric, an optional answer key,
notes and settings), and the answer key a teacher types or uploads for it.

A pack is a single JSON file with the report's bytes in base64. One file is what a teacher can
e-mail or put on a learning platform; JSON keeps the settings and notes readable and lets one
strict model check the whole thing (a zip would need a manifest plus path and size checks on every
member). Base64 costs a third more bytes, which is nothing for the 2–4 page reports a class reads.

A pack exported for students never carries the teacher's notes, and carries the answer key only
once the teacher has released it: a hidden key that sits inside the file is not hidden."""

from __future__ import annotations

import base64
import binascii
import json
import re
import tomllib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..answer_keys import CriterionKey
from ..errors import InputError, first_error
from ..ingest import sha256_of
from ..models import Rubric, Strict
from ..nesting import toml_depth, too_deep
from ..ratings import NOT_APPLICABLE, Rating
from ..rubrics import MAX_RUBRIC_BYTES, parse_rubric
from .json_input import read_json

PACK_KIND = "report-evaluator/exercise-pack"
MAX_PACK_BYTES = 40 * 1024 * 1024


class PackSettings(Strict):
    blind_mode: bool = Field(
        default=True, description="students answer each question before the suggestion shows"
    )
    key_released: bool = Field(
        default=False, description="students may see the answer key after they reveal"
    )


class ExercisePack(Strict):
    """One exercise: a report, the rubric it is read with, an optional key, notes and settings."""

    kind: Literal["report-evaluator/exercise-pack"] = PACK_KIND
    format_version: Literal["1"] = "1"
    audience: Literal["teacher", "student"] = Field(
        default="teacher", description="a student copy has no teacher notes and no unreleased key"
    )
    title: str = Field(min_length=1, max_length=200)
    instructions: str = Field(default="", description="shown to students: task, content warning")
    teacher_notes: str = ""
    report_filename: str = Field(min_length=1, max_length=255)
    report_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    report_base64: str = Field(min_length=1)
    rubric_toml: str = Field(min_length=1)
    answer_key: dict[str, CriterionKey] | None = None
    settings: PackSettings = Field(default_factory=PackSettings)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("report_filename")
    @classmethod
    def _bare_name(cls, value: str) -> str:
        """A name to show and to tell PDF from text by, never a path to follow."""
        if any(ch in value for ch in "/\\\x00") or value in (".", "..") or not value.isprintable():
            raise ValueError("must be a plain file name, not a path")
        return value

    @model_validator(mode="after")
    def _check(self) -> ExercisePack:
        try:
            data = base64.b64decode(self.report_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("report_base64 is not valid base64") from None
        if sha256_of(data) != self.report_sha256:
            raise ValueError("the report does not match report_sha256 (the file was altered)")
        rubric = parse_rubric(self.rubric_toml, "rubric_toml")
        if self.answer_key is not None:
            unknown = sorted(set(self.answer_key) - {c.id for c in rubric.criteria})
            if unknown:
                raise ValueError(f"answer key has criteria not in the rubric: {unknown}")
        if self.settings.key_released and not self.answer_key:
            raise ValueError("key_released is set but the pack has no answer key")
        if self.audience == "student":
            if self.teacher_notes:
                raise ValueError("a student copy must not carry teacher notes")
            if self.answer_key is not None and not self.settings.key_released:
                raise ValueError("a student copy must not carry an unreleased answer key")
        return self

    def report_bytes(self) -> bytes:
        return base64.b64decode(self.report_base64)

    def rubric(self) -> Rubric:
        return parse_rubric(self.rubric_toml, "rubric_toml")

    def visible_key(self) -> dict[str, CriterionKey] | None:
        """The key a student may see: only once released."""
        return self.answer_key if self.settings.key_released else None


def make_pack(
    *,
    title: str,
    report: bytes,
    report_filename: str,
    rubric_toml: str,
    answer_key: Mapping[str, CriterionKey] | None = None,
    teacher_notes: str = "",
    instructions: str = "",
    blind_mode: bool = True,
    key_released: bool = False,
) -> ExercisePack:
    """The teacher's copy. Raises InputError with one line when something does not fit."""
    # Base64 turns 3 bytes into 4; leave room for the rubric, key and notes.
    largest = (MAX_PACK_BYTES - 1_000_000) * 3 // 4
    if len(report) > largest:
        raise InputError(
            "too_large",
            f"{Path(report_filename).name} is {len(report) / 1e6:.1f} MB; an exercise pack takes "
            f"reports up to {largest / 1e6:.0f} MB",
        )
    try:
        return ExercisePack(
            title=title.strip(),
            instructions=instructions,
            teacher_notes=teacher_notes,
            report_filename=Path(report_filename).name,
            report_sha256=sha256_of(report),
            report_base64=base64.b64encode(report).decode("ascii"),
            rubric_toml=rubric_toml,
            answer_key=dict(answer_key) if answer_key else None,
            settings=PackSettings(blind_mode=blind_mode, key_released=key_released),
        )
    except ValidationError as exc:
        raise InputError("bad_pack", first_error(exc)) from None


def student_copy(pack: ExercisePack) -> ExercisePack:
    """What students receive: no teacher notes, and the key only if it has been released."""
    return pack.model_copy(
        update={"audience": "student", "teacher_notes": "", "answer_key": pack.visible_key()}
    )


def dump_pack(pack: ExercisePack) -> bytes:
    return (pack.model_dump_json(indent=2) + "\n").encode("utf-8")


def load_pack(data: bytes, name: str = "pack") -> ExercisePack:
    raw = read_json(data, name, "an exercise pack", MAX_PACK_BYTES)
    if not isinstance(raw, dict) or raw.get("kind") != PACK_KIND:
        raise InputError("not_a_pack", f"{name}: not an exercise pack (no kind {PACK_KIND!r})")
    try:
        return ExercisePack.model_validate(raw)
    except ValidationError as exc:
        raise InputError("bad_pack", first_error(exc, name)) from None


def pack_filename(pack: ExercisePack) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", pack.title.lower()).strip("-")[:60] or "exercise"
    suffix = "-teacher" if pack.audience == "teacher" else ""
    return f"{slug}{suffix}.exercise.json"


class _CriteriaOnly(Strict):
    criteria: dict[str, CriterionKey]


def parse_class_key(text: str, name: str = "key") -> dict[str, CriterionKey]:
    """An answer key from TOML: a sample's full key, or just `[criteria.ID]` tables."""
    from ..answer_keys import answer_key_model

    if len(text) > MAX_RUBRIC_BYTES:
        raise InputError("bad_answer_key", f"{name}: larger than {MAX_RUBRIC_BYTES:,} characters")
    if problem := too_deep(toml_depth(text)):
        raise InputError("bad_answer_key", f"{name}: {problem}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError("bad_answer_key", f"{name}: not valid TOML ({exc})") from None
    # A full key may list the items of any check registered now, a plug-in's included.
    model = _CriteriaOnly if set(data) <= {"criteria"} else answer_key_model()
    try:
        return dict(model.model_validate(data).criteria)
    except ValidationError as exc:
        raise InputError("bad_answer_key", first_error(exc, name)) from None


def key_entry_data(
    choice: Rating | None, tolerance: int, justification: str, page: int | None, quote: str
) -> dict | None:
    """One question of a key typed in the app, as the table a key file would hold for it (None
    when the teacher left it out of the key)."""
    if choice is None:
        return None
    data: dict = {"tolerance": tolerance, "justification": justification.strip()}
    if choice == NOT_APPLICABLE:
        data["not_applicable"] = True
    else:
        data["level"] = choice
    if quote.strip():
        data["evidence"] = [{"page": page or 1, "quote": " ".join(quote.split())}]
    return data


# The model's messages, said as the editor's fields are named.
_PLAIN = (
    ("justification:", "write why you expect this level (the notes)"),
    ("a level needs at least one evidence quote", "give a quote from the report that shows it"),
    ("tolerance:", "tolerance is 0 to 3 levels either side"),
    ("evidence.0.quote:", "the quote cannot be empty"),
)


def _plain(problem: str) -> str:
    return next((words for cue, words in _PLAIN if cue in problem), problem)


def key_from_tables(tables: Mapping[str, dict]) -> tuple[dict[str, CriterionKey], dict[str, str]]:
    """A key from per-question tables (the app's editor), through the very model a key file's
    `[criteria.ID]` tables go through; or {} and each question's problem in one line."""
    problems = {}
    for criterion_id, data in tables.items():
        try:
            CriterionKey.model_validate(data)
        except ValidationError as exc:
            problems[criterion_id] = _plain(first_error(exc))
    if problems:
        return {}, problems
    try:
        return dict(_CriteriaOnly.model_validate({"criteria": dict(tables)}).criteria), {}
    except ValidationError as exc:  # e.g. an id that is not a criterion id
        return {}, {"key": first_error(exc)}


def build_key_entry(
    choice: Rating | None, tolerance: int, justification: str, page: int | None, quote: str
) -> CriterionKey | str | None:
    """One criterion of a key typed by a teacher: the entry, None when left blank, or an error."""
    data = key_entry_data(choice, tolerance, justification, page, quote)
    if data is None:
        return None
    key, problems = key_from_tables({"entry": data})
    return key["entry"] if key else problems["entry"]


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string, except that TOML wants DEL escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def key_to_toml(key: Mapping[str, CriterionKey]) -> str:
    """A key as the file `parse_class_key` reads back: `[criteria.ID]` tables."""
    lines = ["# Answer key made in the report evaluator's Make exercise page.", ""]
    for criterion_id, entry in key.items():
        lines.append(f"[criteria.{_toml_string(criterion_id)}]")
        if entry.not_applicable:
            lines.append("not_applicable = true")
        else:
            lines.append(f"level = {entry.level}")
        lines.append(f"tolerance = {entry.tolerance}")
        lines.append(f"justification = {_toml_string(entry.justification)}")
        for quote in entry.evidence:
            lines += [
                "",
                f"[[criteria.{_toml_string(criterion_id)}.evidence]]",
                f"page = {quote.page}",
                f"quote = {_toml_string(quote.quote)}",
            ]
        lines.append("")
    return "\n".join(lines)
