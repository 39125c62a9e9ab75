"""Detectors: pure functions from passages to findings, one module per signal family.

Each module exposes `detect(context) -> Findings` filling only its own lists; `run_all` merges
them. Modules are listed in DETECTORS so a missing one is an import error, not a silent gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TypeVar

from ..models import Document, Findings, Passage
from ..segment import segment

# Module names under evaluator.detectors, added as each detector lands.
DETECTORS: list[str] = [
    "percentages",
    "sources",
    "scope",
    "attributes",
    "scale",
    "recommendations",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a detector may look at: the document and its passages in reading order."""

    document: Document
    passages: list[Passage]
    by_paragraph: dict[tuple[int, int], list[Passage]] = field(default_factory=dict)
    # Facts about the whole document that several detectors and suggesters ask for.
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The analysis time budget: true once it has run out. Detectors that stop early for it
    # add their name to `stopped`.
    out_of_time: Callable[[], bool] = field(default=lambda: False, compare=False, repr=False)
    stopped: set[str] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        document: Document,
        passages: list[Passage] | None = None,
        out_of_time: Callable[[], bool] = lambda: False,
    ) -> Context:
        passages = segment(document) if passages is None else passages
        groups: dict[tuple[int, int], list[Passage]] = {}
        for passage in passages:
            groups.setdefault((passage.page, passage.paragraph), []).append(passage)
        return cls(
            document=document, passages=passages, by_paragraph=groups, out_of_time=out_of_time
        )

    def in_time(self, detector: str, items: Iterable[T]) -> Iterator[T]:
        """`items` until the time budget runs out (checked before each, a clock read); a
        detector that loops over passages with this stops within one passage's work of the
        deadline."""
        for item in items:
            if self.out_of_time():
                self.stopped.add(detector)
                return
            yield item

    def memoised(self, key: str, compute: Callable[[], T]) -> T:
        """Compute once per document, however many detectors ask."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def paragraph_of(self, passage: Passage) -> list[Passage]:
        return self.by_paragraph.get((passage.page, passage.paragraph), [passage])


def _detector(name: str) -> Callable[[Context], Findings]:
    return import_module(f"{__name__}.{name}").detect


def run_all(context: Context) -> Findings:
    return run_within(context, lambda: False)[0]


def run_within(
    context: Context, out_of_time: Callable[[], bool]
) -> tuple[Findings, frozenset[str]]:
    """Findings of every detector started before `out_of_time()`, and the names of those
    skipped or stopped early (their findings are partial)."""
    merged = Findings()
    skipped = set()
    for name in DETECTORS:
        if out_of_time():
            skipped.add(name)
            continue
        found = _detector(name)(context)
        for key in Findings.model_fields:
            getattr(merged, key).extend(getattr(found, key))
    return merged, frozenset(skipped | context.stopped)
