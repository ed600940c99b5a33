"""When a resource runs out (a full disk, the file-size limit, open files), a build says in one line what ran
out and where, and the site it replaces stays as it was."""

from __future__ import annotations

import errno
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import article, snapshot, write_project
from generator import output
from generator.cli import main


def _project(tmp_path: Path) -> Path:
    body = "\n\n".join(f"Absatz {i}: Kim Jong Un und Wladimir Putin sprachen in Wonsan über die Brücke." for i in range(40))
    return write_project(tmp_path / "project", {
        "content/articles/a.md": article("Kim trifft Putin in Wonsan", date="2025-07-12", body=body),
        "content/articles/b.md": article("Die Brücke über den Tumen", date="2025-07-13", body=body,
                                         related=["Kim trifft Putin in Wonsan"])})


def _edit(root: Path) -> None:
    path = root / "content/articles/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")


def _build_limited(root: Path, limit: int, *options: str) -> subprocess.CompletedProcess:
    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "generator", "build", "-C", str(root), *options],
                          capture_output=True, text=True, preexec_fn=limited, timeout=300)


def test_a_page_past_the_file_size_limit_is_named_and_the_site_stays(tmp_path):
    root = _project(tmp_path)
    assert main(["build", "-C", str(root), "-q", "--no-search"]) == 0
    before = snapshot(root / "site")
    _edit(root)
    result = _build_limited(root, 8192, "--no-search")
    site = root / "site"
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{site}: error: a file in {site} grew past the file-size limit (8,192 bytes, "
                             "ulimit -f); raise the limit and run it again\n")
    assert snapshot(site) == before
    assert not list(root.glob(".site.staging-*"))


def test_pagefind_past_the_file_size_limit_is_named_and_the_site_stays(tmp_path):
    """Pagefind's scripts are larger than any page of this dossier: the limit stops Pagefind (SIGXFSZ)."""
    root = _project(tmp_path)
    assert main(["build", "-C", str(root), "-q"]) == 0
    before = snapshot(root / "site")
    assert max(len(data) for path, data in before.items() if not path.startswith("pagefind/")) < 100_000
    _edit(root)
    result = _build_limited(root, 100_000)
    site = root / "site"
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{site}: error: Pagefind stopped: a file in {site} grew past the file-size limit "
                             "(100,000 bytes, ulimit -f); raise the limit and run it again [search]\n")
    assert snapshot(site) == before


@pytest.mark.parametrize("code, told", [
    (errno.ENOSPC, "no space left on the device holding {site}; free some space and run it again"),
    (errno.EMFILE, "too many open files while writing {site} (ulimit -n: {files}); raise the limit, "
                   "e.g. ulimit -n 4096, and run it again"),
])
def test_a_full_disk_or_too_many_open_files_is_named_and_the_site_stays(tmp_path, monkeypatch, capsys, code, told):
    root = _project(tmp_path)
    assert main(["build", "-C", str(root), "-q", "--no-search"]) == 0
    before = snapshot(root / "site")
    _edit(root)
    put = output.put

    def failing(folder: Path, rel: str, data: bytes) -> None:
        if rel.startswith("artikel/"):  # as the operating system says it, for the file being written
            raise OSError(code, "resource ran out", f"{folder}/{rel}")
        put(folder, rel, data)

    monkeypatch.setattr(output, "put", failing)
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    site = root / "site"
    files = f"{resource.getrlimit(resource.RLIMIT_NOFILE)[0]:,}"
    assert capsys.readouterr() == ("", f"{site}: error: {told.format(site=site, files=files)}\n")
    assert snapshot(site) == before


def test_pagefind_saying_the_disk_is_full_is_named(tmp_path, monkeypatch):
    """Pagefind (Rust) names the OS error by its number: "No space left on device (os error 28)"."""
    from generator import search

    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: No space left on device (os error 28)' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: fake)
    staging = tmp_path / ".site.staging-123-abc"
    staging.mkdir()
    with pytest.raises(Exception) as failed:
        search.index(staging)
    assert str(failed.value) == (f"{tmp_path / 'site'}: error: Pagefind stopped: no space left on the device "
                                 f"holding {tmp_path / 'site'}; free some space and run it again [search]")
