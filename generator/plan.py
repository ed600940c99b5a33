"""Planning a site: every page with its template, view objects and fingerprint, before anything is rendered.

`plan_site` runs one planner per page kind (generator/pages/), as Zola's `Site` has one `render_*` per kind.
Each planner reads a `Planning`: the linked dossier and the view objects several kinds of page share.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from generator import __version__, entities, theme as themes, urls
from generator.fingerprint import Digester
from generator.markdown import EntityLinks, Rendered
from generator.model import Article, Entity, LinkedDossier, Ref, Stub
from generator.network import Node
from generator.theme import Theme
from generator.views import Cards, Markdown, RefView, Teaser, card, chronology

Output = dict[str, bytes]


@dataclass(frozen=True)
class PagePlan:
    """One page to write: where, with which layout and view objects, and the fingerprint of all of that."""

    path: str  # below the output folder, from the page's URL
    template: str
    context: dict[str, Any]
    fingerprint: str
    gathers: bool = False  # shows every article's body (the whole dossier, the feed): rendered last


@dataclass
class Plan:
    """Every page of the site, planned but not yet rendered, plus the files that need no rendering."""

    theme: Theme
    shared: dict[str, Any]  # what every template sees: site, url(), asset(), absolute(), urls
    pages: list[PagePlan]
    static: Output  # assets, .nojekyll, robots.txt
    markdown: dict[str, Rendered] = field(default_factory=dict)  # bodies rendered so far, by fingerprint
    bodies: set[str] = field(default_factory=set)  # fingerprints of every Markdown text the site shows

    def render(self, page: PagePlan) -> bytes:
        return themes.render(self.theme, page.template, {**self.shared, **page.context})


@dataclass
class Memo:
    """What one plan leaves for the next (in the live preview, or from the cache on disk): rendered
    Markdown by fingerprint and the digests of view objects."""

    markdown: dict[str, Rendered] = field(default_factory=dict)
    digest: Digester = field(default_factory=Digester)
    views: dict[tuple, tuple[tuple, Any]] = field(default_factory=dict)  # see Planning.view


class Planning:
    """What the planners read: the linked dossier, URL helpers for the site's base path, and the views
    shared by several kinds of page (teasers, "Lesen Sie auch" entries, bodies, network nodes)."""

    def __init__(self, linked: LinkedDossier, theme: Theme, with_search: bool, memo: Memo):
        self.linked, self.theme, self.with_search = linked, theme, with_search
        self.settings = settings = linked.settings
        self.digest = memo.digest
        self._previous_markdown, self.used_markdown = memo.markdown, {}
        self.shown_markdown: set[str] = set()
        self._views, self.used_views = memo.views, {}
        self._card_of: dict[int, tuple[Any, Any]] = {}
        self.salt = self.digest([__version__, theme.templates, theme.version, settings, with_search])
        self.articles = list(linked.articles.values())
        self.teasers = {a.slug: self.view(Teaser.of, a) for a in self.articles}
        self.refs = {slug: tuple(self.view(RefView, r, self.teasers.get(r.slug)) for r in refs)
                     for slug, refs in linked.refs.items()}
        links = _entity_links(linked, self.url)
        self.bodies = {a.slug: self.markdown(a.body, links) for a in self.articles}
        base = settings.base_path
        self.nodes = {a.slug: self.view(_node, a, base) for a in self.articles}
        self.nodes.update({s.slug: self.view(_node, s, base) for s in linked.stubs.values()})

    @cached_property
    def chronology(self):
        return self.view(_chronology, *self.articles)

    def url(self, path: str) -> str:
        """A root-relative URL under the site's base path: works at / and at /repo-name/."""
        return self.settings.base_path + path.lstrip("/")

    def asset(self, path: str) -> str:
        return f"{self.url(path)}?v={self.theme.version}"

    def absolute(self, path: str) -> str:
        """An absolute URL for canonical links, feeds and sitemaps ("" when base_url has no host)."""
        return self.settings.site_url + path.lstrip("/") if self.settings.site_url else ""

    def markdown(self, text: str, links: EntityLinks | None = None) -> Markdown:
        body = Markdown(text, self._previous_markdown, self.used_markdown, links)
        self.shown_markdown.add(body.fingerprint)
        return body

    def view(self, make: Callable[..., Any], *inputs: Any) -> Any:
        """make(*inputs), or the very object the last build made from the same inputs (the same objects,
        or equal strings). Unchanged views keep their identity, so their digests are found by id."""
        key = (make, *(x if type(x) is str else id(x) for x in inputs))
        cached = self.used_views.get(key) or self._views.get(key)
        if cached is None or not all(a is b or (type(a) is str and a == b) for a, b in zip(cached[0], inputs)):
            cached = (inputs, make(*inputs))
        self.used_views[key] = cached
        return cached[1]

    def cards(self, targets: list[Teaser | Ref | Entity]) -> Cards:
        """Cards for the links on a page, one per href, by href; each target's card is made once."""
        return self.view(self._cards, *targets)

    def _cards(self, *targets: Teaser | Ref | Entity) -> Cards:
        found = {}
        for target in targets:  # a target's card is made once a build, however many pages link to it
            made = self._card_of.get(id(target))
            if made is None or made[0] is not target:
                made = self._card_of[id(target)] = (target, card(target, self.settings.base_path))
            found[made[1].href] = made[1]
        return Cards(tuple(found[href] for href in sorted(found)))

    def page(self, url: str, template: str, gathers: bool = False, **context: Any) -> PagePlan:
        """A page at `url`; its fingerprint is the digest of everything its template is given."""
        context["current"] = url
        return PagePlan(urls.output_path(url), template, context, self.digest([self.salt, template, context]), gathers)


def _chronology(*articles: Article):
    return chronology(list(articles))


def _node(item: Article | Stub, base_path: str) -> Node:
    return Node(item.slug, item.title, base_path + item.url.lstrip("/"), "stub" if isinstance(item, Stub) else "article")


def _entity_links(linked: LinkedDossier, url) -> EntityLinks:
    found = linked.matcher or entities.matcher(linked.entities.values())
    hrefs = {slug: url(e.url) for slug, e in linked.entities.items()}
    names = {slug: e.name for slug, e in linked.entities.items()}
    version = hashlib.blake2b(f"{found.version}|{sorted(hrefs.items())}".encode(), digest_size=12).hexdigest()
    return EntityLinks(found, hrefs, names, version)


def plan_site(linked: LinkedDossier, theme: Theme, with_search: bool, memo: Memo) -> Plan:
    """Plan every page: its view objects and fingerprint. Rendering happens later, only where needed."""
    from generator.pages import PLANNERS

    memo.digest.start()
    planning = Planning(linked, theme, with_search, memo)
    pages = [page for planner in PLANNERS for page in planner(planning)]
    memo.digest.finish()
    memo.markdown = planning.used_markdown  # what this build shows, filled while rendering; the rest goes
    memo.views = planning.used_views
    settings = linked.settings
    static: Output = dict(theme.assets)
    static[".nojekyll"] = b""
    sitemap = f"Sitemap: {settings.site_url}sitemap.xml\n" if settings.site_url else ""
    static["robots.txt"] = f"User-agent: *\nAllow: /\n{sitemap}".encode()
    shared = {"site": settings, "url": planning.url, "asset": planning.asset, "absolute": planning.absolute,
              "urls": urls}
    return Plan(theme=theme, shared=shared, pages=pages, static=static, markdown=planning.used_markdown,
                bodies=planning.shown_markdown)
