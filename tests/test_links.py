"""Cross-references: tolerant title matching, stubs at stable URLs, backlinks, duplicates."""

from __future__ import annotations

import pytest

from conftest import article, snapshot
from generator import content, links, review
from generator.build import build
from generator.check import check
from generator.cli import main
from generator.diagnostics import DossierError
from generator.frontmatter import dump


@pytest.mark.parametrize("written, target", [
    ('Kims neuer Zerstörer kentert: „Schwerer Unfall“', 'Kims neuer Zerstörer kentert: "Schwerer Unfall"'),
    ("Kims neuer Zerstörer kentert: »Schwerer Unfall«", 'Kims neuer Zerstörer kentert: "Schwerer Unfall"'),
    ("Ukraine–Krieg: Russland  bestätigt", "Ukraine-Krieg: Russland bestätigt"),
    ("Ukraine — Krieg: Russland bestätigt", "Ukraine-Krieg: Russland bestätigt"),
    ("UKRAINE-KRIEG: russland bestätigt.", "Ukraine-Krieg: Russland bestätigt"),
    ("  Seoul vor Kurswechsel : Lee will Dialog ", "Seoul vor Kurswechsel: Lee will Dialog"),
    ("Straße", "STRASSE"),  # casefold
    ("Ｓeoul", "Seoul"),  # NFKC: full-width letters
    # Pasted from a web page: soft hyphens, zero-width spaces, word joiners, a BOM, no-break spaces.
    ("Kims neuer Zer\u00adstörer kentert", "Kims neuer Zerstörer kentert"),
    ("Kims\u200b neuer\u2060 Zerstörer\u200c kentert\ufeff", "Kims neuer Zerstörer kentert"),
    ("Seoul\u00a0vor\u202fKurswechsel", "Seoul vor Kurswechsel"),
])
def test_title_key_tolerates_quotes_dashes_case_and_spacing(written, target):
    assert links.title_key(written) == links.title_key(target)


@pytest.mark.parametrize("a, b", [
    ("Ukraine-Krieg: Russland bestätigt", "Ukraine-Krieg: Russland dementiert"),
    ("Kim trifft Putin", "Kim trifft Lawrow"),
    ("Nordkorea", "Südkorea"),
])
def test_title_key_keeps_different_titles_apart(a, b):
    assert links.title_key(a) != links.title_key(b)


def _linked(project, files):
    dossier, _ = content.load(project(files))
    return links.link(dossier)


def test_related_titles_resolve_to_articles_stubs_and_backlinks(project):
    linked, problems = _linked(project, {
        "content/articles/erster.md": article(
            'Kim verspricht "bedingungslose Unterstützung"', date="2025-07-13",
            related=["Zweiter Bericht – mit Gedankenstrich", "Noch nicht da: „Ein Titel“", "Der dritte Bericht"]),
        "content/articles/zweiter.md": article(
            "Zweiter Bericht - mit Gedankenstrich", date="2025-07-14",
            related=["kim verspricht „bedingungslose unterstützung“.", "Noch nicht da: \"Ein Titel\""]),
        "content/articles/dritter.md": article("Dritter Bericht", aliases=["Der dritte Bericht"]),
    })
    assert problems == []
    refs = {slug: [(r.slug, r.is_stub) for r in rs] for slug, rs in linked.refs.items()}
    assert refs["erster"] == [("zweiter", False), ("noch-nicht-da-ein-titel", True), ("dritter", False)]
    assert refs["zweiter"] == [("erster", False), ("noch-nicht-da-ein-titel", True)]
    assert list(linked.stubs) == ["noch-nicht-da-ein-titel"]
    # One stub for two spellings of the same title; both referencing articles are listed, newest first.
    assert linked.backlinks["noch-nicht-da-ein-titel"] == ("zweiter", "erster")
    assert linked.backlinks["erster"] == ("zweiter",)
    assert linked.backlinks["dritter"] == ("erster",)
    assert "zweiter" in linked.backlinks
    # Display order: dated newest first, undated last.
    assert list(linked.articles) == ["zweiter", "erster", "dritter"]


def test_stub_slug_is_the_url_the_article_will_have_and_never_an_existing_articles(project):
    linked, _ = _linked(project, {
        "content/articles/kim-trifft-putin.md": article("Kim trifft Putin", related=["Kim trifft Putin!?"]),
        "content/articles/b.md": article("B", related=["Kim trifft: Putin", "Größere Übung im Gelben Meer"]),
    })
    # "Kim trifft: Putin" has a different key but the same slug as an article: it gets a suffix.
    assert set(linked.stubs) == {"kim-trifft-putin-2", "groessere-uebung-im-gelben-meer"}


def test_duplicate_titles_are_an_error_naming_both_files(project):
    linked, problems = _linked(project, {
        "content/articles/a.md": article("Kim trifft Putin"),
        "content/articles/b.md": article("KIM TRIFFT „PUTIN“"),
    })
    assert [(p.level, p.path, p.code) for p in problems] == [("error", "content/articles/b.md", "duplicate-title")]
    assert "content/articles/a.md" in problems[0].message


def test_self_reference_and_repeated_titles_are_handled(project):
    linked, problems = _linked(project, {
        "content/articles/a.md": article("Kim trifft Putin", related=["Kim trifft Putin", "X", "x."]),
    })
    assert [p.code for p in problems] == ["self-reference"]
    assert [r.slug for r in linked.refs["a"]] == ["a", "x"]
    assert "a" not in linked.backlinks  # an article is not its own backlink


def test_near_misses_are_found_for_check(project):
    linked, _ = _linked(project, {
        "content/articles/a.md": article("Russland und Nordkorea bestätigen Truppeneinsatz"),
        "content/articles/b.md": article("B", related=["Russland und Nordkorea bestätigen Truppeneinsätze",
                                                       "Etwas ganz anderes"]),
    })
    misses = [(s.title, a.slug) for s, a in review.near_misses(linked)]
    assert misses == [("Russland und Nordkorea bestätigen Truppeneinsätze", "a")]


def test_topics_group_articles_newest_first(project):
    linked, _ = _linked(project, {
        "content/articles/a.md": article("A", date="2024-01-01", topics=["Ukraine-Krieg", "Diplomatie"]),
        "content/articles/b.md": article("B", date="2025-01-01", topics=["ukraine-krieg"]),
    })
    assert [(t.slug, t.name, t.articles) for t in linked.topics.values()] == [
        ("diplomatie", "Diplomatie", ("a",)), ("ukraine-krieg", "Ukraine-Krieg", ("b", "a"))]


def test_load_reports_all_broken_files_at_once(project):
    root = project({
        "content/articles/a.md": "---\ntitle: A\ndate: [\n---\nText",
        "content/articles/b.md": "---\ntitle: B\ndate: 2025-13-01\n---\nText",
        "content/articles/c.md": article("C"),
    })
    with pytest.raises(DossierError) as caught:
        content.load(root)
    paths = [d.path for d in caught.value.diagnostics]
    assert paths == ["content/articles/a.md", "content/articles/b.md"]


def _imported(title: str, imported: str, **fields) -> str:
    """An article the importer wrote under `imported` whose editor has since set `title`."""
    return article(title, source={"file": "a.txt", "sha256": "0" * 64, "title": imported}, **fields)


def test_an_edited_title_breaks_no_reference_and_check_names_the_old_title(project):
    from generator.check import check

    root = project({
        "content/articles/a.md": _imported("Kim sagt Putin Hilfe zu", "Kim sichert Putin „Unterstützung“ zu"),
        "content/articles/b.md": article("B", related=['Kim sichert Putin "Unterstützung" zu', "Kim sagt Putin Hilfe zu"]),
        "content/articles/c.md": _imported("C", "C"),  # its own imported title is no duplicate
    })
    linked, problems = links.link(content.load(root)[0])
    assert problems == []
    assert [(r.slug, r.is_stub) for r in linked.refs["b"]] == [("a", False)]  # both titles name a; no stub
    assert linked.stubs == {} and linked.backlinks["a"] == ("b",)
    assert [str(d) for d in check(root) if d.code == "old-title"] == [
        "content/articles/b.md: warning: 'Lesen Sie auch' title \"Kim sichert Putin \\\"Unterstützung\\\" zu\" is the "
        "old title of content/articles/a.md; change it to \"Kim sagt Putin Hilfe zu\" [old-title]"]


def test_an_imported_title_yields_to_another_articles_title(project):
    linked, problems = _linked(project, {
        "content/articles/a.md": _imported("Kim sagt Putin Hilfe zu", "Kim trifft Putin"),
        "content/articles/b.md": article("Kim trifft Putin"),
        "content/articles/c.md": article("C", related=["Kim trifft Putin"]),
    })
    assert [r.slug for r in linked.refs["c"]] == ["b"]
    assert [(p.level, p.path, p.code) for p in problems] == [("warning", "content/articles/a.md", "old-title-taken")]
    assert "content/articles/b.md" in problems[0].message and "'Kim sagt Putin Hilfe zu'" in problems[0].message


# -- Duplicates, self-references and cycles, built and checked --------------------------------------

def test_duplicates_self_references_and_cycles_are_deterministic_and_reported(project, tmp_path, capsys):
    root = project({
        "content/articles/a.md": article("Kim trifft Putin", date="2025-01-01",
                                         related=["Putin trifft Kim", "Kim trifft Putin", "Kim & Xi", "Kim - Xi"]),
        "content/articles/b.md": article("Putin trifft Kim", date="2025-01-02", related=["Kim trifft Putin"]),
        "content/articles/c.md": article("Ein Kreis", related=["Noch ein Kreis"]),
        "content/articles/d.md": article("Noch ein Kreis", related=["Ein Kreis", "Noch ein Kreis"]),
    })
    build(root, out=tmp_path / "one", with_search=False)
    build(root, out=tmp_path / "two", with_search=False)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    # "Kim & Xi" and "Kim - Xi" are different titles with the same slug: two stubs, numbered in file order.
    assert (tmp_path / "one/artikel/kim-xi/index.html").exists() and (tmp_path / "one/artikel/kim-xi-2").exists()
    found = [str(d) for d in check(root)]
    assert any(line.startswith("content/articles/a.md: warning: 'Lesen Sie auch' names the article itself")
               for line in found)
    assert any(line.startswith("content/articles/d.md: warning: 'Lesen Sie auch' names the article itself")
               for line in found)
    [clash] = [line for line in found if "[stub-slug]" in line]
    assert clash.startswith("content/articles/a.md: warning: ") and '"Kim - Xi"' in clash and '"Kim & Xi"' in clash
    assert main(["check", "-C", str(root)]) == 0  # warnings, not errors


def test_two_articles_with_one_title_or_one_slug_are_errors(project, capsys):
    root = project({"content/articles/a.md": article("Kim"), "content/articles/b.md": article("„KIM“")})
    assert main(["check", "-C", str(root)]) == 1
    assert "content/articles/b.md: error: title '„KIM“' is already the title or alias of content/articles/a.md" \
        in capsys.readouterr().out
    root = project({"content/articles/Kim Jong.md": article("Eins"), "content/articles/kim-jong.md": article("Zwei"),
                    "content/entities/Kim.md": dump({"name": "Kim", "kind": "person"}, "x"),
                    "content/entities/kim.md": dump({"name": "Kim Jong", "kind": "ort"}, "y")})
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "content/articles/kim-jong.md: error: " in err and "[duplicate-slug]" in err
    assert "content/entities/kim.md: error: " in err
    assert all(len(line.split(": error: ")) == 2 for line in err.strip().splitlines() if line)
