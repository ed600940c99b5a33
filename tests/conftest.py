"""Shared helpers: small dossier projects built in temporary folders, never in content/."""

from __future__ import annotations

import shutil
import struct
import textwrap
import zlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "fixtures" / "seed" / "000_fc018e94312481a9.txt"  # the shipped article's raw text
SITE_URL = "https://example.org/dossier/"  # a base URL with a host and a sub-path


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use Chromium (the `browser` or `page` fixture) get the `browser` marker, so that
    `-m "not browser"` runs without one. Slow tests are marked `slow` in their modules."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def article(title: str, body: str = "Ein Absatz.", **fields) -> str:
    """A Markdown article with front matter, built with the generator's own YAML writer."""
    from generator.frontmatter import dump

    return dump({"title": title, **fields}, textwrap.dedent(body))


def write_project(root: Path, files: dict[str, str | bytes], layouts: bool = True) -> Path:
    """A dossier project: content files as given, and the repository's layouts."""
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    if layouts and not (root / "layouts").exists():
        shutil.copytree(REPO / "layouts", root / "layouts")
    return root


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SEED_TITLE = "Nordkorea sichert Putin „bedingungslose Unterstützung“ im Ukraine-Krieg zu"  # as the site shows it


# Every kind of page of the dossier shipped_and_more() makes, by the address a reader opens.
PAGES = {
    "home": "",
    "article": "artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/",
    "second article": "artikel/zweiter/",
    "stub": "artikel/seoul-vor-kurswechsel-lee-will-dialog-mit-kim-jong-un/",
    "topic index": "themen/",
    "topic": "themen/diplomatie/",
    "search with results": "suche/?q=Wonsan",
    "404": "gibt-es-nicht/",
    "entity index": "personen/",
    "entity": "personen/kim-jong-un/",
    "chronology": "chronik/",
    "network": "netz/",
    "whole dossier": "gesamt/",
    "free page": "seiten/ueber/",
}


def shipped_and_more(root: Path, second_body: str, page_body: str) -> Path:
    """The shipped dossier and layouts in `root`, plus a second article that names the shipped one (so
    "Verwiesen von" has an entry), /artikel/zweiter/, and a free page /seiten/ueber/."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "layouts", root / "layouts")
    (root / "content/articles/zweiter.md").write_text(article(
        "Kim empfängt Lawrow in Wonsan", date="2025-07-14", lede="Ein zweiter Bericht über das Treffen.",
        topics=["Diplomatie"], related=[SEED_TITLE.replace("„", '"').replace("“", '"')], body=second_body),
        encoding="utf-8")
    (root / "content/pages").mkdir(exist_ok=True)
    (root / "content/pages/ueber.md").write_text(f"---\ntitle: Über dieses Dossier\n---\n{page_body}",
                                                 encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):
    """Factory: project({"content/articles/a.md": article("A")}) -> project root."""
    return lambda files=None, **kw: write_project(tmp_path / "project", files or {}, **kw)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below root with its bytes, to prove that nothing was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium fails the tests: they must run in CI."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("browser tests need Debian's chromium (apt-get install chromium); scripts/test installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records every request, so tests can prove nothing leaves loopback."""
    context = browser.new_context(locale="de-DE")
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Path:
    """The real dossier exactly as shipped in content/, built once with its search bundle (read only)."""
    from generator.build import build

    out = tmp_path_factory.mktemp("shipped-search") / "site"
    build(REPO, out=out)
    return out


@pytest.fixture(scope="session")
def features_site(tmp_path_factory) -> Path:
    """The small dossier of features.py (entities, events, two articles), built once without search (read only)."""
    from features import FILES
    from generator.build import build

    root = write_project(tmp_path_factory.mktemp("features") / "project", FILES)
    build(root, with_search=False)
    return root / "site"
