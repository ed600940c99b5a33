"""The network in a built site: the page `/netz/` draws every article and stub and each reference, every
article page shows its neighbourhood, and screenshots of both for people to look at (the drawing itself is
tested in test_network.py)."""

from __future__ import annotations

import pytest

from conftest import REPO, article
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


@pytest.mark.slow
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
