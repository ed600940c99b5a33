"""What a build leaves for the next one, in any process: each file's parse, the link graph with each
article's entity mentions, and every page's fingerprint with the inputs it was planned from.

Kept in .cache/dossier/ in the project (ignored by git). It is only ever a shortcut: a page is planned
again as soon as one of its recorded inputs has another digest, everything is dropped when the
generator's code changes, and a missing or unreadable file only makes a build slower. The parses are
kept in shards by path, so an edit rewrites a small file, not the whole dossier's text.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator import content, links
from generator.files import atomic_write
from generator.plan import Input

SHARDS = 32
KEPT = 3  # configurations remembered: `build`, `build --no-search` and `serve` do not undo each other


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


@dataclass
class State:
    files: content.Memo = field(default_factory=dict)
    graph: links.LinkMemo = field(default_factory=links.LinkMemo)
    records: dict[str, Records] = field(default_factory=dict)  # by salt, most recently used last
    saved: dict[str, Any] = field(default_factory=dict, repr=False)  # the file entries as on disk

    def records_for(self, salt: str) -> Records:
        return self.records.get(salt) or Records()

    def keep(self, salt: str, records: Records) -> None:
        self.records.pop(salt, None)
        self.records[salt] = records
        while len(self.records) > KEPT:
            del self.records[next(iter(self.records))]


def _folder(root: Path) -> Path:
    return root / ".cache" / "dossier"


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            version, data = pickle.load(handle)  # our own files, written by _write() below
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ImportError,
            IndexError, KeyError):
        return None
    return data if version == code_version() else None


def _write(path: Path, data: Any) -> None:
    try:
        atomic_write(path, pickle.dumps((code_version(), data), protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except OSError:
        pass  # a read-only project builds without the state


def load(root: Path) -> State:
    main = _read(_folder(root) / "state.pickle")
    if not isinstance(main, tuple) or len(main) != 2:
        return State()
    graph, records = main
    files: content.Memo = {}
    for shard in range(SHARDS):
        part = _read(_folder(root) / f"files-{shard:02d}.pickle")
        if isinstance(part, dict):
            files.update(part)
    return State(files=files, graph=graph, records=records, saved=dict(files))


def save(root: Path, state: State) -> None:
    folder = _folder(root)
    changed = {_shard(p) for p in state.files.keys() | state.saved.keys()
               if state.files.get(p) is not state.saved.get(p)}
    for shard in sorted(changed):
        _write(folder / f"files-{shard:02d}.pickle", {p: e for p, e in state.files.items() if _shard(p) == shard})
    state.saved = dict(state.files)
    graph = state.graph
    if graph.graph is not None:  # the articles are in the file shards: keep only their order here
        graph = replace(graph, graph=replace(graph.graph, dossier=None, articles=dict.fromkeys(graph.graph.articles)))
    _write(folder / "state.pickle", (graph, state.records))
