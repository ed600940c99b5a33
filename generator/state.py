"""What a build leaves for the next one, in any process: each file's parse, the link graph, each
article's entity mentions, and every page's record (its fingerprint and the inputs it was planned from).

One SQLite file, .cache/dossier/state-<code digest>.sqlite (ignored by git), as Lektor keeps its build
state: state written by other code is never opened, and deleting the file only makes a build slower.
The page records, who reads which input and the inputs' digests are rows, read as far as a build asks
(a body edit reads a few rows of them, not 25,000 records); the parses and mentions are pickled in 32
shards by key, since a build needs them all. A save is one transaction: a build killed while saving
leaves the state as it was before, never half new. It is only ever a shortcut: a page counts as
unchanged only when the digest of its recorded inputs, as they are now, gives its recorded fingerprint
again; a missing, damaged or foreign file is started again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sqlite3
import sys
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from generator import content, links
from generator.files import cache_folder
from generator.model import key_version
from generator.plan import Input, Job

SHARDS = 32
KEPT = 3  # configurations remembered: `build`, `build --no-search` and `serve` do not undo each other
LEGACY = ("state.pickle", "files-*.pickle", "mentions-*.pickle", "pages-*.pickle", "digests-*.pickle",
          "seen-*.pickle")  # the state as versions before 0.2 kept it
PRELOAD = 200  # digests of a facet asked for one by one before all of the facet's are read at once
_CHUNK = 500  # keys per query (SQLite allows a few thousand parameters)

SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS salts (id INTEGER PRIMARY KEY, salt TEXT UNIQUE NOT NULL, used INTEGER NOT NULL,
                                  generation INTEGER NOT NULL, seen BLOB, jobs BLOB);
CREATE TABLE IF NOT EXISTS pages (salt INTEGER, path TEXT, fingerprint TEXT NOT NULL, template TEXT NOT NULL,
                                  kind INTEGER NOT NULL, key BLOB NOT NULL, read BLOB NOT NULL,
                                  PRIMARY KEY (salt, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reads (salt INTEGER, facet TEXT, key, path TEXT,
                                  PRIMARY KEY (salt, facet, key, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS digests (salt INTEGER, facet TEXT, key, token TEXT NOT NULL, digest TEXT NOT NULL,
                                    PRIMARY KEY (salt, facet, key)) WITHOUT ROWID;
"""


class PageRecord(NamedTuple):
    """What planning a page found: the page is unchanged while its job and every input it read are."""

    fingerprint: str
    template: str
    read: tuple[Input, ...]  # sorted
    kind: int  # its job's, in pages.KINDS
    key: Any


class Head(NamedTuple):
    """A record without what the page read: all a build needs of the pages it does not plan."""

    fingerprint: str
    kind: int
    key: Any


@dataclass(frozen=True)
class Seen:
    """What the pages recorded for one configuration were last brought up to date with: each article's
    file and the versions of the graph and the mentions (depends.py compares the dossier with it)."""

    files: dict[str, str]  # article slug -> its file's fingerprint
    versions: tuple[str, str]
    graph_keys: dict[str, str]  # the graph's version per key (LinkedDossier.key_versions)

    def graph_version(self, key: Any) -> str:
        """The token plan.SOURCES gave an input of this key that follows the graph."""
        return key_version(self.graph_keys, self.versions[0], key)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator's own code and data (the word lists, the default theme): state written by
    other code is never trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for path in sorted([*package.rglob("*.py"), *package.glob("data/*"), *package.glob("layouts/**/*.*")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Store:
    """The SQLite file; a forked worker that reads from it opens its own connection (SQLite's rule). The
    preview updates in a thread of its own, one update at a time: the connection may change threads."""

    def __init__(self, path: Path):
        self.path = path
        self._connection: tuple[int, sqlite3.Connection] | None = None

    def db(self) -> sqlite3.Connection:
        if self._connection is None or self._connection[0] != os.getpid():
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            # Not durable on a power cut (then it is damaged and started again), atomic on a kill.
            connection.execute("PRAGMA synchronous=OFF")
            self._connection = (os.getpid(), connection)
        return self._connection[1]

    def query(self, sql: str, *args: Any) -> list[tuple]:
        return self.db().execute(sql, args).fetchall()


class _Saved:
    """What reads one configuration's rows: none while the configuration was never saved."""

    def __init__(self, store: Store | None, salt_id: int | None):
        self._store, self._id = store, salt_id

    def bind(self, store: Store | None, salt_id: int) -> None:
        """The configuration is saved now, under this id."""
        self._store, self._id = store, salt_id

    def _saved(self) -> bool:
        return self._store is not None and self._id is not None

    def _rows(self, sql: str, *args: Any) -> list[tuple]:
        """The rows of a query whose first parameter is the configuration's id ([] when never saved)."""
        return self._store.query(sql, self._id, *args) if self._saved() else []


def _key(key: Any) -> Any:
    """An input's or job's key as a column value: text as it is, anything else pickled."""
    return key if type(key) is str else pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL)


def _unkey(value: Any) -> Any:
    return pickle.loads(value) if type(value) is bytes else value


class Records(_Saved):
    """One configuration's page records: the saved rows, read when asked for, and the changes not saved."""

    def __init__(self, store: Store | None, salt_id: int | None, generation: int = 0):
        super().__init__(store, salt_id)
        self.generation = generation
        self._heads: dict[str, Head] | None = None  # as saved and changed since
        self._stored: set[str] = set()  # the paths the store holds a record of
        self._full: dict[str, PageRecord] = {}
        self.changed: dict[str, PageRecord | None] = {}  # path -> record (None: removed), not saved yet
        self.digests = Digests(store, salt_id)
        self.new_jobs: tuple[str, list[Job]] | None = None  # not saved yet

    def jobs(self, structure: str) -> list[Job] | None:
        """The pages of the site (pages.jobs) when they were listed for this structure (a digest)."""
        if self.new_jobs is not None:
            return self.new_jobs[1] if self.new_jobs[0] == structure else None
        rows = self._rows("SELECT jobs FROM salts WHERE id = ?")
        if not rows or rows[0][0] is None:
            return None
        saved, listed = pickle.loads(rows[0][0])
        return [Job(path, kind, _unkey(key)) for path, kind, key in listed] if saved == structure else None

    def bind(self, store: Store | None, salt_id: int, generation: int = 0) -> None:
        super().bind(store, salt_id)
        self.digests.bind(store, salt_id)
        self.generation = generation

    def forget(self) -> None:
        """The store dropped this configuration's records (and these changes with them)."""
        self.changed.clear()
        self._heads, self._full = None, {}

    def heads(self) -> dict[str, Head]:
        if self._heads is None:
            rows = self._rows("SELECT path, fingerprint, kind, key FROM pages WHERE salt = ?")
            self._heads = {path: Head(fingerprint, kind, _unkey(key)) for path, fingerprint, kind, key in rows}
            self._stored = set(self._heads)
        return self._heads

    def get(self, path: str) -> PageRecord | None:
        if path in self.changed:
            return self.changed[path]
        return self.saved_record(path)

    def _stored_paths(self) -> set[str]:
        self.heads()
        return self._stored

    def saved_record(self, path: str) -> PageRecord | None:
        """The record of `path` as the store holds it (not as changed since)."""
        found = self._full.get(path)
        if found is None and path in self._stored_paths():
            rows = self._rows("SELECT fingerprint, template, read, kind, key FROM pages WHERE salt = ? AND path = ?",
                              path)
            if rows:
                (fingerprint, template, read, kind, key), = rows
                found = self._full[path] = PageRecord(fingerprint, template, pickle.loads(read), kind, pickle.loads(key))
        return found

    def all(self) -> dict[str, PageRecord]:
        """Every record (the preview keeps who reads what in memory; a build without `Seen` checks each)."""
        heads = self.heads()
        for path, template, read in self._rows("SELECT path, template, read FROM pages WHERE salt = ?"):
            if path not in self._full:
                head = heads[path]
                self._full[path] = PageRecord(head.fingerprint, template, pickle.loads(read), head.kind, head.key)
        found = {path: record for path, record in self._full.items() if path not in self.changed}
        found.update((path, record) for path, record in self.changed.items() if record is not None)
        return found

    def saved(self) -> None:
        """The changes are in the store now."""
        self.heads()
        for path, record in self.changed.items():
            if record is None:
                self._full.pop(path, None)
                self._stored.discard(path)
            else:
                self._full[path] = record
                self._stored.add(path)
        self.changed.clear()
        self.digests.saved()
        self.new_jobs = None

    def put(self, path: str, record: PageRecord | None) -> None:
        heads = self.heads()
        if record is None:
            heads.pop(path, None)
        else:
            heads[path] = Head(record.fingerprint, record.kind, record.key)
        self.changed[path] = record

    def keys_read(self, facet: str, keys: Iterable[str] | None = None) -> list[str]:
        """The keys of `facet` some saved record read (of `keys` only, when given)."""
        if keys is None:
            return [_unkey(k) for k, in self._rows("SELECT DISTINCT key FROM reads WHERE salt = ? AND facet = ?", facet)]
        keys, found = list(keys), []
        for start in range(0, len(keys), _CHUNK):
            chunk = [_key(k) for k in keys[start:start + _CHUNK]]
            found += (_unkey(k) for k, in self._rows(
                f"SELECT DISTINCT key FROM reads WHERE salt = ? AND facet = ? AND key IN ({','.join('?' * len(chunk))})",
                facet, *chunk))
        return found

    def reading(self, items: Iterable[Input]) -> set[str]:
        """The paths of the saved records that read any of these inputs."""
        found: set[str] = set()
        for facet, key in items:
            found.update(path for path, in self._rows("SELECT path FROM reads WHERE salt = ? AND facet = ? AND key = ?",
                                                      facet, _key(key)))
        return found


class Digests(_Saved):
    """One configuration's input digests with the tokens they were made at: read a facet at a time."""

    def __init__(self, store: Store | None, salt_id: int | None):
        super().__init__(store, salt_id)
        self._facets: dict[str, dict[Any, tuple[str, str]]] = {}  # every digest of a facet
        self._single: dict[Input, tuple[str, str] | None] = {}  # those asked for one by one
        self._asked: dict[str, int] = {}  # facet -> how many were asked for one by one
        self.changed: dict[Input, tuple[str, str]] = {}

    def preload(self, facet: str) -> None:
        """Read every digest of a facet at once (for a check of all its inputs)."""
        if facet not in self._facets:
            rows = self._rows("SELECT key, token, digest FROM digests WHERE salt = ? AND facet = ?", facet)
            self._facets[facet] = {_unkey(key): (token, digest) for key, token, digest in rows}

    def get(self, item: Input, default: Any = None) -> Any:
        found = self.changed.get(item)
        if found is not None:
            return found
        facet = self._facets.get(item[0])
        if facet is not None:
            return facet.get(item[1], default)
        if item not in self._single:
            asked = self._asked[item[0]] = self._asked.get(item[0], 0) + 1
            if asked > PRELOAD:  # a page that reads many inputs of a facet: read all its digests at once
                self.preload(item[0])
                return self._facets[item[0]].get(item[1], default)
            rows = self._rows("SELECT token, digest FROM digests WHERE salt = ? AND facet = ? AND key = ?",
                              item[0], _key(item[1]))
            self._single[item] = rows[0] if rows else None
        found = self._single[item]
        return default if found is None else found

    def saved(self) -> None:
        for (facet, key), value in self.changed.items():
            if facet in self._facets:
                self._facets[facet][key] = value
            else:
                self._single[(facet, key)] = value
        self.changed.clear()

    def update(self, digests: dict[Input, tuple[str, str]]) -> None:
        for item, value in digests.items():
            if self.get(item) != value:
                self.changed[item] = value


@dataclass
class State:
    files: content.Memo = field(default_factory=dict)
    graph: links.LinkMemo = field(default_factory=links.LinkMemo)
    seen: dict[str, Seen] = field(default_factory=dict)  # by salt
    store: Store | None = None
    salts: dict[str, tuple[int, int]] = field(default_factory=dict)  # salt -> (its id, generation) as loaded
    records_by_salt: dict[str, Records] = field(default_factory=dict)
    on_disk: dict[str, Any] = field(default_factory=dict, repr=False)  # what was last saved

    def records(self, salt: str) -> Records:
        found = self.records_by_salt.get(salt)
        if found is None:
            salt_id, generation = self.salts.get(salt, (None, 0))
            found = self.records_by_salt[salt] = Records(self.store, salt_id, generation)
        return found

    @property
    def digests(self) -> _DigestsBySalt:
        return _DigestsBySalt(self)


class _DigestsBySalt:
    """What plan.Memo.digests is: the input digests of a configuration, by its salt."""

    def __init__(self, state: State):
        self._state = state

    def get(self, salt: str, default: Any = None) -> Digests:
        return self._state.records(salt).digests


def _path(root: Path) -> Path:
    return cache_folder(root) / f"state-{code_version()[:16]}.sqlite"


def _shard(key: str | tuple[str, str]) -> int:
    text = key if type(key) is str else "\0".join(key)
    return zlib.crc32(text.encode("utf-8", "surrogateescape")) % SHARDS


def load(root: Path) -> State:
    # Unpickling makes millions of objects, none of them garbage: the collector would walk the growing
    # heap again every few thousand of them (half the time of a load at 10,000 articles). Afterwards
    # they are frozen: they last the whole process, and a full collection would otherwise walk them all
    # again (0.4 s at 10,000 articles) each time the heap grows by a tenth.
    enabled = gc.isenabled()
    gc.disable()
    try:
        path = _path(root)
        if not path.is_file():
            return State(store=Store(path))  # made by the first save (not in a folder that is no project)
        try:
            return _load(Store(path))
        except (sqlite3.Error, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError,
                ImportError, IndexError, KeyError):
            _remove(path)  # damaged: started again
            return State(store=Store(path))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _remove(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-journal")):
        try:
            stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only project builds without the state


def _load(store: Store) -> State:
    blobs = dict(store.query("SELECT name, data FROM blobs"))
    shards = {name: [_unpickled(blobs.get(f"{name}-{shard:02d}"), {}) for shard in range(SHARDS)]
              for name in ("files", "mentions")}
    graph = _unpickled(blobs.get("graph"), links.LinkMemo())
    state = State(files=_merged(shards["files"]), graph=graph, store=store)
    state.graph.mentions = _merged(shards["mentions"])
    for salt_id, salt, generation, seen in store.query("SELECT id, salt, generation, seen FROM salts"):
        state.salts[salt] = (salt_id, generation)
        seen = _unpickled(seen, None)
        if isinstance(seen, Seen):
            state.seen[salt] = seen
    state.on_disk.update(files=dict(state.files), mentions=dict(state.graph.mentions), shards=shards,
                         graph=graph.graph, versions=graph.mentions_version, seen=dict(state.seen))
    return state


def _unpickled(data: bytes | None, default: Any) -> Any:
    if data is None:
        return default
    found = pickle.loads(data)  # our own rows, written by save() below
    return found if isinstance(found, type(default)) or default is None else default


def _merged(shards: list[dict]) -> dict:
    found: dict = {}
    for part in shards:
        found.update(part)
    return found


def _changed_shards(data: dict, before: dict, shards: list[dict] | None) -> tuple[list[dict], set[int]]:
    """The shards of `data` and which of them hold entries that differ from what was saved before."""
    changed = [key for key in data.keys() | before.keys()
               if data.get(key) is not before.get(key) and data.get(key) != before.get(key)]
    if shards is None:  # nothing loaded: every key's shard is computed once
        shards = [{} for _ in range(SHARDS)]
        for key, value in data.items():
            shards[_shard(key)][key] = value
        return shards, set(range(SHARDS))
    touched = set()
    for key in changed:
        shard = _shard(key)
        touched.add(shard)
        if key in data:
            shards[shard][key] = data[key]
        else:
            shards[shard].pop(key, None)
    return shards, touched


def _dump(data: Any) -> bytes:
    return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


def save(root: Path, state: State) -> None:
    """Write what changed since the state was loaded or last saved, in one transaction."""
    store = state.store
    if store is None:
        return
    try:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        db = store.db()
        db.executescript(SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        try:
            _save(db, state)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except (OSError, sqlite3.Error):
        return  # a read-only project, a full disk or a locked file: the next build only takes longer
    for records in state.records_by_salt.values():
        records.saved()
    folder = cache_folder(root)
    for stale in [*folder.glob("state-*.sqlite"), *(p for pattern in LEGACY for p in folder.glob(pattern))]:
        if stale != store.path:
            _remove(stale)  # written by other code


def _save(db: sqlite3.Connection, state: State) -> None:
    disk = state.on_disk
    shards = disk.setdefault("shards", {})
    for name, data in (("files", state.files), ("mentions", state.graph.mentions)):
        shards[name], touched = _changed_shards(data, disk.get(name, {}), shards.get(name))
        db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)",
                       [(f"{name}-{shard:02d}", _dump(shards[name][shard])) for shard in sorted(touched)])
        disk[name] = dict(data)
    graph = state.graph
    if graph.graph is not disk.get("graph") or graph.mentions_version != disk.get("versions"):
        disk.update(graph=graph.graph, versions=graph.mentions_version)
        if graph.graph is not None:  # its articles are in the file shards: here only their order
            graph = replace(graph, graph=replace(graph.graph, dossier=None, articles=dict.fromkeys(graph.graph.articles)))
        # The mentions index (`kept`) changes only with the graph or the mentions' version: saved with them.
        db.execute("INSERT OR REPLACE INTO blobs VALUES ('graph', ?)", (_dump(replace(graph, mentions={})),))
    used = (db.execute("SELECT max(used) FROM salts").fetchone()[0] or 0) + 1
    for number, (salt, records) in enumerate(state.records_by_salt.items()):
        _save_salt(db, state, salt, records, used + number)
    for salt_id, in db.execute("SELECT id FROM salts ORDER BY used DESC LIMIT -1 OFFSET ?", (KEPT,)).fetchall():
        _drop(db, salt_id)
        db.execute("DELETE FROM salts WHERE id = ?", (salt_id,))


def _save_salt(db: sqlite3.Connection, state: State, salt: str, records: Records, used: int) -> None:
    """One configuration's changed records, digests, listed pages and what they were made from."""
    seen, saved = state.seen.get(salt), state.on_disk.setdefault("seen", {})
    if salt in state.salts and not records.changed and not records.digests.changed and seen is saved.get(salt):
        salt_id = state.salts[salt][0]
        db.execute("UPDATE salts SET used = ? WHERE id = ?", (used, salt_id))
    else:
        row = db.execute("SELECT id, generation FROM salts WHERE salt = ?", (salt,)).fetchone()
        if row is None:
            salt_id = db.execute("INSERT INTO salts (salt, used, generation) VALUES (?, ?, 0)", (salt, used)).lastrowid
            generation = 0
        else:
            salt_id, generation = row
        if generation != records.generation or salt_id != state.salts.get(salt, (salt_id,))[0]:
            # Another process saved this configuration since it was loaded: its records and these changes
            # belong to different states. Drop both (the next build checks the pages one by one).
            _drop(db, salt_id)
            records.forget()
            seen = None
        else:
            _write_records(db, salt_id, records)
        db.execute("UPDATE salts SET used = ?, generation = ?, seen = ? WHERE id = ?",
                   (used, generation + 1, None if seen is None else _dump(seen), salt_id))
        state.salts[salt] = (salt_id, generation + 1)
        saved[salt] = seen
        records.bind(state.store, salt_id, generation + 1)
    if records.new_jobs is not None:
        structure, jobs = records.new_jobs
        db.execute("UPDATE salts SET jobs = ? WHERE id = ?",
                   (_dump((structure, [(job.path, job.kind, _key(job.key)) for job in jobs])), salt_id))


def _write_records(db: sqlite3.Connection, salt_id: int, records: Records) -> None:
    removed = False
    for path, record in records.changed.items():
        old = records.saved_record(path)
        if old is not None and record is not None and old.read is record.read:  # same inputs (Site.record)
            db.execute("UPDATE pages SET fingerprint = ?, template = ?, kind = ?, key = ? WHERE salt = ? AND path = ?",
                       (record.fingerprint, record.template, record.kind, _dump(record.key), salt_id, path))
            continue
        before, now = set(old.read) if old else set(), set(record.read) if record else set()
        # Only what the page reads no more, and what it reads now (reads has no index by path: its rows are
        # found by what the page read). A page planned again mostly reads what it read before.
        db.executemany("DELETE FROM reads WHERE salt = ? AND facet = ? AND key = ? AND path = ?",
                       [(salt_id, facet, _key(key), path) for facet, key in sorted(before - now)])
        if record is None:
            db.execute("DELETE FROM pages WHERE salt = ? AND path = ?", (salt_id, path))
            removed = True
            continue
        db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (salt_id, path, record.fingerprint, record.template, record.kind, _dump(record.key),
                    _dump(record.read)))
        db.executemany("INSERT OR IGNORE INTO reads VALUES (?, ?, ?, ?)",
                       [(salt_id, facet, _key(key), path) for facet, key in sorted(now - before)])
    db.executemany("INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?, ?)",
                   [(salt_id, facet, _key(key), token, digest)
                    for (facet, key), (token, digest) in records.digests.changed.items()])
    if removed:  # digests of inputs no page reads any more
        db.execute("DELETE FROM digests WHERE salt = ? AND NOT EXISTS (SELECT 1 FROM reads WHERE reads.salt = "
                   "digests.salt AND reads.facet = digests.facet AND reads.key = digests.key)", (salt_id,))


def _drop(db: sqlite3.Connection, salt_id: int) -> None:
    for table in ("pages", "reads", "digests"):
        db.execute(f"DELETE FROM {table} WHERE salt = ?", (salt_id,))
