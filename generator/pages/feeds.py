"""The Atom feed and the sitemap. Both need absolute URLs, so only a base_url with a host gives them."""

from __future__ import annotations

from generator import urls
from generator.model import ENTITY_KINDS
from generator.pages.articles import topics_of
from generator.plan import PagePlan, Planning
from generator.views import FeedEntry


def plan(p: Planning) -> list[PagePlan]:
    if not p.settings.site_url:
        return []
    linked = p.linked
    dated = [a for a in p.articles if a.date][: p.settings.feed_limit]
    entries = tuple(FeedEntry(a, p.bodies[a.slug], tuple(t.name for t in topics_of(a, linked))) for a in dated)
    feed = p.page(urls.FEED, "feed.xml", gathers=True, entries=entries,
                  updated=max((a.date for a in dated), default="1970-01-01"))
    listed = [urls.HOME, urls.TOPICS, urls.CHRONOLOGY, urls.NETWORK, urls.WHOLE] + [a.url for a in p.articles]
    listed += [t.url for t in linked.topics.values()] + [page.url for page in linked.dossier.pages]
    listed += [urls.entity_index(folder) for folder, _, _ in ENTITY_KINDS.values()]
    listed += [e.url for e in linked.entities.values()]
    lastmod = {a.url: a.date for a in p.articles if a.date}
    return [feed, p.page(urls.SITEMAP, "sitemap.xml", listed=tuple(listed), lastmod=lastmod)]
