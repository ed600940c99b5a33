"""Rendered Markdown kept on disk between builds, so a fresh `dossier build` after an edit does not
render every article body again for the pages that show them all (the whole dossier, the feed).

Keyed by the body's fingerprint (its text and the entity links in force); the file is thrown away
whenever the generator's code changes. Lives in .cache/dossier/ in the project, ignored by git; a
missing or unreadable cache only makes a build slower, never different. It is read only when a page
needs a body that this process has not rendered.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.files import atomic_write
from generator.markdown import Rendered
from generator.state import code_version


def _path(root: Path) -> Path:
    return root / ".cache" / "dossier" / "markdown.pickle"


class Cache:
    """The renderings on disk, read on the first look-up, and those made since (`recent`)."""

    def __init__(self, root: Path):
        self.root = root
        self._data: dict[str, Rendered] | None = None
        self.recent: dict[str, Rendered] = {}

    @property
    def data(self) -> dict[str, Rendered]:
        if self._data is None:
            self._data = load(self.root)
        return self._data

    def get(self, fingerprint: str) -> Rendered | None:
        return self.recent.get(fingerprint) or self.data.get(fingerprint)

    def keep(self, rendered: dict[str, Rendered]) -> None:
        self.recent.update(rendered)

    def save(self, live: set[str]) -> None:
        """Write what is new to disk, keeping only the bodies the dossier still shows."""
        if not self.recent or self.recent.keys() <= self.data.keys():
            return  # nothing new (bodies no longer shown are dropped with the next new one)
        cache = {fp: r for fp, r in {**self.data, **self.recent}.items() if fp in live}
        self._data, self.recent = cache, {}
        try:
            atomic_write(_path(self.root), pickle.dumps((code_version(), cache), protocol=pickle.HIGHEST_PROTOCOL),
                         durable=False)
        except OSError:
            pass  # a read-only project builds without the cache


def load(root: Path) -> dict[str, Rendered]:
    try:
        with open(_path(root), "rb") as handle:
            version, cache = pickle.load(handle)  # our own file, written by Cache.save() above
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError):
        return {}
    return cache if version == code_version() and isinstance(cache, dict) else {}
