"""What a build leaves for the next one, in any process: each file's parse, the link graph with each
article's entity mentions, and every page's fingerprint with the inputs it was planned from.

Kept in .cache/dossier/state.pickle in the project (ignored by git). It is only ever a shortcut: a page
is planned again as soon as one of its recorded inputs has another digest, everything is dropped when
the generator's code changes, and a missing or unreadable file only makes a build slower.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator import content, links
from generator.files import atomic_write
from generator.plan import Input


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own code: state written by other code is never trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Records:
    """The pages one configuration (layouts, settings, options: the salt) was last built with."""

    pages: dict[str, tuple[str, tuple[Input, ...]]] = field(default_factory=dict)  # path -> (fingerprint, inputs)
    inputs: dict[Input, str] = field(default_factory=dict)  # every recorded input's digest when recorded


KEPT = 3  # configurations remembered: `build`, `build --no-search` and `serve` do not undo each other


@dataclass
class State:
    version: str = ""
    files: content.Memo = field(default_factory=dict)
    graph: links.LinkMemo = field(default_factory=links.LinkMemo)
    records: dict[str, Records] = field(default_factory=dict)  # by salt, most recently used last

    def records_for(self, salt: str) -> Records:
        return self.records.get(salt) or Records()

    def keep(self, salt: str, records: Records) -> None:
        self.records.pop(salt, None)
        self.records[salt] = records
        while len(self.records) > KEPT:
            del self.records[next(iter(self.records))]


def _path(root: Path) -> Path:
    return root / ".cache" / "dossier" / "state.pickle"


def load(root: Path) -> State:
    try:
        with open(_path(root), "rb") as handle:
            state = pickle.load(handle)  # our own file, written by save() below
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError,
            IndexError, KeyError):
        return State(version=code_version())
    if not isinstance(state, State) or state.version != code_version():
        return State(version=code_version())
    return state


def save(root: Path, state: State) -> None:
    try:
        atomic_write(_path(root), pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except OSError:
        pass  # a read-only project builds without the state
