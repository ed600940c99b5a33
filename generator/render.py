"""Jinja2 rendering: every page of the site as {output path: bytes}, re-rendering only what changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.dates import german_date
from generator.diagnostics import fail
from generator.fingerprint import Digester, Keyed, KeyedDict, combine
from generator import __version__, entities as entities_module
from generator.network import Node, neighbourhood_svg, network_svg
from generator.markdown import EntityLinks, Rendered, german_quotes, render as render_markdown
from generator.model import ENTITY_KINDS, Article, Entity, LinkedDossier, Ref, Topic
from generator.slugs import slugify

Output = dict[str, bytes]
GENERATOR_VERSION = __version__  # part of every fingerprint: a new generator re-renders everything


@dataclass(frozen=True)
class Theme:
    """The layouts folder: templates plus static assets, with fingerprints for caching and cache busting."""

    env: jinja2.Environment
    assets: dict[str, bytes]  # "assets/style.css" -> bytes
    version: str  # hash over all assets, appended to asset URLs
    templates: str  # hash over all templates: a layout edit re-renders the pages


@dataclass
class Memo:
    """What one build leaves for the next in the same process (the live preview): rendered pages by
    fingerprint, rendered Markdown by source text, object digests."""

    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    markdown: dict[str, Rendered] = field(default_factory=dict)
    digest: Digester = field(default_factory=lambda: Digester(remember=True))
    teasers: dict[str, tuple[Article, "Teaser"]] = field(default_factory=dict)
    refviews: dict[int, tuple[Ref, "Teaser | None", "RefView"]] = field(default_factory=dict)


@dataclass(frozen=True)
class Teaser:
    """What lists show of an article: editing an article's body does not touch the pages that list it."""

    slug: str
    title: str
    date: str | None
    lede: str


class LazyMarkdown:
    """Markdown rendered when a template first shows it; fingerprinted by its source text."""

    def __init__(self, text: str, previous: dict[str, Rendered], used: dict[str, Rendered],
                 links: EntityLinks | None = None):
        self.text, self._previous, self._used, self._links = text, previous, used, links
        key = text + "\0" + (links.version if links else "")
        self.fingerprint = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def rendered(self) -> Rendered:
        result = self._used.get(self.fingerprint) or self._previous.get(self.fingerprint)
        if result is None:
            result = render_markdown(self.text, self._links)
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


class LazyHTML:
    """Markup made only when a template shows it (an SVG drawing); fingerprinted by what it is made of."""

    def __init__(self, fingerprint: str, make):
        self.fingerprint, self._make, self._html = fingerprint, make, None

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._make()
        return self._html

    def __bool__(self) -> bool:
        return bool(self.__html__())


def load_theme(root: Path, previous: Theme | None = None) -> Theme:
    """Read layouts/; returns `previous` itself when nothing in it changed (its compiled templates too)."""
    layouts = root / "layouts"
    if not (layouts / "base.html").is_file():
        raise fail("layouts", None, "no-layouts", f"no layouts/base.html in {root}; a dossier project needs layouts/")
    assets: dict[str, bytes] = {}
    templates = hashlib.sha256()
    for path in sorted(p for p in layouts.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(layouts).as_posix()
        data = path.read_bytes()
        if rel.startswith("assets/"):
            assets[rel] = data
        templates.update(rel.encode() + b"\0" + data + b"\0")
    if previous is not None and previous.templates == templates.hexdigest():
        return previous
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,  # every piece of user text is escaped unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # load_theme() notices layout changes itself; no stat() per page
    )
    env.filters["german_date"] = german_date
    env.filters["typo"] = german_quotes
    version = hashlib.sha256(b"".join(n.encode() + b"\0" + d for n, d in assets.items())).hexdigest()[:10]
    return Theme(env=env, assets=assets, version=version, templates=templates.hexdigest())


@dataclass(frozen=True)
class PagePlan:
    """One page to write: where, with which layout and context, and the fingerprint of all of that."""

    path: str
    template: str
    context: dict[str, Any]
    fingerprint: str
    gathers: bool = False  # shows every article's body (the whole dossier, the feed): rendered last


@dataclass
class Plan:
    """Every page of the site, planned but not yet rendered, plus the files that need no rendering."""

    theme: Theme
    shared: dict[str, Any]  # what every template sees: site, url(), asset(), absolute()
    pages: list[PagePlan]
    static: Output  # assets, .nojekyll, robots.txt
    markdown: dict[str, Rendered] = field(default_factory=dict)  # bodies rendered so far, by fingerprint
    bodies: set[str] = field(default_factory=set)  # fingerprints of every Markdown text the site shows

    def render(self, page: PagePlan) -> bytes:
        return _render(self.theme, page.template, {**self.shared, **page.context})


def render_site(linked: LinkedDossier, theme: Theme, with_search: bool = True, memo: Memo | None = None) -> Output:
    """Every file of the site as {path: bytes}, re-rendering only pages whose fingerprint changed since
    the last call with the same memo (the live preview keeps one)."""
    memo = memo if memo is not None else Memo()
    plan = plan_site(linked, theme, with_search, memo)
    pages: dict[str, tuple[str, bytes]] = {}
    for page in plan.pages:
        previous = memo.pages.get(page.path)
        if previous and previous[0] == page.fingerprint:
            pages[page.path] = previous
        else:
            pages[page.path] = (page.fingerprint, plan.render(page))
    memo.pages = pages
    out: Output = dict(plan.static)
    out.update({path: data for path, (_, data) in pages.items()})
    return out


def plan_site(linked: LinkedDossier, theme: Theme, with_search: bool = True, memo: Memo | None = None) -> Plan:
    """Plan every page: its context and fingerprint. Rendering happens later, only where needed."""
    memo = memo if memo is not None else Memo(digest=Digester())  # a one-off build: nothing to remember
    previous_markdown, used = memo.markdown, {}
    memo.markdown = used  # what this build shows, filled while rendering; the rest is dropped
    digest = memo.digest
    digest.start()
    settings = linked.settings
    base = settings.base_path

    shown: set[str] = set()

    def markdown(text: str, links: EntityLinks | None = None) -> LazyMarkdown:
        lazy = LazyMarkdown(text, previous_markdown, used, links)
        shown.add(lazy.fingerprint)
        return lazy

    def url(path: str) -> str:
        """A root-relative URL under the site's base path: works at / and at /repo-name/."""
        return base + path.lstrip("/")

    def asset(path: str) -> str:
        return f"{url(path)}?v={theme.version}"

    def absolute(path: str) -> str:
        """An absolute URL for canonical links, feeds and sitemaps ("" when base_url has no host)."""
        return settings.site_url + path.lstrip("/") if settings.site_url else ""

    shared = {"site": settings, "url": url, "asset": asset, "absolute": absolute}

    def keyed(items) -> Keyed:
        """A list of dataclass objects, fingerprinted from their cached digests in one pass."""
        items = list(items)
        return Keyed(items, combine(digest.of(item) for item in items))

    card_cache: dict[int, tuple[str, dict[str, str], str]] = {}

    def cards(targets: list) -> KeyedDict:
        """Hover and focus cards for the links on a page: {href: {title, date, text}}. Written into the
        page itself (small), so a card never needs to fetch another document."""
        found = {}
        for target in targets:
            entry = card_cache.get(id(target))
            if entry is None:
                entry = card_cache[id(target)] = (*_card(target, url), digest.of(target))
            found[entry[0]] = entry
        ordered = sorted(found.items())
        return KeyedDict(((href, card) for href, (_, card, _) in ordered),
                         combine(href + d for href, (_, _, d) in ordered))
    salt = digest([GENERATOR_VERSION, theme.templates, theme.version, settings, with_search])
    pages: list[PagePlan] = []

    def page(out_path: str, template: str, current: str, gathers: bool = False, **context: Any) -> None:
        context["current"] = current
        pages.append(PagePlan(out_path, template, context, digest([salt, template, context]), gathers))

    articles = list(linked.articles.values())
    teasers = _teasers(articles, memo)
    ref_views = _ref_views(linked, teasers, memo)
    links = _entity_links(linked, url)
    bodies = {a.slug: markdown(a.body, links) for a in articles}
    entities = list(linked.entities.values())
    topics = list(linked.topics.values())
    page("index.html", "home.html", "/", title=None, intro=markdown(settings.intro),
         articles=keyed(teasers.values()), stubs=keyed(linked.stubs.values()), topics=keyed(topics))
    nodes = {a.slug: Node(a.slug, a.title, url(f"/artikel/{a.slug}/"), "article") for a in articles}
    nodes.update({s.slug: Node(s.slug, s.title, url(f"/artikel/{s.slug}/"), "stub") for s in linked.stubs.values()})
    for article in articles:
        page(f"artikel/{article.slug}/index.html", "article.html", f"/artikel/{article.slug}/",
             **article_context(article, bodies[article.slug], linked, teasers, ref_views.get(article.slug, []), cards),
             entity_groups=_entity_groups([linked.entities[e] for e in linked.mentions.get(article.slug, ())]),
             neighbourhood=_neighbourhood(article.slug, linked, nodes, digest))
    for stub in linked.stubs.values():
        page(f"artikel/{stub.slug}/index.html", "stub.html", f"/artikel/{stub.slug}/", title=stub.title,
             stub=stub, backlinks=_backlinks(stub.slug, linked, teasers))
    page("themen/index.html", "topics.html", "/themen/", title="Themen", topics=topics)
    for topic in topics:
        page(f"themen/{topic.slug}/index.html", "topic.html", f"/themen/{topic.slug}/", title=topic.name,
             topic=topic, articles=keyed(teasers[s] for s in topic.articles))
    for free in linked.dossier.pages:
        page(f"seiten/{free.slug}/index.html", "page.html", f"/seiten/{free.slug}/", title=free.title,
             page=free, body=markdown(free.body))
    for kind, (folder, heading, _) in ENTITY_KINDS.items():
        of_kind = [e for e in entities if e.kind == kind]
        counts = {e.slug: len(linked.mentioned_in.get(e.slug, ())) for e in of_kind}
        page(f"{folder}/index.html", "entities.html", f"/{folder}/", title=heading, entities=of_kind, counts=counts)
    for entity in entities:
        found_in = linked.mentioned_in.get(entity.slug, ())
        mentioned = Keyed([{"article": teasers[m.article], "snippet": m.snippet} for m in found_in],
                          combine(digest.of(teasers[m.article]) + m.snippet for m in found_in))
        page(f"{entity.folder}/{entity.slug}/index.html", "entity.html", entity.url, title=entity.name,
             entity=entity, kind_heading=ENTITY_KINDS[entity.kind][1], body=markdown(entity.body),
             mentioned=mentioned, previews=cards([teasers[m.article] for m in found_in]))
    edges = [(a, r.slug) for a, refs in linked.refs.items() for r in refs if r.slug != a]
    page("netz/index.html", "network.html", "/netz/", title="Netz der Verweise",
         svg=LazyHTML(combine([digest.of(n) for n in nodes.values()] + [f"{a}>{b}" for a, b in edges]),
                      lambda: network_svg(list(nodes.values()), edges)),
         articles=len(articles), stubs=len(linked.stubs), references=len(edges))
    events = chronology(articles, teasers)
    page("chronik/index.html", "chronology.html", "/chronik/", title="Chronik", years=events)
    page("gesamt/index.html", "print.html", "/gesamt/", title="Das ganze Dossier", gathers=True,
         articles=Keyed([{"article": a, "body": bodies[a.slug], "refs": ref_views.get(a.slug, [])} for a in articles],
                        combine(digest.of(a) + bodies[a.slug].fingerprint + "".join(
                            digest.of(r) for r in ref_views.get(a.slug, ())) for a in articles)),
         years=events)
    page("suche/index.html", "search.html", "/suche/", title="Suche", with_search=with_search)
    page("404.html", "404.html", "/404.html", title="Seite nicht gefunden")
    if settings.site_url:
        # Feed and sitemap need absolute URLs, so only a base_url with a host gives them.
        dated = [a for a in articles if a.date][: settings.feed_limit]
        entries = [{"article": a, "body": bodies[a.slug], "topics": [t.name for t in _topics(a, linked)]}
                   for a in dated]
        page("feed.xml", "feed.xml", "/feed.xml", gathers=True, entries=entries,
             updated=max((a.date for a in dated), default="1970-01-01"))
        listed = ["/", "/themen/", "/chronik/", "/netz/", "/gesamt/"] + [f"/artikel/{a.slug}/" for a in articles]
        listed += [f"/themen/{t.slug}/" for t in topics] + [f"/seiten/{p.slug}/" for p in linked.dossier.pages]
        listed += [f"/{folder}/" for folder, _, _ in ENTITY_KINDS.values()] + [e.url for e in entities]
        lastmod = {f"/artikel/{a.slug}/": a.date for a in articles if a.date}
        page("sitemap.xml", "sitemap.xml", "/sitemap.xml", listed=listed, lastmod=lastmod)

    digest.finish()
    static: Output = dict(theme.assets)
    static[".nojekyll"] = b""
    sitemap = f"Sitemap: {settings.site_url}sitemap.xml\n" if settings.site_url else ""
    static["robots.txt"] = f"User-agent: *\nAllow: /\n{sitemap}".encode()
    return Plan(theme=theme, shared=shared, pages=pages, static=static, markdown=used, bodies=shown)


@dataclass(frozen=True)
class RefView:
    """One "Lesen Sie auch" entry as the article page shows it."""

    ref: Ref
    article: Teaser | None  # None for a stub
    url: str


@dataclass(frozen=True)
class ChronologyEntry:
    date: str  # ISO, possibly partial
    text: str
    article: Teaser


def chronology(articles: list[Article], teasers: dict[str, Teaser]) -> list[tuple[str, list[ChronologyEntry]]]:
    """Every article's events, oldest first, grouped by year. A year or month alone sorts before the
    days in it ("2024" before "2024-06-19"); ties by article title and text."""
    entries = sorted((ChronologyEntry(e.date, e.text, teasers[a.slug]) for a in articles for e in a.events),
                     key=lambda e: (e.date, e.article.title, e.text))
    years: dict[str, list[ChronologyEntry]] = {}
    for entry in entries:
        years.setdefault(entry.date[:4], []).append(entry)
    return list(years.items())


def _entity_links(linked: LinkedDossier, url) -> EntityLinks:
    found = entities_module.matcher(linked.entities.values())
    urls = {slug: url(e.url) for slug, e in linked.entities.items()}
    names = {slug: e.name for slug, e in linked.entities.items()}
    version = hashlib.blake2b(f"{found.version}|{sorted(urls.items())}".encode(), digest_size=12).hexdigest()
    return EntityLinks(found, urls, names, version)


def _neighbourhood(slug: str, linked: LinkedDossier, nodes: dict[str, Node], digest: Digester) -> LazyHTML:
    """The article with its direct neighbours: what it references and what references it."""
    outgoing = [nodes[r.slug] for r in linked.refs.get(slug, ()) if r.slug != slug]
    incoming = [nodes[s] for s in linked.backlinks.get(slug, ())]
    center = nodes[slug]
    fingerprint = combine([digest.of(center), ">"] + [digest.of(n) for n in outgoing] + ["<"] +
                          [digest.of(n) for n in incoming])
    return LazyHTML(fingerprint, lambda: neighbourhood_svg(center, outgoing, incoming))


def _entity_groups(mentioned: list[Entity]) -> list[dict[str, Any]]:
    """The entities an article mentions, by kind, in the order of ENTITY_KINDS, names sorted."""
    groups = []
    for kind, (folder, heading, filter_name) in ENTITY_KINDS.items():
        of_kind = sorted((e for e in mentioned if e.kind == kind), key=lambda e: e.name.casefold())
        if of_kind:
            groups.append({"heading": heading, "filter": filter_name, "entities": of_kind})
    return groups


def _teasers(articles: list[Article], memo: Memo) -> dict[str, Teaser]:
    """One Teaser per article, the same object as last build's when the article did not change."""
    teasers = {}
    for a in articles:
        cached = memo.teasers.get(a.slug)
        teasers[a.slug] = cached[1] if cached and cached[0] is a else Teaser(a.slug, a.title, a.date, a.lede)
    memo.teasers = {a.slug: (a, teasers[a.slug]) for a in articles}
    return teasers


def _ref_views(linked: LinkedDossier, teasers: dict[str, Teaser], memo: Memo) -> dict[str, list[RefView]]:
    """Each article's "Lesen Sie auch" entries; unchanged ones are last build's objects."""
    views, fresh = {}, {}
    for slug, refs in linked.refs.items():
        row = []
        for ref in refs:
            teaser = teasers.get(ref.slug)
            cached = memo.refviews.get(id(ref))
            view = cached[2] if cached and cached[0] is ref and cached[1] is teaser else \
                RefView(ref, teaser, f"/artikel/{ref.slug}/")
            fresh[id(ref)] = (ref, teaser, view)
            row.append(view)
        views[slug] = row
    memo.refviews = fresh
    return views


def article_context(article: Article, body: LazyMarkdown, linked: LinkedDossier,
                    teasers: dict[str, Teaser], refs: list[RefView], cards) -> dict[str, Any]:
    backlinks = _backlinks(article.slug, linked, teasers)
    mentioned = [linked.entities[e] for e in linked.mentions.get(article.slug, ())]
    return {"title": article.title, "article": article, "body": body, "refs": refs, "backlinks": backlinks,
            "topics": _topics(article, linked), "reading_minutes": reading_minutes(article),
            "previews": cards([r.article or r.ref for r in refs] + backlinks + mentioned)}


def reading_minutes(article: Article) -> int:
    """Minutes to read the lede and body at 200 words a minute, at least one. Words are counted as
    spaces and line breaks: exact enough for an estimate, and cheap on 10,000 articles."""
    text = article.lede + " " + article.body
    words = text.count(" ") + text.count("\n") + 1
    return max(1, -(-words // 200))


def _card(target, url) -> tuple[str, dict[str, str]]:
    """(href, {title, date, text}) of a hover card for an article, a stub or an entity."""
    if isinstance(target, Teaser):
        return url(f"/artikel/{target.slug}/"), {"title": german_quotes(target.title),
                                                 "date": german_date(target.date), "text": german_quotes(target.lede)}
    if isinstance(target, Ref):  # a stub
        return url(f"/artikel/{target.slug}/"), {"title": german_quotes(target.title), "date": "",
                                                 "text": "Noch nicht im Dossier."}
    text = entities_module.plain(target.body)
    if len(text) > 240:  # cut at a word, and say so
        text = text[:240].rsplit(" ", 1)[0] + " …"
    return url(target.url), {"title": target.name, "date": ENTITY_KINDS[target.kind][2], "text": text}


def _topics(article: Article, linked: LinkedDossier) -> list[Topic]:
    slugs = dict.fromkeys(slugify(name) for name in article.topics)
    return [linked.topics[s] for s in slugs if s in linked.topics]


def _backlinks(slug: str, linked: LinkedDossier, teasers: dict[str, Teaser]) -> list[Teaser]:
    return [teasers[s] for s in linked.backlinks.get(slug, ())]


def _render(theme: Theme, template: str, context: dict[str, Any]) -> bytes:
    try:
        html = theme.env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise fail(f"layouts/{exc.name or template}", exc.lineno, "template", exc.message or "syntax error") from None
    except jinja2.TemplateError as exc:
        where, line = _template_frame(exc, template)
        raise fail(where, line, "template", f"{type(exc).__name__}: {exc}") from None
    return html.encode("utf-8")


def _template_frame(exc: BaseException, template: str) -> tuple[str, int | None]:
    """The layout file and line where rendering failed, from Jinja's traceback frames."""
    tb, where, line = exc.__traceback__, f"layouts/{template}", None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            where, line = "layouts/" + Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return where, line
