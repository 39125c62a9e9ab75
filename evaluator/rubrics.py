"""Rubric files: TOML validated into `Rubric` models with one-line errors.

The built-in rubrics ship inside the package (`evaluator/data/rubrics/`), so an installed wheel
has them. A deployment's own rubrics live in folders it names in EVALUATOR_RUBRIC_DIRS; no folder
outside the package is searched by itself (beside an installed package is site-packages).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

from pydantic import ValidationError

from .errors import field_path, reason
from .models import RUBRIC_ID_PATTERN, Rubric
from .nesting import toml_depth, too_deep

RUBRIC_DIR = Path(__file__).resolve().parent / "data" / "rubrics"
"""The built-in rubrics, shipped in the package."""
DEFAULT_RUBRIC_ID = "default"
EXTRA_DIRS_ENV = "EVALUATOR_RUBRIC_DIRS"
"""os.pathsep-separated folders searched after the built-in one, for a deployment's own rubrics."""
MAX_RUBRIC_BYTES = 512 * 1024
"""The default rubric is about 10 KB; a file fifty times that is not a rubric."""


class RubricError(ValueError):
    """A rubric that cannot be used. str() is one line: file, field or line, reason."""

    def __init__(self, path: Path | str, where: str, reason: str) -> None:
        self.path, self.where, self.reason = str(path), where, reason
        location = f"{self.path}: {where}: " if where else f"{self.path}: "
        super().__init__(f"{location}{reason}")


def _reason(error) -> str:
    """The shared wording, plus the one case only a rubric has: a level's descriptor."""
    if error["type"] == "missing" and error["loc"] and error["loc"][-1] in ("0", "1", "2", "3"):
        return f"missing descriptor for level {error['loc'][-1]}"
    return reason(error)


def parse_rubric(text: str, path: Path | str = "<rubric>") -> Rubric:
    if len(text) > MAX_RUBRIC_BYTES:
        raise RubricError(
            path, "", f"{len(text):,} characters; a rubric may have {MAX_RUBRIC_BYTES:,}"
        )
    if problem := too_deep(toml_depth(text)):
        raise RubricError(path, "", problem)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        where = f"line {match.group(1) if match else last_line}"
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise RubricError(path, where, f"invalid TOML: {reason}") from None
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = field_path(first["loc"])
        reason = _reason(first)
        duplicate = re.search(r"duplicate criterion id '([^']+)'", reason)
        if duplicate:
            ids = [c.get("id") for c in data.get("criteria", []) if isinstance(c, dict)]
            index = [i for i, cid in enumerate(ids) if cid == duplicate.group(1)][-1]
            where = f"criteria[{index}].id"
        if len(exc.errors()) > 1:
            reason += f" (and {len(exc.errors()) - 1} more problem(s))"
        raise RubricError(path, where, reason) from None


def read_rubric_file(path: Path | str) -> str:
    """A rubric file's text: a regular file of bounded size, never a device, FIFO or folder.

    The file is opened without blocking and checked on the open descriptor, so a FIFO cannot
    hang the reader and a symlink swapped after a check cannot slip a device in.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise RubricError(path, "", "no such rubric file") from None
    except OSError as exc:
        raise RubricError(path, "", f"cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RubricError(path, "", "not a regular file")
        if info.st_size > MAX_RUBRIC_BYTES:
            raise RubricError(
                path, "", f"{info.st_size:,} bytes; a rubric file may have {MAX_RUBRIC_BYTES:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_RUBRIC_BYTES + 1)
    except OSError as exc:
        raise RubricError(path, "", f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_RUBRIC_BYTES:
        raise RubricError(path, "", f"larger than {MAX_RUBRIC_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RubricError(path, "", "not UTF-8 text") from None


def load_rubric(path: Path | str) -> Rubric:
    return parse_rubric(read_rubric_file(path), path)


def rubric_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(EXTRA_DIRS_ENV, "").split(os.pathsep) if p]
    return [RUBRIC_DIR, *extra]


def rubric_files() -> list[Path]:
    files: list[Path] = []
    for folder in rubric_dirs():
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    return files


def available_rubrics() -> tuple[list[tuple[Path, Rubric]], list[RubricError]]:
    """Every rubric that loads, and an error for each that doesn't (one bad file hides nothing)."""
    good: list[tuple[Path, Rubric]] = []
    bad: list[RubricError] = []
    for path in rubric_files():
        try:
            good.append((path, load_rubric(path)))
        except RubricError as exc:
            bad.append(exc)
    return good, bad


def is_rubric_id(ref: str) -> bool:
    return re.fullmatch(RUBRIC_ID_PATTERN, ref) is not None


def rubric_by_id(rubric_id: str) -> Rubric:
    """The rubric with this id from the rubric folders; the id is never read as a path.

    Everything that comes from a person (an imported evaluation, the app) goes through here.
    """
    if not is_rubric_id(rubric_id):
        shown = " ".join(rubric_id.split())[:80]
        raise RubricError(
            repr(shown), "", "not a rubric id (lowercase letters, digits, - and _, at most 64)"
        )
    ref = rubric_id
    good, bad = available_rubrics()
    for _, rubric in good:
        if rubric.id == ref:
            return rubric
    for path, _ in good:
        if path.stem == ref:
            return load_rubric(path)
    for error in bad:
        if Path(error.path).stem == ref:
            raise error
    known = ", ".join(sorted(r.id for _, r in good)) or "none"
    raise RubricError(ref, "", f"no rubric with this id (available: {known})")


def resolve_rubric(ref: str | None = None) -> Rubric:
    """A rubric by id or, for the command line's explicit `--rubric PATH`, by file path.

    Only the CLI may call this with a person's text: anything that is not an id is a path.
    """
    ref = ref or DEFAULT_RUBRIC_ID
    if is_rubric_id(ref):
        return rubric_by_id(ref)
    return load_rubric(ref)


def default_rubric() -> Rubric:
    return rubric_by_id(DEFAULT_RUBRIC_ID)
