"""`dossier init`: a dossier of one's own, started in one command and built with the packaged theme, also
from an installed wheel in a folder outside any checkout of the generator."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from conftest import REPO, snapshot
from generator.cli import main

RAW = ("Kommunalwahl in Leipzig: Die Grünen legen zu\n(Bild: Stadt Leipzig)\n"
       "Bei der Wahl zum Stadtrat gewinnen die Grünen drei Sitze hinzu.\n"
       "Die Wahlbeteiligung lag bei 58 Prozent und damit höher als vor fünf Jahren.\n"
       "Lesen Sie auch\nOberbürgermeister kündigt Haushaltssperre an\n")


def test_init_writes_a_project_that_builds_and_checks_clean(tmp_path, capsys):
    folder = tmp_path / "wahl"
    assert main(["init", str(folder), "--title", 'Wahl "2026": Leipzig', "--description", "Berichte zur Wahl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"created a dossier in {folder}: content/dossier.yaml, .gitignore, "
                          ".github/workflows/pages.yml, requirements.txt, README.md\nnext:\n")
    assert "dossier import" in out and "dossier serve" in out and "Settings > Pages" in out
    settings = yaml.safe_load((folder / "content/dossier.yaml").read_text(encoding="utf-8"))
    assert settings == {"title": 'Wahl "2026": Leipzig', "description": "Berichte zur Wahl", "language": "de",
                        "base_url": "/", "intro": "Berichte zur Wahl\n"}
    assert all((folder / "content" / name).is_dir() for name in ("articles", "entities", "pages"))
    assert not (folder / "layouts").exists()  # the theme stays in the package
    assert "/site/" in (folder / ".gitignore").read_text(encoding="utf-8").split()
    assert (folder / ".github/workflows/pages.yml").read_bytes() == (REPO / ".github/workflows/pages.yml").read_bytes()
    assert 'Wahl "2026": Leipzig' in (folder / "README.md").read_text(encoding="utf-8").splitlines()[0]

    raw = tmp_path / "wahl.txt"
    raw.write_text(RAW, encoding="utf-8")
    assert main(["import", "-C", str(folder), str(raw)]) == 0
    assert main(["check", "-C", str(folder)]) == 0
    assert main(["build", "-C", str(folder), "--no-search", "-q"]) == 0
    html = (folder / "site/artikel/kommunalwahl-in-leipzig-die-gruenen-legen-zu/index.html").read_text(encoding="utf-8")
    assert "Wahl „2026“: Leipzig" in html and "Oberbürgermeister kündigt Haushaltssperre an" in html


def test_init_refuses_a_dossier_and_never_overwrites_a_file(tmp_path, capsys):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "README.md").write_text("Mein eigenes README.\n", encoding="utf-8")
    assert main(["init", str(folder)]) == 0
    err = capsys.readouterr().err
    assert err == f"{folder / 'README.md'}: kept as it was (dossier init writes no file over another)\n"
    assert (folder / "README.md").read_text(encoding="utf-8") == "Mein eigenes README.\n"
    assert yaml.safe_load((folder / "content/dossier.yaml").read_text(encoding="utf-8"))["title"] == "Repo"
    before = snapshot(folder)
    assert main(["init", str(folder), "--title", "Anders"]) == 1
    assert capsys.readouterr().err.startswith(f"{folder / 'content/dossier.yaml'}: error: this folder holds a "
                                              "dossier already; nothing written.")
    assert snapshot(folder) == before


def test_init_names_a_file_given_as_the_folder(tmp_path, capsys):
    path = tmp_path / "datei"
    path.write_text("x", encoding="utf-8")
    assert main(["init", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}: error: is a file; name a new or empty folder")


@pytest.mark.slow
def test_a_dossier_of_ones_own_from_the_installed_package_alone(tmp_path):
    """pip install (a wheel of this checkout, into a virtual environment), then init, import, check, build with
    search and a local override of one template, in a folder far from the checkout."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO), "-w", str(wheels)],
                   check=True, capture_output=True, cwd=tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)  # the dependencies from this machine
    python = env_dir / "bin" / "python"
    [wheel] = wheels.glob("dossier-*.whl")
    # --ignore-installed: a dossier installed beside the system packages must not stand in for the wheel
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", str(wheel)], check=True,
                   capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def dossier(*args: str, cwd: Path) -> str:
        result = subprocess.run([env_dir / "bin" / "dossier", *args], capture_output=True, text=True, cwd=cwd,
                                env=environment, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    where = subprocess.run([python, "-c", "import generator; print(generator.__file__)"], capture_output=True,
                           text=True, cwd=work, env=environment, check=True).stdout
    assert where.startswith(str(env_dir)), where  # the installed package, not the checkout
    dossier("init", "wahl", "--title", "Wahl in Leipzig", cwd=work)
    project = work / "wahl"
    (work / "wahl.txt").write_text(RAW, encoding="utf-8")
    dossier("import", str(work / "wahl.txt"), cwd=project)
    assert "0 errors" in dossier("check", cwd=project)  # and a warning: the imported text has no date yet
    (project / "layouts").mkdir()
    (project / "layouts/stub.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="bald">Bald im Dossier: {{ stub.title }}</p>{% endblock %}\n',
        encoding="utf-8")
    dossier("build", cwd=project)
    site = project / "site"
    assert (site / "pagefind/pagefind-ui.js").is_file() and (site / "assets").is_dir()
    stub = (site / "artikel/oberbuergermeister-kuendigt-haushaltssperre-an/index.html").read_text(encoding="utf-8")
    assert '<p class="bald">Bald im Dossier: Oberbürgermeister kündigt Haushaltssperre an</p>' in stub
    assert '<html lang="de"' in stub  # the rest of the page: the packaged theme's base.html
