"""The learned sentence decisions: grouped by document, beside the majority class and the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.validation.real import SentenceLabel, assign_split, load_documents
from evaluator.validation.real_sentences import (
    DECISIONS,
    NO_RULE,
    _folds,
    format_sentence_decisions,
    labelled_rows,
    rule_readings,
    sentence_decisions,
    sentence_sets,
    sets_option,
)

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


def _write(root: Path, documents: int = 20, texts: bool = False) -> None:
    (root / "labels").mkdir(parents=True)
    (root / "texts").mkdir()
    rows = []
    for i in range(documents):
        doc = f"doc-{i}"
        rows.append(
            f'[[document]]\nid = "{doc}"\ntitle = "t"\npublisher = "p"\ndate = "2020"\n'
            f'url = "https://example.org/{doc}"\nkind = "news"\nside = "n"\ntopic = "cse"\n'
            f'licence = "OGL-3.0"\nlicence_basis = "test"\nchars = 1\n'
        )
        body = [f'id = "{doc}"', 'labeller = "test"', "[criteria]"]
        quotes = []
        for j in range(6):
            own = j % 2 == 0
            template = (OWN if own else DISPUTED)[(i + j) % 2]
            quotes.append(template.format(n=10 * i + j, y=2000 + j))
            body.append(
                SENTENCE.format(
                    quote=quotes[-1],
                    speaker="document" if own else "quoted: a campaign",
                    stance="asserts" if own else "disputes",
                )
            )
        (root / "labels" / f"{doc}.toml").write_text("\n".join(body), encoding="utf-8")
        if texts:
            (root / "texts" / f"{doc}.txt").write_text("\n\n".join(quotes), encoding="utf-8")
    (root / "documents.toml").write_text("\n".join(rows), encoding="utf-8")


def test_folds_never_split_a_document_and_cover_every_one():
    groups = ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] + ["e"]
    folds = _folds(groups, 3)
    assert sorted(d for fold in folds for d in fold) == ["a", "b", "c", "d", "e"]
    assert sum(len(fold) for fold in folds) == 5


def test_rows_read_both_parts_unless_told(tmp_path: Path):
    _write(tmp_path)
    split = assign_split(load_documents(tmp_path))
    dev = {d for d, part in split.items() if part == "dev"}
    every = labelled_rows(["main"], root=tmp_path)
    assert {r.document for r in every} == {f"main/{d}" for d in split}
    only_dev = labelled_rows(["main"], ["dev"], root=tmp_path)
    assert {r.document for r in only_dev} == {f"main/{d}" for d in dev} != set(split)


def test_every_set_with_sentence_labels_is_read_by_default(tmp_path: Path):
    _write(tmp_path)
    _write(tmp_path / "holdout-3")
    # A later set labelled by criteria only, as holdouts were before their sentences.
    _write(tmp_path / "holdout-4", documents=2)
    for path in (tmp_path / "holdout-4" / "labels").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.split("[[sentences]]")[0], encoding="utf-8")
    assert sentence_sets(tmp_path) == ["main", "holdout-3"]
    documents = {r.document.split("/")[0] for r in labelled_rows(root=tmp_path)}
    assert documents == {"main", "holdout-3"}


def test_learned_decisions_beat_the_majority_when_learnable(tmp_path: Path):
    _write(tmp_path)
    scores = {s.decision: s for s in sentence_decisions(tmp_path, ["main"], rules=False)}
    stance = scores["stance"]
    assert stance.documents == 20 and stance.sentences == 120
    assert stance.classes == {"asserts": 60, "disputes": 60}
    assert stance.learned.accuracy > stance.majority.accuracy
    assert stance.learned.macro_f1 > stance.majority.macro_f1
    assert stance.rules is None and stance.combined is None  # no texts read
    assert "role" not in scores  # one class only: nothing to learn or report


def test_rules_are_scored_on_the_same_sentences_and_unfound_quotes_are_left_out(tmp_path: Path):
    _write(tmp_path, texts=True)
    label = tmp_path / "labels" / "doc-0.toml"
    missing = SENTENCE.format(
        quote="A sentence the text does not hold.",
        speaker="document",
        stance="asserts",
    )
    label.write_text(label.read_text(encoding="utf-8") + missing, encoding="utf-8")
    scores = {s.decision: s for s in sentence_decisions(tmp_path, ["main"])}
    stance = scores["stance"]
    assert stance.left_out == 1 and stance.sentences == 120
    assert stance.rules is not None and stance.combined is not None and stance.gated is not None
    # The checks read "It is a myth that ..." and "... cannot be reproduced" as disputes.
    assert stance.rules.recall["disputes"] == 1.0
    # ... and keep the document's own counts beside them as its own, so the gate, which
    # overrides a rule only where the model is sure it is wrong, has nothing to change.
    assert stance.rules.accuracy == 1.0
    assert stance.overrides == sum(n for n, _ in stance.overrides_to.values()) == 0
    assert stance.gated == stance.rules
    # The words-only gate is scored on the same sentences, and counts what it changed.
    assert stance.words_gated is not None
    assert (stance.words_overrides == 0) == (stance.words_gated == stance.rules)
    assert scores["speaker"].rules is not None
    # The confusion table counts the same sentences: every reading on its diagonal here.
    assert stance.confusion == {"asserts": {"asserts": 60}, "disputes": {"disputes": 60}}
    assert "| readers \\ rules | asserts | disputes |" in format_sentence_decisions([stance])


def test_scores_are_the_same_on_every_run(tmp_path: Path):
    _write(tmp_path, documents=10)
    first = sentence_decisions(tmp_path, ["main"], rules=False)
    assert first == sentence_decisions(tmp_path, ["main"], rules=False)


def test_the_rules_read_shares_and_their_bases():
    text = (
        "Of the 310 people arrested in Eastham in 2022, 41 (13%) were under 18.\n\n"
        "Most offenders were local men.\n\n"
        "Officers recorded 1,180 thefts in Eastham during 2022."
    )
    quotes = [
        "Of the 310 people arrested in Eastham in 2022, 41 (13%) were under 18.",
        "Most offenders were local men.",
        "Officers recorded 1,180 thefts in Eastham during 2022.",
    ]
    readings = [rules for rules, _ in rule_readings(text, quotes)]
    assert [r["share"] for r in readings] == ["share", "share", "not"]
    assert [r["base_given"] for r in readings] == ["given", "missing", NO_RULE]


def test_a_passage_with_one_share_based_and_one_bare_reads_as_missing(monkeypatch):
    from evaluator.checks import denominators
    from evaluator.models import Findings, PercentageFinding

    sentence = "Of the 310 people arrested, 41 (13%) were under 18, and 84% were men."

    def two_shares(context):
        def share(value, based):
            return PercentageFinding(
                page=1, sentence=sentence, value=value, denominator=None,
                base_defined=based, consistent=None,
            )  # fmt: skip

        return Findings(percentages=[share(13.0, True), share(84.0, False)])

    monkeypatch.setattr(denominators, "detect", two_shares)
    ((rules, _),) = rule_readings(sentence, [sentence])
    assert rules["share"] == "share" and rules["base_given"] == "missing"


def test_the_sets_option_refuses_what_would_read_every_set(tmp_path: Path):
    _write(tmp_path)
    _write(tmp_path / "holdout-3")
    assert sets_option([], tmp_path) is None
    assert sets_option(["--json"], tmp_path) is None
    assert sets_option(["--sets=main, holdout-3,main"], tmp_path) == ["main", "holdout-3"]
    assert sets_option(["--sets", "holdout-3"], tmp_path) == ["holdout-3"]
    for bad in (["--sets="], ["--sets"], ["--set=main"], ["--sets=main,holdout-9"]):
        with pytest.raises(ValueError):
            sets_option(bad, tmp_path)


def test_base_given_is_read_only_for_shares_and_rates():
    read = DECISIONS["base_given"]
    share = SentenceLabel.model_validate(_label(number_kind="percentage", base_given=False))
    count = SentenceLabel.model_validate(_label(number_kind="count", base_given=True))
    assert read(share) == "missing" and read(count) is None


def _label(**fields):
    base = dict(
        quote="q", role="claim", speaker="document", stance="asserts", attribute="none",
        label_provenance="none", base_given="none", number_kind="none",
        recommendation_basis="none",
    )  # fmt: skip
    return {**base, **fields}


def test_the_words_gate_overrides_a_rule_the_labels_contradict(tmp_path: Path):
    _write(tmp_path, texts=True)
    # The readers call every disputed template merely reported: the rules read "disputes",
    # and a model of the words alone learns the readers' class and overrides them.
    for path in (tmp_path / "labels").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('stance = "disputes"', 'stance = "reports"'), "utf-8")
    stance = next(s for s in sentence_decisions(tmp_path, ["main"]) if s.decision == "stance")
    assert stance.rules is not None and stance.words_gated is not None
    assert stance.words_overrides > 0
    assert stance.words_gated.accuracy > stance.rules.accuracy
