"""What an editor should look at in the linked dossier as a whole: near-miss titles, stub slugs that
collide, references by an old title, undated articles, and the stubs themselves. `build`, `serve` and
`check` show the same findings (site.py computes them once per link graph)."""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

from generator import links, urls
from generator.diagnostics import Diagnostic, info, warning
from generator.model import Article, LinkedDossier, Stub
from generator.slugs import slugify

COMMON = 64  # a word pair in more titles than this tells too little to find a near miss by


def review(linked: LinkedDossier) -> list[Diagnostic]:
    """Every finding, each cause once (a stub that is a near miss is not also reported for its slug)."""
    misses = near_misses(linked)
    found = [_near_miss(linked, stub, article) for stub, article in misses]
    found += stub_slugs(linked, skip={stub.slug for stub, _ in misses})
    found += old_titles(linked)
    found += [warning(a.path, None, "no-date", "no 'date': listed after the dated articles; add date: YYYY-MM-DD")
              for a in linked.articles.values() if not a.date]
    found += [info(stub.url, None, "stub", f"a draft, not published yet: {_quote(stub.title)} ({stub.draft})"
                   if stub.draft else f"not in the dossier yet: {_quote(stub.title)}")
              for stub in linked.stubs.values()]
    return found


def drafts(linked: LinkedDossier) -> list[Diagnostic]:
    """Every draft, whether this build holds it back or shows it (`serve`, `build --drafts`). Not part of
    review(): where drafts are built, making one is no change of the graph that review() is kept for."""
    held = [info(d.path, None, "draft", "draft, not built: `dossier serve` shows it, `dossier build --drafts` "
                                        "publishes it; remove 'draft: true' to publish it")
            for d in linked.dossier.drafts]
    return held + [info(a.path, None, "draft", "draft, built and marked „Entwurf“; remove 'draft: true' to "
                                               "publish it") for a in linked.dossier.articles if a.draft]


def dead_urls(linked: LinkedDossier, published: Iterable[str],
              said: str = "the last build published this URL") -> list[Diagnostic]:
    """Article URLs published before that this build would not have (a renamed or deleted file): links to
    them from elsewhere would end on "not found". `published` holds output paths: the last build's
    manifest of pages, or the live site's sitemap (published.py), as `said` tells."""
    prefix, suffix = urls.output_path(urls.article("\0")).split("\0")  # "artikel/", "/index.html"
    gone = sorted(path for path in published if path.startswith(prefix) and path.endswith(suffix)
                  and (slug := path[len(prefix):-len(suffix)]) not in linked.articles and slug not in linked.stubs
                  and "/" + path.removesuffix("index.html") not in linked.redirects)
    if not gone:
        return []
    new = [a for a in linked.articles.values() if urls.output_path(a.url) not in published]
    where = f"to {new[0].path}" if len(new) == 1 else "to the article that replaces it"
    drafts = {urls.article(d.slug): d.path for d in linked.dossier.drafts}
    found = []
    for path in gone:
        url = "/" + path.removesuffix("index.html")
        heir = _heir(linked, path[len(prefix):-len(suffix)])
        if url in drafts:
            advice = f"{drafts[url]} is a draft; remove its draft: true to keep the URL"
            found.append(warning(url, None, "dead-url", f"{said} and this build drops it: {advice}"))
            continue
        if isinstance(heir, Article):
            advice = f"it was numbered beside {heir.url} ({heir.path}); if it meant that article, add " \
                     f"redirect_from: [{url}] to it"
        elif heir:
            advice = f"it was numbered beside the stub {heir.url}; if it meant that article, add " \
                     f"redirect_from: [{url}] to it when it is imported"
        else:
            advice = f"if the article was renamed, add redirect_from: [{url}] {where}"
        found.append(warning(url, None, "dead-url", f"{said} and this build drops it; {advice}"))
    return found


def _heir(linked: LinkedDossier, slug: str) -> Article | Stub | None:
    """The article a dropped numbered URL was probably meant for: a stub got /artikel/kim-xi-2/ because
    the article at /artikel/kim-xi/ had its slug, and is gone once its title leads there (the editor added
    the alias the stub-slug warning suggests, or wrote the title as the article does)."""
    base = re.sub(r"-[0-9]+$", "", slug)
    return (linked.articles.get(base) or linked.stubs.get(base)) if base != slug else None


def near_misses(linked: LinkedDossier, cutoff: float = 0.85) -> list[tuple[Stub, Article]]:
    """Stubs whose title is close to an existing article's: probably a typo or a changed headline.

    Compared only with titles that share words with it (two word pairs, or a word for titles of up to
    three words), so 10,000 articles and 15,000 stubs are checked in about a second, not minutes."""
    by_key = {links.title_key(a.title): a for a in linked.articles.values()}
    postings: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        for feature in _features(key) | set(key.split()):  # a short stub title is looked up by its words
            postings[feature].append(key)
    found = []
    for stub in linked.stubs.values():
        features = _features(stub.key)
        shared = Counter(key for feature in features
                         if len(hits := postings.get(feature, ())) <= COMMON for key in hits)
        needed = 1 if len(stub.key.split()) <= 3 else 2
        candidates = sorted(key for key, count in shared.items() if count >= needed)
        match = candidates and difflib.get_close_matches(stub.key, candidates, n=1, cutoff=cutoff)
        if match:
            found.append((stub, by_key[match[0]]))
    return found


def _features(key: str) -> set[str]:
    words = key.split()
    if len(words) <= 3:
        return set(words)
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def _near_miss(linked: LinkedDossier, stub: Stub, article: Article) -> Diagnostic:
    return warning(article.path, None, "near-miss",
                   f"'Lesen Sie auch' title {_quote(stub.title)} in {_files(linked, stub.slug)} is close to this "
                   f"title; if it means this article, add: aliases: [{_quote(stub.title)}]")


def stub_slugs(linked: LinkedDossier, skip: set[str] = frozenset()) -> list[Diagnostic]:
    """Two spellings with one slug ("Kim & Xi", "Kim - Xi") get /artikel/kim-xi/ and /artikel/kim-xi-2/."""
    found = []
    for stub in linked.stubs.values():
        if stub.slug in skip or stub.draft or stub.slug == (wanted := slugify(stub.title)):
            continue
        owner = linked.articles.get(wanted) or linked.stubs.get(wanted)
        sources = linked.backlinks.get(stub.slug, ())
        if owner and sources:
            # The alias makes the title lead to the article wherever it is written so; two stubs have no
            # file to put one in.
            advice = (f"; if it means that article, add aliases: [{_quote(stub.title)}] to {owner.path}"
                      if isinstance(owner, Article) else "; if both mean one article, write them one way")
            found.append(warning(linked.articles[sources[0]].path, None, "stub-slug",
                                 f"'Lesen Sie auch' title {_quote(stub.title)} gets {stub.url}, as "
                                 f"{urls.article(wanted)} is {_quote(owner.title)}{advice}"))
    return found


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
                                     f"'Lesen Sie auch' title {_quote(title)} is the old title of {target.path}; "
                                     f"change it to {_quote(target.title)}"))
    return found


def _files(linked: LinkedDossier, slug: str) -> str:
    """The files that name a stub, by name: "a.md", "a.md, b.md", "a.md and 3 more"."""
    names = sorted(Path(linked.articles[s].path).name for s in linked.backlinks.get(slug, ()))
    return ", ".join(names) if len(names) <= 2 else f"{names[0]} and {len(names) - 1} more"


def _quote(text: str) -> str:
    """A title as YAML and a reader both take it: in double quotes, inner quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
