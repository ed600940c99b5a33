"""One planner per kind of page, in the order the site is planned. Each kind lists its pages as
(URL, key) and plans one page from its key, reading the dossier through the `Planning`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable

from generator.pages import (articles, changes, chronology, entities, feeds, fixed, free, home, network, openrefs,
                            redirects, stubs, topics, whole)
from generator import paging, urls
from generator.plan import Input, Job, PagePlan, Planning


@dataclass(frozen=True)
class Kind:
    pages: Callable[[Planning], Iterable[tuple[str, Any]]]
    plan: Callable[[Planning, Any], PagePlan]
    gathers: bool = False  # shows every article's body (the whole dossier, the feed): rendered last


KINDS = tuple(Kind(m.pages, m.plan, getattr(m, "GATHERS", False))
              for m in (home, articles, stubs, redirects, topics, free, entities, network, chronology, whole, fixed,
                        feeds, openrefs, changes))
GATHERING = frozenset(index for index, kind in enumerate(KINDS) if kind.gathers)


def jobs(p: Planning) -> list[Job]:
    """Every page of the site, in planning order (reads no inputs: which pages exist is structure)."""
    return [Job(urls.output_path(url), index, key) for index, kind in enumerate(KINDS) for url, key in kind.pages(p)]


def structure(p: Planning) -> tuple:
    """What decides which pages there are: while it is the same, so are jobs(p). The salt covers the
    settings and options; the rest is listed: the articles in their order with their dates (the print
    volumes), the stubs, the topics and entities with the pages of their lists, the free pages, the
    redirects and the days of the changes (the months of /neu/). Not the graph's version: a title edit
    relinks, but leaves the pages there are."""
    linked = p.structure()
    return (p.salt, tuple((slug, a.date, a.since, a.updated) for slug, a in linked.articles.items()),
            tuple(linked.stubs),
            tuple((t.slug, paging.count(len(t.articles))) for t in linked.topics.values()),
            tuple((e.slug, e.kind, paging.count(len(linked.mentioned_in.get(e.slug, ())))) for e in linked.entities.values()),
            tuple(page.slug for page in linked.dossier.pages), tuple(linked.redirects))


def plan(p: Planning, job: Job) -> tuple[PagePlan, tuple[Input, ...]]:
    """Plan one page and say what it read."""
    p.recording = set()
    try:
        page = KINDS[job.kind].plan(p, job.key)
    finally:
        read, p.recording = tuple(sorted(p.recording)), None
    return replace(page, fingerprint=p.fingerprint(job, page.template, read)), read
