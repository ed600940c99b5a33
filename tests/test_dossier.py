"""The dossier features: entities and their mentions, the chronology, the whole dossier in print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, article
from generator import content, links
from generator.build import build
from generator.dates import german_date
from generator.diagnostics import DossierError
from test_build import text_of


def entity(name: str, kind: str, aliases=(), text: str = "Beschreibung.") -> str:
    from generator.frontmatter import dump
    return dump({"name": name, "kind": kind, "aliases": list(aliases)}, text)


FILES = {
    "content/dossier.yaml": "title: Test\n",
    "content/entities/kim-jong-un.md": entity("Kim Jong Un", "person", ["Kim", "Kims"]),
    "content/entities/sergej-lawrow.md": entity("Sergej Lawrow", "Person", ["Lawrow", "Lawrows"]),
    "content/entities/nordkorea.md": entity("Nordkorea", "place", ["Nordkoreas"]),
    "content/entities/wonsan.md": entity("Wonsan", "Ort"),
    "content/entities/kcna.md": entity("KCNA", "organisation"),
    "content/articles/alt.md": article(
        "Lawrow in Wonsan", date="2025-07-12", topics=["Diplomatie"],
        events=[{"date": "2025-07-12", "text": "Treffen in Wonsan"}, {"date": 2024, "text": "Putin besucht Nordkorea"}],
        body="Lawrows Reise führte nach Wonsan. Dort traf er Kim Jong Un.\n\n"
             "Kim sagte, Nordkoreas Truppen stünden bereit. Wieder Kim und Lawrow in Wonsan.\n"),
    "content/articles/neu.md": article(
        "Kimchi und nordkoreanische Küche", date="2025-08-01",
        events=[{"date": "2022-02", "text": "Beginn des Ukraine-Kriegs"}, {"date": "2025-07", "text": "Reise"}],
        body="Ein Bericht über Kimchi, die KCNA-Meldung und nordkoreanische Spezialitäten. Kims Koch erzählt.\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from conftest import write_project
    root = write_project(tmp_path_factory.mktemp("dossier") / "project", FILES)
    build(root, with_search=False)
    return root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_mentions_find_inflected_forms_and_not_substrings(project):
    dossier, _ = content.load(project(FILES))
    linked, _ = links.link(dossier)
    assert linked.mentions["alt"] == ("sergej-lawrow", "wonsan", "kim-jong-un", "nordkorea")
    # "Kimchi" and "nordkoreanische" are not mentions; "Kims" and "KCNA-Meldung" are.
    assert linked.mentions["neu"] == ("kcna", "kim-jong-un")
    assert [m.article for m in linked.mentioned_in["kim-jong-un"]] == ["neu", "alt"]  # newest first
    snippet = dict((m.article, m.snippet) for m in linked.mentioned_in["kim-jong-un"])
    assert snippet["alt"] == "Dort traf er Kim Jong Un."
    assert snippet["neu"] == "Kims Koch erzählt."


def test_first_mention_in_each_article_is_linked_once(site):
    body = read(site, "artikel/alt").split('<div class="body">')[1].split("</div>")[0]
    links_ = re.findall(r'<a href="([^"]+)" class="entity"[^>]*>([^<]+)</a>', body)
    assert links_ == [("/personen/sergej-lawrow/", "Lawrows"), ("/orte/wonsan/", "Wonsan"),
                      ("/personen/kim-jong-un/", "Kim Jong Un"), ("/orte/nordkorea/", "Nordkoreas")]
    assert "Wieder Kim und Lawrow in Wonsan." in text_of(body)  # later mentions stay plain text
    neu = read(site, "artikel/neu")
    assert 'class="entity"' in neu and ">Kimchi<" not in neu and "Kimchi" in neu


def test_article_page_lists_its_entities_as_search_filters(site):
    page = read(site, "artikel/alt")
    section = page.split('id="im-artikel"')[1].split("</section>")[0]
    assert '<dt>Personen</dt>' in section and '<dt>Orte</dt>' in section
    assert '<a href="/personen/kim-jong-un/" data-pagefind-filter="Person">Kim Jong Un</a>' in section
    assert '<a href="/orte/wonsan/" data-pagefind-filter="Ort">Wonsan</a>' in section


def test_entity_pages_list_mentioning_articles_newest_first_with_snippets(site):
    kim = read(site, "personen/kim-jong-un")
    assert "<h1>Kim Jong Un</h1>" in kim and "Auch: Kim, Kims" in kim
    assert "Erwähnt in 2 Artikel" in kim
    assert kim.index("/artikel/neu/") < kim.index("/artikel/alt/")
    assert "Dort traf er Kim Jong Un." in kim and "Kims Koch erzählt." in kim
    wonsan = read(site, "orte/wonsan")
    assert "/artikel/alt/" in wonsan and "/artikel/neu/" not in wonsan


def test_entity_index_pages_count_mentions(site):
    personen = text_of(read(site, "personen"))
    assert "Kim Jong Un 2 Artikel" in personen and "Sergej Lawrow 1 Artikel" in personen
    assert "Wonsan" not in personen
    orte = text_of(read(site, "orte"))
    assert "Nordkorea 1 Artikel" in orte and "Wonsan 1 Artikel" in orte
    assert "KCNA 1 Artikel" in text_of(read(site, "organisationen"))


def test_broken_entity_files_are_reported(project):
    root = project({"content/entities/x.md": entity("X", "Stadt")})
    with pytest.raises(DossierError) as caught:
        content.load(root)
    assert str(caught.value).startswith("content/entities/x.md:3: error: 'kind' must be person, place")


@pytest.mark.parametrize("iso, german", [("2025-07-13", "13. Juli 2025"), ("2022-02", "Februar 2022"),
                                         ("2024", "2024"), ("2025-03-01", "1. März 2025")])
def test_german_dates_full_and_partial(iso, german):
    assert german_date(iso) == german


def test_chronology_sorts_partial_dates_and_links_articles(site):
    page = read(site, "chronik")
    dates = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert dates == [("2022-02", "Februar 2022"), ("2024", "2024"), ("2025-07", "Juli 2025"),
                     ("2025-07-12", "12. Juli 2025")]
    assert [y for y in re.findall(r'<h2 id="jahr-(\d+)">', page)] == ["2022", "2024", "2025"]
    entry = page.split('datetime="2025-07-12"')[1].split("</li>")[0]
    assert "Treffen in Wonsan" in entry and 'href="/artikel/alt/"' in entry


def test_print_page_holds_every_article_chronology_and_sources(site):
    page = read(site, "gesamt")
    for slug, title in (("alt", "Lawrow in Wonsan"), ("neu", "Kimchi und nordkoreanische Küche")):
        assert f'href="#artikel-{slug}"' in page and f'id="artikel-{slug}"' in page and title in page
    assert "Kims Koch erzählt." in text_of(page) and "Dort traf er Kim Jong Un." in text_of(page)
    assert 'id="chronik"' in page and "Februar 2022" in page and 'id="quellen"' in page
    css = (site / "assets/style.css").read_text(encoding="utf-8")
    assert "@media print" in css and "break-before: page" in css


def test_shipped_dossier_has_curated_entities_and_events():
    dossier, _ = content.load(REPO)
    linked, problems = links.link(dossier)
    assert problems == []
    names = {e.kind: set() for e in dossier.entities}
    for e in dossier.entities:
        names[e.kind].add(e.name)
    assert {"Kim Jong Un", "Sergej Lawrow", "Wladimir Putin", "Choe Son Hui", "Andrej Rudenko"} <= names["person"]
    assert {"Nordkorea", "Russland", "Ukraine", "Wonsan", "Pjöngjang", "Moskau", "Kursk", "Tumen",
            "Kuala Lumpur", "Südkorea"} <= names["place"]
    assert {"KCNA", "Reuters", "TASS", "Shanghai Cooperation Organisation", "ASEAN"} <= names["organisation"]
    [seed] = dossier.articles
    mentioned = set(linked.mentions[seed.slug])
    # Every curated entity but South Korea (named only as an adjective) is mentioned by the seed.
    assert {e.slug for e in dossier.entities} - mentioned == {"suedkorea"}
    assert [e.date for e in seed.events][:3] == ["2022-02", "2024", "2025-07"]
    assert "2025-07-12" in [e.date for e in seed.events]


def test_network_page_draws_every_article_and_stub_and_each_reference(project, tmp_path):
    import xml.etree.ElementTree as ET
    root = project({
        "content/articles/a.md": article("A", related=["B", "Fehlt noch", "A"]),
        "content/articles/b.md": article("B", related=["A", "Fehlt noch"]),
        "content/articles/c.md": article("C"),
    })
    build(root, with_search=False)
    html = read(root / "site", "netz")
    svg = ET.fromstring(html[html.index("<svg"): html.index("</svg>") + 6])
    ns = "{http://www.w3.org/2000/svg}"
    hrefs = sorted(a.get("href") for a in svg.iter(f"{ns}a"))
    assert hrefs == ["/artikel/a/", "/artikel/b/", "/artikel/c/", "/artikel/fehlt-noch/"]
    edges = sorted((e.get("data-from"), e.get("data-to")) for e in svg.iter(f"{ns}line") if e.get("data-from"))
    assert edges == [("a", "b"), ("a", "fehlt-noch"), ("b", "a"), ("b", "fehlt-noch")]  # no self-loop
    stub = next(a for a in svg.iter(f"{ns}a") if a.get("href") == "/artikel/fehlt-noch/")
    assert stub.find(f"{ns}circle").get("stroke-dasharray")  # stubs are drawn differently
    assert "3 Artikel, 1 offener Verweis, 4 Verweise" in html
    # Each article page shows its direct neighbours.
    local = read(root / "site", "artikel/a")
    assert 'id="nachbarschaft"' in local and 'class="net net-neighbourhood"' in local


def test_screenshots_of_network_and_article(tmp_path, browser):
    """Screenshots for people to look at (test-artifacts/), of the real shipped dossier."""
    from webserver import serve
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    site = tmp_path / "site"
    build(REPO, out=site, with_search=False)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve(site) as base:
        page.goto(base + "netz/")
        assert page.locator("svg.net-network a").count() == 6
        page.screenshot(path=str(out / "netz.png"), full_page=True)
        page.goto(base + "artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/")
        page.screenshot(path=str(out / "artikel.png"), full_page=True)
    page.close()
    assert (out / "netz.png").stat().st_size > 10_000
