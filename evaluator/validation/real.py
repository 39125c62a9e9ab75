"""Accuracy on real published documents, labelled blind (real_reports/).

A labeller who never saw the tool's output rated each document under the default rubric
(real_reports/labelling-guide.md). Here the tool's suggestions are held against those labels,
split by document into `dev` (may shape the rules) and `test` (measured once, at the end).

Only openly licensed texts are in the repository; the others are read from the folder named by
EVALUATOR_REAL_TEXTS, and a document whose text is in neither place is listed as unavailable
rather than silently dropped. A whole report rated as a PDF (holdout-24 on) is read from the
shared corpus beside the checkout, and only if its bytes are the ones the readers rated.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..analysis import analyze
from ..errors import InputError
from ..ingest import load_bytes
from ..models import Analysis, Document, Rubric
from ..rubrics import default_rubric
from ..scoring import Rating, score
from .results import Ratio

REAL_DIR = Path(__file__).resolve().parents[2] / "real_reports"
SET_NAME = r"^[a-z0-9][a-z0-9-]{0,63}$"
TEXTS_ENV = "EVALUATOR_REAL_TEXTS"
# The shared material, beside the checkout in CI, or the machine-wide copy.
SHARED_CANDIDATES = (REAL_DIR.parents[1] / "shared", Path("/work/shared"))
RealSplit = Literal["dev", "test"]
LabelLevel = Annotated[int, Field(ge=0, le=3)] | Literal["na"]
TEST_SHARE = 0.4


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RealDocument(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")
    title: str
    publisher: str
    date: str
    url: str
    kind: str
    side: str
    topic: str
    licence: str
    licence_basis: str
    chars: int = Field(ge=0)
    part: RealSplit | None = Field(
        default=None,
        description="a fixed part, for a set gathered as a whole for one purpose (a fresh blind "
        "test set); absent, the part comes from the hash split",
    )
    file: str | None = Field(
        default=None,
        pattern=r"^corpus/[a-z]+/[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.pdf$",
        description="a whole report rated as a PDF of the shared corpus, by its path in the "
        "shared folder; the tool reads the PDF itself, and `chars` is the length of the text "
        "the readers were given",
    )
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="the hash of `file`'s bytes: another file at that path is not measured",
    )

    @model_validator(mode="after")
    def _file_has_hash(self) -> RealDocument:
        if (self.file is None) != (self.sha256 is None):
            raise ValueError("`file` and `sha256` go together")
        return self


class CriterionLabel(_Strict):
    level: LabelLevel
    acceptable: list[LabelLevel] = Field(min_length=1)
    deciding_quotes: list[str] = Field(default_factory=list)
    note: str = ""


class SentenceLabel(_Strict):
    quote: str
    role: Literal["claim", "mention", "method", "caveat", "recommendation", "other"]
    speaker: str = Field(pattern=r"^(document|quoted: .+)$")
    stance: Literal["asserts", "reports", "disputes"]
    attribute: Literal["ethnicity", "religion", "nationality", "none"]
    label_provenance: Literal["court", "recorded", "self_reported", "inferred", "unstated", "none"]
    base_given: bool | Literal["none"]
    number_kind: Literal["count", "percentage", "rate", "estimate", "none"]
    recommendation_basis: Literal["contested_statistic", "documented_failure", "unclear", "none"]
    note: str = ""


class DocumentLabels(_Strict):
    id: str
    labeller: str
    # Who labelled the sentences, when they were added later by someone else (holdouts 3-9:
    # after each set's one measurement, by readers who never saw the tool's output on it).
    sentence_labeller: str = ""
    criteria: dict[str, CriterionLabel]
    sentences: list[SentenceLabel] = Field(default_factory=list)


class DisputedFigure(_Strict):
    """A figure some documents dispute and others repeat (real_reports/disputes.toml)."""

    id: str
    figure: str
    disputed_by: list[str] = Field(min_length=1)
    repeated_by: list[str] = Field(min_length=1)
    quotes: dict[str, str] = Field(default_factory=dict)
    note: str = ""


class CritiqueOrder(BaseModel):
    figure: str
    critique: str
    repeater: str
    critique_score: float | None
    repeater_score: float | None
    above: bool = Field(description="the critique scores strictly above the repeater")
    labels_above: bool | None = Field(
        default=None,
        description="whether the readers' own levels score the critique strictly above the "
        "repeater; null when either has no labels or no level that scores",
    )


class RealResult(BaseModel):
    document: str
    split: RealSplit
    criterion: str
    label: LabelLevel
    acceptable_levels: list[LabelLevel]
    suggested: LabelLevel | None = Field(description="null when the tool made no suggestion")
    confidence: float = Field(description="the check's own (raw) score of its suggestion")
    acceptable: bool
    within_one: bool
    exact: bool
    counts: dict[str, int] = Field(
        default_factory=dict,
        description="what the check counted behind its suggestion, kept so a later calibration "
        "can tell surer suggestions of one kind from others (empty in records before session 10)",
    )
    chosen_by: Literal["rules", "model"] = Field(
        default="rules",
        description="who chose `suggested`: the check's rules, or the shipped level model "
        "(evaluator/learned_levels.py; records before session 20 have only the rules)",
    )
    rules_level: LabelLevel | None = Field(
        default=None, description="when chosen_by is model: the level the check's rules gave"
    )


class RealAgreement(BaseModel):
    split: str
    criterion: str
    acceptable: Ratio
    within_one: Ratio
    exact: Ratio
    lower_when_wrong: int = Field(description="not acceptable, and below the label")
    higher_when_wrong: int = Field(description="not acceptable, and above the label")
    na_when_wrong: int = Field(description="not acceptable, one side not applicable")


class RealReport(BaseModel):
    documents: int
    measured: list[str]
    unavailable: list[str] = Field(description="documents whose text was not found")
    errors: list[str]
    warnings: list[str] = Field(
        default_factory=list,
        description="documents measured with a reading warning (a page not read in time, a page "
        "with no text layer, a Markdown front matter set aside): their results stand, for the "
        "text that was read",
    )
    results: list[RealResult]
    agreement: list[RealAgreement]
    rank_correlation: dict[str, float | None] = Field(
        description="Spearman correlation of the tool's score with the labelled score, per split"
    )
    second_labeller: list[RealAgreement] = Field(
        default_factory=list,
        description="a second labeller's levels held against the first's, on the same measures",
    )
    second_rank_correlation: float | None = None
    critiques: list[CritiqueOrder] = Field(
        default_factory=list,
        description="each critique of a figure against each document that repeats it, where "
        "both were measured: the seed essay's test is that every critique scores above",
    )


def real_set(name: str | None, root: Path = REAL_DIR) -> Path:
    """The folder of a named set of real documents: the main set is real_reports/ itself, and a
    later set (a fresh blind test set, say) is a folder inside it with the same layout."""
    if name in (None, "main"):
        return root
    if not re.fullmatch(SET_NAME, name) or not (root / name / "documents.toml").is_file():
        raise InputError("bad_option", f"no set of real documents named {name!r} in {root.name}/")
    return root / name


def all_sets(root: Path = REAL_DIR) -> list[tuple[str, Path]]:
    """Every set of real documents by name and folder: the main set, then the later ones."""
    later = sorted((p.name, p) for p in root.iterdir() if (p / "documents.toml").is_file())
    return [("main", root), *later]


def load_documents(root: Path = REAL_DIR) -> list[RealDocument]:
    data = tomllib.loads((root / "documents.toml").read_text(encoding="utf-8"))
    return [RealDocument.model_validate(row) for row in data.get("document", [])]


def load_disputes(root: Path = REAL_DIR) -> list[DisputedFigure]:
    path = root / "disputes.toml"
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [DisputedFigure.model_validate(row) for row in data.get("figure", [])]


def _above(a: float | None, b: float | None) -> bool:
    """A critique with no score is never above; a repeater with none is below any score."""
    return a is not None and (b is None or a > b)


def critique_order(
    figures: Iterable[DisputedFigure],
    scores: Mapping[str, float | None],
    label_scores: Mapping[str, float | None] | None = None,
) -> list[CritiqueOrder]:
    """Every (critique, repeater) pair of a figure where both documents were measured, with
    the readers' own order of the two where both are labelled: the seed essay's test assumes
    the critique is the better reporting, and the labels say whether it was."""
    out = []
    labelled = label_scores or {}
    for figure in figures:
        for critique in figure.disputed_by:
            for repeater in figure.repeated_by:
                if critique not in scores or repeater not in scores:
                    continue
                a, b = scores[critique], scores[repeater]
                both = labelled.get(critique) is not None and labelled.get(repeater) is not None
                out.append(
                    CritiqueOrder(
                        figure=figure.id,
                        critique=critique,
                        repeater=repeater,
                        critique_score=a,
                        repeater_score=b,
                        above=_above(a, b),
                        labels_above=_above(labelled[critique], labelled[repeater])
                        if both
                        else None,
                    )
                )
    return out


def load_labels(folder: Path) -> dict[str, DocumentLabels]:
    """Every label file in `folder` (TEMPLATE.toml is the guide's example, not a label)."""
    labels = {}
    for path in sorted(folder.glob("*.toml")):
        if path.stem == "TEMPLATE":
            continue
        try:
            parsed = DocumentLabels.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise InputError("bad_label", f"{path.name}: {exc}") from exc
        if parsed.id != path.stem:
            raise InputError("bad_label", f"{path.name}: says its id is {parsed.id!r}")
        labels[parsed.id] = parsed
    return labels


def assign_split(documents: Iterable[RealDocument]) -> dict[str, RealSplit]:
    """A fixed split by document, stratified by topic: within each topic, documents ordered by a
    hash of their id, the first TEST_SHARE of them go to test. Adding a document never moves
    another one between parts. A document with a fixed `part` keeps it and leaves the hash split
    of the others as it was."""
    by_topic: dict[str, list[str]] = {}
    split: dict[str, RealSplit] = {}
    for doc in documents:
        if doc.part is not None:
            split[doc.id] = doc.part
        else:
            by_topic.setdefault(doc.topic, []).append(doc.id)
    for ids in by_topic.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha256(f"real-split-1:{i}".encode()).digest())
        cut = round(len(ordered) * TEST_SHARE)
        for rank, doc_id in enumerate(ordered):
            split[doc_id] = "test" if rank < cut else "dev"
    return split


def text_of(doc_id: str, root: Path = REAL_DIR, private: Path | None = None) -> str | None:
    for folder in (root / "texts", private):
        if folder is not None and (folder / f"{doc_id}.txt").is_file():
            return (folder / f"{doc_id}.txt").read_text(encoding="utf-8")
    return None


def pdf_of(doc: RealDocument, shared: Sequence[Path] = SHARED_CANDIDATES) -> bytes | None:
    """The bytes of a document rated as a PDF, from the first shared folder that holds them, or
    None: absent, or not the file the readers rated."""
    if doc.file is None:
        return None
    for folder in shared:
        path = folder / doc.file
        if path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == doc.sha256:
                return data
    return None


def _load(
    doc: RealDocument,
    labels: DocumentLabels,
    root: Path,
    private: Path | None,
    shared: Sequence[Path],
) -> tuple[Document | None, str | None]:
    """The document to analyse, or why it cannot be: (None, None) when its text is not at hand."""
    if doc.file is not None:
        data = pdf_of(doc, shared)
        if data is None:
            if any((folder / doc.file).is_file() for folder in shared):
                return None, f"{doc.id}: {doc.file} is not the file the readers rated (sha256)"
            return None, None
        name = doc.file.rsplit("/", 1)[-1]
    else:
        text = text_of(doc.id, root, private)
        if text is None:
            return None, None
        if problems := text_problems(doc, text, labels):
            return None, f"{doc.id}: not the labelled text ({'; '.join(problems)})"
        data, name = text.encode("utf-8"), f"{doc.id}.txt"
    try:
        return load_bytes(data, name, cache=False), None
    except InputError as exc:
        return None, f"{doc.id}: {exc}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def text_problems(doc: RealDocument, text: str, labels: DocumentLabels | None) -> list[str]:
    """Why a text is not the one the labellers read: texts kept outside the repository are
    restored by hand (real_reports/README.md), so a wrong copy must be refused, not measured."""
    problems = []
    if len(text) != doc.chars:
        problems.append(f"text is {len(text)} characters, documents.toml records {doc.chars}")
    if labels is not None:
        flat = _flat(text)
        quotes = [q for c in labels.criteria.values() for q in c.deciding_quotes]
        quotes += [s.quote for s in labels.sentences]
        missing = sum(_flat(q) not in flat for q in quotes)
        if missing:
            problems.append(f"{missing} of {len(quotes)} label quotes are not in the text")
    return problems


def _tool_rating(analysis: Analysis, criterion: str) -> dict[str, Any]:
    """The suggestion's level ("na" for not applicable), raw score, counts, and who chose the
    level, as `RealResult` fields."""
    for suggestion in analysis.criteria:
        if suggestion.id == criterion:
            # The check's own score: calibration is fitted on it, and applied on top.
            raw = suggestion.confidence_raw
            raw = suggestion.confidence if raw is None else raw
            out: dict[str, Any] = {
                "suggested": _as_label(suggestion.status, suggestion.suggested_level),
                "confidence": raw,
                "counts": dict(suggestion.counts),
            }
            if suggestion.chosen_by == "model":
                out["chosen_by"] = "model"
                out["rules_level"] = _as_label(suggestion.rules_status, suggestion.rules_level)
            return out
    return {"suggested": None, "confidence": 0.0, "counts": {}}


def _as_label(status: str | None, level: int | None) -> LabelLevel | None:
    return "na" if status == "not_applicable" else level if status == "suggested" else None


def rules_view(result: RealResult) -> RealResult:
    """The result as the checks' rules gave it, where the level model chose the level shown: the
    confidence calibration describes the rules' suggestions (the model ships its own)."""
    if result.chosen_by != "model":
        return result
    acceptable, within, exact = judge_levels(
        result.label, result.acceptable_levels, result.rules_level
    )
    return result.model_copy(
        update={
            "suggested": result.rules_level,
            "acceptable": acceptable,
            "within_one": within,
            "exact": exact,
            "chosen_by": "rules",
            "rules_level": None,
        }
    )


def judge(label: CriterionLabel, suggested: LabelLevel | None) -> tuple[bool, bool, bool]:
    """Acceptable, within one level, exact. No suggestion is none of these."""
    return judge_levels(label.level, label.acceptable, suggested)


def judge_levels(
    level: LabelLevel, acceptable: Sequence[LabelLevel], suggested: LabelLevel | None
) -> tuple[bool, bool, bool]:
    """`judge` for a label given as its level and its acceptable levels."""
    if suggested is None:
        return False, False, False
    ok = suggested in acceptable
    near = isinstance(suggested, int) and isinstance(level, int) and abs(suggested - level) <= 1
    return ok, ok or near, suggested == level


def _result(
    doc_id: str,
    split: RealSplit,
    criterion: str,
    label: CriterionLabel,
    suggested: LabelLevel | None,
    confidence: float,
    counts: Mapping[str, int] | None = None,
    **chosen: Any,
) -> RealResult:
    acceptable, within, exact = judge(label, suggested)
    return RealResult(
        document=doc_id,
        split=split,
        criterion=criterion,
        label=label.level,
        acceptable_levels=label.acceptable,
        suggested=suggested,
        confidence=confidence,
        acceptable=acceptable,
        within_one=within,
        exact=exact,
        counts=dict(counts or {}),
        **chosen,
    )


def _ratings(levels: Mapping[str, LabelLevel | None]) -> dict[str, Rating]:
    return {c: ("n/a" if v == "na" else v) for c, v in levels.items()}


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Rank correlation with tied ranks averaged; None when either side has no spread."""
    if len(xs) < 3:
        return None

    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return round(cov / (vx * vy) ** 0.5, 3) if vx and vy else None


def _direction(suggested: LabelLevel, label: LabelLevel) -> str:
    if isinstance(suggested, int) and isinstance(label, int):
        return "lower" if suggested < label else "higher"
    return "na"


def _agreement(results: list[RealResult], splits: Iterable[str]) -> list[RealAgreement]:
    out = []
    criteria = list(dict.fromkeys(r.criterion for r in results))
    for split in splits:
        chosen = [r for r in results if split == "all" or r.split == split]
        for criterion in [*criteria, "all"]:
            rows = [r for r in chosen if criterion == "all" or r.criterion == criterion]
            if not rows:
                continue
            acceptable, within, exact = Ratio(), Ratio(), Ratio()
            wrong = {"lower": 0, "higher": 0, "na": 0}
            for r in rows:
                acceptable.add(r.acceptable)
                within.add(r.within_one)
                exact.add(r.exact)
                if not r.acceptable and r.suggested is not None:
                    wrong[_direction(r.suggested, r.label)] += 1
            out.append(
                RealAgreement(
                    split=split,
                    criterion=criterion,
                    acceptable=acceptable,
                    within_one=within,
                    exact=exact,
                    lower_when_wrong=wrong["lower"],
                    higher_when_wrong=wrong["higher"],
                    na_when_wrong=wrong["na"],
                )
            )
    return out


def _label_score(rubric: Rubric, labels: DocumentLabels) -> float | None:
    levels = {c.id: labels.criteria[c.id].level for c in rubric.criteria if c.id in labels.criteria}
    return levels_score(rubric, levels)


def levels_score(rubric: Rubric, levels: Mapping[str, LabelLevel | None]) -> float | None:
    """The rubric's 0-100 score of levels given per criterion ("na" for not applicable)."""
    return score(rubric, _ratings(levels)).value


def measure_real(
    splits: Iterable[RealSplit] = ("dev",),
    root: Path = REAL_DIR,
    private: Path | None = None,
    rubric: Rubric | None = None,
    shared: Sequence[Path] = SHARED_CANDIDATES,
) -> RealReport:
    """Analyse every labelled document of the chosen parts and hold it against its labels."""
    rubric = rubric or default_rubric()
    if private is None and os.environ.get(TEXTS_ENV):
        private = Path(os.environ[TEXTS_ENV])
    wanted = set(splits)
    documents = load_documents(root)
    split = assign_split(documents)
    labels = load_labels(root / "labels")
    results: list[RealResult] = []
    measured, unavailable, errors = [], [], []
    warnings: list[str] = []
    tool_scores: dict[str, list[tuple[float, float]]] = {}
    scores: dict[str, float | None] = {}
    label_scores: dict[str, float | None] = {}
    for doc in documents:
        if split[doc.id] not in wanted or doc.id not in labels:
            continue
        document, error = _load(doc, labels[doc.id], root, private, shared)
        if document is None:
            if error is None:
                unavailable.append(doc.id)
            else:
                errors.append(error)
            continue
        warnings.extend(f"{doc.id}: {w}" for w in document.warnings)
        analysis = analyze(document, rubric)
        scores[doc.id] = analysis.score.value
        measured.append(doc.id)
        for criterion in rubric.criteria:
            label = labels[doc.id].criteria.get(criterion.id)
            if label is None:
                continue
            results.append(
                _result(
                    doc.id,
                    split[doc.id],
                    criterion.id,
                    label,
                    **_tool_rating(analysis, criterion.id),
                )
            )
        labelled = label_scores[doc.id] = _label_score(rubric, labels[doc.id])
        if analysis.score.value is not None and labelled is not None:
            pairs = tool_scores.setdefault(split[doc.id], [])
            pairs.append((analysis.score.value, labelled))
    correlations = {
        part: spearman([a for a, _ in pairs], [b for _, b in pairs])
        for part, pairs in sorted(tool_scores.items())
    }
    second, second_corr = _second_labeller(root, labels, rubric)
    return RealReport(
        documents=len(documents),
        measured=measured,
        unavailable=unavailable,
        errors=errors,
        warnings=warnings,
        results=results,
        agreement=_agreement(results, [*sorted(wanted), "all"] if len(wanted) > 1 else wanted),
        rank_correlation=correlations,
        second_labeller=second,
        second_rank_correlation=second_corr,
        critiques=critique_order(
            load_disputes(root),
            scores,
            label_scores,
        ),
    )


def _second_labeller(
    root: Path, first: dict[str, DocumentLabels], rubric: Rubric
) -> tuple[list[RealAgreement], float | None]:
    """How far a second, independent labeller agrees with the first, on every document both
    labelled, whichever part it is in (no tool output is involved): the ceiling to aim at."""
    folder = root / "labels" / "second"
    if not folder.is_dir():
        return [], None
    rows, pairs = [], []
    split_of = assign_split(load_documents(root))
    for doc_id, second in load_labels(folder).items():
        if doc_id not in first:
            continue
        for criterion, label in first[doc_id].criteria.items():
            other = second.criteria.get(criterion)
            if other is None:
                continue
            rows.append(
                _result(doc_id, split_of.get(doc_id, "dev"), criterion, label, other.level, 1.0)
            )
        a, b = _label_score(rubric, first[doc_id]), _label_score(rubric, second)
        if a is not None and b is not None:
            pairs.append((b, a))
    corr = spearman([x for x, _ in pairs], [y for _, y in pairs])
    return _agreement(rows, ["all"]), corr


def _pct(ratio: Ratio) -> str:
    return "–" if ratio.rate is None else f"{ratio.rate:.0%} ({ratio.right}/{ratio.total})"


def format_real_markdown(report: RealReport) -> str:
    lines = [
        f"Real documents: {len(report.measured)} measured of {report.documents} listed"
        + (f"; text unavailable for {len(report.unavailable)}" if report.unavailable else "")
        + (f"; {len(report.errors)} could not be read" if report.errors else "")
        + (
            f"; {len(report.warnings)} reading warnings (results are for the text read): "
            + "; ".join(report.warnings[:5])
            if report.warnings
            else ""
        ),
        "",
        "| part | criterion | acceptable | within one | exact | wrong: lower / higher / n/a |",
        "|---|---|---|---|---|---|",
    ]
    for row in report.agreement:
        lines.append(
            f"| {row.split} | {row.criterion} | {_pct(row.acceptable)} | {_pct(row.within_one)} "
            f"| {_pct(row.exact)} | {row.lower_when_wrong} / {row.higher_when_wrong} / "
            f"{row.na_when_wrong} |"
        )
    lines.append("")
    for part, corr in report.rank_correlation.items():
        lines.append(f"Rank correlation of scores ({part}): {'–' if corr is None else corr}")
    if report.second_labeller:
        lines += ["", "Second labeller against the first (same documents, same measures):", ""]
        for row in report.second_labeller:
            lines.append(
                f"- {row.criterion}: acceptable {_pct(row.acceptable)}, within one "
                f"{_pct(row.within_one)}, exact {_pct(row.exact)}"
            )
        lines.append(f"- rank correlation of scores: {report.second_rank_correlation}")
    if report.critiques:
        above = sum(c.above for c in report.critiques)
        agreed = [c for c in report.critiques if c.labels_above]
        lines += [
            "",
            f"Critiques scored above the documents repeating the figure they dispute: {above} of "
            f"{len(report.critiques)} pairs. The readers' own levels put the critique above in "
            f"{len(agreed)} of them; the tool does too in {sum(c.above for c in agreed)} of those.",
        ]
        lines += [
            f"- {c.figure}: {c.critique} {c.critique_score} vs {c.repeater} {c.repeater_score}"
            + (" (the readers' levels put the critique above)" if c.labels_above else "")
            for c in report.critiques
            if not c.above
        ]
    return "\n".join(lines) + "\n"
