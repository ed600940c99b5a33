"""Article pages: the text with its topics, "Lesen Sie auch", "Verwiesen von", its neighbourhood in the
network, the entities it mentions and hover cards for every link."""

from __future__ import annotations

from generator import meta
from generator.model import Article, Entity
from generator.plan import PagePlan, Planning
from generator.slugs import slugify
from generator.views import EntityGroup, Neighbourhood, TopicLink, entity_groups, reading_minutes


def pages(p: Planning) -> list[tuple[str, str]]:
    return [(a.url, a.slug) for a in p.structure().articles.values()]


def plan(p: Planning, slug: str) -> PagePlan:
    article = p.article(slug)
    refs = p.refs(slug)
    backlinks = tuple(p.teaser(s) for s in p.backlinks(slug))
    mentioned = p.mentioned(slug)
    body, topics, image = p.body(slug), topic_links(p, article), p.image(slug)
    description = meta.article(p.settings, article, lambda: body.html)
    return p.page(article.url, "article.html", title=article.title, article=article, body=body,
                  description=description, image=image,
                  structured_data=meta.news_article(p.settings, p.link, article, description,
                                                    [t.name for t in topics], mentioned, image),
                  refs=refs, backlinks=backlinks, topics=topics,
                  reading_minutes=reading_minutes(article),
                  previews=p.cards([r.article or r.ref for r in refs] + list(backlinks) + mentioned),
                  entity_groups=p.view(_groups, *mentioned),
                  neighbourhood=_neighbourhood(p, slug))


def topic_links(p: Planning, article: Article) -> tuple[TopicLink, ...]:
    """The article's topics, once each, in its own order (two spellings of a topic are one topic)."""
    return tuple(p.topic_link(s) for s in dict.fromkeys(slugify(name) for name in article.topics))


def _groups(*mentioned: Entity) -> tuple[EntityGroup, ...]:
    return entity_groups(list(mentioned))


def _neighbourhood(p: Planning, slug: str) -> Neighbourhood:
    """The article with its direct neighbours: what it references and what references it."""
    outgoing = tuple(p.node(r.ref.slug) for r in p.refs(slug) if r.ref.slug != slug)
    incoming = tuple(p.node(s) for s in p.backlinks(slug))
    return p.view(_drawing, p.node(slug), len(outgoing), *outgoing, *incoming)


def _drawing(center, outgoing: int, *neighbours) -> Neighbourhood:
    return Neighbourhood(center, neighbours[:outgoing], neighbours[outgoing:])
