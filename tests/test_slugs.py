"""Slugs and the file names the importer gives articles: plain `[a-z0-9-]`, at most 100 characters, never
`..`, a path or a Windows device name; titles that share a slug get numbered file names."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from conftest import write_project
from generator import content, links
from generator.importer import import_files
from generator.slugs import slugify


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


def assert_safe_slug(slug: str) -> None:
    assert SLUG.fullmatch(slug), slug
    assert len(slug) <= 100
    assert slug.split(".")[0] not in WINDOWS_RESERVED, slug


@pytest.mark.parametrize("title", [
    "..", "../../etc/passwd", "/etc/passwd", "C:\\Windows\\system32", "\\\\server\\share", "CON", "nul", "Com1",
    "LPT9", "aux.txt", "Prn", "~", ".", "", "   ", "«»", "日本語", "a/b\\c", "\x00", "%2e%2e%2f", "x" * 300,
    "Das ist ein sehr langer Titel über " + "Nordkorea und Russland " * 20,
])
def test_slugs_never_leave_their_folder(title):
    assert_safe_slug(slugify(title))


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_slugify_always_gives_a_plain_bounded_slug(title):
    assert_safe_slug(slugify(title))


def test_importer_file_names_stay_in_content_articles(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    titles = ["../../../etc/passwd", "/absolute/path", "CON", "NUL", "com1", "..\\..\\boot.ini", "T" * 300,
              "Ä" * 150 + " " + "ü" * 150]
    raws = []
    for n, title in enumerate(titles):
        raw = tmp_path / f"raw{n}.txt"
        raw.write_text(f"{title}\nDie Einleitung.\nEin Absatz mit Text.\n", encoding="utf-8")
        raws.append(raw)
    import_files(root, raws)
    written = sorted((root / "content/articles").iterdir())
    assert len(written) == len(titles)
    for path in written:
        assert path.parent == root / "content/articles" and path.suffix == ".md"
        assert_safe_slug(path.stem)
    # Raw texts are kept as <12 hex of their hash>-<file name>: no name from outside becomes a path either.
    kept = sorted((root / "content/sources").iterdir())
    assert all(p.parent == root / "content/sources" and re.fullmatch(r"[0-9a-f]{12}-raw\d\.txt", p.name) for p in kept)
    assert sorted(p.name[13:] for p in kept) == sorted(r.name for r in raws)
    assert {a.title for a in content.load(root)[0].articles} == {" ".join(t.split()) for t in titles}
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and root not in p.parents and p not in raws]


def test_importing_two_texts_whose_titles_share_a_slug_numbers_them(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    one, two = tmp_path / "1.txt", tmp_path / "2.txt"
    one.write_text("Kim & Xi\nEinleitung.\nText eins.\n", encoding="utf-8")
    two.write_text("Kim - Xi\nEinleitung.\nText zwei.\n", encoding="utf-8")
    import_files(root, [one, two])
    assert sorted(p.name for p in (root / "content/articles").iterdir()) == ["kim-xi-2.md", "kim-xi.md"]


DASHES = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Pd"]
MINUS_AND_DOTS = ["\u2212", "\u207b", "\u208b", "\u00b7", "\u0387", "\u2027", "\u2022", "\u2219", "\u22c5",
                  "\u2e31", "\u30fb", "\uff65"]


@pytest.mark.parametrize("mark", DASHES + MINUS_AND_DOTS, ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_dash_minus_and_middle_dot_splits_words(mark):
    assert slugify(f"Moskau{mark}Pjöngjang") == "moskau-pjoengjang"
    assert slugify(f"2024 {mark} 2025") == "2024-2025"


def test_titles_with_dashes_read_as_words_in_their_url():
    assert slugify("Direktzug Moskau–Pjöngjang: Erste Fahrt seit 2020") == \
        "direktzug-moskau-pjoengjang-erste-fahrt-seit-2020"
    assert slugify("2024–2025") == "2024-2025"
    assert slugify("Kim—Putin‑Gipfel") == "kim-putin-gipfel"  # em dash, non-breaking hyphen


def test_an_en_dash_title_gets_a_stub_and_a_file_name_with_its_words_apart(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    raw = tmp_path / "zug.txt"
    raw.write_text("Direktzug Moskau–Pjöngjang rollt wieder\nDie Einleitung.\nEin Absatz.\n\nLesen Sie auch:\n"
                   "Visafreiheit 2024–2025 verlängert\n", encoding="utf-8")
    import_files(root, [raw])
    assert [p.name for p in (root / "content/articles").iterdir()] == ["direktzug-moskau-pjoengjang-rollt-wieder.md"]
    linked, _ = links.link(content.load(root)[0])
    assert list(linked.stubs) == ["visafreiheit-2024-2025-verlaengert"]
