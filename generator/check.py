"""`dossier check`: the diagnostics `build` and `serve` show (site.py), the stubs too, without building."""

from __future__ import annotations

from pathlib import Path

from generator import openrefs
from generator.diagnostics import Diagnostic
from generator.published import read
from generator.site import Site


def check(root: Path, output: Path | None = None, published: str | None = None) -> list[Diagnostic]:
    """All findings: errors, then warnings, then the stubs and drafts; each group by file and line.
    `output` is the built site whose URLs must stay, `published` the live site's sitemap."""
    return Site(root, published=output, live=read(published) if published else None).diagnose()[1]


def open_refs(root: Path) -> list[str]:
    """`check --open`: the open references ranked as /offen/ ranks them, one to-do line each."""
    return openrefs.todo(openrefs.ranking(Site(root).load()[0]))
