"""Classroom exercises: the pack a teacher hands out, the submissions students hand back, and how
far the class agrees with the answer key.

A pack is a single JSON file with the report's bytes in base64. One file is what a teacher can
e-mail or put on a learning platform; JSON keeps the settings and notes readable and lets one
strict model check the whole thing (a zip would need a manifest plus path and size checks on every
member). Base64 costs a third more bytes, which is nothing for the 2–4 page reports a class reads.

A pack exported for students never carries the teacher's notes, and carries the answer key only
once the teacher has released it: a hidden key that sits inside the file is not hidden.

Agreement rules (the dashboard and the CSV follow them):
- A student's rating and the key's are compared when both exist. "n/a" only equals "n/a"; "n/a"
  against a level counts as a disagreement, exact and within-one alike.
- Quadratic weighted kappa uses the pairs where both sides give a level 0–3. When either side
  uses a single level, kappa is reported as undefined (None, with the reason) rather than as the
  0 or NaN the formula produces: it would say nothing about how well the class did.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from ..answer_keys import CriterionKey
from ..errors import InputError, first_error
from ..escaping import csv_cell, one_line
from ..ingest import sha256_of
from ..models import Evaluation, Rubric, Strict
from ..nesting import json_depth, toml_depth, too_deep
from ..ratings import CHOICES, LEVELS, NOT_APPLICABLE, Rating, rating_of, short
from ..ratings import rating_of_suggestion as rating_of_suggestion
from ..rubrics import MAX_RUBRIC_BYTES, is_rubric_id, parse_rubric

PACK_KIND = "report-evaluator/exercise-pack"
SUBMISSION_KIND = "report-evaluator/submission"
MAX_PACK_BYTES = 40 * 1024 * 1024
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024
NA = NOT_APPLICABLE
RATING_COLUMNS = (*map(str, CHOICES), "unanswered")


_one_line = one_line


# --- exercise packs -----------------------------------------------------------------------------


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


def _json_of(data: bytes, name: str, what: str, limit: int) -> object:
    if len(data) > limit:
        raise InputError("too_large", f"{name}: {len(data):,} bytes is over the {limit:,} limit")
    if not data.strip():
        raise InputError("empty", f"{name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not_json", f"{name}: not {what} (not UTF-8 text)") from None
    if problem := too_deep(json_depth(text)):
        raise InputError("not_json", f"{name}: not {what} ({problem})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "not_json", f"{name}: not {what} (bad JSON at line {exc.lineno})"
        ) from None
    except RecursionError:
        raise InputError("not_json", f"{name}: not {what} (nested too deeply)") from None


def load_pack(data: bytes, name: str = "pack") -> ExercisePack:
    raw = _json_of(data, name, "an exercise pack", MAX_PACK_BYTES)
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


# --- submissions --------------------------------------------------------------------------------


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
        if isinstance(value, str):
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
    raw = _json_of(data, name, "a submission", MAX_SUBMISSION_BYTES)
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


# --- agreement ----------------------------------------------------------------------------------


def rating_of_answer(evaluation: Evaluation, criterion_id: str) -> Rating | None:
    return rating_of(evaluation.answers.get(criterion_id))


rating_of_key = rating_of  # an answer-key entry holds a rating the way an answer does


def rating_text(rating: Rating | None) -> str:
    """A rating as stored in the dashboard's figures and the class CSV: '' when there is none."""
    return short(rating, missing="")


def quadratic_kappa(first: Sequence[int], second: Sequence[int]) -> tuple[float | None, str]:
    """Quadratic weighted kappa on levels 0–3, or None and the reason it is undefined."""
    if len(first) != len(second):
        raise ValueError("kappa needs two equally long lists of ratings")
    if len(first) < 2:
        return None, "fewer than two pairs of levels"
    if len(set(first)) == 1 or len(set(second)) == 1:
        return None, "undefined: one side gives the same level every time"
    from sklearn.metrics import cohen_kappa_score

    value = cohen_kappa_score(list(first), list(second), labels=list(LEVELS), weights="quadratic")
    return round(float(value), 4), ""


def krippendorff_alpha(
    units: Sequence[Sequence[int]], metric: Literal["nominal", "ordinal", "interval"] = "ordinal"
) -> tuple[float | None, str]:
    """Krippendorff's alpha over units (items), each the levels its raters gave; any number of
    raters, missing ratings simply absent. None with a reason when it is undefined.

    Built from the coincidence matrix as in Krippendorff's "Computing Krippendorff's
    Alpha-Reliability"; the tests check it against that paper's worked example.
    """
    pairable = [list(unit) for unit in units if len(unit) >= 2]
    values = sorted({v for unit in pairable for v in unit})
    if not pairable:
        return None, "no item has two or more ratings"
    if len(values) < 2:
        return None, "undefined: every rating is the same level"
    coincidences: Counter[tuple[int, int]] = Counter()
    for unit in pairable:
        counts = Counter(unit)
        for c in counts:
            for k in counts:
                pairs = counts[c] * (counts[k] - (c == k))
                coincidences[c, k] += pairs / (len(unit) - 1)
    totals = {c: sum(coincidences[c, k] for k in values) for c in values}
    n = sum(totals.values())
    position = {v: i for i, v in enumerate(values)}

    def distance(c: int, k: int) -> float:
        if metric == "nominal":
            return float(c != k)
        if metric == "interval":
            return float((c - k) ** 2)
        low, high = sorted((position[c], position[k]))
        between = sum(totals[g] for g in values[low : high + 1]) - (totals[c] + totals[k]) / 2
        return between**2

    observed = sum(coincidences[c, k] * distance(c, k) for c in values for k in values)
    expected = sum(totals[c] * totals[k] * distance(c, k) for c in values for k in values)
    return round(1 - (n - 1) * observed / expected, 4), ""


class Agreement(BaseModel):
    """How a set of (student, key) rating pairs agree."""

    compared: int = Field(description="pairs where both the student and the key give a rating")
    exact: int
    within_one: int = Field(description="same level or one apart; n/a only with n/a")
    exact_rate: float | None
    within_one_rate: float | None
    kappa: float | None = Field(description="quadratic weighted kappa over level pairs")
    kappa_pairs: int = Field(description="pairs where both sides give a level 0–3")
    kappa_note: str = ""


def _exact(a: Rating, b: Rating) -> bool:
    return a == b


def _within_one(a: Rating, b: Rating) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return abs(a - b) <= 1
    return a == b


def agreement(pairs: Sequence[tuple[Rating, Rating]], with_kappa: bool = True) -> Agreement:
    """Agreement of (student, key) pairs; both sides must be ratings, not None."""
    exact = sum(_exact(a, b) for a, b in pairs)
    within = sum(_within_one(a, b) for a, b in pairs)
    levels = [(a, b) for a, b in pairs if isinstance(a, int) and isinstance(b, int)]
    kappa, note = None, "not computed"
    if with_kappa:
        kappa, note = quadratic_kappa([a for a, _ in levels], [b for _, b in levels])
    n = len(pairs)
    return Agreement(
        compared=n,
        exact=exact,
        within_one=within,
        exact_rate=round(exact / n, 4) if n else None,
        within_one_rate=round(within / n, 4) if n else None,
        kappa=kappa,
        kappa_pairs=len(levels),
        kappa_note=note,
    )


def distribution(ratings: Iterable[Rating | None]) -> dict[str, int]:
    counts = Counter("unanswered" if r is None else str(r) for r in ratings)
    return {column: counts.get(column, 0) for column in RATING_COLUMNS}


# --- the class dashboard ------------------------------------------------------------------------


class ReportRef(BaseModel):
    sha256: str
    title: str
    has_key: bool


class CriterionStats(BaseModel):
    criterion_id: str
    title: str
    distribution: dict[str, int]
    agreement: Agreement | None = Field(description="null when no loaded report has a key")


class StudentStats(BaseModel):
    student: str
    submissions: int
    answered: int
    agreement: Agreement | None


class ItemStats(BaseModel):
    """One question on one report: what the class said, what the key and the tool said."""

    report_sha256: str
    report_title: str
    criterion_id: str
    criterion_title: str = ""
    key: str = Field(description="the key's rating, '' without a key")
    tolerance: int | None
    tool: str = Field(description="the tool's suggestion: a level, 'n/a' or '' for none")
    distribution: dict[str, int]
    consensus: float | None = Field(description="share of answers that give the commonest rating")
    agreement: Agreement | None
    within_tolerance: int | None = None


class Dashboard(BaseModel):
    reports: list[ReportRef]
    submissions: int
    students: int
    criteria: list[CriterionStats]
    per_student: list[StudentStats]
    items: list[ItemStats]
    lowest: list[ItemStats] = Field(description="items to discuss first: lowest agreement")
    tool: Agreement | None = Field(
        default=None, description="the tool's suggestions against the key, item by item"
    )
    class_alpha: float | None = Field(
        default=None, description="Krippendorff's alpha (ordinal) among the students, key aside"
    )
    class_alpha_note: str = ""


def _tool_agreement(items: Sequence[ItemStats]) -> Agreement | None:
    """Track the detectors like a student, so the teacher sees where automation is weak."""
    pairs = []
    for item in items:
        if item.key and item.tool:
            tool = NA if item.tool == NA else int(item.tool)
            key = NA if item.key == NA else int(item.key)
            pairs.append((tool, key))
    return agreement(pairs) if pairs else None


def _tool_rating(submissions: Sequence[Submission], criterion_id: str) -> Rating | None:
    """The tool's suggestion as the submissions recorded it (the commonest, should they differ)."""
    seen: Counter[str] = Counter()
    for submission in submissions:
        for suggestion in submission.evaluation.suggestions:
            rating = rating_of_suggestion(suggestion)
            if suggestion.id == criterion_id and rating is not None:
                seen[str(rating)] += 1
    if not seen:
        return None
    top = seen.most_common(1)[0][0]
    return NA if top == NA else int(top)


def _consensus(ratings: Sequence[Rating | None]) -> float | None:
    given = [r for r in ratings if r is not None]
    if not given:
        return None
    return round(Counter(map(str, given)).most_common(1)[0][1] / len(given), 4)


def lowest_items(items: Sequence[ItemStats], limit: int = 5) -> list[ItemStats]:
    """Items to discuss: lowest exact agreement with the key first, then the least consensus."""
    keyed = [i for i in items if i.agreement is not None and i.agreement.compared]
    unkeyed = [i for i in items if i not in keyed and i.consensus is not None]
    keyed.sort(key=lambda i: (i.agreement.exact_rate, i.agreement.within_one_rate))
    unkeyed.sort(key=lambda i: i.consensus)
    return (keyed + unkeyed)[:limit]


def class_dashboard(
    submissions: Sequence[Submission],
    rubric: Rubric,
    keys: Mapping[str, Mapping[str, CriterionKey] | None],
    titles: Mapping[str, str] | None = None,
    lowest: int = 5,
) -> Dashboard:
    """Figures for the teacher. `keys` maps each report's SHA-256 to its answer key (or None)."""
    titles = titles or {}
    shas = list(dict.fromkeys([*keys, *(s.evaluation.document_sha256 for s in submissions)]))
    by_report = {
        sha: [s for s in submissions if s.evaluation.document_sha256 == sha] for sha in shas
    }
    reports = [
        ReportRef(sha256=sha, title=titles.get(sha) or sha[:12], has_key=bool(keys.get(sha)))
        for sha in shas
    ]

    items: list[ItemStats] = []
    criteria: list[CriterionStats] = []
    for criterion in rubric.criteria:
        all_ratings: list[Rating | None] = []
        pairs: list[tuple[Rating, Rating]] = []
        any_key = False
        for sha in shas:
            group = by_report[sha]
            key_entry = (keys.get(sha) or {}).get(criterion.id)
            key = rating_of_key(key_entry)
            ratings = [rating_of_answer(s.evaluation, criterion.id) for s in group]
            all_ratings += ratings
            item_pairs = [(r, key) for r in ratings if r is not None and key is not None]
            if key is not None:
                any_key = True
                pairs += item_pairs
            within_tolerance = None
            if key_entry is not None:
                within_tolerance = sum(
                    key_entry.accepts(None if r == NA else r) for r, _ in item_pairs
                )
            items.append(
                ItemStats(
                    report_sha256=sha,
                    report_title=titles.get(sha) or sha[:12],
                    criterion_id=criterion.id,
                    criterion_title=criterion.title,
                    key=rating_text(key),
                    tolerance=key_entry.tolerance if key_entry else None,
                    tool=rating_text(_tool_rating(group, criterion.id)),
                    distribution=distribution(ratings),
                    consensus=_consensus(ratings),
                    # Kappa within one item is meaningless: the key gives a single level.
                    agreement=agreement(item_pairs, with_kappa=False) if key is not None else None,
                    within_tolerance=within_tolerance,
                )
            )
        criteria.append(
            CriterionStats(
                criterion_id=criterion.id,
                title=criterion.title,
                distribution=distribution(all_ratings),
                agreement=agreement(pairs) if any_key else None,
            )
        )

    students: dict[str, list[Submission]] = {}
    for submission in submissions:
        students.setdefault(student_key(submission.student), []).append(submission)
    per_student = []
    for group in students.values():
        pairs = []
        answered = 0
        has_key = False
        for submission in group:
            key_map = keys.get(submission.evaluation.document_sha256) or {}
            has_key = has_key or bool(key_map)
            for criterion in rubric.criteria:
                mine = rating_of_answer(submission.evaluation, criterion.id)
                answered += mine is not None
                key = rating_of_key(key_map.get(criterion.id))
                if mine is not None and key is not None:
                    pairs.append((mine, key))
        per_student.append(
            StudentStats(
                student=group[0].student,
                submissions=len(group),
                answered=answered,
                agreement=agreement(pairs) if has_key else None,
            )
        )
    per_student.sort(key=lambda s: student_key(s.student))

    units = []
    for sha in shas:
        for criterion in rubric.criteria:
            given = [rating_of_answer(s.evaluation, criterion.id) for s in by_report[sha]]
            units.append([r for r in given if isinstance(r, int)])
    alpha, alpha_note = krippendorff_alpha(units)
    return Dashboard(
        reports=reports,
        submissions=len(submissions),
        students=len(students),
        criteria=criteria,
        per_student=per_student,
        items=items,
        lowest=lowest_items(items, lowest),
        tool=_tool_agreement(items),
        class_alpha=alpha,
        class_alpha_note=alpha_note,
    )


# --- the class table as CSV ---------------------------------------------------------------------


CLASS_TABLE_COLUMNS = (
    "student",
    "report",
    "report_sha256",
    "criterion",
    "student_rating",
    "key_rating",
    "agreement",
    "tool_suggestion",
    "decision",
    "justification",
)


def _agreement_word(mine: Rating | None, key: Rating | None) -> str:
    if mine is None:
        return "unanswered"
    if key is None:
        return "no key"
    if _exact(mine, key):
        return "exact"
    return "within one" if _within_one(mine, key) else "off"


def class_table_rows(
    submissions: Sequence[Submission],
    rubric: Rubric,
    keys: Mapping[str, Mapping[str, CriterionKey] | None],
    titles: Mapping[str, str] | None = None,
) -> list[dict[str, str]]:
    """One row per student, report and question: the scoring sheet a teacher can re-analyse."""
    titles = titles or {}
    rows = []
    ordered = sorted(
        submissions, key=lambda s: (student_key(s.student), s.evaluation.document_sha256)
    )
    for submission in ordered:
        evaluation = submission.evaluation
        key_map = keys.get(evaluation.document_sha256) or {}
        tools = {s.id: s for s in evaluation.suggestions}
        for criterion in rubric.criteria:
            mine = rating_of_answer(evaluation, criterion.id)
            key = rating_of_key(key_map.get(criterion.id))
            answer = evaluation.answers.get(criterion.id)
            tool = rating_of_suggestion(tools.get(criterion.id))
            rows.append(
                {
                    "student": submission.student,
                    "report": titles.get(evaluation.document_sha256)
                    or evaluation.document_title
                    or "",
                    "report_sha256": evaluation.document_sha256,
                    "criterion": criterion.id,
                    "student_rating": rating_text(mine),
                    "key_rating": rating_text(key),
                    "agreement": _agreement_word(mine, key),
                    "tool_suggestion": rating_text(tool),
                    "decision": answer.decision if answer else "",
                    "justification": _one_line(answer.justification) if answer else "",
                }
            )
    return rows


def class_table_csv(rows: Sequence[Mapping[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CLASS_TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(str(v)) for k, v in row.items()})
    return buffer.getvalue()


# --- helpers for the classroom pages ------------------------------------------------------------


class _CriteriaOnly(Strict):
    criteria: dict[str, CriterionKey]


def parse_class_key(text: str, name: str = "key") -> dict[str, CriterionKey]:
    """An answer key from TOML: a sample's full key, or just `[criteria.ID]` tables."""
    from ..answer_keys import AnswerKey

    if len(text) > MAX_RUBRIC_BYTES:
        raise InputError("bad_answer_key", f"{name}: larger than {MAX_RUBRIC_BYTES:,} characters")
    if problem := too_deep(toml_depth(text)):
        raise InputError("bad_answer_key", f"{name}: {problem}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError("bad_answer_key", f"{name}: not valid TOML ({exc})") from None
    model = _CriteriaOnly if set(data) <= {"criteria"} else AnswerKey
    try:
        return dict(model.model_validate(data).criteria)
    except ValidationError as exc:
        raise InputError("bad_answer_key", first_error(exc, name)) from None


def build_key_entry(
    choice: Rating | None, tolerance: int, justification: str, page: int | None, quote: str
) -> CriterionKey | str | None:
    """One criterion of a key typed by a teacher: the entry, None when left blank, or an error."""
    if choice is None:
        return None
    evidence = [{"page": page or 1, "quote": " ".join(quote.split())}] if quote.strip() else []
    try:
        return CriterionKey(
            level=None if choice == NA else choice,
            not_applicable=choice == NA,
            tolerance=tolerance,
            justification=justification.strip(),
            evidence=evidence,
        )
    except ValidationError as exc:
        return first_error(exc)


def kappa_words(kappa: float | None) -> str:
    """Landis and Koch's bands: a convention for talking about kappa, not a law."""
    if kappa is None:
        return "undefined"
    for upper, word in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate")):
        if kappa <= upper:
            return word
    return "substantial" if kappa <= 0.8 else "almost perfect"


def comparison_rows(
    evaluation: Evaluation,
    rubric: Rubric,
    key: Mapping[str, CriterionKey] | None,
    blind_mode: bool,
    revealed: Iterable[str],
) -> list[dict[str, str]]:
    """A student's answers beside the tool's suggestion and the released key.

    Both follow the checklist's rule: shown once the question is answered and, in blind mode,
    revealed. Without blind mode the tool's suggestion is in view from the start anyway, but the
    key still waits for the student's answer.
    """
    revealed = set(revealed)
    suggestions = {s.id: s for s in evaluation.suggestions}
    hidden = "hidden until you answer and reveal" if blind_mode else "hidden until you answer"
    rows = []
    for criterion in rubric.criteria:
        mine = rating_of_answer(evaluation, criterion.id)
        answered = mine is not None
        opened = answered and (not blind_mode or criterion.id in revealed)
        row = {"question": criterion.title, "your answer": rating_text(mine) or "not answered"}
        if opened or not blind_mode:
            tool = rating_of_suggestion(suggestions.get(criterion.id))
            row["tool's suggestion"] = rating_text(tool) or "none"
        else:
            row["tool's suggestion"] = hidden
        if key is not None:
            expected = rating_of_key(key.get(criterion.id))
            row["answer key"] = (rating_text(expected) or "not in the key") if opened else hidden
            row["agreement"] = (
                _agreement_word(mine, expected) if opened and expected is not None else ""
            )
        rows.append(row)
    return rows


def _share(count: int, total: int) -> str:
    return f"{count}/{total} ({round(100 * count / total)}%)" if total else "–"


def _kappa_cell(result: Agreement) -> str:
    if result.kappa is None:
        return f"– ({result.kappa_note})"
    return f"{result.kappa:.2f} ({kappa_words(result.kappa)})"


def _agreement_cells(result: Agreement | None) -> dict[str, str]:
    if result is None:
        return {"exact": "no key", "within one": "no key"}
    return {
        "exact": _share(result.exact, result.compared),
        "within one": _share(result.within_one, result.compared),
    }


def criterion_table(board: Dashboard) -> list[dict[str, str | int]]:
    """One row per question: the spread of levels, then agreement with the key."""
    rows: list[dict[str, str | int]] = []
    for stats in board.criteria:
        row: dict[str, str | int] = {"question": stats.title, **stats.distribution}
        row.update(_agreement_cells(stats.agreement))
        row["weighted kappa"] = _kappa_cell(stats.agreement) if stats.agreement else "no key"
        rows.append(row)
    return rows


def student_table(board: Dashboard) -> list[dict[str, str | int]]:
    rows: list[dict[str, str | int]] = []
    for stats in board.per_student:
        row: dict[str, str | int] = {"student": stats.student, "answered": stats.answered}
        row.update(_agreement_cells(stats.agreement))
        row["weighted kappa"] = _kappa_cell(stats.agreement) if stats.agreement else "no key"
        rows.append(row)
    return rows


def item_table(items: Sequence[ItemStats]) -> list[dict[str, str]]:
    rows = []
    for item in items:
        spread = ", ".join(f"{k}: {v}" for k, v in item.distribution.items() if v)
        row = {
            "report": item.report_title,
            "question": item.criterion_title or item.criterion_id,
            "key": item.key or "–",
            "tool": item.tool or "–",
            "class answers": spread,
        }
        row.update(_agreement_cells(item.agreement))
        if item.consensus is not None:
            row["consensus"] = f"{round(100 * item.consensus)}%"
        rows.append(row)
    return rows
