"""The learned sentence decisions: grouped by document, dev part only, against the majority."""

from __future__ import annotations

from pathlib import Path

from evaluator.validation.real import assign_split, load_documents
from evaluator.validation.real_sentences import _folds, sentence_decisions

SENTENCE = """
[[sentences]]
quote = "{quote}"
role = "claim"
speaker = "{speaker}"
stance = "{stance}"
attribute = "none"
label_provenance = "none"
base_given = "none"
number_kind = "count"
recommendation_basis = "none"
"""

OWN = ["Officers recorded {n} thefts in Eastham during {y}.", "We counted {n} cases in {y}."]
DISPUTED = [
    "The campaign's figure of {n} cases in {y} cannot be reproduced.",
    "It is a myth that {n} people were involved in {y}.",
]


def _write(root: Path, documents: int = 20) -> None:
    (root / "labels").mkdir(parents=True)
    rows = []
    for i in range(documents):
        doc = f"doc-{i}"
        rows.append(
            f'[[document]]\nid = "{doc}"\ntitle = "t"\npublisher = "p"\ndate = "2020"\n'
            f'url = "https://example.org/{doc}"\nkind = "news"\nside = "n"\ntopic = "cse"\n'
            f'licence = "OGL-3.0"\nlicence_basis = "test"\nchars = 1\n'
        )
        body = [f'id = "{doc}"', 'labeller = "test"', "[criteria]"]
        for j in range(6):
            own = j % 2 == 0
            template = (OWN if own else DISPUTED)[(i + j) % 2]
            body.append(
                SENTENCE.format(
                    quote=template.format(n=10 * i + j, y=2000 + j),
                    speaker="document" if own else "quoted: a campaign",
                    stance="asserts" if own else "disputes",
                )
            )
        (root / "labels" / f"{doc}.toml").write_text("\n".join(body), encoding="utf-8")
    (root / "documents.toml").write_text("\n".join(rows), encoding="utf-8")


def test_folds_never_split_a_document_and_cover_every_one():
    groups = ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] + ["e"]
    folds = _folds(groups, 3)
    assert sorted(d for fold in folds for d in fold) == ["a", "b", "c", "d", "e"]
    assert sum(len(fold) for fold in folds) == 5


def test_learned_decisions_use_dev_documents_only_and_beat_the_majority_when_learnable(
    tmp_path: Path,
):
    _write(tmp_path)
    split = assign_split(load_documents(tmp_path))
    dev = [d for d, part in split.items() if part == "dev"]
    scores = {s.decision: s for s in sentence_decisions(tmp_path)}
    stance = scores["stance"]
    assert stance.documents == len(dev) < 20  # test documents are never read
    assert stance.sentences == 6 * len(dev)
    assert stance.classes == {"asserts": 3 * len(dev), "disputes": 3 * len(dev)}
    assert stance.accuracy > stance.majority_accuracy
    assert stance.macro_f1 > stance.majority_macro_f1
    assert "role" not in scores  # one class only: nothing to learn or report
