"""The bundled sample reports: list them and open their PDF, source, answer key and teacher notes.

Each report lives in `sample_reports/ID/` beside the package in a checkout, with `report.pdf`
(built from `source.md` by `sample_reports/build.py`), `key.toml` (see `evaluator.answer_keys`)
and `notes.md` for teachers. They are teaching material, not data the analysis needs, so a wheel
does not ship them: where the folder is absent (an installed package) there are no samples.

The app shows a sample's key and notes only to a teacher who types the code set on the server in
EVALUATOR_TEACHER_CODE (see docs/classroom.md); `evaluator samples ID` only with `--with-key`.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel

from .answer_keys import AnswerKey, Split, parse_answer_key
from .errors import InputError

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_reports"
PDF_NAME = "report.pdf"
SOURCE_NAME = "source.md"
KEY_NAME = "key.toml"
NOTES_NAME = "notes.md"
TEACHER_CODE_ENV = "EVALUATOR_TEACHER_CODE"


class SampleInfo(BaseModel):
    id: str
    title: str
    topic: str
    pages: int
    description: str
    teaches: str
    split: Split


def sample_ids() -> list[str]:
    if not SAMPLES_DIR.is_dir():
        return []
    return sorted(p.parent.name for p in SAMPLES_DIR.glob(f"*/{KEY_NAME}"))


def _folder(sample_id: str) -> Path:
    known = sample_ids()
    if sample_id not in known:
        raise InputError(
            "unknown_sample",
            f"no sample report {sample_id!r}; known: {', '.join(known) or 'none installed'}",
        )
    return SAMPLES_DIR / sample_id


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise InputError("sample_incomplete", f"{path} is missing from the sample reports")
    return path


def sample_pdf_path(sample_id: str) -> Path:
    return _existing(_folder(sample_id) / PDF_NAME)


def sample_source_path(sample_id: str) -> Path:
    return _existing(_folder(sample_id) / SOURCE_NAME)


def load_answer_key(sample_id: str) -> AnswerKey:
    key = parse_answer_key(_folder(sample_id) / KEY_NAME)
    if key.id != sample_id:
        raise InputError("bad_answer_key", f"{sample_id}/{KEY_NAME} says its id is {key.id!r}")
    return key


def load_teacher_notes(sample_id: str) -> str:
    return _existing(_folder(sample_id) / NOTES_NAME).read_text(encoding="utf-8")


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def list_samples() -> list[SampleInfo]:
    """Every sample report, in id order, described from its answer key."""
    infos = []
    for sample_id in sample_ids():
        key = load_answer_key(sample_id)
        infos.append(
            SampleInfo(
                id=sample_id,
                title=key.title,
                topic=key.topic,
                pages=_page_count(sample_pdf_path(sample_id)),
                description=key.description,
                teaches=key.teaches,
                split=key.split,
            )
        )
    return infos


def teacher_code_set(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return bool(environ.get(TEACHER_CODE_ENV, "").strip())


def is_teacher(code: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether `code` is the server's teacher code; always False when none is set."""
    environ = os.environ if environ is None else environ
    expected = environ.get(TEACHER_CODE_ENV, "").strip()
    if not expected or not code:
        return False
    return hmac.compare_digest(code.strip().encode("utf-8"), expected.encode("utf-8"))
