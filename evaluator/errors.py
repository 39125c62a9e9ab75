"""Errors for input that cannot be analysed. Each carries a stable code and a one-line message."""

from __future__ import annotations


class InputError(Exception):
    """Input the tool refuses; `code` is stable for programs, `message` is one line for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = " ".join(message.split())
        super().__init__(self.message)
