"""The documentation stays true to the code: the README is an editor's (short, pointing to docs/ for the rest),
and the architecture table has one row for every module of the package."""

from __future__ import annotations

import re

from conftest import REPO

PACKAGE = REPO / "generator"


def test_the_architecture_table_has_a_row_for_every_module():
    table = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    rows = {m.split(" ")[0] for m in re.findall(r"^\| `([^`]+)`", table, re.M)}
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")} - {"__init__.py", "__main__.py"}
    assert sorted(modules - rows) == [], "modules without a row in docs/architecture.md"
    assert sorted(m for m in rows - modules if m.endswith(".py")) == [], "rows for modules that are gone"


def test_the_readme_is_an_editors_and_links_the_rest():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    for heading in ("## Quick start", "## From nothing to a published dossier", "## Commands", "## Content format"):
        assert heading in readme
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (REPO / link).is_file(), link
    assert "dossier init" in readme and "dossier serve" in readme and "http.server" not in readme
