"""A small thread-safe LRU cache of loaded documents, keyed by content hash and settings.

Loading the same bytes twice (a re-run in the app, a second rubric on one report) then costs a
dictionary look-up and a copy. Refusals that depend on neither the password nor the machine's
load (damaged, too large; not a timeout) are cached too, so a hostile file is not parsed again;
a document cut short by the machine's load (time limit, memory cap, a dead worker) is not.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LRU(Generic[Value]):
    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[str, Value] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Value | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: Value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


def cache_key(content_sha256: str, password: str | None, settings: str) -> str:
    """Bytes, password and settings together; the password is hashed, never stored."""
    secret = hashlib.sha256((password or "").encode("utf-8")).hexdigest() if password else "-"
    return hashlib.sha256(f"{content_sha256}|{secret}|{settings}".encode()).hexdigest()
