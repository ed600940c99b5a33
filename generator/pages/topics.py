"""The topic index and one page per topic with its articles, newest first."""

from __future__ import annotations

from generator import meta, paging, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, tuple[str, int] | None]]:
    found: list = [(urls.TOPICS, None)]
    for t in p.structure().topics.values():
        found += paging.pages(t.url, t.slug, len(t.articles))
    return found


def plan(p: Planning, key: tuple[str, int] | None) -> PagePlan:
    if key is None:
        topics = tuple(p.topic_link(t, counted=True) for t in p.read("topics"))
        return p.page(urls.TOPICS, "topics.html", title="Themen", topics=topics,
                      description=meta.topics(p.settings, topics))
    slug, number = key
    topic = p.topic(slug)
    pager = paging.pager(topic.url, number, len(topic.articles))
    articles = tuple(p.teaser(s) for s in paging.part(topic.articles, number))
    newest = p.teaser(topic.articles[0]) if topic.articles else None
    return p.page(pager.url, "topic.html", title=paging.title(topic.name, pager),
                  topic=p.topic_link(slug), articles=articles, pager=pager,
                  description=paging.title(meta.topic(p.settings, topic.name, len(topic.articles), newest), pager))
