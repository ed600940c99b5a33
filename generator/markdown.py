"""Markdown to HTML with markdown-it-py: raw HTML off, German quotes, heading anchors, a table of contents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from generator.slugs import slugify


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
        anchor = base = slugify(text, max_length=60)
        n = 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        token.attrSet("id", anchor)
        headings.append(Heading(int(token.tag[1]), text, anchor))
    state.env["headings"] = headings


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "„“‚‘"})
    md.enable(["smartquotes"])
    md.core.ruler.push("heading_anchors", _anchors)
    return md


def render(text: str) -> Rendered:
    env: dict = {}
    html = parser().render(text, env)
    return Rendered(html=html, headings=tuple(env.get("headings", ())))


_OPENING = re.compile(r'(^|[\s(\[{–—\-/„‚])"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


@lru_cache(maxsize=65536)
def german_quotes(text: str) -> str:
    """Typographic German quotes for plain text (titles, ledes): "Wort" -> „Wort“, Kim's -> Kim’s."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPENING.sub(lambda m: m.group(1) + "„", text)  # a quote after a space or bracket opens
    return _APOSTROPHE.sub("’", text.replace('"', "“"))  # every other one closes
