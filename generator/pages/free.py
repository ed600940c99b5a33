"""Free pages (content/pages/): about the dossier, its method."""

from __future__ import annotations

from generator import meta
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, str]]:
    return [(free.url, free.slug) for free in p.structure().dossier.pages]


def plan(p: Planning, slug: str) -> PagePlan:
    free = p.read("page", slug)
    body = p.markdown(free.body)
    return p.page(free.url, "page.html", title=free.title, page=free, body=body,
                  description=meta.free_page(p.settings, free.title, body.html))
