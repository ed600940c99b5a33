"""The home page: the intro, every article newest first, open references and topics."""

from __future__ import annotations

from generator import meta, paging, urls
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, tuple[None, int]]]:
    return paging.pages(urls.HOME, None, len(p.structure().articles))


def plan(p: Planning, key: tuple[None, int]) -> PagePlan:
    number = key[1]
    every = p.read("articles")
    pager = paging.pager(urls.HOME, number, len(every))
    intro, articles = p.markdown(p.settings.intro), tuple(p.teaser(s) for s in paging.part(every, number))
    description = paging.title(meta.home(p.settings, intro.html, len(every)), pager)
    if number > 1:  # the further articles only: the intro, topics and open references are the first page's
        return p.page(pager.url, "home.html", title=paging.title("Artikel", pager), intro=None,
                      articles=articles, description=description, structured_data=None, stubs=(), topics=(),
                      pager=pager)
    return p.page(urls.HOME, "home.html", title=None, intro=intro, articles=articles, description=description,
                  structured_data=meta.website(p.settings, p.link, description, p.with_search),
                  stubs=tuple(p.read("stub", s) for s in p.read("stubs")),
                  topics=tuple(p.topic_link(t, counted=True) for t in p.read("topics")), pager=pager)
