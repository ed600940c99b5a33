"""The home page: the intro, every article newest first, open references and topics."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.HOME, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    intro, articles = p.markdown(p.settings.intro), tuple(p.teaser(s) for s in p.read("articles"))
    description = meta.home(p.settings, intro.html, len(articles))
    return p.page(urls.HOME, "home.html", title=None, intro=intro, articles=articles, description=description,
                  structured_data=meta.website(p.settings, p.link, description, p.with_search),
                  stubs=tuple(p.read("stub", s) for s in p.read("stubs")),
                  topics=tuple(p.topic_link(t, counted=True) for t in p.read("topics")))
