"""Shared helpers: small dossier projects built in temporary folders, never in content/."""

from __future__ import annotations

import os
import shutil
import signal
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


def _our_children() -> dict[int, str]:
    """The `dossier` commands this test process started that still run: {pid: command line}."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            state, parent = text[text.rindex(")") + 2:].split()[:2]
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            continue
        if int(parent) == os.getpid() and state != "Z" and " generator " in f" {command} ":
            found[int(stat.parent.name)] = command.strip()
    return found


@pytest.fixture(autouse=True)
def no_command_left_running(request):
    """Every `python -m generator …` a test starts has ended when the test ends, passed or failed: what is
    left is killed, and a test that passed is reported for leaving it."""
    yield
    left = _our_children()
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    report = getattr(request.node, "rep_call", None)
    if left and report is not None and report.passed:
        pytest.fail(f"the test left running: {', '.join(left.values())}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so a fixture can tell whether the test passed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def article(title: str, body: str = "Ein Absatz.", **fields) -> str:
    """A Markdown article with front matter, built with the generator's own YAML writer."""
    from generator.frontmatter import dump

    return dump({"title": title, **fields}, textwrap.dedent(body))


THEME = REPO / "generator" / "layouts"  # the default theme, shipped in the package
# The Russia–North Korea dossier as this repository shipped it when these tests were written: the tests'
# own copy, so that a fork with other content in content/ passes the same suite.
DOSSIER = REPO / "tests" / "fixtures" / "dossier"


def checkout_copy(target: Path) -> Path:
    """The files of this checkout that Git would commit (tracked, and new ones not ignored), in `target`."""
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (REPO / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, target / rel)
    return target


def dossier_project(root: Path) -> Path:
    """A project in `root` holding the tests' copy of the shipped dossier (built there, never in tests/)."""
    shutil.copytree(DOSSIER / "content", root / "content")
    return root


def write_project(root: Path, files: dict[str, str | bytes], layouts: bool = False) -> Path:
    """A dossier project: content files as given; it uses the packaged theme, or with `layouts` a full copy
    of it in its own layouts/ (every file overridden, the same theme)."""
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    if layouts and not (root / "layouts").exists():
        shutil.copytree(THEME, root / "layouts")
    return root


def override(root: Path, rel: str) -> Path:
    """The project's own copy of one theme file (layouts/<rel>), as an editor starts an override."""
    path = root / "layouts" / rel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME / rel, path)
    return path
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
    "changes": "neu/",
    "open references": "offen/",
}


def shipped_and_more(root: Path, second_body: str, page_body: str) -> Path:
    """The shipped dossier and layouts in `root`, plus a second article that names the shipped one (so
    "Verwiesen von" has an entry), /artikel/zweiter/, and a free page /seiten/ueber/."""
    dossier_project(root)
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
    """The shipped dossier (the tests' copy), built once with its search bundle (read only)."""
    from generator.build import build

    folder = tmp_path_factory.mktemp("shipped-search")
    out = folder / "site"
    build(dossier_project(folder / "project"), out=out)
    return out


@pytest.fixture(scope="session")
def features_site(tmp_path_factory) -> Path:
    """The small dossier of features.py (entities, events, two articles), built once without search (read only)."""
    from features import FILES
    from generator.build import build

    root = write_project(tmp_path_factory.mktemp("features") / "project", FILES)
    build(root, with_search=False)
    return root / "site"
