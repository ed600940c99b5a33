"""`dossier import` under attack and under `kill -9`: any raw text (random Unicode, control characters,
NUL bytes, 100 KB lines, any encoding) is imported or refused with one-line errors naming the file, a refused
import writes nothing; a killed import leaves only whole files and re-running it gives exactly the
uninterrupted result (`DOSSIER_FUZZ_EXAMPLES`: see fuzzing.py).
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given

from conftest import article, snapshot, write_project
from fuzzing import assert_one_line_errors, encoded, fuzz
from generator import content
from generator.diagnostics import DossierError
from generator.importer import import_files


@pytest.mark.slow
@fuzz(200)
@given(data=encoded())
def test_fuzz_import_imports_or_refuses_in_one_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        (root / "content/articles").mkdir(parents=True)
        raw = Path(tmp) / "eingang.txt"
        raw.write_bytes(data)
        try:
            import_files(root, [raw])
        except DossierError as exc:
            assert_one_line_errors(exc, str(raw))
            assert snapshot(root / "content") == {}  # nothing written, not even a part
            return
        [written] = (root / "content/articles").iterdir()
        [kept] = (root / "content/sources").iterdir()
        assert kept.name == f"{hashlib.sha256(data).hexdigest()[:12]}-eingang.txt" and kept.read_bytes() == data
        [loaded] = content.load(root)[0].articles  # what the importer writes, the loader reads
        assert loaded.path == f"content/articles/{written.name}" and loaded.source.file == "eingang.txt"
        assert import_files(root, [raw]) == [f"{raw}: unchanged, content/articles/{written.name} left as it is"]


RAW = {
    "a.txt": "Kim trifft Putin in Wonsan\n(Bild: Foto AG)\nDie Einleitung zum Treffen.\nEin Absatz über Wonsan.\n"
             "Lesen Sie auch\nPutin besucht Pjöngjang\nEine neue Brücke\n",
    "b.txt": "Putin besucht Pjöngjang\nDer Besuch im Juni.\nEin Absatz über den Besuch.\n## Ein Abschnitt\n"
             "Lesen Sie auch:\n- Kim trifft Putin in Wonsan\n",
    "c.txt": "Eine neue Brücke\nÜber den Tumen.\nDie Brücke verbindet Chasan und Tumangang.\n",
    "d.txt": "Kim & Xi\nEinleitung.\nText.\n",
    "e.txt": "Kim - Xi\nEinleitung.\nAnderer Text.\n",
    "f.txt": "Ein sehr langer Bericht\nEinleitung.\n" + "Ein Satz über Russland und Nordkorea. " * 20_000 + "\n",
}


@pytest.mark.slow
def test_sigkill_during_import_can_be_rerun_to_the_same_result(tmp_path):
    raws = []
    for name, text in RAW.items():
        (tmp_path / "raw" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "raw" / name).write_text(text, encoding="utf-8")
        raws.append(str(tmp_path / "raw" / name))
    command = [sys.executable, "-m", "generator", "import", *raws, "-C"]
    clean = write_project(tmp_path / "clean", {"content/articles/x.md": article("Alt", related=["Eine neue Brücke"])},
                          layouts=False)
    started = time.monotonic()
    subprocess.run(command + [str(clean)], check=True, capture_output=True)
    duration = time.monotonic() - started
    expected = snapshot(clean / "content")
    assert len([p for p in expected if p.startswith("articles/")]) == 7
    rng = random.Random(3)
    for n in range(12):
        root = write_project(tmp_path / f"killed-{n}", {"content/articles/x.md": article(
            "Alt", related=["Eine neue Brücke"])}, layouts=False)
        process = subprocess.Popen(command + [str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration))
        process.kill()
        process.wait()
        content.load(root)  # whatever was written is whole: every article loads
        # Every stored text is whole. A killed write may leave its hidden temporary file (".<name>.tmp-<pid>"),
        # which is not content and which the re-run below removes (the snapshots must then be equal).
        for path in (root / "content/sources").glob("[!.]*"):
            assert path.read_bytes() == (tmp_path / "raw" / path.name[13:]).read_bytes()
        subprocess.run(command + [str(root)], check=True, capture_output=True)
        assert snapshot(root / "content") == expected, f"kill {n}"


def test_import_removes_what_a_killed_import_left_half_written(tmp_path):
    """Found by the import kill test: a kill between writing and renaming left .<name>.tmp-<pid> files."""
    root = write_project(tmp_path / "project", {}, layouts=False)
    raw = tmp_path / "a.txt"
    raw.write_text(RAW["c.txt"], encoding="utf-8")
    dead = subprocess.Popen(["true"])
    dead.wait()
    source = f"{hashlib.sha256(raw.read_bytes()).hexdigest()[:12]}-a.txt"
    for leftover in (f"content/articles/.eine-neue-bruecke.md.tmp-{dead.pid}", f"content/sources/.{source}.tmp-{dead.pid}"):
        (root / leftover).parent.mkdir(parents=True, exist_ok=True)
        (root / leftover).write_bytes(b"---\ntitle: Eine ne")
    import_files(root, [raw])
    assert sorted(snapshot(root / "content")) == ["articles/eine-neue-bruecke.md", f"sources/{source}"]
