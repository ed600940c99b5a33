"""Recognising the structure of a raw article text as a person reads it: kicker, title, credit, by-line, lede,
paragraphs, subheadings, lists, captions, interview labels and blocks of related titles, with what the web
page brought along (site furniture, teaser sentences, a second copy) set aside and reported, never lost.

Like markdown-it-py's block parser, the reading is an ordered table of rules (RULES): each rule decides the
kind of some lines still undecided, and later rules see only what is left. The rules are docs/import.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from generator.diagnostics import fail
from generator.titles import INVISIBLE, match

NO_BREAK = "\u00a0\u202f\u2007"  # kept: "20 000", "1. Juli" must not break
_SPACES = re.compile(rf"[^\S{NO_BREAK}]+")

# The labels a news page marks its parts with, shared with webpage.py (which reads the same labels in
# HTML): an image credit line (CREDIT), a "Lesen Sie auch" label (MARKER), site furniture (FURNITURE).
CREDIT = re.compile(r"^(?P<open>[(\[]?)\s*(?:Bild|Foto|Bilder|Fotos|Grafik|Illustration)\s*:\s*(?P<credit>.*?)\s*"
                    r"(?P<close>[)\]]?)$", re.I)
# A picture credit or caption in mid-text: "Foto: X", "© X", "Bildquelle: X", "(Foto: X)", or a caption
# sentence ending in one of these.
_CAPTION = re.compile(
    r"^[(\[]?\s*(?:(?:Bild|Foto|Bilder|Fotos|Grafik|Illustration|Bildquelle|Fotoquelle|Bildrechte|Quelle\s+Bild)"
    r"\s*:|©|\(c\)\s|Copyright\s*:?\s)\s*\S.{0,150}$"
    r"|^.{10,250}?[.!?…\"“”]\s*[(\[]?(?:(?:Bild|Foto|Bildquelle)\s*:|©)\s*[^()\[\].!?]{2,80}[)\]]?$", re.I)
MARKER = re.compile(
    r"^(?:[-–—•*·▪»>]\s*)?"
    r"(?:lesen\s+sie\s+(?:dazu\s+)?(?:auch|mehr)|mehr\s+zum\s+thema|mehr\s+dazu|auch\s+interessant"
    r"|das\s+könnte\s+sie\s+(?:auch\s+)?interessieren|weitere\s+artikel(?:\s+zum\s+thema)?)"
    r"\s*(?:(?P<colon>:)\s*(?P<rest>.*?)|[-–—»…]*)\s*$", re.I)

# Site furniture: what a news page prints around an article and copying takes along, kept in one place.
# Whole lines only (any case, an optional trailing count or colon); never a heading, paragraph or title.
FURNITURE_LABELS = (
    "teilen", "artikel teilen", "beitrag teilen", "jetzt teilen", "teilen auf", "facebook", "twitter", "x",
    "whatsapp", "telegram", "linkedin", "xing", "pinterest", "threads", "bluesky", "flipboard", "reddit",
    "e-mail", "email", "mail", "drucken", "link kopieren", "kopieren", "merken", "artikel merken",
    "anzeige", "werbung", "weiterlesen nach der anzeige", "weiter nach der anzeige", "mehr", "mehr anzeigen",
    "weiterlesen", "artikel anhören", "vorlesen", "audio", "kommentare", "kommentieren", "kommentar schreiben",
    "zur startseite", "zurück zur startseite", "nach oben", "feedback", "schließen", "newsletter",
    "zum newsletter", "jetzt abonnieren", "abonnieren", "jetzt testen", "zum angebot", "folgen",
)
FURNITURE = re.compile(
    r"^(?:" + "|".join(re.escape(label) for label in sorted(FURNITURE_LABELS, key=len, reverse=True)) +
    r")\s*(?:\(?\d+\)?|:)?$"
    r"|^(?:\d+\s+)?kommentare?(?:\s*\(\d+\))?$"
    r"|^artikel\s+anhören\s*[·•|-]?\s*\d+(?::\d+)?\s*min(?:\.|uten)?$"
    r"|^themen?\s*:\s+\S.{0,200}$"  # tag lines: "Themen: Nordkorea, Russland, Infrastruktur"
    r"|^(?:schlagworte|schlagwörter|tags)\s*:\s+\S.{0,200}$"
    r"|^(?=.*\bnewsletter)(?=.*\b(?:anmelden|abonnieren|bestellen|registrieren)\b)[^.]{0,120}$"
    r"|^(?:hier|jetzt)\s+(?:kostenlos\s+)?(?:registrieren|anmelden|einloggen)$"
    r"|^(?:dieser\s+artikel\s+ist\s+)?(?:nur\s+)?(?:für|mit)\s+(?:abonnenten|abonnentinnen|plus|\w+\+)\b.{0,80}$"
    r"|^(?:jetzt\s+)?(?:weiterlesen|lesen\s+sie\s+jetzt\s+weiter|jetzt\s+weiterlesen)\s+mit\s+\S.{0,80}$"
    r"|^(?:sie\s+haben\s+bereits\s+ein\s+abo\?|bereits\s+abonnent\?|bereits\s+registriert\?).{0,60}$",
    re.I)

_BULLET = re.compile(r"^(?P<mark>[-–•*·▪])\s+(?P<text>\S.*)$")
_ALWAYS_BULLET = "•·▪"  # a single line with these is a list; a single "-" or "–" may be a dash
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
# A chronology line: a year or a date, then a colon or a dash, then the event.
_CHRONOLOGY = re.compile(rf"^(?:(?:Anfang|Mitte|Ende|Im|Seit)\s+)?(?:\d{{1,2}}\.\s*)?(?:(?:{_MONTHS})\s+)?\d{{4}}"
                         rf"\s*(?::|\s[-–—])\s+\S|^\d{{1,2}}\.\s*(?:{_MONTHS}|\d{{1,2}}\.)\s*(?:\d{{2,4}})?"
                         rf"\s*(?::|\s[-–—])\s+\S")
_INTERVIEW = re.compile(r"^(?P<label>Frage|Antwort)\s*:\s+(?P<rest>\S.*)$")
_SPEAKER = re.compile(r"^(?P<label>[A-ZÄÖÜ][\w.'-]+(?:\s+[A-ZÄÖÜ][\w.'-]+){0,2})\s*:\s+(?P<rest>\S.*)$")
_BYLINE = re.compile(r"^Von\s+(?P<author>(?:(?:unserer|unserem)\s+\w+\s+)?[A-ZÄÖÜ][\w.'-]+"
                     r"(?:\s+(?:[A-ZÄÖÜ][\w.'-]+|von|van|de|und)|,\s*[A-ZÄÖÜ][\w.'-]+)+)$")
# "MOSKAU, 14. Juli (Reuters) -", "Seoul (dpa) –": where and when an agency report was filed.
_DATELINE = re.compile(rf"^[A-ZÄÖÜ][\w./-]+(?:\s+[A-ZÄÖÜ][\w./-]+)?\s*(?:,\s*(?:den\s+)?\d{{1,2}}\.\s*(?:{_MONTHS}|\d{{1,2}}\.)"
                       r"\s*(?:\d{4})?)?\s*\((?:dpa|afp|ap|reuters|rtr|kna|epd|dts|apa|sid|yonhap|tass)"
                       r"(?:\s*[/,]\s*\w+)*\)\s*[-–—:]?$"
                       rf"|^[A-ZÄÖÜ]{{3,}}(?:[ -][A-ZÄÖÜ]{{2,}})*\s*,\s*\d{{1,2}}\.\s*(?:{_MONTHS})(?:\s+\d{{4}})?\s*[-–—]$",
                       re.I)
_LINK_LINE = re.compile(r"^(?:<?(?:https?://|www\.)\S+>?|<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?)$", re.I)
_QUOTES = "\"'„“”‚‘’«»‹›"
_CLOSING = "\"'“”‘’«»‹›"
# A sentence boundary inside a line: end punctuation (maybe a closing quote), a space, a capital. Not after a
# day's number ("am 1. Juli") or a one-letter abbreviation ("Kim J. Un").
_SENTENCE_BREAK = re.compile(r"(?<!\b\d)(?<!\b\d\d)(?<!\b[^\W\d])[.!?…][\"'“”»«’]?\s+[\"'„“»«]?[A-ZÄÖÜ0-9]")
# "Kicker: Schlagzeile", "A – B", "A | B": how news headlines are built, and subheadings rarely are.
_HEADLINE = re.compile(r"^[^:]{2,80}:\s+\S|\s[-–—|]\s")
# Lines that are short and unpunctuated yet never subheadings: an agency line, a credit, a by-line, a link.
_NOT_HEADING = re.compile(
    r"^\(.*\)$"
    r"|^(?:mit\s+material\s+(?:von|der|des)|quellen?\s*:|material\s*:)"
    r"|^(?:dpa|afp|ap|rtr|reuters|kna|epd|sid|dts|apa|ddp|tass|yonhap|xinhua)(?:\s*(?:[/,]|und)\s*\w+)*$"
    r"|(?-i:^Von\s+[A-ZÄÖÜ][\w.-]*(?:\s+(?:[A-ZÄÖÜ][\w.-]*|und|,))*$)", re.I)
# Words a line ends with only when the sentence goes on in the next line (a hard wrap, as in e-paper text).
# Not the prepositions that are also separable particles ("Kim kündigt Test an").
_OPEN_ENDING = frozenset("der die das den dem des eine einen einem einer eines und oder sowie aber sondern "
                         "dass weil wenn ob als im am zum zur vom beim ins für von in gegen ohne zwischen".split())
_WORD = re.compile(r"\w")
_CUT = re.compile(r"\w\s?(?:…|\.\.\.)$")
HEADING_MAX = 100  # a subheading is a short line ...
PARAGRAPH_MIN = 140  # ... and a line this long is running text, never a related title
KICKER_WORDS = 3  # a kicker is one to three words
REPEAT_MIN = 280  # characters a repeated run needs, unless it starts at the title, to be a second copy
# Lines that are no part of the article: reported by the import and in --dry-run, kept in the stored raw text.
LEFT_OUT = {"furniture": "site furniture", "teaser": "teaser text", "repeat": "second copy"}
_OUTSIDE = {"title", "kicker", "credit", "byline", "lede", "marker", "related", "continued", "dateline",
            *LEFT_OUT}


@dataclass(frozen=True)
class Line:
    """How one line of the raw file was read."""

    number: int  # in the raw file
    kind: str  # title, kicker, credit, byline, lede, dateline, continued, paragraph, heading, caption,
    # interview, bullet, chronology, numbered, marker, related, furniture, teaser, repeat
    text: str  # the line (a related title or list item without its bullet or marker)


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph, heading, caption, interview, bullets, numbers
    items: tuple[str, ...]  # one text, or a list's items
    line: int  # line number in the raw file
    start: int = 1  # an ordered list's first number
    label: str = ""  # an interview paragraph's label: "Frage", "Lindner"

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
    kicker: str = ""
    author: str = ""
    repeated: tuple[tuple[int, int, int], ...] = ()  # (first, last, first of the original) of each second copy

    @property
    def left_out(self) -> tuple[Line, ...]:
        """Lines that are no part of the article (site furniture, teaser text, a second copy)."""
        return tuple(line for line in self.lines if line.kind in LEFT_OUT)


@dataclass
class _Reading:
    """One raw text while the rules read it (like markdown-it-py's state, private to one parse call):
    each line's kind (None: not decided yet), its text as it goes into the article (lines joined to it
    included), and the title keys the dossier knows."""

    path: str
    numbers: list[int]
    own: list[str]  # each line as cleaned, for the reports
    known: frozenset[str]
    texts: list[str] = field(default_factory=list)
    kinds: list[str | None] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # interview lines: index -> label
    repeated: list[tuple[int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.texts, self.kinds = list(self.own), [None] * len(self.own)

    def open(self) -> list[int]:
        """The lines no rule has decided yet, in order."""
        return [k for k, kind in enumerate(self.kinds) if kind is None]

    def first(self, kind: str) -> int | None:
        return next((k for k, found in enumerate(self.kinds) if found == kind), None)

    def join(self, into: int, k: int) -> None:
        self.kinds[k], self.texts[into] = "continued", f"{self.texts[into]} {self.texts[k]}"

    def knows(self, line: str) -> bool:
        return bool(self.known) and bool(match(_strip_bullet(line), self.known).key)


def clean(line: str) -> str:
    """A line as a reader sees it: no invisible characters, one space between words, no-break spaces kept."""
    return _SPACES.sub(" ", line.translate(INVISIBLE)).strip()


def parse(text: str, path: str, known: frozenset[str] = frozenset()) -> RawArticle:
    """Split a decoded raw text into its parts. `known` holds the title keys of the dossier's articles, aliases
    and stubs (and of the same import's texts): a line in or right after a related block that names one is
    a related title. No word is dropped except marker and label words, bullets and the lines reported as
    left out."""
    lines = [(n, clean(line)) for n, line in enumerate(text.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise fail(path, None, "empty", "file is empty")
    r = _Reading(path, [n for n, _ in lines], [line for _, line in lines], known)
    for _name, rule in RULES:
        rule(r)
    return _article(r)


# --- the rules, in order ---------------------------------------------------------------------------------------


def _repeat(r: _Reading) -> None:
    """A text pasted twice: a run of lines that repeats earlier lines, starting at the title or long enough
    not to be chance (a related block may well be printed twice), is a second copy."""
    texts, k = r.own, 1
    seen: dict[str, list[int]] = {texts[0]: [0]}  # each line's earlier places: only there can a copy start
    while k < len(texts):
        for start in seen.get(texts[k], ()):
            run = 0
            while k + run < len(texts) and start + run < k and texts[start + run] == texts[k + run]:
                run += 1
            if run >= 3 and (start == 0 or sum(map(len, texts[k:k + run])) >= REPEAT_MIN):
                for j in range(k, k + run):
                    r.kinds[j] = "repeat"
                r.repeated.append((r.numbers[k], r.numbers[k + run - 1], r.numbers[start]))
                k += run - 1
                break
        else:
            seen.setdefault(texts[k], []).append(k)
        k += 1


def _furniture(r: _Reading) -> None:
    for k in r.open():
        if FURNITURE.match(r.texts[k]):
            r.kinds[k] = "furniture"


def _head(r: _Reading) -> None:
    """Kicker (a first line of one to three words before a headline), title, and the image credit after it."""
    seq = r.open()
    if not seq:
        raise fail(r.path, r.numbers[0], "no-title", "only site furniture: the first line must be the title")
    first = r.texts[seq[0]]
    if MARKER.match(first) or _is_credit(first):
        raise fail(r.path, r.numbers[seq[0]], "no-title", f"first line must be the title, found {first!r}")
    if len(seq) >= 3 and _kicker_like(first) and _headline_like(r.texts[seq[1]], first):
        r.kinds[seq[0]] = "kicker"
        seq = seq[1:]
    r.kinds[seq[0]] = "title"
    if len(seq) > 1 and _is_credit(r.texts[seq[1]]):
        r.kinds[seq[1]] = "credit"


def _byline(r: _Reading) -> None:
    """The first "Von Anna Lindner, Seoul" alone on its line is the author."""
    for k in r.open():
        if _BYLINE.match(r.texts[k]):
            r.kinds[k] = "byline"
            return


def _caption(r: _Reading) -> None:
    for k in r.open():
        if _CAPTION.match(r.texts[k]) and len(r.texts[k]) <= 300:
            r.kinds[k] = "caption"


def _dateline(r: _Reading) -> None:
    """A dateline on its own line, among the first lines of the text, starts the paragraph after it."""
    seq = r.open()
    for i, k in enumerate(seq[:3]):
        if _DATELINE.match(r.texts[k]) and i + 1 < len(seq):
            nxt = seq[i + 1]
            r.kinds[k], r.texts[nxt] = "dateline", f"{r.texts[k]} {r.texts[nxt]}"
            return


def _hard_wraps(r: _Reading) -> None:
    """A line that ends mid-sentence (no closing punctuation, and the next line starts in lower case, or it
    ends in a comma or a word no sentence ends with) goes on in the next line: e-paper text. Only site
    furniture may stand between the two."""
    into = None  # the line the current sentence started on
    for k, kind in enumerate(r.kinds):
        if kind in LEFT_OUT:
            continue
        if kind is None and into is not None and _wraps(r.own[last], r.texts[k]):
            r.join(into, k)
        elif kind in (None, "lede"):
            into = k
        else:
            into = None
        last = k


def _wraps(line: str, nxt: str) -> bool:
    if MARKER.match(line) or MARKER.match(nxt) or _BULLET.match(nxt) or _NUMBERED.match(nxt):
        return False
    if line[-1] in ".!?:;…)]\"'“”»«’" or not nxt[0].isalpha():
        return False
    last = line.rsplit(" ", 1)[-1]
    return nxt[0].islower() or line[-1] == "," or last in _OPEN_ENDING


def _lede(r: _Reading) -> None:
    seq = r.open()
    if not seq or MARKER.match(r.texts[seq[0]]):
        raise fail(r.path, r.numbers[r.first("title")], "no-text",
                   "only a title: a raw article needs a lede and text after the title")
    r.kinds[seq[0]] = "lede"


def _interview(r: _Reading) -> None:
    """"Frage:" and "Antwort:" lines, and a speaker's name with a colon where it starts two or more lines
    of running text, are interview labels."""
    seq = r.open()
    speakers: dict[str, list[int]] = {}
    for k in seq:
        if m := _INTERVIEW.match(r.texts[k]):
            r.kinds[k], r.labels[k] = "interview", m.group("label")
        elif (m := _SPEAKER.match(r.texts[k])) and not _BULLET.match(r.texts[k]):
            speakers.setdefault(m.group("label"), []).append(k)
    talks = {label: found for label, found in speakers.items() if len(found) >= 2}
    # An interview once one speaker's lines include running text: then the questions' labels are labels too.
    if any(not _title_like(_SPEAKER.match(r.texts[k]).group("rest")) for found in talks.values() for k in found):
        for label, found in talks.items():
            for k in found:
                r.kinds[k], r.labels[k] = "interview", label


def _chronology(r: _Reading) -> None:
    """Two or more lines in a row that start with a year or a date are a chronology: a list."""
    seq = r.open()
    i = 0
    while i < len(seq):
        j = i
        while j < len(seq) and seq[j] - seq[i] == j - i and _CHRONOLOGY.match(r.texts[seq[j]]):
            j += 1
        if j - i >= 2:
            for k in seq[i:j]:
                r.kinds[k], r.texts[k] = "chronology", _strip_bullet(r.texts[k])
        i = max(j, i + 1)


def _teasers(r: _Reading) -> None:
    """A teaser box after a marker: per teaser a kicker, a headline and maybe a teaser sentence. Each teaser
    is one related title ("Kicker: Headline"); its sentence is left out of the article and reported."""
    seq = r.open()
    t = [r.texts[k] for k in seq]
    i = 0
    while i < len(seq):
        m = MARKER.match(t[i])
        if not m or m.group("rest"):
            i += 1
            continue
        j, sentences = i + 1, 0
        while j + 1 < len(seq) and _teaser_kicker(t[j], r) and _headline_like(t[j + 1], t[j]):
            r.kinds[seq[i]] = "marker"
            r.kinds[seq[j]], r.kinds[seq[j + 1]] = "kicker", "related"
            r.texts[seq[j + 1]] = f"{t[j]}: {_strip_bullet(t[j + 1])}"
            j += 2
            if j < len(seq) and _teaser_sentence(t, j, sentences):
                r.kinds[seq[j]] = "teaser"
                sentences += 1
                j += 1
        i = j if j > i + 1 else i + 1


def _teaser_kicker(line: str, r: _Reading) -> bool:
    """A teaser's kicker is a topic: one or two words, or "Russland und Nordkorea"; a short line that names
    an article the dossier knows is a title ("Kim in Moskau")."""
    return (_kicker_like(line, 2) or (_kicker_like(line) and line.split()[1] in ("und", "&"))) \
        and not r.knows(line)


def _teaser_sentence(t: list[str], j: int, before: int) -> bool:
    """A short sentence after a teaser's headline is its teaser text when the box goes on after it (another
    teaser, a marker) or when the teasers before it had one; else it may be the text resuming."""
    line = t[j]
    if len(line) > 300 or line[-1] not in ".!?…\"“”»" or MARKER.match(line) or _BULLET.match(line):
        return False
    after = j + 1
    goes_on = after < len(t) and (bool(MARKER.match(t[after])) or (
        after + 1 < len(t) and _kicker_like(t[after], 2) and _headline_like(t[after + 1], t[after])))
    return goes_on or before > 0


def _related(r: _Reading) -> None:
    """Related-title blocks (they decide which lines are titles) before the remaining text."""
    seq = r.open()
    texts = [r.texts[k] for k in seq]
    kinds: list[str | None] = [None] * len(seq)
    i = 0
    while i < len(seq):
        m = MARKER.match(texts[i])
        if not m or (m.group("colon") and m.group("rest") and not _title_like(m.group("rest"))):
            i += 1
            continue
        inline = bool(m.group("colon") and m.group("rest"))
        block: list[int] = []
        j = i + 1
        while j < len(seq) and _in_block(texts, j, first=not block and not inline,
                                         knows=r.knows):
            block.append(j)
            j += 1
        if j < len(seq) and not MARKER.match(texts[j]):
            block = _trim_block(block, texts, keep=0 if inline else 1, knows=r.knows,
                                above=[texts[i][m.end("colon"):].strip()] if inline else [])
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
    for k, kind, text in zip(seq, kinds, texts):
        if kind:
            r.kinds[k], r.texts[k] = kind, text


def _lists(r: _Reading) -> None:
    """Runs of bulleted lines become bullet lists, runs of lines numbered in sequence ordered lists."""
    seq = r.open()
    texts = [r.texts[k] for k in seq]
    k = 0
    while k < len(seq):
        run = k
        while run < len(seq) and _BULLET.match(texts[run]) and _next_to(r, seq, k, run):
            run += 1
        if run - k >= 2 or (run - k == 1 and texts[k][0] in _ALWAYS_BULLET):
            for b in range(k, run):
                r.kinds[seq[b]], r.texts[seq[b]] = "bullet", _strip_bullet(texts[b])
            k = run
            continue
        run = k
        while run < len(seq) and (m := _NUMBERED.match(texts[run])) and _next_to(r, seq, k, run) and \
                (run == k or int(m.group("n")) == int(_NUMBERED.match(texts[run - 1]).group("n")) + 1):
            run += 1
        if run - k >= 2:
            for b in range(k, run):
                r.kinds[seq[b]] = "numbered"
            k = run
            continue
        k += 1


def _next_to(r: _Reading, seq: list[int], k: int, run: int) -> bool:
    """Whether the open line `run` continues a list from `k`: nothing but left-out lines between them."""
    return run == k or all(r.kinds[b] in LEFT_OUT for b in range(seq[run - 1] + 1, seq[run]))


def _headings(r: _Reading) -> None:
    """Every other line from the end: a subheading is recognised by the running text after it."""
    following = None  # the kind of the next line that is part of the text
    for k in range(len(r.kinds) - 1, -1, -1):
        kind = r.kinds[k]
        if kind is None:
            kind = r.kinds[k] = "heading" if following in ("paragraph", "bullet", "numbered", "chronology",
                                                           "interview") \
                and _heading_like(r.texts[k]) else "paragraph"
        if kind in LEFT_OUT or kind in ("continued", "dateline", "caption"):
            continue  # not running text: the line after it decides
        following = kind if kind not in ("marker", "related", "kicker") else "marker"


RULES: tuple[tuple[str, Callable[[_Reading], None]], ...] = (
    ("repeat", _repeat),
    ("furniture", _furniture),
    ("head", _head),
    ("byline", _byline),
    ("caption", _caption),
    ("dateline", _dateline),
    ("lede", _lede),
    ("teasers", _teasers),
    ("interview", _interview),
    ("chronology", _chronology),
    ("related", _related),
    ("hard_wraps", _hard_wraps),
    ("lists", _lists),
    ("headings", _headings),
)


# --- from the lines read to the article ------------------------------------------------------------------------


def _article(r: _Reading) -> RawArticle:
    read = []
    for k, kind in enumerate(r.kinds):
        n, own = r.numbers[k], r.own[k]
        if kind == "marker" and r.texts[k] != own:  # "Lesen Sie auch: Titel": a marker and a title
            read += [Line(n, "marker", own[: len(own) - len(r.texts[k])].rstrip()), Line(n, "related", r.texts[k])]
        else:
            shown = r.texts[k] if kind in ("related", "bullet", "chronology") else own
            shown = _is_credit(own).group("credit") if kind == "credit" else shown
            read.append(Line(n, kind or "paragraph", shown))
    title, lede = r.first("title"), r.first("lede")
    credit, kicker, byline = r.first("credit"), r.first("kicker"), r.first("byline")
    return RawArticle(
        title=r.texts[title],
        image_credit=_is_credit(r.texts[credit]).group("credit") if credit is not None else "",
        lede=r.texts[lede],
        blocks=_blocks(r),
        related=tuple(line.text for line in read if line.kind == "related"),
        lines=tuple(read),
        kicker=r.texts[kicker] if kicker is not None and kicker < title else "",
        author=_BYLINE.match(r.texts[byline]).group("author") if byline is not None else "",
        repeated=tuple(r.repeated),
    )


def _blocks(r: _Reading) -> tuple[Block, ...]:
    """Paragraphs, headings, captions and interview lines one by one; consecutive list items of one kind as
    one list (a chronology is a bullet list)."""
    blocks: list[Block] = []
    prior = ""  # the kind of the line before: a list continues only after an item of its own kind
    for k, kind in enumerate(r.kinds):
        if kind in LEFT_OUT or kind in ("continued", "dateline"):
            continue
        prior_kind, prior = prior, kind
        text, n = r.texts[k], r.numbers[k]
        if kind in _OUTSIDE:
            continue
        if kind == "numbered":
            m = _NUMBERED.match(text)
            number, item = int(m.group("n")), m.group("text")
            last = blocks[-1] if blocks else None
            if last and last.kind == "numbers" and prior_kind == "numbered" and number == last.start + len(last.items):
                blocks[-1] = Block("numbers", last.items + (item,), last.line, last.start)
            else:
                blocks.append(Block("numbers", (item,), n, number))
        elif kind in ("bullet", "chronology"):
            if blocks and blocks[-1].kind == "bullets" and prior_kind == kind:
                blocks[-1] = Block("bullets", blocks[-1].items + (text,), blocks[-1].line)
            else:
                blocks.append(Block("bullets", (text,), n))
        elif kind == "interview":
            label = r.labels[k]
            blocks.append(Block("interview", (text[len(label):].lstrip()[1:].lstrip(),), n, label=label))
        else:
            blocks.append(Block(kind, (text,), n))
    return tuple(blocks)


# --- what lines look like --------------------------------------------------------------------------------------


def _is_credit(line: str) -> re.Match | None:
    m = CREDIT.match(line)
    if not m or {"(": ")", "[": "]", "": ""}[m.group("open")] != m.group("close"):
        return None
    return m if len(line) <= 200 and not _SENTENCE_BREAK.search(m.group("credit")) else None


def _kicker_like(line: str, words: int = KICKER_WORDS) -> bool:
    """One to three words, no sentence punctuation: "Ukraine-Krieg", "Nordkorea und Russland"."""
    return (0 < len(line.split()) <= words and len(line) <= 40 and bool(_WORD.search(line))
            and not any(c in line for c in ".!?:;,…\"„“”«»()[]") and not _BULLET.match(line)
            and not MARKER.match(line) and not FURNITURE.match(line) and not line[0].isdigit())


def _headline_like(line: str, kicker: str) -> bool:
    """A headline under a kicker: longer than it, one sentence, no full stop at the end."""
    if MARKER.match(line) or FURNITURE.match(line):
        return False
    line = _strip_bullet(line)
    return (len(line.split()) > len(kicker.split()) and len(line.split()) >= 3 and _title_like(line)
            and line.rstrip(_QUOTES)[-1:] not in ".:" and not line[0].islower() and not _is_credit(line)
            and not _BYLINE.match(line) and not _CAPTION.match(line))


def _in_block(texts: list[str], j: int, first: bool, knows: Callable[[str], bool]) -> bool:
    """Whether line j continues a block of related titles. A line that ends like a sentence, a figure or a
    quotation is the text resuming, unless it is the first after the marker, sits between titles, or names
    an article or stub the dossier knows."""
    line = texts[j]
    if MARKER.match(line) or not _title_like(line):
        return False
    if first or _titled(line) or _heading_like(line) or knows(line):
        return True
    after = texts[j + 1] if j + 1 < len(texts) else ""
    return bool(after) and not MARKER.match(after) and _title_like(after) and _titled(after)


def _titled(line: str) -> bool:
    """Bulleted, built like a headline or cut short as sites cut long titles ("… und verbietet Exporte
    von …"): a related title wherever it stands in a block."""
    return bool(_BULLET.match(line) or _HEADLINE.search(line) or (len(line) >= 30 and _CUT.search(line)))


def _trim_block(block: list[int], texts: list[str], keep: int, knows: Callable[[str], bool],
                above: list[str]) -> list[int]:
    """Running text follows the block: its last lines may be the text resuming (a subheading or a short
    paragraph) rather than titles. A bulleted line, one built like a headline, one the dossier knows, and
    one of the length and form of the titles above it stay titles."""
    while len(block) > keep:
        last = texts[block[-1]]
        titles = above + [_strip_bullet(texts[k]) for k in block[:-1]]
        if _titled(last) or knows(last) or _same_form(last, titles):
            break
        block.pop()
        if _heading_like(last):
            break  # a subheading: the line before it is followed by a heading, not by running text
    return block


def _same_form(line: str, titles: list[str]) -> bool:
    """Built like the plain titles above it (those not built like a headline, as it is not): about as long
    (at least four fifths of the shortest), five words or more, and none ending in a full stop."""
    titles = [t for t in titles if not _titled(t)]
    if not titles or not _title_like(line) or len(line.split()) < 5 or line[0].islower():
        return False
    lengths = [len(t) for t in titles]
    return (0.8 * min(lengths) <= len(line) <= 1.25 * max(lengths)
            and line.rstrip(_QUOTES)[-1] not in ".!" and all(t.rstrip(_QUOTES)[-1:] not in ".!" for t in titles))


def _strip_bullet(line: str) -> str:
    m = _BULLET.match(line)
    return m.group("text") if m else line


def _title_like(line: str) -> bool:
    """Could be a related title: bulleted, or short, one sentence and not introducing something; a line
    without a letter or digit (a stray "•" or "---" from a web page) or only a link never is."""
    if _BULLET.match(line):
        return True
    return (bool(_WORD.search(line)) and len(line) < PARAGRAPH_MIN and not _SENTENCE_BREAK.search(line)
            and line[-1] not in ":;," and not _LINK_LINE.match(line))


def _heading_like(line: str) -> bool:
    """Short, one sentence, no closing punctuation (a question mark is allowed), not a quotation, figure,
    parenthesis, agency line, by-line, link, marker or bullet, and with a word in it."""
    last, core = line[-1], line.rstrip(_QUOTES + " ")
    return (len(line) <= HEADING_MAX and bool(_WORD.search(line)) and last not in _CLOSING
            and last not in ".!:;,…)" and not last.isdigit() and core[-1:] not in ".!"
            and not _SENTENCE_BREAK.search(line)
            and not any(rx.match(line) for rx in (_NOT_HEADING, MARKER, _BULLET, _LINK_LINE)))
