"""Pages every site has: the search page and the 404 page."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, str]]:
    return [(urls.SEARCH, "search"), (urls.NOT_FOUND, "404")]


def plan(p: Planning, key: str) -> PagePlan:
    if key == "search":
        return p.page(urls.SEARCH, "search.html", title="Suche", with_search=p.with_search,
                      description=meta.search(p.settings))
    return p.page(urls.NOT_FOUND, "404.html", title="Seite nicht gefunden", description=meta.not_found(p.settings))
