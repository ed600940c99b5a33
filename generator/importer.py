"""`dossier import`: raw article texts -> content/articles/<slug>.md, with the raw file kept in content/sources/."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import content, links
from generator.diagnostics import DossierError, error
from generator.files import atomic_write, remove_stale_temporaries
from generator.frontmatter import dump, split
from generator.rawtext import RawArticle, parse
from generator.slugs import slugify, unique
from generator.textfile import decode, read_bytes, read_text

EDITOR_FIELDS = ("date", "topics", "aliases", "events")

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?=#|>|[-+*=](?:\s|$)|~~~)")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_CLOSING_HASHES = re.compile(r"(?<=\s)(?=#+$)")  # "## Hashtag #": a closing sequence Markdown would drop


@dataclass(frozen=True)
class Draft:
    """One raw file, parsed and ready to write."""

    source: Path
    data: bytes
    raw: RawArticle

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def escape_markdown(text: str) -> str:
    """Escape what Markdown would otherwise swallow or reinterpret, so the text renders word for word."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    text = _BLOCK_START.sub(r"\\", text)  # a line starting like a heading, quote, list or fence
    text = _CLOSING_HASHES.sub(r"\\", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def to_markdown(raw: RawArticle) -> str:
    parts = [("## " if b.kind == "heading" else "") + escape_markdown(b.text) for b in raw.blocks]
    return "\n\n".join(parts)


def front_matter(draft: Draft, kept: dict[str, Any] | None = None) -> dict[str, Any]:
    raw = draft.raw
    meta: dict[str, Any] = {
        "title": raw.title,
        "date": None,
        "lede": raw.lede,
        "image_credit": raw.image_credit or None,
        "topics": [],
        "related": list(raw.related),
        "aliases": [],
        "events": [],
        "source": {"file": draft.source.name, "sha256": draft.sha256},
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
    errors, drafts = [], []
    for path in paths:
        try:
            drafts.append(read_draft(path))
        except DossierError as exc:
            errors += exc.diagnostics
    if errors:
        raise DossierError(errors)

    dossier, _ = content.load(root)
    linked, _ = links.link(dossier)
    index, _ = links.title_index(dossier.articles)
    by_source = {a.source.file: a for a in dossier.articles if a.source}
    taken = {a.slug for a in dossier.articles} | set(linked.stubs)
    stub_by_key = {s.key: s for s in linked.stubs.values()}

    plan: list[tuple[Draft, Path, dict[str, Any] | None, str]] = []
    batch_keys: dict[str, Path] = {}
    batch_names: dict[str, Path] = {}
    for draft in drafts:
        key = links.title_key(draft.raw.title)
        existing = by_source.get(draft.source.name)
        if draft.source.name in batch_names:
            # Both would be kept as content/sources/<name>: one article would point at the other's text.
            errors.append(error(draft.source, None, "duplicate-name",
                                f"same file name as {batch_names[draft.source.name]} in this import; "
                                "rename one of them"))
            continue
        batch_names[draft.source.name] = draft.source
        if key in batch_keys:
            errors.append(error(draft.source, 1, "duplicate-title", f"same title as {batch_keys[key]} in this import"))
            continue
        batch_keys[key] = draft.source
        if existing:
            target = root / existing.path
            if existing.source and existing.source.sha256 == draft.sha256 and not force:
                plan.append((draft, target, None, "unchanged"))
                continue
            if not force:
                errors.append(error(existing.path, None, "changed-source",
                                    f"was imported from another version of {draft.source.name}; "
                                    "re-run with --force to replace it (date, topics, aliases and events are kept)"))
                continue
            meta, _, _ = split(read_text(target, existing.path), existing.path)
            plan.append((draft, target, meta, "replaced"))
            continue
        if key in index:
            owner = linked.articles[index[key]]
            errors.append(error(draft.source, 1, "duplicate-title", f"title is already in the dossier as {owner.path}"))
            continue
        stub = stub_by_key.get(key)
        slug = stub.slug if stub else unique(slugify(draft.raw.title), taken)
        plan.append((draft, root / "content" / "articles" / f"{slug}.md", None, "new"))
        sources_path = root / "content" / "sources" / draft.source.name
        if sources_path.exists() and sources_path.read_bytes() != draft.data and not force:
            errors.append(error(f"content/sources/{draft.source.name}", None, "changed-source",
                                "a different file of that name is already in content/sources/; "
                                "rename it or re-run with --force"))
    if errors:
        raise DossierError(errors)

    report = []
    for draft, target, kept, what in plan:
        shown = target.relative_to(root).as_posix()
        if what == "unchanged":
            report.append(f"{draft.source}: unchanged, {shown} left as it is")
            continue
        source = root / "content" / "sources" / draft.source.name
        for path in (source, target):  # what an import killed before left half-written
            remove_stale_temporaries(path)
        atomic_write(source, draft.data)
        atomic_write(target, dump(front_matter(draft, kept), to_markdown(draft.raw)).encode("utf-8"))
        report.append(f"{draft.source}: {what} {shown}{_link_report(draft, target.stem, linked, index)}")
    return report


def _link_report(draft: Draft, slug: str, linked, index: dict[str, str]) -> str:
    notes = []
    if slug in linked.stubs:
        sources = [linked.articles[s].path for s in linked.backlinks.get(slug, ())]
        notes.append(f"replaces stub /artikel/{slug}/ referenced by {', '.join(sources)}")
    keys = [links.title_key(t) for t in draft.raw.related]
    resolved = sum(1 for k in keys if k in index)
    if keys:
        notes.append(f"{len(keys)} related: {resolved} in the dossier, {len(keys) - resolved} not yet (stubs)")
    return "; " + "; ".join(notes) if notes else ""
