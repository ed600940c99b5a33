"""Incremental and parallel builds: reused pages, rendered pages, and always the same bytes as a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import article, override, png, snapshot
from generator import pages as kinds, parallel
from generator.build import build


def _project(project):
    return project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        "content/articles/a.md": article("Kim trifft Putin", date="2025-07-13", topics=["Diplomatie"],
                                         related=["Putin in Pjöngjang", "Fehlt noch"], body="Text über Wonsan."),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", topics=["Diplomatie"],
                                         related=["Kim trifft Putin"], body="Ein Bericht."),
        "content/articles/c.md": article("Anderes", date="2023-01-01", body="Ohne Bezug."),
    })


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_second_build_renders_nothing_and_rewrites_no_page(project):
    root = _project(project)
    first = build(root, with_search=False)
    before = inodes(root / "site")
    second = build(root, with_search=False)
    assert first.reused == 0 and first.rendered > 10
    assert second.rendered == 0 and second.reused == first.rendered
    after = inodes(root / "site")
    pages = [p for p in after if p.endswith((".html", ".xml"))]
    assert all(after[p] == before[p] for p in pages)  # the very same files, linked, not rewritten


def test_one_edit_renders_exactly_the_pages_that_show_it(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    before = inodes(root / "site")
    edit(root / "content/articles/b.md", "title: Putin in Pjöngjang", "title: Putin in „Pjöngjang“")
    result = build(root, with_search=False)
    after = inodes(root / "site")
    changed = sorted(p for p in after if p.endswith((".html", ".xml")) and after[p] != before.get(p))
    # b itself, a (links to b), everything listing or drawing b; not c, not the stub a references.
    assert changed == ["artikel/a/index.html", "artikel/b/index.html", "feed.xml", "gesamt/index.html",
                       "index.html", "netz/index.html", "neu/index.html", "themen/diplomatie/feed.xml",
                       "themen/diplomatie/index.html"]
    assert result.rendered == len(changed)


def test_incremental_build_equals_a_clean_build_byte_for_byte(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    edit(root / "content/articles/a.md", "Text über Wonsan.", "Neuer Text über Wonsan.")
    (root / "content/articles/c.md").unlink()
    (root / "content/articles/d.md").write_text(article("Fehlt noch", date="2025-08-01"), encoding="utf-8")
    build(root, with_search=False)
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)


def test_a_retitled_article_is_linked_by_its_new_title_from_the_pages_that_reference_it(project, tmp_path):
    """A "Lesen Sie auch" link shows its target's own title: renaming the target re-renders the referencing
    article's page and its part of the whole dossier, as a clean build shows them."""
    root = _project(project)
    edit(root / "content/articles/b.md", "title: Putin in Pjöngjang\n",
         "title: Putin in Pjöngjang\nsource:\n  file: b.txt\n  sha256: ab\n  title: Putin in Pjöngjang\n")
    build(root, with_search=False)
    before = inodes(root / "site")
    edit(root / "content/articles/b.md", "title: Putin in Pjöngjang\nsource",
         "title: Putin besucht Pjöngjang\nsource")
    build(root, with_search=False)  # a still names b by its imported title, which still resolves
    after = inodes(root / "site")
    assert after["artikel/a/index.html"] != before["artikel/a/index.html"]
    page = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert '<a href="/t/artikel/b/" title="Putin in Pjöngjang">Putin besucht Pjöngjang</a>' in page
    assert "Lesen Sie auch:</strong>\nPutin besucht Pjöngjang;" in \
        (root / "site/gesamt/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)


def test_search_index_is_reused_when_no_page_changed_and_rebuilt_when_one_did(project, tmp_path):
    root = _project(project)
    build(root)
    bundle = root / "site/pagefind/pagefind-entry.json"
    first = bundle.stat().st_ino
    assert build(root).search == "search index unchanged"
    assert bundle.stat().st_ino == first
    edit(root / "content/articles/c.md", "Ohne Bezug.", "Jetzt mit Kursk.")
    assert build(root).search != "search index unchanged"
    clean = tmp_path / "clean"
    build(root, out=clean)
    assert snapshot(root / "site") == snapshot(clean)  # the bundle too


def test_parallel_rendering_gives_the_same_bytes(project, tmp_path, monkeypatch):
    root = project({f"content/articles/a{i:02d}.md": article(f"Artikel {i}", date=f"2025-01-{i + 1:02d}",
                                                             related=[f"Artikel {(i + 1) % 30}", f"Fehlt {i}"])
                    for i in range(30)})
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setenv("DOSSIER_JOBS", "1")
    build(root, out=tmp_path / "one", with_search=False)
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    build(root, out=tmp_path / "two", with_search=False)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_template_error_in_a_worker_is_reported_and_keeps_the_site(project, monkeypatch, capsys):
    from generator.cli import main
    root = project({f"content/articles/a{i:02d}.md": article(f"Artikel {i}") for i in range(12)})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    before = snapshot(root / "site")
    layout = override(root, "article.html")
    layout.write_text(layout.read_text(encoding="utf-8").replace("{{ article.title|typo }}",
                                                                 "{{ article.title|nofilter }}"), encoding="utf-8")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setenv("DOSSIER_JOBS", "2")
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("layouts/article.html") and "Traceback" not in err
    assert snapshot(root / "site") == before


def _age(root: Path, seconds: float = 60) -> None:
    """Make every input look saved a while ago (fresh files are never trusted by their mtime)."""
    import os
    import time
    past = time.time() - seconds
    for path in list((root / "content").rglob("*")) + list((root / "layouts").rglob("*")):  # none: fine
        os.utime(path, (past, past))


def test_nothing_changed_stops_at_once_and_any_change_builds(project, capsys):
    from generator.cli import main
    root = _project(project)
    _age(root)
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert "is up to date: nothing changed since the last build" in capsys.readouterr().out
    edit(root / "content/articles/c.md", "Ohne Bezug.", "Mit Bezug.")  # a fresh save: never trusted
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    out = capsys.readouterr().out
    assert "3 pages rendered" in out and "up to date" not in out  # its page, the feed, the whole dossier
    assert "Mit Bezug." in (root / "site/artikel/c/index.html").read_text(encoding="utf-8")
    _age(root)
    main(["build", "-C", str(root), "--no-search", "-q"])
    (root / "site/index.html").unlink()  # someone changed the output: its manifest still matches, but a
    (root / "site/.dossier-manifest.json").write_text("{}", encoding="utf-8")  # changed manifest does not
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert (root / "site/index.html").exists()
    _age(root)
    main(["build", "-C", str(root), "--no-search", "-q"])
    assert main(["build", "-C", str(root)]) == 0  # other options (search on): a real build
    assert "up to date" not in capsys.readouterr().out


def test_a_save_made_while_a_build_runs_is_built_by_the_next_build(project):
    # The build remembers the inputs it read. A save while it runs (here: as its pages are written, dated
    # back so that its mtime looks old enough to trust) must not be taken for what it read.
    root = _project(project)
    _age(root)
    saved = []

    def save_meanwhile(done: int, total: int) -> None:
        if not saved:
            edit(root / "content/articles/c.md", "Ohne Bezug.", "Während des Bauens gespeichert.")
            _age(root, 30)
            saved.append(done)

    build(root, with_search=False, progress=save_meanwhile)
    assert saved, "the build reported no progress: the save was never made"
    again = build(root, with_search=False)
    assert not again.up_to_date
    assert "Während des Bauens gespeichert." in (root / "site/artikel/c/index.html").read_text(encoding="utf-8")


def test_the_fragment_cache_never_changes_the_output(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    cache = root / ".cache/dossier/fragments.pickle"
    assert cache.stat().st_size > 0  # the whole dossier's sections are kept for the next fresh build
    edit(root / "content/articles/a.md", "Text über Wonsan.", "Anderer Text über Wonsan.")
    build(root, with_search=False)  # uses the cache for b and c
    clean = tmp_path / "clean"
    build(root, out=clean, with_search=False)
    assert snapshot(root / "site") == snapshot(clean)
    cache.write_bytes(b"not a pickle")  # a broken cache only costs time
    edit(root / "content/articles/b.md", "Ein Bericht.", "Ein anderer Bericht.")
    build(root, with_search=False)
    build(root, out=tmp_path / "clean2", with_search=False)
    assert snapshot(root / "site") == snapshot(tmp_path / "clean2")


# --- fingerprints come from the inputs a page is planned from -------------------------------------------

FIELDS = {  # one edit of each front-matter field of article a, and of its body
    "title": ("title: Kim trifft Putin", "title: Kim trifft Putin erneut"),
    "date": ("date: 2025-07-13", "date: 2025-07-14"),
    "added": ("added: 2025-07-14", "added: 2025-07-15"),
    "updated": ("updated: 2025-08-01", "updated: 2025-08-02"),
    "lede": ("lede: Kim in Moskau.", "lede: Kim in Wladiwostok."),
    "image_credit": ("image_credit: Archiv", "image_credit: Archiv / Agentur"),
    "image": ("image: kim.png", "image: anderes.png"),
    "alt": ("alt: Kim", "alt: Kim und Putin"),
    "draft": ("draft: false", "draft: true"),
    "topics": ("- Diplomatie", "- Diplomatie\n- Raumfahrt"),
    "related": ("- Fehlt noch", "- Fehlt immer noch"),
    "aliases": ("- Kim bei Putin", "- Kim zu Gast bei Putin"),
    "events": ("  text: Gipfel", "  text: Gipfel in Wostotschny"),
    "source": ("  file: kim.txt", "  file: kim-putin.txt"),
    "body": ("Text über Wonsan.", "Text über Wonsan und Kim Jong Un."),
}


def _pages(root: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """Every page's fingerprint and bytes, planned and rendered by a fresh Site as `dossier build` does."""
    from generator.site import Site

    site = Site(root, with_search=False)
    planning = site.planning(site.load()[0])
    planned = [kinds.plan(planning, job)[0] for job in kinds.jobs(planning)]
    return {p.path: p.fingerprint for p in planned}, {p.path: planning.render(p) for p in planned}


@pytest.mark.parametrize("field", sorted(FIELDS) + ["image file"])
def test_a_field_edit_changes_the_fingerprint_of_every_page_that_shows_it(project, field):
    """No page can go stale: every page whose bytes change has a new fingerprint. And no page is rendered
    for nothing, except the three that are given the whole article (its page, the whole dossier, the feed)."""
    root = project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        "content/articles/a.md": article(
            "Kim trifft Putin", date="2025-07-13", added="2025-07-14", updated="2025-08-01", lede="Kim in Moskau.", image_credit="Archiv", image="kim.png",
            alt="Kim", draft=False,
            topics=["Diplomatie"], related=["Putin in Pjöngjang", "Fehlt noch"], aliases=["Kim bei Putin"],
            events=[{"date": "2025-07-12", "text": "Gipfel"}], source={"file": "kim.txt", "sha256": "ab"},
            body="Text über Wonsan."),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", topics=["Diplomatie"],
                                         related=["Kim trifft Putin", "Kim bei Putin"], body="Ein Bericht über Kim."),
        "content/articles/c.md": article("Anderes", date="2023-01-01", body="Ohne Bezug."),
        "content/entities/kim.md": "---\nname: Kim Jong Un\nkind: person\naliases: [Kim]\n---\nMachthaber.\n",
        "content/images/kim.png": png(40, 30), "content/images/anderes.png": png(30, 40),
    })
    fingerprints, pages = _pages(root)
    if field == "image file":  # the bytes of the image it shows, not its front matter
        (root / "content/images/kim.png").write_bytes(png(41, 30))
    else:
        old, new = FIELDS[field]
        edit(root / "content/articles/a.md", old, new)
    fingerprints_after, pages_after = _pages(root)

    changed = {p for p in pages.keys() | pages_after.keys() if pages.get(p) != pages_after.get(p)}
    refingered = {p for p in fingerprints.keys() | fingerprints_after.keys()
                  if fingerprints.get(p) != fingerprints_after.get(p)}
    assert changed, f"editing {field} changes no page: the test edits nothing"
    assert changed <= refingered, f"stale after editing {field}: {sorted(changed - refingered)}"
    assert refingered - changed <= {"artikel/a/index.html", "gesamt/index.html", "feed.xml"}, field


def test_a_title_edit_leaves_the_pages_of_the_other_articles_in_its_topic_alone(project):
    """An article page shows its topics' names, not their members: renaming one member re-renders the
    pages that show its title, not every article of the topic."""
    root = project({f"content/articles/t{n}.md": article(f"Artikel {n}", date="2025-01-10", topics=["Diplomatie"])
                    for n in range(5)})
    fingerprints, _ = _pages(root)
    # Same day: the new title also moves the article to the end of the topic's list.
    edit(root / "content/articles/t0.md", "title: Artikel 0", "title: Zuletzt genannt")
    after, _ = _pages(root)
    refingered = {p for p in fingerprints if fingerprints[p] != after.get(p)}
    assert refingered == {"artikel/t0/index.html", "index.html", "themen/diplomatie/index.html", "netz/index.html",
                          "gesamt/index.html", "neu/index.html"}
