"""The sample reports: keys validate, quotes are where the keys say, PDFs match their sources."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from evaluator.answer_keys import AnswerKey, CriterionKey, PercentageKey
from evaluator.checks.denominators import grim_consistent
from evaluator.errors import InputError
from evaluator.ingest import load_path
from evaluator.rubrics import default_rubric
from evaluator.samples import (
    SAMPLES_DIR,
    list_samples,
    load_answer_key,
    load_teacher_notes,
    sample_ids,
    sample_pdf_path,
    sample_source_path,
)

IDS = sample_ids()
HASH_PREFIX = "source-sha256:"


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def page_texts() -> dict[str, list[str]]:
    return {
        sample_id: [_collapse(page.text) for page in load_path(sample_pdf_path(sample_id)).pages]
        for sample_id in IDS
    }


def test_there_are_at_least_eight_samples_with_both_splits():
    infos = list_samples()
    assert len(infos) >= 8
    assert [info.id for info in infos] == IDS
    splits = [info.split for info in infos]
    assert abs(splits.count("tuning") - splits.count("held_out")) <= 1


@pytest.mark.parametrize("sample_id", IDS)
def test_key_covers_every_default_criterion(sample_id):
    key = load_answer_key(sample_id)
    rubric_ids = [criterion.id for criterion in default_rubric().criteria]
    assert sorted(key.criteria) == sorted(rubric_ids)


@pytest.mark.parametrize("sample_id", IDS)
def test_every_key_quote_is_on_its_page(sample_id, page_texts):
    pages = page_texts[sample_id]
    missing = []
    for page, quote in load_answer_key(sample_id).quotes():
        if page > len(pages) or _collapse(quote) not in pages[page - 1]:
            missing.append(f"p{page}: {quote[:70]}")
    assert not missing, "\n".join(missing)


_PERCENT_SIGN = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d+)?%")


@pytest.mark.parametrize("sample_id", IDS)
def test_every_percent_sign_in_the_pdf_is_keyed(sample_id, page_texts):
    """Completeness: each "n%" in the body is a keyed percentage or sits in a keyed trap."""
    key = load_answer_key(sample_id)
    keyed: dict[tuple[int, str], int] = {}
    for item in key.percentages:
        if item.kind == "percent":
            spot = (item.page, _collapse(item.sentence))
            keyed[spot] = keyed.get(spot, 0) + 1
    excused = {(t.page, _collapse(t.sentence)) for t in key.traps if t.looks_like == "percentage"}
    for (page, sentence), count in keyed.items():
        assert count == len(_PERCENT_SIGN.findall(sentence)), f"p{page}: {sentence[:70]}"
    unkeyed = []
    for number, text in enumerate(page_texts[sample_id], start=1):
        spans = [
            (start, start + len(sentence))
            for (page, sentence) in [*keyed, *excused]
            if page == number and (start := text.find(sentence)) >= 0
        ]
        for match in _PERCENT_SIGN.finditer(text):
            if not any(a <= match.start() < b for a, b in spans):
                unkeyed.append(f"p{number}: ...{text[max(0, match.start() - 50) : match.end()]}")
    assert not unkeyed, "\n".join(unkeyed)


@pytest.mark.parametrize("sample_id", IDS)
def test_every_numbered_item_is_a_keyed_recommendation(sample_id):
    """In these reports numbered list items are recommendations; each must be in the key."""
    source = sample_source_path(sample_id).read_text(encoding="utf-8")
    items = [m.group(1) for m in re.finditer(r"^\d+\.\s+(.+)$", source, re.M)]
    keyed = {_collapse(rec.sentence) for rec in load_answer_key(sample_id).recommendations}
    assert items, "every sample report makes numbered recommendations"
    missing = [item for item in items if _collapse(item) not in keyed]
    assert not missing, missing


@pytest.mark.parametrize("sample_id", IDS)
def test_pdf_has_two_to_twelve_pages_and_is_small(sample_id):
    info = next(info for info in list_samples() if info.id == sample_id)
    assert 2 <= info.pages <= 12
    assert sample_pdf_path(sample_id).stat().st_size < 80_000


@pytest.mark.parametrize("sample_id", IDS)
def test_pdf_records_the_hash_of_its_current_source(sample_id):
    keywords = PdfReader(sample_pdf_path(sample_id)).metadata.get("/Keywords", "")
    expected = hashlib.sha256(sample_source_path(sample_id).read_bytes()).hexdigest()
    assert keywords == HASH_PREFIX + expected, "rebuild: .venv/bin/python sample_reports/build.py"


def test_rebuilt_pdfs_have_the_same_text_as_the_committed_ones(tmp_path, page_texts, monkeypatch):
    pytest.importorskip("fpdf")
    spec = importlib.util.spec_from_file_location("sample_build", SAMPLES_DIR / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)  # dataclasses look their module up
    spec.loader.exec_module(build)
    for sample_id in IDS:
        rebuilt = build.build(sample_id, out=tmp_path)
        texts = [_collapse(page.text) for page in load_path(rebuilt).pages]
        assert texts == page_texts[sample_id], sample_id


@pytest.mark.parametrize("sample_id", IDS)
def test_teacher_notes_have_the_three_parts(sample_id):
    notes = load_teacher_notes(sample_id).lower()
    for heading in ("what it teaches", "discussion questions", "content note"):
        assert heading in notes, f"{sample_id} notes lack '{heading}'"


def test_set_spans_every_level_and_not_applicable():
    seen: dict[str, set[int | None]] = {}
    for sample_id in IDS:
        for criterion_id, criterion in load_answer_key(sample_id).criteria.items():
            seen.setdefault(criterion_id, set()).add(criterion.level)
    for criterion_id, levels in seen.items():
        assert len(levels - {None}) >= 3, f"{criterion_id} is exercised at too few levels"
    assert None in seen["attribute_provenance"], "one report must make no attribute claim"


def test_set_has_a_grim_impossible_percentage():
    flagged = [
        item
        for sample_id in IDS
        for item in load_answer_key(sample_id).percentages
        if item.consistent is False
    ]
    assert flagged


def test_unknown_sample_is_a_clear_error():
    with pytest.raises(InputError) as caught:
        sample_pdf_path("no-such-report")
    assert caught.value.code == "unknown_sample"
    assert "no-such-report" in caught.value.message
    with pytest.raises(InputError):
        load_answer_key("../rubrics")


def test_grim_check():
    assert grim_consistent(41.3, 1240, 1)
    assert not grim_consistent(24.0, 30, 1)
    assert grim_consistent(23.3, 30, 1)
    assert not grim_consistent(24, 30, 0)
    assert grim_consistent(23, 30, 0)


def test_key_models_refuse_inconsistent_entries():
    with pytest.raises(ValidationError, match="consistent should be False"):
        PercentageKey(
            page=1, sentence="7 of 30 (24.0%)", text="24.0%", value=24.0, denominator=30,
            base_defined=True, consistent=True,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="either a level"):
        CriterionKey(level=2, not_applicable=True, justification="x")
    with pytest.raises(ValidationError, match="extra"):
        CriterionKey.model_validate({"level": 1, "justification": "x", "levl": 2})
    key = CriterionKey(
        level=2, tolerance=1, justification="x", evidence=[{"page": 1, "quote": "q"}]
    )
    assert key.accepts(3) and key.accepts(1) and not key.accepts(0) and not key.accepts(None)
    assert CriterionKey(not_applicable=True, justification="x").accepts(None)


def test_bad_key_file_names_the_field(tmp_path: Path):
    from evaluator.answer_keys import parse_answer_key

    path = tmp_path / "key.toml"
    path.write_text('id = "x"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_answer_key(path)
    assert caught.value.code == "bad_answer_key"
    assert str(path) in caught.value.message
    assert isinstance(load_answer_key(IDS[0]), AnswerKey)


def test_without_the_sample_folder_there_are_no_samples_and_nothing_fails(tmp_path, monkeypatch):
    # An installed wheel has no sample_reports/ beside the package.
    import io
    import json

    from evaluator import cli, samples

    monkeypatch.setattr(samples, "SAMPLES_DIR", tmp_path / "absent")
    assert samples.sample_ids() == [] and samples.list_samples() == []
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["samples", "--format", "json"], out, err) == 0
    assert json.loads(out.getvalue()) == {"samples": []}
    assert cli.main(["samples", "wexshire-campaign"], io.StringIO(), err) == 2
    assert "none installed" in err.getvalue()
