"""Rendered Markdown kept on disk between builds, so a fresh `dossier build` after an edit does not
render every article body again for the pages that show them all (the whole dossier, the feed).

Keyed by the body's fingerprint (its text and the entity links in force); the file is thrown away
whenever the generator version changes. Lives in .cache/dossier/ in the project, ignored by git; a
missing or unreadable cache only makes a build slower, never different.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from generator import __version__
from generator.files import atomic_write
from generator.markdown import Rendered


def _path(root: Path) -> Path:
    return root / ".cache" / "dossier" / "markdown.pickle"


def load(root: Path) -> dict[str, Rendered]:
    try:
        with open(_path(root), "rb") as handle:
            version, cache = pickle.load(handle)  # our own file, written by save() below
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError):
        return {}
    return cache if version == __version__ and isinstance(cache, dict) else {}


def save(root: Path, previous: dict[str, Rendered], rendered: dict[str, Rendered], live: set[str]) -> None:
    """Keep the bodies the dossier still has: those rendered now and those reused from the cache."""
    cache = {fp: r for fp, r in previous.items() if fp in live}
    cache.update((fp, r) for fp, r in rendered.items() if fp in live)
    try:
        atomic_write(_path(root), pickle.dumps((__version__, cache), protocol=pickle.HIGHEST_PROTOCOL),
                     durable=False)
    except OSError:
        pass  # a read-only project builds without the cache
