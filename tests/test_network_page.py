"""The network in a built site: the page `/netz/` draws every article and stub and each reference, every
article page shows its neighbourhood, and screenshots of both for people to look at (the drawing itself is
tested in test_network.py)."""

from __future__ import annotations

import pytest

from conftest import REPO, article, dossier_project
from features import read
from generator.build import build


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


def svgs(html: str) -> list:
    import xml.etree.ElementTree as ET
    found, at = [], 0
    while (start := html.find("<svg", at)) >= 0:
        at = html.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(html[start:at]))
    return found


def test_the_drawings_show_titles_with_the_german_quotes_of_every_page(tmp_path):
    """The shipped article is titled `Nordkorea sichert Putin "bedingungslose Unterstützung" …` in its file."""
    site = tmp_path / "site"
    build(dossier_project(tmp_path / "project"), out=site, with_search=False)
    seed = "artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu"
    heading = read(site, seed).split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "„bedingungslose Unterstützung“" in heading  # how the article page itself shows it
    ns = "{http://www.w3.org/2000/svg}"
    labels = []
    for page in ("netz", seed):  # the network, and the article's neighbourhood
        [svg] = svgs(read(site, page))
        texts = ["".join(e.itertext()) for e in svg.iter() if e.tag in (f"{ns}title", f"{ns}text")]
        assert not [t for t in texts if '"' in t], page
        assert any("„bedingungslose Unterstützung“" in t for t in texts), page  # tooltips: the whole title
        labels += ["".join(t.itertext()) for t in svg.iter(f"{ns}text") if t.get("class") == "net-label"]
    assert any("„bedingungslose" in t for t in labels), labels  # the neighbourhood's label gets that far


@pytest.mark.slow
def test_screenshots_of_network_and_article(tmp_path, browser):
    """Screenshots for people to look at (test-artifacts/), of the real shipped dossier."""
    from webserver import serve
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    site = tmp_path / "site"
    build(dossier_project(tmp_path / "project"), out=site, with_search=False)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve(site) as base:
        page.goto(base + "netz/")
        assert page.locator("svg.net-network a").count() == 6
        page.screenshot(path=str(out / "netz.png"), full_page=True)
        page.goto(base + "artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/")
        page.screenshot(path=str(out / "artikel.png"), full_page=True)
    page.close()
    assert (out / "netz.png").stat().st_size > 10_000
