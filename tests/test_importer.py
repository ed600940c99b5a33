"""`dossier import` as an editor uses it: raw text in, one faithful Markdown article out, or one clear error."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DOSSIER
from generator.cli import main
from generator.frontmatter import split
from generator.markdown import render

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "fixtures" / "seed" / "000_fc018e94312481a9.txt"  # the shipped article's raw text
RAW = TESTS / "fixtures" / "raw"
GOLDEN = TESTS / "golden" / "seed.md"

SEED_SLUG = "nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu"
SEED_ARTICLE = f"content/articles/{SEED_SLUG}.md"
SEED_TITLE = 'Nordkorea sichert Putin "bedingungslose Unterstützung" im Ukraine-Krieg zu'
SEED_RELATED = [
    'Sonnenbaden in Nordkorea: Kim Jong Un präsentiert sein "Weltklasse-Resort"',
    "Ukraine-Krieg: Nordkoreanische Arbeiter revolutionieren russische Drohnenproduktion",
    'Kims neuer Zerstörer kentert bei Stapellauf: "Schwerer Unfall" und "krimineller Akt"',
    "Ukraine-Krieg: Russland und Nordkorea bestätigen Truppeneinsatz",
    "Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un",
]
SEED_HEADINGS = [
    "Russland und Nordkorea vertiefen strategische Partnerschaft",
    "Russland hofft auf mehr Tourismus in Nordkorea",
]


# --- helpers -------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def import_day(monkeypatch):
    """Every import here happens on 13 July 2025 (`added:`), also in the commands these tests start."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1752364800")


def make_project(tmp_path: Path, name: str = "project") -> Path:
    """A dossier project as an editor starts it: a folder with an empty content/."""
    root = tmp_path / name
    (root / "content").mkdir(parents=True)
    return root


def run_import(capsys, project: Path, *files: Path | str, force: bool = False) -> tuple[int, str, str]:
    argv = ["import", "-C", str(project), *map(str, files)] + (["--force"] if force else [])
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write_raw(folder: Path, name: str, data: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def stored(project: Path, name: str, data: bytes) -> Path:
    """Where the import keeps a raw text: named by its hash and its file name, so no two texts share a name."""
    return project / "content" / "sources" / f"{hashlib.sha256(data).hexdigest()[:12]}-{name}"


def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def articles(project: Path) -> list[Path]:
    return sorted((project / "content" / "articles").glob("*.md"))


def only_article(project: Path) -> tuple[dict, str, Path]:
    """The one article the import wrote: (front matter, Markdown body, path)."""
    found = articles(project)
    assert len(found) == 1, f"expected one article, found {[p.name for p in found]}"
    meta, body, _ = split(found[0].read_text(encoding="utf-8"), found[0].name)
    return meta, body, found[0]


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below root with bytes and mtime: equal snapshots mean nothing was written."""
    snap: dict[str, tuple[bytes, int]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        snap[rel] = (path.read_bytes() if path.is_file() else b"<dir>", path.stat().st_mtime_ns)
    return snap


def import_one(capsys, tmp_path: Path, name: str, data: str | bytes) -> tuple[dict, str, str]:
    """Import one raw text into a fresh project; it must succeed. Returns (front matter, body, raw text)."""
    project = make_project(tmp_path, f"project-{name}")
    raw = write_raw(tmp_path / "raw", name, data)
    code, out, err = run_import(capsys, project, raw)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"{raw}: new content/articles/")
    meta, body, _ = only_article(project)
    assert stored(project, name, raw.read_bytes()).read_bytes() == raw.read_bytes()
    return meta, body, raw


def blocks(body: str) -> list[tuple[str, str]]:
    """The body as (kind, text) blocks: "heading" for `## ` lines, else "paragraph"; escapes left in."""
    out = []
    for block in body.strip().split("\n\n"):
        assert "\n" not in block, f"a block spans lines: {block!r}"
        out.append(("heading", block[3:]) if block.startswith("## ") else ("paragraph", block))
    return out


# What a reader of the raw file sees as the marker line and the image credit line.
_MARKER = re.compile(r"^(?:[-•]\s*)?Lesen Sie auch:?$", re.I)
_CREDIT_LINE = re.compile(r"^\((?:Bild|Foto):\s*(.+)\)$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation


def raw_related(raw_text: str) -> list[str]:
    """Related titles as a reader of the raw text sees them: the lines after a "Lesen Sie auch" line,
    up to the next sentence that ends with a full stop (the text resuming)."""
    related, inside = [], False
    for line in (" ".join(ln.split()) for ln in raw_text.splitlines()):
        if not line:
            continue
        if _MARKER.match(line):
            inside = True
        elif inside and line.rstrip("\"'„“”»«").endswith("."):
            inside = False
        elif inside:
            related.append(re.sub(r"^[-•]\s+", "", line))
    return related


def assert_no_word_lost(raw_text: str, meta: dict, body: str) -> None:
    """Every word of the raw text is in the article, in order: title, image credit, lede, then the body, with
    the related titles (taken out where they stood) in `related` and only the "Lesen Sie auch" lines gone."""
    related = raw_related(raw_text)
    assert meta["related"] == related

    expected: list[str] = []
    lines = [ln.strip() for ln in raw_text.splitlines() if ln.strip()]
    credit_line = len(lines) > 1 and _CREDIT_LINE.match(" ".join(lines[1].split()))
    inside, pending = False, list(related)
    for i, line in enumerate(lines):
        line = " ".join(line.split())
        if _MARKER.match(line):
            inside = True
            continue
        if inside and pending and re.sub(r"^[-•]\s+", "", line) == pending[0]:
            pending.pop(0)  # a related title: its words live in `related`, not in the body
            continue
        inside = False
        if i == 1 and credit_line:
            line = credit_line.group(1)  # "(Bild: X)" -> the credit X
        expected += line.split()
    assert not pending, f"related titles not found in the raw text: {pending}"

    got = meta["title"].split() + (meta["image_credit"] or "").split() + meta["lede"].split()
    for kind, text in blocks(body):
        got += _ESCAPE.sub(r"\1", text).split()
    assert got == expected


def rendered_blocks(markdown_body: str) -> list[tuple[str, str]]:
    """The rendered HTML as (tag, literal text) blocks; any inline markup inside a block fails the test."""
    html_text = render(markdown_body).html
    found = re.findall(r"<(p|h2)(?: [^>]*)?>(.*?)</\1>\n", html_text, re.S)
    assert "".join(f"<{t}>{x}</{t}>\n" for t, x in found) == re.sub(r"<(p|h2) [^>]*>", r"<\1>", html_text)
    for _, inner in found:
        assert "<" not in inner, f"markup inside a block: {inner!r}"
    return [(tag, html.unescape(inner)) for tag, inner in found]


# --- 1. golden -------------------------------------------------------------------------------------------------


def test_seed_import_matches_golden_file(capsys, tmp_path):
    project = make_project(tmp_path)
    code, out, err = run_import(capsys, project, SEED)
    assert (code, err) == (0, "")
    assert out == f"{SEED}: new {SEED_ARTICLE}; 5 related: 0 in the dossier, 5 not yet (stubs)\n"

    written = project / SEED_ARTICLE
    assert written.read_bytes() == GOLDEN.read_bytes()
    copied = stored(project, SEED.name, SEED.read_bytes())
    assert copied.read_bytes() == SEED.read_bytes()
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        SEED_ARTICLE, copied.relative_to(project).as_posix()]
    # The shipped dossier holds the seed exactly as the import keeps it.
    assert stored(DOSSIER, SEED.name, SEED.read_bytes()).read_bytes() == SEED.read_bytes()


def test_golden_file_says_what_the_seed_says():
    """The golden file was generated once; these are the facts it must hold, read from the seed by hand."""
    meta, body, _ = split(GOLDEN.read_text(encoding="utf-8"), "seed.md")
    assert meta["title"] == SEED_TITLE
    assert meta["image_credit"] == "Tomas Ragina / Shutterstock.com"
    assert meta["lede"] == seed_text().splitlines()[2]
    assert meta["lede"].startswith("Russlands Außenminister Lawrow in Nordkorea:")
    assert meta["related"] == SEED_RELATED
    assert meta["source"] == {"file": SEED.name, "sha256": hashlib.sha256(SEED.read_bytes()).hexdigest(),
                              "title": SEED_TITLE}
    assert meta["date"] is None
    assert meta["added"] == "2025-07-13"  # the day of the import (import_day)
    assert (meta["topics"], meta["aliases"], meta["events"]) == ([], [], [])
    assert list(meta) == ["title", "date", "added", "lede", "image_credit", "topics", "related", "aliases", "events",
                          "source"]

    kinds = blocks(body)
    assert [t for k, t in kinds if k == "heading"] == SEED_HEADINGS
    assert [k for k, _ in kinds] == ["paragraph"] * 4 + ["heading"] + ["paragraph"] * 6 + ["heading"] + [
        "paragraph"] * 2
    assert kinds[0][1].startswith("Bei einem Treffen mit dem russischen Außenminister")
    assert kinds[-1][1].endswith("in der malaysischen Hauptstadt Kuala Lumpur teilgenommen.")
    assert "Lesen Sie auch" not in body
    assert not any(title in body for title in SEED_RELATED)
    headings = [h.text for h in render(body).headings]
    assert headings == SEED_HEADINGS


# --- 2. no word lost -----------------------------------------------------------------------------------------


def test_seed_loses_no_word(capsys, tmp_path):
    meta, body, _ = import_one(capsys, tmp_path, SEED.name, SEED.read_bytes())
    assert_no_word_lost(seed_text(), meta, body)
    assert meta["related"] == SEED_RELATED


def test_word_check_notices_a_lost_word():
    """The helper itself must be able to fail, or every variation test below proves nothing."""
    meta, body, _ = split(GOLDEN.read_text(encoding="utf-8"), "seed.md")
    assert_no_word_lost(seed_text(), meta, body)
    with pytest.raises(AssertionError):
        assert_no_word_lost(seed_text(), meta, body.replace(" dreitägigen ", " "))
    with pytest.raises(AssertionError):
        assert_no_word_lost(seed_text(), {**meta, "related": SEED_RELATED[::-1]}, body)
    with pytest.raises(AssertionError):
        assert_no_word_lost(seed_text(), {**meta, "image_credit": None}, body)


# --- 3. variations ---------------------------------------------------------------------------------------------


def _seed_lines() -> list[str]:
    return seed_text().split("\n")


def _without_related(lines: list[str]) -> list[str]:
    start = lines.index("Lesen Sie auch")
    return lines[:start] + lines[start + 6:]


def _bom() -> bytes:
    return b"\xef\xbb\xbf" + SEED.read_bytes()


def _crlf() -> bytes:
    return seed_text().replace("\n", "\r\n").encode("utf-8") + b"\r\n"


def _cr_only() -> bytes:  # classic Mac line ends, still sent by some newsroom tools
    return seed_text().replace("\n", "\r").encode("utf-8")


def _trailing_spaces() -> bytes:
    return "\n".join(line + " \t " for line in _seed_lines()).encode("utf-8") + b"\n\n   \n"


def _foto() -> bytes:
    return seed_text().replace("(Bild: Tomas", "(Foto: Tomas").encode("utf-8")


def _no_credit() -> bytes:
    lines = _seed_lines()
    return "\n".join(lines[:1] + lines[2:]).encode("utf-8")


def _bullets() -> bytes:
    lines = _seed_lines()
    start = lines.index("Lesen Sie auch")
    return "\n".join(lines[: start + 1] + ["- " + t for t in lines[start + 1: start + 6]] + lines[start + 6:]).encode()


def _two_blocks() -> bytes:
    lines = _without_related(_seed_lines())
    first = lines.index(SEED_HEADINGS[0]) - 1  # between the 3rd and the 4th paragraph
    lines[first:first] = ["Lesen Sie auch:", *SEED_RELATED[:2]]
    second = lines.index(SEED_HEADINGS[1]) - 1  # before the last paragraph ahead of the second subheading
    lines[second:second] = ["", "Lesen Sie auch", "", *SEED_RELATED[2:], ""]
    return "\n".join(lines).encode("utf-8")


def _block_at_end() -> bytes:
    lines = _without_related(_seed_lines())
    return "\n".join(lines + ["Lesen Sie auch", *SEED_RELATED]).encode("utf-8")


def _block_at_end_bulleted_crlf() -> bytes:
    lines = _without_related(_seed_lines())
    return "\r\n".join(lines + ["", "Lesen Sie auch:", *("- " + t for t in SEED_RELATED), ""]).encode("utf-8")


SEED_VARIATIONS = {
    "bom": _bom,
    "crlf": _crlf,
    "cr_only": _cr_only,
    "trailing_spaces": _trailing_spaces,
    "foto": _foto,
    "no_credit": _no_credit,
    "bullets": _bullets,
    "two_blocks": _two_blocks,
    "block_at_end": _block_at_end,
    "block_at_end_bulleted_crlf": _block_at_end_bulleted_crlf,
}


@pytest.mark.parametrize("variation", sorted(SEED_VARIATIONS))
def test_seed_variation_keeps_every_word_and_the_structure(capsys, tmp_path, variation):
    data = SEED_VARIATIONS[variation]()
    meta, body, _ = import_one(capsys, tmp_path, f"{variation}.txt", data)
    raw_text = data.decode("utf-8-sig")
    assert_no_word_lost(raw_text, meta, body)

    assert meta["title"] == SEED_TITLE  # no BOM, no "\r", no trailing space in it
    assert meta["related"] == SEED_RELATED
    assert meta["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert [t for k, t in blocks(body) if k == "heading"] == SEED_HEADINGS
    assert sum(k == "paragraph" for k, _ in blocks(body)) == 12
    assert "\r" not in body and "\ufeff" not in body and " \n" not in body
    if variation == "no_credit":
        assert meta["image_credit"] is None
        assert meta["lede"].startswith("Russlands Außenminister Lawrow in Nordkorea:")
    else:
        assert meta["image_credit"] == "Tomas Ragina / Shutterstock.com"
        assert meta["lede"] == _seed_lines()[2]
    if variation in ("bom", "crlf", "cr_only", "trailing_spaces"):
        # Only the bytes differ: the article is the golden one but for its source.
        golden, golden_body, _ = split(GOLDEN.read_text(encoding="utf-8"), "seed.md")
        assert {k: v for k, v in meta.items() if k != "source"} == {k: v for k, v in golden.items() if k != "source"}
        assert body == golden_body


def test_subheading_with_question_mark_and_paragraphs_opening_with_a_quote(capsys, tmp_path):
    path = RAW / "frage_und_zitat.txt"
    meta, body, _ = import_one(capsys, tmp_path, path.name, path.read_bytes())
    assert_no_word_lost(path.read_text(encoding="utf-8"), meta, body)
    assert meta["title"] == "Wonsan: Kims Küstenort wartet auf russische Urlauber"
    assert meta["image_credit"] == "Beispiel-Agentur / Archiv"
    assert meta["related"] == [
        'Sonnenbaden in Nordkorea: Kim Jong Un präsentiert sein "Weltklasse-Resort"',
        "Nordkorea öffnet sich für Touristen – aber nur für russische?",
    ]
    assert [k for k, _ in blocks(body)] == ["paragraph", "heading", "paragraph", "paragraph", "heading",
                                            "paragraph"]
    assert [t for k, t in blocks(body) if k == "heading"] == ["Wer soll die Hotels füllen?",
                                                             "Was bringt der Tourismus dem Land?"]
    quoted = [t for k, t in blocks(body) if t.startswith('"')]
    assert [t.split(",")[0] for t in quoted] == ['"Wir sind bereit"', '"Die Strände sind offen"']
    assert all(k == "paragraph" for k, t in blocks(body) if t.startswith('"'))
    assert "<p>„Wir sind bereit“, sagte ein Sprecher" in render(body).html


def test_cp1252_file_is_decoded_without_mojibake(capsys, tmp_path):
    text = ("Straße der Einheit: Pjöngjang öffnet „Grenzübergang“ für Züge\n"
            "(Bild: Büro für Öffentlichkeitsarbeit)\n"
            "Die Zugverbindung zwischen Moskau und Pjöngjang läuft wieder. Fahrgäste müssen früh buchen.\n"
            "An der Grenze über den Fluss Tumen wird eine Straßenbrücke gebaut, heißt es aus Moskau.\n"
            "Grüße aus Wonsan\n"
            "Die Behörden sprechen von einem „historischen Schritt“. Kritiker äußern Zweifel.\n")
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is worthless if the fixture happens to be UTF-8
    meta, body, _ = import_one(capsys, tmp_path, "cp1252.txt", data)
    assert_no_word_lost(text, meta, body)
    assert meta["title"] == "Straße der Einheit: Pjöngjang öffnet „Grenzübergang“ für Züge"
    assert meta["image_credit"] == "Büro für Öffentlichkeitsarbeit"
    assert blocks(body)[1] == ("heading", "Grüße aus Wonsan")
    assert "„historischen Schritt“" in body
    everything = yaml.safe_dump(meta, allow_unicode=True) + body
    assert "Ã" not in everything and "â€" not in everything and "\ufffd" not in everything
    assert "Straße" in meta["title"] and "Straßenbrücke" in body


def test_latin1_file_is_decoded(capsys, tmp_path):
    text = "Größere Ölmengen für Nordkorea\nMoskau liefert mehr Öl über die Grenze.\nDie Ladung ist groß.\n"
    meta, body, _ = import_one(capsys, tmp_path, "latin1.txt", text.encode("latin-1"))
    assert_no_word_lost(text, meta, body)
    assert meta["title"] == "Größere Ölmengen für Nordkorea"
    assert body.strip() == "Die Ladung ist groß."


def test_markdown_characters_render_as_the_literal_text(capsys, tmp_path):
    path = RAW / "markdown_zeichen.txt"
    raw_text = path.read_text(encoding="utf-8")
    meta, body, _ = import_one(capsys, tmp_path, path.name, path.read_bytes())
    assert_no_word_lost(raw_text, meta, body)
    assert meta["lede"] == raw_text.splitlines()[2]  # front matter is not Markdown: no escapes there

    html_text = render(body).html
    # The bare URL is the one thing that becomes markup: a link, showing the address as written.
    link = '<a href="https://example.org">https://example.org</a>'
    assert html_text.count("<a ") == 1 and link in html_text
    html_text = html_text.replace(link, "https://example.org")
    for tag in ("<ol", "<ul", "<li", "<em", "<strong", "<a ", "<b>", "<img", "<h1", "<blockquote", "<code", "<hr"):
        assert tag not in html_text, f"{tag} in {html_text}"
    expected = [("h2" if line == "Der Hashtag am Ende #" else "p", line) for line in raw_text.splitlines()[3:]]
    assert rendered_blocks(body.replace("\\<https://example.org\\>", "\\<Adresse\\>")) == [
        (tag, text.replace("<https://example.org>", "<Adresse>")) for tag, text in expected]


# --- 4. re-import ----------------------------------------------------------------------------------------------


def _imported_seed(capsys, tmp_path) -> Path:
    project = make_project(tmp_path)
    code, _, err = run_import(capsys, project, SEED)
    assert (code, err) == (0, "")
    return project


def test_reimporting_an_unchanged_source_changes_nothing(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    for path in project.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any rewrite would show
    before = tree(project)

    again = write_raw(tmp_path / "inbox", SEED.name, SEED.read_bytes())  # the same text from another folder
    code, out, err = run_import(capsys, project, again)
    assert (code, err) == (0, "")
    assert out == f"{again}: unchanged, {SEED_ARTICLE} left as it is\n"
    assert tree(project) == before


def _changed_seed(tmp_path: Path) -> Path:
    text = seed_text().replace("zu einem dreitägigen Besuch", "zu einem zweitägigen Besuch")
    assert text != seed_text()
    return write_raw(tmp_path / "inbox", SEED.name, text)


def _edit(project: Path, *replacements: tuple[str, str]) -> bytes:
    """An editor's changes to the imported seed article; returns the edited file's bytes."""
    article = project / SEED_ARTICLE
    text = article.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    article.write_text(text, encoding="utf-8")
    return article.read_bytes()


EDITS = {  # what an editor changes in an imported article -> how the refusal names it
    "title": (f"---\ntitle: {SEED_TITLE}\n", "---\ntitle: Kim sagt Putin volle Unterstützung zu\n"),
    "lede": ("Beide Seiten beschwören", "Beide Länder beschwören"),
    "image credit": ("image_credit: Tomas Ragina / Shutterstock.com", "image_credit: Tomas Ragina"),
    "related titles": ("- 'Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un'\n", ""),
    "body": ("In der Küstenstadt Wonsan traf er", "In der Küstenstadt Wonsan an der Ostküste traf er"),
}
EDITORS_SENTENCE = "Redaktionelle Ergänzung: Wonsan liegt an der Ostküste."


def test_a_changed_source_replaces_an_unedited_article_without_force(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed)
    assert (code, err) == (0, "")
    assert out == f"{changed}: replaced {SEED_ARTICLE}; 5 related: 0 in the dossier, 5 not yet (stubs)\n"
    meta, body, _ = only_article(project)
    assert "zweitägigen" in body and "dreitägigen" not in body
    assert meta["source"] == {"file": SEED.name, "sha256": hashlib.sha256(changed.read_bytes()).hexdigest(),
                              "title": SEED_TITLE}
    # Both versions of the raw text are kept: an old version is never overwritten.
    assert stored(project, SEED.name, changed.read_bytes()).read_bytes() == changed.read_bytes()
    assert stored(project, SEED.name, SEED.read_bytes()).read_bytes() == SEED.read_bytes()
    assert not (project / "content" / "backups").exists()  # nothing of the editor's was replaced


@pytest.mark.parametrize("field", sorted(EDITS))
def test_a_changed_source_is_refused_when_the_article_was_edited(capsys, tmp_path, field):
    project = _imported_seed(capsys, tmp_path)
    _edit(project, EDITS[field])
    before = tree(project)
    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{SEED_ARTICLE}: error: edited since its import; importing {changed} "
                               f"would replace its edited {field}: re-run with --force")
    assert "content/backups/" in lines[0] and lines[0].endswith("[edited]")
    assert tree(project) == before


def test_the_refusal_names_every_edited_field(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    _edit(project, EDITS["title"], EDITS["body"], EDITS["lede"])
    code, _, err = run_import(capsys, project, _changed_seed(tmp_path))
    assert code == 1 and "would replace its edited title, lede and body:" in err


def test_force_keeps_the_edited_article_in_backups_and_says_where(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    edited = _edit(project, EDITS["title"], EDITS["body"], ("date:\n", "date: 2025-07-13\n"))
    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed, force=True)
    assert (code, err) == (0, "")
    [backup] = (project / "content" / "backups").iterdir()
    assert re.fullmatch(rf"{SEED_SLUG}-[0-9a-f]{{8}}\.md", backup.name)
    assert backup.read_bytes() == edited  # the editor's file, byte for byte
    shown = backup.relative_to(project).as_posix()
    assert out == (f"{changed}: replaced {SEED_ARTICLE}; the previous version is kept in {shown}; "
                   "5 related: 0 in the dossier, 5 not yet (stubs)\n")

    meta, body, _ = only_article(project)
    assert meta["title"] == SEED_TITLE and "zweitägigen" in body and "Ostküste" not in body
    assert str(meta["date"]) == "2025-07-13"  # the editor's fields are kept all the same
    from generator import content

    dossier, _ = content.load(project)  # the backup is no article: the build never reads it
    assert [a.path for a in dossier.articles] == [SEED_ARTICLE]


@pytest.mark.parametrize("force", [False, True], ids=["without-force", "with-force"])
def test_a_changed_source_keeps_the_editors_fields(capsys, tmp_path, force):
    """Date, topics, aliases, events, redirect_from, image, alt and draft are the editor's and never imported:
    setting them is no edit of the import, so the article is replaced without --force, and with it, and
    they stay (a re-import never publishes a draft)."""
    project = _imported_seed(capsys, tmp_path)
    article = project / SEED_ARTICLE
    _edit(project, ("date:\n", "date: 2025-07-13\n"),
          ("topics: []\n", "topics:\n- Ukraine-Krieg\n- Diplomatie\n"),
          ("aliases: []\n", "aliases:\n- Kim sichert Putin Unterstützung zu\n"),
          ("events: []\n", "events:\n- date: 2025-07-12\n  text: Lawrow trifft Kim in Wonsan\n"
                           "- date: 2024\n  text: Putin besucht Nordkorea\n"),
          ("source:\n", "redirect_from:\n- /artikel/kim-sichert-putin-unterstuetzung-zu/\nimage: kim.jpg\n"
                         "alt: Kim und Lawrow\ndraft: true\nsource:\n"))

    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed, force=force)
    assert (code, err) == (0, "")
    assert out.startswith(f"{changed}: replaced {SEED_ARTICLE}; 5 related")

    meta, body, path = only_article(project)
    assert path == article
    assert str(meta["date"]) == "2025-07-13"
    assert meta["topics"] == ["Ukraine-Krieg", "Diplomatie"]
    assert meta["aliases"] == ["Kim sichert Putin Unterstützung zu"]
    assert meta["redirect_from"] == ["/artikel/kim-sichert-putin-unterstuetzung-zu/"]
    assert (meta["image"], meta["alt"], meta["draft"]) == ("kim.jpg", "Kim und Lawrow", True)
    assert [(str(e["date"]), e["text"]) for e in meta["events"]] == [
        ("2025-07-12", "Lawrow trifft Kim in Wonsan"), ("2024", "Putin besucht Nordkorea")]
    assert "zweitägigen" in body and "dreitägigen" not in body
    assert meta["source"]["sha256"] == hashlib.sha256(changed.read_bytes()).hexdigest()
    assert stored(project, SEED.name, changed.read_bytes()).read_bytes() == changed.read_bytes()
    assert_no_word_lost(changed.read_text(encoding="utf-8"), meta, body)
    assert not (project / "content" / "backups").exists()

    # The kept fields still load: the article is a valid part of the dossier.
    from generator import content

    dossier, diagnostics = content.load(project)
    assert [a.date for a in dossier.articles] == ["2025-07-13"]
    assert not [d for d in diagnostics if d.level == "error"]


def test_an_article_is_known_by_its_imported_title_after_the_editor_changed_it(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    _edit(project, EDITS["title"])
    before = tree(project)
    again = write_raw(tmp_path / "inbox", SEED.name, SEED.read_bytes())
    code, out, err = run_import(capsys, project, again)
    assert (code, err) == (0, "")
    assert out == f"{again}: unchanged, {SEED_ARTICLE} left as it is\n"
    assert tree(project) == before


def test_an_article_whose_imported_text_is_missing_counts_as_edited(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    kept = stored(project, SEED.name, SEED.read_bytes())
    kept.unlink()
    before = tree(project)
    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed)
    assert (code, out) == (1, "")
    assert err == (f"{SEED_ARTICLE}: error: its imported text {kept.relative_to(project).as_posix()} is missing, "
                   f"so edits cannot be ruled out; importing {changed} would replace its body: re-run with --force "
                   "to replace it (the current file is kept in content/backups/ first; date, topics, aliases, "
                   "events, redirect_from, image, alt and draft stay) [edited]\n")
    assert tree(project) == before


def test_an_article_imported_before_sources_were_named_by_hash_is_recognised(capsys, tmp_path):
    """Older imports kept content/sources/<file name> and wrote no imported title."""
    project = _imported_seed(capsys, tmp_path)
    stored(project, SEED.name, SEED.read_bytes()).rename(project / "content" / "sources" / SEED.name)
    _edit(project, (f"  title: {SEED_TITLE}\n", ""))
    changed = _changed_seed(tmp_path)
    code, out, err = run_import(capsys, project, changed)
    assert (code, err) == (0, "")
    assert out.startswith(f"{changed}: replaced {SEED_ARTICLE};")
    assert (project / "content" / "sources" / SEED.name).read_bytes() == SEED.read_bytes()


def test_a_different_article_with_the_same_file_name_never_overwrites_it(capsys, tmp_path):
    project = make_project(tmp_path)
    first = write_raw(tmp_path / "a", "artikel.txt", "Erster Titel\nErster Vorspann.\nErster Absatz.\n")
    assert run_import(capsys, project, first)[0] == 0
    kept = (project / "content" / "articles" / "erster-titel.md").read_bytes()
    second = write_raw(tmp_path / "b", "artikel.txt", "Zweiter Titel\nZweiter Vorspann.\nZweiter Absatz.\n")
    for force in (False, True):
        code, out, err = run_import(capsys, project, second, force=force)
        assert (code, err) == (0, "")
        if not force:
            assert out == (f"{second}: new content/articles/zweiter-titel.md; note: content/articles/erster-titel.md "
                           "was imported from another file of the same name\n")
        else:  # the second text is in the dossier now: the same text again is unchanged
            assert out == f"{second}: unchanged, content/articles/zweiter-titel.md left as it is\n"
        assert [p.name for p in articles(project)] == ["erster-titel.md", "zweiter-titel.md"]
        assert (project / "content" / "articles" / "erster-titel.md").read_bytes() == kept
        for raw in (first, second):
            assert stored(project, "artikel.txt", raw.read_bytes()).read_bytes() == raw.read_bytes()
    changed = write_raw(tmp_path / "c", "artikel.txt", "Dritter Titel\nDritter Vorspann.\nDritter Absatz.\n")
    code, out, err = run_import(capsys, project, changed, force=True)
    assert (code, err) == (0, "") and out.startswith(f"{changed}: new content/articles/dritter-titel.md; note: ")
    assert (project / "content" / "articles" / "erster-titel.md").read_bytes() == kept
    assert len(list((project / "content" / "sources").iterdir())) == 3


def test_no_command_deletes_an_editors_words(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    _edit(project, ("Lawrow war zu einem", f"{EDITORS_SENTENCE}\n\nLawrow war zu einem"))
    changed = _changed_seed(tmp_path)
    original = write_raw(tmp_path / "zurück", SEED.name, SEED.read_bytes())

    def kept_somewhere() -> bool:
        return any(EDITORS_SENTENCE in p.read_text(encoding="utf-8", errors="replace")
                   for p in (project / "content").rglob("*") if p.is_file())

    commands = [["import", str(changed)], ["import", "--force", str(changed)], ["import", str(changed)],
                ["import", str(original)], ["import", "--force", str(original)], ["check"],
                ["build", "--no-search"], ["import", "--force", str(changed)]]
    for command in commands:
        main([command[0], "-C", str(project), *command[1:]])
        capsys.readouterr()
        assert kept_somewhere(), command


# --- 5. stubs ---------------------------------------------------------------------------------------------------


def test_import_takes_over_the_slug_of_a_stub(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    stub_slug = "kims-neuer-zerstoerer-kentert-bei-stapellauf-schwerer-unfall-und-krimineller-akt"
    raw = write_raw(tmp_path / "inbox", "zerstoerer.txt",
                    "KIMS NEUER ZERSTÖRER kentert bei Stapellauf: „Schwerer Unfall“ und „krimineller Akt“\n"
                    "Ein neues Kriegsschiff ist beim Stapellauf gekentert. Kim Jong Un spricht von einem Verbrechen.\n"
                    "Der Zerstörer sollte in der Hafenstadt Chongjin vom Stapel laufen, berichtet KCNA.\n")
    code, out, err = run_import(capsys, project, raw)
    assert (code, err) == (0, "")
    assert out == (f"{raw}: new content/articles/{stub_slug}.md; "
                   f"replaces stub /artikel/{stub_slug}/ referenced by {SEED_ARTICLE}\n")
    assert [p.stem for p in articles(project)] == [stub_slug, SEED_SLUG]

    from generator import content, links

    linked, _ = links.link(content.load(project)[0])
    assert stub_slug not in linked.stubs
    assert linked.backlinks[stub_slug] == (SEED_SLUG,)


def test_import_takes_the_stub_slug_even_when_it_carries_a_number(capsys, tmp_path):
    """The stub got "-2" because an unrelated article owns the plain slug; the import must land on "-2"."""
    project = _imported_seed(capsys, tmp_path)
    plain = "seoul-vor-kurswechsel-lee-will-dialog-mit-kim-jong-un"
    (project / "content" / "articles" / f"{plain}.md").write_text(
        "---\ntitle: Seoul vor dem Kurswechsel\n---\n\nEin anderer Artikel.\n", encoding="utf-8")
    raw = write_raw(tmp_path / "inbox", "seoul.txt",
                    "Seoul vor Kurswechsel: LEE will Dialog mit Kim Jong Un\n"
                    "Südkoreas neuer Präsident sucht das Gespräch mit dem Norden.\n"
                    "Lee Jae Myung kündigte an, die Lautsprecher an der Grenze abzuschalten.\n")
    code, out, err = run_import(capsys, project, raw)
    assert (code, err) == (0, "")
    assert out.startswith(f"{raw}: new content/articles/{plain}-2.md; replaces stub /artikel/{plain}-2/ "
                          f"referenced by {SEED_ARTICLE}")
    assert (project / "content" / "articles" / f"{plain}-2.md").exists()


# --- 6. bad input -----------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

BAD_FILES = {
    # name: (bytes, line number in the message or None, a word the message must contain)
    "empty": (b"", None, "empty"),
    "whitespace": (b"  \n\t\n \r\n\n", None, "empty"),
    "bom_only": (b"\xef\xbb\xbf\n\n", None, "empty"),
    "binary_png": (PNG, 3, "binary"),
    "control_char": ("Titel\nEin Vorspann.\nEin Absatz mit \x1b[31mFarbe\x1b[0m.\n".encode(), 3, "control"),
    "c1_control_char": ("Titel\n(Bild: A)\nEin Vorspann mit\u0090 Steuerzeichen.\n".encode(), 3, "control"),
    "only_title": ("Nur ein Titel\n\n".encode(), 1, "title"),
    "title_and_credit": ("Ein Titel\n(Bild: Tomas Ragina / Shutterstock.com)\n".encode(), 1, "lede"),
    "title_then_related": ("Ein Titel\nLesen Sie auch\nEin anderer Titel\n".encode(), 1, "lede"),
    "credit_first": ("(Bild: Archiv)\nEin Titel\nEin Vorspann.\n".encode(), 1, "title"),
    # A UTF-16 BOM, then a lone high surrogate on line 3: cut off or mis-converted, not text to guess at.
    "broken_utf16": (b"\xff\xfe" + "Titel\nVorspann.\nText ".encode("utf-16-le") + b"\x3d\xd8x\x00", 3, "utf-16"),
    "utf16_empty": (b"\xff\xfe" + " \r\n".encode("utf-16-le"), None, "empty"),
    # Found by the import fuzz test: a title of dots only names nothing, so a re-import made a second article.
    "dots_title": ("...\nWort \n".encode(), 1, "title"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_line_and_writes_nothing(capsys, tmp_path, name):
    data, line, word = BAD_FILES[name]
    project = _imported_seed(capsys, tmp_path)
    before = tree(project)
    bad = write_raw(tmp_path / "inbox", f"{name}.txt", data)
    code, out, err = run_import(capsys, project, bad)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    where = f"{bad}:{line}" if line else f"{bad}"
    assert lines[0].startswith(f"{where}: error: "), lines[0]
    assert word in lines[0].lower()
    assert tree(project) == before


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_path_that_is_no_file_gives_one_line_and_writes_nothing(capsys, tmp_path, kind):
    project = make_project(tmp_path)
    path = tmp_path / "inbox" / "artikel.txt"
    if kind == "directory":
        path.mkdir(parents=True)
    before = tree(project)
    code, out, err = run_import(capsys, project, path)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert err.splitlines() == [err.strip()] and err.startswith(f"{path}: error: ")
    assert ("no such file" if kind == "missing" else "directory") in err
    assert tree(project) == before


def test_one_bad_file_in_a_batch_means_nothing_is_written(capsys, tmp_path):
    project = make_project(tmp_path)
    before = tree(project)
    good = write_raw(tmp_path / "inbox", "gut.txt", SEED.read_bytes())
    empty = write_raw(tmp_path / "inbox", "leer.txt", b"")
    missing = tmp_path / "inbox" / "fehlt.txt"
    code, out, err = run_import(capsys, project, good, empty, missing, SEED)
    assert (code, out) == (1, "")
    assert [ln.split(": error:")[0] for ln in err.splitlines() if ln] == [str(empty), str(missing)]
    assert tree(project) == before
    assert not (project / "content" / "articles").exists()


def test_duplicate_title_in_one_batch_is_refused(capsys, tmp_path):
    project = make_project(tmp_path)
    before = tree(project)
    first = write_raw(tmp_path / "inbox", "a.txt", SEED.read_bytes())
    second = write_raw(tmp_path / "inbox", "b.txt", seed_text().replace('"bedingungslose Unterstützung"',
                                                                        "„Bedingungslose Unterstützung“", 1))
    code, out, err = run_import(capsys, project, first, second)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{second}:1: error: ") and str(first) in lines[0]
    assert tree(project) == before


def test_two_files_of_the_same_name_in_one_batch_are_two_articles(capsys, tmp_path):
    """Their texts are kept under names that cannot collide, so each article keeps its own source."""
    project = make_project(tmp_path)
    first = write_raw(tmp_path / "a", "artikel.txt", "Erster Titel\nErster Vorspann.\nErster Absatz.\n")
    second = write_raw(tmp_path / "b", "artikel.txt", "Zweiter Titel\nZweiter Vorspann.\nZweiter Absatz.\n")
    code, out, err = run_import(capsys, project, first, second)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{first}: new content/articles/erster-titel.md; note: content/articles/zweiter-titel.md was imported "
        "from another file of the same name",
        f"{second}: new content/articles/zweiter-titel.md; note: content/articles/erster-titel.md was imported "
        "from another file of the same name"]
    from generator import content

    by_title = {a.title: a.source for a in content.load(project)[0].articles}
    for raw, title in ((first, "Erster Titel"), (second, "Zweiter Titel")):
        assert by_title[title].sha256 == hashlib.sha256(raw.read_bytes()).hexdigest()
        assert stored(project, "artikel.txt", raw.read_bytes()).read_bytes() == raw.read_bytes()


def test_a_file_named_twice_in_one_batch_is_imported_once(capsys, tmp_path, monkeypatch):
    """As overlapping globs (`inbox/*.txt inbox/a*.txt`) or two spellings of one path give it."""
    project = make_project(tmp_path)
    raw = write_raw(tmp_path / "inbox", "a.txt", "Erster Titel\nErster Vorspann.\nErster Absatz.\n")
    other = write_raw(tmp_path / "inbox", "b.txt", "Zweiter Titel\nZweiter Vorspann.\nZweiter Absatz.\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_import(capsys, project, raw, other, Path("inbox/a.txt"), Path("./inbox/../inbox/a.txt"))
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{raw}: new content/articles/erster-titel.md",
                                f"{other}: new content/articles/zweiter-titel.md"]
    assert sorted(p.name for p in (project / "content/articles").iterdir()) == ["erster-titel.md", "zweiter-titel.md"]


def test_the_same_text_twice_in_one_batch_is_a_duplicate_title(capsys, tmp_path):
    project = make_project(tmp_path)
    before = tree(project)
    first = write_raw(tmp_path / "a", SEED.name, SEED.read_bytes())
    second = write_raw(tmp_path / "b", SEED.name, SEED.read_bytes())
    code, out, err = run_import(capsys, project, first, second)
    assert (code, out) == (1, "")
    assert err == f"{second}:1: error: same title as {first} in this import [duplicate-title]\n"
    assert tree(project) == before


def test_a_different_file_already_in_sources_is_not_overwritten(capsys, tmp_path):
    project = make_project(tmp_path)
    kept = write_raw(project / "content" / "sources", "artikel.txt", "Ein ganz anderer Text\nVorspann.\nText.\n")
    raw = write_raw(tmp_path / "inbox", "artikel.txt", SEED.read_bytes())
    code, out, err = run_import(capsys, project, raw)
    assert (code, err) == (0, "")
    assert kept.read_text(encoding="utf-8").startswith("Ein ganz anderer Text")
    assert stored(project, "artikel.txt", SEED.read_bytes()).read_bytes() == SEED.read_bytes()


def test_a_stored_text_that_does_not_match_its_name_is_not_overwritten(capsys, tmp_path):
    project = make_project(tmp_path)
    raw = write_raw(tmp_path / "inbox", "artikel.txt", SEED.read_bytes())
    odd = write_raw(project / "content" / "sources", stored(project, "artikel.txt", SEED.read_bytes()).name,
                    "Ein ganz anderer Text\nVorspann.\nText.\n")
    before = tree(project)
    code, out, err = run_import(capsys, project, raw, force=True)
    assert (code, out) == (1, "")
    shown = odd.relative_to(project).as_posix()
    assert err.startswith(f"{shown}: error: ") and len(err.splitlines()) == 1 and "[source-mismatch]" in err
    assert tree(project) == before


# --- 6b. a batch is planned whole, then written -------------------------------------------------------------------


BRIDGE = "Nordkoreas neue Brücke über den Tumen"
TROOPS = "Ukraine-Krieg: Russland und Nordkorea bestätigen Truppeneinsatz"
TROOPS_SLUG = "ukraine-krieg-russland-und-nordkorea-bestaetigen-truppeneinsatz"
BRIDGE_SLUG = "nordkoreas-neue-bruecke-ueber-den-tumen"


def _batch(tmp_path: Path) -> list[Path]:
    """Two texts naming each other; the first also takes over a stub of the seed."""
    return [write_raw(tmp_path / "inbox", "truppen.txt",
                      f"{TROOPS}\nSeoul bestätigt den Einsatz.\nDer Geheimdienst spricht von Tausenden Soldaten.\n"
                      f"Lesen Sie auch\n{BRIDGE}\n"),
            write_raw(tmp_path / "inbox", "bruecke.txt",
                      f"{BRIDGE}\nEine Straßenbrücke entsteht.\nSie soll Ende 2026 fertig sein.\n"
                      f"Lesen Sie auch\n{TROOPS}\nNoch ein fehlender Titel\n")]


def test_a_batch_reports_links_as_they_stand_after_the_whole_batch(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    troops, bridge = _batch(tmp_path)
    code, out, err = run_import(capsys, project, troops, bridge)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{troops}: new content/articles/{TROOPS_SLUG}.md; replaces stub /artikel/{TROOPS_SLUG}/ referenced by "
        f"{SEED_ARTICLE}, content/articles/{BRIDGE_SLUG}.md; 1 related: 1 in the dossier, 0 not yet (stubs)",
        f"{bridge}: new content/articles/{BRIDGE_SLUG}.md; 2 related: 1 in the dossier, 1 not yet (stubs)"]


def test_plan_import_writes_nothing_and_holds_the_final_graph(capsys, tmp_path):
    from dataclasses import FrozenInstanceError

    from generator.importer import plan_import

    project = _imported_seed(capsys, tmp_path)
    _edit(project, EDITS["body"])
    before = tree(project)
    troops, bridge = _batch(tmp_path)
    plan = plan_import(project, [troops, bridge, _changed_seed(tmp_path)], force=True)
    assert tree(project) == before
    assert [(e.draft.source, e.target, e.action, bool(e.backup)) for e in plan.entries] == [
        (troops, f"content/articles/{TROOPS_SLUG}.md", "new", False),
        (bridge, f"content/articles/{BRIDGE_SLUG}.md", "new", False),
        (tmp_path / "inbox" / SEED.name, SEED_ARTICLE, "replaced", True)]
    assert plan.linked.backlinks[TROOPS_SLUG] == (SEED_SLUG, BRIDGE_SLUG)
    assert [r.slug for r in plan.linked.refs[BRIDGE_SLUG] if not r.is_stub] == [TROOPS_SLUG]
    assert TROOPS_SLUG not in plan.linked.stubs and BRIDGE_SLUG not in plan.linked.stubs
    with pytest.raises(FrozenInstanceError):
        plan.entries[0].action = "unchanged"


def test_dry_run_shows_how_every_line_is_read_and_writes_nothing(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    before = tree(project)
    raw = write_raw(tmp_path / "inbox", "wonsan.txt",
                    "Wonsan wartet auf Urlauber\nFoto: Archiv\nDer Küstenort soll Devisen bringen.\n"
                    "Seit Juli ist die Anlage offen.\n\nLesen Sie auch:\n"
                    "- Nordkorea sichert Putin „bedingungslose Unterstützung“ im Ukraine-Krieg zu\n"
                    "- Kims neuer Zerstörer kentert\n\nWas bringt das?\n"
                    "Devisen sind knapp, und Gäste bleiben aus. Fachleute sind skeptisch.\n"
                    "- Hotels\n- Strände\n")
    code = main(["import", "-C", str(project), "--dry-run", str(raw)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{raw}:1: title     Wonsan wartet auf Urlauber",
        f"{raw}:2: credit    Archiv",
        f"{raw}:3: lede      Der Küstenort soll Devisen bringen.",
        f"{raw}:4: paragraph Seit Juli ist die Anlage offen.",
        f"{raw}:6: marker    Lesen Sie auch:",
        f"{raw}:7: related   Nordkorea sichert Putin „bedingungslose Unterstützung“ im Ukraine-Krieg zu "
        f"-> /artikel/{SEED_SLUG}/",
        f"{raw}:8: related   Kims neuer Zerstörer kentert -> stub /artikel/kims-neuer-zerstoerer-kentert/",
        f"{raw}:10: heading   Was bringt das?",
        f"{raw}:11: paragraph Devisen sind knapp, und Gäste bleiben aus. Fachleute sind skeptisch.",
        f"{raw}:12: bullet    Hotels",
        f"{raw}:13: bullet    Strände",
        f"{raw}: new content/articles/wonsan-wartet-auf-urlauber.md; 2 related: 1 in the dossier, 1 not yet (stubs)",
        "dry run: nothing written"]
    assert tree(project) == before


def test_dry_run_reports_what_the_import_would_refuse(capsys, tmp_path):
    project = _imported_seed(capsys, tmp_path)
    before = tree(project)
    empty = write_raw(tmp_path / "inbox", "leer.txt", b"")
    assert main(["import", "-C", str(project), "--dry-run", str(empty)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{empty}: error: file is empty [empty]\n")
    assert tree(project) == before


def test_a_file_the_editor_creates_while_importing_is_not_overwritten(capsys, tmp_path):
    from generator.importer import plan_import, write_plan

    project = make_project(tmp_path)
    plan = plan_import(project, [SEED])
    mine = project / SEED_ARTICLE
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: Mein eigener Text\n---\n\nVon Hand geschrieben.\n", encoding="utf-8")
    refused, kept = write_plan(project, plan)
    assert ([d.code for d in refused], kept) == (["changed"], {})
    assert mine.read_text(encoding="utf-8").endswith("Von Hand geschrieben.\n")


# --- 7. entry points -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["python -m generator", "dossier"])
def test_entry_points_import(tmp_path, entry):
    if entry == "dossier":
        script = Path(sys.executable).parent / "dossier"
        command = [str(script) if script.exists() else shutil.which("dossier") or "dossier"]
    else:
        command = [sys.executable, "-m", "generator"]
    project = make_project(tmp_path)
    result = subprocess.run([*command, "import", "-C", str(project), str(SEED)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert f"new {SEED_ARTICLE}" in result.stdout
    assert (project / SEED_ARTICLE).read_bytes() == GOLDEN.read_bytes()

    empty = write_raw(tmp_path / "inbox", "leer.txt", b"")
    result = subprocess.run([*command, "import", "-C", str(project), str(empty)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"{empty}: error: file is empty [empty]\n"
