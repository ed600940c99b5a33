"""One planner per kind of page, in the order the site is planned. Each kind lists its pages as
(URL, key) and plans one page from its key, reading the dossier through the `Planning`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from generator.pages import (articles, changes, chronology, entities, feeds, fixed, free, home, network, openrefs,
                            redirects, stubs, topics, whole)
from generator.plan import PagePlan, Planning


@dataclass(frozen=True)
class Kind:
    pages: Callable[[Planning], Iterable[tuple[str, Any]]]
    plan: Callable[[Planning, Any], PagePlan]
    gathers: bool = False  # shows every article's body (the whole dossier, the feed): rendered last


KINDS = tuple(Kind(m.pages, m.plan, getattr(m, "GATHERS", False))
              for m in (home, articles, stubs, redirects, topics, free, entities, network, chronology, whole, fixed,
                        feeds, openrefs, changes))
GATHERING = frozenset(index for index, kind in enumerate(KINDS) if kind.gathers)
