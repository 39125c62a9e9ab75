"""Reading a JSON file a person hands in (a pack, a submission): bounded in size and nesting, and
every way it can be wrong is one line naming the file."""

from __future__ import annotations

import json

from ..errors import InputError
from ..nesting import json_depth, too_deep


def read_json(data: bytes, name: str, what: str, limit: int) -> object:
    """The parsed JSON of `data`, or an InputError: "name: not <what> (reason)"."""
    if len(data) > limit:
        raise InputError("too_large", f"{name}: {len(data):,} bytes is over the {limit:,} limit")
    if not data.strip():
        raise InputError("empty", f"{name}: the file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not_json", f"{name}: not {what} (not UTF-8 text)") from None
    if problem := too_deep(json_depth(text)):
        raise InputError("not_json", f"{name}: not {what} ({problem})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            "not_json", f"{name}: not {what} (bad JSON at line {exc.lineno})"
        ) from None
    except RecursionError:
        raise InputError("not_json", f"{name}: not {what} (nested too deeply)") from None
