"""Errors for input that cannot be used: `InputError` with a stable code and a one-line message,
and `first_error`, the one wording for a pydantic validation error in a file someone wrote."""

from __future__ import annotations

import re

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .escaping import one_line


class InputError(Exception):
    """Input the tool refuses; `code` is stable for programs, `message` is one line for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = " ".join(message.split())
        super().__init__(self.message)


def field_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a reader writes it: `criteria[2].weight`, not `criteria.2.weight`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def reason(error: ErrorDetails) -> str:
    """What is wrong, in a file-writer's words: "unknown key" rather than "Extra inputs..."."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    return re.sub(r"^(Value error|Assertion failed), ", "", error["msg"])


def first_error(exc: ValidationError, source: str = "") -> str:
    """One line for the first problem: `source: field.path: reason (and N more problem(s))`.

    `source` names the file or input; it and the path are left out when empty. Every loader of
    a file people write reports through this, so the wording is the same everywhere.
    """
    first = exc.errors(include_url=False)[0]
    more = exc.error_count() - 1
    parts = [source, field_path(first["loc"]), reason(first)]
    line = ": ".join(part for part in parts if part)
    return one_line(line + (f" (and {more} more problem(s))" if more else ""))
