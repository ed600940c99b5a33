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
