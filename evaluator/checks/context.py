"""What a check may look at: the document, its passages, and the findings it declared it needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..models import Document, Findings, Passage
from ..segment import segment

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """The document and its passages in reading order, shared by every check of one analysis."""

    document: Document
    passages: list[Passage]
    by_paragraph: dict[tuple[int, int], list[Passage]] = field(default_factory=dict)
    # Facts about the whole document that several checks ask for.
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The analysis time budget: true once it has run out. Checks that stop early for it add
    # their criterion id to `stopped`.
    out_of_time: Callable[[], bool] = field(default=lambda: False, compare=False, repr=False)
    stopped: set[str] = field(default_factory=set, compare=False, repr=False)
    # The other checks' findings this check declared in `needs` (the runner fills it; every
    # other list is empty, so an undeclared read finds nothing).
    findings: Findings = field(default_factory=Findings, compare=False, repr=False)

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

    def in_time(self, check: str, items: Iterable[T]) -> Iterator[T]:
        """`items` until the time budget runs out (checked before each, a clock read); a
        check that loops over passages with this stops within one passage's work of the
        deadline."""
        for item in items:
            if self.out_of_time():
                self.stopped.add(check)
                return
            yield item

    def memoised(self, key: str, compute: Callable[[], T]) -> T:
        """Compute once per document, however many checks ask."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def paragraph_of(self, passage: Passage) -> list[Passage]:
        return self.by_paragraph.get((passage.page, passage.paragraph), [passage])
