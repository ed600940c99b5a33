"""Live preview: rebuild on save, reload the browser by itself, overlay on errors, equal to a full build."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from conftest import article, override, snapshot
from generator.build import build
from generator.preview import Preview

A_BODY = "Erster Satz über Wonsan.\n\n## Abschnitt\n\n" + "\n\n".join(f"Absatz {i} über Pjöngjang." for i in range(40))


def _files() -> dict[str, str]:
    return {
        "content/dossier.yaml": "title: Vorschau\nbase_url: https://example.github.io/vorschau/\n",
        "content/articles/a.md": article("Kim trifft Putin", date="2025-07-13", topics=["Diplomatie"],
                                         related=["Neue Brücke über den Tumen", "Putin in Pjöngjang"], body=A_BODY),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", topics=["Diplomatie"],
                                         related=["Kim trifft Putin"], body="Ein Bericht über den Besuch."),
        "content/articles/c.md": article("Etwas anderes", date="2023-01-01", topics=["Wirtschaft"],
                                         body="Ohne Bezug."),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path, *args: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-C", str(root), "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        while True:
            line = self.process.stdout.readline()
            assert line, "dossier serve exited: " + "".join(self.lines)
            self.lines.append(line)
            if line.startswith("serving "):
                self.url = line.split()[1]
                break

    def stop(self, sig=signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(sig)
        try:
            out, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # it must not outlive the test
            self.process.kill()
            out, _ = self.process.communicate()
        return self.process.returncode, "".join(self.lines) + out


@pytest.fixture
def preview_server(project):
    root = project(_files())
    servers = []

    def start(*args: str) -> Server:
        servers.append(Server(root, *args))
        return servers[-1]

    yield root, start
    for server in servers:
        if server.process.poll() is None:
            server.stop()  # killed if it does not stop in time


CONNECTED = "document.documentElement.dataset.dossierLive === 'connected'"


def connected(page) -> None:
    """Wait until the page's reload script has its event stream (the server's first state has come)."""
    page.wait_for_function(CONNECTED)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_saving_a_file_reloads_the_page_keeping_the_scroll_position(preview_server, page):
    root, start = preview_server
    server = start("--no-search")
    page.set_viewport_size({"width": 800, "height": 400})
    page.goto(server.url + "artikel/a/")
    page.evaluate("window.scrollTo(0, 600)")
    page.wait_for_function("window.scrollY >= 600")
    connected(page)
    edit(root / "content/articles/a.md", "Erster Satz über Wonsan.", "Ein ganz neuer Satz über Wonsan.")
    # The page reloads by itself (how fast: benchmarks/preview_latency.py), where the reader was.
    page.wait_for_selector("text=Ein ganz neuer Satz über Wonsan.", timeout=10_000)
    page.wait_for_function("window.scrollY >= 590", timeout=5000)


@pytest.mark.slow
def test_broken_file_shows_overlay_and_fixing_it_removes_it(preview_server, page):
    root, start = preview_server
    server = start("--no-search")
    page.goto(server.url + "artikel/b/")
    connected(page)
    b = root / "content/articles/b.md"
    good = b.read_text(encoding="utf-8")
    b.write_text(good.replace("date: 2024-06-19", "date: [2024"), encoding="utf-8")
    overlay = page.locator("#dossier-error-overlay")
    overlay.wait_for(timeout=3000)
    assert "content/articles/b.md:3: error: broken YAML" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "Putin in Pjöngjang"  # the last good page stays
    b.write_text(good.replace("Ein Bericht über den Besuch.", "Ein korrigierter Bericht."), encoding="utf-8")
    page.wait_for_selector("text=Ein korrigierter Bericht.", timeout=3000)
    assert page.locator("#dossier-error-overlay").count() == 0
    code, log = server.stop()
    assert "content/articles/b.md:3: error: broken YAML" in log  # the terminal shows the same line


@pytest.mark.slow
def test_template_error_shows_overlay_with_layout_and_line(preview_server, page):
    root, start = preview_server
    server = start("--no-search")
    page.goto(server.url)
    connected(page)
    layout = override(root, "home.html")
    good = layout.read_text(encoding="utf-8")
    layout.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), encoding="utf-8")
    page.locator("#dossier-error-overlay").wait_for(timeout=3000)
    assert "layouts/home.html" in page.locator("#dossier-error-overlay").inner_text()
    layout.write_text(good, encoding="utf-8")
    page.locator("#dossier-error-overlay").wait_for(state="detached", timeout=3000)


@pytest.mark.slow
def test_new_article_replaces_its_stub_and_is_found_by_search(preview_server, page):
    root, start = preview_server
    server = start()
    page.goto(server.url + "artikel/neue-bruecke-ueber-den-tumen/")
    assert '<article class="stub"' in page.content()
    connected(page)
    (root / "content/articles/neue-bruecke-ueber-den-tumen.md").write_text(
        article("Neue Brücke über den Tumen", date="2025-08-01", related=["Kim trifft Putin"],
                body="Die Brücke verbindet Chasan und Tumangang über den Fluss."), encoding="utf-8")
    page.wait_for_selector("text=Die Brücke verbindet Chasan", timeout=3000)
    assert '<article class="stub"' not in page.content()
    assert 'href="/vorschau/artikel/a/"' in page.content()  # the two articles link each other
    deadline = time.monotonic() + 10
    while "search index refreshed" not in "".join(server.lines) and time.monotonic() < deadline:
        server.lines.append(server.process.stdout.readline())
    page.goto(server.url + "suche/?q=Chasan")
    page.wait_for_selector(".pagefind-ui__result mark", timeout=10_000)
    assert "Neue Brücke über den Tumen" in page.locator(".pagefind-ui__result").first.inner_text()


@pytest.mark.slow
def test_serve_right_after_build_has_search_at_once(preview_server, page):
    """The README's order: `dossier build`, then `dossier serve`. Every page is reused from site/, and so is
    its search bundle: search works before any edit, with no Pagefind run."""
    root, start = preview_server
    build(root)
    server = start()
    with urlopen(server.url + "pagefind/pagefind-ui.js") as response:
        assert response.status == 200 and b"PagefindUI" in response.read()
    page.goto(server.url + "suche/?q=Besuch")
    page.wait_for_selector(".pagefind-ui__result mark", timeout=10_000)
    assert "Putin in Pjöngjang" in page.locator(".pagefind-ui__result").first.inner_text()
    code, log = server.stop()
    assert "search index refreshed" not in log  # site/'s bundle was right: nothing indexed anew


def test_a_save_after_a_build_shows_in_the_served_page(preview_server):
    """The preview starts from the state the build left and rebuilds in a thread of its own: the saved
    edit must be served (the state store once refused to be used from that thread)."""
    root, start = preview_server
    build(root, with_search=False)
    server = start("--no-search")
    edit(root / "content/articles/c.md", "Ohne Bezug.", "Ohne jeden Bezug zu Chasan.")
    deadline, shown = time.monotonic() + 20, ""
    while "Ohne jeden Bezug zu Chasan." not in shown and time.monotonic() < deadline:
        time.sleep(0.05)
        with urlopen(server.url + "artikel/c/") as response:
            shown = response.read().decode("utf-8")
    code, log = server.stop()
    assert "Ohne jeden Bezug zu Chasan." in shown, log


def test_serve_after_an_edit_since_the_build_indexes_anew(preview_server):
    """site/'s bundle is stale once an article changed after the build: the preview indexes its own pages."""
    root, start = preview_server
    build(root)
    edit(root / "content/articles/c.md", "Ohne Bezug.", "Ohne jeden Bezug zu Chasan.")
    server = start()
    deadline = time.monotonic() + 20
    while "search index refreshed" not in "".join(server.lines) and time.monotonic() < deadline:
        server.lines.append(server.process.stdout.readline())
    with urlopen(server.url + "pagefind/pagefind-ui.js") as response:
        assert response.status == 200
    code, log = server.stop()
    assert "search index refreshed" in log


def test_server_refuses_escapes_serves_types_and_stops_cleanly(preview_server):
    root, start = preview_server
    server = start("--no-search")
    base = f"http://127.0.0.1:{server.port}"
    for evil in ("/vorschau/../../etc/passwd", "/vorschau/%2e%2e/%2e%2e/etc/passwd",
                 "/vorschau/artikel/..%2f..%2f..%2fetc%2fpasswd"):
        with pytest.raises(HTTPError) as caught:
            urlopen(base + evil)
        assert caught.value.code in (403, 404), evil
    with urlopen(f"{server.url}assets/style.css") as response:
        assert response.headers["Content-Type"].startswith("text/css")
    with urlopen(server.url) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"dossier-live-reload" in response.read()
    with pytest.raises(HTTPError) as caught:
        urlopen(server.url + "gibt-es-nicht/")
    assert caught.value.code == 404 and b"Seite nicht gefunden" in caught.value.read()
    with urlopen(base + "/") as response:  # the root redirects to the sub-path
        assert response.url == server.url
    code, log = server.stop()
    assert code == 0 and "stopped" in log


def test_port_in_use_moves_to_the_next_free_port(preview_server):
    root, start = preview_server
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(root), "--no-search",
                                    "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            lines = [process.stdout.readline() for _ in range(3)]
            text = "".join(lines)
            # The next port may belong to another process on a busy machine: the preview
            # moves up to the first free one, and says which.
            moved = re.search(rf"port {port} is in use; using (\d+)", text)
            assert moved, text
            used = int(moved.group(1))
            assert port < used <= port + 10
            assert f"serving http://127.0.0.1:{used}/" in text
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=10)


def test_the_last_port_taken_is_an_error_saying_what_to_do_not_an_overflow():
    from generator.preview import bind, make_handler

    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 65535))
            taken.listen()
        except OSError:  # someone else holds it: taken either way
            pass
        with pytest.raises(OSError) as caught:
            bind("127.0.0.1", 65535, make_handler(None))
    assert str(caught.value).endswith("ports 65535-65535 are all in use; choose another with -p")


# In-process: the preview's incremental rebuilds against fresh full builds.

def _preview(root: Path, tmp_path: Path) -> Preview:
    folder = tmp_path / "preview"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=lambda line: None)
    assert preview.rebuild()
    return preview


def _full(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """A fresh full build, less the build's own bookkeeping (the preview keeps that in memory)."""
    out = tmp_path / name
    build(root, out=out, with_search=False)
    files = snapshot(out)
    del files[".dossier-manifest.json"]
    return files


@pytest.mark.slow
def test_incremental_rebuilds_equal_a_full_build_after_every_kind_of_edit(project, tmp_path):
    root = project(_files())
    preview = _preview(root, tmp_path)
    steps = [
        lambda: edit(root / "content/articles/a.md", "Absatz 3", "Absatz drei"),
        lambda: edit(root / "content/articles/b.md", "title: Putin in Pjöngjang", "title: Putin besucht Pjöngjang"),
        lambda: (root / "content/articles/d.md").write_text(article("Neue Brücke über den Tumen", date="2025-08-01",
                                                                    related=["Etwas anderes"]), encoding="utf-8"),
        lambda: (root / "content/articles/c.md").unlink(),
        lambda: edit(override(root, "article.html"), "Verwiesen von", "Verwiesen von:"),
        lambda: edit(root / "content/dossier.yaml", "title: Vorschau", "title: Vorschau 2"),
        lambda: edit(root / "content/articles/a.md", "- Diplomatie", "- Ukraine-Krieg"),
    ]
    for n, step in enumerate(steps):
        step()
        assert preview.rebuild()
        assert snapshot(preview.folder) == _full(root, tmp_path, f"full-{n}"), f"after step {n}"


def test_only_the_pages_an_edit_touches_are_rewritten(project, tmp_path):
    root = project(_files())
    preview = _preview(root, tmp_path)
    assert preview.rebuild() and preview.last_written == []  # nothing changed, nothing written

    edit(root / "content/articles/c.md", "Ohne Bezug.", "Ohne jeden Bezug.")
    assert preview.rebuild()
    # Its page, and the two pages that carry its full text: the feed and the whole dossier.
    assert preview.last_written == ["artikel/c/index.html", "feed.xml", "gesamt/index.html"]

    # Same title key (a's reference still resolves), new display: every page showing b's title changes.
    edit(root / "content/articles/b.md", "title: Putin in Pjöngjang", "title: Putin in „Pjöngjang“")
    assert preview.rebuild()
    assert preview.last_written == [
        "artikel/a/index.html",  # links to b: shows its title
        "artikel/b/index.html",
        "feed.xml",
        "gesamt/index.html",
        "index.html",  # lists b
        "netz/index.html",  # labels b
        "neu/index.html",  # lists b on the day it entered
        "themen/diplomatie/feed.xml",  # b's topic's feed
        "themen/diplomatie/index.html",  # b's topic
    ]

    edit(override(root, "stub.html"), "Noch nicht im Dossier</p>", "Noch nicht aufgenommen</p>")
    assert preview.rebuild()
    assert preview.last_written == ["artikel/neue-bruecke-ueber-den-tumen/index.html"]


def test_the_edited_page_is_written_first_and_only_browsers_on_changed_pages_reload(project, tmp_path, monkeypatch):
    from generator.preview import state as preview_state

    root = project(_files())
    preview = _preview(root, tmp_path)
    synced: list[list[str]] = []
    sync = preview_state.output.sync

    def recorded(folder, files, gone):
        synced.append(sorted(files))
        return sync(folder, files, gone)

    monkeypatch.setattr(preview_state.output, "sync", recorded)
    before = {page: preview.state(page)["epoch"] for page in ("artikel/b/index.html", "artikel/c/index.html")}
    edit(root / "content/articles/b.md", "title: Putin in Pjöngjang", "title: Putin in „Pjöngjang“")
    assert preview.rebuild({str(root / "content/articles/b.md")})
    # b's own page is written (and its browsers told) before the pages that list or draw it.
    assert synced[0] == ["artikel/b/index.html"] and "index.html" in synced[1]
    assert preview.state("artikel/b/index.html")["epoch"] > before["artikel/b/index.html"]
    assert preview.state("index.html")["epoch"] > before["artikel/b/index.html"]  # the home page lists b
    assert preview.state("artikel/c/index.html")["epoch"] == before["artikel/c/index.html"]  # c: no reload
    css = override(root, "assets/style.css")
    css.write_text(css.read_text(encoding="utf-8") + "\n.neu { color: red; }\n", encoding="utf-8")
    assert preview.rebuild({str(css)})
    assert preview.state("artikel/c/index.html")["epoch"] == preview.epoch  # every page shows the stylesheet


def test_production_build_has_no_trace_of_the_preview(project, tmp_path):
    root = project(_files())
    build(root)
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css"):
            assert b"dossier-live-reload" not in path.read_bytes() and b"__dossier" not in path.read_bytes()


@pytest.mark.slow
def test_stopping_at_any_moment_leaves_nothing_behind(project, tmp_path):
    """Ctrl-C or SIGTERM while idle, while a rebuild of every page runs, or while Pagefind refreshes: the
    preview waits for what runs and removes its temporary folder."""
    import os
    import random

    files = _files()
    for n in range(120):  # enough pages that a layout edit keeps the rebuild busy for a while
        files[f"content/articles/x{n}.md"] = article(f"Artikel {n}", date="2024-01-01", body=A_BODY)
    root = project(files)
    temp = tmp_path / "tmp"
    temp.mkdir()
    rng = random.Random(7)
    layout = override(root, "article.html")
    for n, (sig, search) in enumerate([(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGTERM, True),
                                      (signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGTERM, True)]):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-C", str(root), "--port", str(port)]
            + ([] if search else ["--no-search"]),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "TMPDIR": str(temp)})
        while not (line := process.stdout.readline()).startswith("serving "):
            assert line, "dossier serve exited"
        assert len(list(temp.iterdir())) == 1  # the preview's folder, while it runs
        edit(layout, "Verwiesen von", "Verwiesen von " * (n % 2 + 1))  # every article page changes
        time.sleep(rng.uniform(0.0, 0.6))
        process.send_signal(sig)
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0 and "stopped" in out, out
        assert list(temp.iterdir()) == [], f"left behind after stop {n}"


def test_the_preview_lists_the_month_pages_of_neu_as_the_days_of_changes_move(project, tmp_path, monkeypatch):
    """Which pages /neu/ has follows the days articles came in, not only the link graph: an edit of
    `added:` alone must add and remove month pages in the preview as in a full build."""
    from generator import changes

    monkeypatch.setattr(changes, "LATEST", 1)
    root = project({"content/dossier.yaml": "title: T\nbase_url: https://example.org/\n",
                    "content/articles/a.md": article("A", date="2025-07-01", added="2025-07-02"),
                    "content/articles/b.md": article("B", date="2025-06-01", added="2025-06-02")})
    preview = _preview(root, tmp_path)
    assert (preview.folder / "neu/2025-06/index.html").is_file()
    edit(root / "content/articles/b.md", "added: 2025-06-02", "added: 2025-05-02")
    assert preview.rebuild({str(root / "content/articles/b.md")})
    assert (preview.folder / "neu/2025-05/index.html").is_file()
    assert not (preview.folder / "neu/2025-06/index.html").exists()
    assert snapshot(preview.folder) == _full(root, tmp_path, "full")
