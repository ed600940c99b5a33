"""Drafts: `draft: true` keeps an article out of `build` (its references become stubs at its URL), `check`
lists it, `serve` shows it marked "Entwurf" unless --no-drafts, `build --drafts` publishes it; an article
without text that is no draft is a warning."""

from __future__ import annotations

import json

from conftest import article, snapshot
from generator.build import build
from generator.cli import main
from generator.preview import Preview

ENTWURF = '<strong class="badge draft" data-pagefind-ignore>Entwurf</strong>'


def _project(project):
    return project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        "content/articles/a.md": article("Kim trifft Putin", date="2025-07-13", topics=["Diplomatie"],
                                         related=["Geheimer Plan"], body="Ein Bericht über Wonsan."),
        # The file name is not the title's slug: the stub must take the draft's own URL.
        "content/articles/plan.md": article("Geheimer Plan", date="2025-08-01", draft=True, topics=["Entwürfe"],
                                            related=["Kim trifft Putin"],
                                            body="Kim als unfertiger Schlangenbeschwörer."),
        "content/entities/kim.md": "---\nname: Kim\nkind: person\n---\nEin Mann.\n",
    })


def _texts(site) -> str:
    return "\n".join(data.decode("utf-8", "replace") for data in snapshot(site).values())


def test_build_leaves_a_draft_out_of_every_page_and_its_references_are_stubs_at_its_url(project):
    root = _project(project)
    assert main(["build", "-C", str(root), "--no-search", "--strict", "-q"]) == 0
    site = root / "site"
    # No page of its own, and its words, its topic and its title as an article nowhere: home, feed, sitemap,
    # network, topics, the entity it mentions, the whole dossier.
    assert "Schlangenbeschwörer" not in _texts(site) and "Entwürfe" not in _texts(site)
    stub = (site / "artikel/plan/index.html").read_text(encoding="utf-8")
    assert 'content="noindex"' in stub  # the stub page, at the draft's URL
    assert "Geheimer Plan" in stub and "Schlangenbeschwörer" not in stub
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/artikel/plan/" not in sitemap and "/artikel/a/" in sitemap
    assert "Geheimer Plan" not in (site / "feed.xml").read_text(encoding="utf-8")
    entity = (site / "personen/kim/index.html").read_text(encoding="utf-8")
    assert "Kim trifft Putin" in entity and "Geheimer Plan" not in entity
    assert "/artikel/plan/" in (site / "artikel/a/index.html").read_text(encoding="utf-8")
    assert "noch nicht im Dossier" in (site / "artikel/a/index.html").read_text(encoding="utf-8")


def test_check_lists_drafts_and_counts_their_references_as_stubs(project, capsys):
    root = _project(project)
    assert main(["check", "-C", str(root), "--strict"]) == 0
    out = capsys.readouterr().out
    assert ("content/articles/plan.md: info: draft, not built: `dossier serve` shows it, `dossier build --drafts` "
            "publishes it; remove 'draft: true' to publish it [draft]") in out.splitlines()
    assert ('/artikel/plan/: info: a draft, not published yet: "Geheimer Plan" (content/articles/plan.md) [stub]'
            in out.splitlines())
    assert out.splitlines()[-1] == "0 errors, 0 warnings, 1 stub, 1 draft"
    assert main(["check", "-C", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["drafts"] == 1


def test_build_drafts_publishes_them_marked_entwurf(project, tmp_path):
    root = _project(project)
    assert main(["build", "-C", str(root), "--no-search", "--drafts", "-q"]) == 0
    page = (root / "site/artikel/plan/index.html").read_text(encoding="utf-8")
    assert ENTWURF in page and "Kim als unfertiger Schlangenbeschwörer." in page
    assert ENTWURF not in (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    home = (root / "site/index.html").read_text(encoding="utf-8")  # listed, marked too
    assert '<a href="/t/artikel/plan/">Geheimer Plan</a> <strong class="badge draft">Entwurf</strong>' in home
    assert '<a href="/t/artikel/a/">Kim trifft Putin</a>\n' in home
    assert "/artikel/plan/" in (root / "site/sitemap.xml").read_text(encoding="utf-8")
    # Back without --drafts: the same site as a clean build without drafts (incremental equals clean).
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)


def test_publishing_a_draft_gives_what_a_clean_build_gives(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    path = root / "content/articles/plan.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build(root, with_search=False)
    page = (root / "site/artikel/plan/index.html").read_text(encoding="utf-8")
    assert "Kim als unfertiger Schlangenbeschwörer." in page and "Entwurf" not in page
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)


def test_serve_shows_drafts_marked_unless_no_drafts(project, tmp_path):
    root = _project(project)
    for drafts in (True, False):
        folder = tmp_path / f"served-{drafts}"
        folder.mkdir()
        preview = Preview(root, folder, with_search=False, log=lambda line: None, drafts=drafts)
        try:
            assert preview.rebuild()
            page = (folder / "artikel/plan/index.html").read_text(encoding="utf-8")
            assert (ENTWURF in page and "Schlangenbeschwörer" in page) is drafts
            assert ("Schlangenbeschwörer" not in page and "Geheimer Plan" in page) is not drafts  # the stub
        finally:
            preview.close()
    assert not (root / "site").exists()


def test_an_article_without_text_is_a_warning_unless_it_is_a_draft(project, capsys):
    root = project({"content/dossier.yaml": "title: T\n",
                    "content/articles/a.md": article("A", date="2025-01-01", body="\n"),
                    "content/articles/b.md": article("B", date="2025-01-01", body="", draft=True)})
    assert main(["build", "-C", str(root), "--no-search", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/articles/a.md: warning: has no text below its front matter; write it, or add draft: true to "
        "keep it out of the build [empty-body]"]
    assert main(["check", "-C", str(root), "--strict"]) == 1


def test_a_draft_flag_that_is_not_true_or_false_is_an_error_with_its_line(project, capsys):
    root = project({"content/articles/a.md": "---\ntitle: A\ndraft: ja\n---\nText.\n"})
    assert main(["check", "-C", str(root)]) == 1
    assert ("content/articles/a.md:3: error: 'draft' must be true or false, found 'ja' [type]"
            in capsys.readouterr().out.splitlines())


def test_making_a_published_article_a_draft_warns_that_its_url_goes(project, capsys):
    root = project({"content/dossier.yaml": "title: T\n", "content/articles/a.md": article("A", date="2025-01-01"),
                    "content/articles/b.md": article("B", date="2025-01-02")})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    path = root / "content/articles/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "draft: true\ntitle:"), encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "/artikel/a/: warning: the last build published this URL and this build drops it: content/articles/a.md is "
        "a draft; remove its draft: true to keep the URL [dead-url]"]


def test_serve_passes_no_drafts_on(project, monkeypatch):
    import generator.preview as preview

    asked = []
    monkeypatch.setattr(preview, "serve", lambda root, **options: asked.append(options["drafts"]) or 0)
    root = _project(project)
    assert main(["serve", "-C", str(root)]) == 0 and main(["serve", "-C", str(root), "--no-drafts"]) == 0
    assert asked == [True, False]


def test_check_lists_a_draft_made_after_a_build_with_drafts(project, capsys):
    """Where drafts are built, making one changes no reference: the list of drafts must follow anyway."""
    root = project({"content/dossier.yaml": "title: T\n", "content/articles/a.md": article("A", date="2025-01-01")})
    assert main(["build", "-C", str(root), "--no-search", "--drafts", "-q"]) == 0
    path = root / "content/articles/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "draft: true\ntitle:"), encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search", "--drafts", "-q"]) == 0
    assert "Entwurf" in (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    from generator.site import Site

    site = Site(root, drafts=True)  # the state the build left, as serve starts from it
    assert [d.message for d in site.diagnose()[1] if d.code == "draft"] == [
        "draft, built and marked „Entwurf“; remove 'draft: true' to publish it"]
