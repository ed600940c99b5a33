"""Redirects for renamed articles (`redirect_from`): the page at each old address, how the paths are
checked, and that adding or removing one gives the bytes of a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import article, snapshot
from features import FILES
from generator import content, pages, redirects, static
from generator.build import build
from generator.cli import main
from generator.diagnostics import DossierError
from generator.site import Site
from generator.urls import output_path
from sitecheck import broken_links
from webserver import serve

TITLE = 'Kim & Putin: "Gipfel" <b>'
OLD = ["/artikel/alt/", "/2024/07/kim.html", "/artikel/Noch-aelter"]  # the last one without its slash


def _renamed(project, base_url: str = "https://example.org/repo/", old=OLD) -> Path:
    return project({
        "content/dossier.yaml": f"title: T\nbase_url: {base_url}\n",
        "content/articles/neu.md": article(TITLE, date="2025-07-13", topics=["Diplomatie"], redirect_from=old),
        "content/articles/b.md": article("Anderes", date="2025-07-01", related=[TITLE]),
    })


def test_a_renamed_articles_old_addresses_lead_to_it(project):
    root = _renamed(project)
    build(root, with_search=False)
    site = root / "site"
    for page in ("artikel/alt/index.html", "2024/07/kim.html", "artikel/Noch-aelter/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert html.startswith('<!doctype html>\n<html lang="de">')
        assert '<meta http-equiv="refresh" content="0; url=/repo/artikel/neu/">' in html
        assert '<link rel="canonical" href="https://example.org/repo/artikel/neu/">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert ('<p>Dieser Artikel ist umgezogen: <a href="/repo/artikel/neu/">'
                'Kim &amp; Putin: „Gipfel“ &lt;b&gt;</a></p>') in html
        assert "data-pagefind" not in html
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "artikel/neu/" in sitemap and "alt" not in sitemap and "kim.html" not in sitemap
    assert "umgezogen" not in (site / "feed.xml").read_text(encoding="utf-8")
    assert broken_links(site, base_path="/repo/") == []


def test_without_a_host_the_canonical_address_is_the_articles_path(project):
    root = _renamed(project, base_url="/sub/", old=["/artikel/alt/"])
    build(root, with_search=False)
    html = (root / "site/artikel/alt/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/sub/artikel/neu/">' in html
    assert '<link rel="canonical" href="/sub/artikel/neu/">' in html
    assert broken_links(root / "site", base_path="/sub/") == []


def test_navigating_to_an_old_address_ends_at_the_article_under_a_base_path(project, page):
    root = _renamed(project)
    build(root, with_search=False)
    with serve(root / "site", prefix="/repo/") as base:
        for old in ("artikel/alt/", "2024/07/kim.html", "artikel/Noch-aelter"):
            page.goto(base + old)
            page.wait_for_url(f"{base}artikel/neu/", timeout=10_000)
            assert page.locator("h1").inner_text() == "Kim & Putin: „Gipfel“ <b>"


@pytest.mark.parametrize("path, why", [
    ("https://example.org/alt/", "write only its path from the site's root, without scheme, host and base path"),
    ("artikel/alt/", "write it from the site's root, starting with /, like /artikel/alter-name/"),
    ("/alt/?id=3", "a static site cannot redirect a query (?) or a fragment (#); write the path alone"),
    ("/alt//x/", "it has an empty part (//); write one slash"),
    ("/../etc/", "'..' is not a plain name; use letters A-Z, digits and - _ . ~ between slashes, not starting "
                 "with a dot"),
    ("/artikel/über/", "'über' is not a plain name"),
    ("/alt.html/x/", "'alt.html' names a page file, so it can only be the last part"),
])
def test_a_path_that_is_not_a_site_path_is_an_error_naming_file_and_line(project, path, why):
    root = project({"content/articles/a.md": f"---\ntitle: A\nredirect_from:\n- /gut/\n- '{path}'\n---\nText\n"})
    with pytest.raises(DossierError) as caught:
        content.load(root)
    [problem] = [str(d) for d in caught.value.diagnostics]
    assert problem.startswith(f"content/articles/a.md:5: error: redirect_from {path!r} is not a site path: {why}")
    assert problem.endswith("[redirect-path]") and "\n" not in problem


def test_paths_are_read_as_written_in_any_list_form(project):
    root = project({
        "content/articles/a.md": "---\ntitle: A\nredirect_from: /alt\n---\nText\n",
        "content/articles/b.md": "---\ntitle: B\nredirect_from: /b-alt/, /2024/b.html\n---\nText\n",
        "content/articles/c.md": "---\ntitle: C\nredirect_from: [/c/, /c/d/]\n---\nText\n",
        "content/articles/d.md": "---\ntitle: D\nredirect_from:\n- /d/e/\n- /d/\n---\nText\n",
    })
    dossier, diagnostics = content.load(root)
    a, b, c, d = dossier.articles
    assert a.redirect_from == ("/alt/",)  # a folder, as a server answers /alt
    assert b.redirect_from == ("/b-alt/", "/2024/b.html")
    assert [str(x) for x in diagnostics if x.code == "not-a-list"] == [
        "content/articles/b.md:3: warning: 'redirect_from' is one text with commas, read as the paths between "
        "them; write a list: redirect_from: [/b-alt/, /2024/b.html] [not-a-list]"]
    assert (c.redirect_from, c.redirect_lines) == (("/c/", "/c/d/"), (3, 3))
    assert (d.redirect_from, d.redirect_lines) == (("/d/e/", "/d/"), (4, 5))


def test_a_path_another_page_or_redirect_has_is_an_error_naming_file_and_line(project, capsys):
    taken = ["/artikel/a/", "/artikel/fehlt-noch/", "/themen/diplomatie/", "/seiten/ueber/", "/personen/kim/",
             "/chronik", "/index.html", "/feed.xml", "/assets/alt/", "/pagefind/", "/artikel/r/", "/frei/", "/FREI/"]
    root = project({
        "content/dossier.yaml": "title: T\nbase_url: /repo/\n",
        "content/articles/a.md": article("A", topics=["Diplomatie"], related=["Fehlt noch"], redirect_from=["/frei/"]),
        "content/articles/r.md": article("R", redirect_from=taken + ["/repo/x/"]),
        "content/pages/ueber.md": "---\ntitle: Über\n---\nText\n",
        "content/entities/kim.md": "---\nname: Kim\nkind: person\n---\nText\n",
    })
    with pytest.raises(DossierError) as caught:
        Site(root, with_search=False).load()
    found = [str(d) for d in caught.value.diagnostics]
    lines = {path: 4 + n for n, path in enumerate(taken)}  # r.md: "redirect_from:" on line 3, one path a line
    expected = {
        "/artikel/a/": "is already the address of article content/articles/a.md; remove it from redirect_from",
        "/artikel/fehlt-noch/": "is already the address of the stub page for 'Fehlt noch' (referenced by "
                                "content/articles/a.md); if that title names this article, add it to its 'aliases'; "
                                "else remove the path from redirect_from",
        "/themen/diplomatie/": "is already the address of the page of topic 'Diplomatie'",
        "/seiten/ueber/": "is already the address of page content/pages/ueber.md",
        "/personen/kim/": "is already the address of entity content/entities/kim.md",
        "/chronik": "is already the address of the site's page /chronik/",
        "/index.html": "is already the address of the site's page /",
        "/feed.xml": "is already the address of the site's file /feed.xml",  # kept free also without a host
        "/assets/alt/": "is already the address of the site's folder /assets/",
        "/pagefind/": "is already the address of the site's folder /pagefind/",
        "/artikel/r/": "is this article's own address; remove it from redirect_from",
        "/frei/": "is already a redirect of content/articles/a.md; keep it in one article",
        "/FREI/": "is already a redirect of content/articles/a.md; keep it in one article",
    }
    for path, message in expected.items():
        shown = redirects.site_path(path)
        assert any(f.startswith(f"content/articles/r.md:{lines[path]}: error: redirect_from {shown!r} {message}")
                   for f in found), (path, found)
    assert len(found) == len(expected)
    # Warnings do not stop a build, but are said:
    fixed = root / "content/articles/r.md"
    fixed.write_text(article("R", redirect_from=["/FREI/", "/frei/", "/repo/x/"]), encoding="utf-8")
    (root / "content/articles/a.md").write_text(article("A"), encoding="utf-8")
    _, warnings = Site(root, with_search=False).load()
    assert [str(w) for w in warnings if w.code.startswith("redirect")] == [
        "content/articles/r.md:5: warning: redirect_from lists '/frei/' twice, as '/FREI/' too (one file where "
        "case is ignored); remove one [redirect-twice]",
        "content/articles/r.md:6: warning: redirect_from '/repo/x/' starts with the site's base path /repo/; "
        "paths are from the site's root: write '/x/' [redirect-base]"]
    assert main(["check", "-C", str(root), "--strict"]) == 1
    assert "[redirect-base]" in capsys.readouterr().out


def test_every_page_and_file_the_site_writes_is_taken(project):
    """A redirect can never overwrite a page: every path the site writes is known to redirects.taken."""
    files = dict(FILES, **{
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/\n",
        "content/pages/ueber.md": "---\ntitle: Über\n---\nText\n",
        "content/articles/r.md": article("R", topics=["Diplomatie"], related=["Fehlt"], redirect_from=["/r-alt/"]),
    })
    site = Site(project(files), with_search=False)
    linked, _ = site.load()
    planning = site.planning(linked)
    written = {job.path for job in pages.jobs(planning)} | set(static.files(planning.theme, linked.settings))
    taken = redirects.taken(linked)
    missed = {path for path in written - {"r-alt/index.html", ".nojekyll"}
              if path.casefold() not in taken and not path.startswith("assets/")}
    assert missed == set()
    assert linked.redirects == {"/r-alt/": "r"}


def test_adding_retitling_and_removing_redirects_equals_a_clean_build(project, tmp_path):
    root = _renamed(project, old=[])
    path = root / "content/articles/neu.md"

    def clean() -> dict[str, bytes]:
        copy = tmp_path / "clean"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(root / "content", copy / "content")
        build(copy, with_search=False)
        return snapshot(copy / "site")

    build(root, with_search=False)
    for step, redirect_from in enumerate([["/artikel/alt/"], ["/artikel/alt/", "/2024/07/kim.html"],
                                          ["/2024/07/kim.html"], []]):
        path.write_text(article(f"Titel {step}", date="2025-07-13", redirect_from=redirect_from), encoding="utf-8")
        build(root, with_search=False)
        site = root / "site"
        assert ((site / "artikel/alt/index.html").exists(), (site / "2024/07/kim.html").exists()) == \
            ("/artikel/alt/" in redirect_from, "/2024/07/kim.html" in redirect_from)
        for old in redirect_from:
            assert f">Titel {step}</a>" in (site / output_path(old)).read_text(encoding="utf-8")  # its title now
        assert (site / "2024").exists() == ("/2024/07/kim.html" in redirect_from)  # no empty folder left
        assert snapshot(site) == clean(), step


def test_renaming_an_articles_file_with_a_redirect_equals_a_clean_build(project, tmp_path):
    """The usual case: the article's old page becomes its redirect page, in the same build."""
    root = project({"content/articles/alt.md": article("Kim trifft Putin", date="2025-07-13"),
                    "content/articles/b.md": article("B", related=["Kim trifft Putin"])})
    build(root, with_search=False)
    (root / "content/articles/alt.md").unlink()
    (root / "content/articles/neu.md").write_text(
        article("Kim trifft Putin", date="2025-07-13", redirect_from=["/artikel/alt/"]), encoding="utf-8")
    build(root, with_search=False)
    assert "umgezogen" in (root / "site/artikel/alt/index.html").read_text(encoding="utf-8")
    assert 'href="/artikel/neu/"' in (root / "site/artikel/b/index.html").read_text(encoding="utf-8")
    build(root, out=tmp_path / "clean", with_search=False)
    assert snapshot(root / "site") == snapshot(tmp_path / "clean")


def test_a_new_article_never_takes_an_address_a_redirect_holds(project, tmp_path, capsys):
    root = _renamed(project, old=["/artikel/alt/"])
    raw = tmp_path / "alt.txt"
    raw.write_text("Alt\nEine Lede.\nEin Absatz.\n", encoding="utf-8")
    assert main(["import", "-C", str(root), str(raw)]) == 0
    assert "new content/articles/alt-2.md" in capsys.readouterr().out
    build(root, with_search=False)
    assert "umgezogen" in (root / "site/artikel/alt/index.html").read_text(encoding="utf-8")
