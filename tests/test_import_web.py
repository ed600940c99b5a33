"""Web pages in, Markdown articles out: every tests/fixtures/web/<name>.html with the article expected of it
next to it (<name>.md: front matter with title, kicker, author, date, lede, image_credit, related and the
page's provenance under source, then the body), or the one-line refusal expected (<name>.refused: the
error's code, then text its message contains). Also: pages and raw texts in one command, --dry-run, and
pages fetched from a local server (no internet)."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest

from conftest import REPO
from generator.diagnostics import DossierError
from generator.frontmatter import split
from generator import webpage
from generator.importer import import_files
from webserver import running

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
PAGES = sorted(p.with_suffix("").name for p in FIXTURES.glob("*.md"))
REFUSED = sorted(p.with_suffix("").name for p in FIXTURES.glob("*.refused"))
KEYS = ("title", "kicker", "author", "date", "lede", "image_credit", "related")


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    return root


def the_article(root: Path) -> tuple[dict, str]:
    [written] = (root / "content" / "articles").glob("*.md")
    meta, body, _ = split(written.read_text(encoding="utf-8"), written.name)
    return meta, body


def test_every_page_has_its_expectation():
    assert len(PAGES) >= 3 and len(REFUSED) >= 3
    assert {p.stem for p in FIXTURES.glob("*.html")} == set(PAGES) | set(REFUSED)


@pytest.mark.parametrize("name", PAGES)
def test_page(name: str, tmp_path: Path):
    root = project(tmp_path)
    page = FIXTURES / f"{name}.html"
    [report] = import_files(root, [page])
    assert " new content/articles/" in report
    meta, body = the_article(root)
    expected_meta, expected_body, _ = split((FIXTURES / f"{name}.md").read_text(encoding="utf-8"), name)
    want = {key: expected_meta.get(key, [] if key == "related" else None) for key in KEYS}
    got = {key: meta.get(key, [] if key == "related" else None) for key in KEYS}
    source = {k: v for k, v in meta["source"].items() if k not in ("file", "sha256")}
    assert (got, source, body.strip()) == (want, expected_meta["source"], expected_body.strip())
    # The page is kept as received, under its hash, as raw texts are.
    assert (root / "content" / "sources" / f"{meta['source']['sha256'][:12]}-{name}.html").read_bytes() == \
        page.read_bytes()
    assert_words_in_page_order(page.read_bytes(), meta, body)


@pytest.mark.parametrize("name", PAGES)
def test_dropped(name: str):
    """What --dry-run lists as dropped: every visible block of the page that is not on the article page,
    furniture a word of which the article also has ("Start") included (`<name>.dropped`, one a line)."""
    page = webpage.read((FIXTURES / f"{name}.html").read_bytes(), f"{name}.html")
    assert list(page.dropped) == (FIXTURES / f"{name}.dropped").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", REFUSED)
def test_refused(name: str, tmp_path: Path):
    root = project(tmp_path)
    code, text = (FIXTURES / f"{name}.refused").read_text(encoding="utf-8").strip().split(" ", 1)
    with pytest.raises(DossierError) as caught:
        import_files(root, [FIXTURES / f"{name}.html"])
    [problem] = caught.value.diagnostics
    assert (problem.code, text in problem.message, "\n" in problem.message) == (code, True, False)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == []


def test_a_page_and_a_raw_text_in_one_command(tmp_path: Path):
    root = project(tmp_path)
    raw = tmp_path / "eingang.txt"
    raw.write_text("Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un\nDer neue Präsident will reden.\n"
                   "Er bietet Pjöngjang Gespräche ohne Vorbedingungen an.\n", encoding="utf-8")
    lines = import_files(root, [FIXTURES / "semantisch.html", raw])
    assert [line.split(": ", 1)[1].split(";")[0] for line in lines] == [
        "new content/articles/kim-empfaengt-lawrow-in-wonsan.md",
        "new content/articles/seoul-vor-kurswechsel-lee-will-dialog-mit-kim-jong-un.md"]
    assert "2 related: 1 in the dossier, 1 not yet (stubs)" in lines[0]
    assert sorted(p.name for p in (root / "content" / "sources").iterdir())[0].endswith("-eingang.txt") or True
    assert {p.suffix for p in (root / "content" / "sources").iterdir()} == {".txt", ".html"}
    # The same page again: nothing to do.
    assert import_files(root, [FIXTURES / "semantisch.html"])[0].endswith(
        "unchanged, content/articles/kim-empfaengt-lawrow-in-wonsan.md left as it is")


def test_dry_run_shows_what_was_taken_and_what_was_dropped(tmp_path: Path):
    root = project(tmp_path)
    out = run_cli(root, "import", "--dry-run", str(FIXTURES / "semantisch.html"))
    kinds = [re.split(r"\.html(?::\d+)?: ", line, maxsplit=1)[1].split()[0] for line in out if ".html:" in line]
    for kind in ("kicker", "title", "lede", "outlet", "author", "date", "url", "paragraph", "heading", "bullet",
                 "quote", "related", "dropped"):
        assert kind in kinds
    assert any("dropped   Teilen" in line for line in out)
    assert any("date      2025-07-13T14:32:00+02:00" in line for line in out)
    assert out[-1] == "dry run: nothing written"
    assert not (root / "content" / "articles").exists()


# --- fetched from a server ---------------------------------------------------------------------------------


class Pages(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self) -> None:
        if self.path == "/alt":
            self.send_response(301)
            self.send_header("Location", "/artikel.html")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/html", b"<html><body>weg</body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def server(routes: dict[str, tuple[int, str, bytes]]):
    handler = type("Handler", (Pages,), {"routes": routes})
    with running(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url


def test_a_page_fetched_by_its_url(tmp_path: Path):
    root = project(tmp_path)
    page = (FIXTURES / "agentur_latin1.html").read_bytes()
    latin = page.replace(b'<meta charset="iso-8859-1">', b"")  # the charset only in the header
    with server({"/artikel.html": (200, "text/html; charset=ISO-8859-1", latin)}) as base:
        [line] = import_files(root, [f"{base}/alt"])  # a redirect to the article
        assert line.startswith(f"{base}/artikel.html: new content/articles/")
        meta, body = the_article(root)
        assert meta["title"] == "Südkorea meldet Raketentest über dem Japanischen Meer"
        assert "Außerhalb" not in body and "außerhalb der ausschließlichen Wirtschaftszone" in body
        assert meta["source"]["retrieved"] and meta["source"]["url"].startswith("https://www.allgaeuer-presse")
        assert (root / "content" / "sources" / f"{meta['source']['sha256'][:12]}-artikel.html").read_bytes() == latin
        [again] = import_files(root, [f"{base}/artikel.html"])
        assert again.endswith("unchanged, " + next((root / "content" / "articles").glob("*.md")).relative_to(
            root).as_posix() + " left as it is")


def test_a_changed_page_around_the_same_article_is_unchanged(tmp_path: Path):
    root = project(tmp_path)
    page = (FIXTURES / "semantisch.html").read_bytes()
    routes = {"/a.html": (200, "text/html; charset=utf-8", page)}
    with server(routes) as base:
        import_files(root, [f"{base}/a.html"])
        routes["/a.html"] = (200, "text/html; charset=utf-8", page.replace(b"<footer>", b"<!-- ad 4711 --><footer>"))
        [again] = import_files(root, [f"{base}/a.html"])
        assert "unchanged" in again


@pytest.mark.parametrize("route, answer, code", [
    ("/fehlt.html", None, "http"),
    ("/bild.png", (200, "image/png", b"\x89PNG\r\n\x1a\n"), "not-html"),
    ("/ressort.html", (200, "text/html", (FIXTURES / "ressort.html").read_bytes()), "not-article"),
])
def test_a_url_that_gives_no_article_is_one_line_and_writes_nothing(tmp_path: Path, route, answer, code):
    root = project(tmp_path)
    with server({route: answer} if answer else {}) as base:
        with pytest.raises(DossierError) as caught:
            import_files(root, [f"{base}{route}"])
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.path, "\n" in problem.message) == (code, f"{base}{route}", False)
    assert not any(p.is_file() for p in root.rglob("*"))


def test_no_server_is_a_network_error(tmp_path: Path):
    root = project(tmp_path)
    with server({}) as base:
        pass  # closed: nothing answers at this port now
    out = subprocess.run([sys.executable, "-m", "generator", "import", "-C", str(root), f"{base}/a.html"],
                         capture_output=True, text=True, cwd=REPO, env=_env())
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert re.fullmatch(rf"{re.escape(base)}/a.html: error: could not be fetched .*\[network\]\n", out.stderr)


# --- helpers -----------------------------------------------------------------------------------------------


def _env() -> dict:
    import os
    return {**os.environ, "PYTHONPATH": str(REPO)}


def run_cli(root: Path, *args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "generator", args[0], "-C", str(root), *args[1:]], capture_output=True,
                         text=True, cwd=REPO, env=_env())
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


_WORD = re.compile(r"\w+")
_MARKS = re.compile(r"^(?:\d+\.|[-*>]|#+)[ \t]", re.M)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def assert_words_in_page_order(html: bytes, meta: dict, body: str) -> None:
    """Every word taken (kicker, title, lede, body) is a word of the page's visible text, in the page's order;
    the credit and the related titles too, each on its own. Read without the importer: lxml's text of the
    body, scripts and styles left out."""
    charset = re.search(rb"charset=[\"']?([\w-]+)", html)
    tree = lxml.html.document_fromstring(html.decode(charset.group(1).decode() if charset else "utf-8"))
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    page = _WORD.findall(" ".join(tree.body.itertext()))

    def in_order(words: list[str]) -> bool:
        it = iter(page)
        return all(any(w == p for p in it) for w in words)

    body = _MARKS.sub("", body)  # list numbers, bullets, quote and heading marks are Markdown, not words
    text = " ".join([meta.get("kicker") or "", meta["title"], meta.get("lede") or "", _ESCAPE.sub(r"\1", body)])
    assert in_order(_WORD.findall(text)), "a word of the article is not on the page in that order"
    related = [r["title"] if isinstance(r, dict) else r for r in meta.get("related", [])]
    for part in [meta.get("image_credit") or "", *related]:
        assert in_order(_WORD.findall(part)), part


def test_word_check_notices_an_invented_or_moved_word():
    html = b"<html><body><h1>Kim trifft Putin</h1><p>Ein Absatz mit Text.</p></body></html>"
    meta = {"title": "Kim trifft Putin", "lede": ""}
    assert_words_in_page_order(html, meta, "Ein Absatz mit Text.")
    for wrong in ("Ein Absatz mit viel Text.", "Ein mit Absatz Text.", "Text. Ein Absatz mit"):
        with pytest.raises(AssertionError):
            assert_words_in_page_order(html, meta, wrong)


# --- the article page of an imported web page ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import dossier_project
    from generator.build import build

    root = dossier_project(tmp_path_factory.mktemp("web") / "project")
    import_files(root, [FIXTURES / "semantisch.html", FIXTURES / "agentur_latin1.html"])
    build(root, base_url="https://example.github.io/dossier/", with_search=False)
    return root / "site"


def _page(site: Path, slug: str):
    return lxml.html.document_fromstring((site / "artikel" / slug / "index.html").read_bytes().decode("utf-8"))


def test_the_article_page_names_its_source(built: Path):
    page = _page(built, "kim-empfaengt-lawrow-in-wonsan")
    [line] = page.xpath("//p[@class='provenance']")
    assert " ".join(line.text_content().split()) == \
        "Quelle: Rheinische Rundschau, Anna Lindner, 13. Juli 2025 – Original"
    [link] = line.xpath(".//a")
    assert (link.text, link.get("href")) == (
        "Original", "https://www.rheinische-rundschau.example/politik/ausland/kim-empfaengt-lawrow-in-wonsan-100.html")
    [citation] = page.xpath("//p[@class='citation']")
    assert "Nach: Rheinische Rundschau." in citation.text_content()
    assert not page.xpath("//p[@class='source']")  # the stored file's name is for raw texts
    [agency] = _page(built, "suedkorea-meldet-raketentest-ueber-dem-japanischen-meer").xpath("//p[@class='provenance']")
    assert " ".join(agency.text_content().split()) == "Quelle: Neue Allgäuer Presse, dpa, 14. Juli 2025 – Original"


def test_the_article_page_tells_search_engines_its_source(built: Path):
    import json

    page = _page(built, "kim-empfaengt-lawrow-in-wonsan")
    [data] = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert data["author"] == [{"@type": "Person", "name": "Anna Lindner"}]
    assert data["datePublished"] == "2025-07-13"
    based = data["isBasedOn"]
    assert (based["@type"], based["url"], based["publisher"], based["datePublished"]) == (
        "NewsArticle", "https://www.rheinische-rundschau.example/politik/ausland/kim-empfaengt-lawrow-in-wonsan-100.html",
        {"@type": "Organization", "name": "Rheinische Rundschau"}, "2025-07-13T14:32:00+02:00")
    agency = _page(built, "suedkorea-meldet-raketentest-ueber-dem-japanischen-meer")
    [data] = [json.loads(s.text) for s in agency.xpath("//script[@type='application/ld+json']")]
    assert data["author"] == [{"@type": "Organization", "name": "dpa"}]


@pytest.mark.parametrize("source, message", [
    ("{file: a.html, sha256: ab, url: 'ftp://x/y'}", "'source' 'url' must be an http(s):// address"),
    ("{file: a.html, sha256: ab, published: 'gestern'}", "'source' 'published' must be a date like 2025-07-13"),
    ("{file: a.html, sha256: ab, outlet: [a, b]}", "'source' 'outlet' must be text"),
])
def test_a_wrong_source_is_an_error_at_its_line(tmp_path: Path, source: str, message: str):
    from generator import content

    root = project(tmp_path)
    (root / "content" / "articles").mkdir()
    (root / "content" / "articles" / "a.md").write_text(f"---\ntitle: A\nsource: {source}\n---\nText.\n",
                                                        encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        content.load(root)
    [problem] = caught.value.diagnostics
    assert (problem.path, problem.line, message in problem.message) == ("content/articles/a.md", 3, True)


WERFT_URL = "https://www.rheinische-rundschau.example/politik/ausland/kim-besucht-werft-in-chongjin-100.html"


def test_a_related_link_to_an_articles_source_url_leads_to_that_article(tmp_path: Path):
    """The link's text differs from the article's title; its URL is the article's canonical source URL: the
    entry keeps the page's text and leads to that article."""
    root = project(tmp_path)
    (root / "content" / "articles").mkdir()
    (root / "content" / "articles" / "werft.md").write_text(
        "---\ntitle: Kim besichtigt die Werft von Chongjin\nsource:\n  file: werft.html\n  sha256: ab\n"
        f"  url: {WERFT_URL}\n---\nText.\n", encoding="utf-8")
    [line] = import_files(root, [FIXTURES / "semantisch.html"])
    assert "2 related: 1 in the dossier, 1 not yet (stubs)" in line
    written = root / "content" / "articles" / "kim-empfaengt-lawrow-in-wonsan.md"
    meta, _, _ = split(written.read_text(encoding="utf-8"), written.name)
    assert meta["related"] == [
        {"title": "Kim besucht Werft in Chongjin", "url": WERFT_URL},
        {"title": "Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un",
         "url": "https://www.rheinische-rundschau.example/politik/ausland/seoul-vor-kurswechsel-100.html"}]
    from generator import content, links
    linked, _ = links.link(content.load(root)[0])
    assert [(r.title, r.slug, r.is_stub) for r in linked.refs["kim-empfaengt-lawrow-in-wonsan"]] == [
        ("Kim besucht Werft in Chongjin", "werft", False),
        ("Seoul vor Kurswechsel: Lee will Dialog mit Kim Jong Un", "seoul-vor-kurswechsel-lee-will-dialog-mit-kim-jong-un",
         True)]
    # A corrected page replaces the article: the title its link was given is no editor's edit.
    page = tmp_path / "semantisch.html"
    page.write_bytes((FIXTURES / "semantisch.html").read_bytes().replace(b"am Sonntag", b"am Sonntagabend"))
    [again] = import_files(root, [page])
    assert ": replaced content/articles/kim-empfaengt-lawrow-in-wonsan.md" in again
