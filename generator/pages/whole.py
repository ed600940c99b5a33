"""The whole dossier on one page, for printing: every article, the chronology and the sources."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning
from generator.views import WholeEntry


def plan(p: Planning) -> list[PagePlan]:
    entries = tuple(WholeEntry(a, p.bodies[a.slug], p.refs.get(a.slug, ())) for a in p.articles)
    return [p.page(urls.WHOLE, "print.html", title="Das ganze Dossier", gathers=True, articles=entries,
                   years=p.chronology)]
