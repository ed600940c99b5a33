"""Every URL the site has, in one place. Pages are at these paths below the site's base path; the file
that serves a URL follows from it (`/themen/` -> `themen/index.html`, `/feed.xml` -> `feed.xml`)."""

from __future__ import annotations

import re

HOME = "/"
TOPICS = "/themen/"
CHRONOLOGY = "/chronik/"
NETWORK = "/netz/"
OPEN = "/offen/"  # the open references, most cited first
NEW = "/neu/"  # what is new in the dossier: the latest changes, older months on their own pages
WHOLE = "/gesamt/"
SEARCH = "/suche/"
NOT_FOUND = "/404.html"
FEED = "/feed.xml"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
FAVICON = "/favicon.ico"
SEARCH_BUNDLE = "/pagefind/"
ASSETS = "/assets/"
IMAGES = "/bilder/"  # the files of content/images/
ARTICLES = "/artikel/"  # articles and stubs
PAGES = "/seiten/"  # free pages
SEARCHED = (ARTICLES, PAGES)  # where the pages are that search indexes (data-pagefind-body); none elsewhere


def article(slug: str) -> str:
    """An article, or the stub at the URL the article will have."""
    return f"{ARTICLES}{slug}/"


def article_slug(url: str) -> str | None:
    """The slug an article URL (or its index.html) names, else None."""
    found = re.fullmatch(rf"{ARTICLES}([^/]+)/(?:index\.html)?", url)
    return found.group(1) if found else None


def whole_volume(key: str) -> str:
    """A volume of the whole dossier in print; "" is the only one, at /gesamt/ itself."""
    return f"{WHOLE}{key}/" if key else WHOLE


def topic(slug: str) -> str:
    return f"{TOPICS}{slug}/"


def new_month(month: str) -> str:
    """The changes of one month ("2025-07") of /neu/."""
    return f"{NEW}{month}/"


def feed_of(url: str) -> str:
    """The Atom feed of a topic's or an entity's page: /themen/diplomatie/feed.xml."""
    return f"{url}feed.xml"


def page(slug: str) -> str:
    return f"{PAGES}{slug}/"


def entity_index(folder: str) -> str:
    """/personen/, /orte/, /organisationen/"""
    return f"/{folder}/"


def entity(folder: str, slug: str) -> str:
    return f"{entity_index(folder)}{slug}/"


def image(name: str) -> str:
    """A file of content/images/ ("2025/kim jong.jpg"), its name percent-encoded."""
    from urllib.parse import quote

    return IMAGES + quote(name)


def output_path(url: str) -> str:
    """The file below the output folder that serves `url`."""
    path = url.lstrip("/")
    return path + "index.html" if not path or path.endswith("/") else path
