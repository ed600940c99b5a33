"""The chronology: every article's events, oldest first, by year."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.CHRONOLOGY, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    years = p.chronology()
    return p.page(urls.CHRONOLOGY, "chronology.html", title="Chronik", years=years,
                  description=meta.chronology(p.settings, years))
