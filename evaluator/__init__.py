"""Evaluate how a report presents statistics about groups of people. Pure core: no UI imports.

The public API is what `__all__` names here: read a report (`load`), pick a rubric
(`resolve_rubric`, `rubric_by_id`, `default_rubric`), `analyze`, and the models and errors they
use. Besides these names, these modules are public, each with a surface of its own:

- `evaluator.checks`: the Check contract and its registry, for a new check (docs/architecture.md);
- `evaluator.escaping`: the one escaper per output format (Markdown, HTML, CSV, terminal);
- `evaluator.ingest`: the PDF workers and the document cache (`warm_up`, `shutdown_workers`,
  `clear_cache`) for an app or a benchmark;
- `evaluator.store`: the SQLite store of evaluations;
- `evaluator.exports`: JSON, Markdown and HTML exports of an evaluation;
- `evaluator.batch`: many reports scored at once, with a grid across them;
- `evaluator.compare`: reports side by side, saved evaluations beside fresh files (robvis-style);
- `evaluator.classroom`: exercise packs, submissions and the class dashboard;
- `evaluator.samples`: the sample reports beside a checkout (none in an installed wheel);
- `evaluator.ratings`: the one vocabulary of levels (label, colour, symbol).
- `evaluator.titles`: a document's title from its metadata or first page, and safe slugs;
- `evaluator.page_images`: a PDF page drawn as an image, with a quote marked, in a limited
  separate process;
- `evaluator.wording`: counted words in messages ("1 page", "2 pages").

Everything else is internal and may change. The app (evaluator_ui/, app.py) and benchmarks/
import only these (tests/test_public_api.py checks it).

Names are imported on first use, so `import evaluator` stays cheap: it loads neither pydantic
nor pypdf nor scikit-learn, and the PDF worker (a module of this package) does not pay for them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from .lazy import lazy_names

if TYPE_CHECKING:
    from .analysis import analyze, incomplete_warnings, warm_up
    from .analysis_process import analyze_apart, warm_analysis_process
    from .answer_keys import AnswerKey, CriterionKey
    from .calibration import confidence_words
    from .errors import InputError, first_error
    from .ingest import load
    from .limits import Limits
    from .models import (
        Analysis,
        Answer,
        Criterion,
        Document,
        Evaluation,
        Evidence,
        Findings,
        Page,
        QuoteRef,
        RelayedClaim,
        Rubric,
        Score,
        Suggestion,
    )
    from .rubrics import (
        DEFAULT_RUBRIC_ID,
        RubricError,
        available_rubrics,
        default_rubric,
        read_rubric_file,
        resolve_rubric,
        rubric_by_id,
    )

try:
    __version__ = version("report-evaluator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

# Where each public name lives; `__getattr__` imports it from there on first use.
_HOMES = {
    "analyze": "evaluator.analysis",
    "incomplete_warnings": "evaluator.analysis",
    "warm_up": "evaluator.analysis",
    "analyze_apart": "evaluator.analysis_process",
    "warm_analysis_process": "evaluator.analysis_process",
    "load": "evaluator.ingest",
    "AnswerKey": "evaluator.answer_keys",
    "CriterionKey": "evaluator.answer_keys",
    "confidence_words": "evaluator.calibration",
    "InputError": "evaluator.errors",
    "first_error": "evaluator.errors",
    "Limits": "evaluator.limits",
    "Analysis": "evaluator.models",
    "Answer": "evaluator.models",
    "Criterion": "evaluator.models",
    "Document": "evaluator.models",
    "Evaluation": "evaluator.models",
    "Evidence": "evaluator.models",
    "Findings": "evaluator.models",
    "Page": "evaluator.models",
    "QuoteRef": "evaluator.models",
    "RelayedClaim": "evaluator.models",
    "Rubric": "evaluator.models",
    "Score": "evaluator.models",
    "Suggestion": "evaluator.models",
    "DEFAULT_RUBRIC_ID": "evaluator.rubrics",
    "RubricError": "evaluator.rubrics",
    "available_rubrics": "evaluator.rubrics",
    "default_rubric": "evaluator.rubrics",
    "read_rubric_file": "evaluator.rubrics",
    "resolve_rubric": "evaluator.rubrics",
    "rubric_by_id": "evaluator.rubrics",
}

__all__ = [
    "DEFAULT_RUBRIC_ID",
    "Analysis",
    "Answer",
    "AnswerKey",
    "Criterion",
    "CriterionKey",
    "Document",
    "Evaluation",
    "Evidence",
    "Findings",
    "InputError",
    "Limits",
    "Page",
    "QuoteRef",
    "RelayedClaim",
    "Rubric",
    "RubricError",
    "Score",
    "Suggestion",
    "__version__",
    "analyze",
    "analyze_apart",
    "available_rubrics",
    "confidence_words",
    "default_rubric",
    "first_error",
    "incomplete_warnings",
    "load",
    "read_rubric_file",
    "resolve_rubric",
    "rubric_by_id",
    "warm_analysis_process",
    "warm_up",
]

__getattr__, __dir__ = lazy_names(__name__, _HOMES)
