"""The pipeline: Document → passages → findings → suggestions → scored `Analysis`.

Text analysis has a budget (see docs/ingestion.md): at most `Limits.max_analysis_chars`
characters are analysed, and a detector still running at `Limits.analysis_time_s` stops within
a few passages (one not started is skipped); its criterion then gets no suggestion. Either cut
is reported in `document.warnings` and marks the score incomplete, so a short analysis never
passes for a full one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .checks import OUT_OF_TIME, Context, no_suggestion, run_within, speech, suggest_all
from .language import other_language
from .limits import INCOMPLETE, Limits, limits_from_env
from .models import (
    Analysis,
    Document,
    DocumentSummary,
    Findings,
    Passage,
    RelayedClaim,
    Rubric,
    RubricRef,
    Suggestion,
)
from .scoring import ratings_from_suggestions, score

# A finding's `sentence` is a window of at most this many characters of its passage, so the
# output grows with the number of findings, never with findings × passage length.
MAX_EXCERPT_CHARS = 400
# Findings listed per kind: a real report has hundreds; a page of nothing but percentages could
# otherwise list hundreds of thousands (gigabytes of JSON and memory).
MAX_FINDINGS_LISTED = 5000


def warm_up(limits: Limits | None = None) -> None:
    """Pay the analysis's one-off costs now (PDF workers started, the sentence classifier
    read), so the first report a reader opens does not wait for them."""
    from . import classifier
    from .ingest import warm_up as start_workers

    start_workers(limits)
    classifier.warm_up()


def incomplete_warnings(analysis: Analysis) -> list[str]:
    """The warnings that say the analysis did not cover the whole document."""
    return [w for w in analysis.document.warnings if w.startswith(INCOMPLETE)]


def summarise(document: Document) -> DocumentSummary:
    return DocumentSummary(
        sha256=document.sha256,
        pages=len(document.pages),
        title=document.title,
        source=document.source,
        warnings=list(document.warnings),
        filename=document.filename,
    )


def excerpt(sentence: str, focus: str = "", limit: int = MAX_EXCERPT_CHARS) -> str:
    """`sentence` when it is short; else at most `limit` characters of it around the first
    occurrence of `focus` (or its start), cut at spaces. Always an exact substring."""
    if len(sentence) <= limit:
        return sentence
    at = sentence.find(focus) if focus else -1
    width = min(len(focus), limit) if at >= 0 else 0
    at = max(at, 0)
    start = max(0, min(at - (limit - width) // 2, len(sentence) - limit))
    end = start + limit
    if start > 0:
        space = sentence.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", at + width, end)
        end = space if space > start else end
    return sentence[start:end].strip()


def bounded_findings(
    findings: Findings, limit: int = MAX_EXCERPT_CHARS, most: int = MAX_FINDINGS_LISTED
) -> tuple[Findings, list[str]]:
    """The findings with every `sentence` cut to an excerpt around what was found and each
    list cut to its first `most` items, and a warning for each list that was cut."""
    update, warnings = {}, []
    for name, items in findings.lists().items():
        kept = items[:most]
        if len(items) > most:
            warnings.append(
                f"findings cut short: {len(items):,} {name.replace('_', ' ')} were found; only "
                f"the first {most:,} are listed (the suggestions used them all)"
            )
        if len(kept) < len(items) or any(len(getattr(i, "sentence", "")) > limit for i in kept):
            update[name] = [_excerpted(item, limit) for item in kept]
    return (findings.model_copy(update=update) if update else findings), warnings


def relayed_claims(
    context: Context, limit: int = MAX_EXCERPT_CHARS, most: int = MAX_FINDINGS_LISTED
) -> tuple[list[RelayedClaim], list[str]]:
    """The passages the one speech reading gives to someone other than the document, at most
    `most` of them, and a warning when the list was cut."""
    relayed = _relayed_passages(context)
    warnings = []
    if len(relayed) > most:
        warnings.append(
            f"findings cut short: {len(relayed):,} relayed claims were found; only the first "
            f"{most:,} are listed (the suggestions used them all)"
        )
    return [
        RelayedClaim(
            page=voice.page,
            sentence=excerpt(passage.text, voice.cue, limit),
            speaker=voice.speaker,
            stance=voice.stance,
            # a verdict's cue is the whole claim it answers: bounded like the sentence
            cue=voice.cue[:limit],
            dispute=voice.dispute,
        )
        for voice, passage in relayed[:most]
    ], warnings


def _relayed_passages(context: Context) -> list[tuple[speech.Voice, Passage]]:
    """Each passage the document relays from someone else, with its voice (memoised: the list
    and the evidence marks read the same one)."""
    return context.memoised(
        "analysis.relayed",
        lambda: [
            (voice, passage)
            for voice, passage in zip(speech.voices(context), context.passages, strict=True)
            if not speech.is_own(voice)
        ],
    )


def _whose(
    suggestion: Suggestion, relayed: dict[int, list[tuple[str, speech.Voice]]]
) -> Suggestion:
    """The suggestion with each piece of evidence that quotes someone else's claim saying whose
    it is and whether the document disputes it, so the reader sees what the check saw.
    `relayed`: by page, the text and voice of each passage the document relays."""
    changed = False
    evidence = []
    for item in suggestion.evidence:
        voice = next((v for text, v in relayed.get(item.page, []) if item.quote in text), None)
        if voice is not None:
            item = item.model_copy(update={"signal": f"{item.signal}; {_said_by(voice)}"})
            changed = True
        evidence.append(item)
    return suggestion.model_copy(update={"evidence": evidence}) if changed else suggestion


def _relayed_by_page(context: Context) -> dict[int, list[tuple[str, speech.Voice]]]:
    by_page: dict[int, list[tuple[str, speech.Voice]]] = {}
    for voice, passage in _relayed_passages(context):
        by_page.setdefault(voice.page, []).append((passage.text, voice))
    return by_page


def _said_by(voice: speech.Voice) -> str:
    claim = (
        "a claim relayed without saying whose"
        if voice.speaker.startswith(speech.UNNAMED)
        else f"a claim relayed from {voice.speaker}"
    )
    if voice.stance == "disputes":
        return f"{claim}, which the document disputes"
    return f"{claim}, passed on without challenge"


def _excerpted(item, limit: int):
    sentence = getattr(item, "sentence", "")
    if len(sentence) <= limit:
        return item
    focus = getattr(item, "text", "") or getattr(item, "name", "")
    return item.model_copy(update={"sentence": excerpt(sentence, focus, limit)})


def within_budget(document: Document, max_chars: int) -> tuple[Document, str | None]:
    """The document cut to its first `max_chars` characters of page text, and a warning when
    anything was left out."""
    total = document.chars
    if total <= max_chars:
        return document, None
    pages, used = [], 0
    for page in document.pages:
        room = max_chars - used
        if room <= 0:
            break
        pages.append(
            page if len(page.text) <= room else page.model_copy(update={"text": page.text[:room]})
        )
        used += len(pages[-1].text)
    last = pages[-1]
    cut_short = len(last.text) < len(document.pages[len(pages) - 1].text)
    part = f", page {last.number} in part" if cut_short else ""
    warning = (
        f"{INCOMPLETE}: only the first {max_chars:,} of {total:,} characters were "
        f"analysed (pages 1–{last.number}{part}); the suggestions and the score do not "
        "cover the rest (EVALUATOR_MAX_ANALYSIS_CHARS sets this budget)"
    )
    return document.model_copy(update={"pages": pages}), warning


def _withheld(criterion_id: str) -> Suggestion:
    return no_suggestion(criterion_id).model_copy(
        update={
            "rationale": "The text does not read as English, and the detectors read English "
            "only: finding nothing here means nothing. Rate this question from your own reading."
        }
    )


def analyze(
    document: Document,
    rubric: Rubric,
    limits: Limits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Analysis:
    limits = limits or limits_from_env()
    deadline = clock() + limits.analysis_time_s

    def out_of_time() -> bool:
        return clock() > deadline

    analysed, cut = within_budget(document, limits.max_analysis_chars)
    context = Context.build(analysed, out_of_time=out_of_time)
    findings, skipped = run_within(context, out_of_time)
    suggestions = suggest_all(rubric, findings, context, skipped=skipped)
    summary = summarise(document)
    late = [s.id for s in suggestions if s.rationale == OUT_OF_TIME]
    if cut:
        summary.warnings.append(cut)
    if skipped or late:
        summary.warnings.append(
            f"{INCOMPLETE}: the time budget of {limits.analysis_time_s:g} s ran out; "
            f"{', '.join(late) or 'some criteria'} got no suggestion and the score is incomplete "
            "(EVALUATOR_ANALYSIS_TIME_S sets this budget)"
        )
    language = other_language("\n".join(page.text for page in analysed.pages))
    if language is not None:
        suggestions = [_withheld(s.id) for s in suggestions]
        summary.warnings.append(
            f"the text reads as {language}, not English; the detectors read English only, so "
            "every suggestion is withheld: rate each question from your own reading"
        )
    listed, cut_lists = bounded_findings(findings)
    summary.warnings.extend(cut_lists)
    # Who says what, as every check read it; not offered for a language the rules cannot read,
    # nor read afresh once the time is up (the warning above already says the analysis is cut).
    relayed: list[RelayedClaim] = []
    if language is None and not out_of_time():
        relayed, cut_relayed = relayed_claims(context)
        summary.warnings.extend(cut_relayed)
        by_page = _relayed_by_page(context)
        suggestions = [_whose(s, by_page) for s in suggestions]
    result = score(rubric, ratings_from_suggestions(suggestions))
    # Ingestion may already have left text out (over the characters read per document).
    if cut or skipped or late or any(w.startswith(INCOMPLETE) for w in document.warnings):
        result = result.model_copy(update={"complete": False})
    return Analysis(
        document=summary,
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        criteria=suggestions,
        score=result,
        findings=listed,
        relayed_claims=relayed,
    )
