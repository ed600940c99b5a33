"""The whole dossier on one page, for printing: every article, the chronology and the sources."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning
from generator.views import WholeEntry

GATHERS = True


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.WHOLE, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    entries = tuple(WholeEntry(p.article(s), p.body(s), p.refs(s)) for s in p.read("articles"))
    return p.page(urls.WHOLE, "print.html", title="Das ganze Dossier", articles=entries, years=p.chronology())
