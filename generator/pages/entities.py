"""Entity indexes (/personen/, /orte/, /organisationen/) and one page per entity with the articles that
mention it, newest first, each with the sentence of its first mention."""

from __future__ import annotations

from generator import urls
from generator.model import ENTITY_KINDS
from generator.plan import PagePlan, Planning
from generator.views import Mentions


def plan(p: Planning) -> list[PagePlan]:
    linked = p.linked
    everyone = list(linked.entities.values())
    pages = []
    for kind, (folder, heading, _) in ENTITY_KINDS.items():
        of_kind = tuple(e for e in everyone if e.kind == kind)
        counts = {e.slug: len(linked.mentioned_in.get(e.slug, ())) for e in of_kind}
        pages.append(p.page(urls.entity_index(folder), "entities.html", title=heading, entities=of_kind,
                            counts=counts))
    for entity in everyone:
        found_in = linked.mentioned_in.get(entity.slug, ())
        pages.append(p.page(entity.url, "entity.html", title=entity.name, entity=entity,
                            kind_heading=ENTITY_KINDS[entity.kind][1], body=p.markdown(entity.body),
                            mentioned=Mentions(tuple(p.teasers[m.article] for m in found_in),
                                               tuple(m.snippet for m in found_in)),
                            previews=p.cards([p.teasers[m.article] for m in found_in])))
    return pages
