"""German compounds in the search index: adds the parts of every closed compound on the site to
Pagefind's word index, so "Pakt" finds "Verteidigungspakt" as Pagefind lets "Resort" find
"Weltklasse-Resort": at the compound's own positions (the excerpt shows the compound and highlights it)
and with the weight Pagefind gives a part of a hyphenated word (the whole word's, divided by the number
of parts).

The words come from the fragments (the text Pagefind indexed, as written); the index is changed entry by
entry, not decoded as a whole: at 10,000 articles it holds millions of positions. Index entries, as
Pagefind 1.5 writes them: [key, [[page (delta), locs, meta_locs], ...], [[variant, pages], ...]], where
locs are runs of positions, each run after a marker -(weight + 1)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

from generator import bundle, cbor, compounds, vocabulary

FORMAT = "1.5."  # the Pagefind versions whose index this module reads
_WORDS = re.compile(r"[^\W_]+")  # Pagefind splits a word into parts at punctuation
Key = tuple[str, "str | None"]  # (index key, variant): ("bruck", "brücke"), ("pakt", None)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("german")  # Snowball's German, as Pagefind's


@lru_cache(maxsize=1 << 17)
def key(word: str) -> Key:
    """The index key Pagefind files `word` under (lower case, letters and digits, diacritics removed,
    stemmed), and the variant within it: the word in lower case when it had diacritics."""
    normalized = "".join(c.lower() for c in word if c.isalnum())
    folded = None
    if not normalized.isascii():
        stripped = "".join(c for c in unicodedata.normalize("NFD", normalized) if not unicodedata.combining(c))
        folded = stripped if stripped != normalized else None
    return _stemmer().stemWord(folded or normalized), (normalized if folded else None)


@lru_cache(maxsize=1 << 17)
def _parts(token: str, nouns: vocabulary.Vocabulary) -> tuple[int, tuple[Key, ...]]:
    """How many parts a token (a word as Pagefind reads it, punctuation and all) has, and the keys of the
    parts its closed compounds add: "„Grenzbrücken-Bau“" -> 3, (grenz, bruck)."""
    split = [compounds.split(word, nouns) for word in _WORDS.findall(token)]
    added = tuple(key(part) for parts in split if parts for part in parts)
    return sum(len(parts) if parts else 1 for parts in split), added


def add_parts(folder: Path, lang: str, meta: list) -> int:
    """Adds the compounds' parts to the index of `folder` (a Pagefind bundle) and its `meta` (changed
    in place: chunk names and ranges); returns how many index keys got parts."""
    sources = _compounds(folder, meta[1])
    if not sources:
        return 0
    chunks = [_Chunk(lo, hi, name, bundle.read_bytes(folder / "index" / f"{name}.pf_index"))
              for lo, hi, name in meta[2]]
    additions: dict[Key, dict[int, list[list[int]]]] = {}
    for source in sorted(sources, key=_order):
        pages = _pages(chunks, source)
        for count, targets in sorted(sources[source], key=lambda item: (item[0], [_order(t) for t in item[1]])):
            for target in targets:
                if target == source:
                    continue
                into = additions.setdefault(target, {})
                for page, (locs, meta_locs) in pages.items():
                    runs = into.setdefault(page, [[], []])
                    runs[0] += _weighted(locs, count)
                    runs[1] += meta_locs
    for target in sorted(additions, key=_order):
        _target_chunk(chunks, target[0]).add(target, additions[target])
    for chunk in chunks:
        if chunk.changed:
            (folder / "index" / f"{chunk.name}.pf_index").unlink()
            chunk.name = bundle.write(folder / "index", "", lang, ".pf_index", chunk.payload())
    meta[2] = [[chunk.lo, chunk.hi, chunk.name] for chunk in chunks]
    return len({source[0] for source in sources})


def _compounds(folder: Path, pages: list) -> dict[Key, set[tuple[int, tuple[Key, ...]]]]:
    """For each key of a word with closed compounds on the site: its number of parts and the keys its
    compounds add."""
    texts: list[str] = []
    for name, _ in pages:
        fragment = bundle.fragment(folder, name)
        texts.append(fragment["content"])
        texts += [str(value) for value in fragment.get("meta", {}).values()]
    tokens = {token for text in texts for token in text.split()}
    nouns = vocabulary.of_texts(texts)  # the dossier's own nouns: "Deckung" finds "Rückendeckung"
    found: dict[Key, set[tuple[int, tuple[Key, ...]]]] = {}
    for token in tokens:
        count, added = _parts(token, nouns)
        if added:
            found.setdefault(key(token), set()).add((count, added))
    return found


def _order(item: Key) -> tuple[str, str]:
    return item[0], item[1] or ""


def _weighted(locs: list[int], count: int) -> list[int]:
    """The runs of positions with each weight divided by `count`, as Pagefind weighs a hyphenated word's
    parts (at least 1, unless it was 0). A run is a marker -(weight + 1), then positions as deltas."""
    if locs and locs[0] >= 0:
        locs = [-25, *locs]  # the default weight (24: 1.0), explicit before more runs follow
    return [loc if loc >= 0 else -(max(1, (-loc - 1) // count) if loc < -1 else 0) - 1 for loc in locs]


@dataclass(eq=False)
class _Chunk:
    """One index chunk (the words from `lo` to `hi`) and the changes to it."""
    lo: str
    hi: str
    name: str
    data: bytes
    entries: dict[str, tuple[int, int, list]] = field(default_factory=dict)  # key -> (start, end, entry)
    edited: set[str] = field(default_factory=set)  # the keys of entries to write anew
    new: dict[str, list] = field(default_factory=dict)  # key -> entry

    @property
    def changed(self) -> bool:
        return bool(self.edited or self.new)

    def find(self, word: str) -> list | None:
        """The entry of `word`, if this chunk has it."""
        if word in self.new:
            return self.new[word]
        if word not in self.entries:
            pattern = b"\x83" + cbor.encode(word)  # an entry: a 3-item array that starts with its key
            at = self.data.find(pattern)
            while at >= 0:
                try:
                    entry, end = cbor.decode_at(self.data, at)
                except (ValueError, IndexError, UnicodeDecodeError):
                    entry, end = None, at
                if isinstance(entry, list) and len(entry) == 3 and entry[0] == word:
                    self.entries[word] = (at, end, entry)
                    break
                at = self.data.find(pattern, at + 1)
            else:
                return None
        return self.entries[word][2]

    def add(self, target: Key, pages: dict[int, list[list[int]]]) -> None:
        word, variant = target
        entry = self.find(word)
        if entry is None:
            entry = self.new[word] = [word, [], []]
        elif word not in self.new:
            self.edited.add(word)
        if variant is None:
            entry[1] = _merge(entry[1], pages)
        else:
            variants = {v: p for v, p in entry[2]}
            variants[variant] = _merge(variants.get(variant, []), pages)
            entry[2] = [[v, variants[v]] for v in sorted(variants)]

    def payload(self) -> bytes:
        _, count, at = cbor.read_head(self.data, 1)  # [[entry, ...]]
        out = bytearray(b"\x81" + cbor.head(4, count + len(self.new)))
        for start, end, entry in sorted((self.entries[word] for word in self.edited), key=lambda found: found[0]):
            out += self.data[at:start] + cbor.encode(entry)
            at = end
        out += self.data[at:]
        for word in sorted(self.new):
            out += cbor.encode(self.new[word])
        return bytes(out)


def _pages(chunks: list[_Chunk], source: Key) -> dict[int, tuple[list[int], list[int]]]:
    """The pages of a key (or of its variant), by page number: (locs, meta_locs)."""
    word, variant = source
    entry = next((found for chunk in _candidates(chunks, word) if (found := chunk.find(word))), None)
    if entry is None:
        return {}
    listed = entry[1] if variant is None else next((p for v, p in entry[2] if v == variant), [])
    pages, number = {}, 0
    for delta, locs, meta_locs in listed:
        number += delta
        pages[number] = (locs, meta_locs)
    return pages


def _merge(listed: list, adding: dict[int, list[list[int]]]) -> list:
    """A page list (page numbers as deltas) with more runs of positions for some pages."""
    pages, number = {}, 0
    for delta, locs, meta_locs in listed:
        number += delta
        pages[number] = [locs, meta_locs]
    for page, (locs, meta_locs) in adding.items():
        have = pages.get(page)
        pages[page] = [have[0] + locs, have[1] + meta_locs] if have else [locs, meta_locs]
    merged, last = [], 0
    for page in sorted(pages):
        merged.append([page - last, *pages[page]])
        last = page
    return merged


def _candidates(chunks: list[_Chunk], word: str) -> list[_Chunk]:
    """The chunks that may hold `word`, the likeliest first: the search loads the chunk whose range holds
    it (from <= word <= to), else one whose range holds it when both are cut to the shorter length
    (Pagefind's ranges are prefixes: a chunk up to "pak" holds "pakistan")."""
    strict = [chunk for chunk in chunks if chunk.lo <= word <= chunk.hi]
    cut = [chunk for chunk in chunks if chunk not in strict and _holds_prefix(chunk, word)]
    return strict + cut + [chunk for chunk in chunks if chunk not in strict and chunk not in cut]


def _holds_prefix(chunk: _Chunk, word: str) -> bool:
    term, lo, hi = word.encode(), chunk.lo.encode(), chunk.hi.encode()
    return term[:len(lo)] >= lo[:len(term)] and term[:len(hi)] <= hi[:len(term)]


def _target_chunk(chunks: list[_Chunk], word: str) -> _Chunk:
    """Where the parts' entry of `word` goes: the chunk that has the word, else the one whose range holds
    it, else the one before the gap it falls in, widened to hold it (so a query finds it at once)."""
    for chunk in _candidates(chunks, word):
        if chunk.find(word) is not None:
            return chunk
    for chunk in chunks:
        if chunk.lo <= word <= chunk.hi:
            return chunk
    if word < chunks[0].lo:
        chunks[0].lo = word
        return chunks[0]
    before = [chunk for chunk in chunks if chunk.hi < word][-1]
    before.hi = word
    return before
