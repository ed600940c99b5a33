"""`dossier import`: raw article texts -> content/articles/<slug>.md, with the raw file kept in content/sources/.

An article is known by its titles (title, aliases, imported title) and its source's hash, never by the raw
file's name. What an editor changed since the import is never overwritten without --force, and then the
edited file is first kept in content/backups/. `plan_import` decides everything and writes nothing;
`write_plan` writes."""

from __future__ import annotations

import hashlib
from datetime import date as Date
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import content, dates, fetch, links, redirects, urls, webpage
from generator.diagnostics import Diagnostic, DossierError, error, fail
from generator.files import atomic_write, clean_leftovers, swap_in
from generator.frontmatter import dump, split
from generator.model import Article, Dossier, LinkedDossier, Source
from generator.rawmarkdown import to_markdown
from generator.rawtext import LEFT_OUT, RawArticle, parse
from generator.slugs import slugify, unique
from generator.titles import keys, match
from generator.textfile import decode, read_bytes

EDITOR_FIELDS = ("date", "topics", "aliases", "events", "redirect_from", "image", "alt", "draft")
# What the importer writes and an editor may change: where an article differs from its import, it was edited.
IMPORTED_FIELDS = {"title": "title", "kicker": "kicker", "author": "author", "lede": "lede", "image_credit": "image credit", "related": "related titles",
                   "related_urls": "related URLs", "body": "body"}
SOURCES = "content/sources"
BACKUPS = "content/backups"


@dataclass(frozen=True)
class Draft:
    """One raw file (a raw text or a saved web page), parsed and ready to write."""

    source: Path
    data: bytes
    raw: RawArticle
    web: webpage.WebPage | None = None  # what a web page said about itself
    retrieved: str = ""  # the day a page was fetched from its URL (ISO)
    fetched: str = ""  # the URL it was fetched from, when it was
    charset: str = ""  # the charset the server named

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def shown(self) -> str:
        """How the report names it: the URL it came from, or the file."""
        return self.fetched or str(self.source)

    @property
    def as_source(self) -> Source:
        """The article's `source:`: which text it was imported from, under which title, and where a web
        page was published."""
        web = self.web or webpage.WebPage(self.raw)
        return Source(file=self.source.name, sha256=self.sha256, title=self.raw.title, url=web.url or self.fetched,
                      outlet=web.outlet, author=web.author, published=web.published, retrieved=self.retrieved)


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
    force: bool = False  # an article changed since planning is replaced too, and kept in content/backups/


def front_matter(draft: Draft, kept: dict[str, Any] | None = None,
                 days: dict[str, str] | None = None) -> dict[str, Any]:
    """The article's front matter; `days`: its `added` (a new article) or `added` and `updated` (a
    replaced one), the days of the import, never the build's."""
    raw, source = draft.raw, draft.as_source
    provenance = {k: getattr(source, k) for k in ("url", "outlet", "author", "published", "retrieved")
                  if getattr(source, k)}
    meta: dict[str, Any] = {
        "title": raw.title,
        **({"kicker": raw.kicker} if raw.kicker else {}),  # only when there is one: most texts have neither
        **({"author": raw.author} if raw.author else {}),
        "date": source.published_day or None,  # a web page's day of publication; the editor's from then on
        **(days or {}),
        "lede": raw.lede,
        "image_credit": raw.image_credit or None,
        "topics": [],
        "related": related_entries(draft),
        "aliases": [],
        "events": [],
        "source": {"file": source.file, "sha256": source.sha256, "title": source.title, **provenance},
    }
    for key in EDITOR_FIELDS:
        if kept and kept.get(key) not in (None, [], ""):
            meta[key] = kept[key]
    return meta


def related_entries(draft: Draft) -> list[str | dict[str, str]]:
    """`related:` as the page had it: each title as its link's text, with the link's address where it is a
    web address (`title:` and `url:`); a raw text's titles, and a page's links without one, as plain titles."""
    urls_of = {r.title: r.url for r in draft.web.related} if draft.web else {}
    found: list[str | dict[str, str]] = []
    for title in draft.raw.related:
        url = urls_of.get(title, "")
        found.append({"title": title, "url": url} if url.startswith(("https://", "http://")) else title)
    return found


def read_draft(path: Path, known: frozenset[str] = frozenset()) -> Draft:
    """A raw file parsed; `known`: the title keys a line in a related block may name (rawtext.parse)."""
    return parse_draft(Draft(source=path, data=read_bytes(path), raw=RawArticle("", "", "", (), ())), known)


def parse_draft(draft: Draft, known: frozenset[str] = frozenset()) -> Draft:
    """A draft's bytes read: a web page (told by its content, not its name) by webpage.read, a raw text by
    rawtext.parse; both give a RawArticle, so the rest of the import treats them alike."""
    if webpage.is_html(draft.data):
        page = webpage.read(draft.data, draft.shown, base_url=draft.fetched, charset=draft.charset)
        return replace(draft, raw=page.raw, web=page)
    return replace(draft, raw=parse(decode(draft.data, draft.source), str(draft.source), known))


def import_files(root: Path, paths: list[Path | str], force: bool = False, today: Date | None = None) -> list[str]:
    """Import raw texts; all are checked before anything is written. Returns what was done, one line each;
    raises DossierError, after writing the others, for the articles an editor changed while importing."""
    lines, refused = run(root, paths, force, today)
    if refused:
        raise DossierError(refused)
    return lines


def run(root: Path, paths: list[Path | str], force: bool = False,
        today: Date | None = None) -> tuple[list[str], list[Diagnostic]]:
    """`dossier import`: what was done, one line each, and the files left as an editor saved them meanwhile."""
    told = clean_leftovers(root, "content")  # what an import killed before left behind
    plan = plan_import(root, paths, force, today)
    refused, kept = write_plan(root, plan)
    left = {d.path for d in refused}
    done = [report_line(e, kept.get(e.target)) for e in plan.entries if e.target not in left]
    return told + done, refused


def describe(plan: ImportPlan, width: int = 100) -> list[str]:
    """`import --dry-run`: how every line of each raw file was read, where each related title leads, and what
    the import would do (the report line it would print)."""
    out = []
    for entry in plan.entries:
        targets = {links.title_key(r.title): r for r in plan.linked.refs.get(entry.article.slug, ())}
        # A web page's related line shows its link: "Titel <https://…>".
        linked = {f"{r.title} <{r.url}>": r.title for r in entry.draft.web.related} if entry.draft.web else {}
        for line in entry.draft.raw.lines:
            text = line.text if len(line.text) <= width else line.text[: width - 1] + "…"
            title = linked.get(line.text, line.text)
            ref = targets.get(links.title_key(title)) if line.kind == "related" else None
            if ref is not None:
                text += f" -> {'stub ' if ref.is_stub else ''}{ref.url}"
            out.append(f"{entry.draft.shown}:{line.number}: {line.kind:<9} {text}")
        for text in entry.draft.web.dropped if entry.draft.web else ():  # what the extractor left out
            out.append(f"{entry.draft.shown}: dropped   {_short(text, width)}")
        out.append(report_line(entry))
    return out


def report_line(entry: PlanEntry, kept: str | None = None) -> str:
    """What importing one file did; `kept`: where the version an editor saved while importing is kept."""
    if entry.action == "unchanged":
        return f"{entry.draft.shown}: unchanged, {entry.target} left as it is"
    notes = entry.notes + ((f"the version saved while importing is kept in {kept}",) if kept else ())
    return f"{entry.draft.shown}: {entry.action} {entry.target}" + "".join(f"; {n}" for n in notes)


# --- planning: decides everything, writes nothing ------------------------------------------------------------


@dataclass
class _Batch:
    """What planning one file needs to know: the dossier, and the files planned before it."""

    articles: dict[str, Article]  # by slug
    index: dict[str, str]  # title key (titles, aliases, imported titles) -> article slug
    stubs: dict[str, str]  # stub title key -> stub slug: an imported article takes its stub's URL
    taken: set[str]  # slugs of articles, stubs and redirects, and of the articles planned so far
    today: str = ""  # the day of the import, as `added` or `updated` records it
    keys: dict[str, Path] = field(default_factory=dict)  # title keys planned -> raw file
    targets: dict[str, Path] = field(default_factory=dict)  # article slugs replaced -> raw file
    stub_urls: dict[str, str] = field(default_factory=dict)  # the original's URL a stub remembers -> its slug


def plan_import(root: Path, paths: list[Path | str], force: bool = False, today: Date | None = None) -> ImportPlan:
    """What importing `paths` would do, with the links as they stand after the whole batch. Writes nothing;
    raises DossierError with every file's problem when any file cannot be imported."""
    drafts = _read_drafts(paths)
    dossier, _ = content.load(root)
    before, _ = links.link(dossier)
    index, _ = links.title_index(dossier.articles)
    # The dossier decides where the text cannot: its titles, aliases and stubs, and this import's titles.
    known = frozenset(index) | {s.key for s in before.stubs.values()} | keys(d.raw.title for d in drafts)
    drafts = [_reread(d, known - keys([d.raw.title])) for d in drafts]
    batch = _Batch(articles={a.slug: a for a in dossier.articles}, index=index,
                   stubs={s.key: s.slug for s in before.stubs.values()},
                   stub_urls={s.original: s.slug for s in before.stubs.values() if s.original},
                   taken=redirects.taken_slugs(before), today=(today or dates.today()).isoformat())
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
    by_url = links.url_index(after.dossier.articles)
    return ImportPlan(entries=tuple(replace(e, notes=_notes(e, before, after, index, by_url)) for e in entries),
                      linked=after, force=force)


def _reread(draft: Draft, known: frozenset[str]) -> Draft:
    return draft if draft.web else parse_draft(draft, known)


def _read_drafts(paths: list[Path | str]) -> list[Draft]:
    """The drafts of `paths` (files, or http(s) URLs to fetch), each once: a file named twice
    (`inbox/*.txt inbox/a*.txt`, `a.txt ./a.txt`) is one text, not two that claim the same title."""
    once: dict[Path | str, Path | str] = {}
    for path in paths:
        once.setdefault(path if isinstance(path, str) and fetch.is_url(path) else Path(path).resolve(), path)
    errors, drafts = [], []
    for path in once.values():
        try:
            drafts.append(_fetch_draft(path) if isinstance(path, str) and fetch.is_url(path)
                          else read_draft(Path(path)))
        except DossierError as exc:
            errors += exc.diagnostics
    if errors:
        raise DossierError(errors)
    return drafts


def _fetch_draft(url: str) -> Draft:
    """A web page fetched, read as an article; refused unless it is an HTML article."""
    got = fetch.fetch(url)
    if not webpage.is_html(got.data):
        raise fail(url, None, "not-html", "is no HTML page; import an article's page")
    draft = Draft(Path(got.file_name), got.data, RawArticle("", "", "", (), ()), fetched=got.final,
                  charset=got.charset, retrieved=dates.today().isoformat())
    return parse_draft(draft)


def _plan_one(root: Path, draft: Draft, batch: _Batch, force: bool) -> PlanEntry:
    key = links.title_key(draft.raw.title)
    if not key:  # nothing to know the article by: a re-import could not find it again
        raise fail(draft.shown, 1, "no-title", f"the first line {draft.raw.title!r} is no title (nothing of it "
                                                "names an article); put the headline on the first line")
    if key in batch.keys:
        raise fail(draft.shown, 1, "duplicate-title", f"same title as {batch.keys[key]} in this import")
    batch.keys[key] = draft.shown
    _check_stored_source(root, draft)
    slug = batch.index.get(key)
    if slug is None:  # a title the dossier does not know: a new article, whatever the file's name
        # A stub may name it with its kicker, as a teaser box does ("Nordkorea: Kim besucht Werft").
        with_kicker = links.title_key(f"{draft.raw.kicker}: {draft.raw.title}") if draft.raw.kicker else ""
        # A stub that remembers this page's address is this article too, whatever text named it.
        slug = batch.stubs.get(key) or batch.stubs.get(with_kicker) or batch.stub_urls.get(draft.as_source.url) or \
            unique(slugify(draft.raw.title), batch.taken)
        target = f"content/articles/{slug}.md"
        data = _article_file(draft, days={"added": batch.today})
        return PlanEntry(draft, target, "new", _read_back(data, target), data)
    existing = batch.articles[slug]
    if slug in batch.targets:
        raise fail(draft.shown, 1, "duplicate-title",
                   f"names the same article ({existing.path}) as {batch.targets[slug]} in this import; "
                   "import one of them")
    batch.targets[slug] = draft.shown
    if existing.source and existing.source.sha256 == draft.sha256:
        return PlanEntry(draft, existing.path, "unchanged", existing)
    if draft.web and existing.source and existing.source.url == draft.as_source.url and \
            _differences(existing, _read_back(_article_file(draft), existing.path)) == ():
        return PlanEntry(draft, existing.path, "unchanged", existing)  # the same article, the page around it changed
    return _replacement(root, draft, existing, force, batch.today)


def _check_stored_source(root: Path, draft: Draft) -> None:
    """A stored text is named by its hash: a different one under that name is not ours to overwrite."""
    shown = f"{SOURCES}/{draft.as_source.stored_name}"
    stored = _read_or_none(root / shown)
    if stored is not None and stored != draft.data:
        raise fail(shown, None, "source-mismatch", f"holds another text than {draft.shown}, whose name it has; "
                                                   "move it out of content/sources/ and re-run")


def _replacement(root: Path, draft: Draft, existing: Article, force: bool, today: str) -> PlanEntry:
    """The changed source of an existing article: replaced when the editor did not change what the import
    wrote; otherwise only with --force, keeping the edited file in content/backups/ first."""
    previous = read_bytes(root / existing.path, existing.path)
    # Judged by these bytes, not by the article as loaded before: they are what the replacement checks
    # against, and a save in between must count as an edit.
    existing = _read_back(previous, existing.path)
    meta, _, _ = split(decode(previous, existing.path), existing.path)
    kept = {k: meta[k] for k in EDITOR_FIELDS if meta.get(k) not in (None, [], "")}
    # The day it entered the dossier stays; the day of this import is when it was updated.
    days = {**({"added": existing.added} if existing.added else {}), "updated": today}
    data = _article_file(draft, kept, days)
    article = _read_back(data, existing.path)
    edits = _edits(root, existing)
    backup = ""
    if edits != ():
        if not force:
            raise fail(existing.path, None, "edited", _refusal(draft, existing, edits, article))
        backup = _backup_name(existing.path, previous)
    return PlanEntry(draft, existing.path, "replaced", article, data, tuple(kept), previous, backup)


def _edits(root: Path, article: Article) -> tuple[str, ...] | None:
    """The imported fields an editor changed since the import; None when its imported text is not at hand
    (then nobody can tell, and the article counts as edited)."""
    data = _stored_text(root, article.source)
    if data is None or article.source is None:
        return None
    try:  # read as it was imported: the lines it took for related titles still are
        draft = parse_draft(Draft(Path(article.source.file), data, RawArticle("", "", "", (), ()),
                                  fetched=article.source.url), keys(article.related))
    except DossierError:
        return None
    imported = _read_back(_article_file(draft), article.path)
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
    return (f"{why}; importing {draft.shown} would replace {what}: re-run with --force to replace it "
            f"(the current file is kept in {BACKUPS}/ first; {_listed(EDITOR_FIELDS)} stay)")


def _listed(names: tuple[str, ...]) -> str:
    """"title", "title and body", "title, lede and body"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _article_file(draft: Draft, kept: dict[str, Any] | None = None, days: dict[str, str] | None = None) -> bytes:
    return dump(front_matter(draft, kept, days), to_markdown(draft.raw)).encode("utf-8")


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


def _notes(entry: PlanEntry, before: LinkedDossier, after: LinkedDossier, index: dict[str, str],
           by_url: dict[str, str]) -> tuple[str, ...]:
    """The report's notes for one file, from the links as they stand after the whole batch."""
    if entry.action == "unchanged":
        return ()
    notes = [f"the previous version is kept in {entry.backup}"] if entry.backup else []
    slug = entry.article.slug
    if entry.action == "new" and slug in before.stubs:
        sources = [after.articles[s].path for s in after.backlinks.get(slug, ())]
        notes.append(f"replaces stub {urls.article(slug)}" + (f" referenced by {', '.join(sources)}" if sources else ""))
    related = [(t, u) for t, u in entry.article.related_entries if links.title_key(t) or u in by_url]
    if related:
        resolved = sum(u in by_url or bool(links.resolve(t, index).key) for t, u in related)
        notes.append(f"{len(related)} related: {resolved} in the dossier, {len(related) - resolved} not yet (stubs)")
    notes += _text_notes(entry.draft.raw, index)
    if entry.action == "new":
        notes += [f"note: {a.path} was imported from another file of the same name" for a in after.dossier.articles
                  if a.source and a.source.file == entry.draft.source.name and a.path != entry.target]
    return tuple(notes)


def _text_notes(raw: RawArticle, index: dict[str, str]) -> list[str]:
    """What the editor should see of how the text was read: the lines left out of the article (they stay in
    the stored raw text), a second copy, and related titles cut too short to name one article."""
    notes = [f"warning: lines {first}-{last} repeat the text from line {original} (pasted twice?) and are "
             "left out" for first, last, original in raw.repeated]
    for kind, label in LEFT_OUT.items():
        found = [f"line {line.number} {_short(line.text)!r}" for line in raw.left_out if line.kind == kind]
        if found and kind != "repeat":
            notes.append(f"{label} left out: {', '.join(found)}")
    for title in raw.related:
        if (found := match(title, index)).candidates:
            notes.append(f"check: related {title!r} is cut short and begins {len(found.candidates)} titles; "
                         "write it out in full (a stub until then)")
    return notes


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- writing ---------------------------------------------------------------------------------------------------


def write_plan(root: Path, plan: ImportPlan) -> tuple[list[Diagnostic], dict[str, str]]:
    """Write what plan_import decided. Each file is written atomically, the raw text and the backup before the
    article, so an interrupted import leaves whole files and re-running it gives the same result. An article
    is replaced only if it still holds the bytes the plan was made from, checked in the step that replaces it
    (files.swap_in): one an editor saved meanwhile is left as saved and returned as refused, or, with --force,
    kept in content/backups/ first (returned as kept: target -> backup)."""
    refused: list[Diagnostic] = []
    kept: dict[str, str] = {}
    for entry in plan.entries:
        if entry.action == "unchanged":
            continue
        if entry.backup:
            _write_once(root, entry.backup, entry.replaced)
        _write_once(root, entry.source, entry.draft.data)
        expected = entry.replaced if entry.action == "replaced" else None
        while (found := swap_in(root / entry.target, entry.data, expected)) is not None:
            if not plan.force:
                refused.append(error(entry.target, None, "changed", f"was saved while importing {entry.draft.shown}, "
                                     "so it is left as saved; re-run the import to replace it"))
                break
            kept[entry.target] = _backup(root, entry.target, found)
            expected = found or None
    return refused, kept


def _backup(root: Path, target: str, data: bytes) -> str:
    """Keep an article's bytes in content/backups/ (where it stands); returns where."""
    shown = _backup_name(target, data)
    _write_once(root, shown, data)
    return shown


def _write_once(root: Path, shown: str, data: bytes) -> None:
    """A file named by its contents (a stored raw text, a backup): written unless it is there already."""
    if _read_or_none(root / shown) != data:
        atomic_write(root / shown, data)


def _backup_name(target: str, data: bytes) -> str:
    """content/backups/<slug>-<digest of the bytes>.md: each kept version has a name of its own."""
    slug = target.rsplit("/", 1)[-1][:-3]
    return f"{BACKUPS}/{slug}-{hashlib.blake2b(data, digest_size=4).hexdigest()}.md"
