"""Markdown to HTML with markdown-it-py: raw HTML off, German quotes, heading anchors, a table of contents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.entities import Matcher
from generator.slugs import slugify, unique


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


def _anchors(state: StateCore) -> None:
    """Give every heading a stable id (German slug, de-duplicated) and record it for the table of contents."""
    taken: set[str] = set()
    headings = []
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))
        anchor = unique(slugify(text, max_length=60), taken)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), text, anchor))
    state.env["headings"] = headings


@dataclass(frozen=True)
class EntityLinks:
    """Which names to link in an article body, and where: the first mention of each entity only."""

    matcher: Matcher
    urls: dict[str, str]  # entity slug -> href
    names: dict[str, str]  # entity slug -> name, for the link's title
    version: str  # part of the cache key of every body rendered with these links

    @property
    def fingerprint(self) -> str:  # what a digest of the links needs to know
        return self.version


def _entity_links(state: StateCore) -> None:
    links: EntityLinks | None = state.env.get("entity_links")
    if not links or not links.matcher.pattern:
        return
    linked: set[str] = set()
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children or (i and tokens[i - 1].type == "heading_open"):
            continue  # headings stay plain: the link goes to the running text
        children, depth = [], 0
        for child in token.children:
            depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "text" and depth == 0:
                children.extend(_link_first_mentions(child, links, linked))
            else:
                children.append(child)
        token.children = children


_HYPHENS = "-\u2010\u2011"  # that join words into one: "Ukraine-Krieg", "Nord‑Korea"


def _in_compound(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a hyphenated word: a link would underline only part of it.
    (It still counts as a mention: a "Ukraine-Krieg" article is about Ukraine.)"""
    return (start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum()) or \
        (end + 1 < len(text) and text[end] in _HYPHENS and text[end + 1].isalnum())


def _link_first_mentions(token: Token, links: EntityLinks, linked: set[str]) -> list[Token]:
    out, at, text = [], 0, token.content
    for match in links.matcher.find(text):
        slug = links.matcher.names[match.group()]
        if slug in linked or _in_compound(text, match.start(), match.end()):
            continue
        linked.add(slug)
        if match.start() > at:
            out.append(_text(text[at:match.start()], token))
        opening = Token("link_open", "a", 1)
        opening.attrs = {"href": links.urls[slug], "class": "entity", "title": links.names[slug]}
        out += [opening, _text(match.group(), token), Token("link_close", "a", -1)]
        at = match.end()
    if at < len(text):
        out.append(_text(text[at:], token))
    return out if at else [token]


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0)
    token.content, token.level = content, like.level
    return token


def _site_links(state: StateCore) -> None:
    """Links and images written from the site's root ("/chronik/") get the base path, so they lead to the
    site's page also where it is published under a sub-path ("/repo-name/chronik/")."""
    base = state.env.get("base_path", "/")
    if base == "/":
        return
    for token in state.tokens:
        for child in token.children or ():
            attribute = {"link_open": "href", "image": "src"}.get(child.type)
            value = child.attrGet(attribute) if attribute else None
            if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                child.attrSet(attribute, base + value[1:])


# What any link linkify-it finds must contain: a schema, "//", "@", "www.", a dot before two letters (a
# top-level domain) or an IP address. Its own pretest is one huge expression that took half the time of
# rendering a body; this one lets most paragraphs skip it.
_MAYBE_LINK = re.compile(r"https?:|ftp:|mailto:|//|@|www\.|localhost|\.[^\W\d_]{2}|\.\d{1,3}\.", re.I)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "„“‚‘", "linkify": True})
    md.enable(["smartquotes", "linkify"])
    pretest = md.linkify.pretest
    md.linkify.pretest = lambda text: bool(_MAYBE_LINK.search(text)) and pretest(text)
    md.core.ruler.push("heading_anchors", _anchors)
    md.core.ruler.push("site_links", _site_links)  # before the entity links, which have the base path
    md.core.ruler.push("entity_links", _entity_links)
    return md


def render(text: str, entity_links: EntityLinks | None = None, base_path: str = "/") -> Rendered:
    env: dict = {"entity_links": entity_links, "base_path": base_path}
    html = parser().render(text, env)
    return Rendered(html=html, headings=tuple(env.get("headings", ())))

