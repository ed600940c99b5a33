"""`dossier build --published SITEMAP`: an article URL the live site lists and this build drops, without a
redirect_from, is a dead-url warning (so --strict fails), also in a fresh checkout with no site/; nothing
live (404, no answer) passes with a note. The live site is a loopback server (tests/webserver.py)."""

from __future__ import annotations

import os
import shutil
import socket
import time

import pytest

from conftest import article
from generator.build import build
from generator.cli import main
from webserver import serve

FILES = {
    "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
    "content/articles/kim-trifft-putin.md": article("Kim trifft Putin", date="2025-07-13", body="Ein Bericht."),
    "content/articles/b.md": article("Zweiter Bericht", date="2025-07-12", body="Noch einer."),
}
DEAD = ("/artikel/kim-trifft-putin/: warning: the live site's sitemap lists this URL and this build drops it; if "
        "the article was renamed, add redirect_from: [/artikel/kim-trifft-putin/] to "
        "content/articles/treffen-in-wonsan.md [dead-url]")


@pytest.fixture
def live(project, tmp_path):
    """The published site, built from FILES (as the last deploy was), in its own folder."""
    root = project(FILES)
    build(root, with_search=False)
    published = tmp_path / "live"
    shutil.copytree(root / "site", published)
    shutil.rmtree(root / "site")  # a fresh checkout, as in CI: no earlier build to compare with
    (root / "content/articles/kim-trifft-putin.md").rename(root / "content/articles/treffen-in-wonsan.md")
    return root, published


def test_a_renamed_article_fails_a_strict_build_against_the_live_sitemap(live, capsys):
    root, published = live
    with serve(published, prefix="/t/") as base:
        assert main(["build", "-C", str(root), "--no-search", "--strict", "--published", base + "sitemap.xml"]) == 1
        assert capsys.readouterr().err.splitlines() == [DEAD]
        assert not (root / "site").exists()
        assert main(["build", "-C", str(root), "--no-search", "--published", base + "sitemap.xml"]) == 0
        assert DEAD in capsys.readouterr().err.splitlines()  # without --strict: warned, built
        for file in root.rglob("*"):  # old enough to be trusted by their mtimes
            os.utime(file, (time.time() - 60, time.time() - 60))
        assert main(["build", "-C", str(root), "--no-search", "--published", base + "sitemap.xml"]) == 0
        capsys.readouterr()
        # Told again by a build that finds nothing changed: the live site still has the URL.
        assert main(["build", "-C", str(root), "--no-search", "--published", base + "sitemap.xml"]) == 0
        out = capsys.readouterr()
        assert "up to date" in out.out and DEAD in out.err.splitlines()
        assert main(["check", "-C", str(root), "--strict", "--published", base + "sitemap.xml"]) == 1
        assert DEAD in capsys.readouterr().out.splitlines()


def test_the_redirect_keeps_the_url_and_the_strict_build_passes(live, capsys):
    root, published = live
    path = root / "content/articles/treffen-in-wonsan.md"
    path.write_text(article("Kim trifft Putin", date="2025-07-13", body="Ein Bericht.",
                            redirect_from=["/artikel/kim-trifft-putin/"]), encoding="utf-8")
    with serve(published, prefix="/t/") as base:
        assert main(["build", "-C", str(root), "--no-search", "--strict", "--published", base + "sitemap.xml"]) == 0
    assert "dead-url" not in capsys.readouterr().err


def test_a_sitemap_file_works_as_the_url_does(live, capsys):
    root, published = live
    assert main(["build", "-C", str(root), "--no-search", "--strict",
                 "--published", str(published / "sitemap.xml")]) == 1
    assert capsys.readouterr().err.splitlines() == [DEAD]


def _closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]  # nothing listens there once it is closed


def test_a_first_deploy_with_nothing_live_passes_with_a_note(project, tmp_path, capsys):
    root = project(FILES)
    empty = tmp_path / "nothing"
    empty.mkdir()
    with serve(empty, prefix="/t/") as base:
        assert main(["build", "-C", str(root), "--no-search", "--strict", "--published", base + "sitemap.xml"]) == 0
        assert capsys.readouterr().err.splitlines() == [
            f"{base}sitemap.xml: info: HTTP 404: nothing is published there yet; no published URLs to compare with, "
            "as on a first deploy [published]"]
    unreachable = f"http://127.0.0.1:{_closed_port()}/t/sitemap.xml"
    shutil.rmtree(root / "site")
    assert main(["build", "-C", str(root), "--no-search", "--strict", "--published", unreachable]) == 0
    [note] = capsys.readouterr().err.splitlines()
    assert note.startswith(f"{unreachable}: info: no answer (") and note.endswith(
        "); no published URLs to compare with, as on a first deploy [published]")
    assert (root / "site/artikel/kim-trifft-putin/index.html").exists()


@pytest.mark.parametrize("data, said", [
    (None, "{path}: error: cannot read: No such file or directory; pass the live site's sitemap.xml, as a file or "
           "an http(s) URL [published]"),
    (b"<html><body>Hallo</body></html>", "{path}: error: is not a sitemap (its root is <html>, not <urlset>); pass "
                                         "the site's sitemap.xml [published]"),
    (b"<?xml version='1.0'?>\n<urlset>\n<url><loc>x</url>", "{path}:3: error: is not a sitemap: mismatched tag: "
                                                           "line 3, column 13; pass the site's sitemap.xml [published]"),
])
def test_a_sitemap_that_cannot_be_read_is_an_error_naming_it(project, tmp_path, capsys, data, said):
    root = project(FILES)
    path = tmp_path / "sitemap.xml"
    if data is not None:
        path.write_bytes(data)
    assert main(["build", "-C", str(root), "--no-search", "--published", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [said.format(path=path)]
    assert not (root / "site").exists()


def test_a_live_sitemap_that_is_no_sitemap_is_an_error(project, tmp_path, capsys):
    root = project(FILES)
    (tmp_path / "live").mkdir()
    (tmp_path / "live/sitemap.xml").write_text("<feed/>", encoding="utf-8")
    with serve(tmp_path / "live") as base:
        assert main(["build", "-C", str(root), "--no-search", "--published", base + "sitemap.xml"]) == 1
    assert "is not a sitemap (its root is <feed>, not <urlset>)" in capsys.readouterr().err
