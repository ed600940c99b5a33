"""Redirects for renamed articles: an article's `redirect_from` paths, checked to be plain site paths that
no page, file or other redirect of the site has, each served by a small page that leads to the article."""

from __future__ import annotations

import re

from generator import changes, paging, urls
from generator.diagnostics import Diagnostic, error, warning
from generator.model import ENTITY_KINDS, LinkedDossier

_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")  # unreserved URL characters; no hidden files, no ".."
_FILE = (".html", ".htm")  # an old address that names a page file; any other becomes a folder
_REMOVE = "remove it from redirect_from"


def site_path(value: str) -> str:
    """The old address as a site path, "/artikel/alter-name/" (a folder gets its closing slash, as a server
    answers "/artikel/alter-name" with it); raises ValueError saying why it is not one and what to write."""
    if "," in value:
        raise ValueError(f"several paths are a list: redirect_from: [{value}]")
    if "://" in value or value.startswith("//"):
        raise ValueError("write only its path from the site's root, without scheme, host and base path")
    if not value.startswith("/"):
        raise ValueError("write it from the site's root, starting with /, like /artikel/alter-name/")
    if "?" in value or "#" in value:
        raise ValueError("a static site cannot redirect a query (?) or a fragment (#); write the path alone")
    segments = value[1:].split("/")
    for index, segment in enumerate(segments):
        if segment == "" and index < len(segments) - 1:
            raise ValueError("it has an empty part (//); write one slash")
        if segment and not _SEGMENT.fullmatch(segment):
            raise ValueError(f"{segment!r} is not a plain name; use letters A-Z, digits and - _ . ~ between "
                             "slashes, not starting with a dot")
        if len(segment) > 200:
            raise ValueError(f"{segment[:20]}… is longer than the 200 characters a file name can safely have")
        if segment.lower().endswith(_FILE) and index < len(segments) - 1:
            raise ValueError(f"{segment!r} names a page file, so it can only be the last part")
    last = segments[-1]
    return value if not last or last.lower().endswith(_FILE) else value + "/"


def taken(linked: LinkedDossier) -> dict[str, tuple[str, str]]:
    """Every output path the site writes besides redirects, case-folded (a case-insensitive file system
    makes one file of two spellings), with whose it is and what an editor should do about a clash."""
    owners: dict[str, tuple[str, str]] = {}

    def add(url: str, owner: str, hint: str = _REMOVE) -> None:
        owners.setdefault(urls.output_path(url).casefold(), (owner, hint))

    for article in linked.dossier.articles:
        add(article.url, f"article {article.path}")
    for stub in linked.stubs.values():
        referrers = ", ".join(linked.articles[s].path for s in linked.backlinks.get(stub.slug, ()))
        add(stub.url, f"the stub page for {stub.title!r} (referenced by {referrers})",
            "if that title names this article, add it to its 'aliases'; else remove the path from redirect_from")
    for topic in linked.topics.values():
        for url in paging.urls_of(topic.url, len(topic.articles)):
            add(url, f"the page of topic {topic.name!r}")
        add(urls.feed_of(topic.url), f"the feed of topic {topic.name!r}")
    for page in linked.dossier.pages:
        add(page.url, f"page {page.path}")
    for entity in linked.entities.values():
        for url in paging.urls_of(entity.url, len(linked.mentioned_in.get(entity.slug, ()))):
            add(url, f"entity {entity.path}")
        add(urls.feed_of(entity.url), f"the feed of entity {entity.path}")
    fixed = [urls.HOME, urls.TOPICS, urls.CHRONOLOGY, urls.NETWORK, urls.OPEN, urls.NEW, urls.WHOLE, urls.SEARCH, urls.NOT_FOUND,
             urls.FEED, urls.SITEMAP, urls.ROBOTS, urls.FAVICON]  # the feed and sitemap also without a host: kept free
    fixed += [urls.entity_index(folder) for folder, _, _ in ENTITY_KINDS.values()]
    fixed += [urls.new_month(m) for m in changes.months(linked)]
    fixed += paging.urls_of(urls.HOME, len(linked.articles))[1:] + paging.urls_of(urls.OPEN, len(linked.stubs))[1:]
    for url in fixed:
        add(url, f"the site's {'page' if url.endswith(('/', '.html')) else 'file'} {url}")
    return owners


def _clash(out: str, owners: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """Whose output path `out` is, or whose file stands where `out` needs a folder (/feed.xml/)."""
    if out.startswith((urls.ASSETS[1:], urls.SEARCH_BUNDLE[1:], urls.IMAGES[1:], urls.WHOLE[1:])):  # volumes below
        return f"the site's folder /{out.split('/')[0]}/", _REMOVE
    parts = out.split("/")
    return owners.get(out) or next((owners[p] for p in ("/".join(parts[:n]) for n in range(1, len(parts)))
                                    if p in owners), None)


def index(linked: LinkedDossier) -> tuple[dict[str, str], list[Diagnostic]]:
    """{old path: article slug} for every article's redirect_from, sorted, and the problems: a path another
    page or redirect has is an error on the article that lists it (the later one, by file name)."""
    articles = [a for a in linked.dossier.articles if a.redirect_from]
    if not articles:
        return {}, []
    owners = taken(linked)
    claimed: dict[str, tuple[str, str]] = {}  # output path -> (the article file that has it, as it wrote it)
    base = linked.settings.base_path
    found: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for article in articles:  # sorted by file: the first claim wins, deterministically
        for path, line in zip(article.redirect_from, article.redirect_lines or (None,) * len(article.redirect_from)):
            out = urls.output_path(path).casefold()
            if base != "/" and path.startswith(base):
                problems.append(warning(article.path, line, "redirect-base",
                                        f"redirect_from {path!r} starts with the site's base path {base}; paths are "
                                        f"from the site's root: write {path[len(base) - 1:]!r}"))
            if out in claimed:
                first, spelled = claimed[out]
                if first != article.path:
                    problems.append(error(article.path, line, "redirect-taken",
                                          f"redirect_from {path!r} is already a redirect of {first}; "
                                          "keep it in one article"))
                else:
                    twice = "twice" if spelled == path else \
                        f"twice, as {spelled!r} too (one file where case is ignored)"
                    problems.append(warning(article.path, line, "redirect-twice",
                                            f"redirect_from lists {path!r} {twice}; remove one"))
                continue
            owner = _clash(out, owners)
            if owner is not None:
                message = (f"redirect_from {path!r} is this article's own address; {_REMOVE}"
                           if owner[0] == f"article {article.path}" else
                           f"redirect_from {path!r} is already the address of {owner[0]}; {owner[1]}")
                problems.append(error(article.path, line, "redirect-taken", message))
                continue
            claimed[out] = (article.path, path)
            found[path] = article.slug
    return dict(sorted(found.items())), problems


def taken_slugs(linked: LinkedDossier) -> set[str]:
    """The slugs a new article must not take: those of the articles and stubs, and those whose URLs
    redirects hold (an article that replaces a stub takes the stub's slug instead)."""
    held = {slug.casefold() for a in linked.dossier.articles
            for slug in map(urls.article_slug, a.redirect_from) if slug}
    return set(linked.articles) | set(linked.stubs) | held
