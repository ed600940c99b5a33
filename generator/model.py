"""Plain data passed between the pipeline stages. Frozen: no stage changes another's output."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator import urls

if TYPE_CHECKING:
    from generator.entities import Matcher


@dataclass(frozen=True)
class MenuLink:
    """A link of the site's menu (dossier.yaml `menu:`): a page of the site, or an address elsewhere."""

    title: str
    url: str  # "/seiten/impressum/" (under the base path) or "https://…"
    where: str = "footer"  # "header" or "footer"
    line: int | None = field(default=None, compare=False, repr=False)  # in dossier.yaml, for messages

    @property
    def internal(self) -> bool:
        return self.url.startswith("/")


@dataclass(frozen=True)
class Settings:
    title: str = "Dossier"
    description: str = ""
    language: str = "de"
    base_url: str = "/"  # "https://owner.github.io/repo/" or "/repo/"; only its path is used for links
    intro: str = ""  # Markdown for the home page
    feed_limit: int = 50  # newest articles in feed.xml
    menu: tuple[MenuLink, ...] = ()  # links beside the sections in the header, or in the footer
    footer: str = ""  # a line of text in the footer (e.g. who publishes the dossier)
    path: str = "content/dossier.yaml"

    @cached_property  # asked for on every page: computed once per Settings
    def base_path(self) -> str:
        """The URL path the site lives under, always with leading and trailing slash."""
        from urllib.parse import urlsplit

        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @cached_property
    def site_url(self) -> str | None:
        """The absolute URL of the site root ("https://owner.github.io/repo/"), if base_url has a host."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.base_url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{self.base_path}"
        return None


@dataclass(frozen=True)
class Event:
    date: str  # ISO, possibly partial: "2024", "2022-02", "2025-07-12"
    text: str


@dataclass(frozen=True)
class Source:
    """The raw text an article was imported from."""

    file: str  # the raw file's name as the editor had it
    sha256: str
    title: str = ""  # the title as imported; "" in files written before the importer recorded it
    # Where a web page came from (all "" for a raw text): its canonical address, the outlet, the by-line,
    # when it was published (ISO date or date and time) and the day it was fetched.
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""
    retrieved: str = ""

    @property
    def published_day(self) -> str:
        return self.published[:10]

    @property
    def stored_name(self) -> str:
        """Its name in content/sources/: content-addressed, so two texts never share a name and an old
        version is never overwritten. The original name is cut to keep within a file name's 255 bytes."""
        prefix = f"{self.sha256[:12]}-" if self.sha256 else ""
        stem, suffix = _split_suffix(self.file)
        while len((prefix + stem + suffix).encode("utf-8", "surrogateescape")) > 255:
            stem = stem[:-1]
        return prefix + stem + suffix


def _split_suffix(name: str) -> tuple[str, str]:
    """("artikel", ".txt"); a long "suffix" is part of the name."""
    stem, dot, suffix = name.rpartition(".")
    return (stem, dot + suffix) if stem and len(suffix) <= 10 else (name, "")


@dataclass(frozen=True)
class Article:
    slug: str
    path: str  # relative to the project, for messages
    title: str
    body: str  # Markdown
    body_line: int  # line of the body's first line in the file, for messages
    date: str | None = None  # ISO date, the editor's date of the report
    added: str | None = None  # the day the article entered the dossier (written by import and new)
    updated: str | None = None  # the day a re-import replaced its text (written by import)
    lede: str = ""
    kicker: str = ""  # the line above the headline ("Ukraine-Krieg")
    author: str = ""  # as the by-line names them: "Anna Lindner, Seoul", "Anna Lindner und Jan Berg"
    image_credit: str = ""
    image: str = ""  # a file of content/images/, shown above the text and in link previews
    alt: str = ""  # what the image shows, for readers who cannot see it
    image_line: int | None = field(default=None, compare=False, repr=False)  # the line of `image:`
    draft: bool = False  # kept out of `build` unless --drafts; `serve` shows it marked "Entwurf"
    topics: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # "Lesen Sie auch" titles, as the page or the editor wrote them
    # Each related title's URL, where its entry has one ("" where not): as long as `related`, or () for none.
    related_urls: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    source: Source | None = None
    redirect_from: tuple[str, ...] = ()  # old site paths that lead here ("/artikel/alter-name/")
    redirect_lines: tuple[int | None, ...] = field(default=(), compare=False, repr=False)  # each one's line
    # A digest of the file it was read from (path and bytes), so a build need not digest the article.
    fingerprint: str = field(default="", compare=False, repr=False)
    # The site-internal links and images of its text: (line, "link" or "image", address), found when the
    # file is read, so an unchanged file is not parsed for them again (bodylinks.py checks them).
    links: tuple[tuple[int, str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def url(self) -> str:
        return urls.article(self.slug)

    @property
    def since(self) -> str | None:
        """The day it entered the dossier: `added`, else (articles from before `added`) its `date`."""
        return self.added or self.date

    @property
    def related_entries(self) -> tuple[tuple[str, str], ...]:
        """Its "Lesen Sie auch" entries as (title, URL or "")."""
        return tuple(zip(self.related, self.related_urls or ("",) * len(self.related)))


@dataclass(frozen=True)
class Image:
    """A file of content/images/, copied to /bilder/<name>, with the size a page gives it."""

    name: str  # below content/images/, with "/" between folders
    width: int
    height: int
    digest: str  # of its bytes: a changed file renders the pages that show it again

    @property
    def url(self) -> str:
        return urls.image(self.name)

    @property
    def path(self) -> str:
        """Its file below the output folder."""
        return urls.IMAGES[1:] + self.name


@dataclass(frozen=True)
class Page:
    """A free page (about the dossier, method) at /seiten/<slug>/."""

    slug: str
    path: str
    title: str
    body: str
    body_line: int
    links: tuple[tuple[int, str, str], ...] = field(default=(), compare=False, repr=False)  # as Article.links

    @property
    def url(self) -> str:
        return urls.page(self.slug)


# Entity kinds: (URL folder, German plural for headings, German singular for the Pagefind filter).
ENTITY_KINDS = {
    "person": ("personen", "Personen", "Person"),
    "place": ("orte", "Orte", "Ort"),
    "organisation": ("organisationen", "Organisationen", "Organisation"),
}


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation, at /personen/<slug>/, /orte/<slug>/ or /organisationen/<slug>/."""

    slug: str
    path: str
    name: str
    kind: str  # a key of ENTITY_KINDS
    aliases: tuple[str, ...]  # other forms a German text uses: "Lawrows", "Kims", "Pjöngjangs"
    body: str  # Markdown description
    body_line: int
    links: tuple[tuple[int, str, str], ...] = field(default=(), compare=False, repr=False)  # as Article.links

    @property
    def folder(self) -> str:
        return ENTITY_KINDS[self.kind][0]

    @property
    def url(self) -> str:
        return urls.entity(self.folder, self.slug)


@dataclass(frozen=True)
class Mention:
    """An article that mentions an entity, with the sentence of its first mention."""

    article: str  # slug
    snippet: str


@dataclass(frozen=True)
class Dossier:
    """Everything read from content/, before links are resolved."""

    settings: Settings
    articles: tuple[Article, ...]  # sorted by slug
    pages: tuple[Page, ...] = ()
    entities: tuple[Entity, ...] = ()  # sorted by path
    drafts: tuple[Article, ...] = ()  # the drafts this build holds back (not in `articles`), sorted by slug


@dataclass(frozen=True)
class Stub:
    """A referenced article that is not in the dossier yet; lives at the URL the article will have."""

    slug: str
    title: str  # the title as first referenced
    key: str
    draft: str = ""  # the file of the held-back draft this title names, whose URL the stub has
    original: str = ""  # where the referenced article is published, when an entry gave its URL
    outlet: str = ""  # who publishes it: an imported article's outlet at that host, else the host

    @property
    def url(self) -> str:
        return urls.article(self.slug)  # the article's URL to be


@dataclass(frozen=True)
class Ref:
    """One "Lesen Sie auch" entry of an article, resolved to an article or a stub slug."""

    title: str  # as written in the source
    slug: str
    is_stub: bool

    @property
    def url(self) -> str:
        return urls.article(self.slug)


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    articles: tuple[str, ...]  # article slugs, newest first

    @property
    def url(self) -> str:
        return urls.topic(self.slug)


def key_version(key_versions: dict[str, str], graph_version: str, key: Any) -> str:
    """A key's version of the graph: its own where a relink gave it one, else the graph's."""
    return key_versions.get(key) or graph_version


@dataclass(frozen=True)
class LinkedDossier:
    """The dossier with its reference graph: what every page needs to render."""

    dossier: Dossier
    articles: dict[str, Article]  # by slug, in display order (newest first)
    stubs: dict[str, Stub]  # by slug
    refs: dict[str, tuple[Ref, ...]]  # article slug -> its "Lesen Sie auch", in original order
    backlinks: dict[str, tuple[str, ...]]  # article or stub slug -> slugs of articles referencing it
    topics: dict[str, Topic] = field(default_factory=dict)  # by slug, sorted by name
    entities: dict[str, Entity] = field(default_factory=dict)  # by slug, sorted by name
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article -> entities, first mention first
    mentioned_in: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # entity -> articles, newest first
    matcher: "Matcher | None" = None  # finds the entities' names in a text: for mentions and body links
    redirects: dict[str, str] = field(default_factory=dict)  # old site path -> article slug, by path
    images: dict[str, Image] = field(default_factory=dict)  # the files of content/images/, by name
    # Tokens that change whenever the graph (refs, backlinks, stubs, topics, order) or the mentions do:
    # digests of what a page read are reused while their tokens are unchanged (plan.SOURCES).
    versions: tuple[str, str] = ("", "")
    # The graph's version per key (article, stub or topic slug; "" for the lists and their order): the
    # version of the relink that last changed what the graph holds for that key. A key not listed has
    # the graph's version. A title edit moves the keys it touched, not the 40,000 of the whole graph.
    key_versions: dict[str, str] = field(default_factory=dict)

    def graph_version(self, key: Any) -> str:
        """The token of an input of this key that follows the graph (plan.SOURCES)."""
        return key_version(self.key_versions, self.versions[0], key)

    @property
    def settings(self) -> Settings:
        return self.dossier.settings
