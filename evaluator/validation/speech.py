"""Speaker and stance (checks/speech.py) against the sentence labels of the real documents'
DEV part only (real_reports/labels/<id>.toml `[[sentences]]`: quote, speaker, stance).

Each labelled quote is matched to the passage of the analysed text that holds it; the passage's
voice is then held against the label: speaker as document or quoted, stance as asserts, reports
or disputes. The test part is never read here: it is measured once, at the end, by the lead.

Run: `EVALUATOR_REAL_TEXTS=<dev texts folder> python -m evaluator.validation speech` (add
`--json` for the rows).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from ..checks.context import Context
from ..checks.speech import voices
from ..errors import InputError
from ..ingest import load_bytes
from .real import REAL_DIR, TEXTS_ENV, assign_split, load_documents, load_labels, text_of
from .results import Ratio

STANCES = ("asserts", "reports", "disputes")
# Reads a document's passages into one stance per passage ("asserts", "reports", "disputes").
StanceReader = Callable[[Context], Sequence[str]]


class SpeechRow(BaseModel):
    document: str
    quote: str
    label_speaker: str
    label_stance: str
    speaker: str | None = Field(description="the tool's speaker; null when the quote was not found")
    stance: str | None


class SpeechReport(BaseModel):
    documents: list[str] = Field(description="dev documents measured")
    unavailable: list[str] = Field(description="dev documents whose text was not found")
    sentences: int
    matched: int = Field(description="labelled sentences found in a passage")
    speaker: Ratio = Field(description="document versus quoted, on matched sentences")
    stance: Ratio = Field(description="asserts / reports / disputes, on matched sentences")
    disputes_found: Ratio = Field(description="labelled 'disputes' read as disputes (recall)")
    disputes_right: Ratio = Field(description="read as disputes and labelled so (precision)")
    confusion: dict[str, dict[str, int]] = Field(description="label stance -> tool stance -> n")
    rows: list[SpeechRow]


def _norm(text: str) -> str:
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‘’`']", "'", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _match(quote: str, passages: list[str]) -> int | None:
    """The passage holding the quote, or the one it overlaps most (headlines and sentences the
    segmenter split or joined differently)."""
    q = _norm(quote)
    if not q:
        return None
    for i, p in enumerate(passages):
        if q in p:
            return i
    head = q[:60]
    for i, p in enumerate(passages):
        if head in p or (len(p) > 25 and p in q):
            return i
    return None


def _speech_reader(context: Context) -> list[str]:
    return [v.stance for v in voices(context)]


def measure_speech(
    root: Path = REAL_DIR,
    private: Path | None = None,
    reader: StanceReader = _speech_reader,
) -> SpeechReport:
    if private is None and os.environ.get(TEXTS_ENV):
        private = Path(os.environ[TEXTS_ENV])
    split = assign_split(load_documents(root))
    labels = load_labels(root / "labels")
    rows: list[SpeechRow] = []
    measured, unavailable = [], []
    for doc_id in sorted(d for d, part in split.items() if part == "dev"):
        if doc_id not in labels or not labels[doc_id].sentences:
            continue
        text = text_of(doc_id, root, private)
        if text is None:
            unavailable.append(doc_id)
            continue
        try:
            document = load_bytes(text.encode("utf-8"), f"{doc_id}.txt", cache=False)
        except InputError:
            unavailable.append(doc_id)
            continue
        context = Context.build(document)
        stances = list(reader(context))
        texts = [_norm(p.text) for p in context.passages]
        measured.append(doc_id)
        seen: set[str] = set()
        for label in labels[doc_id].sentences:
            if label.quote in seen:  # one entry per attribute: count the sentence once
                continue
            seen.add(label.quote)
            i = _match(label.quote, texts)
            stance = stances[i] if i is not None else None
            rows.append(
                SpeechRow(
                    document=doc_id,
                    quote=label.quote,
                    label_speaker=label.speaker,
                    label_stance=label.stance,
                    speaker=None if stance is None else _speaker_kind(stance),
                    stance=stance,
                )
            )
    return _summary(measured, unavailable, rows)


def _speaker_kind(stance: str) -> str:
    return "document" if stance == "asserts" else "quoted"


def _summary(measured: list[str], unavailable: list[str], rows: list[SpeechRow]) -> SpeechReport:
    speaker, stance, found, right = Ratio(), Ratio(), Ratio(), Ratio()
    confusion = {a: dict.fromkeys(STANCES, 0) for a in STANCES}
    for row in rows:
        if row.stance is None:
            continue
        label_kind = "document" if row.label_speaker == "document" else "quoted"
        speaker.add(label_kind == row.speaker)
        stance.add(row.label_stance == row.stance)
        confusion[row.label_stance][row.stance] += 1
        if row.label_stance == "disputes":
            found.add(row.stance == "disputes")
        if row.stance == "disputes":
            right.add(row.label_stance == "disputes")
    return SpeechReport(
        documents=measured,
        unavailable=unavailable,
        sentences=len(rows),
        matched=sum(r.stance is not None for r in rows),
        speaker=speaker,
        stance=stance,
        disputes_found=found,
        disputes_right=right,
        confusion=confusion,
        rows=rows,
    )


def _pct(ratio: Ratio) -> str:
    return "–" if ratio.rate is None else f"{ratio.rate:.0%} ({ratio.right}/{ratio.total})"


def format_speech_markdown(report: SpeechReport) -> str:
    lines = [
        f"Speaker and stance on the dev part's labelled sentences: {len(report.documents)} "
        f"documents, {report.matched} of {report.sentences} sentences found in a passage"
        + (f"; text unavailable for {len(report.unavailable)}" if report.unavailable else ""),
        "",
        f"- speaker (document or quoted): {_pct(report.speaker)}",
        f"- stance (asserts, reports, disputes): {_pct(report.stance)}",
        f"- disputes found (recall): {_pct(report.disputes_found)}; read as disputes and "
        f"labelled so (precision): {_pct(report.disputes_right)}",
        "",
        "| label \\ tool | " + " | ".join(STANCES) + " |",
        "|---|" + "---|" * len(STANCES),
    ]
    for label in STANCES:
        counts = report.confusion[label]
        lines.append(f"| {label} | " + " | ".join(str(counts[t]) for t in STANCES) + " |")
    return "\n".join(lines) + "\n"
