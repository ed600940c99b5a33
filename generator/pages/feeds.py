"""The Atom feed and the sitemap. Both need absolute URLs, so only a base_url with a host gives them."""

from __future__ import annotations

from typing import Any

from generator import paging, urls
from generator.model import ENTITY_KINDS
from generator.pages.articles import topic_links
from generator.plan import PagePlan, Planning
from generator.views import FeedEntry, ListEntry, TitleLink

GATHERS = True


def pages(p: Planning) -> list[tuple[str, Any]]:
    if not p.settings.site_url:
        return []
    linked = p.structure()
    own = [(urls.feed_of(t.url), ("topic", t.slug)) for t in linked.topics.values()]
    own += [(urls.feed_of(e.url), ("entity", e.slug)) for e in linked.entities.values()]
    return [(urls.FEED, "feed"), (urls.SITEMAP, "sitemap")] + own


def plan(p: Planning, key: Any) -> PagePlan:
    if isinstance(key, tuple):
        return _own_feed(p, *key)
    return _feed(p) if key == "feed" else _sitemap(p)


def _own_feed(p: Planning, kind: str, slug: str) -> PagePlan:
    """A topic's or an entity's own feed: its newest articles as title, link, days and lede (no bodies, so
    an edit of a text re-renders only the feeds that carry texts)."""
    if kind == "topic":
        topic = p.topic(slug)
        name, page, members = topic.name, topic.url, topic.articles
    else:
        entity = p.entity(slug)
        name, page, members = entity.name, entity.url, p.read("mentioned_articles", slug)
    entries = []
    for s in members[:p.settings.feed_limit]:
        published, updated = p.read("feed_days", s)
        if published:  # an entry needs a day: undated articles are left out, as in feed.xml
            entries.append(ListEntry(p.view(TitleLink, *p.read("title", s)), p.read("teaser", s)[3], published,
                                     updated))
    return p.page(urls.feed_of(page), "list-feed.xml", name=name, page=page, entries=tuple(entries),
                  updated=max((e.updated for e in entries), default="1970-01-01"))


def _feed(p: Planning) -> PagePlan:
    dated = []
    for slug in p.read("articles"):  # dated ones first, newest first: read no further than the feed shows
        article = p.article(slug)
        if not article.date or len(dated) == p.settings.feed_limit:
            break
        dated.append(article)
    entries = tuple(FeedEntry(a, p.body(a.slug), tuple(t.name for t in topic_links(p, a)), p.absolute(a.url))
                    for a in dated)
    updated = max((e.updated for e in entries), default="1970-01-01")
    return p.page(urls.FEED, "feed.xml", entries=entries, updated=updated)


def _sitemap(p: Planning) -> PagePlan:
    articles = [p.read("date", s) for s in p.read("articles")]
    # Not the whole dossier (it repeats every article) nor the search: both are noindex.
    listed = paging.urls_of(urls.HOME, len(p.read("articles")))
    listed += [urls.NEW, *(paging.url(urls.OPEN, n) for n in range(1, p.read("open_pages") + 1))]
    listed += [urls.TOPICS, urls.CHRONOLOGY, urls.NETWORK]
    listed += [urls.article(s) for s, _ in articles]
    listed += [page for t in p.read("topics") for page in paging.urls_of(urls.topic(t), p.read("topic_count", t)[2])]
    listed += [urls.page(s) for s in p.read("pages")]
    listed += [urls.entity_index(folder) for folder, _, _ in ENTITY_KINDS.values()]
    listed += [page for e in p.read("entities") for page in paging.urls_of(
        urls.entity(ENTITY_KINDS[p.read("entity_kind", e)][0], e), p.read("mentioned_count", e))]
    lastmod = {urls.article(s): date for s, date in articles if date}
    return p.page(urls.SITEMAP, "sitemap.xml", listed=tuple(listed), lastmod=lastmod)
