"""Entity mentions: which persons, places and organisations each article names, as whole words."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from generator.diagnostics import Diagnostic, warning
from generator.model import Article, Entity, Mention

_SENTENCE_END = re.compile(r"(?<=[.!?…“])\s+(?=[A-ZÄÖÜ„\"0-9])")
_MARKUP = re.compile(r"^#+\s*|\\(?=[\\`*_\[\]<>#+\-.!&=~()])", re.M)
SNIPPET = 220


@dataclass(frozen=True)
class Matcher:
    """One regular expression over every name and alias, longest first, matched as whole words."""

    pattern: re.Pattern | None
    names: dict[str, str]  # name or alias -> entity slug
    candidates: re.Pattern | None  # the names without word boundaries: several times faster to scan
    version: str  # changes when any name, alias or entity changes: part of cache keys

    def find(self, text: str) -> Iterable[re.Match]:
        return self.pattern.finditer(text) if self.pattern else ()


def matcher(entities: Iterable[Entity]) -> Matcher:
    return _matcher(tuple(sorted(entities, key=lambda e: e.slug)))


@lru_cache(maxsize=4)  # the preview asks again on every rebuild: the same entities give the same matcher
def _matcher(entities: tuple[Entity, ...]) -> Matcher:
    names: dict[str, str] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            names.setdefault(name, entity.slug)  # the first entity (by slug) claims a shared alias
    if not names:
        return Matcher(None, {}, None, "none")
    alternatives = sorted(names, key=lambda n: (-len(n), n))
    # Whole words: no letter or digit right before or after ("Kim" not in "Kimchi", "Russland" in
    # "Russland-Besuch" yes); case matters, since names are written capitalised.
    alternation = "|".join(map(re.escape, alternatives))
    pattern = re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")
    version = hashlib.blake2b("\0".join(f"{n}\1{s}" for n, s in sorted(names.items())).encode(),
                             digest_size=12).hexdigest()
    return Matcher(pattern, names, re.compile(alternation), version)


def shared_names(entities: Iterable[Entity]) -> list[Diagnostic]:
    """Warnings for a name or alias that two entities claim: only the first (by slug) gets the mentions."""
    owner: dict[str, Entity] = {}
    found = []
    for entity in sorted(entities, key=lambda e: e.slug):
        for name in (entity.name, *entity.aliases):
            first = owner.setdefault(name, entity)
            if first is not entity:
                found.append(warning(entity.path, None, "shared-alias",
                                     f"{name!r} is also a name of {first.path}; its mentions count for that entity"))
    return found


def plain(markdown: str) -> str:
    """Markdown source as readable text, for snippets: no heading marks, no escapes."""
    return " ".join(_MARKUP.sub("", markdown).split())


def mentions(article: Article, found: Matcher) -> list[tuple[str, str]]:
    """[(entity slug, snippet)] in order of first mention in title, lede and body.
    The snippet is the sentence of the first mention in the body, else the lede or the title."""
    if not found.pattern:
        return []
    first: dict[str, tuple[str, str]] = {}  # slug -> (part, name as written), in order of first mention
    for part in ("title", "lede", "body"):
        text = getattr(article, part)
        # Scan without word boundaries (in C, fast), then check the few names found as whole words.
        at = {name: _find_word(text, name) for name in set(found.candidates.findall(text))}
        for name in sorted((n for n in at if at[n] != -1), key=at.__getitem__):
            first.setdefault(found.names[name], (part, name))
    return [(slug, _snippet_for(article, part, name)) for slug, (part, name) in first.items()]


def _snippet_for(article: Article, part: str, name: str) -> str:
    if part == "title":
        return article.title
    text = getattr(article, part)
    at = _find_word(text, name)
    begin = text.rfind("\n\n", 0, at) + 1  # the paragraph around the mention, as plain text
    end = text.find("\n\n", at)
    paragraph = plain(text[begin: end if end != -1 else len(text)])
    at = _find_word(paragraph, name)
    return _snippet(paragraph, at, at + len(name)) if at != -1 else paragraph


def _find_word(text: str, name: str) -> int:
    """Where `name` first stands as a whole word (as the matcher's pattern sees it), or -1.
    str.find is far faster than a regular expression that starts with a look-behind."""
    at = text.find(name)
    while at != -1:
        before, after = text[at - 1: at], text[at + len(name): at + len(name) + 1]
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return at
        at = text.find(name, at + 1)
    return -1


def _snippet(text: str, start: int, end: int) -> str:
    """The sentence around a mention, shortened around it when long."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start + 1)), default=0)
    stop = _SENTENCE_END.search(text, end)
    sentence = text[begin: stop.start() if stop else len(text)]
    if len(sentence) <= SNIPPET:
        return sentence
    at = start - begin
    left = max(0, at - SNIPPET // 2)
    cut = sentence[left: left + SNIPPET]
    return ("… " if left else "") + cut.strip() + (" …" if left + SNIPPET < len(sentence) else "")


@dataclass
class Kept:
    """The last index(): the next one patches it where articles changed, instead of visiting every
    mention of every article again (at 10,000 articles, 100,000 of them on every save)."""

    order: tuple[str, ...] = ()  # the articles' slugs in display order
    version: str = ""  # the matcher's
    per_article: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ranks: dict[str, list[int]] = field(default_factory=dict)  # entity -> its articles' places in order
    per_entity: dict[str, list[Mention]] = field(default_factory=dict)  # in the same order as ranks


def index(articles: list[Article], found: Matcher, memo: dict | None = None, kept: Kept | None = None,
          ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[Mention, ...]], bool]:
    """Mentions per article (in display order), articles per entity (same order: newest first) and
    whether any article's mentions differ from those in the memo.

    `memo` keeps each article's result between builds, keyed by the article's file digest; `kept` the
    whole result, patched when the articles and the matcher are the same as last time."""
    memo = memo if memo is not None else {}
    kept = kept if kept is not None else Kept()
    order = tuple(a.slug for a in articles)
    if kept.order != order or kept.version != found.version or memo.keys() != kept.per_article.keys():
        # Another order or matcher changes the lists per entity even where no article's mentions did.
        changed = _index_all(articles, found, memo, kept) or kept.order != order or kept.version != found.version
        kept.order, kept.version = order, found.version
    else:
        changed = False
        for rank, article in enumerate(articles):
            token = article.fingerprint or article  # its file's digest: kept in .cache/ between processes
            cached = memo[article.slug]
            if cached[0] == token:
                continue
            found_here = mentions(article, found)
            memo[article.slug] = (token, found.version, found_here)
            if cached[2] != found_here:
                changed = True
                _patch(kept, article.slug, rank, dict(cached[2]), dict(found_here))
    per_entity = {slug: tuple(kept.per_entity[slug]) for slug in sorted(kept.per_entity)}
    return dict(kept.per_article), per_entity, changed


def _index_all(articles: list[Article], found: Matcher, memo: dict, kept: Kept) -> bool:
    kept.per_article, kept.ranks, kept.per_entity = {}, {}, {}
    changed = False
    for rank, article in enumerate(articles):
        token = article.fingerprint or article
        cached = memo.get(article.slug)
        if cached and cached[0] == token and cached[1] == found.version:
            found_here = cached[2]
        else:  # only changed entries are replaced: the cache on disk rewrites only their shard
            found_here = mentions(article, found)
            changed = changed or not cached or cached[2] != found_here
            memo[article.slug] = (token, found.version, found_here)
        kept.per_article[article.slug] = tuple(slug for slug, _ in found_here)
        for slug, snippet in found_here:
            kept.ranks.setdefault(slug, []).append(rank)
            kept.per_entity.setdefault(slug, []).append(Mention(article.slug, snippet))
    for gone in memo.keys() - kept.per_article.keys():
        del memo[gone]
        changed = True
    return changed


def _patch(kept: Kept, article: str, rank: int, old: dict[str, str], new: dict[str, str]) -> None:
    """One article's mentions changed from `old` to `new` (entity -> snippet)."""
    kept.per_article[article] = tuple(new)
    for entity in old.keys() | new.keys():
        ranks, listed = kept.ranks.setdefault(entity, []), kept.per_entity.setdefault(entity, [])
        at = bisect.bisect_left(ranks, rank)
        present = at < len(ranks) and ranks[at] == rank
        if entity in new and present:
            listed[at] = Mention(article, new[entity])
        elif entity in new:
            ranks.insert(at, rank)
            listed.insert(at, Mention(article, new[entity]))
        else:
            del ranks[at], listed[at]
            if not ranks:
                del kept.ranks[entity], kept.per_entity[entity]
