"""str parts of pages kept on disk between builds: each article's section of the whole-dossier page,
so that a fresh `dossier build` after one edit renders one section, not ten thousand.

Keyed by the digest of what a part is made from (its template, the site's salt, the inputs it read);
the files are thrown away whenever the generator's code changes. Lives in .cache/dossier/ in the
project, ignored by git; a missing or unreadable cache only makes a build slower, never different. It
is read only when a page needs a part that this process has not rendered.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.files import atomic_write, cache_folder
from generator.state import code_version


def _path(root: Path) -> Path:
    return cache_folder(root) / "fragments.pickle"


def _log(root: Path) -> Path:
    """Parts added since fragments.pickle was written, appended in chunks: a build that renders one part
    appends a few kilobytes instead of rewriting every part."""
    return cache_folder(root) / "fragments-new.pickle"


class Cache:
    """The renderings on disk, read on the first look-up, and those made since (`recent`)."""

    def __init__(self, root: Path):
        self.root = root
        self._data: dict[str, str] | None = None
        self.recent: dict[str, str] = {}

    @property
    def data(self) -> dict[str, str]:
        if self._data is None:
            self._data = load(self.root)
        return self._data

    def get(self, fingerprint: str) -> str | None:
        return self.recent.get(fingerprint) or self.data.get(fingerprint)

    def keep(self, used: dict[str, str]) -> None:
        """The parts a planning used: when it used any, they are all that is live (the whole-dossier page
        uses every article's), and the older versions of edited parts go, so a long preview stays small."""
        if used:
            self.recent = dict(used)

    def save(self, live: set[str] | None) -> None:
        """Write what is new to disk. Now and then the whole cache is written anew, keeping only the
        parts in `live` (None: not known which are)"""
        new = {fp: r for fp, r in self.recent.items() if fp not in self.data}
        self.recent = {}
        if not new:
            return
        self.data.update(new)
        try:
            log = _log(self.root)
            appended = log.stat().st_size if log.exists() else 0
            base = _path(self.root).stat().st_size if _path(self.root).exists() else 0
            if live is None or appended * 4 < base:
                with open(log, "ab") as handle:
                    handle.write(pickle.dumps((code_version(), new), protocol=pickle.HIGHEST_PROTOCOL))
                return
            self._data = {fp: r for fp, r in self.data.items() if fp in live}
            atomic_write(_path(self.root), pickle.dumps((code_version(), self._data),
                                                        protocol=pickle.HIGHEST_PROTOCOL), durable=False)
            log.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only project builds without the cache


def load(root: Path) -> dict[str, str]:
    cache: dict[str, str] = {}
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
