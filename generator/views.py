"""What the templates are given: frozen view objects made from what a planner read of the dossier
(plan.Planning records those reads; a page's fingerprint is their digest)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from html import escape, unescape
from typing import Any
from urllib.parse import urljoin

from generator import entities as entities_module
from generator import urls
from generator.dates import german_date
from generator.markdown import EntityLinks, Rendered, render as render_markdown
from generator.model import ENTITY_KINDS, Article, Entity, Event, Ref
from generator.network import Node, neighbourhood_svg, network_svg
from generator.typography import german_quotes


@dataclass(frozen=True)
class Teaser:
    """What lists show of an article: editing an article's body does not touch the pages that list it."""

    slug: str
    title: str
    date: str | None
    lede: str
    draft: bool = False  # shown only where drafts are built (`serve`, `build --drafts`): marked "Entwurf"

    @property
    def url(self) -> str:
        return urls.article(self.slug)


@dataclass(frozen=True)
class TitleLink:
    """A link to an article that shows only its title (a stub's referrers, the chronology)."""

    slug: str
    title: str

    @property
    def url(self) -> str:
        return urls.article(self.slug)


@dataclass(frozen=True)
class TopicLink:
    """A topic as a link: what an article page and a topic page show of it (not its member list, so an
    article joining a topic does not touch the pages of the topic's other articles)."""

    slug: str
    name: str
    count: int = 0  # its articles, where a page shows the number

    @property
    def url(self) -> str:
        return urls.topic(self.slug)


@dataclass(frozen=True)
class RefView:
    """One "Lesen Sie auch" entry as a page shows it: the reference and, unless it is a stub, its article."""

    ref: Ref
    article: Teaser | None

    @property
    def url(self) -> str:
        return self.ref.url

    @property
    def title(self) -> str:
        """The target article's own title; a stub has only the title it is referenced by."""
        return self.article.title if self.article else self.ref.title

    @property
    def written(self) -> str:
        """The referencing article's spelling where it differs from the title shown (for a tooltip), else ""."""
        return self.ref.title if " ".join(self.ref.title.split()) != " ".join(self.title.split()) else ""


@dataclass(frozen=True)
class ChronologyEntry:
    date: str  # ISO, possibly partial
    text: str
    article: TitleLink


@dataclass(frozen=True)
class MentionView:
    """An article on an entity's page, with the sentence of its first mention."""

    article: Teaser
    snippet: str


@dataclass(frozen=True)
class Mentions:
    """The articles on an entity's page, newest first: one object (digested in one pass over teasers
    already digested and the snippets), not one per mention, since an entity may be in every article."""

    articles: tuple[Teaser, ...]
    snippets: tuple[str, ...]

    def __iter__(self):
        return (MentionView(a, s) for a, s in zip(self.articles, self.snippets))

    def __len__(self) -> int:
        return len(self.articles)

    def __bool__(self) -> bool:
        return bool(self.articles)


@dataclass(frozen=True)
class EntityGroup:
    """The entities an article mentions of one kind."""

    heading: str  # "Personen"
    filter: str  # the Pagefind filter: "Person"
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Card:
    """A hover and focus card for a link: written into the page, so it never fetches another document."""

    href: str
    title: str
    date: str
    text: str


@dataclass(frozen=True)
class Cards:
    items: tuple[Card, ...]  # by href

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {c.href: {"title": c.title, "date": c.date, "text": c.text} for c in self.items}

    def __bool__(self) -> bool:
        return bool(self.items)


class Markdown:
    """Markdown rendered when a template first shows it, from the rendered bodies a previous build left
    (`previous`) or anew; what is shown is recorded in `used`. Its fingerprint is its text, links and the
    site's base path."""

    def __init__(self, text: str, previous: dict[str, Rendered], used: dict[str, Rendered],
                 links: EntityLinks | None = None, base_path: str = "/"):
        self.text, self._previous, self._used, self._links, self._base = text, previous, used, links, base_path
        key = text + "\0" + (links.version if links else "") + "\0" + base_path
        self.fingerprint = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def rendered(self) -> Rendered:
        result = self._used.get(self.fingerprint) or self._previous.get(self.fingerprint)
        if result is None:
            result = render_markdown(self.text, self._links, self._base)
        self._used[self.fingerprint] = result
        return result

    @property
    def html(self) -> str:
        return self.rendered.html

    @property
    def headings(self):
        return self.rendered.headings

    def __html__(self) -> str:
        return self.rendered.html

    def __bool__(self) -> bool:
        return bool(self.text.strip())


@dataclass(frozen=True)
class WholeEntry:
    """An article on the whole-dossier page: its line in the contents, its section (text and "Lesen Sie
    auch") and its line in the sources, rendered together from print-article.html."""

    toc: Any
    section: Any
    source: Any


@dataclass(frozen=True)
class ListEntry:
    """An article in a topic's or an entity's own feed."""

    link: TitleLink
    lede: str
    published: str  # its date, else the day it entered the dossier
    updated: str  # the latest of its days


_URL_ATTRIBUTE = re.compile(r'(?<= )(href|src)="([^"]*)"')  # as markdown-it writes them: text has &quot;


def absolute_links(html: str, base: str) -> str:
    """Rendered Markdown with every link and image address resolved against `base` (the page's absolute
    URL), for a feed reader that shows the HTML away from the page: "/repo/personen/kim/", "../x/" and
    "#abschnitt" become absolute URLs; absolute ones stay as they are."""
    def absolute(found: re.Match) -> str:
        return f'{found[1]}="{escape(urljoin(base, unescape(found[2])))}"'

    return _URL_ATTRIBUTE.sub(absolute, html)


@dataclass(frozen=True)
class FeedEntry:
    article: Article
    body: Markdown
    topics: tuple[str, ...]  # topic names
    url: str  # the article's absolute URL

    @property
    def updated(self) -> str:
        """The latest of its days (date, added, updated), as /neu/ tells them."""
        a = self.article
        return max(d for d in (a.date, a.added, a.updated) if d)

    @property
    def content(self) -> str:
        """The body's HTML with absolute links, as a feed reader shows it away from the site."""
        return absolute_links(self.body.html, self.url)


@dataclass(frozen=True)
class Neighbourhood:
    """An article with its direct neighbours, drawn when a template first shows it."""

    center: Node
    outgoing: tuple[Node, ...]
    incoming: tuple[Node, ...]

    @cached_property
    def html(self) -> str:
        return neighbourhood_svg(self.center, list(self.outgoing), list(self.incoming))

    @property
    def height(self) -> str:
        """The drawing's height in CSS px, its root's height attribute: the size its frame keeps while the
        browser skips laying it out, so nothing after it moves or lies under it meanwhile."""
        found = re.search(r' height="([0-9.]+)"', self.html)
        return found.group(1) if found else "0"

    def __html__(self) -> str:
        return self.html

    def __bool__(self) -> bool:
        return bool(self.html)


@dataclass(frozen=True)
class NetworkDrawing:
    """The whole reference network, drawn when a template first shows it."""

    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]

    @cached_property
    def html(self) -> str:
        return network_svg(list(self.nodes), list(self.edges))

    def __html__(self) -> str:
        return self.html

    def __bool__(self) -> bool:
        return bool(self.html)


def chronology(articles: list[tuple[str, str, tuple[Event, ...]]]) -> tuple[tuple[str, tuple[ChronologyEntry, ...]], ...]:
    """Every article's events (from (slug, title, events)), oldest first, grouped by year. A year or month
    alone sorts before the days in it ("2024" before "2024-06-19"); ties by article title and text."""
    entries = sorted((ChronologyEntry(e.date, e.text, TitleLink(slug, title)) for slug, title, events in articles
                      for e in events),
                     key=lambda e: (e.date, e.article.title, e.text))
    years: dict[str, list[ChronologyEntry]] = {}
    for entry in entries:
        years.setdefault(entry.date[:4], []).append(entry)
    return tuple((year, tuple(items)) for year, items in years.items())


def entity_groups(mentioned: list[Entity]) -> tuple[EntityGroup, ...]:
    """The entities an article mentions, by kind, in the order of ENTITY_KINDS, names sorted."""
    groups = []
    for kind, (_, heading, filter_name) in ENTITY_KINDS.items():
        of_kind = sorted((e for e in mentioned if e.kind == kind), key=lambda e: e.name.casefold())
        if of_kind:
            groups.append(EntityGroup(heading, filter_name, tuple(of_kind)))
    return tuple(groups)


def reading_minutes(article: Article) -> int:
    """Minutes to read the lede and body at 200 words a minute, at least one. Words are counted as
    spaces and line breaks: exact enough for an estimate, and cheap on 10,000 articles."""
    text = article.lede + " " + article.body
    words = text.count(" ") + text.count("\n") + 1
    return max(1, -(-words // 200))


def card(target: Teaser | Ref | Entity, base_path: str) -> Card:
    """The card for an article, a stub or an entity, linked under the site's base path."""
    href = base_path + target.url.lstrip("/")
    if isinstance(target, Teaser):
        return Card(href, german_quotes(target.title), german_date(target.date), german_quotes(target.lede))
    if isinstance(target, Ref):  # a stub
        return Card(href, german_quotes(target.title), "", "Noch nicht im Dossier.")
    text = entities_module.plain(target.body)
    if len(text) > 240:  # cut at a word, and say so
        text = text[:240].rsplit(" ", 1)[0] + " …"
    return Card(href, target.name, ENTITY_KINDS[target.kind][2], text)
