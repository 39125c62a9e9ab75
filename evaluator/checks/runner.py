"""One registry of checks, and the runner that orders them by what they need.

The built-in checks are the modules of this package that define `CHECK` (each named for its
criterion id); `register` adds one from elsewhere. Both go through the same validation, so a
cycle, a need nobody produces or two checks writing one list fail when the check is added, not
half-way through an analysis.
"""

from __future__ import annotations

import pkgutil
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from importlib import import_module
from typing import Any

from ..calibration import calibrated, calibration_key
from ..learned_levels import choose_levels
from ..models import Findings, Rubric, Suggestion
from . import parallel, prefilter, speech
from .context import Context
from .contract import Check, CheckError

OUT_OF_TIME = "The analysis ran out of time before this question; rate it from your own reading."

_registered: dict[str, Check] = {}
_cache: dict[str, tuple[Check, ...]] = {}


def builtin_checks() -> tuple[Check, ...]:
    """The checks shipped in this package, discovered once: a module defining `CHECK`."""
    if "builtin" not in _cache:
        package = import_module(__package__)
        found = []
        for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            check = getattr(import_module(f"{__package__}.{module}"), "CHECK", None)
            if not isinstance(check, Check):
                continue
            if check.criterion != module:
                raise CheckError(
                    f"check module {module!r} is for criterion {check.criterion!r}; a check "
                    "module is named for its criterion id"
                )
            found.append(check)
        # Every module of the package is imported now: give their patterns a prefilter.
        for name, module in list(sys.modules.items()):
            if name.startswith(f"{__package__}.") and module is not None:
                prefilter.install(module)
        _cache["builtin"] = tuple(found)
    return _cache["builtin"]


def checks() -> tuple[Check, ...]:
    """Every check, built-in and registered, in an order where each runs after what it needs."""
    if "ordered" not in _cache:
        _cache["ordered"] = ordered([*builtin_checks(), *_registered.values()])
    return _cache["ordered"]


def register(check: Check) -> None:
    """Add a check from outside this package (a plugin, a test). It must fit with the others:
    its own criterion, lists nobody else writes, and needs that some other check produces."""
    ordered([*builtin_checks(), *_registered.values(), check])
    _registered[check.criterion] = check
    _cache.pop("ordered", None)


def unregister(criterion: str) -> None:
    """Remove a check added by `register` (built-in checks stay); refused while another
    registered check needs what it produces."""
    rest = [c for c in _registered.values() if c.criterion != criterion]
    ordered([*builtin_checks(), *rest])
    _registered.pop(criterion, None)
    _cache.pop("ordered", None)


def only_builtin() -> bool:
    """No check was registered from outside: a new process running this package's own checks
    would analyse a document alike."""
    return not _registered


def check_for(criterion: str) -> Check | None:
    return next((c for c in checks() if c.criterion == criterion), None)


def producers(all_checks: Iterable[Check] | None = None) -> dict[str, Check]:
    """Findings list -> the one check that writes it."""
    return {
        name: c for c in (checks() if all_checks is None else all_checks) for name in c.produces
    }


def ordered(candidates: Iterable[Check]) -> tuple[Check, ...]:
    """The checks so that each comes after the producers of what it needs (ties by criterion
    id); a CheckError names what makes that impossible."""
    by_id: dict[str, Check] = {}
    writer: dict[str, str] = {}
    for check in candidates:
        if check.criterion in by_id:
            raise CheckError(f"two checks for criterion {check.criterion!r}")
        by_id[check.criterion] = check
        for name, model in check.produces.items():
            if name in writer:
                raise CheckError(
                    f"checks {writer[name]!r} and {check.criterion!r} both produce {name!r}"
                )
            declared = Findings.model_fields.get(name)
            if declared is not None and declared.annotation != list[model]:
                raise CheckError(
                    f"check {check.criterion!r} produces {name!r} as {model.__name__}, but "
                    f"Findings declares it as {declared.annotation}"
                )
            writer[name] = check.criterion
    after: dict[str, set[str]] = {}
    for check in by_id.values():
        for name in check.needs:
            if name not in writer:
                raise CheckError(
                    f"check {check.criterion!r} needs {name!r}, which no check produces"
                )
        after[check.criterion] = {writer[name] for name in check.needs}
    out: list[Check] = []
    done: set[str] = set()
    while len(out) < len(by_id):
        ready = sorted(c for c in by_id if c not in done and after[c] <= done)
        if not ready:
            waiting = sorted(c for c in by_id if c not in done)
            raise CheckError(f"checks {', '.join(waiting)} need each other's findings (a cycle)")
        done.add(ready[0])
        out.append(by_id[ready[0]])
    return tuple(out)


# --- running ------------------------------------------------------------------------------------


def _view(lists: Mapping[str, list[Any]], names: Iterable[str]) -> Findings:
    """Findings holding only `names`: what a check declared it writes or reads."""
    return Findings(**{name: lists.get(name, []) for name in names})


def findings_for(check: Check, findings: Findings) -> Findings:
    """What `check.suggest` is given: the lists it produces and the lists it needs."""
    return _view(findings.lists(), [*check.produces, *check.needs])


def _written(check: Check, found: Findings) -> dict[str, list[Any]]:
    """The lists a check's `detect` filled, after checking it declared each and its items."""
    written = {name: items for name, items in found.lists().items() if items}
    undeclared = sorted(set(written) - set(check.produces))
    if undeclared:
        raise CheckError(
            f"check {check.criterion!r} wrote {', '.join(undeclared)}, which it does not "
            "declare in `produces`"
        )
    for name, items in written.items():
        model = check.produces[name]
        if not all(isinstance(item, model) for item in items):
            raise CheckError(
                f"check {check.criterion!r} wrote {name!r} items that are not {model.__name__}"
            )
    return written


def run_all(context: Context) -> Findings:
    return run_within(context, lambda: False)[0]


def run_within(
    context: Context, out_of_time: Callable[[], bool]
) -> tuple[Findings, frozenset[str]]:
    """Findings of every check started before `out_of_time()`, and the criterion ids of those
    skipped or stopped early (their findings are partial)."""
    lists: dict[str, list[Any]] = {}
    skipped: set[str] = set()
    all_checks = checks()  # imported before any fork, so a helper imports nothing
    # The per-passage facts of a long document, half of them computed by a forked helper.
    with parallel.precomputed(context.passages, out_of_time):
        forking = parallel.worth_forking(context.passages)
        helpers: list[tuple[tuple[Check, ...], tuple[int, int]]] = []
        pending = list(all_checks)
        done: set[str] = set()  # the criteria whose checks have run here
        received = 0
        try:
            while pending:
                leaves = _leaves(pending, done) if forking else ()
                if leaves and len(leaves) < len(pending):
                    # These can run now, beside the rest: the checks they need have run, and
                    # nothing still to run needs what they write. The helper starts from
                    # what has been written so far.
                    if not helpers:
                        # Every check reads the one speech reading of the document: read it
                        # once, before the first fork, so the helpers and this process share it.
                        speech.voices(context)
                    helpers.append(
                        (
                            leaves,
                            parallel.fork(
                                # run at once in the forked child, which has its own copy
                                lambda some=leaves, seen=lists: _in_helper(
                                    some, context, out_of_time, seen
                                )
                            ),
                        )
                    )
                    pending = [c for c in pending if c not in leaves]
                skipped |= _run_checks(pending[:1], context, out_of_time, lists)
                done.add(pending[0].criterion)
                del pending[:1]
            while received < len(helpers):
                some, helper = helpers[received]
                sent = parallel.receive(*helper, out_of_time)
                received += 1
                if sent is None:
                    # The helper failed, or a check raised there: run its checks here, so an
                    # error is raised as it would be without the helper.
                    skipped |= _run_checks(some, context, out_of_time, lists)
                else:
                    lists.update(sent[0])
                    skipped |= sent[1]
                    context.stopped.update(sent[2])
        except BaseException:
            # Stop every helper not yet received: none is left running or unreaped.
            for _some, helper in helpers[received:]:
                parallel.stop(*helper)
            raise
    return Findings(**lists), frozenset(skipped | context.stopped)


def _leaves(pending: list[Check], done: set[str]) -> tuple[Check, ...]:
    """The pending checks whose needed checks have all run (`done`: their criteria) and whose
    findings no other pending check needs."""
    needed = {name for c in pending for name in c.needs}
    writer = producers()
    return tuple(
        c
        for c in pending
        if all(writer[name].criterion in done for name in c.needs) and not needed & set(c.produces)
    )


def _run_checks(
    some: Iterable[Check],
    context: Context,
    out_of_time: Callable[[], bool],
    lists: dict[str, list[Any]],
) -> set[str]:
    """Run `some` checks in order, adding what they write to `lists`; the ones skipped."""
    skipped = set()
    for check in some:
        if out_of_time():
            skipped.add(check.criterion)
            continue
        found = check.detect(replace(context, findings=_view(lists, check.needs)))
        lists.update(_written(check, found))
    return skipped


def _in_helper(
    side: Iterable[Check],
    context: Context,
    out_of_time: Callable[[], bool],
    seen: dict[str, list[Any]] | None = None,
) -> tuple[dict[str, list[Any]], set[str], set[str]] | None:
    """What the helper sends: (the lists its checks wrote, skipped, stopped), or None when a
    check raised. `seen`: what was written before the fork, which its checks may need."""
    lists: dict[str, list[Any]] = dict(seen or {})
    try:
        skipped = _run_checks(side, context, out_of_time, lists)
    except Exception:
        return None
    written = {name: items for name, items in lists.items() if name not in (seen or {})}
    return written, skipped, set(context.stopped)


def no_suggestion(criterion_id: str) -> Suggestion:
    return Suggestion(
        id=criterion_id,
        suggested_level=None,
        status="no_suggestion",
        confidence=0.0,
        rationale="No detector covers this question; rate it from your own reading.",
        evidence=[],
    )


def _incomplete(skipped: Collection[str]) -> set[str]:
    """The skipped or stopped checks and every check that needs what one of them produces."""
    out = set(skipped)
    for check in checks():  # in order, so a need's producer is settled first
        if any(producers()[name].criterion in out for name in check.needs):
            out.add(check.criterion)
    return out


def suggest_all(
    rubric: Rubric,
    findings: Findings,
    context: Context,
    skipped: Collection[str] = (),
) -> list[Suggestion]:
    """One suggestion per criterion; a criterion with no check gets an honest "no
    suggestion", and one whose findings are partial (its check, or a check it needs, was
    skipped or stopped at the time budget) gets no suggestion rather than a guess. Where the
    shipped level model covers a criterion, it chooses the level (evaluator/learned_levels.py)."""
    incomplete = _incomplete(skipped)
    out = []
    for criterion in rubric.criteria:
        check = check_for(criterion.id)
        if check is None:
            suggestion = no_suggestion(criterion.id)
        elif check.criterion in incomplete:
            suggestion = no_suggestion(criterion.id).model_copy(update={"rationale": OUT_OF_TIME})
        else:
            suggestion = _calibrated(check.suggest(findings_for(check, findings), context))
        out.append(suggestion.model_copy(update={"id": criterion.id}))
    return choose_levels(out, context.document.chars)


def _calibrated(suggestion: Suggestion) -> Suggestion:
    """The check's own score kept as `confidence_raw`; `confidence` becomes the chance of being
    acceptable, fitted on real documents the rules had not seen (per criterion and kind of
    suggestion). "No suggestion" keeps its zero."""
    raw = suggestion.confidence
    key = calibration_key(suggestion.id, suggestion.status, suggestion.suggested_level)
    if key is None:
        return suggestion.model_copy(update={"confidence_raw": raw})
    return suggestion.model_copy(update={"confidence_raw": raw, "confidence": calibrated(key, raw)})
