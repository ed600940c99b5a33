"""Recognising the structure of a raw article text as a person reads it: title, credit, lede, paragraphs,
subheadings, lists and blocks of related titles. The rules are the README's "Raw article texts"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import fail
from generator.titles import INVISIBLE

NO_BREAK = "\u00a0\u202f\u2007"  # kept: "20 000", "1. Juli" must not break
_SPACES = re.compile(rf"[^\S{NO_BREAK}]+")

_CREDIT = re.compile(r"^(?P<open>[(\[]?)\s*(?:Bild|Foto|Bilder|Fotos|Grafik|Illustration)\s*:\s*(?P<credit>.*?)\s*"
                     r"(?P<close>[)\]]?)$", re.I)
_MARKER = re.compile(
    r"^(?:[-–—•*·▪»>]\s*)?"
    r"(?:lesen\s+sie\s+(?:dazu\s+)?(?:auch|mehr)|mehr\s+zum\s+thema|mehr\s+dazu|auch\s+interessant"
    r"|das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|weitere\s+artikel(?:\s+zum\s+thema)?)"
    r"\s*(?:(?P<colon>:)\s*(?P<rest>.*?)|[-–—»…]*)\s*$", re.I)
_BULLET = re.compile(r"^(?P<mark>[-–•*·▪])\s+(?P<text>\S.*)$")
_ALWAYS_BULLET = "•·▪"  # a single line with these is a list; a single "-" or "–" may be a dash
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_QUOTES = "\"'„“”‚‘’«»‹›"
_CLOSING = "\"'“”‘’«»‹›"
# A sentence boundary inside a line: end punctuation (maybe a closing quote), a space, a capital. Not after a
# day's number ("am 1. Juli") or a one-letter abbreviation ("Kim J. Un").
_SENTENCE_BREAK = re.compile(r"(?<!\b\d)(?<!\b\d\d)(?<!\b[^\W\d])[.!?…][\"'“”»«’]?\s+[\"'„“»«]?[A-ZÄÖÜ0-9]")
# "Kicker: Schlagzeile", "A – B", "A | B": how news headlines are built, and subheadings rarely are.
_HEADLINE = re.compile(r"^[^:]{2,80}:\s+\S|\s[-–—|]\s")
# Lines that are short and unpunctuated yet never subheadings: an agency line, a credit, a by-line.
_NOT_HEADING = re.compile(
    r"^\(.*\)$"
    r"|^(?:mit\s+material\s+(?:von|der|des)|quellen?\s*:|material\s*:)"
    r"|^(?:dpa|afp|ap|rtr|reuters|kna|epd|sid|dts|apa|ddp|tass|yonhap|xinhua)(?:\s*(?:[/,]|und)\s*\w+)*$"
    r"|^von\s+[A-ZÄÖÜ][\w.-]*(?:\s+(?:[A-ZÄÖÜ][\w.-]*|und|,))*$", re.I)
_WORD = re.compile(r"\w")
HEADING_MAX = 100  # a subheading is a short line ...
PARAGRAPH_MIN = 140  # ... and a line this long is running text, never a related title


@dataclass(frozen=True)
class Line:
    """How one line of the raw file was read."""

    number: int  # in the raw file
    kind: str  # title, credit, lede, paragraph, heading, bullet, numbered, marker, related
    text: str  # as it goes into the article: without bullet or marker (a numbered item keeps its number)


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph, heading, bullets, numbers
    items: tuple[str, ...]  # one text, or a list's items
    line: int  # line number in the raw file
    start: int = 1  # an ordered list's first number

    @property
    def text(self) -> str:
        return " ".join(self.items)


@dataclass(frozen=True)
class RawArticle:
    title: str
    image_credit: str
    lede: str
    blocks: tuple[Block, ...]
    related: tuple[str, ...]
    lines: tuple[Line, ...] = ()  # every non-blank line as it was read, in order


def clean(line: str) -> str:
    """A line as a reader sees it: no invisible characters, one space between words, no-break spaces kept."""
    return _SPACES.sub(" ", line.translate(INVISIBLE)).strip()


def parse(text: str, path: str) -> RawArticle:
    """Split a decoded raw text into its parts; no word is dropped except marker lines and list bullets."""
    lines = [(n, clean(line)) for n, line in enumerate(text.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise fail(path, None, "empty", "file is empty")
    (_, title), rest = lines[0], lines[1:]
    if _MARKER.match(title) or _is_credit(title):
        raise fail(path, 1, "no-title", f"first line must be the title, found {title!r}")
    read = [Line(lines[0][0], "title", title)]
    credit = ""
    if rest and (m := _is_credit(rest[0][1])):
        credit = m.group("credit")
        read.append(Line(rest[0][0], "credit", credit))
        rest = rest[1:]
    if not rest or _MARKER.match(rest[0][1]):
        raise fail(path, lines[0][0], "no-text", "only a title: a raw article needs a lede and text after the title")
    read.append(Line(rest[0][0], "lede", rest[0][1]))
    body = _read_body(rest[1:])
    read += body
    related = tuple(line.text for line in body if line.kind == "related")
    return RawArticle(title, credit, rest[0][1], _blocks(body), related, tuple(read))


def _is_credit(line: str) -> re.Match | None:
    m = _CREDIT.match(line)
    if not m or {"(": ")", "[": "]", "": ""}[m.group("open")] != m.group("close"):
        return None
    return m if len(line) <= 200 and not _SENTENCE_BREAK.search(m.group("credit")) else None


def _read_body(lines: list[tuple[int, str]]) -> list[Line]:
    """Related-title blocks first (they decide which lines are titles), then every other line from the end,
    since a subheading is recognised by the running text after it."""
    kinds: list[str | None] = [None] * len(lines)
    texts = [line for _, line in lines]
    i = 0
    while i < len(lines):
        m = _MARKER.match(texts[i])
        if not m or (m.group("colon") and m.group("rest") and not _title_like(m.group("rest"))):
            i += 1
            continue
        inline = bool(m.group("colon") and m.group("rest"))
        block: list[int] = []
        j = i + 1
        while j < len(lines) and _in_block(texts, j, first=not block and not inline):
            block.append(j)
            j += 1
        if j < len(lines) and not _MARKER.match(texts[j]):
            block = _trim_block(block, texts, keep=0 if inline else 1)
        if not inline and not block:
            i += 1  # a marker with no title after it is text, so no word is dropped
            continue
        kinds[i] = "marker"
        if inline:
            texts[i] = m.group("rest")
        for k in block:
            kinds[k] = "related"
            texts[k] = _strip_bullet(texts[k])
        i = (block[-1] if block else i) + 1
    _lists(kinds, texts)
    following = None  # the kind of the next line outside blocks
    for k in range(len(lines) - 1, -1, -1):
        if kinds[k] is None:
            kinds[k] = "heading" if following in ("paragraph", "bullet", "numbered") and _heading_like(texts[k]) \
                else "paragraph"
        following = kinds[k] if kinds[k] not in ("marker", "related") else "marker"
    read = []
    for k, (n, raw) in enumerate(lines):
        if kinds[k] == "marker" and texts[k] != raw:  # "Lesen Sie auch: Titel": a marker and a title
            read += [Line(n, "marker", raw[: len(raw) - len(texts[k])].rstrip()), Line(n, "related", texts[k])]
        else:
            read.append(Line(n, kinds[k] or "paragraph", texts[k] if kinds[k] != "marker" else raw))
    return read


def _in_block(texts: list[str], j: int, first: bool) -> bool:
    """Whether line j continues a block of related titles. A line that ends like a sentence, a figure or a
    quotation is the text resuming, unless it is the first after the marker or sits between titles."""
    line = texts[j]
    if _MARKER.match(line) or not _title_like(line):
        return False
    if first or _titled(line) or _heading_like(line):
        return True
    after = texts[j + 1] if j + 1 < len(texts) else ""
    return bool(after) and not _MARKER.match(after) and _title_like(after) and _titled(after)


def _titled(line: str) -> bool:
    """Bulleted or built like a headline: a related title wherever it stands in a block."""
    return bool(_BULLET.match(line) or _HEADLINE.search(line))


def _trim_block(block: list[int], texts: list[str], keep: int) -> list[int]:
    """Running text follows the block: its last lines may be the text resuming (a subheading or a short
    paragraph) rather than titles. Only a bulleted line or one built like a headline stays a title there."""
    while len(block) > keep:
        last = texts[block[-1]]
        if _titled(last):
            break
        block.pop()
        if _heading_like(last):
            break  # a subheading: the line before it is followed by a heading, not by running text
    return block


def _lists(kinds: list[str | None], texts: list[str]) -> None:
    """Runs of bulleted lines become bullet lists, runs of lines numbered in sequence ordered lists."""
    k = 0
    while k < len(texts):
        run = k
        while run < len(texts) and kinds[run] is None and _BULLET.match(texts[run]):
            run += 1
        if run - k >= 2 or (run - k == 1 and texts[k][0] in _ALWAYS_BULLET):
            for b in range(k, run):
                kinds[b], texts[b] = "bullet", _strip_bullet(texts[b])
            k = run
            continue
        run = k
        while run < len(texts) and kinds[run] is None and (m := _NUMBERED.match(texts[run])) and \
                (run == k or int(m.group("n")) == int(_NUMBERED.match(texts[run - 1]).group("n")) + 1):
            run += 1
        if run - k >= 2:
            for b in range(k, run):
                kinds[b] = "numbered"
            k = run
            continue
        k += 1


def _strip_bullet(line: str) -> str:
    m = _BULLET.match(line)
    return m.group("text") if m else line


def _blocks(lines: list[Line]) -> tuple[Block, ...]:
    """Paragraphs and headings one by one; consecutive list items of one kind as one list."""
    blocks: list[Block] = []
    prior = ""  # the kind of the line before: a list continues only on the next line
    for line in lines:
        kind, prior_kind = line.kind, prior
        prior = kind
        if kind in ("marker", "related"):
            continue
        if kind == "numbered":
            m = _NUMBERED.match(line.text)
            n, text = int(m.group("n")), m.group("text")
            last = blocks[-1] if blocks else None
            if last and last.kind == "numbers" and prior_kind == "numbered" and n == last.start + len(last.items):
                blocks[-1] = Block("numbers", last.items + (text,), last.line, last.start)
            else:
                blocks.append(Block("numbers", (text,), line.number, n))
        elif kind == "bullet" and blocks and blocks[-1].kind == "bullets" and prior_kind == "bullet":
            blocks[-1] = Block("bullets", blocks[-1].items + (line.text,), blocks[-1].line)
        else:
            blocks.append(Block({"bullet": "bullets"}.get(kind, kind), (line.text,), line.number))
    return tuple(blocks)


def _title_like(line: str) -> bool:
    """Could be a related title: bulleted, or short, one sentence and not introducing something; a line
    without a letter or digit (a stray "•" or "---" from a web page) never is."""
    if _BULLET.match(line):
        return True
    return (bool(_WORD.search(line)) and len(line) < PARAGRAPH_MIN and not _SENTENCE_BREAK.search(line)
            and line[-1] not in ":;,")


def _heading_like(line: str) -> bool:
    """Short, one sentence, no closing punctuation (a question mark is allowed), not a quotation, figure,
    parenthesis, agency line, by-line, marker or bullet, and with a word in it."""
    last, core = line[-1], line.rstrip(_QUOTES + " ")
    return (len(line) <= HEADING_MAX and bool(_WORD.search(line)) and last not in _CLOSING
            and last not in ".!:;,…)" and not last.isdigit() and core[-1:] not in ".!"
            and not _SENTENCE_BREAK.search(line)
            and not any(rx.match(line) for rx in (_NOT_HEADING, _MARKER, _BULLET)))
