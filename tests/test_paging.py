"""Long lists come in pages of 100: the home page's articles, a topic's, an entity's and the open
references, each page linked to the next, listed in the sitemap, and an edit renders again only the page
of a list that shows it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import article, snapshot, write_project
from generator.build import build
from generator.cli import main
from generator.diagnostics import DossierError
from generator.output import MANIFEST
from generator.site import Site

N = 230  # three pages: 100, 100, 30


def _article(i: int, **fields) -> str:
    """a{i}: a day each, newest last (a229 comes first in every list of articles). It cites the open
    reference "Offen {i}", every seventh also "Offen {i + 3}": 230 open references, 33 of them cited twice."""
    cited = [f"Offen {i}"] + ([f"Offen {i + 3}"] if i % 7 == 0 else [])
    fields = {"title": f"Bericht {i}", "date": f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}", "topics": ["Diplomatie"],
              "related": cited, "body": f"Kim Jong Un sagte am Tag {i} etwas.", **fields}
    return article(fields.pop("title"), **fields)


def _project(root: Path) -> Path:
    files = {"content/dossier.yaml": "title: Lange Listen\nbase_url: https://example.org/listen/\n",
             "content/entities/kim.md": "---\nname: Kim Jong Un\nkind: person\n---\n"}
    for i in range(N):
        files[f"content/articles/a{i}.md"] = _article(i)
    return write_project(root, files)


def _titles(html: str) -> list[str]:
    return re.findall(r'<a href="/listen/artikel/a\d+/">(Bericht \d+)</a>', html)


def _fingerprints(root: Path) -> dict[str, str]:
    """Every page's fingerprint as the last build wrote it (a page is rendered when its fingerprint changes)."""
    return json.loads((root / "site" / MANIFEST).read_text(encoding="utf-8"))["pages"]


def _changed(root: Path, before: dict[str, str]) -> set[str]:
    """The pages the last build rendered again (or added or removed) since `before`."""
    after = _fingerprints(root)
    return {page for page in after.keys() | before.keys() if after.get(page) != before.get(page)}


def test_each_list_is_split_into_linked_pages_of_a_hundred(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    site = root / "site"
    for first in ("index.html", "themen/diplomatie/", "personen/kim/"):
        folder = first.removesuffix("index.html")
        pages = [site / first if first.endswith(".html") else site / first / "index.html",
                 site / folder / "seite/2/index.html", site / folder / "seite/3/index.html"]
        shown = [_titles(page.read_text(encoding="utf-8")) for page in pages]
        assert [len(s) for s in shown] == [100, 100, 30], first
        assert shown[0][0] == "Bericht 229" and shown[2][-1] == "Bericht 0"  # newest first, none twice
        assert len({t for s in shown for t in s}) == N
        assert not (site / folder / "seite/4").exists() and not (site / folder / "seite/1").exists()
        second = pages[1].read_text(encoding="utf-8")
        assert '<nav class="pager" aria-label="Seiten der Liste">' in second
        assert f'rel="prev" href="/listen/{folder}"' in second
        assert f'rel="next" href="/listen/{folder}seite/3/"' in second
        assert "Seite 2 von 3" in second
        assert 'rel="next"' not in pages[2].read_text(encoding="utf-8")
    entity = (site / "personen/kim/seite/3/index.html").read_text(encoding="utf-8")
    assert f"Erwähnt in {N} Artikeln" in entity  # the whole count on every page
    assert "<title>Kim Jong Un (Seite 3 von 3) · Lange Listen</title>" in entity
    assert 'href="/listen/personen/kim/feed.xml"' in entity  # the entity's feed, not the page's
    for page in ("themen/diplomatie/", "themen/diplomatie/seite/3/"):  # the whole list's count and newest
        assert f'content="{N} Artikel zum Thema „Diplomatie“' in (site / page / "index.html").read_text(encoding="utf-8")
        assert re.search(r'content="[^"]*zuletzt am [^"]*„Bericht 229“', (site / page / "index.html").read_text(encoding="utf-8"))
    home = (site / "seite/2/index.html").read_text(encoding="utf-8")
    assert "Artikel (Seite 2 von 3)" in home and "Offene Verweise" not in home
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("seite/3/", "themen/diplomatie/seite/3/", "personen/kim/seite/2/"):
        assert f"<loc>https://example.org/listen/{url}</loc>" in sitemap


def test_a_title_edit_renders_again_only_the_pages_that_show_the_article(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    before = _fingerprints(root)
    path = root / "content/articles/a5.md"  # on the third page of each list
    path.write_text(path.read_text(encoding="utf-8").replace("Bericht 5", "Bericht fünf"), encoding="utf-8")
    build(root, with_search=False)
    changed = _changed(root, before)
    for folder in ("", "themen/diplomatie/", "personen/kim/"):
        assert f"{folder}seite/3/index.html" in changed
        assert f"{folder}index.html" not in changed and f"{folder}seite/2/index.html" not in changed


def test_a_changed_mention_renders_again_only_the_entity_page_that_shows_it(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    before = _fingerprints(root)
    path = root / "content/articles/a5.md"  # on the entity's third page
    path.write_text(path.read_text(encoding="utf-8").replace("am Tag 5 etwas", "am Tag 5 anderes"), encoding="utf-8")
    build(root, with_search=False)
    changed = _changed(root, before)
    assert {page for page in changed if page.startswith("personen/")} == {"personen/kim/seite/3/index.html"}
    assert "Kim Jong Un sagte am Tag 5 anderes." in (root / "site/personen/kim/seite/3/index.html").read_text(
        encoding="utf-8")


OPEN = ("offen/index.html", "offen/seite/2/index.html", "offen/seite/3/index.html")


def _open(site: Path) -> list[str]:
    return [(site / page).read_text(encoding="utf-8") for page in OPEN]


def _references(html: str) -> list[str]:
    """The open references a page of /offen/ lists, in its order."""
    return re.findall(r'<h2><a href="/listen/artikel/offen-\d+/">(Offen \d+)</a></h2>', html)


def test_open_references_come_in_linked_pages_ranked_as_check_open_ranks_them(tmp_path, capsys):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    site = root / "site"
    pages = _open(site)
    shown = [_references(html) for html in pages]
    assert [len(s) for s in shown] == [100, 100, 30]
    assert main(["check", "-C", str(root), "--open"]) == 0
    ranked = [line.split("  ")[1] for line in capsys.readouterr().out.splitlines()]
    assert shown[0] + shown[1] + shown[2] == ranked  # one ranking across the pages, none twice
    assert ranked[:2] == ["Offen 3", "Offen 10"] and ranked[32:34] == ["Offen 227", "Offen 0"]  # cited twice first
    assert ranked[-1] == "Offen 229"  # then by the first citation
    assert not (site / "offen/seite/4").exists() and not (site / "offen/seite/1").exists()
    assert '<ol class="open-list">' in pages[0] and '<ol class="open-list" start="101">' in pages[1]
    assert '<ol class="open-list" start="201">' in pages[2]  # numbered on from the page before
    second = pages[1]
    assert 'rel="prev" href="/listen/offen/"' in second and 'rel="next" href="/listen/offen/seite/3/"' in second
    assert "Seite 2 von 3" in second and 'rel="next"' not in pages[2] and 'rel="prev"' not in pages[0]
    assert "<title>Offene Verweise (Seite 2 von 3) · Lange Listen</title>" in second
    assert "<title>Offene Verweise · Lange Listen</title>" in pages[0]
    assert re.search(r'<meta name="description" content="230 Artikel [^"]*\(Seite 3 von 3\)">', pages[2])
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("offen/", "offen/seite/2/", "offen/seite/3/"):
        assert f"<loc>https://example.org/listen/{url}</loc>" in sitemap


def test_a_redirect_cannot_take_the_address_of_a_page_of_open_references(tmp_path):
    root = _project(tmp_path / "p")
    (root / "content/articles/a0.md").write_text(_article(0, redirect_from=["/offen/seite/3/", "/offen/seite/4/"]),
                                                 encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        Site(root, with_search=False).load()
    found = [str(d) for d in caught.value.diagnostics]
    assert any("'/offen/seite/3/' is already the address of the site's page /offen/seite/3/" in d for d in found)
    assert not any("/offen/seite/4/" in d for d in found)  # there is no fourth page


def test_a_title_edit_renders_again_only_the_page_of_open_references_that_shows_the_article(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    before = _fingerprints(root)
    assert ["Bericht 229" in html for html in _open(root / "site")] == [False, False, True]  # it cites Offen 229
    path = root / "content/articles/a229.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Bericht 229", "Bericht zweihundert"), encoding="utf-8")
    build(root, with_search=False)
    changed = _changed(root, before)
    assert {page for page in changed if page.startswith("offen/")} == {"offen/seite/3/index.html"}
    assert "Bericht zweihundert" in _open(root / "site")[2]


def test_edits_of_open_references_and_mentions_give_what_a_clean_build_gives(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    articles = root / "content/articles"
    edits = [("a229.md", _article(229, title="Bericht zweihundert")),  # a citing article's title
             ("a5.md", _article(5, body="Kim Jong Un sagte am Tag 5 anderes.")),  # a mention's sentence
             ("a224.md", _article(224, related=["Offen 224"])),  # Offen 227 is cited once now: to page 3
             # Last, as no later edit moves the graph: Offen 200 was first cited long ago, to page 1.
             ("a200.md", _article(200, added="2023-01-01"))]
    for name, text in edits:
        (articles / name).write_text(text, encoding="utf-8")
        build(root, with_search=False)
    site = snapshot(root / "site")
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    build(clean, with_search=False)
    assert site == snapshot(clean / "site")
    shown = [_references(html) for html in _open(root / "site")]
    assert shown[0][32] == "Offen 200" and "Offen 227" in shown[2]


def test_a_new_article_moves_every_list_on_as_a_clean_build_would(tmp_path):
    root = _project(tmp_path / "p")
    build(root, with_search=False)
    (root / "content/articles/neu.md").write_text(
        article("Neuer Bericht", date="2025-01-01", topics=["Diplomatie"], body="Kim Jong Un reiste."), encoding="utf-8")
    for i in range(199, N):  # and 31 leave: 200 articles, the third pages go
        (root / f"content/articles/a{i}.md").unlink()
    build(root, with_search=False)
    site = snapshot(root / "site")
    clean = _project(tmp_path / "clean")
    for rel in ("content/articles/neu.md", *(f"content/articles/a{i}.md" for i in range(199, N))):
        if (root / rel).exists():
            (clean / rel).write_bytes((root / rel).read_bytes())
        else:
            (clean / rel).unlink()
    build(clean, with_search=False)
    assert site == snapshot(clean / "site")
    assert "seite/2/index.html" in site and "seite/3/index.html" not in site
    assert "themen/diplomatie/seite/3/index.html" not in site and "personen/kim/seite/3/index.html" not in site
