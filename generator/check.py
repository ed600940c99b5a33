"""`dossier check`: what an editor should look at: errors, stubs, near-miss titles, undated articles."""

from __future__ import annotations

from pathlib import Path

from generator import content, links, urls
from generator.diagnostics import Diagnostic, info, warning
from generator.model import LinkedDossier
from generator.slugs import slugify


def check(root: Path) -> list[Diagnostic]:
    """All findings, errors first. Raises DossierError when content cannot be read at all."""
    dossier, found = content.load(root)
    linked, link_found = links.link(dossier)
    found = found + link_found
    for stub, article in links.near_misses(linked):
        for source in linked.backlinks.get(stub.slug, ()):
            found.append(warning(linked.articles[source].path, None, "near-miss",
                                 f"'Lesen Sie auch' title {stub.title!r} does not match, but is close to "
                                 f"{article.title!r} ({article.path}); add it to that article's aliases if it is meant"))
    # Two spellings with one slug ("Kim & Xi", "Kim - Xi") get /artikel/kim-xi/ and /artikel/kim-xi-2/.
    owners = {a.slug: f"{a.title!r} ({a.path})" for a in linked.articles.values()}
    owners.update({s.slug: repr(s.title) for s in linked.stubs.values()})
    for stub in linked.stubs.values():
        wanted = slugify(stub.title)
        if stub.slug != wanted and wanted in owners:
            for source in linked.backlinks.get(stub.slug, ()):
                found.append(warning(linked.articles[source].path, None, "stub-slug",
                                     f"'Lesen Sie auch' title {stub.title!r} gets {stub.url} because "
                                     f"{owners[wanted]} has {urls.article(wanted)}; if both mean one article, "
                                     "use one spelling or add an alias"))
    found += old_titles(linked)
    for stub in linked.stubs.values():
        sources = ", ".join(linked.articles[s].path for s in linked.backlinks.get(stub.slug, ()))
        found.append(info(stub.url, None, "stub",
                          f"not yet in the dossier: {stub.title!r}, referenced by {sources}"))
    for article in linked.articles.values():
        if not article.date:
            found.append(warning(article.path, None, "no-date", "article has no 'date'; it is listed after dated ones"))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda d: (order[d.level], d.path, d.line or 0, d.code, d.message))


def old_titles(linked: LinkedDossier) -> list[Diagnostic]:
    """References that still use an article's imported title after the editor changed it: they resolve
    (the imported title is an implicit alias), but name the article by a title it no longer has."""
    index, _ = links.title_index(linked.dossier.articles)
    found = []
    for article in linked.dossier.articles:
        for title in article.related:
            target = linked.articles.get(index.get(links.title_key(title), ""))
            if target and links.title_key(title) == links.title_key(links.old_title(target)):
                found.append(warning(article.path, None, "old-title",
                                     f"'Lesen Sie auch' title {title!r} is the old title of {target.path} "
                                     f"(now {target.title!r}); update it"))
    return found
