"""/neu/ in Chromium: its layout on a phone and a desktop, and axe-core finds nothing wrong."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import article
from generator.build import build
from webserver import serve


@pytest.fixture(scope="module")
def changes_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("changes-browser") / "project"
    files = {
        "content/dossier.yaml": "title: Neu-Test\n",
        "content/articles/a.md": article("Kim trifft Putin in Wladiwostok, und das Treffen dauert zwei Tage lang",
                                         date="2025-07-01", added="2025-07-02", related=["Putin in Pjöngjang"]),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", added="2025-07-10",
                                         updated="2025-08-03"),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    build(root, with_search=False)
    with serve(root / "site") as base:
        yield base


@pytest.mark.parametrize("width", [375, 1280])
def test_new_is_laid_out_by_day_without_sideways_scrolling_and_passes_axe(page, changes_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(changes_site + "neu/")
    assert page.locator("main h2").all_inner_texts() == ["3. August 2025", "10. Juli 2025", "2. Juli 2025"]
    first = page.locator(".change-list li").first
    assert first.inner_text().startswith("aktualisiert") and first.locator("a").get_attribute("href") == "/artikel/b/"
    assert page.locator("nav a[aria-current=page]").inner_text() == "Neu"  # the header marks where one is
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Each day's list starts below its heading: headings and items do not overlap.
    boxes = [page.locator(s).first.bounding_box() for s in ("main h2", ".change-list")]
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"]
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    assert violations == [], [v["id"] for v in violations]
