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


def _log(root: Path) -> Path:
    """Renderings added since markdown.pickle was written, appended in chunks: a build that renders one
    body appends a few kilobytes instead of rewriting every body."""
    return root / ".cache" / "dossier" / "markdown-new.pickle"


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
        """Write what is new to disk. Now and then the whole cache is written anew, keeping only the
        bodies the dossier still shows."""
        new = {fp: r for fp, r in self.recent.items() if fp not in self.data}
        self.recent = {}
        if not new:
            return
        self.data.update(new)
        try:
            log = _log(self.root)
            appended = log.stat().st_size if log.exists() else 0
            base = _path(self.root).stat().st_size if _path(self.root).exists() else 0
            if appended * 4 < base:
                with open(log, "ab") as handle:
                    handle.write(pickle.dumps((code_version(), new), protocol=pickle.HIGHEST_PROTOCOL))
                return
            self._data = {fp: r for fp, r in self.data.items() if fp in live}
            atomic_write(_path(self.root), pickle.dumps((code_version(), self._data),
                                                        protocol=pickle.HIGHEST_PROTOCOL), durable=False)
            log.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only project builds without the cache


def load(root: Path) -> dict[str, Rendered]:
    cache: dict[str, Rendered] = {}
    for path in (_path(root), _log(root)):
        try:
            with open(path, "rb") as handle:
                while True:  # our own files, written by Cache.save() above; a torn last chunk ends them
                    version, chunk = pickle.load(handle)
                    if version != code_version() or not isinstance(chunk, dict):
                        break
                    cache.update(chunk)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError):
            pass
    return cache
