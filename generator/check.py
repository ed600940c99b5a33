"""`dossier check`: the diagnostics `build` and `serve` show (site.py), the stubs too, without building."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.site import Site


def check(root: Path, published: Path | None = None) -> list[Diagnostic]:
    """All findings: errors, then warnings, then the stubs; each group by file and line."""
    return Site(root, published=published).diagnose()[1]
