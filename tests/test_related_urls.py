"""Related entries with the address of the page they name (as the web import writes them): a URL that is
an article's source leads to it whatever the link text; an unknown one makes a stub that links to the
original, on its page, on /offen/ and in `check --open`; an edit of the URL alone is built incrementally."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import article
from generator.build import build
from generator.cli import main
from test_changes_pages import outline

WERFT = "https://www.zeitung.example/politik/werft-in-rason"


def _project(project, missing: str = "https://www.agentur.example/meldung/1"):
    source = {"file": "werft.html", "sha256": "0" * 64, "url": WERFT, "outlet": "Nordkurier"}
    return project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        "content/articles/werft.md": article("Die Werft von Rason", date="2025-07-01", source=source),
        "content/articles/hafen.md": article("Hafen im Umbau", date="2025-07-02", related=[
            {"title": "Schiffbau im Norden: die Werft", "url": WERFT},  # the page's own link text
            {"title": "Fehlender Bericht", "url": missing},
        ]),
    })


def test_a_related_url_leads_to_its_article_whatever_the_link_text_and_an_unknown_one_to_the_original(project):
    root = _project(project)
    build(root, with_search=False)
    site = root / "site"
    # shown under the title the dossier gives it
    assert ("/t/artikel/werft/", "Die Werft von Rason") in outline(site, "artikel/hafen").links
    assert not (site / "artikel/schiffbau-im-norden-die-werft").exists()  # no stub for a known URL
    stub = outline(site, "artikel/fehlender-bericht")
    assert ("https://www.agentur.example/meldung/1", "Original bei agentur.example") in stub.links
    assert ("https://www.agentur.example/meldung/1", "https://www.agentur.example/meldung/1") in \
        outline(site, "offen").links
    # the file keeps the text as the page had it
    assert "Schiffbau im Norden: die Werft" in (root / "content/articles/hafen.md").read_text(encoding="utf-8")


def test_check_open_names_the_original_of_an_open_reference(project, capsys):
    root = _project(project)
    assert main(["check", "-C", str(root), "--open"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("1  Fehlender Bericht") and line.endswith("https://www.agentur.example/meldung/1")


def test_a_changed_related_url_rebuilds_the_stub_as_a_clean_build_does(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)
    moved = "https://www.agentur.example/meldung/2"
    changed = _project(lambda files: root if [
        (root / rel).write_text(text, encoding="utf-8") for rel, text in files.items()] else root, moved)
    build(changed, with_search=False)
    stub = outline(root / "site", "artikel/fehlender-bericht")
    assert (moved, "Original bei agentur.example") in stub.links
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    build(clean, with_search=False)
    for page in ("artikel/fehlender-bericht", "offen", "artikel/hafen"):
        assert (root / "site" / page / "index.html").read_bytes() == (clean / "site" / page / "index.html").read_bytes()
