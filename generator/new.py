"""`dossier new "Titel"`: start an article from scratch, at the URL its stub already has."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator import content, dates, links, redirects
from generator.diagnostics import fail
from generator.files import swap_in
from generator.frontmatter import dump
from generator.slugs import slugify, unique


def new_article(root: Path, title: str, today: date | None = None) -> tuple[str, str]:
    """Write content/articles/<slug>.md with the front matter to fill in; never over an existing file.
    Returns its path (as shown) and a note: the stub it replaces, or ""."""
    title = " ".join(title.split())
    key = links.title_key(title)
    if not key:
        raise fail("dossier new", None, "no-title", 'give the article a title: dossier new "Titel"')
    dossier, _ = content.load(root)
    index, _ = links.title_index(dossier.articles)
    if key in index:
        [existing] = [a for a in dossier.articles if a.slug == index[key]]
        raise fail(existing.path, None, "duplicate-title", f"already has the title {title!r}; edit that article")
    linked, _ = links.link(dossier)
    stub = next((s for s in linked.stubs.values() if s.key == key), None)
    slug = stub.slug if stub else unique(slugify(title) or "artikel", redirects.taken_slugs(linked))
    shown = f"content/articles/{slug}.md"
    day = (today or dates.today()).isoformat()
    meta = {"title": title, "date": day, "added": day, "draft": True, "lede": "", "topics": [],
            "related": []}
    if swap_in(root / shown, dump(meta, "").encode("utf-8"), None) is not None:  # whole, and never over a file
        raise fail(shown, None, "exists", "already exists; edit it, or choose another title")
    if not stub:
        return shown, ""
    sources = ", ".join(linked.articles[s].path for s in linked.backlinks.get(stub.slug, ()))
    return shown, f"takes the place of the stub {stub.url}" + (f", named in {sources}" if sources else "")
