"""The live classroom's rules, without a database or a page: join codes, the teacher link's secret
token, students' display names and the limit on guessing codes.

A live class is not an account system. The join code admits anyone who has it, for as long as it
lasts, under a name they choose; the teacher link's token is the only thing that opens the key,
the notes and the class's answers; a student's answers are tied to their browser (the owner
cookie), not to a person. The store applies these rules (`evaluator/store_live.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import InputError
from .submissions import check_name, student_key  # the hand-in's own rules for a name

# No 0/O, 1/I/L or U/V pairs: a code read aloud or copied from a projector is typed as meant.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 8  # 29^8 ≈ 5e11 codes (39 bits): with the limits below, guessing one takes years
CODE_GROUP = 4  # shown as ABCD-EFGH
DEFAULT_CODE_HOURS = 12
MAX_CODE_HOURS = 24 * 14
TOKEN_BYTES = 32  # the teacher link's secret: 256 bits
MAX_DISPLAY_NAME = 40


def code_bits(length: int = CODE_LENGTH) -> float:
    return length * math.log2(len(CODE_ALPHABET))


def new_join_code() -> str:
    """A fresh code in its stored form (no separator), from the system's secure random source."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalise_code(typed: str) -> str | None:
    """A code as typed (any case, spaces or dashes) in its stored form, or None when it cannot be
    a code at all (wrong length or a character no code has)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def code_expiry(now: datetime, hours: float) -> datetime:
    if not 0 < hours <= MAX_CODE_HOURS:
        raise InputError(
            "bad_expiry", f"a join code lasts between 1 hour and {MAX_CODE_HOURS} hours"
        )
    return now + timedelta(hours=hours)


def new_teacher_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of the teacher's token. A plain SHA-256 is enough: the token has 256
    random bits, so there is nothing to gain from a slow, salted hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    """Whether a token from an address opens the class, in time that does not depend on how much
    of the hash matched."""
    if not token or len(token) > 200:
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


def new_class_id() -> str:
    """The class's public id in the teacher link; knowing it opens nothing without the token."""
    return secrets.token_hex(8)


def display_name(typed: str) -> str:
    """A student's name in the class, tidied (spaces collapsed), or InputError saying what is
    wrong: empty, too long, control or invisible characters, look-alike alphabets mixed."""
    try:
        name = check_name(typed)
    except ValueError as exc:
        raise InputError("bad_name", f"display name: {exc}") from None
    if not student_key(name):
        raise InputError("bad_name", "enter a display name")
    if len(name) > MAX_DISPLAY_NAME:
        raise InputError("bad_name", f"a display name has at most {MAX_DISPLAY_NAME} characters")
    return name


@dataclass(frozen=True)
class JoinLimits:
    """How many wrong codes are tolerated before joining is refused for a while: per browser
    session, and across the whole server (a guesser can open many sessions)."""

    window: timedelta = timedelta(minutes=10)
    per_session: int = 5
    overall: int = 200


@dataclass(frozen=True)
class JoinDecision:
    allowed: bool
    message: str = ""


def join_decision(session_failures: int, overall_failures: int, limits: JoinLimits) -> JoinDecision:
    """Whether one more code may be tried, given the wrong codes in the last `limits.window`."""
    minutes = max(1, round(limits.window.total_seconds() / 60))
    if session_failures >= limits.per_session:
        return JoinDecision(
            False,
            f"Too many wrong codes from this browser. Wait {minutes} minutes, then try again, "
            "or ask your teacher to check the code.",
        )
    if overall_failures >= limits.overall:
        return JoinDecision(
            False,
            "Too many wrong codes have been tried on this server just now, so joining is paused "
            f"for up to {minutes} minutes. Ask your teacher.",
        )
    return JoinDecision(True)
