"""`dossier build`: plan the pages whose inputs changed, bring a staging folder up to date, index it,
swap it in. Reads top to bottom."""

from __future__ import annotations

import gc
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import images, oserror, output, parallel, search, uptodate
from generator.diagnostics import Diagnostic
from generator.pages import GATHERING
from generator.plan import Job
from generator.published import read as read_published
from generator.site import Site, page_writer


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
    planned: int = 0  # pages planned: those whose recorded inputs changed, or unknown
    reused: int = 0  # pages whose fingerprint did not change: kept or linked from the previous site
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


def build(root: Path, out: Path | None = None, base_url: str | None = None, with_search: bool = True,
          strict: bool = False, progress: Callable[[int, int], None] | None = None,
          drafts: bool = False, published: str | None = None) -> BuildResult:
    started = time.perf_counter()
    out = out or root / "site"
    live = read_published(published) if published else None  # the live site's URLs must stay
    options = {"output": str(out.resolve()), "base_url": base_url, "search": with_search, "strict": strict,
               "drafts": drafts, "published": live and live.digest}
    told = uptodate.unchanged(root, out, options)
    if told is not None:
        return BuildResult(output=out, files=0, articles=0, stubs=0, seconds=time.perf_counter() - started,
                           diagnostics=told, search="search index unchanged" if with_search else "", up_to_date=True)
    # What is loaded lives until the build ends: the garbage collector need not walk it again (it would,
    # on every few thousand new objects), and forked workers do not copy the pages it would touch.
    site = Site(root, base_url, with_search, strict, published=out, drafts=drafts, live=live)
    gc.freeze()
    try:
        linked, diagnostics = site.load()
        gc.freeze()
        planning = site.planning(linked)
        jobs = planning.jobs()
        known = site.known(planning, jobs)  # pages whose inputs did not change: their fingerprints
    except BaseException:
        gc.unfreeze()
        raise
    current = site.last_manifest()  # read once: diagnosing dead URLs read it already
    current_pages = current.get("pages", {})
    staging, held = output.open_staging(out)
    held_pages = held.get("pages", {})
    try:
        wanted: dict[str, str] = {}
        todo: list[Job] = []
        for job in jobs:  # unchanged pages: kept in the staging folder or linked from the current site
            fingerprint = known.get(job.path)
            if fingerprint and output.place(out, staging, job.path, fingerprint, held_pages, current_pages):
                wanted[job.path] = fingerprint
            else:
                todo.append(job)

        def reuse(path: str, fingerprint: str) -> bool:
            return output.place(out, staging, path, fingerprint, held_pages, current_pages)

        done = parallel.run(planning, todo, page_writer(planning, staging, reuse), GATHERING, progress=progress)
        wanted.update((path, record[0]) for path, record, _ in done)
        rendered = sum(fresh for *_, fresh in done)
        for image in linked.images.values():  # linked from the current site while its bytes are unchanged
            if not reuse(image.path, image.digest):
                output.put(staging, image.path, images.source(root, image).read_bytes())
            wanted[image.path] = image.digest
        static = planning.static()
        output.remove(staging, (set(held_pages) | set(held.get("static", ()))) - set(wanted) - set(static))
        output.write_files(staging, static)
        shutil.rmtree(staging / "pagefind", ignore_errors=True)  # the older site's index
        summary = ""
        if with_search:
            if not rendered and current_pages == wanted and current.get("search") and (out / "pagefind").is_dir():
                output.link_tree(out / "pagefind", staging / "pagefind")  # nothing to index anew
                summary = "search index unchanged"
            else:
                summary = search.index(staging) or "search indexed"
        output.write_manifest(staging, wanted, list(static), with_search)
        output.swap(staging, out)
    except BaseException as exc:
        output.discard(staging)  # the current site stays as it was
        if isinstance(exc, OSError):
            raise oserror.naming(exc, staging) from None
        raise
    finally:
        gc.unfreeze()
    site.record(planning, jobs, {path: record for path, record, _ in done})
    site.save(planning)
    # The warnings, shown again by a build that finds nothing changed (a dead URL was this build's news
    # only; the stubs are for `check`, and at 10,000 articles there are 15,000 of them).
    # What the live site's sitemap tells stays true while it is unchanged (its digest is among the options).
    live_said = set(site.live_said)
    uptodate.remember(root, out, options, [d for d in diagnostics if d in live_said
                                           or (d.level != "info" and d.code != "dead-url")])
    return BuildResult(output=out, files=len(wanted) + len(static), articles=len(linked.articles),
                       stubs=len(linked.stubs), seconds=time.perf_counter() - started,
                       diagnostics=tuple(diagnostics), search=summary, rendered=rendered, planned=len(todo),
                       reused=len(wanted) - rendered)
