"""Entity indexes (/personen/, /orte/, /organisationen/) and one page per entity with the articles that
mention it, newest first, each with the sentence of its first mention."""

from __future__ import annotations

from generator import meta, urls
from generator.model import ENTITY_KINDS
from generator.plan import PagePlan, Planning
from generator.views import Mentions


def pages(p: Planning) -> list[tuple[str, str]]:
    found = [(urls.entity_index(folder), kind) for kind, (folder, _, _) in ENTITY_KINDS.items()]
    return found + [(e.url, e.slug) for e in p.structure().entities.values()]


def plan(p: Planning, key: str) -> PagePlan:
    if key in ENTITY_KINDS:
        folder, heading, _ = ENTITY_KINDS[key]
        of_kind = tuple(e for e in map(p.entity, p.read("entities")) if e.kind == key)
        counts = {e.slug: p.read("mentioned_count", e.slug) for e in of_kind}
        return p.page(urls.entity_index(folder), "entities.html", title=heading, entities=of_kind, counts=counts,
                      description=meta.entity_index(p.settings, heading, of_kind))
    entity = p.entity(key)
    found_in = p.read("mentioned_in", key)
    teasers = tuple(p.teaser(m.article) for m in found_in)
    body = p.markdown(entity.body)
    return p.page(entity.url, "entity.html", title=entity.name, entity=entity,
                  kind_heading=ENTITY_KINDS[entity.kind][1], body=body,
                  description=meta.entity(p.settings, entity, body.html, len(found_in)),
                  mentioned=Mentions(teasers, tuple(m.snippet for m in found_in)), previews=p.cards(list(teasers)))
