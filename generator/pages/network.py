"""The reference network: every article and stub with its "Lesen Sie auch" references, drawn as SVG."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning
from generator.views import NetworkDrawing


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.NETWORK, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    articles, stubs = p.read("articles"), p.read("stubs")
    edges = tuple((a, r.slug) for a in articles for r in p.read("refs", a) if r.slug != a)
    nodes = tuple(p.node(s) for s in articles + stubs)
    return p.page(urls.NETWORK, "network.html", title="Netz der Verweise", svg=NetworkDrawing(nodes, edges),
                  articles=len(articles), stubs=len(stubs), references=len(edges),
                  description=meta.network(p.settings, len(articles), len(stubs), len(edges)))
