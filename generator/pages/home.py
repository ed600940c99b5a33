"""The home page: the intro, every article newest first, open references and topics."""

from __future__ import annotations

from generator import urls
from generator.plan import PagePlan, Planning
from generator.views import TopicLink


def plan(p: Planning) -> list[PagePlan]:
    return [p.page(urls.HOME, "home.html", title=None, intro=p.markdown(p.settings.intro),
                   articles=tuple(p.teasers.values()), stubs=tuple(p.linked.stubs.values()),
                   topics=tuple(TopicLink.of(t, True) for t in p.linked.topics.values()))]
