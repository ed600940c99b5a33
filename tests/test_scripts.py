"""The README's first command on a machine whose system Python is externally managed (PEP 668, as on stock
Debian 12 and Ubuntu 24.04): `scripts/build` makes .venv/, installs the project into it and builds the site."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import checkout_copy

DEBIAN_PYTHON = Path("/usr/bin/python3")  # Debian's own, marked EXTERNALLY-MANAGED


@pytest.mark.slow
def test_scripts_build_works_where_the_system_python_is_externally_managed(tmp_path):
    marker = subprocess.run([DEBIAN_PYTHON, "-c", "import os, sysconfig; print(os.path.join("
                             "sysconfig.get_path('stdlib'), 'EXTERNALLY-MANAGED'))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert Path(marker).is_file(), "this machine's Debian python3 is marked externally managed"
    refused = subprocess.run([DEBIAN_PYTHON, "-m", "pip", "install", "--dry-run", "jinja2"], capture_output=True,
                             text=True)
    assert refused.returncode != 0 and "externally-managed-environment" in refused.stderr + refused.stdout
    checkout = checkout_copy(tmp_path / "dossier")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}  # python3 is Debian's
    result = subprocess.run(["scripts/build", "--no-search"], cwd=checkout, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "externally managed (PEP 668): creating a virtual environment in .venv/" in result.stderr
    assert (checkout / ".venv/bin/dossier").is_file() and (checkout / "site/index.html").is_file()
    assert result.stdout.startswith(f"built {checkout / 'site'}: 1 article")
    again = subprocess.run(["scripts/build", "--no-search"], cwd=checkout, env=env, capture_output=True,
                           text=True, timeout=300)
    assert (again.returncode, again.stderr) == (0, "")  # nothing to install the second time
