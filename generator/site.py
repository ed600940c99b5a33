"""One dossier project as a site: load -> link -> plan, the same for `dossier build` and `dossier serve`.

A `Site` starts from what the last build left (state.py: each file's parse, the link graph, every page's
fingerprint and inputs) and plans only the pages whose inputs changed. Only the writer differs: `build`
brings a staging folder up to date and swaps it in; the preview syncs its served folder in place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Protocol

from generator import (bodylinks, content, depends, fragments, images, links, output, pages, parallel, review,
                       state as states, static, urls)
from generator.diagnostics import Diagnostic, DossierError, ordered
from generator.files import Signatures
from generator.model import LinkedDossier
from generator.pages import GATHERING
from generator.published import Published
from generator.plan import Input, Job, Memo, Planning
from generator.state import PageRecord
from generator.theme import Theme, load_theme



class Site:
    def __init__(self, root: Path, base_url: str | None = None, with_search: bool = True, strict: bool = False,
                 published: Path | None = None, drafts: bool = False, live: Published | None = None):
        self.root, self.base_url, self.with_search, self.strict = root, base_url, with_search, strict
        self.drafts = drafts  # build the drafts too (`serve`, `build --drafts`)
        self.live = live  # the live site's article URLs (`--published`): they must stay too
        self.live_said: list[Diagnostic] = []  # what the last diagnosis told of the live site
        self.published = published or root / "site"  # the last build's output: which URLs it published
        self._manifest: tuple[tuple | None, dict] = (None, {})
        self._dead: tuple[tuple | None, list[Diagnostic]] = (None, [])
        self.state = states.load(root)
        self.theme: Theme | None = None
        self.fragments = fragments.Cache(root)
        self.memo = Memo(fragments=self.fragments)
        self.images: images.Memo = {}
        self.readers: tuple[str, depends.Readers] | None = None  # (salt, who reads what) of state.pages
        self.lasting = False  # more updates will follow (the preview): keep `readers` up to date for them
        self._jobs: tuple[tuple, list[Job]] = ((), [])  # (pages.structure, pages.jobs) of the last update

    def load(self, changed: set[str] | None = None, defer: bool = False,
             scanned: Signatures | None = None) -> tuple[LinkedDossier, list[Diagnostic]]:
        """The linked dossier and its diagnostics; raises DossierError with all of them on errors (and on
        warnings when strict), so `build --strict` fails exactly when `check --strict` does. `defer`
        leaves out the review's findings (warnings only; see findings())."""
        linked, diagnostics = self.diagnose(changed, defer, scanned)
        errors = [d for d in diagnostics if d.level == "error"]
        warnings = [d for d in diagnostics if d.level == "warning"]
        if errors or (self.strict and warnings):  # what stops the build, then what else is wrong
            raise DossierError(errors or warnings, warnings=warnings if errors else ())
        assert linked is not None
        return linked, diagnostics

    def diagnose(self, changed: set[str] | None = None, defer: bool = False,
                 scanned: Signatures | None = None) -> tuple[LinkedDossier | None, list[Diagnostic]]:
        """Everything `build`, `serve` and `check` tell the editor, errors first; no dossier when a file
        could not be read. `changed`: the only files (project-relative) that may have changed since
        they were last read, when a watcher knows; `scanned`: their signatures, when a scan just found
        them (content.load)."""
        try:
            dossier, diagnostics = content.load(self.root, self.state.files, changed, scanned)
        except DossierError as exc:
            return None, ordered(exc.diagnostics + exc.warnings)
        dossier = content.held_back(dossier, self.drafts)
        if self.base_url is not None:
            dossier = replace(dossier, settings=replace(dossier.settings, base_url=self.base_url))
        memo = self.state.graph
        linked, found = links.link(dossier, memo)
        pictures, problems = images.scan(self.root, self.images)
        linked = replace(linked, images=pictures)
        found += problems + images.check(linked.dossier.articles, pictures, problems) + bodylinks.broken(linked)
        return linked, ordered(diagnostics + found + ([] if defer else self.findings(linked)) + review.drafts(linked)
                               + self._dead_urls(linked, memo.version))

    def findings(self, linked: LinkedDossier) -> list[Diagnostic]:
        """What the review of the whole linked dossier finds (warnings); they depend on the graph alone, so
        a body edit keeps them. At 10,000 articles a changed graph takes a second to review."""
        memo = self.state.graph
        if memo.findings_of != memo.version:
            memo.findings, memo.findings_of = tuple(review.review(linked)), memo.version
        return list(memo.findings)

    def last_manifest(self) -> dict:
        """The manifest of the last build in the output folder ({} when there is none), read again only
        when its file changed (the preview asks on every save; at 10,000 articles it is megabytes)."""
        try:
            stat = (self.published / output.MANIFEST).stat()
            signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            self._manifest = (None, {})
            return {}
        if self._manifest[0] != signature:
            self._manifest = (signature, output.read_manifest(self.published))
        return self._manifest[1]

    def _dead_urls(self, linked: LinkedDossier, version: str) -> list[Diagnostic]:
        """review.dead_urls against the live site (`--published`) and the last build, found again only when
        the last build's manifest or the graph changed; a URL both have is told once, as the live site's."""
        published = self.last_manifest().get("pages", {})
        key = (self._manifest[0], version)
        if self._dead[0] != key:
            live = review.dead_urls(linked, self.live.paths, "the live site's sitemap lists this URL") \
                if self.live else []
            notes = [self.live.note] if self.live and self.live.note else []
            told = {d.path for d in live}
            self.live_said = notes + live
            self._dead = (key, notes + live + [d for d in review.dead_urls(linked, published) if d.path not in told])
        return self._dead[1]

    def update(self, writer: Writer, progress: Callable[[int, int], None] | None = None,
               changed: set[str] | None = None, scanned: Signatures | None = None) -> Update:
        """The one sequence of `build` and `serve`: load, link and diagnose the dossier, plan the pages whose
        recorded inputs changed, put those the writer does not hold (and the images), record what was read.
        Raises DossierError as load() does, before the writer is started. `changed`, `scanned` as for
        diagnose()."""
        # The pages of the files an editor just saved come first, so the preview can show them at once,
        # before the review and the pages that list or draw them (indexes, feeds, the network).
        defer = changed is not None and not self.strict
        linked, diagnostics = self.load(changed, defer, scanned)
        planning = self.planning(linked)
        jobs = self.jobs(planning)
        writer.start(linked)
        edited = edited_pages(linked, changed)
        first = [job for job in jobs if job.path in edited]
        done = parallel.run(planning, first, page_writer(planning, writer), GATHERING, workers=1) if first else []
        if first:
            writer.early()
        if defer:
            diagnostics = ordered(diagnostics + self.findings(linked))
        seen = depends.seen(linked)  # what the records will have been made from
        known = self.known(planning, jobs, seen)  # pages whose inputs did not change: their fingerprints
        files: dict[str, str] = {}
        todo: list[Job] = []
        for job in jobs:
            fingerprint = known.get(job.path)
            if job.path in edited:
                continue
            if fingerprint and writer.keep(job.path, fingerprint):
                files[job.path] = fingerprint
            else:
                todo.append(job)
        done += parallel.run(planning, todo, page_writer(planning, writer), GATHERING, progress=progress,
                             workers=None if writer.parallel else 1)
        records = {path: record for path, record, _ in done}
        files.update((path, record.fingerprint) for path, record in records.items())
        files = {job.path: files[job.path] for job in jobs}  # in the site's order
        for image in linked.images.values():  # copied while its bytes change, else kept
            if not writer.keep(image.path, image.digest):
                writer.put(image.path, images.source(self.root, image).read_bytes())
            files[image.path] = image.digest
        self.record(planning, jobs, records, seen)
        return Update(linked, diagnostics, planning, files, static.files(planning.theme, linked.settings),
                      len(todo) + len(first), sum(fresh for *_, fresh in done))

    def planning(self, linked: LinkedDossier) -> Planning:
        self.theme = load_theme(self.root, self.theme)
        self.memo.digests = self.state.digests
        return Planning(linked, self.theme, self.with_search, self.memo, states.code_version())

    def jobs(self, planning: Planning) -> list[Job]:
        """Every page of the site; listed again only when the structure changed (not for a body edit)."""
        structure = pages.structure(planning)
        if self._jobs[0] != structure:
            digest = hashlib.blake2b(repr(structure).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
            records = self.state.records(planning.salt)
            jobs = records.jobs(digest)
            if jobs is None:  # listed again, and kept for the next process
                jobs = pages.jobs(planning)
                records.new_jobs = (digest, jobs)
            self._jobs = (structure, jobs)
        return self._jobs[1]

    def known(self, planning: Planning, jobs: list[Job], seen: states.Seen | None = None) -> dict[str, str]:
        """The fingerprints of the pages that need no planning: recorded for the same job, and no input
        of theirs changed (depends.py). Without a record of what the pages were made from (a state
        dropped after two processes saved it at once), every recorded page's inputs are digested and its
        fingerprint made again."""
        salt = planning.salt
        records = self.state.records(salt)
        before = self.state.seen.get(salt)
        if before is None:
            every = records.all()
            return {job.path: record.fingerprint for job in jobs if (record := every.get(job.path)) is not None
                    and planning.fingerprint(job, record.template, record.read) == record.fingerprint}
        now = seen or depends.seen(planning.structure())
        if self.readers is not None and self.readers[0] == salt:  # kept from the last update (the preview)
            stale = depends.stale(planning, self.readers[1], before, now, records.digests)
        else:
            stale = depends.stale_in_store(planning, records, before, now)
        heads = records.heads()
        return {job.path: head.fingerprint for job in jobs if (head := heads.get(job.path)) is not None
                and job.path not in stale and head.kind == job.kind and head.key == job.key}

    def _readers(self, salt: str, records: states.Records) -> depends.Readers:
        if self.readers is None or self.readers[0] != salt:
            self.readers = (salt, depends.Readers(records.all()))
        return self.readers[1]

    def record(self, planning: Planning, jobs: list[Job], planned: dict[str, PageRecord], seen: states.Seen) -> None:
        """Remember this build's pages: those planned now and those still as recorded."""
        records = self.state.records(planning.salt)
        readers = self._readers(planning.salt, records) if self.lasting else None
        canonical: dict[Input, Input] = {}
        for path, record in planned.items():
            old = records.get(path)
            if old != record:  # an unchanged record is not written again
                if old is not None and old.read == record.read:  # a new fingerprint of the same inputs
                    records.put(path, record._replace(read=old.read))
                    continue
                record = record._replace(read=tuple(canonical.setdefault(i, i) for i in record.read))
                if readers is not None:
                    if old is not None:
                        readers.remove(path, old.read)
                    readers.add(path, record.read)
                records.put(path, record)
        for path in records.heads().keys() - {job.path for job in jobs}:
            if readers is not None:
                readers.remove(path, records.get(path).read)
            records.put(path, None)
        records.digests.update(planning.new_digests)
        self.state.seen[planning.salt] = seen
        # What this planning rendered and made serves the next (in the preview)
        self.fragments.keep(planning.used_fragments)
        self.memo.markdown, self.memo.views = planning.used_markdown, planning.used_views

    def save(self, planning: Planning) -> None:
        """Keep the state and the rendered parts of pages in .cache/ for the next process."""
        states.save(self.root, self.state)
        self.fragments.save(set(planning.used_fragments) or None)


class Writer(Protocol):
    """Where an update puts the site: `build`'s staging folder (build.Staging) or the preview's served
    folder (preview.state.Served). The pipeline is Site.update's; a writer only says what it holds."""

    parallel: bool  # pages may be put from forked workers

    def start(self, linked: LinkedDossier) -> None:
        """The dossier is loaded and will be written."""

    def keep(self, path: str, fingerprint: str) -> bool:
        """Whether the file with this fingerprint (or digest) is in place, or was put there without
        rendering it (linked from the last site)."""

    def put(self, path: str, data: bytes) -> None:
        """The file at `path` is `data` now."""

    def early(self) -> None:
        """The pages of the edited files are put: they may be shown before the rest is."""


@dataclass(frozen=True)
class Update:
    """What one update of the site did: the input of the writer's finishing step and of the report."""

    linked: LinkedDossier
    diagnostics: list[Diagnostic]
    planning: Planning
    files: dict[str, str]  # every page and image of the site, in its order: path -> fingerprint or digest
    static: dict[str, bytes]  # the files every build writes whole (assets, robots.txt, …)
    planned: int  # pages planned: their recorded inputs changed, or were unknown
    rendered: int  # pages rendered anew


def edited_pages(linked: LinkedDossier, changed: set[str] | None) -> set[str]:
    """The output paths of the pages of the edited files (articles, free pages, entities)."""
    if not changed:
        return set()
    dossier = linked.dossier
    return {urls.output_path(item.url) for item in (*dossier.articles, *dossier.pages, *dossier.entities)
            if item.path in changed}


def page_writer(planning: Planning, writer: Writer):
    """For parallel.run: plan a page and put it unless the writer keeps it; gives (path, its record,
    whether it was rendered)."""
    def write(job: Job) -> tuple[str, PageRecord, bool]:
        page, read = pages.plan(planning, job)
        fresh = not writer.keep(page.path, page.fingerprint)
        if fresh:
            writer.put(page.path, planning.render(page))
        return page.path, PageRecord(page.fingerprint, page.template, read, job.kind, job.key), fresh
    return write
