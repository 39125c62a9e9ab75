"""Turn bytes (PDF, UTF-8 text or Markdown) into a normalised `Document`.

By concern:
- `loading`: the way in (`load`, `load_bytes`, `load_path`), the type and size of input, the cache;
- `documents`: a `Document` from an extraction or from text, with its warnings and refusals;
- `extraction`: one PDF read through the workers under a time budget (`extract_pdf`);
- `pool`: the worker processes; `protocol`: what they and this process say to each other;
- `worker`: the worker program itself, which runs pypdf under a memory cap.

Every refusal is an `InputError(code, message)` with a one-line message; a partial extraction is
a document with a warning that names the pages.

The names below are imported on first use, not here: the worker runs as
`python -m evaluator.ingest.worker`, which imports this package first, and should not pay for
pydantic and the normaliser out of its capped memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from ..limits import Limits
    from .documents import sha256_of
    from .extraction import Extraction, extract_pdf, warm_up
    from .loading import (
        TEXT_SUFFIXES,
        cache_stats,
        clear_cache,
        load,
        load_bytes,
        load_path,
        read_regular_file,
    )
    from .pool import shutdown_workers

_HOMES = {
    "Limits": "evaluator.limits",
    "sha256_of": "evaluator.ingest.documents",
    "Extraction": "evaluator.ingest.extraction",
    "extract_pdf": "evaluator.ingest.extraction",
    "warm_up": "evaluator.ingest.extraction",
    "TEXT_SUFFIXES": "evaluator.ingest.loading",
    "cache_stats": "evaluator.ingest.loading",
    "clear_cache": "evaluator.ingest.loading",
    "load": "evaluator.ingest.loading",
    "load_bytes": "evaluator.ingest.loading",
    "load_path": "evaluator.ingest.loading",
    "read_regular_file": "evaluator.ingest.loading",
    "shutdown_workers": "evaluator.ingest.pool",
}

__all__ = [
    "TEXT_SUFFIXES",
    "Extraction",
    "Limits",
    "cache_stats",
    "clear_cache",
    "extract_pdf",
    "load",
    "load_bytes",
    "load_path",
    "read_regular_file",
    "sha256_of",
    "shutdown_workers",
    "warm_up",
]

__getattr__, __dir__ = lazy_names(__name__, _HOMES)
