"""Planning pages: each page with its template, view objects and fingerprint, before anything is rendered,
and the inputs it read, so that the next build plans it again only when one of them changed.

Each kind of page (generator/pages/) lists its pages and plans one of them, as Zola's `Site` has one
`render_*` per kind. A planner reads the dossier only through a `Planning`, which records every read as
a (facet, key) input of the page being planned, as Lektor records dependencies while it builds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable

from generator import __version__, entities, openrefs, paging, theme as themes, urls, volumes
from generator.markdown import EntityLinks, Rendered
from generator.model import Article, Entity, Image, LinkedDossier, Ref, Topic
from generator.network import Node
from generator.theme import Theme
from generator.views import Cards, Markdown, RefView, Teaser, TitleLink, TopicLink, card, chronology

# (facet, key): one thing a page read, e.g. ("teaser", "kim-trifft-putin"); a key is text, or what names a
# part of a list, e.g. ("mentioned_page", ("kim-jong-un", 2)) (the store pickles keys that are not text)
Input = tuple[str, Any]


def _node(linked: LinkedDossier, slug: str) -> tuple:
    item = linked.articles.get(slug) or linked.stubs[slug]
    kind = "article" if slug in linked.articles else "stub"
    return slug, item.title, linked.settings.base_path + item.url.lstrip("/"), kind


def _feed_days(article: Article) -> tuple[str | None, str | None]:
    days = [d for d in (article.date, article.added, article.updated) if d]
    return (article.date or article.since, max(days)) if days else (None, None)


def _topic_name(linked: LinkedDossier, slug: str) -> tuple:
    return slug, linked.topics[slug].name


def _entity_links(linked: LinkedDossier, _key: str) -> EntityLinks:
    found = linked.matcher or entities.matcher(linked.entities.values())
    base = linked.settings.base_path
    hrefs = {slug: base + e.url.lstrip("/") for slug, e in linked.entities.items()}
    names = {slug: e.name for slug, e in linked.entities.items()}
    version = hashlib.blake2b(f"{found.version}|{sorted(hrefs.items())}".encode(), digest_size=12).hexdigest()
    return EntityLinks(found, hrefs, names, version)


def _article_file(l: LinkedDossier, k: str) -> str:
    found = l.articles.get(k)
    return found.fingerprint if found else ""


# What a facet's value follows: sources whose token changes whenever the value may have. While an input's
# tokens are unchanged, its digest is taken from the last build instead of being computed again (of
# 100,000 inputs, an edit changes a handful), and an update looks at it only when one of its sources
# changed (depends.py). A facet that follows nothing is digested on every update.
FILE, GRAPH, MENTIONS = "file", "graph", "mentions"  # an article's file; the link graph; all mentions
SOURCES: dict[str, Callable[[LinkedDossier, str], str]] = {
    FILE: _article_file, GRAPH: LinkedDossier.graph_version, MENTIONS: lambda l, k: l.versions[1],
}

# Everything a planner can read of the linked dossier, by facet: its value, and the sources it follows.
# A facet is as narrow as what pages show (a teaser, not the whole article), so that an edit re-plans
# only the pages that show what it changed.
FACETS: dict[str, tuple[Callable[[LinkedDossier, str], Any], tuple[str, ...]]] = {
    "article": (lambda l, k: l.articles[k], (FILE,)),  # everything: its own page, the whole dossier, the feed
    "teaser": (lambda l, k: (k, l.articles[k].title, l.articles[k].date, l.articles[k].lede, l.articles[k].draft),
               (FILE,)),
    "title": (lambda l, k: (k, l.articles[k].title), (FILE,)),
    "date": (lambda l, k: (k, l.articles[k].date), (FILE,)),
    "since": (lambda l, k: (k, l.articles[k].since), (FILE,)),  # the day it entered the dossier: /neu/, /offen/
    "updated": (lambda l, k: (k, l.articles[k].updated), (FILE,)),
    "feed_days": (lambda l, k: _feed_days(l.articles[k]), (FILE,)),  # published and updated, in a topic's or entity's feed
    "events": (lambda l, k: l.articles[k].events, (FILE,)),
    "node": (_node, (FILE, GRAPH)),  # an article or stub in a network drawing
    "refs": (lambda l, k: l.refs.get(k, ()), (GRAPH,)),
    "backlinks": (lambda l, k: l.backlinks.get(k, ()), (GRAPH,)),
    "mentions": (lambda l, k: l.mentions.get(k, ()), (FILE, MENTIONS)),
    # Of the articles that mention an entity (newest first): which they are (for its feed), how many, and one
    # page of them with their sentences, keyed (entity, page number): a changed sentence re-plans that page.
    "mentioned_articles": (lambda l, k: tuple(m.article for m in l.mentioned_in.get(k, ())), (MENTIONS,)),
    "mentioned_count": (lambda l, k: len(l.mentioned_in.get(k, ())), (MENTIONS,)),
    "mentioned_page": (lambda l, k: paging.part(l.mentioned_in.get(k[0], ()), k[1]), (MENTIONS,)),
    "stub": (lambda l, k: l.stubs[k], (GRAPH,)),
    # One page of /offen/, keyed by its number: how many open references there are and which it shows, as
    # ranked (of the graph alone; the citing articles' titles are read by the page that shows them).
    "open_page": (lambda l, k: (len(l.stubs), paging.part(openrefs.order(l), k)), (GRAPH,)),
    "open_pages": (lambda l, k: paging.count(len(l.stubs)), (GRAPH,)),  # how many: for the sitemap
    "topic": (lambda l, k: l.topics[k], (GRAPH,)),  # with its members
    "topic_name": (_topic_name, (GRAPH,)),
    "topic_count": (lambda l, k: (k, l.topics[k].name, len(l.topics[k].articles)), (GRAPH,)),
    "entity": (lambda l, k: l.entities[k], ()),
    "entity_kind": (lambda l, k: l.entities[k].kind, ()),
    "image": (lambda l, k: l.images.get(l.articles[k].image), ()),  # an article's image file: size and digest
    "page": (lambda l, k: next(p for p in l.dossier.pages if p.slug == k), ()),
    "redirect": (lambda l, k: l.redirects[k], ()),  # the slug of the article an old path leads to
    "links": (_entity_links, ()),  # the entity links every body is rendered with
    # Which items there are, in display order:
    "articles": (lambda l, k: tuple(l.articles), (GRAPH,)),
    "article_set": (lambda l, k: tuple(sorted(l.articles)), (GRAPH,)),  # for pages that order articles themselves
    "stubs": (lambda l, k: tuple(l.stubs), (GRAPH,)),
    "topics": (lambda l, k: tuple(l.topics), (GRAPH,)),
    "entities": (lambda l, k: tuple(l.entities), ()),
    "pages": (lambda l, k: tuple(p.slug for p in l.dossier.pages), ()),
    # The whole dossier in print: one volume's articles, and which volumes there are
    "volume": (lambda l, k: next(v.slugs for v in volumes.of(l) if v.key == k), ()),
    "volumes": (lambda l, k: tuple((v.key, v.label, len(v.slugs)) for v in volumes.of(l)), ()),
}
GONE = "gone"  # the digest of an input that no longer exists


def token(linked: LinkedDossier, item: Input) -> str:
    """What the input's value follows, as it is now ("" when it follows nothing)."""
    return "".join(SOURCES[source](linked, item[1]) for source in FACETS[item[0]][1])


@dataclass(frozen=True)
class PagePlan:
    """One page to write: where, with which layout and view objects, and the fingerprint of all of that."""

    path: str  # below the output folder, from the page's URL
    template: str
    context: dict[str, Any]
    fingerprint: str


@dataclass(frozen=True)
class Job:
    """A page to plan: its output path, the index of its kind in pages.KINDS and its key there."""

    path: str
    kind: int
    key: Any


@dataclass
class Memo:
    """What one planning leaves for the next (in the live preview, or from the cache on disk): rendered
    Markdown by fingerprint, rendered parts of pages and the views made from unchanged inputs."""

    markdown: dict[str, Rendered] = field(default_factory=dict)  # by fingerprint
    fragments: Any = field(default_factory=dict)  # a mapping with .get: key -> rendered part of a page
    views: dict[tuple, tuple[tuple, Any]] = field(default_factory=dict)  # see Planning.view
    digests: dict[str, dict[Input, tuple[str, str]]] = field(default_factory=dict)  # by salt: (token, digest)


class Planning:
    """What the planners read: the linked dossier through recorded facets, URL helpers for the site's base
    path, and views shared by several pages (teasers, "Lesen Sie auch" entries, cards, nodes)."""

    def __init__(self, linked: LinkedDossier, theme: Theme, with_search: bool, memo: Memo, code: str = ""):
        self._linked, self.theme, self.with_search = linked, theme, with_search
        self.settings = settings = linked.settings
        self._previous_markdown, self.used_markdown = memo.markdown, {}
        self._fragments, self.used_fragments = memo.fragments, {}
        self._views, self.used_views = memo.views, {}
        self._values: dict[Input, Any] = {}
        self._digests: dict[Input, str] = {}
        self._card_of: dict[int, tuple[Any, Any]] = {}
        self._once: dict[str, tuple[Any, frozenset[Input]]] = {}  # see once()
        self.recording: set[Input] | None = None  # the inputs of the page being planned
        self.salt = _hash(repr((__version__, code, theme.templates, theme.version, settings, with_search)))
        self._known_digests = memo.digests.get(self.salt, {})
        self.new_digests: dict[Input, tuple[str, str]] = {}  # those computed now, with their tokens
        self.shared = {"site": settings, "url": self.url, "asset": self.asset, "absolute": self.absolute,
                       "urls": urls}

    # --- reading the dossier ---------------------------------------------------------------------------

    def read(self, facet: str, key: Any = "") -> Any:
        """One facet of the dossier, recorded as an input of the page being planned."""
        if self.recording is not None:
            self.recording.add((facet, key))
        return self._value((facet, key))

    def _value(self, item: Input) -> Any:
        found = self._values.get(item)
        if found is None:
            found = self._values[item] = FACETS[item[0]][0](self._linked, item[1])
        return found

    def input_digest(self, item: Input) -> str:
        """What an input is now, as a digest; GONE when it no longer exists. Every digest made is kept
        (new_digests), with its token: the next update compares with it to find what changed."""
        found = self._digests.get(item)
        if found is None:
            now = ""
            try:
                now = token(self._linked, item)
                known = self._known_digests.get(item)
                if now and known and known[0] == now:
                    found = known[1]
                else:
                    # Its own fingerprint (an article's file) or its repr: every facet is plain frozen
                    # data whose repr shows every field, and a repr is many times cheaper than a walk.
                    value = self._value(item)
                    found = _hash(getattr(value, "fingerprint", None) or repr(value))
            except (KeyError, StopIteration):
                found = GONE
            self._digests[item] = found
            self.new_digests[item] = (now, found)
        return found

    def structure(self) -> LinkedDossier:
        """The linked dossier for listing which pages there are (not for what a page shows: that is read)."""
        return self._linked

    def article(self, slug: str) -> Article:
        return self.read("article", slug)

    def teaser(self, slug: str) -> Teaser:
        return self.view(Teaser, *self.read("teaser", slug))

    def since(self, slug: str) -> str | None:
        """The day the article entered the dossier (`added`, else its `date`)."""
        return self.read("since", slug)[1]

    def title_link(self, slug: str) -> TitleLink:
        return self.view(TitleLink, *self.read("title", slug))

    def node(self, slug: str) -> Node:
        return self.view(Node, *self.read("node", slug))

    def image(self, slug: str) -> Image | None:
        """The article's image, if it has one."""
        return self.read("image", slug) if self.article(slug).image else None

    def topic(self, slug: str) -> Topic:
        return self.read("topic", slug)

    def topic_link(self, slug: str, counted: bool = False) -> TopicLink:
        if counted:
            return self.view(TopicLink, *self.read("topic_count", slug))
        return self.view(TopicLink, *self.read("topic_name", slug))

    def entity(self, slug: str) -> Entity:
        return self.read("entity", slug)

    def refs(self, slug: str) -> tuple[RefView, ...]:
        return tuple(self.view(RefView, r, None if r.is_stub else self.teaser(r.slug)) for r in self.read("refs", slug))

    def backlinks(self, slug: str) -> tuple[str, ...]:
        return self.read("backlinks", slug)

    def mentioned(self, slug: str) -> list[Entity]:
        return [self.entity(e) for e in self.read("mentions", slug)]

    def body(self, slug: str) -> Markdown:
        return self.markdown(self.article(slug).body, self.read("links"))

    def chronology(self, slugs: tuple[str, ...] | None = None) -> Any:
        """The events of the given articles (of all by default), by year."""
        events = [(s, self.read("events", s)) for s in (self.read("article_set") if slugs is None else sorted(slugs))]
        return self.view(_chronology, *[(s, self.read("title", s)[1], e) for s, e in events if e])

    # --- helpers for templates -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        """A root-relative URL under the site's base path: works at / and at /repo-name/."""
        return self.settings.base_path + path.lstrip("/")

    def asset(self, path: str) -> str:
        return f"{self.url(path)}?v={self.theme.version}"

    def absolute(self, path: str) -> str:
        """An absolute URL for canonical links, feeds and sitemaps ("" when base_url has no host)."""
        return self.settings.site_url + path.lstrip("/") if self.settings.site_url else ""

    def link(self, path: str) -> str:
        """The absolute URL where base_url has a host, else the root-relative one (for structured data)."""
        return self.absolute(path) or self.url(path)

    def markdown(self, text: str, links: EntityLinks | None = None) -> Markdown:
        return Markdown(text, self._previous_markdown, self.used_markdown, links, self.settings.base_path)

    def fragment(self, template: str, inputs: tuple[Input, ...], **context: Any) -> "Fragment":
        """A part of a page rendered from its own template, reused from earlier builds while the inputs
        it is made from are unchanged (they are read here, so they are the page's inputs too)."""
        for item in inputs:
            self.read(*item)
        return Fragment(self, self._digest_of(f"{self.salt}\0{template}\0", inputs), template, context)

    def fragment_html(self, fragment: "Fragment") -> str:
        html = self.used_fragments.get(fragment.key) or self._fragments.get(fragment.key)
        if html is None:
            html = themes.render(self.theme, fragment.template, {**self.shared, **fragment.context}).decode()
        self.used_fragments[fragment.key] = html
        return html

    def view(self, make: Callable[..., Any], *inputs: Any) -> Any:
        """make(*inputs), or the very object the last build made from the same inputs (the same objects,
        or equal strings). Unchanged views keep their identity, so cards are made once per target."""
        # A method of this planning is keyed by its function: the next planning keeps these views, and a
        # bound method in a key would keep this planning, and through it every earlier one, alive.
        key = (getattr(make, "__func__", make), *(x if type(x) is str else id(x) for x in inputs))
        cached = self.used_views.get(key) or self._views.get(key)
        if cached is None or not all(a is b or (type(a) is str and a == b) for a, b in zip(cached[0], inputs)):
            cached = (inputs, make(*inputs))
        self.used_views[key] = cached
        return cached[1]

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """make(), computed once for all the pages of this planning that need it (the /neu/ pages all list
        every change); each page that asks is recorded as reading what make() read."""
        found = self._once.get(key)
        if found is None:
            outer, self.recording = self.recording, set()
            try:
                value = make()
            finally:
                read, self.recording = self.recording, outer
            found = self._once[key] = (value, frozenset(read))
        if self.recording is not None:
            self.recording |= found[1]
        return found[0]

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

    def page(self, url: str, template: str, **context: Any) -> PagePlan:
        """A page at `url` (its fingerprint is added by plan(), from what the planner read)."""
        context["current"] = url
        return PagePlan(urls.output_path(url), template, context, "")

    # --- fingerprints and rendering (pages/__init__.py lists and plans the pages) ----------------------

    def fingerprint(self, job: Job, template: str, read: tuple[Input, ...]) -> str:
        """A page's fingerprint: the digest of what it is, of the salt and of the inputs it read, as they
        are now. A page is made from nothing else."""
        return self._digest_of(f"{self.salt}\0{job.kind}\0{job.key!r}\0{template}\0{job.path}\0", read)

    def _digest_of(self, what: str, inputs: tuple[Input, ...]) -> str:
        parts = list(map(self._digests.get, inputs))  # most inputs are shared by many pages: digested once
        if None in parts:
            parts = [part or self.input_digest(item) for part, item in zip(parts, inputs)]
        return _hash(what + "".join(parts))

    def hand_back(self) -> tuple:
        """What a forked worker made that the build keeps: rendered bodies and new input digests."""
        return self.used_markdown, self.new_digests

    def take_back(self, made: tuple) -> None:
        markdown, digests = made
        self.used_markdown.update(markdown)
        self.new_digests.update(digests)

    def render(self, page: PagePlan) -> bytes:
        return themes.render(self.theme, page.template, {**self.shared, **page.context})


@dataclass(frozen=True)
class Fragment:
    planning: Planning
    key: str
    template: str
    context: dict[str, Any]

    def __html__(self) -> str:
        return self.planning.fragment_html(self)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _chronology(*events: tuple) -> Any:
    return chronology(list(events))
