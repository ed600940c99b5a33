"""Pages every site has: the search page and the 404 page."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning


def plan(p: Planning) -> list[PagePlan]:
    return [p.page(urls.SEARCH, "search.html", title="Suche", with_search=p.with_search),
            p.page(urls.NOT_FOUND, "404.html", title="Seite nicht gefunden")]
