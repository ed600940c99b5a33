"""Search: a real Pagefind bundle, used through the real search page in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import article, dossier_project, snapshot
from generator import bundle as bundles, search
from generator.build import build
from generator.cli import main
from generator.diagnostics import DossierError
from webserver import serve

SEED_URL_PART = "/artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/"
RESULT = ".pagefind-ui__result"


@pytest.fixture(scope="module")
def shipped_sub_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search-sub")
    out = folder / "site"
    build(dossier_project(folder / "project"), out=out, base_url="https://example.github.io/dossier/")
    return out


def search_for(page, base: str, query: str):
    page.goto(f"{base}suche/?q={query}")
    page.wait_for_selector(f"{RESULT} mark", timeout=10_000)
    return page.locator(RESULT)


def only_loopback(page, base: str) -> None:
    origin = base.split("/", 3)[:3]
    outside = [url for url in page.requests if url.split("/", 3)[:3] != origin]
    assert outside == [], f"requests left loopback: {outside}"


def test_bundle_is_written_with_german_index_and_ui_assets(shipped):
    bundle = shipped / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]
    assert entry["languages"]["de"]["page_count"] == 6  # the seed article and its 5 stubs
    for asset in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.de.pagefind"):
        assert (bundle / asset).is_file(), asset
    # List pages and the search page are not indexed as articles.
    html = (shipped / "index.html").read_text(encoding="utf-8") + (shipped / "suche/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in html


@pytest.mark.slow
@pytest.mark.parametrize("query, found", [("Wonsan", "Wonsan"), ("Soldat", "Soldaten"),
                                          ("Munition", "Munition"),
                                          # a part of a closed compound finds it and marks the compound
                                          ("Pakt", "Verteidigungspakt"), ("Stadt", "Küstenstadt"),
                                          ("Ingenieure", "Militäringenieure")])
def test_search_finds_the_seed_article_with_highlighted_excerpt(shipped, page, query, found):
    with serve(shipped) as base:
        results = search_for(page, base, query)
        first = results.first
        assert SEED_URL_PART in first.locator("a").first.get_attribute("href")
        assert found in " ".join(first.locator("mark").all_inner_texts())
        assert "13. Juli 2025" in first.inner_text()
        only_loopback(page, base)


@pytest.mark.slow
def test_opening_a_result_leads_to_the_article(shipped, page):
    with serve(shipped) as base:
        search_for(page, base, "Wonsan").first.locator("a").first.click()
        page.wait_for_url(f"**{SEED_URL_PART}**")
        assert page.locator("h1").inner_text().startswith("Nordkorea sichert Putin")
        only_loopback(page, base)


@pytest.mark.slow
def test_unresolved_reference_is_findable_as_marked_result(shipped, page):
    with serve(shipped) as base:
        result = search_for(page, base, "Zerstörer").first
        assert "(noch nicht im Dossier)" in result.inner_text()
        result.locator("a").first.click()
        page.wait_for_load_state()
        assert "Noch nicht im Dossier" in page.content()


@pytest.mark.slow
def test_header_field_with_slash_key_leads_to_search(shipped, page):
    with serve(shipped) as base:
        page.goto(base)
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "suchfeld"
        page.keyboard.type("Kursk")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{RESULT} mark")
        assert page.url.endswith("/suche/?q=Kursk")
        assert page.locator(".pagefind-ui__search-input").input_value() == "Kursk"
        page.locator("h1").click()
        page.keyboard.press("/")  # on the search page, "/" focuses the search page's own field
        assert "pagefind-ui__search-input" in page.evaluate("document.activeElement.className")
        only_loopback(page, base)


@pytest.mark.slow
def test_topic_filter_narrows_results(project, page):
    root = project({
        "content/dossier.yaml": "title: Test\n",
        "content/articles/a.md": article("Treffen in Wonsan", date="2025-07-12", topics=["Diplomatie"],
                                         body="Lawrow reiste nach Wonsan an die Küste."),
        "content/articles/b.md": article("Ferien in Wonsan", date="2025-07-01", topics=["Tourismus"],
                                         body="Das Resort in Wonsan soll Touristen aus Russland anziehen."),
    })
    build(root)
    with serve(root / "site") as base:
        results = search_for(page, base, "Wonsan")
        page.wait_for_function(f"document.querySelectorAll('{RESULT}').length === 2")
        block = page.locator("details.pagefind-ui__filter-block", has_text="Thema")
        block.wait_for()
        block.evaluate("details => { details.open = true; }")  # the facet panel, opened as a reader would
        page.get_by_label("Tourismus").check()
        page.wait_for_function(f"document.querySelectorAll('{RESULT}').length === 1")
        assert "Ferien in Wonsan" in results.first.inner_text()
        only_loopback(page, base)


def pagefind_urls(page, query: str) -> list[str]:
    """The URLs of every result of `query`, asked through Pagefind's own API."""
    return page.evaluate("""async (query) => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search(query);
        return Promise.all(found.results.map(async (result) => (await result.data()).url));
    }""", query)


COMPOUND_TEXTS = [  # (file, text): invented sentences, as a dossier's articles use such words
    ("pakt", "Der Verteidigungspakt zwischen Moskau und Pjöngjang trat im Dezember in Kraft."),
    ("bruecke", "An der Grenzbrücke über den Tumen stauen sich die Lastwagen."),
    ("rat", "Der UN-Sicherheitsrat berät über neue Sanktionen."),
    ("separatisten", "Separatisten melden Gefechte; die Regierung widerspricht."),
    ("samstag", "Am Samstag landete eine Delegation in Wladiwostok."),
    ("parteitag", "Der Parteitag in Pjöngjang dauerte drei Tage."),
]


@pytest.mark.slow
def test_compound_parts_find_their_articles_and_nothing_else_across_index_chunks(project, page):
    """Each part of a closed compound finds the articles that have it, also in two-word queries, and the
    index is large enough to be split into chunks (a part's new entry must land where the search looks)."""
    filler = " ".join(f"Satz{n} über Moskau, Wonsan und Kursk mit Wort{n * 7 % 997} und Zahl{n}." for n in range(600))
    files = {"content/dossier.yaml": "title: Test\n"}
    for number, (name, text) in enumerate(COMPOUND_TEXTS, 1):
        files[f"content/articles/{name}.md"] = article(f"Bericht {number}", body=f"{text}\n\n{filler}")
    root = project(files)
    build(root)
    meta = next((root / "site" / "pagefind").glob("pagefind.*.pf_meta"))
    assert len(bundles.read(meta)[2]) >= 2, "the test needs an index of several chunks"
    with serve(root / "site") as base:
        page.goto(f"{base}suche/")
        expected = {"Pakt": ["pakt"], "Verteidigung": ["pakt"], "Brücke": ["bruecke"], "Grenze": ["bruecke"],
                    "Rat": ["rat"], "Sicherheitsrat": ["rat"], "Pakt Moskau": ["pakt"], "Brücke Lastwagen": ["bruecke"],
                    "Separatisten": ["separatisten"], "Tag": ["parteitag"], "Samstag": ["samstag"]}
        for query, names in expected.items():
            found = sorted(url.split("/")[-2] for url in pagefind_urls(page, query))
            assert found == sorted(names), query
        only_loopback(page, base)


@pytest.mark.slow
def test_search_works_under_a_sub_path(shipped_sub_path, page):
    with serve(shipped_sub_path, prefix="/dossier/") as base:
        result = search_for(page, base, "Wonsan").first
        href = result.locator("a").first.get_attribute("href")
        assert href.startswith("/dossier/artikel/"), href
        result.locator("a").first.click()
        page.wait_for_url(f"**/dossier{SEED_URL_PART}**")
        assert page.locator("h1").inner_text().startswith("Nordkorea sichert Putin")
        only_loopback(page, base)


def test_build_without_search_has_no_bundle_and_says_so(project, page):
    root = project({"content/articles/a.md": article("A")})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    assert not (root / "site/pagefind").exists()
    with serve(root / "site") as base:
        page.goto(f"{base}suche/?q=x")
        page.wait_for_selector("text=Der Suchindex fehlt")


def test_pagefind_failure_fails_the_build_and_keeps_the_previous_site(project, monkeypatch, capsys):
    root = project({"content/articles/a.md": article("A")})
    build(root)
    before = snapshot(root / "site")
    monkeypatch.setattr(search, "pagefind_binary", lambda: Path("/bin/false"))
    (root / "content/articles/b.md").write_text(article("B"), encoding="utf-8")
    with pytest.raises(DossierError, match="Pagefind failed"):
        build(root)
    assert snapshot(root / "site") == before
    assert main(["build", "-C", str(root)]) == 1
    assert capsys.readouterr().err.startswith("pagefind: error: Pagefind failed (exit 1)")


def test_search_bundle_is_byte_identical_across_builds(project, tmp_path):
    root = project({
        f"content/articles/a{i}.md": article(f"Artikel {i}", date=f"2025-01-1{i}",
                                             topics=["Krieg", "Diplomatie", "Wirtschaft", "Tourismus"][i % 4:],
                                             body=f"Text {i} über Wonsan, Kursk und Soldaten.")
        for i in range(8)
    })
    build(root, out=tmp_path / "one")
    build(root, out=tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert one == two


@pytest.mark.slow
def test_entities_are_search_filters(shipped, page):
    """Persons, places and organisations are Pagefind filters (asked through Pagefind's own API, so the
    test does not depend on when the UI draws its facets)."""
    with serve(shipped) as base:
        page.goto(f"{base}suche/")
        filters = page.evaluate("""async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            return await pagefind.filters();
        }""")
        assert {"Person", "Ort", "Organisation", "Thema", "Art"} <= set(filters)
        assert filters["Person"]["Andrej Rudenko"] == 1 and filters["Ort"]["Wonsan"] == 1
        found = page.evaluate("""async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            const all = await pagefind.search("Wonsan");
            const rudenko = await pagefind.search("Wonsan", {filters: {Person: "Andrej Rudenko"}});
            const nobody = await pagefind.search("Wonsan", {filters: {Person: "Niemand"}});
            return [all.results.length, rudenko.results.length, nobody.results.length,
                    (await rudenko.results[0].data()).url];
        }""")
        assert found[:3] == [1, 1, 0]
        assert SEED_URL_PART in found[3]
        only_loopback(page, base)


GEOMETRY = """() => {
  const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                     return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const results = [...document.querySelectorAll('.pagefind-ui__result')];
  return {filters: box('.pagefind-ui__filter-panel'), first: box('.pagefind-ui__result'),
          last: results[results.length - 1].getBoundingClientRect().bottom, column: box('.search'),
          header: box('.site-header .wrap'), page: document.documentElement.scrollWidth, width: innerWidth};
}"""


def geometry(shipped: Path, browser, width: int) -> dict:
    """Where the results and the filters are with one result for "Wonsan", `width` px wide."""
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        with serve(shipped) as base:
            search_for(page, base, "Wonsan")
            page.wait_for_selector(".pagefind-ui__filter-panel .pagefind-ui__filter-name")
            return page.evaluate(GEOMETRY)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1024, 1280, 1600])
def test_on_a_wide_screen_the_filters_stand_beside_the_results_with_no_gap(shipped, browser, width):
    """One result used to leave a screenful of nothing between it and the filters below. Where the screen
    has room, the filters stand beside the results, from the first result's height on, within the header's
    width; the page does not scroll sideways."""
    seen = geometry(shipped, browser, width)
    filters, first, column = seen["filters"], seen["first"], seen["column"]
    assert filters["left"] >= column["right"] + 16, "the filters are not beside the results"
    assert filters["top"] <= first["top"] and filters["top"] < seen["last"], "a gap above the filters"
    assert filters["right"] <= seen["header"]["right"] + 0.5 and filters["right"] - filters["left"] >= 160
    assert seen["page"] <= seen["width"]


def test_on_a_phone_the_filters_come_after_the_results(shipped, browser):
    seen = geometry(shipped, browser, 375)
    assert seen["filters"]["top"] >= seen["last"] and seen["page"] <= seen["width"]


@pytest.mark.slow
def test_search_indexes_only_article_and_page_folders_and_a_new_dossier_builds(project):
    """Pagefind is given the folders of the pages it indexes; a dossier with no article yet (nothing
    there) still builds with search, from its other pages."""
    empty = project({"content/dossier.yaml": "title: Leer\n"})
    assert build(empty).search == "search indexed"
    assert (empty / "site/pagefind/pagefind-entry.json").is_file()
    root = project({"content/articles/a.md": article("Kim in Wonsan", body="Ein Bericht über Wonsan."),
                    "content/pages/ueber.md": "---\ntitle: Über\n---\nÜber dieses Dossier.\n"})
    build(root)
    entry = json.loads((root / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["de"]["page_count"] == 2  # the article and the free page
