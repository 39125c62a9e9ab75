"""Issue 12, item 7: swapping the groups a report talks about moves no level.

Run over every sample report and every openly licensed development document in the repository
(the test part of the real-document set is left alone: it is measured once, at the end).
"""

from __future__ import annotations

import pytest

from evaluator.ingest import load_bytes, load_path
from evaluator.models import Document, Page
from evaluator.samples import sample_ids, sample_pdf_path
from evaluator.validation.real import REAL_DIR, assign_split, load_documents
from evaluator.validation.symmetry import asymmetries, swap_groups


def test_swap_groups_is_a_permutation_that_keeps_capitals():
    text = "Most were Asian; MUSLIM men, white women, foreign nationals and Pakistanis."
    swapped = swap_groups(text)
    assert swapped == "Most were White; CHRISTIAN men, black women, UK nationals and Indians."
    assert swap_groups("UK nationals") == "foreign nationals"
    assert swap_groups("Whiteley and Asianness") == "Whiteley and Asianness"
    back = swapped
    for _ in range(11):  # every cycle has 2, 3 or 4 terms: 12 swaps bring each term home
        back = swap_groups(back)
    assert back == text


def test_asymmetries_names_a_level_that_depends_on_the_group(monkeypatch):
    from evaluator import analysis
    from evaluator.validation import symmetry

    def biased(document, rubric):
        # A deliberately unfair analysis: it docks one point when the text names one group.
        result = analysis.analyze(document, rubric)
        if "Asian" not in document.pages[0].text:
            return result
        first = result.criteria[0].model_copy(update={"suggested_level": 0})
        return result.model_copy(update={"criteria": [first, *result.criteria[1:]]})

    monkeypatch.setattr(symmetry, "analyze", biased)
    doc = Document(
        sha256="0" * 64,
        source="text",
        pages=[Page(number=1, text="Of the 300 suspects in 2022, 40% were Asian (police data).")],
    )
    found = asymmetries(doc)
    assert [a.criterion for a in found] == ["sources"]
    assert found[0].before == "0"


def _dev_texts() -> list[tuple[str, bytes]]:
    if not (REAL_DIR / "documents.toml").is_file():
        return []
    docs = load_documents()
    split = assign_split(docs)
    out = []
    for doc in docs:
        path = REAL_DIR / "texts" / f"{doc.id}.txt"
        if split[doc.id] == "dev" and path.is_file():
            out.append((doc.id, path.read_bytes()))
    return out


@pytest.mark.parametrize("sample_id", sample_ids())
def test_no_level_moves_when_a_samples_groups_are_swapped(sample_id):
    assert asymmetries(load_path(sample_pdf_path(sample_id))) == []


@pytest.mark.parametrize(("doc_id", "data"), _dev_texts(), ids=[i for i, _ in _dev_texts()])
def test_no_level_moves_when_a_real_documents_groups_are_swapped(doc_id, data):
    assert asymmetries(load_bytes(data, f"{doc_id}.txt", cache=False)) == []
