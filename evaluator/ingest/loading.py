"""Loading a file or bytes: the type of input, the size limit, and a cache of documents.

`load_bytes` and `load_path` are the way in for everything else. The cache (16 documents, by
content hash and settings) makes a second load of the same bytes cost a look-up and a copy.
Refusals that depend on the file alone are cached too, under the file's name, so a hostile file
is not parsed again and a cached refusal never names another file.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..errors import InputError
from ..limits import Limits, limits_from_env
from ..models import Document
from ..normalise import NORMALISER_VERSION
from . import documents
from .cache import LRU, cache_key
from .documents import sha256_of

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
# Refusals that are not cached: those that depend on the password given, and those that say
# more about this machine's load at the time than about the file (a timeout, the memory cap,
# no worker), so the next try reads the file again.
_UNCACHED_CODES = {"encrypted", "wrong_password", "timeout", "memory", "unavailable"}
_PDF_HEADER_AFTER_SPACE = re.compile(rb"\s*%PDF-")

_CACHE: LRU[Document | dict[str, InputError]] = LRU(size=16)
_REFUSAL_NAMES = 8  # names remembered per refused file


def clear_cache() -> None:
    _CACHE.clear()


def cache_stats() -> tuple[int, int]:
    """(hits, misses) of the document cache since the last clear."""
    return _CACHE.hits, _CACHE.misses


def _is_pdf(data: bytes, suffix: str) -> bool:
    """A PDF header at the start; anywhere in the first KB (as readers allow) unless the name
    says text, so a Markdown note that mentions "%PDF-" stays text."""
    if suffix in TEXT_SUFFIXES:
        return _PDF_HEADER_AFTER_SPACE.match(data) is not None
    return data[:1024].find(b"%PDF-") >= 0


def load_bytes(
    data: bytes,
    filename: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    cache: bool = True,
) -> Document:
    """Read a PDF or UTF-8 text/Markdown. Raises InputError, never anything else for bad input.

    `limits` defaults to `limits_from_env()`; `cache=False` forces a fresh read.
    """
    limits = limits or limits_from_env()
    if len(data) > limits.max_bytes:
        raise InputError(
            "too_large",
            f"{filename or 'the input'} is {len(data) / 1e6:.1f} MB; "
            f"the limit is {limits.max_file_mb:g} MB",
        )
    if not data or data.isspace():  # no copy of up to 100 MB, unlike strip()
        raise InputError("empty", f"{filename or 'the input'} is empty")
    suffix = Path(filename or "").suffix.lower()
    is_pdf = _is_pdf(data, suffix)
    if not is_pdf and suffix == ".pdf":
        raise InputError("not_pdf", f"{filename} is not a PDF (it has no %PDF- header)")
    if not is_pdf and suffix and suffix not in TEXT_SUFFIXES:
        raise InputError(
            "unsupported", f"{filename}: only PDF, plain text and Markdown can be analysed"
        )
    settings = f"{NORMALISER_VERSION}|{is_pdf}|{limits.model_dump_json()}"
    key = cache_key(sha256_of(data), password if is_pdf else None, settings)
    # A refusal names its file, so refusals are kept per name: one never names another file.
    refusals: dict[str, InputError] = {}
    if cache:
        hit = _CACHE.get(key)
        if isinstance(hit, Document):
            return hit.model_copy(update={"filename": filename})
        if isinstance(hit, dict):
            refusals = hit
            if (filename or "") in refusals:
                refused = refusals[filename or ""]
                raise InputError(refused.code, refused.message)
    cacheable = True
    try:
        if is_pdf:
            document, cacheable = documents.pdf_document(data, filename, password, limits)
        else:
            document = documents.text_document(data, filename, limits)
    except InputError as exc:
        if cache and exc.code not in _UNCACHED_CODES:
            kept = list(refusals.items())[-(_REFUSAL_NAMES - 1) :]
            _CACHE.put(key, {**dict(kept), filename or "": exc})
        raise
    if cache and cacheable:
        _CACHE.put(key, document)
    return document


def load(
    source: bytes | str | os.PathLike[str],
    *,
    filename: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    cache: bool = True,
) -> Document:
    """A document from the bytes of a file (`filename` says what it was called) or from a path.

    One way in for callers that hold either; raises InputError for anything that cannot be read.
    """
    if isinstance(source, bytes):
        return load_bytes(source, filename, password, limits=limits, cache=cache)
    if filename is not None:
        raise TypeError("filename names bytes; a path names itself")
    return load_path(source, password, limits=limits, cache=cache)


def load_path(
    path: Path | str | os.PathLike[str],
    password: str | None = None,
    limits: Limits | None = None,
    cache: bool = True,
) -> Document:
    """Read a regular file of at most `limits.max_bytes`; anything else (a folder, a FIFO, a
    device, a symlink loop) is refused in one line before a byte is read."""
    path = Path(path)
    limits = limits or limits_from_env()
    data = read_regular_file(path, limits.max_bytes, limits.max_file_mb)
    return load_bytes(data, path.name, password, limits=limits, cache=cache)


def read_regular_file(path: Path, max_bytes: int, max_mb: float) -> bytes:
    """The bytes of a regular file, read at most `max_bytes` + 1 (a file that grows while it is
    read is still refused). Opening does not block, so a FIFO cannot hang the caller."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("not_found", f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError("not_a_file", f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("not_a_file", f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "not_a_file", f"{path} is not a regular file (a device, pipe or socket)"
            )
        if info.st_size > max_bytes:
            raise InputError(
                "too_large",
                f"{path.name} is {info.st_size / 1e6:.1f} MB; the limit is {max_mb:g} MB",
            )
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise InputError(
                "too_large", f"{path.name} grew past the limit of {max_mb:g} MB while being read"
            )
        return b"".join(chunks)
    except OSError as exc:
        raise InputError("unreadable", f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
