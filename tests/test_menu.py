"""Site identity in dossier.yaml: a menu of links (free pages, sections, addresses elsewhere) in the header
or the footer, and a footer text; every mistake named with file and line."""

from __future__ import annotations

import re

import pytest

from conftest import article, write_project
from generator.cli import main

SETTINGS = """title: Wahl in Leipzig
footer: "Herausgegeben von <Lokal> & Partner"
menu:
  - title: Impressum
    url: /seiten/impressum/
  - title: Themen im Überblick
    url: /themen/
    where: header
  - title: Die Stadt "Leipzig"
    url: https://www.leipzig.de/
"""


def _project(tmp_path, settings: str = SETTINGS):
    return write_project(tmp_path / "project", {
        "content/dossier.yaml": settings,
        "content/articles/a.md": article("Der Stadtrat tagt", date="2026-05-04", topics=["Haushalt"]),
        "content/pages/impressum.md": "---\ntitle: Impressum\n---\nVerantwortlich: die Redaktion.\n"})


def _nav(html: str, label: str) -> list[tuple[str, str]]:
    block = re.search(rf'<nav aria-label="{label}">(.*?)</nav>', html, re.S)[1]
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', block)


def test_menu_links_and_footer_text_are_on_every_page_under_the_base_path(tmp_path):
    root = _project(tmp_path)
    assert main(["build", "-C", str(root), "--no-search", "-q", "--base-url", "https://o.github.io/wahl/"]) == 0
    site = root / "site"
    for page in ("index.html", "artikel/a/index.html", "seiten/impressum/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert _nav(html, "Hauptnavigation")[-1] == ("/wahl/themen/", "Themen im Überblick"), page
        assert _nav(html, "Weitere Seiten") == [("/wahl/seiten/impressum/", "Impressum"),
                                                ("https://www.leipzig.de/", "Die Stadt „Leipzig“")], page
        assert "<p>Herausgegeben von &lt;Lokal&gt; &amp; Partner</p>" in html, page
    imprint = (site / "seiten/impressum/index.html").read_text(encoding="utf-8")
    assert '<a href="/wahl/seiten/impressum/" aria-current="page">Impressum</a>' in imprint


def test_without_a_menu_the_header_keeps_its_sections_and_the_footer_has_no_menu(tmp_path):
    root = _project(tmp_path, "title: Wahl in Leipzig\n")
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    html = (root / "site/index.html").read_text(encoding="utf-8")
    assert [t for _, t in _nav(html, "Hauptnavigation")] == [
        "Übersicht", "Neu", "Themen", "Chronik", "Personen", "Orte", "Organisationen", "Netz", "Suche"]
    assert 'aria-label="Weitere Seiten"' not in html


@pytest.mark.parametrize("menu, line, message", [
    ("menu: /seiten/impressum/\n", 2, "'menu' must be a list of links"),
    ("menu:\n  - title: A\n    url: /seiten/impressum/\n  - title: B\n", 5, "menu link 2 needs a 'title' and a 'url'"),
    ("menu:\n  - Impressum\n", 3, "menu link 1 must have 'title' and 'url'"),
    ("menu:\n  - title: A\n    url: javascript:alert(1)\n", 3, "url 'javascript:alert(1)' must be a path of this site"),
    ("menu:\n  - title: A\n    url: //evil.example/\n", 3, "must be a path of this site"),
    ("menu:\n  - title: A\n    url: /seiten/impressum/\n    where: sidebar\n", 3, "where 'sidebar' must be header or footer"),
])
def test_a_wrong_menu_is_an_error_at_its_line(tmp_path, capsys, menu, line, message):
    root = _project(tmp_path, "title: Wahl\n" + menu)
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"content/dossier.yaml:{line}: error: ") and message in err, err
    assert not (root / "site").exists()


def test_a_menu_link_to_a_page_the_dossier_lacks_is_a_warning_that_strict_fails(tmp_path, capsys):
    root = _project(tmp_path, "title: Wahl\nmenu:\n  - title: Impressum\n    url: /seiten/impresum/\n"
                              "    where: header\n  - {title: Kontakt, url: /seiten/kontakt/, wehre: footer}\n")
    assert main(["check", "-C", str(root)]) == 0
    out = capsys.readouterr().out
    assert ("content/dossier.yaml:3: warning: menu link 'Impressum' leads to /seiten/impresum/, which no page "
            "of this dossier has; correct its url [menu-link]") in out
    assert "unknown menu field 'wehre' is ignored; did you mean 'where'?" in out
    assert main(["build", "-C", str(root), "--no-search", "--strict"]) == 1


def test_the_menu_warning_follows_the_pages_in_one_session(tmp_path):
    """As in `dossier serve`: adding the page a menu link names ends its warning at the next rebuild, though
    no article (and so no link graph) changed."""
    from generator.site import Site

    root = _project(tmp_path, "title: Wahl\nmenu:\n  - title: Kontakt\n    url: /seiten/kontakt/\n")
    site = Site(root)
    assert [d.code for d in site.diagnose()[1] if d.code == "menu-link"] == ["menu-link"]
    (root / "content/pages/kontakt.md").write_text("---\ntitle: Kontakt\n---\nSo erreichen Sie uns.\n",
                                                   encoding="utf-8")
    assert [d.code for d in site.diagnose()[1] if d.code == "menu-link"] == []
