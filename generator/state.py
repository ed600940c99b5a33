"""What a build leaves for the next one, in any process: each file's parse, the link graph, each
article's entity mentions, and every page's fingerprint with the inputs it was planned from.

Kept in .cache/dossier/ in the project (ignored by git). It is only ever a shortcut: a page counts as
unchanged only when the digest of its recorded inputs, as they are now, gives its recorded fingerprint
again; everything is dropped when the generator's code changes; a missing, stale or unreadable file
only makes a build slower. The large parts are kept in shards by key, so an edit rewrites a few small
files, not the whole dossier's text.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import sys
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from generator import content, links
from generator.files import atomic_write
from generator.plan import Input

SHARDS = 32
KEPT = 3  # configurations remembered: `build`, `build --no-search` and `serve` do not undo each other

class PageRecord(NamedTuple):
    """What planning a page found: the page is unchanged while its job and every input it read are."""

    fingerprint: str
    template: str
    read: tuple[Input, ...]  # sorted
    kind: int  # its job's, in pages.KINDS
    key: Any


@dataclass(frozen=True)
class Seen:
    """What the pages recorded for one configuration were last brought up to date with: each article's
    file and the versions of the graph and the mentions (depends.py compares the dossier with it)."""

    files: dict[str, str]  # article slug -> its file's fingerprint
    versions: tuple[str, str]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own code and data (the word lists, the default theme): state written by
    other code is never trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for path in sorted([*package.rglob("*.py"), *package.glob("data/*"), *package.glob("layouts/**/*.*")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class State:
    files: content.Memo = field(default_factory=dict)
    graph: links.LinkMemo = field(default_factory=links.LinkMemo)
    pages: dict[str, dict[str, PageRecord]] = field(default_factory=dict)  # by salt, most recently used last
    digests: dict[str, dict[Input, tuple[str, str]]] = field(default_factory=dict)  # by salt: (token, digest)
    seen: dict[str, Seen] = field(default_factory=dict)  # by salt
    on_disk: dict[str, Any] = field(default_factory=dict, repr=False)  # what was last saved

    def pages_for(self, salt: str) -> dict[str, PageRecord]:
        return self.pages.get(salt, {})

    def keep(self, salt: str, pages: dict[str, PageRecord], digests: dict[Input, tuple[str, str]],
             seen: Seen) -> None:
        for kept, value in ((self.pages, pages), (self.digests, digests), (self.seen, seen)):
            kept.pop(salt, None)
            kept[salt] = value
            while len(kept) > KEPT:
                del kept[next(iter(kept))]


def _folder(root: Path) -> Path:
    return root / ".cache" / "dossier"


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


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only project builds without the state


def _shard(key: str | tuple[str, str]) -> int:
    text = key if type(key) is str else "\0".join(key)
    return zlib.crc32(text.encode("utf-8", "surrogateescape")) % SHARDS


def _load_sharded(folder: Path, name: str) -> list[dict]:
    """A sharded dict as its shards (each {} when missing or unreadable)."""
    shards = []
    for shard in range(SHARDS):
        part = _read(folder / f"{name}-{shard:02d}.pickle")
        shards.append(part if isinstance(part, dict) else {})
    return shards


def _merged(shards: list[dict]) -> dict:
    found: dict = {}
    for part in shards:
        found.update(part)
    return found


def _save_sharded(folder: Path, name: str, data: dict, before: dict, shards: list[dict] | None) -> list[dict]:
    """Rewrite the shards whose entries differ from what was saved before; returns the shards now."""
    changed = [key for key in data.keys() | before.keys()
               if data.get(key) is not before.get(key) and data.get(key) != before.get(key)]
    if shards is None:  # not saved or loaded before in this process: every key's shard is computed once
        shards = [{} for _ in range(SHARDS)]
        for key, value in data.items():
            shards[_shard(key)][key] = value
        touched = set(range(SHARDS)) if changed else set()
    else:
        touched = set()
        for key in changed:
            shard = _shard(key)
            touched.add(shard)
            if key in data:
                shards[shard][key] = data[key]
            else:
                shards[shard].pop(key, None)
    for shard in sorted(touched):
        _write(folder / f"{name}-{shard:02d}.pickle", shards[shard])
    return shards


def load(root: Path) -> State:
    # Unpickling makes millions of objects, none of them garbage: the collector would walk the growing
    # heap again every few thousand of them (half the time of a load at 10,000 articles).
    # Afterwards they are frozen: they last the whole process, and a full collection would otherwise walk
    # them all again (0.4 s at 10,000 articles) each time the heap grows by a tenth.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(_folder(root))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(folder: Path) -> State:
    main = _read(folder / "state.pickle")
    if not isinstance(main, tuple) or len(main) != 2:
        return State()
    graph, salts = main
    names = ["files", "mentions"] + [f"{kind}-{salt[:16]}" for salt in salts for kind in ("pages", "digests")]
    shards = {name: _load_sharded(folder, name) for name in names}
    state = State(graph=graph, files=_merged(shards["files"]),
                  pages={salt: _merged(shards[f"pages-{salt[:16]}"]) for salt in salts},
                  digests={salt: _merged(shards[f"digests-{salt[:16]}"]) for salt in salts})
    state.graph.mentions = _merged(shards["mentions"])
    for salt in salts:  # trusted only when saved after everything else (save() below)
        seen = _read(folder / f"seen-{salt[:16]}.pickle")
        if isinstance(seen, Seen):
            state.seen[salt] = state.on_disk[f"seen-{salt[:16]}"] = seen
    state.on_disk.update({name: dict(data) for name, data in _sharded(state).items()})
    state.on_disk.update(graph=graph.graph, versions=graph.mentions_version, salts=list(salts), shards=shards)
    return state


def _sharded(state: State) -> dict[str, dict]:
    return {"files": state.files, "mentions": state.graph.mentions,
            **{f"pages-{salt[:16]}": pages for salt, pages in state.pages.items()},
            **{f"digests-{salt[:16]}": digests for salt, digests in state.digests.items()}}


def save(root: Path, state: State) -> None:
    folder = _folder(root)
    # What the records were made from is written last and removed first: a build killed while saving
    # leaves records without it, which the next build checks page by page (site.Site.known).
    written = {salt: seen for salt, seen in state.seen.items() if state.on_disk.get(f"seen-{salt[:16]}") is not seen}
    for salt in written:
        _remove(folder / f"seen-{salt[:16]}.pickle")
    sharded = _sharded(state)
    shards = state.on_disk.setdefault("shards", {})
    for name, data in sharded.items():
        shards[name] = _save_sharded(folder, name, data, state.on_disk.get(name, {}), shards.get(name))
        state.on_disk[name] = dict(data)
    graph, salts = state.graph, list(state.pages)
    disk = state.on_disk
    if graph.graph is not disk.get("graph") or graph.mentions_version != disk.get("versions") or salts != disk.get("salts"):
        state.on_disk.update(graph=graph.graph, versions=graph.mentions_version, salts=salts)
        if graph.graph is not None:  # its articles are in the file shards: here only their order
            graph = replace(graph, graph=replace(graph.graph, dossier=None, articles=dict.fromkeys(graph.graph.articles)))
        _write(folder / "state.pickle", (replace(graph, mentions={}, kept=None), salts))
    for salt, seen in written.items():
        _write(folder / f"seen-{salt[:16]}.pickle", seen)
        state.on_disk[f"seen-{salt[:16]}"] = seen
    for stale in list(folder.glob("pages-*-*.pickle")) + list(folder.glob("digests-*-*.pickle")):
        if stale.name.rsplit("-", 1)[0] not in sharded:
            stale.unlink(missing_ok=True)
    for stale in folder.glob("seen-*.pickle"):
        if stale.stem not in {f"seen-{salt[:16]}" for salt in state.seen}:
            _remove(stale)
