"""A recognised raw article as Markdown: blocks written out, the text escaped so it renders as written."""

from __future__ import annotations

import re
from functools import lru_cache

from linkify_it import LinkifyIt

from generator.rawtext import Block, RawArticle

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?=#|>|[-+*=](?:\s|$)|~~~|-{3})")  # "---" alone would be a rule
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_CLOSING_HASHES = re.compile(r"(?<=\s)(?=#+$)")  # "## Hashtag #": a closing sequence Markdown would drop


@lru_cache(maxsize=1)
def _linkify() -> LinkifyIt:
    return LinkifyIt()  # the same rules markdown-it-py's linkify applies when rendering


def escape_markdown(text: str) -> str:
    """Escape what Markdown would otherwise swallow or reinterpret, so the text renders word for word.
    URLs and e-mail addresses stay as written: the renderer links them, and an escape would break them."""
    spans = [(m.index, m.last_index) for m in _linkify().match(text) or ()]
    out, at = [], 0
    for start, end in spans:
        out += [_escape_inline(text[at:start]), text[start:end]]
        at = end
    text = "".join(out) + _escape_inline(text[at:])
    text = _BLOCK_START.sub(r"\\", text)  # a line starting like a heading, quote, list or fence
    text = _CLOSING_HASHES.sub(r"\\", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def _escape_inline(text: str) -> str:
    return _ENTITY_LIKE.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def _block(block: Block) -> str:
    if block.kind == "heading":
        return "## " + escape_markdown(block.text)
    if block.kind == "bullets":
        return "\n".join("- " + escape_markdown(item) for item in block.items)
    if block.kind == "caption":  # a picture credit or caption in mid-text: set off, as on the page
        return "*" + escape_markdown(block.text) + "*"
    if block.kind == "interview":  # "**Frage:** Wie …?": the speaker in bold, the text as written
        return f"**{escape_markdown(block.label)}:** " + escape_markdown(block.text)
    if block.kind == "quote":  # a quotation from a web page, one paragraph per item
        return "\n>\n".join("> " + escape_markdown(item) for item in block.items)
    if block.kind == "numbers":
        return "\n".join(f"{block.start + i}. " + escape_markdown(item) for i, item in enumerate(block.items))
    return escape_markdown(block.text)


def to_markdown(raw: RawArticle) -> str:
    return "\n\n".join(_block(b) for b in raw.blocks)
