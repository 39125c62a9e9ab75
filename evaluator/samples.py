"""The bundled sample reports: list them and open their PDF, source, answer key and teacher notes.

Each report lives in `sample_reports/ID/` next to the package, with `report.pdf` (built from
`source.md` by `sample_reports/build.py`), `key.toml` (see `evaluator.answer_keys`) and
`notes.md` for teachers.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .answer_keys import AnswerKey, Split, parse_answer_key
from .errors import InputError

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_reports"
PDF_NAME = "report.pdf"
SOURCE_NAME = "source.md"
KEY_NAME = "key.toml"
NOTES_NAME = "notes.md"


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
