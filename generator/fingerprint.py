"""Fingerprints of what a page is made from, so unchanged pages are not rendered again.

A page's fingerprint covers its template context (and, in render.py, the layouts and settings). The
context holds frozen dataclasses; each object is digested once per build (cached by identity), so a home
page listing 10,000 articles costs 10,000 dictionary look-ups, not 10,000 reprs.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any


class Digester:
    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}  # id -> (object kept alive, digest)

    def __call__(self, value: Any) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        self._feed(value, hasher)
        return hasher.hexdigest()

    def _feed(self, value: Any, hasher) -> None:
        if value is None or isinstance(value, (str, int, float, bool)):
            hasher.update(f"{type(value).__name__}:{value}\x00".encode("utf-8", "surrogatepass"))
        elif hasattr(value, "fingerprint"):
            hasher.update(f"lazy:{value.fingerprint}\x00".encode())
        elif dataclasses.is_dataclass(value):
            hasher.update(f"obj:{self._object(value)}\x00".encode())
        elif isinstance(value, dict):
            hasher.update(b"{")
            for key in sorted(value, key=str):
                self._feed(key, hasher)
                self._feed(value[key], hasher)
            hasher.update(b"}")
        elif isinstance(value, (list, tuple)):
            hasher.update(b"[")
            for item in value:
                self._feed(item, hasher)
            hasher.update(b"]")
        else:
            raise TypeError(f"cannot fingerprint {type(value).__name__}")

    def _object(self, value: Any) -> str:
        cached = self._memo.get(id(value))
        if cached is None or cached[0] is not value:
            cached = (value, hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest())
            self._memo[id(value)] = cached
        return cached[1]
