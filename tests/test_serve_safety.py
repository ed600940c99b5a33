"""The live preview under attack and under load: its server refuses `..` in every encoding (double-encoded,
backslash, NUL), and it survives 300 saves in 3 s (plain and atomic saves, deletions, broken files, new
files, edits during rebuilds) and ends equal to a full build.
"""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from conftest import article, snapshot, write_project
from generator.build import build


def test_preview_server_refuses_every_escape(tmp_path):
    from generator.preview import Preview, make_handler, bind

    root = write_project(tmp_path / "project", {"content/articles/a.md": article("A")})
    (tmp_path / "secret.txt").write_text("geheim", encoding="utf-8")
    folder = tmp_path / "preview" / "site"
    folder.mkdir(parents=True)
    preview = Preview(root, folder, with_search=False, log=lambda line: None)
    assert preview.rebuild()
    server = bind("127.0.0.1", 0, make_handler(preview))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for evil in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/%252e%252e/secret.txt",
                     "/%252e%252e%252fsecret.txt", "/..%5csecret.txt", "/%2e%2e%5csecret.txt", "/..\\secret.txt",
                     "/%00/../secret.txt", "/artikel%00/index.html", "/index.html%00.txt", "/..%00/secret.txt",
                     "/artikel/..%2f..%2f..%2fsecret.txt", "//secret.txt", "/%2f%2e%2e/secret.txt"):
            try:
                with urlopen(base + evil) as response:
                    body = response.read()
                assert b"geheim" not in body, evil
            except HTTPError as refused:
                assert refused.code in (403, 404), evil
                assert b"geheim" not in refused.read(), evil
    finally:
        server.shutdown()
        server.server_close()
        preview.close()


@pytest.mark.slow
def test_preview_survives_an_edit_storm_and_ends_equal_to_a_full_build(tmp_path):
    from generator.preview import Preview, Watcher

    names = [f"artikel-{i}" for i in range(6)]

    def version(i: int, n: int) -> str:
        return article(f"Artikel {i} Fassung {n % 3}", date=f"2025-0{1 + i}-1{n % 10}", topics=[f"Thema {n % 4}"],
                       related=[f"Artikel {(i + 1) % 6} Fassung {n % 3}", f"Fehlt {n % 5}"],
                       body=f"Text {n} über Kim und Wonsan.\n\n## Abschnitt {n % 2}\n\nMehr Text.")

    root = write_project(tmp_path / "project", {f"content/articles/{name}.md": version(i, 0)
                                                for i, name in enumerate(names)})
    # What a full build of the state the storm ends in gives, built before it in a project of its own.
    final = write_project(tmp_path / "final", {f"content/articles/{name}.md": version(i, 1000 + i)
                                               for i, name in enumerate(names)})
    build(final, out=tmp_path / "full", with_search=False)
    expected = {k: v for k, v in snapshot(tmp_path / "full").items() if k != ".dossier-manifest.json"}
    folder = tmp_path / "preview" / "site"
    folder.mkdir(parents=True)
    log: list[str] = []
    preview = Preview(root, folder, with_search=False, log=log.append)
    assert preview.rebuild()
    busy, calls = [0], [0]
    rebuild = preview.rebuild

    def counted(paths=None) -> bool:  # with the paths the watcher saw change
        busy[0] += 1
        calls[0] += 1
        try:
            return rebuild(paths)
        finally:
            busy[0] -= 1

    preview.rebuild = counted
    watcher = Watcher(preview)
    watcher.start()
    rng = random.Random(5)
    articles = root / "content/articles"
    saves = overlapped = 0
    try:
        started = time.monotonic()
        while time.monotonic() - started < 3.0 or saves < 300:
            i = rng.randrange(len(names))
            overlapped += busy[0] > 0  # this save lands while a rebuild runs
            path = articles / f"{names[i]}.md"
            what = rng.random()
            if what < 0.45:  # a plain save: truncate, then write (a rebuild may read it half-written)
                path.write_text(version(i, saves), encoding="utf-8")
            elif what < 0.75:  # an editor's atomic save: write a temporary file, rename it over
                tmp = articles / f".{names[i]}.md.swp"
                tmp.write_text(version(i, saves), encoding="utf-8")
                os.replace(tmp, path)
            elif what < 0.85:
                path.unlink(missing_ok=True)
            elif what < 0.92:
                path.write_text("---\ntitle: [kaputt\n---\n", encoding="utf-8")  # broken for a moment
            else:
                (articles / f"neu-{saves % 4}.md").write_text(version(saves % 6, saves), encoding="utf-8")
            saves += 1
            # Mostly a burst; now and then a pause long enough for a rebuild to start, which the next
            # saves then hit while it runs.
            time.sleep(rng.uniform(0.03, 0.08) if rng.random() < 0.12 else rng.uniform(0, 0.006))
        for i, name in enumerate(names):  # the final state (built above): every file whole
            (articles / f"{name}.md").write_text(version(i, 1000 + i), encoding="utf-8")
        for extra in articles.glob("neu-*.md"):
            extra.unlink()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the preview serves the final state, with nothing left to do
            if not watcher.pending and not busy[0] and served(folder) == expected:
                break
            time.sleep(0.05)
        assert watcher.thread.is_alive()
        assert preview.error == [], preview.error
        assert not [line for line in log if "internal error" in line], log
    finally:
        preview.close()
        watcher.stop()
    assert served(folder) == expected
    print(f"edit storm: {saves} saves ({overlapped} during a rebuild), {calls[0]} rebuilds")
    assert saves >= 300 and calls[0] > 10 and overlapped > 0


def served(folder: Path) -> dict[str, bytes]:
    """The preview's pages and files, less its own search index."""
    return {k: v for k, v in snapshot(folder).items() if not k.startswith("pagefind/")}
