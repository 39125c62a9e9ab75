"""Open-ended sentence decisions learned from the real documents' sentence labels (issue 12,
item 5), cross-validated by document on the dev part only.

Each labelled sentence in real_reports/labels carries decisions a rule finds hard to write down
(claim or mention, speaker, stance, recommendation basis, provenance of the label). Here a
scikit-learn model (the sentence classifier's features) is fitted on some dev documents and
tested on the others, and set beside the majority-class baseline, so the figures say whether
learning from these sentences beats guessing. Test-part sentences are never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from ..classifier import new_pipeline
from .real import REAL_DIR, SentenceLabel, assign_split, load_documents, load_labels

FOLDS = 5

# Each decision: its name, and how to read it off a sentence label (None leaves the sentence out).
DECISIONS: dict[str, Callable[[SentenceLabel], str | None]] = {
    "role": lambda s: s.role,
    "claim_or_mention": lambda s: s.role if s.role in ("claim", "mention") else None,
    "speaker": lambda s: "document" if s.speaker == "document" else "quoted",
    "stance": lambda s: s.stance,
    "recommendation_basis": lambda s: (
        s.recommendation_basis if s.role == "recommendation" else None
    ),
    "label_provenance": lambda s: s.label_provenance if s.attribute != "none" else None,
}


class DecisionScores(BaseModel):
    decision: str
    sentences: int
    documents: int
    classes: dict[str, int] = Field(description="sentences per class")
    majority_accuracy: float = Field(description="always guessing the commonest class")
    accuracy: float = Field(description="held-out accuracy, grouped by document")
    macro_f1: float
    majority_macro_f1: float


def dev_sentences(root: Path = REAL_DIR) -> list[tuple[str, SentenceLabel]]:
    """(document id, sentence label) for every labelled sentence of a dev document."""
    split = assign_split(load_documents(root))
    labels = load_labels(root / "labels")
    return [
        (doc_id, sentence)
        for doc_id, label in sorted(labels.items())
        if split.get(doc_id) == "dev"
        for sentence in label.sentences
    ]


def _folds(groups: list[str], k: int) -> list[set[str]]:
    """Documents dealt into k folds in a fixed order, largest first, to balance sentences."""
    sizes = Counter(groups)
    folds: list[set[str]] = [set() for _ in range(k)]
    load = [0] * k
    for doc, n in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        smallest = load.index(min(load))
        folds[smallest].add(doc)
        load[smallest] += n
    return [fold for fold in folds if fold]


def score_decision(
    name: str, rows: list[tuple[str, SentenceLabel]], folds: int = FOLDS
) -> DecisionScores | None:
    from sklearn.metrics import accuracy_score, f1_score

    read = DECISIONS[name]
    kept = [(doc, s.quote, y) for doc, s in rows if (y := read(s)) is not None]
    classes = Counter(y for _, _, y in kept)
    if len(classes) < 2:
        return None
    truth: list[str] = []
    predicted: list[str] = []
    majority: list[str] = []
    for held in _folds([doc for doc, _, _ in kept], folds):
        train = [(q, y) for doc, q, y in kept if doc not in held]
        test = [(q, y) for doc, q, y in kept if doc in held]
        if not test or len({y for _, y in train}) < 2:
            continue
        model = new_pipeline()
        model.fit([q for q, _ in train], [y for _, y in train])
        commonest = Counter(y for _, y in train).most_common(1)[0][0]
        truth += [y for _, y in test]
        predicted += list(model.predict([q for q, _ in test]))
        majority += [commonest] * len(test)
    labels = sorted(classes)
    return DecisionScores(
        decision=name,
        sentences=len(kept),
        documents=len({doc for doc, _, _ in kept}),
        classes=dict(sorted(classes.items())),
        majority_accuracy=round(accuracy_score(truth, majority), 3),
        accuracy=round(accuracy_score(truth, predicted), 3),
        macro_f1=round(f1_score(truth, predicted, labels=labels, average="macro"), 3),
        majority_macro_f1=round(f1_score(truth, majority, labels=labels, average="macro"), 3),
    )


def sentence_decisions(root: Path = REAL_DIR) -> list[DecisionScores]:
    rows = dev_sentences(root)
    return [scores for name in DECISIONS if (scores := score_decision(name, rows)) is not None]


def format_sentence_decisions(scores: list[DecisionScores]) -> str:
    lines = [
        "| decision | sentences (documents) | learned: accuracy / macro F1 "
        "| majority class: accuracy / macro F1 |",
        "|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.decision} | {s.sentences} ({s.documents}) | {s.accuracy:.0%} / "
            f"{s.macro_f1:.2f} | {s.majority_accuracy:.0%} / {s.majority_macro_f1:.2f} |"
        )
    return "\n".join(lines)
