"""Which pages an update must plan again, from what changed, not by re-checking every page.

Every page's record lists the inputs it read; `Readers` inverts that (input -> the pages that read it),
as Lektor's build state maps sources to the artifacts built from them. What an update changed is found
from the sources inputs follow (plan.SOURCES): the articles whose file changed since the records were
made (`Seen`), the graph's version per key and the mentions' version. Only the inputs following a changed source,
and those that follow nothing, are digested and compared with their recorded digests; the pages that
read a changed one are planned again, all others keep their records. Cost follows the edit, not the site.
"""

from __future__ import annotations

from typing import Iterable

from generator.model import LinkedDossier
from generator.plan import FACETS, FILE, GRAPH, MENTIONS, Input, Planning
from generator.state import Digests, PageRecord, Records, Seen


class Readers:
    """facet -> key -> the paths of the pages that read that input."""

    def __init__(self, records: dict[str, PageRecord]):
        self.of: dict[str, dict[str, set[str]]] = {}
        for path, record in records.items():
            self.add(path, record.read)

    def add(self, path: str, read: Iterable[Input]) -> None:
        for facet, key in read:
            self.of.setdefault(facet, {}).setdefault(key, set()).add(path)

    def remove(self, path: str, read: Iterable[Input]) -> None:
        for facet, key in read:
            keys = self.of[facet]
            keys[key].discard(path)
            if not keys[key]:
                del keys[key]



def seen(linked: LinkedDossier) -> Seen:
    return Seen({slug: a.fingerprint for slug, a in linked.articles.items()}, linked.versions, linked.key_versions)


def _sources(before: Seen, now: Seen) -> tuple[set[str], set[str]]:
    """The articles whose file changed since `before`, and the versions (GRAPH, MENTIONS) that moved."""
    files = {slug for slug in before.files.keys() | now.files.keys() if before.files.get(slug) != now.files.get(slug)}
    moved = {source for source, index in ((GRAPH, 0), (MENTIONS, 1)) if before.versions[index] != now.versions[index]}
    return files, moved


def _affected(facet: str, moved: set[str]) -> str:
    """Which of a facet's inputs may have changed: "all" (it follows nothing, or the moved mentions),
    "graph" (those whose key's graph version moved, see _moved), "files" (those keyed by an article whose
    file changed) or "" (none)."""
    follows = FACETS[facet][1] if facet in FACETS else ()
    if not follows or (MENTIONS in moved and MENTIONS in follows):
        return "all"
    if GRAPH in moved and GRAPH in follows:
        return "graph"
    return "files" if FILE in follows else ""


def _moved(key: str, files: set[str], before: Seen, now: Seen) -> bool:
    """Whether a key's sources moved, for a facet that follows the graph (and perhaps the file)."""
    return key in files or before.graph_version(key) != now.graph_version(key)


def _candidates(facet: str, keys: Iterable[str], files: set[str], moved: set[str], before: Seen,
                now: Seen) -> Iterable[str]:
    """Of the keys of `facet` pages read, those that may have changed."""
    affected = _affected(facet, moved)
    if affected == "all":
        return keys
    if affected == "graph":
        return [key for key in keys if _moved(key, files, before, now)]
    return [key for key in files if key in keys] if affected == "files" else ()


def changed(before: Seen, now: Seen, readers: Readers) -> list[Input]:
    """The inputs that may differ from their recorded digests: those following a source that changed
    since `before`, and those that follow nothing."""
    files, moved = _sources(before, now)
    return [(facet, key) for facet, keys in readers.of.items()
            for key in _candidates(facet, keys, files, moved, before, now)]


def stale(planning: Planning, readers: Readers, before: Seen, now: Seen, digests: Digests) -> set[str]:
    """The paths of the recorded pages an input of which is not what it was when they were planned."""
    found: set[str] = set()
    for item in changed(before, now, readers):
        known = digests.get(item)
        if known is None or planning.input_digest(item) != known[1]:
            found |= readers.of[item[0]][item[1]]
    return found


def stale_in_store(planning: Planning, records: Records, before: Seen, now: Seen) -> set[str]:
    """stale() for a process that has no `Readers` yet (a fresh `dossier build`): the store is asked which
    inputs of the changed sources pages read, and which pages read those that changed. Cost follows the
    edit: the records of other pages are not even read."""
    files, moved = _sources(before, now)
    changed_now: list[Input] = []
    for facet in FACETS:
        affected = _affected(facet, moved)
        if affected in ("all", "graph"):
            read = records.keys_read(facet)
        elif affected == "files" and files:
            read = records.keys_read(facet, sorted(files))  # of the changed files only: not every key
        else:
            continue
        if affected == "all":
            records.digests.preload(facet)
        for key in _candidates(facet, set(read), files, moved, before, now):
            known = records.digests.get((facet, key))
            if known is None or planning.input_digest((facet, key)) != known[1]:
                changed_now.append((facet, key))
    return records.reading(changed_now)
