"""Hostile text in every field an editor can fill comes out as text, never as markup or a script URL:
HTML text and attributes, the Atom feed, the sitemap, the `vorschau` JSON, the SVG network, Pagefind's
metadata and filters, and links in Markdown.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SITE_URL, article, write_project
from generator.build import build
from generator.frontmatter import dump
from generator.slugs import slugify
from generator.typography import german_quotes


ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"

EVIL = '<script>alert("x")</script> & </title> ]]> \'q\' javascript:alert(1) " onmouseover="alert(2)'
EVIL_TITLE = "Kim & Putin: " + EVIL
EVIL_STUB = "Stub " + EVIL
EVIL_TOPIC = "Thema " + EVIL
EVIL_ENTITY = "Kim <b>Co</b> & Söhne"  # whole words, so the body can mention it
EVIL_ALIAS = "Javascript:alert(3) <i>"
URL_ATTRIBUTES = {"href", "src", "action", "xlink:href", "formaction", "poster", "data"}


class _Page(HTMLParser):
    """Every element with its attributes and the text inside <title>, <h1> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []
        self._svg = 0  # <title> inside inline SVG is a tooltip, not the page title

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._svg += tag == "svg"
        if tag in ("title", "h1", "script") and not (tag == "title" and self._svg):
            self._open.append(tag)
            self.texts.setdefault(tag, []).append("")

    def handle_endtag(self, tag):
        self._svg -= tag == "svg"
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.texts[self._open[-1]][-1] += data


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    """Hostile text in every field an editor can fill, built with search (Pagefind reads the attributes)."""
    root = tmp_path_factory.mktemp("evil") / "project"
    quoted = EVIL.replace("'", "''")
    write_project(root, {
        "content/dossier.yaml": f"title: 'Dossier {quoted}'\ndescription: 'Beschreibung {quoted}'\n"
                                f"base_url: {SITE_URL}\nintro: '<script>alert(9)</script> [x](javascript:alert(1))'\n",
        "content/articles/a.md": article(
            EVIL_TITLE, date="2025-07-13", lede="Lede " + EVIL, image_credit="Credit " + EVIL, topics=[EVIL_TOPIC],
            related=[EVIL_STUB, "Zweiter " + EVIL], aliases=["Alias " + EVIL],
            events=[{"date": "2024-06", "text": "Ereignis " + EVIL}],
            source={"file": "quelle <script>.txt", "sha256": "<script>"},
            body="Kim <b>Co</b> & Söhne trifft Javascript:alert(3) <i> in Wonsan.\n\n"
                 "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                 "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) "
                 "[d](vbscript:msgbox(1)) [e](data:text/html;base64,PHNjcmlwdD4=) [f](  javascript:alert(1))\n\n"
                 "[ref][r]\n\n[r]: javascript:alert(1)\n\n<javascript:alert(1)>\n\n## Titel " + EVIL + "\n"),
        "content/articles/zweiter.md": article("Zweiter " + EVIL, date="2025-07-12", related=[EVIL_TITLE],
                                               body="Ein zweiter Text."),
        "content/entities/kim.md": dump({"name": EVIL_ENTITY, "kind": "person", "aliases": [EVIL_ALIAS]},
                                        "Beschreibung " + EVIL),
        "content/pages/ueber.md": dump({"title": "Über " + EVIL}, "<script>alert(1)</script>"),
    })
    build(root)
    return root / "site"


def test_no_markup_or_script_url_is_injected_into_any_page(evil_site):
    pages = sorted(evil_site.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        if "pagefind" in path.parts:
            continue
        page = parse_page(path)
        for tag, attrs in page.elements:
            assert tag not in ("img", "iframe", "object", "embed", "b", "i"), (path, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)  # no attribute broke out of its quotes
                if name in URL_ATTRIBUTES and value:
                    scheme = re.sub(r"[\s\x00-\x1f]", "", unescape(value)).lower()
                    assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (path, tag, value)
        assert len(page.texts.get("title", [])) == 1, path  # </title> in a title did not close it
        for script in page.texts.get("script", []):
            assert "alert" not in script or is_json(script), (path, script)  # only JSON data (cards, JSON-LD)


def test_titles_and_names_round_trip_as_text_in_html(evil_site):
    a = parse_page(evil_site / "artikel/a/index.html")
    assert a.texts["h1"] == [german_quotes(EVIL_TITLE)]
    assert a.texts["title"][0].startswith(german_quotes(EVIL_TITLE) + " · Dossier ")
    meta = {attrs.get("property") or attrs.get("name"): attrs.get("content") for tag, attrs in a.elements
            if tag == "meta"}
    assert meta["og:title"] == german_quotes(EVIL_TITLE)
    assert meta["description"] == german_quotes("Lede " + EVIL)
    entity_links = [attrs for tag, attrs in a.elements if tag == "a" and attrs.get("class") == "entity"]
    assert [attrs["title"] for attrs in entity_links] == [EVIL_ENTITY]  # the name, as an attribute
    stub = parse_page(evil_site / f"artikel/{slugify(EVIL_STUB)}/index.html")
    assert stub.texts["h1"] == [german_quotes(EVIL_STUB)]
    entity = parse_page(evil_site / "personen/kim/index.html")
    assert entity.texts["h1"] == [EVIL_ENTITY]
    topic = parse_page(evil_site / f"themen/{slugify(EVIL_TOPIC)}/index.html")
    assert topic.texts["h1"] == [german_quotes(EVIL_TOPIC)]
    html = (evil_site / "artikel/a/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # raw HTML in Markdown is shown as text


def test_preview_json_is_valid_and_cannot_close_its_script(evil_site):
    html = (evil_site / "artikel/a/index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="vorschau">(.*?)</script>', html, re.S)
    if found is None:
        pytest.skip("no preview data on article pages")
    raw = found.group(1)
    assert "<" not in raw and ">" not in raw  # so neither </script> nor <!-- can end it early
    cards = json.loads(raw)
    titles = {card["title"] for card in cards.values()}
    assert german_quotes("Zweiter " + EVIL) in titles and german_quotes(EVIL_STUB) in titles
    assert EVIL_ENTITY in titles


def test_structured_data_is_valid_json_that_cannot_close_its_script(evil_site):
    html = (evil_site / "artikel/a/index.html").read_text(encoding="utf-8")
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in raw and ">" not in raw and "&" not in raw  # written as \u003c, \u003e, \u0026
    data = json.loads(raw)
    assert data["headline"] == german_quotes(EVIL_TITLE)
    assert data["description"] == german_quotes("Lede " + EVIL)
    assert data["keywords"] == [german_quotes(EVIL_TOPIC)]
    assert data["mentions"] == [{"@type": "Person", "name": EVIL_ENTITY, "url": SITE_URL + "personen/kim/"}]
    assert data["isBasedOn"]["identifier"] == "sha256:<script>"
    home = (evil_site / "index.html").read_text(encoding="utf-8")
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)
    assert "<" not in raw and json.loads(raw)["name"] == german_quotes("Dossier " + EVIL)


def test_feed_round_trips_every_hostile_text(evil_site):
    feed = ET.parse(evil_site / "feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text == german_quotes("Dossier " + EVIL)
    assert feed.find(f"{ATOM}subtitle").text == german_quotes("Beschreibung " + EVIL)
    entries = {e.find(f"{ATOM}id").text: e for e in feed.findall(f"{ATOM}entry")}
    entry = entries[SITE_URL + "artikel/a/"]
    assert entry.find(f"{ATOM}title").text == german_quotes(EVIL_TITLE)
    assert entry.find(f"{ATOM}summary").text == german_quotes("Lede " + EVIL)
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [EVIL_TOPIC]
    body = entry.find(f"{ATOM}content").text  # the article's HTML, as text
    assert "<script>" not in body and "javascript:" not in body.split("<a ")[-1].split(">")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_sitemap_parses_and_lists_only_safe_urls(evil_site):
    urls = [u.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text
            for u in ET.parse(evil_site / "sitemap.xml").getroot()]
    assert f"{SITE_URL}themen/{slugify(EVIL_TOPIC)}/" in urls
    for url in urls:
        assert url.startswith(SITE_URL) and re.fullmatch(r"[a-z0-9/:.-]+", url), url


def test_network_svg_is_well_formed_and_keeps_titles_as_text(evil_site):
    html = (evil_site / "netz/index.html").read_text(encoding="utf-8")
    svg = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])
    texts = {"".join(t.itertext()) for t in svg.iter(f"{SVG}title")}
    assert any(german_quotes(EVIL_TITLE) in t for t in texts) and any(german_quotes(EVIL_STUB) in t for t in texts)
    for element in svg.iter():
        assert element.tag.split("}")[-1] not in ("script", "foreignObject"), element.tag
        for name, value in element.attrib.items():
            assert not name.startswith("on") and not value.lower().lstrip().startswith("javascript:")


def test_pagefind_metadata_and_filters_round_trip(evil_site):
    stub = parse_page(evil_site / f"artikel/{slugify(EVIL_STUB)}/index.html")
    [meta] = [attrs["data-pagefind-meta"] for _, attrs in stub.elements if attrs.get("data-pagefind-meta")]
    assert meta == f"title:{german_quotes(EVIL_STUB)} (noch nicht im Dossier)"
    fragments = {}
    for fragment in (evil_site / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        fragments[record["url"]] = record
    a = fragments["/artikel/a/"]
    assert a["meta"]["title"] == german_quotes(EVIL_TITLE)
    assert a["meta"]["lede"] == german_quotes("Lede " + EVIL)
    assert a["filters"]["Thema"] == [german_quotes(EVIL_TOPIC)]
    assert a["filters"]["Person"] == [EVIL_ENTITY]
    stub_record = fragments[f"/artikel/{slugify(EVIL_STUB)}/"]
    assert stub_record["meta"]["title"] == german_quotes(EVIL_STUB) + " (noch nicht im Dossier)"


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,x",
    " javascript:alert(1)", "<javascript:alert(1)>", "file:///etc/passwd",
])
def test_markdown_never_emits_a_script_url_as_href(link):
    from generator.markdown import render as markdown

    for text in (f"[klick]({link})", f"![bild]({link})", f"[klick][r]\n\n[r]: {link}\n", f"<{link}>"):
        html = markdown(text).html
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', html)
        for href in hrefs:
            scheme = re.sub(r"[\s\x00-\x1f]", "", unescape(href)).lower()
            assert not scheme.startswith(("javascript:", "vbscript:", "data:", "file:")), (text, html)
