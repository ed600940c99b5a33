"""Entities: mentions found as whole words in their inflected forms, the first one in each article linked,
listed on the article page as search filters, entity pages and index pages; broken entity files; the
entities and events curated for the shipped dossier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DOSSIER, article
from features import FILES, entity, read
from generator import content, links
from generator.diagnostics import DossierError
from test_build import text_of


@pytest.fixture
def site(features_site: Path) -> Path:
    """The features dossier (features.py), built once per session."""
    return features_site


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


def test_no_link_covers_part_of_a_hyphenated_word(project, tmp_path):
    """"Ukraine" is not underlined inside "Ukraine-Krieg" or "Nord‑Ukraine"; the first mention that
    stands as a word of its own is linked instead, and the hyphenated ones still count as mentions."""
    from generator.build import build

    root = project({
        "content/dossier.yaml": "title: Test\n",
        "content/entities/ukraine.md": entity("Ukraine", "place"),
        "content/entities/kcna.md": entity("KCNA", "organisation"),
        "content/articles/a.md": article("Bericht", date="2025-01-01", body=(
            "Der Ukraine-Krieg und die Nord\u2011Ukraine. Die KCNA-Meldung kam spät.\n\n"
            "Die Ukraine wehrt sich.\n")),
    })
    build(root, with_search=False)
    body = read(root / "site", "artikel/a").split('<div class="body">')[1].split("</div>")[0]
    assert re.findall(r'<a href="([^"]+)" class="entity"[^>]*>([^<]+)</a>', body) == [("/orte/ukraine/", "Ukraine")]
    assert "Der Ukraine-Krieg und die Nord\u2011Ukraine. Die KCNA-Meldung kam spät." in body
    assert "Die <a href=\"/orte/ukraine/\"" in body
    linked, _ = links.link(content.load(root)[0])
    assert linked.mentions["a"] == ("ukraine", "kcna")  # KCNA only in "KCNA-Meldung": mentioned, not linked


def test_article_page_lists_its_entities_as_search_filters(site):
    page = read(site, "artikel/alt")
    section = page.split('id="im-artikel"')[1].split("</section>")[0]
    assert '<dt>Personen</dt>' in section and '<dt>Orte</dt>' in section
    assert '<a href="/personen/kim-jong-un/" data-pagefind-filter="Person">Kim Jong Un</a>' in section
    assert '<a href="/orte/wonsan/" data-pagefind-filter="Ort">Wonsan</a>' in section


def test_entity_pages_list_mentioning_articles_newest_first_with_snippets(site):
    kim = read(site, "personen/kim-jong-un")
    assert "<h1>Kim Jong Un</h1>" in kim and "Auch: Kim, Kims" in kim
    assert "Erwähnt in 2 Artikeln<" in kim  # the dative plural
    assert "Erwähnt in 1 Artikel<" in read(site, "orte/wonsan")
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


def test_shipped_dossier_has_curated_entities_and_events():
    dossier, _ = content.load(DOSSIER)
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


def test_mentions_patched_after_edits_equal_mentions_found_afresh():
    """The preview patches the last mentions index where articles changed: after any series of edits
    (a mention added, dropped, its sentence changed) it must equal an index made from nothing."""
    import random
    from dataclasses import replace as changed

    from generator import entities as found
    from generator.model import Entity

    names = [Entity(slug=f"e{n}", name=name, kind="person", path=f"e{n}.md", body="", body_line=1, aliases=())
             for n, name in enumerate(["Kim", "Putin", "Lawrow", "Schoigu"])]
    matcher = found.matcher(names)
    rng = random.Random(7)
    words = ["Kim", "Putin", "Lawrow", "Schoigu", "traf", "sprach", "in", "Moskau."]
    from generator.model import Article

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(8)) + "."

    articles = [Article(slug=f"a{n}", title=f"Artikel {n}", path=f"a{n}.md", body=text(), body_line=1,
                        fingerprint=f"f{n}")
                for n in range(12)]
    memo, kept = {}, found.Kept()
    found.index(articles, matcher, memo, kept)
    for step in range(40):
        n = rng.randrange(len(articles))
        articles[n] = changed(articles[n], body=text(), fingerprint=f"f{n}-{step}")
        patched = found.index(articles, matcher, memo, kept)
        assert patched[:2] == found.index(articles, matcher)[:2], step
