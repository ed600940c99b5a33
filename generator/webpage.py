"""A saved news web page (HTML) read as an article: trafilatura finds the main text and keeps its structure;
the page's own markup and metadata give what trafilatura leaves out (headline without the outlet, kicker,
lede, by-line, date, outlet, canonical URL, lead image caption and credit, related links). The result is a
`RawArticle`, as for a raw text, so the importer treats both alike from there on."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from generator.diagnostics import fail
from generator.rawtext import CREDIT, FURNITURE, MARKER, Block, Line, RawArticle, clean

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_KICKER = re.compile(r"kicker|dachzeile|topline|overline|roofline|spitzmarke|eyebrow|ressort-?label", re.I)
_LEDE = re.compile(r"\b(?:lede|lead|teaser(?:-?text)?|intro|standfirst|summary|vorspann|article-?(?:intro|lead))\b", re.I)
# Boxes no article text is in: paywall and subscription offers, ads, sharing, newsletters, comments.
_NOISE = re.compile(r"\b(?:paywall|piano|abo-?(?:box|teaser|hint)|ad|ads|advert\w*|anzeige|werbung|social|share|sharing|"
                    r"newsletter|comments?|kommentare|cookie\w*|consent)\b|paywall", re.I)
_BYLINE_CLASS = re.compile(r"byline|author|autor", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|quelle|source|photographer", re.I)
_TICKER = re.compile(r"\b(?:live-?blog|live-?ticker|ticker)\b", re.I)
_TEXT_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:\s*[,|·-]?\s*(?:um\s+)?(\d{1,2}):(\d{2})\s*(?:Uhr)?)?")
_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember")
_TEXT_DATE_LONG = re.compile(rf"\b(\d{{1,2}})\.\s*({'|'.join(_MONTHS)})\s+(\d{{4}})")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
_BYLINE_LABEL = re.compile(r"^(?:von|text|autor(?:in)?|by)\s*:?\s+", re.I)
_AGENCY = re.compile(r"\((dpa|afp|ap|reuters|kna|epd|dts|apa|sid)(?:\s*/\s*\w+)*\)", re.I)
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "form", "button")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dd", "dt", "td", "th")
TEASERS_MAX = 4  # more teaser boxes than this, and more of them than paragraphs: a section front
MIN_WORDS = 40  # the main text of an article has at least this many words ...
MIN_SHARE = 0.1  # ... and at least this share of the page's visible words
MIN_RUN = 4  # a visible block shorter than this counts as taken only when a taken text is just that


@dataclass(frozen=True)
class Related:
    title: str
    url: str  # absolute where the page gave a base, else as written


@dataclass(frozen=True)
class WebPage:
    """What a web page gave beyond the text: where it is from."""

    raw: RawArticle
    url: str = ""  # the canonical URL
    outlet: str = ""
    author: str = ""
    published: str = ""  # ISO: "2025-07-13" or "2025-07-13T14:32:00+02:00"
    related: tuple[Related, ...] = ()
    dropped: tuple[str, ...] = ()  # the page's text blocks the extraction left out, for --dry-run


def is_html(data: bytes) -> bool:
    """Told by content, never by the file's name: a page starts with a doctype or an html/head/body tag."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, "ignore").encode("ascii", "ignore")
    return bool(_HTML_START.match(head))


def decode_html(data: bytes, charset: str = "") -> str:
    """The page's text: the charset the server named, else the page's <meta charset>, else UTF-8 (or
    Windows-1252, a superset of ISO-8859-1, where the bytes are not UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    for name in (charset, *(m.decode("ascii", "ignore") for m in _META_CHARSET.findall(data[:4096]))):
        name = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252"}.get(name.lower(), name)
        try:
            return data.decode(name) if name else _utf8_or_windows(data)
        except (LookupError, UnicodeDecodeError):
            continue
    return _utf8_or_windows(data)


def _utf8_or_windows(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def read(data: bytes, path: str, base_url: str = "", charset: str = "") -> WebPage:
    """A web page as an article, or a one-line DossierError saying why it is none."""
    html = decode_html(data, charset)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise fail(path, None, "not-article", "no HTML page could be read from it") from None
    ld = _json_ld(tree)
    if _is_ticker(tree, ld):
        raise fail(path, None, "not-article", "a live ticker, not an article: copy the entries you want into a "
                                              "text file and import that")
    base_href = next(iter(tree.xpath("//base/@href")), "")
    base = _canonical(tree, ld, urljoin(base_url, base_href) if base_url else base_href) or base_url
    teasers = _teaser_count(tree)
    visible = _words(" ".join(_visible_blocks(tree)))
    related = _related(tree, urljoin(base_url or base, base_href) if base_href else base)
    cleaned = _without_noise(tree)
    xml = trafilatura.extract(cleaned, output_format="xml", include_formatting=True, include_links=True,
                              include_comments=False, include_tables=False, with_metadata=True,
                              url=base or None)
    doc = etree.fromstring(xml.encode("utf-8")) if xml else None
    main = doc.find("main") if doc is not None else None

    head = _head(tree)
    kicker, title = _kicker_and_title(tree, head, ld, doc)
    if not title:
        raise fail(path, None, "no-title", "no headline found (no <h1>, og:title or JSON-LD headline); save the "
                                           "article's own page, not a section front")
    lede = _lede(tree, head, ld, title)
    caption, credit = _lead_image(tree, head)
    lines: list[Line] = []

    def line(kind: str, text: str) -> None:
        lines.append(Line(len(lines) + 1, kind, text))

    if kicker:
        line("kicker", kicker)
    line("title", title)
    if credit:
        line("credit", credit)
    if lede:
        line("lede", lede)
    taken = {_norm(t) for t in (kicker, title, lede, caption, credit) if t}
    taken |= {_norm(r.title) for r in related}
    blocks: list[Block] = [Block("caption", (caption,), 0)] if caption else []
    if caption:
        line("caption", caption)
    byline = _byline_text(tree, head)
    for block in _body(main):
        if _norm(block.text) in taken or (byline and _norm(block.text) == _norm(byline)) or \
                MARKER.match(block.text) or FURNITURE.match(block.text):
            continue
        if not blocks and lede and _norm(lede).startswith(_norm(block.text)):
            continue
        blocks.append(block)
        for item in block.items:
            line({"bullets": "bullet", "numbers": "numbered"}.get(block.kind, block.kind), item)
    for r in related:
        line("related", f"{r.title} <{r.url}>")

    body_words = [w for b in blocks for w in _words(b.text)]
    if teasers > TEASERS_MAX and 2 * teasers >= len([b for b in blocks if b.kind == "paragraph"]):
        raise fail(path, None, "not-article", f"a section front with {teasers} teasers, not an article; save the "
                                              "article's own page")
    if len(body_words) < MIN_WORDS or len(body_words) < MIN_SHARE * len(visible):
        raise fail(path, None, "not-article", f"the text found has {len(body_words)} words of the page's "
                                              f"{len(visible)}: far too short to be the article; import it "
                                              "as a raw text instead")
    _check_order(path, [kicker, title, lede, *[b.text for b in blocks]], visible)
    author = _author(tree, head, ld, doc, byline)
    published = _published(tree, head, ld)
    outlet = _outlet(tree, ld, doc, base)
    for kind, value in (("url", base), ("date", published), ("author", author), ("outlet", outlet)):
        if value:
            lines.insert(len([x for x in lines if x.kind in ("kicker", "title", "credit", "lede")]),
                         Line(0, kind, value))
    lines = [Line(n, x.kind, x.text) for n, x in enumerate(lines, start=1)]
    raw = RawArticle(title=title, image_credit=credit, lede=lede, blocks=tuple(blocks),
                     related=tuple(r.title for r in related), lines=tuple(lines), kicker=kicker, author=author)
    taken_too = [f"{kicker} {title}", byline if author and _words(author)[0] in byline else "",  # names from it
                 *([_text(f) for f in head.xpath(".//figcaption")[:1]] if caption else [])]
    dropped = _dropped(tree, lines, related, taken_too)
    return WebPage(raw, url=base if base.startswith(("http://", "https://")) else "", outlet=outlet,
                   author=author, published=published, related=related, dropped=dropped)


def _dropped(tree, lines: list[Line], related: tuple[Related, ...], taken: list[str]) -> tuple[str, ...]:
    """The page's visible blocks of text that are on the article page neither whole nor as a run of at
    least MIN_RUN words of a text taken, for --dry-run: a short "Start" counts as dropped even when an
    article sentence has the word."""
    kept = {_norm(x.text) for x in lines if x.kind not in ("url", "date", "outlet", "related")}
    kept |= {_norm(t) for t in taken if t}
    kept |= {_norm(r.title) for r in related}
    padded = [f" {k} " for k in kept]

    def on_page(text: str) -> bool:
        return text in kept or (len(text.split()) >= MIN_RUN and any(f" {text} " in k for k in padded))

    return tuple(t for t in dict.fromkeys(_visible_blocks(tree)) if _norm(t) and not on_page(_norm(t)))


# --- the page's parts --------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _words(text: str) -> list[str]:
    return text.split()


_WORD = re.compile(r"\w+")


def _text(el) -> str:
    return clean("".join(el.itertext()))


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object of the page, @graph entries included."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                stack += item.get("@graph", []) if isinstance(item.get("@graph"), list) else []
            elif isinstance(item, list):
                stack += item
    return found


def _ld_types(item: dict) -> set[str]:
    kind = item.get("@type", [])
    return set(kind if isinstance(kind, list) else [kind])


def _ld_article(ld: list[dict]) -> dict:
    return next((i for i in ld if _ld_types(i) & {"NewsArticle", "Article", "ReportageNewsArticle",
                                                  "AnalysisNewsArticle", "BlogPosting", "LiveBlogPosting"}), {})


def _meta(tree, *names: str) -> str:
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if value.strip():
                return clean(value)
    return ""


def _is_ticker(tree, ld: list[dict]) -> bool:
    if any("LiveBlogPosting" in _ld_types(i) for i in ld):
        return True
    return any(_TICKER.search(el.get("class", "") + " " + el.get("id", "")) for el in tree.xpath("//main//*|//article"))


def _canonical(tree, ld: list[dict], base: str) -> str:
    for value in (*tree.xpath("//link[@rel='canonical']/@href"), _meta(tree, "og:url"),
                  str(_ld_article(ld).get("url") or "")):
        if value and value.strip():
            url = urljoin(base, value.strip()) if base else value.strip()
            if url.startswith(("http://", "https://")):
                return url
    return ""


def _head(tree):
    """The article's header: the element around its <h1>, up to the <article> (or the whole page)."""
    h1 = tree.xpath("//article//h1|//main//h1") or tree.xpath("//h1")
    if not h1:
        return tree.body if tree.body is not None else tree
    article = h1[0].xpath("ancestor::article[1]|ancestor::main[1]")
    return article[0] if article else h1[0].getparent()


def _visible_blocks(tree) -> list[str]:
    """The page's visible text, block by block, in document order."""
    body = tree.body if tree.body is not None else tree
    out = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in _INVISIBLE_TAGS or el.xpath(
                "ancestor::*[self::script or self::style or self::noscript or self::template or self::svg]"):
            continue
        if el.tag in _BLOCK_TAGS and not el.xpath(".//p|.//li|.//h2|.//h3"):
            out.append(_text(el))
        elif el.tag in ("div", "section", "span", "a", "time", "aside", "header", "footer", "nav") and \
                (el.text or "").strip() and not el.xpath(f"ancestor::*[{' or '.join('self::' + t for t in _BLOCK_TAGS)}]"):
            out.append(clean(el.text))  # loose text in div soup
    return [t for t in out if t]


def _kicker_and_title(tree, head, ld: list[dict], doc) -> tuple[str, str]:
    kicker, title = "", ""
    h1s = head.xpath(".//h1") if head is not None else []
    if h1s:
        h1 = h1s[0]
        marked = [el for el in h1.iter() if el is not h1 and _KICKER.search(el.get("class", ""))]
        if marked:
            kicker = _text(marked[0])
            rest = [t for el in h1.iter() if el is not h1 and el not in marked and not el.xpath(
                "ancestor-or-self::*[contains(@class,'kicker') or contains(@class,'dachzeile') or contains(@class,'topline')]")
                    for t in [el.text or ""]]
            title = clean(" ".join(rest + [e.tail or "" for e in marked]))
        else:
            title = _text(h1)
    if not kicker:
        for el in head.iter() if head is not None else ():
            if isinstance(el.tag, str) and _KICKER.search(el.get("class", "")) and not el.xpath("ancestor::h1"):
                kicker = _text(el)
                break
    if not title:
        headline = _ld_article(ld).get("headline")
        title = clean(str(headline)) if headline else _meta(tree, "og:title")
    if not title and tree.find(".//title") is not None:
        title = re.split(r"\s+[|–—-]\s+", clean(tree.find(".//title").text_content()))[0]
    return kicker, title


def _lede(tree, head, ld: list[dict], title: str) -> str:
    for el in head.iter() if head is not None else ():
        if isinstance(el.tag, str) and el.tag in ("p", "div") and _LEDE.search(el.get("class", "")) \
                and not el.xpath(".//p") and _text(el) and _text(el) != title:
            return _text(el)
    return ""


def _byline_text(tree, head) -> str:
    for el in head.iter() if head is not None else ():
        if isinstance(el.tag, str) and _BYLINE_CLASS.search(el.get("class", "")) and not el.xpath(
                "ancestor::*[contains(@class,'byline') or contains(@class,'author') or contains(@class,'autor')]"):
            return _text(el)
    return ""


def _author(tree, head, ld: list[dict], doc, byline: str) -> str:
    """The people (or the agency) that wrote it, as one by-line: "Anna Lindner und Jan Berg", "dpa"."""
    names = []
    raw = _ld_article(ld).get("author")
    for item in raw if isinstance(raw, list) else [raw] if raw else []:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(clean(name))
    if not names and byline:
        text = _BYLINE_LABEL.sub("", byline)
        text = re.split(r"\s*[·|•]\s*|\s*,?\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{4}", text)[0].strip(" ,")
        if text and len(text.split()) <= 8:
            names = [n.strip() for n in re.split(r"\s*,\s*|\s+und\s+|\s*&\s*", text) if n.strip()]
    if not names and (value := _meta(tree, "author")):
        names = [value]
    if not names and (m := _AGENCY.search(" ".join(_visible_blocks(head)[:12]))):
        names = [m.group(1)]
    return " und ".join(dict.fromkeys(names))


def _published(tree, head, ld: list[dict]) -> str:
    for value in (_ld_article(ld).get("datePublished"), _meta(tree, "article:published_time", "date",
                                                             "pubdate", "publishdate", "dc.date"),
                  *(head.xpath(".//time/@datetime") if head is not None else [])):
        if isinstance(value, str) and (m := _ISO.match(value.strip())):
            return m.group(0).replace(" ", "T")
    text = " ".join(_visible_blocks(head)[:30]) if head is not None else ""
    if m := _TEXT_DATE.search(text):
        day, month, year, hour, minute = m.groups()
        date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return date + (f"T{int(hour):02d}:{minute}" if hour else "")
    if m := _TEXT_DATE_LONG.search(text):
        return f"{int(m.group(3)):04d}-{_MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"
    return ""


def _outlet(tree, ld: list[dict], doc, base: str) -> str:
    publisher = _ld_article(ld).get("publisher")
    title = tree.find(".//title")
    parts = re.split(r"\s+[|–—-]\s+", clean(title.text_content())) if title is not None else []
    suffix = parts[-1] if len(parts) > 1 and len(parts[-1].split()) <= 4 else ""  # "Schlagzeile - Ostsee-Kurier"
    for value in (_meta(tree, "og:site_name"), publisher.get("name") if isinstance(publisher, dict) else None,
                  suffix, doc.get("sitename") if doc is not None else None):
        if isinstance(value, str) and value.strip():
            return clean(value)
    return urlsplit(base).hostname or ""


def _lead_image(tree, head) -> tuple[str, str]:
    """The lead image's caption and credit: the first <figure> of the article."""
    figures = head.xpath(".//figure") if head is not None else []
    if not figures:
        return "", ""
    figure = figures[0]
    credit_el = next((el for el in figure.iter() if isinstance(el.tag, str) and _CREDIT_CLASS.search(el.get("class", ""))), None)
    credit = _text(credit_el) if credit_el is not None else ""
    caption_el = figure.find(".//figcaption")
    caption = _text(caption_el) if caption_el is not None else ""
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].strip()
    elif not credit and (m := re.search(r"\s*[(\[]?\s*((?:Foto|Bild|Fotos|Bildquelle)\s*:\s*[^()\[\]]+|©\s*[^()\[\]]+)[)\]]?$",
                                        caption)):
        credit, caption = m.group(1), caption[: m.start()].strip()
    if m := CREDIT.match(credit):
        credit = m.group("credit")
    credit = re.sub(r"^©\s*", "", credit).strip()
    return caption, credit


def _related(tree, base: str) -> tuple[Related, ...]:
    """Links under a "Lesen Sie auch" / "Mehr zum Thema" label, in a box or inline in the text."""
    found: dict[str, Related] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _INVISIBLE_TAGS:
            continue
        own = clean(el.text or "")
        m = MARKER.match(own) if own else None
        if not m:
            continue
        if m.group("colon") and m.group("rest") is not None and el.xpath(".//a"):
            scope = el  # inline: "Lesen Sie auch: <a>Titel</a>"
        else:
            scope = el.getparent()  # the label heads a box
            if el.xpath(".//a[@href]") and not el.tag.startswith("h"):
                scope = el
        for a in scope.xpath(".//a[@href]"):
            title = _text(a)
            href = a.get("href", "").strip()
            if title and href and not href.startswith(("#", "javascript:", "mailto:")):
                url = urljoin(base, href) if base else href
                found.setdefault(_norm(title), Related(title, url))
    return tuple(found.values())


def _teaser_count(tree) -> int:
    """Teaser boxes: <article> elements side by side, or headings that are links outside an aside, nav or
    footer."""
    articles = tree.xpath("//article[not(ancestor::article)]")
    linked = tree.xpath("//*[self::h2 or self::h3 or self::h4][a][not(ancestor::aside or ancestor::nav or "
                        "ancestor::footer)]")
    return max(len(articles) if len(articles) > 1 else 0, len(linked))


def _without_noise(tree) -> str:
    """The page without the boxes no article text is in, nor its related-links boxes, for trafilatura."""
    copy = lxml.html.document_fromstring(lxml.html.tostring(tree, encoding="unicode"))
    for el in list(copy.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("html", "body", "main", "article"):
            continue
        if _NOISE.search(f"{el.get('class', '')} {el.get('id', '')}") or _is_related_box(el):
            el.drop_tree()
    return lxml.html.tostring(copy, encoding="unicode")


def _is_related_box(el) -> bool:
    """An element whose first text is a "Lesen Sie auch" label and that holds links."""
    first = next((clean(t) for t in el.itertext() if clean(t)), "")
    return el.tag in ("aside", "div", "section", "ul", "nav") and bool(MARKER.match(first)) and \
        not MARKER.match(first).group("rest") and bool(el.xpath(".//a[@href]")) and \
        len(_text(el)) < 600


def _body(main) -> list[Block]:
    """trafilatura's main text as blocks: paragraphs, subheadings, lists, quotations."""
    if main is None:
        return []
    blocks: list[Block] = []
    for el in main:
        text = _text(el)
        if not text:
            continue
        if el.tag == "head":
            blocks.append(Block("heading", (text,), 0))
        elif el.tag == "list":
            items = tuple(t for t in (_text(i) for i in el.findall("item")) if t)
            if items:
                blocks.append(Block("numbers" if el.get("rend") == "ol" else "bullets", items, 0))
        elif el.tag == "quote":
            blocks.append(Block("quote", tuple(t for t in (_text(p) for p in el) if t) or (text,), 0))
        else:
            blocks.append(Block("paragraph", (text,), 0))
    return blocks


def _check_order(path: str, parts: list[str], visible: list[str]) -> None:
    """Every word taken is on the page, in order: trafilatura may leave words out, never add or move one."""
    at, visible = 0, _WORD.findall(" ".join(visible))
    for word in (w for p in parts for w in _WORD.findall(p or "")):
        try:
            at = visible.index(word, at) + 1
        except ValueError:
            raise fail(path, None, "extraction", f"the extracted text has {word!r} where the page does not; "
                                                 "import the article as a raw text instead") from None
