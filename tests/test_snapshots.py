"""The analysis JSON of every sample report, held against a committed snapshot.

A restructuring must not change what a reader is told. A change that is meant to (a detector
fix) regenerates the snapshots in its own commit: `EVALUATOR_UPDATE_SNAPSHOTS=1 pytest
tests/test_snapshots.py`, and the diff shows exactly what moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from evaluator.analysis import analyze
from evaluator.ingest import load_path
from evaluator.rubrics import default_rubric
from evaluator.samples import sample_ids, sample_pdf_path

SNAPSHOTS = Path(__file__).parent / "snapshots" / "analysis"
UPDATE = os.environ.get("EVALUATOR_UPDATE_SNAPSHOTS") == "1"


def _analysis_json(sample_id: str) -> str:
    document = load_path(sample_pdf_path(sample_id))
    analysis = analyze(document, default_rubric())
    return json.dumps(analysis.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def test_every_sample_has_a_snapshot():
    assert sample_ids(), "no sample reports found"
    held = sorted(p.stem for p in SNAPSHOTS.glob("*.json"))
    assert held == sample_ids() or UPDATE


@pytest.mark.parametrize("sample_id", sample_ids())
def test_analysis_matches_snapshot(sample_id):
    produced = _analysis_json(sample_id)
    path = SNAPSHOTS / f"{sample_id}.json"
    if UPDATE:
        path.write_text(produced, encoding="utf-8")
    assert path.is_file(), f"no snapshot for {sample_id}; see this module's docstring"
    assert json.loads(produced) == json.loads(path.read_text(encoding="utf-8"))
