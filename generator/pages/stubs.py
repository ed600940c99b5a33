"""Stub pages: a referenced article not yet in the dossier, at the URL the article will have."""

from __future__ import annotations

from generator.plan import PagePlan, Planning
from generator.views import TitleLink


def plan(p: Planning) -> list[PagePlan]:
    return [p.page(stub.url, "stub.html", title=stub.title, stub=stub,
                   backlinks=tuple(p.view(TitleLink.of, p.linked.articles[s])
                                  for s in p.linked.backlinks.get(stub.slug, ())))
            for stub in p.linked.stubs.values()]
