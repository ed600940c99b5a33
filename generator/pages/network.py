"""The reference network: every article and stub with its "Lesen Sie auch" references, drawn as SVG."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning
from generator.views import NetworkDrawing


def plan(p: Planning) -> list[PagePlan]:
    edges = tuple((a, r.slug) for a, refs in p.linked.refs.items() for r in refs if r.slug != a)
    return [p.page(urls.NETWORK, "network.html", title="Netz der Verweise",
                   svg=NetworkDrawing(tuple(p.nodes.values()), edges), articles=len(p.articles),
                   stubs=len(p.linked.stubs), references=len(edges))]
