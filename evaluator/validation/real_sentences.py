"""Open-ended sentence decisions learned from the real documents' sentence labels (issue 12,
item 5), cross-validated by document, set beside the rules the checks use today.

Each labelled sentence of the real documents (the main set and holdout-2, labelled with their
criteria; holdouts 3-9, labelled after each set's one measurement) carries decisions a rule
finds hard to write down (claim or mention, speaker, stance, recommendation or not and its
basis, provenance of the group label). For each decision, on the same sentences and the same
folds (documents dealt into five folds, no document on both sides):

- majority: always the commonest class of the training folds;
- rules: what the checks decide for the passage holding the quote today (speaker and stance
  from checks/speech.py, claim from attribute_provenance.detect, recommendation and its basis
  from recommendations.detect, label provenance from the attribute claim's provenance, a share
  or rate and whether its base is given from denominators.detect);
- learned: word and character TF-IDF with a balanced logistic regression, on the words alone;
- combined: the same, with the rules' decision (and for speech, the rule's basis) as features;
- gated: the rules' decision, replaced by the combined model's where the two disagree and the
  model gives its class a probability of at least GATE (how a model would be integrated:
  only where it is more reliable than the rule).

Every set's test part has been measured once already (docs/accuracy.md), so every labelled
sentence is development data here. A sentence whose text is unavailable, or whose quote is not
found in a passage, has no rule reading and is left out of every column alike.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..errors import InputError
from .real import (
    REAL_DIR,
    TEXTS_ENV,
    RealSplit,
    SentenceLabel,
    all_sets,
    assign_split,
    load_documents,
    load_labels,
    real_set,
    text_of,
)

FOLDS = 5
GATE = 0.8
NO_RULE = "(no rule)"


def _speaker(s: SentenceLabel) -> str:
    return "document" if s.speaker == "document" else "quoted"


# Each decision: how to read it off a sentence label (None leaves the sentence out).
DECISIONS: dict[str, Callable[[SentenceLabel], str | None]] = {
    "role": lambda s: s.role,
    "claim_or_mention": lambda s: s.role if s.role in ("claim", "mention") else None,
    "speaker": _speaker,
    "stance": lambda s: s.stance,
    "recommendation": lambda s: "recommendation" if s.role == "recommendation" else "not",
    "recommendation_basis": lambda s: (
        s.recommendation_basis if s.role == "recommendation" else None
    ),
    "label_provenance": lambda s: s.label_provenance if s.attribute != "none" else None,
    # A share or rate the denominators check should find, and whether its base is given.
    "share": lambda s: "share" if s.number_kind in ("percentage", "rate") else "not",
    # Only for the shares and rates themselves: the readers mark a base on some counts too,
    # where the denominators check has nothing to read.
    "base_given": lambda s: (
        None
        if s.base_given == "none" or s.number_kind not in ("percentage", "rate")
        else ("given" if s.base_given else "missing")
    ),
}
# The classes whose recall matters most: a quoted or disputed figure, or a mention, must not
# count against the document.
MINORITY = {
    "claim_or_mention": "mention",
    "speaker": "quoted",
    "stance": "disputes",
    "recommendation": "recommendation",
    "share": "share",
    "base_given": "missing",
}


@dataclass(frozen=True)
class Row:
    document: str  # "<set>/<id>"
    label: SentenceLabel
    # The checks' reading of the passage holding the quote, per decision (None: no text or
    # the quote was not found), and extra rule features ("basis=reported").
    rules: dict[str, str] | None = None
    features: tuple[str, ...] = ()


class MethodScores(BaseModel):
    accuracy: float
    macro_f1: float
    recall: dict[str, float] = Field(description="per class")


class DecisionScores(BaseModel):
    decision: str
    sentences: int
    documents: int
    classes: dict[str, int] = Field(description="sentences per class")
    majority: MethodScores
    learned: MethodScores
    rules: MethodScores | None = Field(default=None, description="null: no rule reading")
    combined: MethodScores | None = None
    gated: MethodScores | None = None
    words_gated: MethodScores | None = Field(
        default=None,
        description="the rules, replaced by the words-only model where it is at least GATE sure: "
        "a gate that needs no document text to refit, only the labels' quotes",
    )
    overrides: int = Field(default=0, description="sentences where the gate replaced the rule")
    words_overrides: int = Field(default=0, description="the same for the words-only gate")
    overrides_to: dict[str, tuple[int, int]] = Field(
        default_factory=dict,
        description="class the gate changed the rule's reading to -> (sentences, of them right)",
    )
    left_out: int = Field(default=0, description="labelled sentences without a rule reading")
    confusion: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="the readers' class -> the rules' reading -> sentences (empty: no rule)",
    )


def sets_option(args: list[str], root: Path = REAL_DIR) -> list[str] | None:
    """The sets named by `--sets=a,b` or `--sets a,b` (None: every set with sentence labels).
    A flag it does not know, an empty list or an unknown set is an error, not every set: the
    option exists to keep a part unseen."""
    known = {"--json", "--no-rules", "--sets"}
    value: str | None = None
    rest = iter(args)
    for arg in rest:
        if arg.startswith("--sets="):
            value = arg.split("=", 1)[1]
        elif arg == "--sets":
            value = next(rest, "")
        elif arg not in known:
            raise ValueError(f"unknown option {arg!r}")
    if value is None:
        return None
    names = list(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    if not names:
        raise ValueError("--sets names no set")
    available = {name for name, _ in all_sets(root)}
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ValueError(f"no set named {', '.join(unknown)}")
    return names


def sentence_sets(root: Path = REAL_DIR) -> list[str]:
    """The sets with at least one labelled sentence."""
    return [
        name
        for name, folder in all_sets(root)
        if any(label.sentences for label in load_labels(folder / "labels").values())
    ]


def labelled_rows(
    sets: Iterable[str] | None = None,
    parts: Iterable[RealSplit] = ("dev", "test"),
    root: Path = REAL_DIR,
) -> list[Row]:
    """Every labelled sentence of the chosen sets and parts, one row per distinct sentence
    label (a sentence labelled once per attribute keeps each, as they differ)."""
    wanted = set(parts)
    rows: list[Row] = []
    for name in sentence_sets(root) if sets is None else sets:
        folder = real_set(name, root)
        split = assign_split(load_documents(folder))
        for doc_id, label in sorted(load_labels(folder / "labels").items()):
            if split.get(doc_id) not in wanted:
                continue
            seen: set[str] = set()
            for sentence in label.sentences:
                key = sentence.model_dump_json()
                if key not in seen:
                    seen.add(key)
                    rows.append(Row(f"{name}/{doc_id}", sentence))
    return rows


def rule_readings(text: str, quotes: list[str]) -> list[tuple[dict[str, str], tuple[str, ...]]]:
    """What the checks decide today for the passage holding each quote (empty dict: not found)."""
    from ..checks import attribute_provenance, denominators, recommendations
    from ..checks.context import Context
    from ..checks.speech import voices
    from ..ingest import load_bytes
    from .speech import _match, _norm

    document = load_bytes(text.encode("utf-8"), "document.txt", cache=False)
    context = Context.build(document)
    passages = context.passages
    spoken = voices(context)
    index = {(p.page, p.text): i for i, p in enumerate(passages)}
    claims: dict[int, list[str]] = {}
    for claim in attribute_provenance.detect(context).attribute_claims:
        i = index.get((claim.page, claim.sentence))
        if i is not None:
            claims.setdefault(i, []).append(claim.provenance)
    found: dict[int, str] = {}
    for rec in recommendations.detect(context).recommendations:
        i = index.get((rec.page, rec.sentence))
        if i is not None:
            found[i] = rec.hinge
    # Per passage, whether each share or rate the denominators check finds has its base.
    bases: dict[int, list[bool]] = {}
    found_shares = denominators.detect(context)
    for item in (
        *found_shares.percentages,
        *found_shares.rate_comparisons,
        *found_shares.representation_claims,
        *found_shares.vague_shares,
    ):
        i = index.get((item.page, item.sentence))
        if i is not None:
            based = item.base_defined if hasattr(item, "base_defined") else item.base_given
            bases.setdefault(i, []).append(bool(based))
    texts = [_norm(p.text) for p in passages]
    out: list[tuple[dict[str, str], tuple[str, ...]]] = []
    for quote in quotes:
        i = _match(quote, texts)
        if i is None:
            out.append(({}, ()))
            continue
        voice = spoken[i]
        provenance = claims.get(i, [])
        rules = {
            "speaker": "document" if voice.stance == "asserts" else "quoted",
            "stance": voice.stance,
            "claim_or_mention": "claim" if i in claims else "mention",
            "recommendation": "recommendation" if i in found else "not",
            "recommendation_basis": found.get(i, NO_RULE),
            # The claim's provenance; several attributes in one sentence share one cue.
            "label_provenance": provenance[0] if provenance else "none",
            "share": "share" if i in bases else "not",
            # No share found: the rules give no reading of its base.
            "base_given": (
                NO_RULE if i not in bases else ("given" if all(bases[i]) else "missing")
            ),
        }
        out.append((rules, (f"basis={voice.basis}",)))
    return out


def with_rules(rows: list[Row], root: Path = REAL_DIR, private: Path | None = None) -> list[Row]:
    """The rows with the checks' readings, reading each document's text once."""
    if private is None and os.environ.get(TEXTS_ENV):
        private = Path(os.environ[TEXTS_ENV])
    by_doc: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        by_doc.setdefault(row.document, []).append(n)
    out = list(rows)
    for doc, numbers in by_doc.items():
        name, doc_id = doc.split("/", 1)
        text = text_of(doc_id, real_set(name, root), private)
        if text is None:
            continue
        try:
            readings = rule_readings(text, [rows[n].label.quote for n in numbers])
        except InputError:
            continue
        for n, (rules, features) in zip(numbers, readings, strict=True):
            out[n] = Row(rows[n].document, rows[n].label, rules or None, features)
    return out


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


def new_model(rule_features: bool) -> Any:
    """Word and character TF-IDF, optionally with the rules' decisions one-hot, into a balanced
    logistic regression (lbfgs: deterministic)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    blocks: list[tuple[str, Any, Any]] = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), "text"),
        (
            "chars",
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            "text",
        ),
    ]
    if rule_features:
        blocks.append(("rules", OneHotEncoder(handle_unknown="ignore"), ["rule", "extra"]))
    return Pipeline(
        [
            ("features", ColumnTransformer(blocks)),
            ("model", LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")),
        ]
    )


def _frame(rows: list[tuple[Row, str]], decision: str) -> Any:
    import pandas as pd

    return pd.DataFrame(
        {
            "text": [r.label.quote for r, _ in rows],
            "rule": [(r.rules or {}).get(decision, NO_RULE) for r, _ in rows],
            "extra": [" ".join(r.features) for r, _ in rows],
        }
    )


def _scores(truth: list[str], guess: list[str], labels: list[str]) -> MethodScores:
    from sklearn.metrics import accuracy_score, f1_score, recall_score

    recall = recall_score(truth, guess, labels=labels, average=None, zero_division=0)
    return MethodScores(
        accuracy=round(float(accuracy_score(truth, guess)), 3),
        macro_f1=round(float(f1_score(truth, guess, labels=labels, average="macro")), 3),
        recall={c: round(float(r), 3) for c, r in zip(labels, recall, strict=True)},
    )


def _changes(before: list[str], after: list[str], truth: list[str]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for a, b, y in zip(before, after, truth, strict=True):
        if a != b:
            n, right = out.get(b, (0, 0))
            out[b] = (n + 1, right + (b == y))
    return dict(sorted(out.items()))


def score_decision(name: str, rows: list[Row], folds: int = FOLDS) -> DecisionScores | None:
    read = DECISIONS[name]
    labelled = [(r, y) for r in rows if (y := read(r.label)) is not None]
    has_rule = any(r.rules is not None and name in r.rules for r in rows)
    kept = [(r, y) for r, y in labelled if not has_rule or r.rules is not None]
    classes = Counter(y for _, y in kept)
    if len(classes) < 2:
        return None
    truth: list[str] = []
    guesses: dict[str, list[str]] = {
        "majority": [],
        "learned": [],
        "rules": [],
        "combined": [],
        "gated": [],
        "words_gated": [],
    }
    for held in _folds([r.document for r, _ in kept], folds):
        train = [(r, y) for r, y in kept if r.document not in held]
        test = [(r, y) for r, y in kept if r.document in held]
        if not test or len({y for _, y in train}) < 2:
            continue
        ys = [y for _, y in train]
        truth += [y for _, y in test]
        guesses["majority"] += [Counter(ys).most_common(1)[0][0]] * len(test)
        learned = new_model(False).fit(_frame(train, name), ys)
        words = learned.predict_proba(_frame(test, name))
        guesses["learned"] += [str(learned.classes_[int(row.argmax())]) for row in words]
        if not has_rule:
            continue
        combined = new_model(True).fit(_frame(train, name), ys)
        rules = [(r.rules or {}).get(name, NO_RULE) for r, _ in test]
        guesses["rules"] += rules
        for rule, row in zip(rules, words, strict=True):
            best = int(row.argmax())
            sure = row[best] >= GATE
            guesses["words_gated"].append(str(learned.classes_[best]) if sure else rule)
        for rule, row in zip(rules, combined.predict_proba(_frame(test, name)), strict=True):
            best = int(row.argmax())
            guess = str(combined.classes_[best])
            guesses["combined"].append(guess)
            guesses["gated"].append(guess if row[best] >= GATE else rule)
    labels = sorted(classes)
    return DecisionScores(
        decision=name,
        sentences=len(kept),
        documents=len({r.document for r, _ in kept}),
        classes=dict(sorted(classes.items())),
        majority=_scores(truth, guesses["majority"], labels),
        learned=_scores(truth, guesses["learned"], labels),
        rules=_scores(truth, guesses["rules"], labels) if has_rule else None,
        combined=_scores(truth, guesses["combined"], labels) if has_rule else None,
        gated=_scores(truth, guesses["gated"], labels) if has_rule else None,
        words_gated=_scores(truth, guesses["words_gated"], labels) if has_rule else None,
        overrides=sum(a != b for a, b in zip(guesses["rules"], guesses["gated"], strict=True)),
        words_overrides=sum(
            a != b for a, b in zip(guesses["rules"], guesses["words_gated"], strict=True)
        ),
        overrides_to=_changes(guesses["rules"], guesses["gated"], truth) if has_rule else {},
        left_out=len(labelled) - len(kept),
        confusion=_confusion(truth, guesses["rules"]) if has_rule else {},
    )


def _confusion(truth: list[str], guess: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for y, g in zip(truth, guess, strict=True):
        out.setdefault(y, Counter())[g] += 1
    return {y: dict(sorted(c.items())) for y, c in sorted(out.items())}


def sentence_decisions(
    root: Path = REAL_DIR,
    sets: Iterable[str] | None = None,
    parts: Iterable[RealSplit] = ("dev", "test"),
    private: Path | None = None,
    rules: bool = True,
) -> list[DecisionScores]:
    rows = labelled_rows(sets, parts, root)
    if rules:
        rows = with_rules(rows, root, private)
    return [scores for name in DECISIONS if (scores := score_decision(name, rows)) is not None]


def _cell(s: MethodScores | None, minority: str | None) -> str:
    if s is None:
        return "–"
    cell = f"{s.accuracy:.0%} / {s.macro_f1:.2f}"
    return cell + (f" / {s.recall.get(minority, 0):.0%}" if minority else "")


def format_sentence_decisions(scores: list[DecisionScores]) -> str:
    lines = [
        "Each cell: accuracy / macro F1 / recall of the minority class named (held-out folds, "
        "grouped by document).",
        "",
        "| decision (minority class) | sentences (documents) | majority | rules | learned "
        f"| combined (rules + learned) | gated (rules; combined where p ≥ {GATE}) "
        f"| words-gated (rules; learned where p ≥ {GATE}) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        minority = MINORITY.get(s.decision)
        name = f"{s.decision} ({minority})" if minority else s.decision
        lines.append(
            f"| {name} | {s.sentences} ({s.documents}) | {_cell(s.majority, minority)} "
            f"| {_cell(s.rules, minority)} | {_cell(s.learned, minority)} "
            f"| {_cell(s.combined, minority)} | {_cell(s.gated, minority)}"
            + (f" ({s.overrides} changed)" if s.gated else "")
            + f" | {_cell(s.words_gated, minority)}"
            + (f" ({s.words_overrides} changed) |" if s.words_gated else " |")
        )
    for s in scores:
        if not s.confusion:
            continue
        readings = sorted({g for row in s.confusion.values() for g in row})
        lines += [
            "",
            f"{s.decision}: the readers' class (rows) against the rules' reading (columns)",
            "",
            "| readers \\ rules | " + " | ".join(readings) + " |",
            "|---|" + "---|" * len(readings),
        ]
        for y, row in s.confusion.items():
            lines.append(f"| {y} | " + " | ".join(str(row.get(g, 0)) for g in readings) + " |")
    return "\n".join(lines)
