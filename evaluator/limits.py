"""Limits on what ingestion will read, with documented defaults (see docs/ingestion.md).

A `Limits` value travels with every load; change one setting with
`Limits(max_pages=5000)` or, for the command line and the app, through environment variables
named `EVALUATOR_<FIELD>` in upper case (e.g. `EVALUATOR_MAX_PAGES=5000`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError

# pypdf's own limits, set only through `pypdf.apply_configuration` in the worker. Defaults are
# pypdf 7.1's except where the comment says why they differ.
DEFAULT_PYPDF_CONFIGURATION: dict[str, int | str | None] = {
    # pypdf's 2,000,000 let one 60 MB text-operator stream run for 6 s; a real page of dense
    # table text stays far below 1,000,000 tokens.
    "stream_parsing_work_maximum_count": 1_000_000,
    # Never start an external program on untrusted input; images are not needed for text.
    "jbig2dec_binary": None,
}


class Limits(BaseModel):
    """What a single load may cost. Every field has a default suited to reports of ≤ 2,000 pages."""

    # Every number has a finite upper bound and inf/nan are refused, so no setting can overflow
    # a conversion or switch a budget off.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    max_file_mb: float = Field(
        default=100.0, gt=0, le=10_000, description="largest input accepted, in MB"
    )
    max_pages: int = Field(default=2000, ge=1, le=100_000, description="most pages a PDF may have")
    memory_mb: int = Field(
        default=1536,
        ge=256,
        le=1_048_576,
        description="address-space cap of each extraction worker (MB)",
    )
    time_base_s: float = Field(
        default=15.0, gt=0, le=3600, description="time budget: fixed part (s)"
    )
    time_per_page_s: float = Field(
        default=0.25, ge=0, le=60, description="time budget: per page (s)"
    )
    workers: int = Field(
        default=2, ge=1, le=16, description="worker processes that share one long PDF"
    )
    parallel_min_pages: int = Field(
        default=24, ge=2, le=100_000, description="a PDF needs at least this many pages to be split"
    )
    max_chars_per_page: int = Field(
        default=400_000,
        ge=1000,
        le=50_000_000,
        description="text beyond this on one page is cut, with a warning",
    )
    min_chars_per_page: int = Field(
        default=3,
        ge=1,
        le=1000,
        description="a page with fewer non-blank characters has no text layer",
    )
    max_analysis_chars: int = Field(
        default=2_000_000,
        ge=1000,
        le=50_000_000,
        description="text analysed per document; the rest is left out, with a warning and the "
        "score marked incomplete",
    )
    analysis_time_s: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="wall-clock budget of text analysis (s); a detector not started by then is "
        "skipped, with a warning and the score marked incomplete",
    )
    pypdf: dict[str, int | str | None] = Field(
        default_factory=lambda: dict(DEFAULT_PYPDF_CONFIGURATION),
        description="overrides passed to pypdf.apply_configuration (field names of "
        "pypdf.Configuration)",
    )

    @field_validator("pypdf")
    @classmethod
    def _known_pypdf_fields(cls, value: dict[str, int | str | None]) -> dict[str, int | str | None]:
        import dataclasses

        from pypdf import Configuration

        known = {f.name for f in dataclasses.fields(Configuration)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"not a pypdf.Configuration field: {', '.join(unknown)}")
        return value

    def budget_s(self, pages: int) -> float:
        """Wall-clock seconds allowed for extracting a PDF of `pages` pages."""
        return self.time_base_s + self.time_per_page_s * pages

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)


ENV_PREFIX = "EVALUATOR_"
INCOMPLETE = "analysis incomplete"
"""How every warning about a budget cut starts, so the CLI, the app and `analyze` can find it."""


def limits_from_env(environ: Mapping[str, str] | None = None) -> Limits:
    """Default limits, with any `EVALUATOR_<FIELD>` environment variable applied."""
    environ = os.environ if environ is None else environ
    values: dict[str, str] = {}
    for name in Limits.model_fields:
        if name == "pypdf":
            continue
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None and raw.strip():
            values[name] = raw.strip()
    try:
        return Limits.model_validate(values)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = ENV_PREFIX + str(first["loc"][0]).upper()
        raise InputError(
            "bad_setting", f"{name}={values.get(str(first['loc'][0]))!r}: {first['msg']}"
        ) from None
