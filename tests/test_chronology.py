"""The chronology `/chronik/`: German full and partial dates, events oldest first, grouped by year, each
linked to its article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from features import read
from generator.dates import german_date


@pytest.fixture
def site(features_site: Path) -> Path:
    """The features dossier (features.py), built once per session."""
    return features_site


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
