"""The pipeline: Document → findings → suggestions → scored `Analysis`."""

from __future__ import annotations

from .models import Analysis, Document, DocumentSummary, Findings, Rubric, RubricRef, Suggestion
from .scoring import ratings_from_suggestions, score


def detect(document: Document) -> Findings:
    """Run every detector over the document. No detector is wired in yet."""
    return Findings()


def suggest(rubric: Rubric, findings: Findings) -> list[Suggestion]:
    """One suggestion per criterion, in rubric order. Without detectors nothing is suggested."""
    return [
        Suggestion(
            id=criterion.id,
            suggested_level=None,
            status="no_suggestion",
            confidence=0.0,
            rationale="No detector covers this question yet; rate it from your own reading.",
            evidence=[],
        )
        for criterion in rubric.criteria
    ]


def summarise(document: Document) -> DocumentSummary:
    return DocumentSummary(
        sha256=document.sha256,
        pages=len(document.pages),
        title=document.title,
        source=document.source,
        warnings=list(document.warnings),
        filename=document.filename,
    )


def analyze(document: Document, rubric: Rubric) -> Analysis:
    findings = detect(document)
    suggestions = suggest(rubric, findings)
    return Analysis(
        document=summarise(document),
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        criteria=suggestions,
        score=score(rubric, ratings_from_suggestions(suggestions)),
        findings=findings,
    )
