"""Checks: one module per rubric criterion, named for its id, each defining `CHECK`.

A check finds what it looks for in the passages (`detect`, pure, filling only the Findings
lists it declares) and turns those findings, and the lists of other checks it declares in
`needs`, into one suggestion (`suggest`). `common.py` and `cues.py` hold language shared by
several checks; they are not checks. See `contract.py` for the contract and `runner.py` for the
registry and the order checks run in.
"""

from __future__ import annotations

from .common import text_context
from .context import Context
from .contract import Check, CheckError, KeyedList
from .runner import (
    OUT_OF_TIME,
    builtin_checks,
    check_for,
    checks,
    findings_for,
    no_suggestion,
    ordered,
    producers,
    register,
    run_all,
    run_within,
    suggest_all,
    unregister,
)

__all__ = [
    "OUT_OF_TIME",
    "Check",
    "CheckError",
    "Context",
    "KeyedList",
    "builtin_checks",
    "check_for",
    "checks",
    "findings_for",
    "no_suggestion",
    "ordered",
    "producers",
    "register",
    "run_all",
    "run_within",
    "suggest_all",
    "text_context",
    "unregister",
]
