"""What is new in the dossier, from its content alone (never the build's clock): each article's day of
entry (`added`, else its `date`) and of its last re-import (`updated`), newest first, grouped by day."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterable

from generator import urls
from generator.model import LinkedDossier

LATEST = 100  # changes on /neu/; the older ones are on their months' pages


@dataclass(frozen=True)
class Change:
    day: str  # YYYY-MM-DD
    kind: str  # "new" or "updated"
    slug: str
    title: str
    was_open: bool = False  # new, and cited before it was added: its URL held a stub (an open reference)

    @property
    def url(self) -> str:
        return urls.article(self.slug)

    @property
    def month(self) -> str:
        return self.day[:7]


@dataclass(frozen=True)
class Day:
    day: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Dated:
    """What an article tells about its changes: its days, and the days its citing articles entered."""

    slug: str
    title: str
    since: str | None  # the day it entered the dossier: `added`, else its `date`
    updated: str | None
    cited_since: tuple[str | None, ...] = ()  # the `since` of each article that cites it


def changes(articles: Iterable[Dated]) -> tuple[Change, ...]:
    """Every change, newest first; on one day new before updated, then by title."""
    found = []
    for a in articles:
        if a.since:
            was_open = any(c is not None and c < a.since for c in a.cited_since)
            found.append(Change(a.since, "new", a.slug, a.title, was_open))
        if a.updated:
            found.append(Change(a.updated, "updated", a.slug, a.title))
    return tuple(sorted(found, key=lambda c: (_desc(c.day), c.kind != "new", c.title.casefold(), c.slug)))


def _desc(day: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in day.split("-"))


def by_day(found: Iterable[Change]) -> tuple[Day, ...]:
    return tuple(Day(day, tuple(group)) for day, group in groupby(found, key=lambda c: c.day))


def older_months(found: tuple[Change, ...]) -> tuple[str, ...]:
    """The months ("2025-07") with changes beyond the latest LATEST, newest first: each has its own page."""
    return tuple(dict.fromkeys(c.month for c in found[LATEST:]))


def months(linked: LinkedDossier) -> tuple[str, ...]:
    """The older months' pages a linked dossier has (which pages exist: not what they show)."""
    return older_months(changes(Dated(s, a.title, a.since, a.updated) for s, a in linked.articles.items()))
