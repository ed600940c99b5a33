"""Article pages: the text with its topics, "Lesen Sie auch", "Verwiesen von", its neighbourhood in the
network, the entities it mentions and hover cards for every link."""

from __future__ import annotations

from generator.model import Article, Entity, LinkedDossier, Topic
from generator.plan import PagePlan, Planning
from generator.slugs import slugify
from generator.views import EntityGroup, Neighbourhood, TopicLink, entity_groups, reading_minutes


def plan(p: Planning) -> list[PagePlan]:
    return [_page(p, article) for article in p.articles]


def _page(p: Planning, article: Article) -> PagePlan:
    linked = p.linked
    refs = p.refs.get(article.slug, ())
    backlinks = tuple(p.teasers[s] for s in linked.backlinks.get(article.slug, ()))
    mentioned = [linked.entities[e] for e in linked.mentions.get(article.slug, ())]
    return p.page(article.url, "article.html", title=article.title, article=article, body=p.bodies[article.slug],
                  refs=refs, backlinks=backlinks, topics=_topic_links(p, article),
                  reading_minutes=reading_minutes(article),
                  previews=p.cards([r.article or r.ref for r in refs] + list(backlinks) + mentioned),
                  entity_groups=p.view(_groups, *mentioned),
                  neighbourhood=_neighbourhood(p, article.slug))


def topics_of(article: Article, linked: LinkedDossier) -> tuple[Topic, ...]:
    """The article's topics, once each, in its own order (two spellings of a topic are one topic)."""
    slugs = dict.fromkeys(slugify(name) for name in article.topics)
    return tuple(linked.topics[s] for s in slugs if s in linked.topics)


def _topic_links(p: Planning, article: Article) -> tuple[TopicLink, ...]:
    return tuple(p.view(TopicLink.of, topic) for topic in topics_of(article, p.linked))


def _groups(*mentioned: Entity) -> tuple[EntityGroup, ...]:
    return entity_groups(list(mentioned))


def _neighbourhood(p: Planning, slug: str) -> Neighbourhood:
    """The article with its direct neighbours: what it references and what references it."""
    outgoing = tuple(p.nodes[r.slug] for r in p.linked.refs.get(slug, ()) if r.slug != slug)
    incoming = tuple(p.nodes[s] for s in p.linked.backlinks.get(slug, ()))
    return p.view(_drawing, p.nodes[slug], len(outgoing), *outgoing, *incoming)


def _drawing(center, outgoing: int, *neighbours) -> Neighbourhood:
    return Neighbourhood(center, neighbours[:outgoing], neighbours[outgoing:])
