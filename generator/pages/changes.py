"""/neu/ "Neu im Dossier": the latest changes (new, updated, and open references that became articles),
grouped by day; /neu/<yyyy-mm>/ for each older month."""

from __future__ import annotations

from generator import changes as found, meta, urls
from generator.plan import PagePlan, Planning


def _dated(p: Planning, slug: str) -> found.Dated:
    return found.Dated(slug, p.read("title", slug)[1], p.since(slug), p.read("updated", slug)[1],
                       tuple(p.since(s) for s in p.backlinks(slug)))


def _all(p: Planning) -> tuple[found.Change, ...]:
    return found.changes(_dated(p, s) for s in p.read("article_set"))


def pages(p: Planning) -> list[tuple[str, str | None]]:
    return [(urls.NEW, None)] + [(urls.new_month(m), m) for m in found.months(p.structure())]


def plan(p: Planning, month: str | None) -> PagePlan:
    every = p.once("changes", lambda: _all(p))
    months = found.older_months(every)
    if month is None:
        return p.page(urls.NEW, "changes.html", title="Neu im Dossier", days=found.by_day(every[:found.LATEST]),
                      months=months, month=None, description=meta.changes(p.settings, None))
    shown = tuple(c for c in every if c.month == month)
    return p.page(urls.new_month(month), "changes.html", title=f"Neu im Dossier: {meta.german_date(month)}",
                  days=found.by_day(shown), months=months, month=month, description=meta.changes(p.settings, month))
