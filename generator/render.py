"""Jinja2 rendering: one function per page kind, all returning {output path: bytes}."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from generator.dates import german_date
from generator.diagnostics import fail
from generator.markdown import Rendered, german_quotes, render as render_markdown
from generator.model import Article, LinkedDossier

Output = dict[str, bytes]


@dataclass(frozen=True)
class Theme:
    """The layouts folder: templates plus static assets, with a fingerprint for cache busting."""

    env: jinja2.Environment
    assets: dict[str, bytes]  # "assets/style.css" -> bytes
    version: str  # hash over all assets, appended to asset URLs


def load_theme(root: Path) -> Theme:
    layouts = root / "layouts"
    if not (layouts / "base.html").is_file():
        raise fail("layouts", None, "no-layouts", f"no layouts/base.html in {root}; a dossier project needs layouts/")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,  # every piece of user text is escaped unless a template says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["german_date"] = german_date
    env.filters["typo"] = german_quotes
    assets: dict[str, bytes] = {}
    folder = layouts / "assets"
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            assets["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    digest = hashlib.sha256()
    for name, data in assets.items():
        digest.update(name.encode() + b"\0" + data)
    return Theme(env=env, assets=assets, version=digest.hexdigest()[:10])


def render_site(linked: LinkedDossier, theme: Theme, with_search: bool = True) -> Output:
    """Every page of the site, plus assets, keyed by output path relative to site/."""
    out: Output = dict(theme.assets)
    page = _page_renderer(linked, theme)
    bodies = {slug: render_markdown(a.body) for slug, a in linked.articles.items()}
    out["index.html"] = page("home.html", "/", title=None, intro=_markdown(linked.settings.intro),
                             articles=list(linked.articles.values()), stubs=list(linked.stubs.values()),
                             topics=list(linked.topics.values()))
    for article in linked.articles.values():
        out[f"artikel/{article.slug}/index.html"] = page("article.html", f"/artikel/{article.slug}/",
                                                         **article_context(article, bodies[article.slug], linked))
    for stub in linked.stubs.values():
        out[f"artikel/{stub.slug}/index.html"] = page("stub.html", f"/artikel/{stub.slug}/", title=stub.title,
                                                      stub=stub, backlinks=_backlinks(stub.slug, linked))
    out["themen/index.html"] = page("topics.html", "/themen/", title="Themen", topics=list(linked.topics.values()))
    for topic in linked.topics.values():
        out[f"themen/{topic.slug}/index.html"] = page("topic.html", f"/themen/{topic.slug}/", title=topic.name,
                                                      topic=topic, articles=[linked.articles[s] for s in topic.articles])
    for free in linked.dossier.pages:
        rendered = render_markdown(free.body)
        out[f"seiten/{free.slug}/index.html"] = page("page.html", f"/seiten/{free.slug}/", title=free.title,
                                                     page=free, body=Markup(rendered.html))
    out["suche/index.html"] = page("search.html", "/suche/", title="Suche", with_search=with_search)
    out["404.html"] = page("404.html", "/404.html", title="Seite nicht gefunden")
    out[".nojekyll"] = b""
    out.update(_machine_files(linked, page, bodies))
    return out


def _machine_files(linked: LinkedDossier, page: Callable[..., bytes], bodies: dict[str, Rendered]) -> Output:
    """Feed, sitemap and robots.txt: they need absolute URLs, so only a base_url with a host gives them."""
    settings = linked.settings
    if not settings.site_url:
        return {"robots.txt": b"User-agent: *\nAllow: /\n"}
    dated = [a for a in linked.articles.values() if a.date][: settings.feed_limit]
    entries = [{"article": a, "html": bodies[a.slug].html, "topics": _topic_names(a, linked)} for a in dated]
    listed = ["/", "/themen/"] + [f"/artikel/{slug}/" for slug in linked.articles]
    listed += [f"/themen/{slug}/" for slug in linked.topics] + [f"/seiten/{p.slug}/" for p in linked.dossier.pages]
    lastmod = {f"/artikel/{a.slug}/": a.date for a in linked.articles.values() if a.date}
    return {
        "feed.xml": page("feed.xml", "/feed.xml", entries=entries,
                         updated=max((a.date for a in dated), default="1970-01-01")),
        "sitemap.xml": page("sitemap.xml", "/sitemap.xml", listed=listed, lastmod=lastmod),
        "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {settings.site_url}sitemap.xml\n".encode(),
    }


def _topic_names(article: Article, linked: LinkedDossier) -> list[str]:
    return [linked.topics[s].name for s in _topic_slugs(article, linked)]


def article_context(article: Article, rendered: Rendered, linked: LinkedDossier) -> dict[str, Any]:
    refs = [{"ref": r, "article": linked.articles.get(r.slug), "url": f"/artikel/{r.slug}/"}
            for r in linked.refs.get(article.slug, ())]
    topics = [linked.topics[s] for s in _topic_slugs(article, linked)]
    return {"title": article.title, "article": article, "body": Markup(rendered.html),
            "headings": rendered.headings, "refs": refs, "backlinks": _backlinks(article.slug, linked),
            "topics": topics}


def _topic_slugs(article: Article, linked: LinkedDossier) -> list[str]:
    return [t.slug for t in linked.topics.values() if article.slug in t.articles]


def _backlinks(slug: str, linked: LinkedDossier) -> list[Article]:
    return [linked.articles[s] for s in linked.backlinks.get(slug, ())]


def _markdown(text: str) -> Markup:
    return Markup(render_markdown(text).html) if text else Markup("")


def _page_renderer(linked: LinkedDossier, theme: Theme) -> Callable[..., bytes]:
    settings = linked.settings
    base = settings.base_path

    def url(path: str) -> str:
        """A root-relative URL under the site's base path: works at / and at /repo-name/."""
        return base + path.lstrip("/")

    def asset(path: str) -> str:
        return f"{url(path)}?v={theme.version}"

    def absolute(path: str) -> str:
        """An absolute URL for canonical links, feeds and sitemaps ("" when base_url has no host)."""
        return settings.site_url + path.lstrip("/") if settings.site_url else ""

    def page(template: str, path: str, **context: Any) -> bytes:
        try:
            html = theme.env.get_template(template).render(
                site=settings, url=url, asset=asset, absolute=absolute, current=path, topics_nav=list(linked.topics.values()),
                **context)
        except jinja2.TemplateSyntaxError as exc:
            raise fail(f"layouts/{exc.name or template}", exc.lineno, "template", exc.message or "syntax error") from None
        except jinja2.TemplateError as exc:
            where, line = _template_frame(exc, template)
            raise fail(where, line, "template", f"{type(exc).__name__}: {exc}") from None
        return html.encode("utf-8")

    return page


def _template_frame(exc: BaseException, template: str) -> tuple[str, int | None]:
    """The layout file and line where rendering failed, from Jinja's traceback frames."""
    tb, where, line = exc.__traceback__, f"layouts/{template}", None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where, line = "layouts/" + Path(filename).name, tb.tb_lineno
        tb = tb.tb_next
    return where, line

