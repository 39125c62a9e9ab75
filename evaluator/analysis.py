"""The pipeline: Document → passages → findings → suggestions → scored `Analysis`."""

from __future__ import annotations

from .detectors import Context, run_all
from .models import Analysis, Document, DocumentSummary, Rubric, RubricRef
from .scoring import ratings_from_suggestions, score
from .suggest import suggest_all


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
    context = Context.build(document)
    findings = run_all(context)
    suggestions = suggest_all(rubric, findings, context)
    return Analysis(
        document=summarise(document),
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        criteria=suggestions,
        score=score(rubric, ratings_from_suggestions(suggestions)),
        findings=findings,
    )
