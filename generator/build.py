"""`dossier build`: load -> link -> render -> stage -> index -> swap. Reads top to bottom."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from generator import content, links, output, render, search
from generator.diagnostics import Diagnostic, DossierError


@dataclass(frozen=True)
class BuildResult:
    output: Path
    files: int
    articles: int
    stubs: int
    seconds: float
    diagnostics: tuple[Diagnostic, ...]
    search: str  # Pagefind's summary, "" when skipped


def build(root: Path, out: Path | None = None, base_url: str | None = None, with_search: bool = True,
          strict: bool = False) -> BuildResult:
    started = time.perf_counter()
    out = out or root / "site"
    dossier, diagnostics = content.load(root)
    if base_url is not None:
        dossier = replace(dossier, settings=replace(dossier.settings, base_url=base_url))
    linked, link_diagnostics = links.link(dossier)
    diagnostics += link_diagnostics
    failing = [d for d in diagnostics if d.level == "error" or (strict and d.level == "warning")]
    if failing:
        raise DossierError(failing)

    files = render.render_site(linked, render.load_theme(root), with_search)

    staging = output.stage(out, files)
    try:
        summary = search.index(staging) if with_search else ""
        output.swap(staging, out)
    except BaseException:
        output.discard(staging)  # the previous site stays as it was
        raise
    return BuildResult(output=out, files=len(files), articles=len(linked.articles), stubs=len(linked.stubs),
                       seconds=time.perf_counter() - started, diagnostics=tuple(diagnostics), search=summary)
