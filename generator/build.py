"""`dossier build`: plan the pages whose inputs changed, bring a staging folder up to date, index it,
swap it in. Reads top to bottom."""

from __future__ import annotations

import gc
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import oserror, output, search, uptodate
from generator.diagnostics import Diagnostic
from generator.published import read as read_published
from generator.site import Site, Update


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
    scan = uptodate.scan(root, options)
    told = uptodate.unchanged(root, out, scan)
    if told is not None:
        return BuildResult(output=out, files=0, articles=0, stubs=0, seconds=time.perf_counter() - started,
                           diagnostics=told, search="search index unchanged" if with_search else "", up_to_date=True)
    site = Site(root, base_url, with_search, strict, published=out, drafts=drafts, live=live)
    staging = Staging(out, site.last_manifest())
    # What is loaded lives until the build ends: the garbage collector need not walk it again (it would,
    # on every few thousand new objects), and forked workers do not copy the pages it would touch.
    gc.freeze()
    try:
        update = site.update(staging, progress, scanned=scan.signatures)
        summary = staging.finish(update, with_search)
    except BaseException as exc:
        staging.discard()  # the current site stays as it was
        if isinstance(exc, OSError):
            raise oserror.naming(exc, staging.folder or out) from None
        raise
    finally:
        gc.unfreeze()
    site.save(update.planning)
    linked, diagnostics = update.linked, update.diagnostics
    # The warnings, shown again by a build that finds nothing changed (a dead URL was this build's news
    # only; the stubs are for `check`, and at 10,000 articles there are 15,000 of them).
    # What the live site's sitemap tells stays true while it is unchanged (its digest is among the options).
    live_said = set(site.live_said)
    uptodate.remember(root, out, scan, [d for d in diagnostics if d in live_said
                                           or (d.level != "info" and d.code != "dead-url")])
    return BuildResult(output=out, files=len(update.files) + len(update.static), articles=len(linked.articles),
                       stubs=len(linked.stubs), seconds=time.perf_counter() - started,
                       diagnostics=tuple(diagnostics), search=summary, rendered=update.rendered,
                       planned=update.planned, reused=len(update.files) - update.rendered)


class Staging:
    """build's writer: the next site in a staging folder beside the output, kept from the site before the
    current one (the spare) or hard-linked from the current site where unchanged; then indexed and swapped
    in at once."""

    parallel = True

    def __init__(self, out: Path, current: dict):
        self.out, self.current = out, current  # the current site's manifest
        self.folder: Path | None = None
        self.held: dict = {}

    def start(self, linked) -> None:
        gc.freeze()
        self.folder, self.held = output.open_staging(self.out)

    def keep(self, path: str, fingerprint: str) -> bool:
        return output.place(self.out, self.folder, path, fingerprint, self.held.get("pages", {}),
                            self.current.get("pages", {}))

    def put(self, path: str, data: bytes) -> None:
        output.put(self.folder, path, data)

    def early(self) -> None:
        pass  # the site is swapped in whole

    def finish(self, update: Update, with_search: bool) -> str:
        """Remove what the older site had, write the static files, index, swap in; Pagefind's summary."""
        folder, files, static = self.folder, update.files, update.static
        output.remove(folder, (set(self.held.get("pages", {})) | set(self.held.get("static", ()))) - set(files)
                      - set(static))
        output.write_files(folder, static)
        shutil.rmtree(folder / "pagefind", ignore_errors=True)  # the older site's index
        summary = ""
        if with_search:
            current = self.current
            if (not update.rendered and current.get("pages", {}) == files and current.get("search")
                    and (self.out / "pagefind").is_dir()):
                output.link_tree(self.out / "pagefind", folder / "pagefind")  # nothing to index anew
                summary = "search index unchanged"
            else:
                summary = search.index(folder) or "search indexed"
        output.write_manifest(folder, files, list(static), with_search)
        output.swap(folder, self.out)
        return summary

    def discard(self) -> None:
        if self.folder is not None:
            output.discard(self.folder)
