"""Entity indexes (/personen/, /orte/, /organisationen/) and one page per entity with the articles that
mention it, newest first, each with the sentence of its first mention."""

from __future__ import annotations

from generator import meta, paging, urls
from generator.model import ENTITY_KINDS
from generator.plan import PagePlan, Planning
from generator.views import Mentions


def pages(p: Planning) -> list[tuple[str, str | tuple[str, int]]]:
    linked = p.structure()
    found: list = [(urls.entity_index(folder), kind) for kind, (folder, _, _) in ENTITY_KINDS.items()]
    for e in linked.entities.values():
        found += paging.pages(e.url, e.slug, len(linked.mentioned_in.get(e.slug, ())))
    return found


def plan(p: Planning, key: str | tuple[str, int]) -> PagePlan:
    if key in ENTITY_KINDS:
        folder, heading, _ = ENTITY_KINDS[key]
        of_kind = tuple(e for e in map(p.entity, p.read("entities")) if e.kind == key)
        counts = {e.slug: p.read("mentioned_count", e.slug) for e in of_kind}
        return p.page(urls.entity_index(folder), "entities.html", title=heading, entities=of_kind, counts=counts,
                      description=meta.entity_index(p.settings, heading, of_kind))
    slug, number = key
    entity = p.entity(slug)
    # Its page of the mentions and how many there are: a changed snippet plans again the page that shows it.
    total, shown = p.read("mentioned_count", slug), p.read("mentioned_page", (slug, number))
    teasers = tuple(p.teaser(m.article) for m in shown)
    body = p.markdown(entity.body)
    pager = paging.pager(entity.url, number, total)
    return p.page(pager.url, "entity.html", title=paging.title(entity.name, pager), entity=entity,
                  kind_heading=ENTITY_KINDS[entity.kind][1], body=body, total=total, pager=pager,
                  description=paging.title(meta.entity(p.settings, entity, body.html, total), pager),
                  mentioned=Mentions(teasers, tuple(m.snippet for m in shown)), previews=p.cards(list(teasers)))
