"""`dossier import`: raw article texts -> content/articles/<slug>.md, with the raw file kept in content/sources/.

An article is known by its titles (title, aliases, imported title) and its source's hash, never by the raw
file's name. What an editor changed since the import is never overwritten without --force, and then the
edited file is first kept in content/backups/. `plan_import` decides everything and writes nothing;
`write_plan` writes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import content, links, redirects, urls
from generator.diagnostics import DossierError, fail
from generator.files import atomic_write, remove_stale_temporaries
from generator.frontmatter import dump, split
from generator.model import Article, Dossier, LinkedDossier, Source
from generator.rawmarkdown import to_markdown
from generator.rawtext import RawArticle, parse
from generator.slugs import slugify, unique
from generator.textfile import decode, read_bytes

EDITOR_FIELDS = ("date", "topics", "aliases", "events", "redirect_from", "image", "alt", "draft")
# What the importer writes and an editor may change: where an article differs from its import, it was edited.
IMPORTED_FIELDS = {"title": "title", "lede": "lede", "image_credit": "image credit", "related": "related titles",
                   "body": "body"}
SOURCES = "content/sources"
BACKUPS = "content/backups"


@dataclass(frozen=True)
class Draft:
    """One raw file, parsed and ready to write."""

    source: Path
    data: bytes
    raw: RawArticle

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def as_source(self) -> Source:
        """The article's `source:`: which text it was imported from, under which title."""
        return Source(file=self.source.name, sha256=self.sha256, title=self.raw.title)


@dataclass(frozen=True)
class PlanEntry:
    """What importing one raw file does."""

    draft: Draft
    target: str  # the article file, relative to the project: content/articles/<slug>.md
    action: str  # "new", "replaced" or "unchanged"
    article: Article  # as the build will read it (when unchanged: the article as it is)
    data: bytes = b""  # the article file to write; nothing when unchanged
    kept: tuple[str, ...] = ()  # the editor's fields taken over from the article it replaces
    replaced: bytes = b""  # the file it replaces, as read when planning
    backup: str = ""  # where the replaced file is kept first, when the editor had changed it
    notes: tuple[str, ...] = ()  # for the report: the stub it replaces, related titles resolved, hints

    @property
    def source(self) -> str:
        """Where the raw text is kept, relative to the project."""
        return f"{SOURCES}/{self.draft.as_source.stored_name}"


@dataclass(frozen=True)
class ImportPlan:
    entries: tuple[PlanEntry, ...]  # in the order of the files given
    linked: LinkedDossier  # the dossier as it will be after the import


def front_matter(draft: Draft, kept: dict[str, Any] | None = None) -> dict[str, Any]:
    raw, source = draft.raw, draft.as_source
    meta: dict[str, Any] = {
        "title": raw.title,
        "date": None,
        "lede": raw.lede,
        "image_credit": raw.image_credit or None,
        "topics": [],
        "related": list(raw.related),
        "aliases": [],
        "events": [],
        "source": {"file": source.file, "sha256": source.sha256, "title": source.title},
    }
    for key in EDITOR_FIELDS:
        if kept and kept.get(key) not in (None, [], ""):
            meta[key] = kept[key]
    return meta


def read_draft(path: Path) -> Draft:
    data = read_bytes(path)
    return Draft(source=path, data=data, raw=parse(decode(data, path), str(path)))


def import_files(root: Path, paths: list[Path], force: bool = False) -> list[str]:
    """Import raw texts; all are checked before anything is written. Returns what was done, one line each."""
    plan = plan_import(root, paths, force)
    write_plan(root, plan)
    return [report_line(entry) for entry in plan.entries]


def describe(plan: ImportPlan, width: int = 100) -> list[str]:
    """`import --dry-run`: how every line of each raw file was read, where each related title leads, and what
    the import would do (the report line it would print)."""
    out = []
    for entry in plan.entries:
        targets = {links.title_key(r.title): r for r in plan.linked.refs.get(entry.article.slug, ())}
        for line in entry.draft.raw.lines:
            text = line.text if len(line.text) <= width else line.text[: width - 1] + "…"
            ref = targets.get(links.title_key(line.text)) if line.kind == "related" else None
            if ref is not None:
                text += f" -> {'stub ' if ref.is_stub else ''}{ref.url}"
            out.append(f"{entry.draft.source}:{line.number}: {line.kind:<9} {text}")
        out.append(report_line(entry))
    return out


def report_line(entry: PlanEntry) -> str:
    if entry.action == "unchanged":
        return f"{entry.draft.source}: unchanged, {entry.target} left as it is"
    return f"{entry.draft.source}: {entry.action} {entry.target}" + "".join(f"; {n}" for n in entry.notes)


# --- planning: decides everything, writes nothing ------------------------------------------------------------


@dataclass
class _Batch:
    """What planning one file needs to know: the dossier, and the files planned before it."""

    articles: dict[str, Article]  # by slug
    index: dict[str, str]  # title key (titles, aliases, imported titles) -> article slug
    stubs: dict[str, str]  # stub title key -> stub slug: an imported article takes its stub's URL
    taken: set[str]  # slugs of articles, stubs and redirects, and of the articles planned so far
    keys: dict[str, Path] = field(default_factory=dict)  # title keys planned -> raw file
    targets: dict[str, Path] = field(default_factory=dict)  # article slugs replaced -> raw file


def plan_import(root: Path, paths: list[Path], force: bool = False) -> ImportPlan:
    """What importing `paths` would do, with the links as they stand after the whole batch. Writes nothing;
    raises DossierError with every file's problem when any file cannot be imported."""
    drafts = _read_drafts(paths)
    dossier, _ = content.load(root)
    before, _ = links.link(dossier)
    index, _ = links.title_index(dossier.articles)
    batch = _Batch(articles={a.slug: a for a in dossier.articles}, index=index,
                   stubs={s.key: s.slug for s in before.stubs.values()},
                   taken=redirects.taken_slugs(before))
    entries, errors = [], []
    for draft in drafts:
        try:
            entries.append(_plan_one(root, draft, batch, force))
        except DossierError as exc:
            errors += exc.diagnostics
    if errors:
        raise DossierError(errors)
    after = _after(dossier, entries)
    index, _ = links.title_index(after.dossier.articles)
    return ImportPlan(entries=tuple(replace(e, notes=_notes(e, before, after, index)) for e in entries),
                      linked=after)


def _read_drafts(paths: list[Path]) -> list[Draft]:
    errors, drafts = [], []
    for path in paths:
        try:
            drafts.append(read_draft(path))
        except DossierError as exc:
            errors += exc.diagnostics
    if errors:
        raise DossierError(errors)
    return drafts


def _plan_one(root: Path, draft: Draft, batch: _Batch, force: bool) -> PlanEntry:
    key = links.title_key(draft.raw.title)
    if key in batch.keys:
        raise fail(draft.source, 1, "duplicate-title", f"same title as {batch.keys[key]} in this import")
    batch.keys[key] = draft.source
    _check_stored_source(root, draft)
    slug = batch.index.get(key)
    if slug is None:  # a title the dossier does not know: a new article, whatever the file's name
        slug = batch.stubs.get(key) or unique(slugify(draft.raw.title), batch.taken)
        target = f"content/articles/{slug}.md"
        data = _article_file(draft)
        return PlanEntry(draft, target, "new", _read_back(data, target), data)
    existing = batch.articles[slug]
    if slug in batch.targets:
        raise fail(draft.source, 1, "duplicate-title",
                   f"names the same article ({existing.path}) as {batch.targets[slug]} in this import; "
                   "import one of them")
    batch.targets[slug] = draft.source
    if existing.source and existing.source.sha256 == draft.sha256:
        return PlanEntry(draft, existing.path, "unchanged", existing)
    return _replacement(root, draft, existing, force)


def _check_stored_source(root: Path, draft: Draft) -> None:
    """A stored text is named by its hash: a different one under that name is not ours to overwrite."""
    shown = f"{SOURCES}/{draft.as_source.stored_name}"
    stored = _read_or_none(root / shown)
    if stored is not None and stored != draft.data:
        raise fail(shown, None, "source-mismatch", f"holds another text than {draft.source}, whose name it has; "
                                                   "move it out of content/sources/ and re-run")


def _replacement(root: Path, draft: Draft, existing: Article, force: bool) -> PlanEntry:
    """The changed source of an existing article: replaced when the editor did not change what the import
    wrote; otherwise only with --force, keeping the edited file in content/backups/ first."""
    previous = read_bytes(root / existing.path, existing.path)
    meta, _, _ = split(decode(previous, existing.path), existing.path)
    kept = {k: meta[k] for k in EDITOR_FIELDS if meta.get(k) not in (None, [], "")}
    data = _article_file(draft, kept)
    article = _read_back(data, existing.path)
    edits = _edits(root, existing)
    backup = ""
    if edits != ():
        if not force:
            raise fail(existing.path, None, "edited", _refusal(draft, existing, edits, article))
        digest = hashlib.blake2b(previous, digest_size=4).hexdigest()
        backup = f"{BACKUPS}/{existing.slug}-{digest}.md"
    return PlanEntry(draft, existing.path, "replaced", article, data, tuple(kept), previous, backup)


def _edits(root: Path, article: Article) -> tuple[str, ...] | None:
    """The imported fields an editor changed since the import; None when its imported text is not at hand
    (then nobody can tell, and the article counts as edited)."""
    data = _stored_text(root, article.source)
    if data is None or article.source is None:
        return None
    try:
        raw = parse(decode(data, article.source.file), article.source.file)
    except DossierError:
        return None
    imported = _read_back(_article_file(Draft(Path(article.source.file), data, raw)), article.path)
    return _differences(article, imported)


def _stored_text(root: Path, source: Source | None) -> bytes | None:
    """The raw text an article was imported from, if content/sources/ still holds it unchanged."""
    if source is None or not source.sha256:
        return None
    for name in dict.fromkeys((source.stored_name, source.file)):  # older imports kept the file's own name
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            continue
        data = _read_or_none(root / SOURCES / name)
        if data is not None and hashlib.sha256(data).hexdigest() == source.sha256:
            return data
    return None


def _differences(article: Article, other: Article) -> tuple[str, ...]:
    def value(a: Article, name: str) -> Any:
        v = getattr(a, name)
        return v.strip() if isinstance(v, str) else v

    return tuple(shown for name, shown in IMPORTED_FIELDS.items() if value(article, name) != value(other, name))


def _refusal(draft: Draft, existing: Article, edits: tuple[str, ...] | None, article: Article) -> str:
    """One line: why the article counts as edited, what the import would replace, and what to do."""
    if edits is not None:
        why, what = "edited since its import", f"its edited {_listed(edits)}"
    else:
        lost = _differences(existing, article)
        why = (f"its imported text {SOURCES}/{existing.source.stored_name} is missing, so edits cannot be ruled out"
               if existing.source else "written by hand, not imported")
        what = f"its {_listed(lost)}" if lost else "it"
    return (f"{why}; importing {draft.source} would replace {what}: re-run with --force to replace it "
            f"(the current file is kept in {BACKUPS}/ first; {_listed(EDITOR_FIELDS)} stay)")


def _listed(names: tuple[str, ...]) -> str:
    """"title", "title and body", "title, lede and body"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _article_file(draft: Draft, kept: dict[str, Any] | None = None) -> bytes:
    return dump(front_matter(draft, kept), to_markdown(draft.raw)).encode("utf-8")


def _read_back(data: bytes, shown: str) -> Article:
    """The article as the build will read the file."""
    return content.parse_article(decode(data, shown), shown, shown.rsplit("/", 1)[-1][:-3], [])


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _after(dossier: Dossier, entries: list[PlanEntry]) -> LinkedDossier:
    """The dossier with the planned articles in it, linked: what every report line is computed from."""
    articles = {a.path: a for a in dossier.articles}
    articles.update({e.target: e.article for e in entries if e.action != "unchanged"})
    linked, _ = links.link(replace(dossier, articles=tuple(articles[p] for p in sorted(articles))))
    return linked


def _notes(entry: PlanEntry, before: LinkedDossier, after: LinkedDossier, index: dict[str, str]) -> tuple[str, ...]:
    """The report's notes for one file, from the links as they stand after the whole batch."""
    if entry.action == "unchanged":
        return ()
    notes = [f"the previous version is kept in {entry.backup}"] if entry.backup else []
    slug = entry.article.slug
    if entry.action == "new" and slug in before.stubs:
        sources = [after.articles[s].path for s in after.backlinks.get(slug, ())]
        notes.append(f"replaces stub {urls.article(slug)}" + (f" referenced by {', '.join(sources)}" if sources else ""))
    keys = [k for k in map(links.title_key, entry.article.related) if k]
    if keys:
        resolved = sum(k in index for k in keys)
        notes.append(f"{len(keys)} related: {resolved} in the dossier, {len(keys) - resolved} not yet (stubs)")
    if entry.action == "new":
        notes += [f"note: {a.path} was imported from another file of the same name" for a in after.dossier.articles
                  if a.source and a.source.file == entry.draft.source.name and a.path != entry.target]
    return tuple(notes)


# --- writing ---------------------------------------------------------------------------------------------------


def write_plan(root: Path, plan: ImportPlan) -> None:
    """Write what plan_import decided. Each file is written atomically, the raw text and the backup before the
    article, so an interrupted import leaves whole files and re-running it gives the same result."""
    for entry in plan.entries:  # an editor's save since planning is theirs: then nothing is written
        if entry.action == "unchanged":
            continue
        current = _read_or_none(root / entry.target)
        if current != (entry.replaced if entry.action == "replaced" else None):
            raise fail(entry.target, None, "changed", "was changed while importing; re-run the import")
    for entry in plan.entries:
        if entry.action == "unchanged":
            continue
        writes = [(entry.backup, entry.replaced)] if entry.backup else []
        writes += [(entry.source, entry.draft.data), (entry.target, entry.data)]
        for shown, data in writes:
            path = root / shown
            remove_stale_temporaries(path)  # what an import killed before left half-written
            if shown != entry.target and _read_or_none(path) == data:
                continue  # named by its contents: already there
            atomic_write(path, data)
