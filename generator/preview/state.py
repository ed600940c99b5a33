"""The preview's state: the site it rebuilds, what its served folder holds, the reload epoch and the
last error, and the Pagefind refresh that runs beside the rebuilds."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from generator import output, report, search
from generator.diagnostics import Diagnostic, DossierError
from generator.site import Site, Update

COLLECT_EVERY = 50  # rebuilds between full garbage collections


class Served:
    """The preview's writer: brings the served folder up to date in place. The first update (nothing is
    served yet) takes the unchanged pages of site/ as `dossier build` left them and writes the rest straight
    into the folder, on every core; later ones collect what changed, and finish() replaces it at once."""

    def __init__(self, folder: Path, held: dict[str, str], site: Path, shown=None):
        self.folder, self.held, self.site = folder, held, site
        self.shown = shown  # shown(written): called under no lock when edited pages were written early
        self.written_early: list[str] = []
        self.first = self.parallel = not held
        self.seeded = output.read_manifest(site) if self.first else None  # site/'s, for its search bundle
        self.kept: set[str] = set()  # taken from site/ (first update, this process)
        self.files: dict[str, bytes] = {}  # collected, to be synced

    def start(self, linked) -> None:
        pass

    def keep(self, path: str, fingerprint: str) -> bool:
        if not self.first:
            return self.held.get(path) == fingerprint
        if output.place(self.site, self.folder, path, fingerprint, {}, self.seeded.get("pages", {})):
            self.kept.add(path)
            return True
        return False

    def put(self, path: str, data: bytes) -> None:
        if self.first:  # nothing is served yet, so no reader sees a half-written site; also from workers
            output.put(self.folder, path, data)
        else:
            self.files[path] = data

    def early(self) -> None:
        """Write the edited pages now (once something is served), so the browser can show them."""
        if self.first or self.shown is None:
            return
        written, _ = self.shown(lambda: output.sync(self.folder, self.files, set()))
        self.written_early += written
        self.files = {}

    def finish(self, update: Update) -> tuple[list[str], list[str]]:
        """Write what changed and remove what went, each file replaced atomically; (written, removed)."""
        gone = set(self.held) - set(update.files) - set(update.static)
        written, removed = output.sync(self.folder, {**self.files, **update.static}, gone)
        written = self.written_early + written
        if self.first:
            written = sorted(p for p in update.files if p not in self.kept) + written
        return written, removed


class Preview:
    def __init__(self, root: Path, folder: Path, base_url: str | None = None, with_search: bool = True,
                 log=print, quiet: bool = False, drafts: bool = True):
        self.root, self.folder, self.with_search, self.log = root, folder, with_search, log
        self.quiet = quiet  # errors only on the terminal
        self.site = Site(root, base_url, with_search, drafts=drafts)  # drafts shown unless --no-drafts
        self.site.lasting = True
        self.held: dict[str, str] = {}  # what the folder holds: page or image path -> fingerprint or digest
        self.base_path = "/"
        self.epoch = 0  # bumped after every rebuild that changed the output
        # The epoch at which each served file last changed, and the last one that changed every page
        # (a stylesheet, an image): a browser reloads only when the page it shows changed.
        self.page_epochs: dict[str, int] = {}
        self.every_epoch = 0
        self.error: list[str] = []  # the errors of the last failed build, shown as an overlay
        self.told: list[Diagnostic] = []  # the errors and warnings the terminal shows now
        self.lock = threading.Lock()  # held while files change, so no request sees half a rebuild
        self.building = threading.Lock()  # held by a rebuild: closing waits for it
        self.changed = threading.Condition()
        self.closing = False
        self.last_written: list[str] = []
        self.rebuilds = 0
        self.search_seconds = 0.0
        self.search_wanted = threading.Event()  # Pagefind runs beside the rebuilds, never in their way
        self.search_thread: threading.Thread | None = None
        self.planning = None  # the last good build's, to save the state from when the preview stops

    def rebuild(self, paths: set[str] | None = None) -> bool:
        """One incremental build into the served folder: the build's own plan, only changed pages rendered.
        `paths`: the files the watcher saw change (the others are taken as they were last read); None:
        any file may have changed. Returns True when it succeeded."""
        started = time.perf_counter()
        with self.building:
            if self.closing:
                return False
            served = Served(self.folder, self.held, self.root / "site", self._show_early)
            try:
                changed = None if paths is None else {os.path.relpath(p, self.root) for p in paths}
                update = self.site.update(served, changed=changed)
                self.planning = update.planning
            except DossierError as exc:
                self._publish(error=[str(d) for d in exc.diagnostics if d.level == "error"])
                self._tell(exc.diagnostics + exc.warnings, complete=False)
                return False
            linked, diagnostics = update.linked, update.diagnostics
            with self.lock:
                written, removed = served.finish(update)
                self.held = {**update.files, **dict.fromkeys(update.static, "")}
                self.base_path = linked.settings.base_path
            self.last_written = written
            if served.seeded is not None and self.with_search:
                self._seed_search(served.seeded, update.files)
            changed = bool(written or removed)
            recovered = bool(self.error)
            later = [p for p in written + removed if p not in served.written_early]  # not told twice
            self._publish(error=[], bump=bool(later), paths=later)
            self._tell(diagnostics)
            ms = (time.perf_counter() - started) * 1000
            if changed or recovered:
                self.log(f"rebuilt in {ms:.0f} ms: {len(written)} written, {len(removed)} removed")
            if self.with_search and any(p.endswith(".html") for p in written + removed):
                self.search_wanted.set()
            if self.search_wanted.is_set():
                if self.search_thread is None:  # one, started under `building`: close() joins it
                    self.search_thread = threading.Thread(target=self._search_loop, name="dossier-search",
                                                          daemon=True)
                    self.search_thread.start()
            self._settle()
        return True

    def _seed_search(self, manifest: dict, pages: dict[str, str]) -> None:
        """The first rebuild's search bundle: site/'s, when it indexed exactly the pages now served (as
        right after `dossier build`); else a fresh index, as any rebuild that writes pages gets one."""
        bundle = self.root / "site" / "pagefind"
        if manifest.get("search") and manifest.get("pages") == pages and bundle.is_dir():
            with self.lock:
                output.link_tree(bundle, self.folder / "pagefind")
        else:
            self.search_wanted.set()

    def _settle(self) -> None:
        """What survives a rebuild is the next one's input (parses, graph, views, digests): freezing it
        keeps the garbage collector from walking it again on every save, which halves a rebuild. Now and
        then it is collected once, so cyclic garbage frozen with it does not pile up."""
        self.rebuilds += 1
        if self.rebuilds % COLLECT_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _tell(self, diagnostics: list[Diagnostic], complete: bool = True) -> None:
        """On the terminal: this rebuild's new errors and warnings, and a line for what got fixed, so its
        last lines always say how the dossier stands. A failed rebuild checked only part of the dossier
        (`complete` False): the warnings it did not get to are not fixed by it."""
        now = [d for d in diagnostics if d.level == "error" or (d.level == "warning" and not self.quiet)]
        if not complete:
            now += [d for d in self.told if d.level == "warning" and d not in now]
        new, fixed = [d for d in now if d not in self.told], [d for d in self.told if d not in now]
        for line in report.lines(new):
            self.log(line)
        if fixed:
            files = ", ".join(sorted({d.path for d in fixed}))
            errors_left = any(d.level == "error" for d in now)
            done = "" if errors_left or not any(d.level == "error" for d in self.told) else "; no errors left"
            self.log(f"fixed: {report.tally(fixed)} in {files}{done}")
        self.told = now

    def _search_loop(self) -> None:
        while not self.closing:
            self.search_wanted.wait()
            if self.closing:
                return
            self.search_wanted.clear()  # edits during this run set it again: one more run afterwards
            try:
                self.refresh_search()
            except Exception as exc:  # a failed refresh must not end refreshing for the session
                self.log(f"dossier: search index not refreshed: {type(exc).__name__}: {exc}")

    def refresh_search(self) -> None:
        """Re-run Pagefind after the browser has been told to reload; swap the new bundle in whole."""
        started = time.perf_counter()
        fresh = Path(tempfile.mkdtemp(prefix="pagefind-", dir=self.folder.parent))
        try:
            search.index(self.folder, fresh / "pagefind")
        except DossierError as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            for d in exc.diagnostics:
                self.log(str(d))
            return
        with self.lock:
            old = self.folder / "pagefind"
            if old.exists():
                old.rename(fresh / "old")
            (fresh / "pagefind").rename(old)
        shutil.rmtree(fresh, ignore_errors=True)
        self.search_seconds = time.perf_counter() - started
        self.log(f"search index refreshed in {self.search_seconds:.2f} s")

    def _show_early(self, write):
        """Write the edited pages (write()) and tell the browsers showing them to reload."""
        with self.lock:
            written, removed = write()
        if written:  # with an error still shown, the browser reloads once the rebuild clears it
            self._publish(error=self.error, bump=True, paths=written)
        return written, removed

    def _publish(self, error: list[str], bump: bool = False, paths: list[str] = ()) -> None:
        with self.changed:
            self.error = error
            if bump:
                self.epoch += 1
                for path in paths:
                    self.page_epochs[path] = self.epoch
                if not all(p.endswith((".html", ".xml")) for p in paths):
                    self.every_epoch = self.epoch  # a stylesheet, script or image: any page may show it
            self.changed.notify_all()

    def state(self, page: str | None = None) -> dict:
        """What the browsers are told: the epoch at which `page` (a served file) last changed, or the
        latest epoch; and the errors to show."""
        epoch = self.epoch if page is None else max(self.every_epoch, self.page_epochs.get(page, 0))
        return {"epoch": epoch, "error": self.error}

    def close(self) -> None:
        """Stop: no rebuild starts any more; a running one and a running Pagefind refresh finish first, so
        nothing writes into the folder after this returns."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.search_wanted.set()
        with self.building:
            thread = self.search_thread
            gc.unfreeze()
            if self.planning is not None:  # the next `dossier build` or `serve` starts from here
                self.site.save(self.planning)
        if thread is not None:
            thread.join()
