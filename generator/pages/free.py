"""Free pages (content/pages/): about the dossier, its method."""

from __future__ import annotations

from generator.plan import PagePlan, Planning


def plan(p: Planning) -> list[PagePlan]:
    return [p.page(free.url, "page.html", title=free.title, page=free, body=p.markdown(free.body))
            for free in p.linked.dossier.pages]
