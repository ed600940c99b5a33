"""What pages tell browsers, search engines and feed readers about themselves: icons, descriptions,
structured data (JSON-LD), Open Graph, noindex, the sitemap and links in the feed. On the shipped dossier
with a second and an undated article and a free page, built for a project sub-path with a host."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import PAGES, REPO, SEED_TITLE, article, shipped_and_more
from generator.build import build
from sitecheck import parse, target_file
from webserver import serve

SITE_URL = "https://example.github.io/dossier/"
BASE = "/dossier/"
SEED = PAGES["article"]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"



def load_icons():
    spec = importlib.util.spec_from_file_location("icons", REPO / "scripts" / "icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = shipped_and_more(
        tmp_path_factory.mktemp("meta") / "project",
        "Kim Jong Un und Sergej Lawrow trafen sich in Wonsan.\n\n## Die Gespräche\n\n"
        "Zur [Chronik](../../chronik/), [nach oben](#die-gespraeche), [extern](https://example.org/a?b=1&c=2) "
        "und <https://example.org/>; [das Netz](/netz/) vom Wurzelverzeichnis aus.\n",
        "Was wir sammeln, und [wie](../../chronik/).\n")
    (root / "content/articles/undatiert.md").write_text(article(
        "Ein Bericht ohne Datum", body="Pjöngjang schweigt.\n", redirect_from=["/artikel/alt/"]), encoding="utf-8")
    build(root, base_url=SITE_URL)
    return root / "site"


class Head(HTMLParser):
    """A page's <link> and <meta> elements and the text of its JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self.meta: list[dict] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.meta.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def content(self, key: str) -> list[str]:
        """The content of every <meta name=key> or <meta property=key>."""
        return [m.get("content") for m in self.meta if key in (m.get("name"), m.get("property"))]


def head(site: Path, path: str) -> Head:
    parsed = Head()
    file = site / (path.split("?")[0] or "") / "index.html" if path != "gibt-es-nicht/" else site / "404.html"
    parsed.feed(file.read_text(encoding="utf-8"))
    return parsed


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts]


# --- icons ---------------------------------------------------------------------------------------------

def decode_png(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, RGBA rows) of a PNG as scripts/icons.py writes it: 8-bit RGBA, no filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * 4 + 1
    assert all(raw[row * stride] == 0 for row in range(height))
    return width, height, b"".join(raw[row * stride + 1:(row + 1) * stride] for row in range(height))


def test_icons_are_the_drawing_of_scripts_icons():
    """The committed icons are what scripts/icons.py draws now (pixels compared, not zlib's bytes)."""
    icons = load_icons()
    assets = REPO / "generator" / "layouts" / "assets"
    assert (assets / "icon.svg").read_text(encoding="utf-8") == icons.svg()
    for name, (size, radius) in icons.SIZES.items():
        width, height, rgba = decode_png((assets / name).read_bytes())
        assert (width, height) == (size, size), name
        assert rgba == icons.pixels(size, radius), f"{name} is out of date: run python scripts/icons.py"
    _, _, touch = decode_png((assets / "apple-touch-icon.png").read_bytes())
    assert set(touch[3::4]) == {255}, "the touch icon is opaque"
    _, _, small = decode_png((assets / "icon-32.png").read_bytes())
    assert small[3] == 0 and small[16 * 128 + 16 * 4 + 3] == 255, "transparent corners, opaque inside"


def test_every_page_names_its_icons_under_the_base_path(site):
    assert site / "artikel/alt/index.html" in pages(site)  # a redirect page too
    for page in pages(site):
        parsed = Head()
        parsed.feed(page.read_text(encoding="utf-8"))
        icons = {(l["rel"], l.get("type"), l.get("sizes")): l["href"] for l in parsed.links
                 if l["rel"] in ("icon", "apple-touch-icon")}
        assert set(icons) == {("icon", "image/svg+xml", None), ("icon", "image/png", "32x32"),
                              ("apple-touch-icon", None, None)}, page
        for href in icons.values():
            assert href.startswith(BASE + "assets/"), (page, href)
            assert (site / href[len(BASE):].split("?")[0]).is_file(), href
    ico = (site / "favicon.ico").read_bytes()  # for a site at the host's root, where browsers look
    reserved, kind, count, width, height = struct.unpack("<HHHBB", ico[:8])
    size, offset = struct.unpack("<II", ico[14:22])
    assert (reserved, kind, count, width, height) == (0, 1, 1, 32, 32)
    assert ico[offset:offset + size] == (site / "assets/icon-32.png").read_bytes() and offset + size == len(ico)


@pytest.mark.slow
def test_no_page_kind_under_a_base_path_gets_a_404(site, browser):
    """Each kind of page under /dossier/ in Chromium: every request, icons included, is answered, and none
    leaves the base path (no /favicon.ico at the host's root). The icons load as images."""
    with serve(site, prefix=BASE) as base:
        origin = base[:-len(BASE)]
        context = browser.new_context(locale="de-DE")
        try:
            tab = context.new_page()
            responses: list = []
            tab.on("response", lambda response: responses.append(response))
            for kind, path in PAGES.items():
                responses.clear()
                tab.goto(base + path)
                tab.wait_for_load_state("networkidle")
                sizes = tab.evaluate("""() => Promise.all([...document.querySelectorAll(
                    'link[rel="icon"], link[rel="apple-touch-icon"]')].map(link => new Promise(done => {
                        const image = new Image();
                        image.onload = () => done([link.href, image.naturalWidth]);
                        image.onerror = () => done([link.href, 0]);
                        image.src = link.href;
                    })))""")
                tab.wait_for_load_state("networkidle")
                assert len(sizes) == 3 and all(width > 0 for _, width in sizes), (kind, sizes)
                for response in responses:
                    url = response.url
                    assert url.startswith(base), f"{kind}: {url} is outside {BASE}"
                    if kind == "404" and url == base + path:
                        assert response.status == 404  # the missing page itself, answered by 404.html
                    else:
                        assert response.status in (200, 304), f"{kind}: {url} answered {response.status}"
                assert not any(r.url.startswith(origin + "/favicon") for r in responses)
        finally:
            context.close()


# --- noindex, sitemap, feed ----------------------------------------------------------------------------

def test_whole_dossier_and_search_are_noindex_and_not_in_the_sitemap(site):
    listed = [u.find(f"{SITEMAP}loc").text for u in ET.parse(site / "sitemap.xml").getroot()]
    for path in ("gesamt/", "suche/"):
        parsed = head(site, path)
        assert parsed.content("robots") == ["noindex"], path
        assert not [l for l in parsed.links if l["rel"] == "canonical"], path
        assert SITE_URL + path not in listed
    assert SITE_URL in listed and SITE_URL + SEED in listed and SITE_URL + "chronik/" in listed
    for url in listed:  # everything the sitemap lists may be indexed, and names itself as canonical
        parsed = head(site, url[len(SITE_URL):])
        assert parsed.content("robots") == [], url
        assert [l["href"] for l in parsed.links if l["rel"] == "canonical"] == [url]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src")]


def test_feed_entries_link_with_absolute_urls_that_resolve_under_the_site(site):
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert entries
    found = {}
    for entry in entries:
        links = Links()
        links.feed(entry.find(f"{ATOM}content").text)
        found[entry.find(f"{ATOM}id").text] = links.urls
        for url in links.urls:
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https") and parts.netloc, url
            if parts.netloc != "example.github.io":
                continue  # the editor's links to other sites, as written
            assert url.startswith(SITE_URL), url
            file = target_file(site, BASE, parts.path)
            assert file is not None and file.is_file(), url
            if parts.fragment:
                assert parts.fragment in parse(file).ids, url
    second = found[SITE_URL + "artikel/zweiter/"]
    assert SITE_URL + "chronik/" in second  # written ../../chronik/
    assert SITE_URL + "netz/" in second  # written /netz/: from the site's root, not the host's
    assert SITE_URL + "artikel/zweiter/#die-gespraeche" in second  # written #die-gespraeche
    assert SITE_URL + "personen/kim-jong-un/" in second  # an entity link, /dossier/personen/kim-jong-un/
    assert "https://example.org/a?b=1&c=2" in second and "https://example.org/" in second
    assert SITE_URL + "personen/sergej-lawrow/" in found[SITE_URL + SEED]


# --- descriptions --------------------------------------------------------------------------------------

def kind_of(site: Path, page: Path) -> str:
    parts = page.relative_to(site).parts
    if parts == ("index.html",):
        return "home"
    if parts == ("404.html",):
        return "404"
    if parts[0] == "artikel":
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            return "redirect"
        return "stub" if '<article class="stub"' in text else "article"
    if parts[0] == "themen":
        return "topic index" if len(parts) == 2 else "topic"
    if parts[0] in ("personen", "orte", "organisationen"):
        return "entity index" if len(parts) == 2 else "entity"
    return {"chronik": "chronology", "netz": "network", "gesamt": "whole dossier", "suche": "search",
            "seiten": "free page", "neu": "changes", "offen": "open references"}[parts[0]]


@pytest.mark.parametrize("which", ["site", "shipped"])
def test_every_page_has_a_description_of_its_own(which, request):
    """On the shipped dossier as it is, and with more kinds of content: every page describes itself, the
    same in og:description, and no two pages (so no two of different kinds) share a description."""
    built = request.getfixturevalue(which)
    by_description: dict[str, str] = {}
    kinds = set()
    for page in pages(built):
        if kind_of(built, page) == "redirect":  # leads on at once, unindexed: nothing to describe
            continue
        parsed = Head()
        parsed.feed(page.read_text(encoding="utf-8"))
        [description] = parsed.content("description")
        assert description and description.strip() == description, page
        assert parsed.content("og:description") == [description], page
        kind = kind_of(built, page)
        kinds.add(kind)
        if kind != "article":  # an article's lede is the editor's summary, however long
            assert len(description) <= 165, (page, description)
        other = by_description.setdefault(description, f"{kind} {page.relative_to(built)}")
        assert other == f"{kind} {page.relative_to(built)}", f"{other} and {page} share {description!r}"
    expected = {"home", "article", "stub", "topic index", "topic", "entity index", "entity", "chronology",
                "network", "whole dossier", "search", "404", "changes", "open references"}
    assert kinds == expected | ({"free page"} if which == "site" else set())


def description(site: Path, path: str) -> str:
    return head(site, path).content("description")[0]


def test_descriptions_say_what_each_page_is(site):
    dossier = "im Dossier „Russland und Nordkorea“"
    assert description(site, "") == "Ein Dossier über die Beziehungen zwischen Russland und Nordkorea"
    assert description(site, SEED).startswith("Russlands Außenminister Lawrow in Nordkorea: Kim Jong Un")
    assert description(site, "artikel/undatiert/") == "Pjöngjang schweigt."  # no lede: the text
    assert description(site, "themen/diplomatie/") == (
        f"2 Artikel zum Thema „Diplomatie“ {dossier}, zuletzt am 14. Juli 2025: „Kim empfängt Lawrow in Wonsan“.")
    assert description(site, "themen/").startswith(f"4 Themen {dossier}, mit der Zahl ihrer Artikel: Diplomatie (2),")
    assert description(site, "personen/") == (f"Personen {dossier} (5), mit der Zahl der Artikel, die sie erwähnen: "
                                              "Andrej Rudenko, Choe Son Hui, Kim Jong Un, Sergej Lawrow …")
    assert description(site, "personen/kim-jong-un/").startswith("Kim Jong Un: Nordkoreas Machthaber. Sicherte")
    assert description(site, PAGES["stub"]) == (
        "Genannt unter „Lesen Sie auch“ in 1 Artikel, noch nicht im Dossier „Russland und Nordkorea“: "
        "„Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un“.")
    assert description(site, "chronik/") == (
        "Die Chronik des Dossiers „Russland und Nordkorea“: 6 Ereignisse von Februar 2022 bis 13. Juli 2025, "
        "in zeitlicher Folge, mit den Artikeln, die davon berichten.")
    assert description(site, "netz/").endswith("als Grafik: 3 Artikel, 5 offene Verweise, 6 Verweise.")
    assert "3 Artikel mit Chronik und Quellen" in description(site, "gesamt/")
    assert description(site, "seiten/ueber/") == "Was wir sammeln, und wie."


@pytest.mark.parametrize("text, short", [
    ("Kurz.", "Kurz."),
    ("Ein erster Satz, der lang genug ist, um für sich zu stehen, und noch weiter geht. " * 2,
     "Ein erster Satz, der lang genug ist, um für sich zu stehen, und noch weiter geht."),
    ("Am 13. Juli " + "sehr " * 40, "Am 13. Juli" + " sehr" * 29 + " …"),  # "13." ends no sentence
    ("Zuletzt: „Nordkorea sichert Putin ‚bedingungslose Unterstützung‘ zu“ " + "x" * 150,
     "Zuletzt: „Nordkorea sichert Putin ‚bedingungslose Unterstützung‘ zu“ …"),
    ("Zuletzt: „Nordkorea sichert Putin ‚bedingungslose Unterstützung im Ukraine-Krieg zu‘ und mehr“",
     "Zuletzt: „Nordkorea sichert Putin ‚bedingungslose …‘“"),
])
def test_shorten_cuts_at_a_sentence_or_a_word_and_closes_quotes(text, short):
    from generator.meta import shorten

    limit = 60 if "und mehr" in text else 160
    assert shorten(text, limit) == short
    assert len(short) <= limit


# --- structured data and Open Graph --------------------------------------------------------------------

def json_ld(site: Path, path: str) -> dict:
    [raw] = head(site, path).json_ld
    assert "<" not in raw and ">" not in raw and "&" not in raw
    return json.loads(raw)


def test_only_articles_and_home_carry_structured_data_and_all_of_it_parses(site):
    carrying = set()
    for page in pages(site):
        parsed = Head()
        parsed.feed(page.read_text(encoding="utf-8"))
        for raw in parsed.json_ld:
            assert json.loads(raw)["@context"] == "https://schema.org"
            carrying.add(kind_of(site, page))
    assert carrying == {"home", "article"}


def test_article_pages_carry_a_news_article(site):
    data = json_ld(site, SEED)
    url = SITE_URL + SEED
    parsed = head(site, SEED)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == SEED_TITLE
    assert data["description"] == parsed.content("description")[0]
    assert data["datePublished"] == "2025-07-13"
    assert data["inLanguage"] == "de"
    assert data["url"] == url and data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert [l["href"] for l in parsed.links if l["rel"] == "canonical"] == [url]
    assert data["isPartOf"] == {"@type": "WebSite", "name": "Russland und Nordkorea", "url": SITE_URL}
    assert data["articleSection"] == "Ukraine-Krieg"
    assert data["keywords"] == ["Ukraine-Krieg", "Diplomatie", "Militärische Zusammenarbeit", "Tourismus"]
    assert data["isBasedOn"] == {
        "@type": "CreativeWork", "name": SEED_TITLE, "inLanguage": "de", "encodingFormat": "text/plain",
        "identifier": "sha256:e545a11d6de9c63a98f88862ab3bff6d0f7cece8c53bc28b0209bb147549fa37"}
    mentions = data["mentions"]
    assert {"@type": "Person", "name": "Kim Jong Un", "url": SITE_URL + "personen/kim-jong-un/"} in mentions
    assert {"@type": "Place", "name": "Wonsan", "url": SITE_URL + "orte/wonsan/"} in mentions
    assert {"@type": "Organization", "name": "KCNA", "url": SITE_URL + "organisationen/kcna/"} in mentions
    shown = re.findall(r'<a href="/dossier/([a-z]+/[a-z0-9-]+/)" data-pagefind-filter="(?:Person|Ort|Organisation)">',
                       (site / SEED / "index.html").read_text(encoding="utf-8"))
    assert sorted(m["url"] for m in mentions) == sorted(SITE_URL + s for s in shown)  # as "Im Artikel" lists them
    assert parsed.content("article:published_time") == ["2025-07-13"]
    assert parsed.content("article:section") == ["Ukraine-Krieg"]
    assert parsed.content("article:tag") == data["keywords"]
    assert parsed.content("og:type") == ["article"]


def test_undated_article_without_source_says_neither(site):
    data = json_ld(site, "artikel/undatiert/")
    assert data["headline"] == "Ein Bericht ohne Datum" and data["description"] == "Pjöngjang schweigt."
    assert "datePublished" not in data and "isBasedOn" not in data and "articleSection" not in data
    assert data["mentions"] == [{"@type": "Place", "name": "Pjöngjang", "url": SITE_URL + "orte/pjoengjang/"}]
    parsed = head(site, "artikel/undatiert/")
    assert parsed.content("article:published_time") == [] and parsed.content("article:tag") == []


def test_home_page_carries_the_website_and_its_search(site):
    data = json_ld(site, "")
    assert data["@type"] == "WebSite" and data["name"] == "Russland und Nordkorea" and data["url"] == SITE_URL
    assert data["description"] == head(site, "").content("description")[0] and data["inLanguage"] == "de"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction" and action["query-input"] == "required name=search_term_string"
    assert action["target"] == {"@type": "EntryPoint", "urlTemplate": SITE_URL + "suche/?q={search_term_string}"}
    # The search page reads the query from ?q=, as the header's search form sends it.
    assert 'URLSearchParams(window.location.search).get("q")' in (site / "assets/search.js").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'action="/dossier/suche/" method="get"' in home and 'name="q" type="search"' in home


def test_structured_data_links_root_relative_without_a_host(project):
    root = project({"content/articles/a.md": article("A", date="2025-01-01", body="Text.")})
    build(root, with_search=False, base_url="/sub/")
    site = root / "site"
    data = json_ld(site, "artikel/a/")
    assert data["url"] == "/sub/artikel/a/" and data["isPartOf"]["url"] == "/sub/"
    home = json_ld(site, "")
    assert home["url"] == "/sub/" and "potentialAction" not in home  # no search index, no search action


@pytest.mark.slow
def test_the_search_action_opens_the_search_with_results(site, browser):
    template = json_ld(site, "")["potentialAction"]["target"]["urlTemplate"]
    with serve(site, prefix=BASE) as base:
        context = browser.new_context(locale="de-DE")
        try:
            tab = context.new_page()
            tab.goto(template.replace(SITE_URL, base).replace("{search_term_string}", "Wonsan"))
            tab.wait_for_selector(".pagefind-ui__result mark", timeout=10_000)
            assert tab.locator(".pagefind-ui__search-input").input_value() == "Wonsan"
        finally:
            context.close()
