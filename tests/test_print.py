"""Print: the whole dossier in one page (`/gesamt/`: table of contents, every article, the chronology, the
sources) and the print stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from features import read
from test_build import text_of


@pytest.fixture
def site(features_site: Path) -> Path:
    """The features dossier (features.py), built once per session."""
    return features_site


def test_print_page_holds_every_article_chronology_and_sources(site):
    page = read(site, "gesamt")
    for slug, title in (("alt", "Lawrow in Wonsan"), ("neu", "Kimchi und nordkoreanische Küche")):
        assert f'href="#artikel-{slug}"' in page and f'id="artikel-{slug}"' in page and title in page
    assert "Kims Koch erzählt." in text_of(page) and "Dort traf er Kim Jong Un." in text_of(page)
    assert 'id="chronik"' in page and "Februar 2022" in page and 'id="quellen"' in page
    css = (site / "assets/style.css").read_text(encoding="utf-8")
    assert "@media print" in css and "break-before: page" in css


def test_a_large_dossier_is_split_into_bounded_volumes_by_year_month_and_part():
    from generator.volumes import split

    dated = [("a", "2025-07-13"), ("b", "2025-07-02"), ("c", "2025-07-01"), ("d", "2025-06"), ("e", "2025"),
             ("f", "2024-03-01"), ("g", ""), ("h", ""), ("i", "")]
    found = [(v.key, v.label, v.slugs) for v in split(dated, 2)]
    assert found == [("2025-07-1", "Juli 2025, Teil 1", ("a", "b")), ("2025-07-2", "Juli 2025, Teil 2", ("c",)),
                     ("2025-06", "Juni 2025", ("d",)), ("2025", "2025, ohne Monat", ("e",)),
                     ("2024", "2024", ("f",)),
                     ("ohne-datum-1", "Ohne Datum, Teil 1", ("g", "h")), ("ohne-datum-2", "Ohne Datum, Teil 2", ("i",))]
    assert [(v.key, v.slugs) for v in split(dated[:2], 2)] == [("", ("a", "b"))]  # fits: the one page


def test_volumes_hold_their_own_articles_and_an_edit_rewrites_only_its_volume(project, tmp_path, monkeypatch):
    from conftest import article, snapshot
    from generator import volumes
    from generator.build import build
    from test_incremental import edit, inodes

    monkeypatch.setattr(volumes, "VOLUME", 2)
    root = project({
        f"content/articles/{slug}.md": article(f"Artikel {slug.upper()}", date=date, body=f"Text von {slug}.",
                                               events=[{"date": date, "text": f"Ereignis {slug}"}])
        for slug, date in (("a", "2025-07-13"), ("b", "2025-05-01"), ("c", "2025-01-02"), ("d", "2024-02-03"))})
    build(root, with_search=False)
    site = root / "site"
    contents = read(site, "gesamt")
    assert 'href="/gesamt/2025/"' not in contents  # 2025 has three articles: split by month
    for key, label in (("2025-07", "Juli 2025"), ("2025-05", "Mai 2025"), ("2025-01", "Januar 2025"), ("2024", "2024")):
        assert f'<a href="/gesamt/{key}/">{label}</a>' in contents
    volume = read(site, "gesamt/2024")
    assert 'id="artikel-d"' in volume and "Text von d." in volume and "Ereignis d" in volume
    assert "Artikel A" not in volume and "Ereignis a" not in volume  # another volume's article and event
    assert 'href="/gesamt/">Alle Bände</a>' in volume
    before = inodes(site)
    edit(root / "content/articles/d.md", "Text von d.", "Neuer Text von d.")
    build(root, with_search=False)
    after = inodes(site)
    changed = sorted(p for p in after if p.startswith("gesamt/") and after[p] != before.get(p))
    assert changed == ["gesamt/2024/index.html"]
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(site) == snapshot(clean)
