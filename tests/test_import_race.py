"""An editor saves an article while `dossier import` replaces it: the save is never lost. The import replaces
a file only if it still holds the bytes the plan was made from, checked in the same step (files.swap_in);
wherever the file stands in the batch and whenever the editor saves, the editor's version is what remains
(or, with --force, what content/backups/ keeps)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import snapshot, write_project
from generator import files
from generator.files import clean_leftovers, swap_in
from generator.importer import import_files, plan_import, run, write_plan

TITLE = "Kim trifft Putin in Wonsan"
ORIGINAL = f"{TITLE}\nDie Einleitung zum Treffen.\nEin Absatz über Wonsan.\n"
CHANGED = f"{TITLE}\nDie Einleitung zum Treffen.\nEin Absatz über Wonsan, von der Agentur ergänzt.\n"
TARGET = "content/articles/kim-trifft-putin-in-wonsan.md"


def _project(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A dossier holding one imported article, the changed source of it, and the editor's edit of it."""
    root = write_project(tmp_path / "project", {}, layouts=False)
    raw = tmp_path / "raw" / "wonsan.txt"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(ORIGINAL, encoding="utf-8")
    import_files(root, [raw])
    changed = tmp_path / "raw" / "wonsan-neu.txt"
    changed.write_text(CHANGED, encoding="utf-8")
    edit = (root / TARGET).read_bytes().replace(b"Ein Absatz \xc3\xbcber Wonsan.", b"Mein eigener Absatz.")
    assert edit != (root / TARGET).read_bytes()
    return root, changed, edit


def _leftovers(root: Path) -> list[str]:
    return sorted(p for p in snapshot(root / "content") if ".tmp-" in p or ".aside-" in p or ".saved-" in p)


# --- every moment of the replacing step ----------------------------------------------------------------------

# The moments at which the editor's save lands, as calls swap_in makes: before the file is moved aside, while
# it is aside (before and after comparing), and after the new file is in place.
MOMENTS = ["before-aside", "while-aside", "after-compare", "after-placing"]


def _save_at(monkeypatch, moment: str, path: Path, data: bytes, in_place: bool) -> list[str]:
    """Make the editor save `data` to `path` at `moment` of the next swap_in; returns [moment] once saved."""
    saved: list[str] = []
    rename, place_new, read_bytes = os.rename, files.place_new, Path.read_bytes

    def save():
        if in_place:  # an editor writing into the file itself
            with open(path, "wb") as handle:
                handle.write(data)
        else:  # an editor writing a new file and renaming it over the old one
            tmp = path.with_name("editor.tmp")
            tmp.write_bytes(data)
            rename(tmp, path)
        saved.append(moment)

    def renaming(source, target):
        if moment == "before-aside" and Path(source) == path and not saved:
            save()
        rename(source, target)
        if moment == "while-aside" and Path(source) == path and not saved:
            save()

    def reading(self):
        held = read_bytes(self)
        if moment == "after-compare" and ".aside-" in self.name and not saved:
            save()
        return held

    def placing(source, target):
        placed = place_new(source, target)
        if moment == "after-placing" and Path(target) == path and not saved:
            save()
        return placed

    monkeypatch.setattr(files.os, "rename", renaming)
    monkeypatch.setattr(Path, "read_bytes", reading)
    monkeypatch.setattr(files, "place_new", placing)
    return saved


@pytest.mark.parametrize("in_place", [False, True], ids=["rename", "in-place"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_save_at_any_moment_of_the_replacement_is_kept(tmp_path, monkeypatch, moment, in_place):
    root, changed, edit = _project(tmp_path)
    plan = plan_import(root, [changed])
    saved = _save_at(monkeypatch, moment, root / TARGET, edit, in_place)
    refused, kept = write_plan(root, plan)
    monkeypatch.undo()
    assert saved == [moment]
    assert (root / TARGET).read_bytes() == edit  # the editor's words, whenever they came
    # Refused when the save came before the new file was in place; a save after it simply follows it.
    assert [d.code for d in refused] == ([] if moment == "after-placing" else ["changed"])
    assert kept == {} and _leftovers(root) == []


@pytest.mark.parametrize("moment", MOMENTS[:3])
def test_with_force_a_save_during_the_replacement_is_kept_in_backups(tmp_path, monkeypatch, moment):
    root, changed, edit = _project(tmp_path)
    plan = plan_import(root, [changed], force=True)
    _save_at(monkeypatch, moment, root / TARGET, edit, in_place=False)
    refused, kept = write_plan(root, plan)
    monkeypatch.undo()
    assert refused == [] and (root / TARGET).read_bytes() == plan.entries[0].data
    assert (root / kept[TARGET]).read_bytes() == edit
    assert _leftovers(root) == []


def test_the_import_says_where_a_save_made_during_a_forced_import_is_kept(tmp_path, monkeypatch):
    root, changed, edit = _project(tmp_path)
    _save_at(monkeypatch, "while-aside", root / TARGET, edit, in_place=False)
    lines, refused = run(root, [changed], force=True)
    monkeypatch.undo()
    [line] = lines
    assert refused == [] and line.startswith(f"{changed}: replaced {TARGET}; ")
    assert line.endswith("the version saved while importing is kept in "
                         f"content/backups/kim-trifft-putin-in-wonsan-{files_digest(edit)}.md")


def files_digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=4).hexdigest()


def test_a_new_article_never_replaces_a_file_that_appeared_meanwhile(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    path = root / "content/articles/neu.md"
    path.write_bytes(b"mine")
    assert swap_in(path, b"theirs", None) == b"mine"
    assert path.read_bytes() == b"mine" and _leftovers(root) == []


def test_a_file_removed_meanwhile_is_not_written_back(tmp_path):
    root = write_project(tmp_path / "project", {}, layouts=False)
    assert swap_in(root / "content/articles/weg.md", b"new", b"old") == b""
    assert not (root / "content/articles/weg.md").exists()


# --- a real race: a running `dossier import` and an editor saving at random moments ----------------------------


def _batch(tmp_path: Path, changed: Path, position: str, size: int = 120) -> list[str]:
    folder = tmp_path / "batch"
    folder.mkdir(exist_ok=True)
    others = []
    for n in range(size):
        raw = folder / f"{n:03}.txt"
        raw.write_text(f"Bericht Nummer {n} aus Pjöngjang\nDie Einleitung des Berichts {n}.\n"
                       + f"Ein Absatz über die Lage in Nummer {n}, mit vielen Wörtern zur Wirtschaft. " * 20 + "\n",
                       encoding="utf-8")
        others.append(str(raw))
    where = {"first": 0, "middle": size // 2, "last": size}[position]
    return others[:where] + [str(changed)] + others[where:]


@pytest.mark.slow
@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_no_save_during_a_running_import_is_lost(tmp_path, position):
    template, changed, edit = _project(tmp_path / "template")
    paths = _batch(tmp_path, changed, position)
    command = [sys.executable, "-m", "generator", "import", *paths, "-C"]
    started = time.monotonic()
    subprocess.run(command + [str(template)], check=True, capture_output=True)
    duration = time.monotonic() - started  # an import of the whole batch, the article replaced
    rng = random.Random(position)
    outcomes = set()
    for n in range(10):
        root, _, _ = _project(tmp_path / f"run-{n}")
        process = subprocess.Popen(command + [str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(duration * (n + rng.random()) / 10)  # spread over the whole import
        path = root / TARGET
        if n % 2:
            path.write_bytes(edit)
        else:
            (root / "editor.tmp").write_bytes(edit)
            os.rename(root / "editor.tmp", path)
        _, err = process.communicate(timeout=120)
        assert path.read_bytes() == edit, f"save {n} lost: {err}"
        assert process.returncode in (0, 1) and _leftovers(root) == []
        outcomes.add("refused" if "[changed]" in err or "[edited]" in err else "after")
    assert "refused" in outcomes  # some saves landed while the import ran (else this test tests nothing)


# --- what a killed run leaves ---------------------------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_run_are_cleaned_and_a_moved_file_put_back(tmp_path):
    articles = tmp_path / "content/articles"
    articles.mkdir(parents=True)
    dead, live = _dead_pid(), os.getpid()
    (articles / f".a.md.tmp-{dead}").write_bytes(b"---\ntitle: Halb")  # half-written
    (articles / f".b.md.aside-{dead}").write_bytes(b"b, moved aside")  # its file is gone: put back
    (articles / "c.md").write_bytes(b"c, saved later")
    (articles / f".c.md.aside-{dead}").write_bytes(b"c, moved aside")  # a newer c.md stands there: kept beside
    (articles / "d.md").write_bytes(b"d")
    (articles / f".d.md.aside-{dead}").write_bytes(b"d")  # the same as d.md: nothing to keep
    (articles / f".e.md.tmp-{live}").write_bytes(b"being written")  # a run still going: left alone
    told = clean_leftovers(tmp_path, "content")
    assert snapshot(tmp_path / "content") == {
        "articles/b.md": b"b, moved aside", "articles/c.md": b"c, saved later",
        f"articles/c.md.saved-{dead}": b"c, moved aside", "articles/d.md": b"d",
        f"articles/.e.md.tmp-{live}": b"being written"}
    assert sorted(told) == ["content/articles/b.md: put back after an interrupted run",
                            f"content/articles/c.md.saved-{dead}: an earlier version of c.md, kept after an "
                            "interrupted run"]


def test_an_import_cleans_what_a_killed_import_left_anywhere_in_content(tmp_path):
    root, changed, _ = _project(tmp_path)
    dead = _dead_pid()
    for leftover in (f"content/entities/.kim.md.tmp-{dead}", f"content/backups/.x.md.tmp-{dead}"):
        (root / leftover).parent.mkdir(parents=True, exist_ok=True)
        (root / leftover).write_bytes(b"half")
    lines, refused = run(root, [changed])
    assert refused == [] and _leftovers(root) == []
