"""The suite tests the generator, not the shipped content: a fork whose content/ is a dossier of its own
(made with `dossier init`, plus a few imports) passes the fast suite unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import checkout_copy

RAWS = {
    "stadtrat.txt": "Der Stadtrat beschließt den Haushalt\n(Bild: Stadt Leipzig)\nNach langer Debatte stimmt "
                    "eine knappe Mehrheit dem Entwurf zu.\nDer Kämmerer sprach von einem Haushalt der Vernunft.\n"
                    "Lesen Sie auch\nKitas bekommen mehr Geld\nDie Opposition kündigt Klage an\n",
    "kitas.txt": "Kitas bekommen mehr Geld\nDie Stadt erhöht die Zuschüsse um zehn Prozent.\nEltern zahlen "
                 "vorerst nicht mehr als bisher.\n",
    "tram.txt": "Neue Straßenbahnlinie bis zum Stadion\nDie Bauarbeiten beginnen im Frühjahr.\nDie Linie soll "
                "2029 fahren.\nLesen Sie auch\nDer Stadtrat beschließt den Haushalt\n",
}


@pytest.mark.slow
def test_a_fork_with_a_dossier_of_its_own_passes_the_fast_suite(tmp_path):
    fork = checkout_copy(tmp_path / "fork")
    shutil.rmtree(fork / "content")
    env = {**os.environ, "PYTHONPATH": str(fork)}  # the fork's generator, in every process the suite starts
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", *args], cwd=fork, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=300)
    assert run("init", ".", "--title", "Leipzig im Wandel").returncode == 0
    for name, text in RAWS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    imported = run("import", *(str(tmp_path / name) for name in RAWS))
    assert imported.returncode == 0, imported.stderr
    result = subprocess.run([sys.executable, "-m", "pytest", "-m", "not browser and not slow", "-q", "-x",
                             "-p", "no:cacheprovider"], cwd=fork, env=env, capture_output=True, text=True,
                            timeout=1200)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0, result.stdout[-5000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
