"""The checks' per-passage work, split over page ranges and run on both cores.

Most of a check's time goes into facts about one passage alone: which source kinds a
sentence names, where its figures and periods are, what its reporting verb is. Those are pure
functions of the passage (or its text), marked with `@passage_fact(feed)`, where `feed` says
how a passage is handed to the function. What reads across passages (a source named earlier
carried forward, the base in the previous sentence across a page break, the first mention of a
place, the speaker carried from one sentence to the next, levels) stays in the checks and runs
in the main process in reading order, as before.

For a long document `precomputed(context, out_of_time)` forks one helper that computes every
marked fact for the second half of the pages while this process computes them for the first
half; the helper's results are merged into a per-analysis store and the checks then run as
usual, finding each fact already there. The runner then forks, with the store in place, a
helper for each group of checks whose needed checks have run and whose findings no check still
to run needs (`runner._leaves`), so they run beside the chain of the others. A fact is a pure
function, so whether it was computed here, in the helper, or on demand changes nothing: results
are identical (tests/test_parallel.py compares a long report analysed both ways). The store
exists only for one analysis, so memory stays bounded by the document.

Where forking is unsafe or does not pay (another thread running, as in the app's server; a
batch worker, which already shares the cores with another; a short document; no `fork`), the
checks run in one process, as they do without this module; facts are still stored, computed
on demand, once per distinct text.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from ..models import Passage

F = TypeVar("F", bound=Callable[..., Any])

# Below this many passages the fork, the transfer and the merge cost more than half the
# per-passage work saves (about 70 passages make a page of a dense report).
MIN_PASSAGES = 600
# Off in processes that already share the cores with a sibling (batch workers).
enabled = True

_FACTS: dict[str, tuple[Callable[..., Any], Callable[[Passage], tuple[Any, ...]]]] = {}
# `_local.store`: name -> {key -> value} while this thread runs an analysis; None otherwise.
# Per thread, so analyses in the app's threads never see each other's store.
_local = threading.local()


def _key_part(value: Any) -> Any:
    if isinstance(value, Passage):
        return ("passage", value.page, value.start, value.end, value.text, value.paragraph)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError  # not a value a fact is keyed on: compute it unstored


def _key(args: tuple[Any, ...]) -> Any:
    if len(args) == 1 and type(args[0]) is str:
        return args[0]  # the common case, a passage's text: the string is its own key
    return tuple(_key_part(a) for a in args)


_PLAIN = (bool, int, float, str, tuple, type(None), frozenset)


def _fresh(value: Any) -> Any:
    """A copy a caller may change without changing the stored value (lists are extended, a
    mutable record may be updated). Immutable values are shared."""
    kind = type(value)
    if kind in _PLAIN or value is None:
        return value
    if kind is list or kind is dict or kind is set:
        return value.copy()
    if dataclasses.is_dataclass(value) and not kind.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        twin = object.__new__(kind)
        twin.__dict__.update(value.__dict__)
        return twin
    return value


def passage_fact(feed: Callable[[Passage], tuple[Any, ...]]) -> Callable[[F], F]:
    """Mark a pure function of one passage: its result depends only on its arguments, and
    `feed(passage)` gives the arguments the checks call it with for that passage."""

    def mark(function: F) -> F:
        name = f"{function.__module__}.{function.__qualname__}"
        signature = inspect.signature(function)
        arity = len(signature.parameters)

        @functools.wraps(function)
        def fact(*args: Any, **kwargs: Any) -> Any:
            store = getattr(_local, "store", None)
            if store is None:
                return function(*args, **kwargs)
            if kwargs or len(args) != arity:
                # f(t, flag=False), f(t, False) and f(t) are one call: key them alike.
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                args = tuple(bound.arguments.values())
            try:
                key = _key(args)
            except TypeError:
                return function(*args)
            known = store.get(name)
            if known is None:
                known = store[name] = {}
            if key in known:
                return _fresh(known[key])
            value = known[key] = function(*args)
            return _fresh(value)

        _FACTS[name] = (function, feed)
        return fact  # type: ignore[return-value]

    return mark


def compute(passages: Sequence[Passage], out_of_time: Callable[[], bool]) -> dict[str, dict]:
    """Every marked fact of `passages`, until the time budget runs out."""
    out: dict[str, dict[Any, Any]] = {name: {} for name in _FACTS}
    for passage in passages:
        if out_of_time():
            break
        for name, (function, feed) in _FACTS.items():
            args = feed(passage)
            key = _key(args)
            if key in out[name]:
                continue
            try:
                out[name][key] = function(*args)
            except Exception:
                # Left for the check to compute, so an error surfaces only where a check
                # really asks for this fact, as it would without the store.
                continue
    return out


def split(passages: Sequence[Passage]) -> int:
    """The index of the first passage of the second page range: the first passage of the page
    where half the text has been passed."""
    total = sum(len(p.text) for p in passages)
    seen = 0
    for i, passage in enumerate(passages):
        seen += len(passage.text)
        if 2 * seen >= total:
            j = i + 1
            while j < len(passages) and passages[j].page == passage.page:
                j += 1
            return j
    return len(passages)


def worth_forking(passages: Sequence[Passage]) -> bool:
    return (
        enabled
        and len(passages) >= MIN_PASSAGES
        and hasattr(os, "fork")
        and threading.active_count() == 1
    )


def fork(work: Callable[[], Any]) -> tuple[int, int]:
    """Run `work()` in a forked helper; its pid and the pipe its pickled result comes on."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: compute, send, and leave without running any exit handler
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _helper(passages: Sequence[Passage], out_of_time: Callable[[], bool]) -> tuple[int, int]:
    """Fork a helper computing the facts of `passages`."""
    return fork(lambda: compute(passages, out_of_time))


def stop(pid: int, read_end: int) -> None:
    """Stop a helper whose result is no longer wanted."""
    os.kill(pid, signal.SIGKILL)
    os.close(read_end)
    os.waitpid(pid, 0)


def receive(pid: int, read_end: int, out_of_time: Callable[[], bool]) -> Any:
    """What a forked helper sent, or None when it failed or had not finished when the time
    budget ran out (it is then stopped)."""
    chunks: list[bytes] = []
    try:
        while True:
            if not select.select([read_end], [], [], 0.05)[0]:
                if out_of_time():
                    os.kill(pid, signal.SIGKILL)
                    return None
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:  # a helper that died half-way: an empty or cut message
        return None


@contextmanager
def precomputed(passages: Sequence[Passage], out_of_time: Callable[[], bool]) -> Iterator[None]:
    """Within this block, marked facts are stored for this analysis, so a text repeated in the
    document (a running line, a table row) is read once; for a long document, the facts of the
    second page range are computed by a forked helper in parallel with the first range here."""
    previous = getattr(_local, "store", None)
    store: dict[str, dict[Any, Any]] = {}
    try:
        if worth_forking(passages):
            middle = split(passages)
            pid, read_end = _helper(passages[middle:], out_of_time)
            try:
                store.update(compute(passages[:middle], out_of_time))
            except BaseException:
                stop(pid, read_end)
                raise
            received = receive(pid, read_end, out_of_time)
            for name, known in (received or {}).items():
                store.setdefault(name, {}).update(known)
        _local.store = store
        yield
    finally:
        _local.store = previous
