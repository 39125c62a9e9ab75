"""Submissions: a student's evaluation handed in under a name, and importing a class's worth of
them, where damaged files, copies and differing resubmissions are named and never silently win."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from ..errors import InputError, first_error
from ..models import Evaluation, Rubric, Strict
from ..rubrics import is_rubric_id
from .json_input import read_json
from .packs import ExercisePack

SUBMISSION_KIND = "report-evaluator/submission"
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024


Alias = Annotated[str, Field(min_length=1, max_length=60)]


class Submission(Strict):
    """A student's evaluation handed in under a name or alias."""

    kind: Literal["report-evaluator/submission"] = SUBMISSION_KIND
    format_version: Literal["1"] = "1"
    student: Alias
    pack_title: str | None = None
    evaluation: Evaluation
    submitted_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("student", mode="before")
    @classmethod
    def _tidy(cls, value: object) -> object:
        return check_name(value) if isinstance(value, str) else value


def check_name(value: str) -> str:
    """A student's name with its spaces collapsed, or ValueError: control or invisible
    characters, or letters of look-alike alphabets mixed (the live class uses it too)."""
    value = " ".join(value.split())
    if any(not ch.isprintable() for ch in value):
        raise ValueError("the name may not contain control characters")
    if any(_invisible(ch) for ch in value):
        raise ValueError("the name may not contain invisible characters")
    if len(_scripts(value)) > 1:
        raise ValueError("the name mixes letters of look-alike alphabets")
    return value


# Characters that draw nothing, so "ana" and "ana" + one of them would look like one student.
_INVISIBLE = frozenset(
    [
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0),
        *range(0x180B, 0x1810),
        *range(0xFE00, 0xFE10),
        *range(0xE0100, 0xE01F0),
    ]
)
# Alphabets whose letters look alike: a name mixing them is an impersonation, not a name.
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf" or ord(ch) in _INVISIBLE


def _scripts(name: str) -> set[str]:
    found = set()
    for ch in unicodedata.normalize("NFKC", name):
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if script in _LOOKALIKE_SCRIPTS:
                found.add(script)
    return found


def make_submission(
    student: str, evaluation: Evaluation, pack: ExercisePack | None = None
) -> Submission:
    try:
        return Submission(
            student=student, evaluation=evaluation, pack_title=pack.title if pack else None
        )
    except ValidationError as exc:
        raise InputError("bad_submission", first_error(exc)) from None


def dump_submission(submission: Submission) -> bytes:
    return (submission.model_dump_json(indent=2) + "\n").encode("utf-8")


def submission_filename(submission: Submission) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", submission.student.lower()).strip("-")[:40] or "student"
    return f"submission-{slug}.json"


def student_key(name: str) -> str:
    """Two aliases are the same student when they differ only in case, spacing or Unicode form
    (NFKC: a full-width or ligature spelling is the same name)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


class ImportedSubmission(BaseModel):
    name: str = Field(description="the file it came from")
    submission: Submission


class ImportProblem(BaseModel):
    name: str
    kind: Literal["damaged", "duplicate", "other_report", "other_rubric"]
    message: str


class Candidate(BaseModel):
    """One of several differing submissions from one student for one report."""

    ref: str = Field(description="identifies the file's content; pass it in `keep` to choose it")
    name: str
    student: str
    answered: int
    updated_at: datetime | None = Field(description="null when the file's time is not trusted")
    note: str = ""


class Conflict(BaseModel):
    """Differing submissions under one name: none counts until the teacher picks one."""

    student: str
    report_sha256: str
    candidates: list[Candidate]
    message: str


class SubmissionImport(BaseModel):
    accepted: list[ImportedSubmission] = Field(default_factory=list)
    problems: list[ImportProblem] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="accepted, but worth knowing")
    conflicts: list[Conflict] = Field(
        default_factory=list, description="held back from every figure until resolved"
    )


def parse_submission(data: bytes, name: str) -> tuple[Submission, str | None]:
    """A submission, or a bare exported evaluation named after its file (with a note saying so)."""
    submission, note = _submission_of(data, name)
    if not is_rubric_id(submission.evaluation.rubric.id):
        raise InputError(
            "bad_submission", f"{name}: evaluation.rubric.id: not a rubric id (never a path)"
        )
    return submission, note


def _submission_of(data: bytes, name: str) -> tuple[Submission, str | None]:
    raw = read_json(data, name, "a submission", MAX_SUBMISSION_BYTES)
    if isinstance(raw, dict) and raw.get("kind") == SUBMISSION_KIND:
        try:
            return Submission.model_validate(raw), None
        except ValidationError as exc:
            raise InputError("bad_submission", first_error(exc, name)) from None
    if isinstance(raw, dict) and "document_sha256" in raw and "answers" in raw:
        try:
            evaluation = Evaluation.model_validate(raw)
        except ValidationError as exc:
            raise InputError("bad_submission", first_error(exc, name)) from None
        alias = Path(name).stem or "unnamed"
        note = f"{name}: a plain evaluation without a name; listed as {alias!r}"
        return make_submission(alias, evaluation), note
    raise InputError("not_a_submission", f"{name}: not a submission or an exported evaluation")


FUTURE_SLACK = timedelta(minutes=10)
"""A clock may be a little fast; a time further ahead than this is not trusted."""


def _updated(item: ImportedSubmission, now: datetime) -> tuple[datetime | None, str]:
    """When the evaluation was last changed, in UTC (a time without a zone is taken as UTC), or
    None with the reason when it lies in the future: a file's own time is never evidence."""
    when = item.submission.evaluation.updated_at
    try:
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset lies outside what a datetime holds
        return None, "its time is out of range: not trusted"
    if when > now + FUTURE_SLACK:
        return None, f"its time ({when:%Y-%m-%d %H:%M} UTC) is in the future: not trusted"
    return when, ""


def _answers_of(submission: Submission) -> tuple:
    """What a teacher would compare: each answer's rating and words, not its timestamps."""
    answers = submission.evaluation.answers
    return tuple(
        sorted(
            (cid, a.level, a.not_applicable, " ".join(a.justification.split()))
            for cid, a in answers.items()
        )
    )


def _ref(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _resolve(
    group: list[tuple[str, ImportedSubmission]],
    keep: Collection[str],
    now: datetime,
    result: SubmissionImport,
) -> None:
    """Submissions from one student for one report: copies collapse, differences wait."""
    distinct: list[tuple[str, ImportedSubmission]] = []
    for ref, item in group:
        same = next(
            (d for d in distinct if _answers_of(d[1].submission) == _answers_of(item.submission)),
            None,
        )
        if same is None:
            distinct.append((ref, item))
            continue
        result.problems.append(
            ImportProblem(
                name=item.name,
                kind="duplicate",
                message=f"{item.name}: the same answers as {same[1].name}; counted once",
            )
        )
    if len(distinct) == 1:
        result.accepted.append(distinct[0][1])
        return
    chosen = [(ref, item) for ref, item in distinct if ref in keep]
    if len(chosen) == 1:
        kept = chosen[0][1]
        result.accepted.append(kept)
        for _, item in distinct:
            if item is not kept:
                result.problems.append(
                    ImportProblem(
                        name=item.name,
                        kind="duplicate",
                        message=f"{item.name}: another submission from "
                        f"{item.submission.student!r} for the same report; you chose {kept.name}",
                    )
                )
        return
    candidates = []
    for ref, item in distinct:
        when, note = _updated(item, now)
        candidates.append(
            Candidate(
                ref=ref,
                name=item.name,
                student=item.submission.student,
                answered=len(item.submission.evaluation.answers),
                updated_at=when,
                note=note,
            )
        )
    first = distinct[0][1]
    names = ", ".join(c.name for c in candidates)
    result.conflicts.append(
        Conflict(
            student=first.submission.student,
            report_sha256=first.submission.evaluation.document_sha256,
            candidates=candidates,
            message=f"{len(candidates)} different submissions from "
            f"{first.submission.student!r} for the same report ({names}): none is counted "
            "until you choose one",
        )
    )


def import_submissions(
    files: Iterable[tuple[str, bytes]],
    rubric: Rubric | None = None,
    reports: Iterable[str] | None = None,
    keep: Collection[str] = (),
    now: datetime | None = None,
) -> SubmissionImport:
    """Read every file; bad ones become problems named by file, never exceptions.

    `rubric` and `reports` (document SHA-256s) restrict what is accepted to the loaded exercise(s).
    Submissions from one student (names compared by `student_key`) for one report with the same
    answers count once. Differing ones are a `Conflict`, held back from every figure: neither
    the later file nor the later time wins, since a classmate can write either. The teacher
    picks one by passing its `Candidate.ref` in `keep`.
    """
    now = now or datetime.now(UTC)
    known_reports = set(reports) if reports is not None else None
    result = SubmissionImport()
    slots: dict[tuple[str, str], list[tuple[str, ImportedSubmission]]] = {}
    for name, data in files:
        try:
            submission, note = parse_submission(data, name)
        except InputError as exc:
            result.problems.append(ImportProblem(name=name, kind="damaged", message=exc.message))
            continue
        except Exception as exc:  # whatever else a file does, it must not stop the others
            message = f"{name}: could not be read ({type(exc).__name__})"
            result.problems.append(ImportProblem(name=name, kind="damaged", message=message))
            continue
        evaluation = submission.evaluation
        if rubric is not None:
            ref = evaluation.rubric
            if (ref.id, ref.version) != (rubric.id, rubric.version):
                result.problems.append(
                    ImportProblem(
                        name=name,
                        kind="other_rubric",
                        message=f"{name}: answers rubric {ref.id} v{ref.version}, "
                        f"not {rubric.id} v{rubric.version}",
                    )
                )
                continue
            unknown = sorted(set(evaluation.answers) - {c.id for c in rubric.criteria})
            if unknown:
                result.problems.append(
                    ImportProblem(
                        name=name,
                        kind="damaged",
                        message=f"{name}: answers criteria the rubric does not have: {unknown}",
                    )
                )
                continue
        if known_reports is not None and evaluation.document_sha256 not in known_reports:
            result.problems.append(
                ImportProblem(
                    name=name,
                    kind="other_report",
                    message=f"{name}: is for a different report "
                    f"({evaluation.document_sha256[:12]}…) than the loaded exercise(s)",
                )
            )
            continue
        if note:
            result.notes.append(note)
        slot = (student_key(submission.student), evaluation.document_sha256)
        item = ImportedSubmission(name=name, submission=submission)
        slots.setdefault(slot, []).append((_ref(data), item))
    for group in slots.values():
        _resolve(group, keep, now, result)
    return result
