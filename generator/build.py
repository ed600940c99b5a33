"""`dossier build`: plan the site, render what changed into a staging folder, index it, swap it in.
Reads top to bottom."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import output, parallel, search, uptodate
from generator.diagnostics import Diagnostic
from generator.site import Site


@dataclass(frozen=True)
class BuildResult:
    output: Path
    files: int
    articles: int
    stubs: int
    seconds: float
    diagnostics: tuple[Diagnostic, ...]
    search: str  # Pagefind's summary, "" when skipped
    rendered: int = 0  # pages rendered anew
    reused: int = 0  # pages whose fingerprint did not change: linked from the previous site
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


def build(root: Path, out: Path | None = None, base_url: str | None = None, with_search: bool = True,
          strict: bool = False, progress: Callable[[int, int], None] | None = None) -> BuildResult:
    started = time.perf_counter()
    out = out or root / "site"
    options = {"output": str(out.resolve()), "base_url": base_url, "search": with_search, "strict": strict}
    if uptodate.unchanged(root, out, options):
        return BuildResult(output=out, files=0, articles=0, stubs=0, seconds=time.perf_counter() - started,
                           diagnostics=(), search="search index unchanged" if with_search else "", up_to_date=True)
    site = Site(root, base_url, with_search, strict)
    plan, linked, diagnostics = site.plan()
    wanted = {page.path: page.fingerprint for page in plan.pages}
    previous = output.read_manifest(out)

    # What is loaded and planned lives until the build ends: the garbage collector need not walk it again,
    # and forked render workers do not copy the pages it would touch.
    gc.freeze()
    staging = output.new_staging(out)
    try:
        # Pages whose fingerprint did not change are hard links to the current site's files.
        reused = output.link_unchanged(out, staging, wanted, previous.get("pages", {}))
        todo = [page for page in plan.pages if page.path not in reused]
        parallel.render_into(plan, todo, staging, progress=progress)
        output.write_files(staging, plan.static)
        summary = ""
        if with_search:
            same_pages = not todo and set(previous.get("pages", {})) == set(wanted)
            if same_pages and previous.get("search") and (out / "pagefind").is_dir():
                output.link_tree(out / "pagefind", staging / "pagefind")  # nothing to index anew
                summary = "search index unchanged"
            else:
                summary = search.index(staging) or "search indexed"
        output.write_manifest(staging, wanted, with_search)
        output.swap(staging, out)
    except BaseException:
        output.discard(staging)  # the previous site stays as it was
        raise
    finally:
        gc.unfreeze()
    site.save_cache(plan)
    uptodate.remember(root, out, options)
    return BuildResult(output=out, files=len(plan.pages) + len(plan.static), articles=len(linked.articles),
                       stubs=len(linked.stubs), seconds=time.perf_counter() - started,
                       diagnostics=tuple(diagnostics), search=summary, rendered=len(todo), reused=len(reused))
