"""Related titles as news sites print them, imported into a small dossier: each names the article the dossier
holds, not a stub; the dossier's titles decide which lines of a block are titles; what the import leaves
out of an article is shown by --dry-run and in the import's report, with its line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import article, write_project
from generator import content, links
from generator.build import build
from generator.cli import main
from generator.frontmatter import split
from generator.importer import import_files

# The fixture dossier: three articles, one with a kicker of its own.
DOSSIER = {
    "content/dossier.yaml": "title: Testdossier\n",
    "content/articles/kursk.md": article("Nordkoreas Soldaten in Kursk: Was bekannt ist", date="2025-07-01",
                                         body="Ein Absatz."),
    "content/articles/wonsan.md": article("Lawrow trifft Kim in Wonsan", date="2025-07-13",
                                          kicker="Diplomatie", body="Ein Absatz."),
    "content/articles/aerzte.md": article("Russische Ärzte operieren in Pjöngjang", date="2025-06-02",
                                          body="Ein Absatz."),
    "content/articles/sanktionen-a.md": article("Seoul verhängt neue Sanktionen gegen russische Reedereien",
                                                date="2025-05-01", body="Ein Absatz."),
    "content/articles/sanktionen-b.md": article("Seoul verhängt neue Sanktionen gegen russische Banken",
                                                date="2025-05-02", body="Ein Absatz."),
}
LEDE = "Erstmals seit Kriegsbeginn reist ein südkoreanischer Vizeaußenminister nach Russland.\n"
TEXT = "Er soll in Moskau über die nordkoreanischen Soldaten in Kursk sprechen, heißt es in Seoul.\n"


def _dossier(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", DOSSIER)


def _raw(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _refs(root: Path, title: str) -> list[tuple[str, str, bool]]:
    """(as written, slug, is a stub) of each related title of the article with this title."""
    linked, _ = links.link(content.load(root)[0])
    [slug] = [a.slug for a in linked.articles.values() if a.title == title]
    return [(r.title, r.slug, r.is_stub) for r in linked.refs[slug]]


def test_related_titles_with_paywall_marker_date_quotes_kicker_or_cut_end_link_the_dossiers_articles(tmp_path):
    root = _dossier(tmp_path)
    written = ["Nordkoreas Soldaten in Kursk: Was bekannt ist (Plus)", "13.07.2025 – Lawrow trifft Kim in Wonsan",
               "„Russische Ärzte operieren in Pjöngjang“", "Ukraine-Krieg: Russische Ärzte operieren in Pjöngjang",
               "Diplomatie: Lawrow trifft Kim in Wonsan", "F+ Nordkoreas Soldaten in Kursk: Was bekannt ist",
               "Seoul verhängt neue Sanktionen gegen russische Reed…"]
    raw = _raw(tmp_path, "diplomat.txt", "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT + "Lesen Sie auch\n"
               + "\n".join(written) + "\n")
    [report] = import_files(root, [raw])
    assert f"{len(written)} related: {len(written)} in the dossier, 0 not yet (stubs)" in report
    # Each keeps the editor's spelling (the page shows it as the link's tooltip), and leads to the article.
    assert _refs(root, "Seoul schickt Diplomaten nach Moskau") == [
        (written[0], "kursk", False), (written[1], "wonsan", False), (written[2], "aerzte", False),
        (written[6], "sanktionen-a", False)]  # an article listed again links once
    linked, _ = links.link(content.load(root)[0])
    assert linked.stubs == {}


def test_a_title_cut_short_that_begins_two_titles_stays_a_stub_with_a_check_note(tmp_path):
    root = _dossier(tmp_path)
    raw = _raw(tmp_path, "diplomat.txt", "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT +
               "Lesen Sie auch\nSeoul verhängt neue Sanktionen gegen russische …\n")
    [report] = import_files(root, [raw])
    assert "1 related: 0 in the dossier, 1 not yet (stubs)" in report
    assert ("check: related 'Seoul verhängt neue Sanktionen gegen russische …' is cut short and begins 2 titles; "
            "write it out in full (a stub until then)") in report
    [(_, slug, is_stub)] = _refs(root, "Seoul schickt Diplomaten nach Moskau")
    assert is_stub and slug not in ("sanktionen-a", "sanktionen-b")
    _, problems = links.link(content.load(root)[0])
    assert [str(p) for p in problems if p.code == "cut-title"] == [
        "content/articles/seoul-schickt-diplomaten-nach-moskau.md: warning: 'Lesen Sie auch' title 'Seoul verhängt "
        "neue Sanktionen gegen russische …' is cut short and begins 2 titles; write it out in full [cut-title]"]


def test_a_kicker_prefix_names_an_article_only_when_the_rest_is_its_title(tmp_path):
    root = _dossier(tmp_path)
    raw = _raw(tmp_path, "diplomat.txt", "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT +
               "Lesen Sie auch\nUkraine-Krieg: Russische Ärzte operieren in Wladiwostok\n")
    import_files(root, [raw])
    [(_, slug, is_stub)] = _refs(root, "Seoul schickt Diplomaten nach Moskau")
    assert is_stub and slug == "ukraine-krieg-russische-aerzte-operieren-in-wladiwostok"


def test_paywall_marker_and_date_do_not_make_a_second_stub(tmp_path):
    root = _dossier(tmp_path)
    for name, title in [("a.txt", "Kim besucht Werft in Nampho (Plus)"), ("b.txt", "13.07.2025 – Kim besucht Werft "
                                                                                 "in Nampho")]:
        raw = _raw(tmp_path, name, f"Bericht {name[0].upper()} über Nampho und Wonsan\n{LEDE}{TEXT}Lesen Sie auch\n"
                   f"{title}\n")
        import_files(root, [raw])
    linked, _ = links.link(content.load(root)[0])
    assert [(s.slug, s.title) for s in linked.stubs.values()] == [("kim-besucht-werft-in-nampho",
                                                                   "Kim besucht Werft in Nampho")]
    # The article imported later takes the stub's place, and both references lead to it.
    later = _raw(tmp_path, "werft.txt", "Kim besucht Werft in Nampho\n" + LEDE + TEXT)
    [report] = import_files(root, [later])
    assert "new content/articles/kim-besucht-werft-in-nampho.md; replaces stub /artikel/kim-besucht-werft-in-nampho/" \
           in report
    linked, _ = links.link(content.load(root)[0])
    assert linked.stubs == {} and len(linked.backlinks["kim-besucht-werft-in-nampho"]) == 2


def test_the_dossier_decides_that_the_last_line_of_a_block_is_a_title(tmp_path):
    """Without the dossier, the short plain line after two headline-built titles would be a subheading."""
    block = ("Lesen Sie auch\nUkraine-Krieg: Nordkorea schickt weitere Soldaten\nSanktionen: UN-Gremium stellt "
             "Arbeit ein\nLawrow trifft Kim in Wonsan\n" + TEXT)
    text = "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT + block

    alone = write_project(tmp_path / "alone", {})
    import_files(alone, [_raw(tmp_path, "a.txt", text)])
    meta, body, _ = _only(alone)
    assert "Lawrow trifft Kim in Wonsan" not in meta["related"] and "## Lawrow trifft Kim in Wonsan" in body

    root = _dossier(tmp_path)
    import_files(root, [_raw(tmp_path, "a.txt", text)])
    meta, body, _ = _only(root, "seoul-schickt-diplomaten-nach-moskau")
    assert meta["related"][-1] == "Lawrow trifft Kim in Wonsan" and "Lawrow" not in body
    assert _refs(root, "Seoul schickt Diplomaten nach Moskau")[-1] == ("Lawrow trifft Kim in Wonsan", "wonsan", False)


def test_a_title_of_the_same_import_decides_too(tmp_path):
    root = write_project(tmp_path / "project", {})
    first = _raw(tmp_path, "a.txt", "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT + "Lesen Sie auch\n"
                 "Ukraine-Krieg: Nordkorea schickt weitere Soldaten\nKim besucht Werft in Nampho\n" + TEXT)
    second = _raw(tmp_path, "b.txt", "Kim besucht Werft in Nampho\n" + LEDE + TEXT)
    import_files(root, [first, second])
    assert _refs(root, "Seoul schickt Diplomaten nach Moskau")[-1] == ("Kim besucht Werft in Nampho",
                                                                       "kim-besucht-werft-in-nampho", False)


def test_reimporting_after_the_dossier_grew_does_not_count_the_article_as_edited(tmp_path):
    """The stored text read again as it was imported: a new article that names one of its lines does not
    make the old import look edited, so a changed source replaces it without --force."""
    root = write_project(tmp_path / "project", {})
    text = ("Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT + "Lesen Sie auch\nUkraine-Krieg: Nordkorea "
            "schickt weitere Soldaten\nSanktionen: UN-Gremium stellt Arbeit ein\nLawrow trifft Kim in Wonsan\n" + TEXT)
    import_files(root, [_raw(tmp_path, "a.txt", text)])
    write_project(root, {"content/articles/wonsan.md": DOSSIER["content/articles/wonsan.md"]})
    changed = _raw(tmp_path, "a.txt", text.replace("Vizeaußenminister", "Außenminister"))
    [report] = import_files(root, [changed])
    assert report.startswith(f"{changed}: replaced content/articles/seoul-schickt-diplomaten-nach-moskau.md")
    meta, _, _ = _only(root, "seoul-schickt-diplomaten-nach-moskau")
    assert meta["related"][-1] == "Lawrow trifft Kim in Wonsan"


def _only(root: Path, slug: str | None = None) -> tuple[dict, str, Path]:
    found = sorted((root / "content" / "articles").glob(f"{slug or '*'}.md"))
    assert len(found) == 1, found
    meta, body, _ = split(found[0].read_text(encoding="utf-8"), found[0].name)
    return meta, body, found[0]


# --- what is left out is shown -------------------------------------------------------------------------------

PASTED = """Ukraine-Krieg
Nordkorea schickt weitere Artilleristen an die Front
(Bild: KCNA via Reuters)
Von Anna Lindner, Seoul
Pjöngjang verstärkt nach Angaben aus Seoul seine Truppen in der russischen Region Kursk.
Teilen
Die neuen Einheiten sollen vor allem Haubitzen bedienen, heißt es im Verteidigungsministerium.
Anzeige
Mehr zum Thema
Nordkorea
Kim besucht Werft in Nampho
Der Machthaber lobte die Arbeiter für ihr Tempo.
Russland
Putin empfängt Choe Son Hui im Kreml
Die Außenministerin wurde mit allen Ehren empfangen.
Themen: Nordkorea, Russland
Zur Startseite
"""


def test_dry_run_labels_every_left_out_line_and_the_import_reports_them_with_their_lines(tmp_path, capsys):
    root = _dossier(tmp_path)
    raw = _raw(tmp_path, "kursk.txt", PASTED)
    assert main(["import", "-C", str(root), "--dry-run", str(raw)]) == 0
    shown = capsys.readouterr().out.splitlines()
    kinds = {int(m.group(1)): m.group(2) for m in (re.match(rf"{re.escape(str(raw))}:(\d+): (\w+)", line)
                                                   for line in shown) if m}
    assert kinds == {1: "kicker", 2: "title", 3: "credit", 4: "byline", 5: "lede", 6: "furniture", 7: "paragraph",
                     8: "furniture", 9: "marker", 10: "kicker", 11: "related", 12: "teaser", 13: "kicker",
                     14: "related", 15: "teaser", 16: "furniture", 17: "furniture"}
    assert not (root / "content" / "articles" / "nordkorea-schickt-weitere-artilleristen-an-die-front.md").exists()

    assert main(["import", "-C", str(root), str(raw)]) == 0
    [report] = capsys.readouterr().out.splitlines()
    assert ("site furniture left out: line 6 'Teilen', line 8 'Anzeige', line 16 'Themen: Nordkorea, Russland', "
            "line 17 'Zur Startseite'") in report
    assert ("teaser text left out: line 12 'Der Machthaber lobte die Arbeiter für ihr Tempo.', line 15 'Die "
            "Außenministerin wurde mit allen Ehren empfangen.'") in report
    meta, body, _ = _only(root, "nordkorea-schickt-weitere-artilleristen-an-die-front")
    assert (meta["kicker"], meta["author"]) == ("Ukraine-Krieg", "Anna Lindner, Seoul")
    assert meta["related"] == ["Nordkorea: Kim besucht Werft in Nampho", "Russland: Putin empfängt Choe Son Hui im Kreml"]
    assert body.strip() == "Die neuen Einheiten sollen vor allem Haubitzen bedienen, heißt es im Verteidigungsministerium."
    # Nothing vanishes: the raw text is kept whole.
    [kept] = (root / "content" / "sources").glob("*-kursk.txt")
    assert kept.read_text(encoding="utf-8") == PASTED


def test_a_text_pasted_twice_is_imported_once_with_a_warning(tmp_path):
    root = write_project(tmp_path / "project", {})
    once = "Seoul schickt Diplomaten nach Moskau\n(Bild: KCNA)\n" + LEDE + TEXT + "Lesen Sie auch\nKim besucht Werft\n"
    [report] = import_files(root, [_raw(tmp_path, "twice.txt", once + once)])
    assert "warning: lines 7-12 repeat the text from line 1 (pasted twice?) and are left out" in report
    meta, body, _ = _only(root)
    assert meta["related"] == ["Kim besucht Werft"] and body.strip() == TEXT.strip()


def test_kicker_and_author_are_shown_on_the_page_and_in_its_structured_data(tmp_path):
    root = _dossier(tmp_path)
    import_files(root, [_raw(tmp_path, "kursk.txt", PASTED)])
    build(root, with_search=False)
    page = (root / "site" / "artikel" / "nordkorea-schickt-weitere-artilleristen-an-die-front" / "index.html")
    html = page.read_text(encoding="utf-8")
    start = html.index("<header>", html.index('<article class="article"'))
    header = html[start:html.index("</header>", start)]
    assert header.index('<p class="kicker">Ukraine-Krieg</p>') < header.index("<h1")
    assert '<span class="author">Von Anna Lindner, Seoul</span>' in header
    [data] = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert data["author"] == [{"@type": "Person", "name": "Anna Lindner"}]
    wonsan = (root / "site" / "artikel" / "wonsan" / "index.html").read_text(encoding="utf-8")
    assert '<p class="kicker">Diplomatie</p>' in wonsan and '"author"' not in wonsan


def test_an_article_imported_with_its_kicker_takes_the_url_of_the_teaser_stub_that_named_it(tmp_path):
    root = write_project(tmp_path / "project", {})
    box = ("Mehr zum Thema\nNordkorea\nKim besucht Werft in Nampho\nDer Machthaber lobte die Arbeiter.\nRussland\n"
           "Putin empfängt Choe Son Hui im Kreml\nDie Außenministerin wurde empfangen.\n")
    import_files(root, [_raw(tmp_path, "a.txt", "Seoul schickt Diplomaten nach Moskau\n" + LEDE + TEXT + box)])
    linked, _ = links.link(content.load(root)[0])
    assert "nordkorea-kim-besucht-werft-in-nampho" in linked.stubs

    [report] = import_files(root, [_raw(tmp_path, "b.txt", "Nordkorea\nKim besucht Werft in Nampho\n" + LEDE + TEXT)])
    assert "new content/articles/nordkorea-kim-besucht-werft-in-nampho.md; replaces stub" in report
    linked, _ = links.link(content.load(root)[0])
    assert list(linked.stubs) == ["russland-putin-empfaengt-choe-son-hui-im-kreml"]
    assert linked.articles["nordkorea-kim-besucht-werft-in-nampho"].kicker == "Nordkorea"
