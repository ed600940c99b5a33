"""The topic index and one page per topic with its articles, newest first."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, str | None]]:
    return [(urls.TOPICS, None)] + [(t.url, t.slug) for t in p.structure().topics.values()]


def plan(p: Planning, slug: str | None) -> PagePlan:
    if slug is None:
        topics = tuple(p.topic_link(t, counted=True) for t in p.read("topics"))
        return p.page(urls.TOPICS, "topics.html", title="Themen", topics=topics,
                      description=meta.topics(p.settings, topics))
    topic = p.topic(slug)
    articles = tuple(p.teaser(s) for s in topic.articles)
    return p.page(topic.url, "topic.html", title=topic.name, topic=p.topic_link(slug), articles=articles,
                  description=meta.topic(p.settings, topic.name, articles))
