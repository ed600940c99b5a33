"""Articles pasted from web pages, end to end: invisible characters in titles do not split an article from
its stub or its references, and the built site shows each title once."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED, write_project
from generator import content, links
from generator.build import build
from generator.importer import import_files

SEED_SLUG = "nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu"
STUB_SLUG = "kims-neuer-zerstoerer-kentert-bei-stapellauf-schwerer-unfall-und-krimineller-akt"


def _project_with_seed(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "project", {})
    import_files(root, [SEED])
    return root


def _raw(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_title_with_soft_hyphens_and_zero_width_spaces_replaces_its_stub(tmp_path):
    root = _project_with_seed(tmp_path)
    pasted = _raw(tmp_path, "zerstoerer.txt",
                  "Kims neuer Zer\u00adstörer kentert bei Stapel\u00adlauf:\u200b \"Schwerer Unfall\" und "
                  "\"krimineller Akt\"\u2060\n"
                  "Ein neues Kriegsschiff ist beim Stapellauf gekentert. Kim Jong Un spricht von einem Verbrechen.\n"
                  "Der Zerstörer sollte in der Hafenstadt Chongjin vom Stapel laufen, berichtet KCNA.\n")
    [report] = import_files(root, [pasted])
    assert f"new content/articles/{STUB_SLUG}.md" in report and f"replaces stub /artikel/{STUB_SLUG}/" in report

    dossier, _ = content.load(root)
    title = {a.slug: a.title for a in dossier.articles}[STUB_SLUG]
    assert title == 'Kims neuer Zerstörer kentert bei Stapellauf: "Schwerer Unfall" und "krimineller Akt"'
    linked, _ = links.link(dossier)
    assert STUB_SLUG not in linked.stubs and linked.backlinks[STUB_SLUG] == (SEED_SLUG,)

    out = tmp_path / "site"
    build(root, out=out, with_search=False)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count("Kims neuer Zerstörer kentert bei Stapellauf") == 1
    assert not list((out / "artikel").glob(f"{STUB_SLUG}-2"))
    assert "\u00ad" not in home and "\u200b" not in home


def test_related_title_with_a_soft_hyphen_resolves_to_the_article_it_names(tmp_path):
    root = _project_with_seed(tmp_path)
    pasted = _raw(tmp_path, "wonsan.txt",
                  "Wonsan wartet auf russische Urlauber\n"
                  "Der Küstenort soll Devisen bringen. Doch die Gäste bleiben aus.\n"
                  "Seit Juli ist die Ferienanlage geöffnet, berichtet das Staatsfernsehen.\n"
                  "Lesen Sie auch\n"
                  "Nordkorea sichert Putin \u201ebedingungslose Unter\u00adst\u00fctzung\u201c im Ukraine-Krieg zu\n")
    [report] = import_files(root, [pasted])
    assert report.endswith("1 related: 1 in the dossier, 0 not yet (stubs)")

    out = tmp_path / "site"
    build(root, out=out, with_search=False)
    page = (out / "artikel" / "wonsan-wartet-auf-russische-urlauber" / "index.html").read_text(encoding="utf-8")
    assert f'href="/artikel/{SEED_SLUG}/"' in page
    assert "noch nicht im Dossier" not in page
    assert not re.search(r"\u00ad", page)


def test_no_break_spaces_stay_in_the_body_and_count_as_spaces_in_titles(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    pasted = _raw(tmp_path, "soldaten.txt",
                  "Nordkorea\u00a0schickt weitere Soldaten\n"
                  "Seoul spricht von einer neuen Welle. Moskau schweigt.\n"
                  "Am 1.\u00a0Juli sollen 20\u00a0000 Soldaten die Grenze überquert haben.\n")
    [report] = import_files(root, [pasted])
    assert "new content/articles/nordkorea-schickt-weitere-soldaten.md" in report
    [article] = content.load(root)[0].articles
    assert "20\u00a0000 Soldaten" in article.body and "1.\u00a0Juli" in article.body
    assert links.title_key(article.title) == links.title_key("Nordkorea schickt weitere Soldaten")
