"""The topic index and one page per topic with its articles, newest first."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning
from generator.views import TopicLink


def plan(p: Planning) -> list[PagePlan]:
    topics = tuple(p.linked.topics.values())
    pages = [p.page(urls.TOPICS, "topics.html", title="Themen", topics=tuple(TopicLink.of(t, True) for t in topics))]
    pages += [p.page(topic.url, "topic.html", title=topic.name, topic=TopicLink.of(topic),
                     articles=tuple(p.teasers[s] for s in topic.articles)) for topic in topics]
    return pages
