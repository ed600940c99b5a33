"""`dossier build`: the pages a reader sees, atomic and deterministic output, escaping, sub-paths."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from conftest import REPO, SEED, article, dossier_project, override, snapshot
from generator.build import build
from generator.cli import main
from generator.diagnostics import DossierError
from sitecheck import broken_links

SEED_SLUG = "nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu"


def text_of(html: str) -> str:
    """Visible text of a page, typographic quotes made plain, whitespace folded."""
    html = re.sub(r"</?(?:a|em|strong|code|span|mark)\b[^>]*>", "", html)  # inline: no word break
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return " ".join(text.translate(str.maketrans("„“", '""')).split())


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    """The shipped dossier (the tests' copy), built once for this module (without search: see test_search)."""
    folder = tmp_path_factory.mktemp("shipped")
    out = folder / "site"
    build(dossier_project(folder / "project"), out=out, with_search=False)
    return out


def test_the_dossier_in_content_builds_without_errors(tmp_path, capsys):
    """The repository's own content/ (on a fork: the fork's dossier) is the golden test of its own files."""
    shutil.copytree(REPO / "content", tmp_path / "project/content")
    assert main(["build", "-C", str(tmp_path / "project"), "--no-search", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_seed_article_page_has_every_word_of_the_seed(shipped_site):
    page = text_of((shipped_site / "artikel" / SEED_SLUG / "index.html").read_text(encoding="utf-8"))
    raw = SEED.read_text(encoding="utf-8-sig").splitlines()
    for line in raw:
        line = " ".join(line.split())
        if not line or line == "Lesen Sie auch":
            continue
        line = line.removeprefix("(Bild: ").removesuffix(")") if line.startswith("(Bild:") else line
        assert line in page, f"missing on the article page: {line!r}"


def test_shipped_dossier_has_home_five_stubs_topics_and_no_broken_link(shipped_site):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in home
    assert "Nordkorea sichert Putin „bedingungslose Unterstützung“ im Ukraine-Krieg zu" in home
    assert "13. Juli 2025" in home
    stubs = [p for p in (shipped_site / "artikel").glob("*/index.html")
             if '<article class="stub"' in p.read_text(encoding="utf-8")]
    assert len(stubs) == 5
    for stub in stubs:
        assert SEED_SLUG in stub.read_text(encoding="utf-8")  # "Verwiesen von" the seed article
    assert (shipped_site / "themen" / "index.html").exists()
    assert (shipped_site / "themen" / "ukraine-krieg" / "index.html").exists()
    assert broken_links(shipped_site) == []


def test_article_page_shows_outgoing_and_incoming_links(project, tmp_path):
    root = project({
        "content/articles/a.md": article("Kim trifft Putin", date="2025-07-13",
                                         related=["Putin in Pjöngjang", "Noch fehlt: ein Bericht"]),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", related=["KIM TRIFFT PUTIN"]),
    })
    build(root, with_search=False)
    a = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    b = (root / "site/artikel/b/index.html").read_text(encoding="utf-8")
    lesen, verwiesen = a.split('id="lesen-sie-auch"')[1].split('id="verwiesen-von"')
    assert 'href="/artikel/b/"' in lesen and 'href="/artikel/noch-fehlt-ein-bericht/"' in lesen
    assert "noch nicht im Dossier" in lesen
    assert 'href="/artikel/b/"' in verwiesen
    assert 'href="/artikel/a/"' in b.split('id="verwiesen-von"')[1]
    stub = (root / "site/artikel/noch-fehlt-ein-bericht/index.html").read_text(encoding="utf-8")
    assert "Noch nicht im Dossier" in stub and 'href="/artikel/a/"' in stub
    assert broken_links(root / "site") == []


def related_links(html: str) -> list[tuple[str, str, str | None]]:
    """(href, link text, title attribute) of each "Lesen Sie auch" entry, as a reader meets them."""
    section = html.split('id="lesen-sie-auch"')[1].split("</section>")[0]
    return [(href, text_of(text), unescape(title) if title else None)
            for href, title, text in re.findall(r'<a href="([^"]*)"(?: title="([^"]*)")?>(.*?)</a>', section)]


def test_a_resolved_reference_shows_the_target_articles_own_title(project):
    """The link reads as the article it leads to is titled; how the referencing article spelled it stays
    in the tooltip where it differs. A stub has no other title than that spelling."""
    seed = 'Nordkorea sichert Putin "bedingungslose Unterstützung" im Ukraine-Krieg zu'
    root = project({
        "content/articles/a.md": article("Kim trifft Putin", related=[
            'Nordkorea Sichert Putin "Bedingungslose Unterstützung" Im Ukraine-Krieg Zu',
            "Putin  in\tPjöngjang", "Noch fehlt: ein Bericht"]),
        "content/articles/seed.md": article(seed, date="2025-07-13"),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19"),
    })
    build(root, with_search=False)
    a = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert related_links(a) == [
        ("/artikel/seed/", 'Nordkorea sichert Putin "bedingungslose Unterstützung" im Ukraine-Krieg zu',
         'Nordkorea Sichert Putin „Bedingungslose Unterstützung“ Im Ukraine-Krieg Zu'),
        ("/artikel/b/", "Putin in Pjöngjang", None),  # the same but for spacing: no tooltip
        ("/artikel/noch-fehlt-ein-bericht/", "Noch fehlt: ein Bericht", None),  # a stub
    ]
    whole = text_of((root / "site/gesamt/index.html").read_text(encoding="utf-8"))
    assert ('Lesen Sie auch: Nordkorea sichert Putin "bedingungslose Unterstützung" im Ukraine-Krieg zu; '
            "Putin in Pjöngjang; Noch fehlt: ein Bericht (noch nicht im Dossier)") in whole


def test_importing_a_stubbed_article_replaces_the_stub_at_the_same_url(project, tmp_path, capsys):
    root = project({"content/articles/a.md": article("Kim trifft Putin", related=['Bericht: "Neue Brücke"'])})
    build(root, with_search=False)
    url = root / "site/artikel/bericht-neue-bruecke/index.html"
    assert '<article class="stub"' in url.read_text(encoding="utf-8")
    raw = tmp_path / "neu.txt"
    raw.write_text("Bericht: „Neue Brücke“\nDie Brücke über den Tumen.\nEin Absatz über die Brücke.\n"
                   "Lesen Sie auch\nKim trifft Putin\n", encoding="utf-8")
    assert main(["import", "-C", str(root), str(raw)]) == 0
    assert "replaces stub /artikel/bericht-neue-bruecke/" in capsys.readouterr().out
    build(root, with_search=False)
    page = url.read_text(encoding="utf-8")
    assert '<article class="stub"' not in page and "Ein Absatz über die Brücke." in page
    assert 'href="/artikel/a/"' in page.split('id="lesen-sie-auch"')[1]
    assert 'href="/artikel/a/"' in page.split('id="verwiesen-von"')[1]


def test_two_builds_are_byte_identical(project, tmp_path):
    root = project({
        "content/articles/a.md": article("A", date="2025-01-01", topics=["X", "Y", "Z"], related=["B", "C", "D"]),
        "content/articles/b.md": article("B", topics=["Z", "Y"], related=["A", "E"]),
    })
    build(root, out=tmp_path / "one", with_search=False)
    build(root, out=tmp_path / "two", with_search=False)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_failed_build_leaves_previous_site_untouched(project, capsys):
    root = project({"content/articles/a.md": article("A")})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    before = snapshot(root / "site")
    (root / "content/articles/b.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    assert snapshot(root / "site") == before
    assert not list(root.glob(".site.*"))  # no staging folder left behind


def test_template_error_names_layout_and_line_and_keeps_site(project, capsys):
    root = project({"content/articles/a.md": article("A")})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    before = snapshot(root / "site")
    layout = override(root, "article.html")  # the editor's own copy of the theme's article page
    layout.write_text(layout.read_text(encoding="utf-8").replace("{{ article.title|typo }}",
                                                                 "{{ article.title|typo }"), encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert re.match(r"layouts/article\.html:\d+: error: ", err)
    assert "Traceback" not in err
    assert snapshot(root / "site") == before


HOSTILE = '<script>alert("x")</script> & </title> "quoted" \'single\''


def test_user_text_is_escaped_everywhere(project):
    root = project({
        "content/dossier.yaml": f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n",
        "content/articles/a.md": article(HOSTILE, lede=HOSTILE, topics=[HOSTILE], related=[HOSTILE + " 2"],
                                         image_credit=HOSTILE,
                                         body="<script>alert(1)</script>\n\n[klick](javascript:alert(1))\n"),
    })
    build(root, with_search=False)
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "</title> " not in html.split("</title>", 1)[1], page
        assert 'href="javascript:' not in html, page
    a = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(„x“)&lt;/script&gt; &amp; &lt;/title&gt;" in a


def test_sub_path_base_url_prefixes_every_internal_link(project):
    root = project({"content/articles/a.md": article("A", topics=["T"], related=["B"])})
    assert main(["build", "-C", str(root), "--no-search", "-q", "--base-url", "https://o.github.io/repo/"]) == 0
    site = root / "site"
    for page in site.rglob("*.html"):
        for link in re.findall(r'(?:href|src)="([^"#][^"]*)"', page.read_text(encoding="utf-8")):
            assert link.startswith(("/repo/", "https://o.github.io/repo/")), f"{page}: {link}"
    assert broken_links(site, base_path="/repo/") == []


def test_a_project_without_layouts_builds_with_the_packaged_theme(project, capsys):
    root = project({"content/articles/a.md": article("A")})
    assert not (root / "layouts").exists()
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    html = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html and "/assets/style." in html
    assert (root / "site/assets").is_dir()


def test_one_overridden_template_replaces_only_that_one(project):
    root = project({"content/articles/a.md": article("A", related=["Fehlt noch"])})
    stub = override(root, "stub.html")
    stub.write_text(stub.read_text(encoding="utf-8").replace("Noch nicht im Dossier", "Bald im Dossier"),
                    encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    assert "Bald im Dossier" in (root / "site/artikel/fehlt-noch/index.html").read_text(encoding="utf-8")
    assert "Lesen Sie auch" in (root / "site/artikel/a/index.html").read_text(encoding="utf-8")  # the theme's
    assert sorted(p.name for p in (root / "layouts").iterdir()) == ["stub.html"]


def test_the_build_line_counts_in_the_singular_for_one(project, capsys):
    root = project({"content/articles/a.md": article("A", related=["Noch nicht da"])})
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    line = capsys.readouterr().out
    assert line.startswith(f"built {root / 'site'}: 1 article, 1 stub; ")
    edit = root / "content/articles/a.md"
    edit.write_text(edit.read_text(encoding="utf-8").replace("related:", "related:\n- Auch nicht da"),
                    encoding="utf-8")
    (root / "content/articles/b.md").write_text(article("B"), encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert capsys.readouterr().out.startswith(f"built {root / 'site'}: 2 articles, 2 stubs; ")


def test_check_lists_stubs_near_misses_and_undated(project, capsys):
    root = project({
        "content/dossier.yaml": "title: Test\n",
        "content/articles/a.md": article("Russland und Nordkorea bestätigen Truppeneinsatz", date="2025-01-01"),
        "content/articles/b.md": article("B", related=["Russland und Nordkorea bestätigen Truppeneinsätze"]),
    })
    assert main(["check", "-C", str(root)]) == 0
    out = capsys.readouterr()
    assert out.err == ""  # findings are the output: `dossier check | less` shows them
    assert out.out.splitlines() == [
        'content/articles/a.md: warning: \'Lesen Sie auch\' title "Russland und Nordkorea bestätigen Truppeneinsätze" '
        'in b.md is close to this title; if it means this article, add: aliases: ["Russland und Nordkorea '
        'bestätigen Truppeneinsätze"] [near-miss]',
        "",
        "content/articles/b.md: warning: no 'date': listed after the dated articles; add date: YYYY-MM-DD [no-date]",
        "",
        '/artikel/russland-und-nordkorea-bestaetigen-truppeneinsaetze/: info: not in the dossier yet: "Russland und '
        'Nordkorea bestätigen Truppeneinsätze" [stub]',
        "",
        "0 errors, 2 warnings, 1 stub",
    ]
    assert main(["check", "-C", str(root), "--strict"]) == 1


def test_check_fails_on_duplicate_titles(project, capsys):
    root = project({"content/articles/a.md": article("Kim"), "content/articles/b.md": article("KIM")})
    assert main(["check", "-C", str(root)]) == 1
    assert "content/articles/b.md: error: title 'KIM' is already the title or alias of content/articles/a.md" \
        in capsys.readouterr().out
    with pytest.raises(DossierError):
        build(root, with_search=False)
