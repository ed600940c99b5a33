"""Recognising the structure of a raw article text: title, credit, lede, paragraphs, subheadings, related."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import fail

_CREDIT = re.compile(r"^\(\s*(?:Bild|Foto|Bilder|Fotos|Grafik|Illustration)\s*:\s*(?P<credit>.+?)\s*\)$", re.I)
_RELATED_MARKER = re.compile(r"^(?:[-*•]\s*)?Lesen\s+Sie\s+(?:auch|mehr)\s*:?\s*$", re.I)
_BULLET = re.compile(r"^[-*•–]\s+")
_QUOTES = "\"'„“”‚‘’«»‹›"
_SENTENCE_END = ".!?…"
# A sentence boundary inside a line: end punctuation (maybe a closing quote), a space, a capital.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'“”»«’]?\s+[\"'„“»«]?[A-ZÄÖÜ0-9]")
HEADING_MAX = 100  # a subheading is a short line ...
PARAGRAPH_MIN = 140  # ... and a line this long is a paragraph, never a related title


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" or "heading"
    text: str
    line: int  # line number in the raw file


@dataclass(frozen=True)
class RawArticle:
    title: str
    image_credit: str
    lede: str
    blocks: tuple[Block, ...]
    related: tuple[str, ...]


def parse(text: str, path: str) -> RawArticle:
    """Split a decoded raw text into its parts; no word is dropped except the "Lesen Sie auch" markers."""
    lines = [(n, " ".join(line.split())) for n, line in enumerate(text.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise fail(path, None, "empty", "file is empty")
    (_, title), rest = lines[0], lines[1:]
    if _RELATED_MARKER.match(title) or _CREDIT.match(title):
        raise fail(path, 1, "no-title", f"first line must be the title, found {title!r}")
    credit = ""
    if rest and (m := _CREDIT.match(rest[0][1])):
        credit, rest = m.group("credit"), rest[1:]
    if not rest or _RELATED_MARKER.match(rest[0][1]):
        raise fail(path, lines[0][0], "no-text", "only a title: a raw article needs a lede and text after the title")
    (_, lede), rest = rest[0], rest[1:]

    blocks: list[Block] = []
    related: list[str] = []
    in_related = False
    for n, line in rest:
        if _RELATED_MARKER.match(line):
            in_related = True
            continue
        if in_related:
            if _BULLET.match(line) or not is_paragraph(line):
                related.append(_BULLET.sub("", line))
                continue
            in_related = False
        blocks.append(Block("heading" if is_heading(line) else "paragraph", line, n))
    return RawArticle(title, credit, lede, tuple(blocks), tuple(related))


def _core(line: str) -> str:
    return line.rstrip(_QUOTES + " ")


def is_paragraph(line: str) -> bool:
    """A line that reads as running text: it ends with a full stop, or ends like a sentence and is long
    or holds several sentences. News titles end with a word, a quote, '?' or '!', never with '.'."""
    core = _core(line)
    if core.endswith(".") and not core.endswith("..."):
        return True
    ends_like_sentence = core[-1:] in _SENTENCE_END or line[-1] in _QUOTES
    return ends_like_sentence and (len(line) >= PARAGRAPH_MIN or bool(_SENTENCE_BREAK.search(line)))


def is_heading(line: str) -> bool:
    """A short line without closing punctuation (a question mark is allowed) between paragraphs."""
    last = _core(line)[-1:]
    return len(line) <= HEADING_MAX and last not in ".!:;,…" and not _SENTENCE_BREAK.search(line)
