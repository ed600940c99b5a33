"""Fingerprints of what a page is made from, so unchanged pages are not rendered again.

A page's fingerprint covers its template context (and, in plan.py, the layouts and settings). The
context holds frozen view objects; each is digested once from its fields (remembered by identity within a
build and by value across builds), so a home page listing 10,000 articles costs 10,000 look-ups.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once


class Digester:
    """Between start() and finish() it remembers every object it digested; the next build reuses those."""

    def __init__(self, remember: bool = False) -> None:
        self.remember = remember  # keep digests for the next build (a live preview); a one-off build does not
        self._by_id: dict[int, tuple[Any, str]] = {}  # id -> (object kept alive, digest)
        self._by_value: dict[Any, str] = {}  # for equal objects made anew
        self._seen_ids: dict[int, tuple[Any, str]] = {}
        self._seen: dict[Any, str] = {}

    def start(self) -> None:
        self._seen_ids, self._seen = {}, {}

    def finish(self) -> None:
        # Keep what this build used, forget the rest.
        self._by_id, self._by_value = self._seen_ids, self._seen
        self._seen_ids, self._seen = {}, {}

    def __call__(self, value: Any) -> str:
        parts: list[str] = []
        self._feed(value, parts)
        return _hash("\x00".join(parts))

    def _feed(self, value: Any, parts: list[str]) -> None:
        kind = type(value)  # exact types first: this runs tens of thousands of times per build
        if kind is str:
            parts.append("s" + value)
        elif kind is list or kind is tuple:
            parts.append("[")
            for item in value:
                if type(item) is str:
                    parts.append("s" + item)
                elif dataclasses.is_dataclass(item):
                    parts.append("obj:" + self._object(item))
                else:
                    self._feed(item, parts)
            parts.append("]")
        elif kind is dict:
            parts.append("{")
            for key in sorted(value, key=str):
                parts.append("k" + str(key))
                self._feed(value[key], parts)
            parts.append("}")
        elif value is None or isinstance(value, (str, int, float, bool)):
            parts.append(f"{kind.__name__}:{value}")
        elif getattr(value, "fingerprint", None):
            parts.append("lazy:" + value.fingerprint)
        elif dataclasses.is_dataclass(value):
            parts.append("obj:" + self._object(value))
        elif isinstance(value, (list, tuple)):
            self._feed(list(value), parts)
        else:
            raise TypeError(f"cannot fingerprint {kind.__name__}")

    def _fields(self, value: Any) -> str:
        """A dataclass object's digest from its fields: nested objects by their own (cached) digests, so a
        view made of views costs one hash of a few digests."""
        kind = type(value)
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
        parts = [kind.__qualname__]
        for name in names:
            field = getattr(value, name)
            parts.append("f" + name)
            if type(field) is str:  # most fields: no call
                parts.append("s" + field)
            else:
                self._feed(field, parts)
        return _hash("\x00".join(parts))

    def of(self, value: Any) -> str:
        """The digest of one dataclass object (cached like every object the walk meets)."""
        return self._object(value)

    def _object(self, value: Any) -> str:
        key = id(value)
        cached = self._seen_ids.get(key) or self._by_id.get(key)
        if cached is not None and cached[0] is value:
            self._seen_ids[key] = cached
            return cached[1]
        digest = getattr(value, "fingerprint", None)  # objects that know their own (articles: their file)
        if not digest and self._by_value:
            try:
                digest = self._by_value.get(value)
            except TypeError:  # not hashable
                digest = None
        if not digest:
            digest = self._fields(value)
        self._seen_ids[key] = (value, digest)
        if self.remember:
            try:
                self._seen[value] = digest
            except TypeError:
                pass
        return digest
