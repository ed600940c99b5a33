"""The reference graph: title keys, "Lesen Sie auch" resolution, stubs, backlinks, topics."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from generator import entities, redirects
from generator.diagnostics import Diagnostic, error, warning
from generator.model import Article, Dossier, LinkedDossier, Ref, Stub, Topic
from generator.slugs import slugify, unique
from generator.titles import Match, bare, match, title_key  # title_key: most modules ask for it here


def newest_first(articles: list[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones; ties by title, so the order is stable."""
    by_title = sorted(articles, key=lambda a: (title_key(a.title), a.slug))
    dated = sorted((a for a in by_title if a.date), key=lambda a: a.date or "", reverse=True)
    return dated + [a for a in by_title if not a.date]


def title_index(articles: tuple[Article, ...]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Map every title and alias key to its article slug; two articles claiming one key is an error.
    An article's imported title (source.title) also names it when the editor changed its title, so no
    reference breaks; it yields to another article's title or alias."""
    index: dict[str, str] = {}
    owner_path: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for article in articles:  # sorted by slug: the first claim wins, deterministically
        names = [("title", article.title)] + [("alias", a) for a in article.aliases]
        for what, name in names:
            key = title_key(name)
            if not key:
                continue
            if key in index and index[key] != article.slug:
                problems.append(error(article.path, None, "duplicate-title",
                                      f"{what} {name!r} is already the title or alias of {owner_path[key]}"))
                continue
            index[key] = article.slug
            owner_path[key] = article.path
    for article in articles:
        old = old_title(article)
        key = title_key(old)
        if not key:
            continue
        if key in index:
            problems.append(warning(article.path, None, "old-title-taken",
                                    f"its imported title {old!r} now names {owner_path[key]}; change references "
                                    f"meant for this article to {article.title!r}"))
            continue
        index[key] = article.slug
        owner_path[key] = article.path
    return index, problems


def old_title(article: Article) -> str:
    """The article's imported title when the editor has changed it since (else "")."""
    old = article.source.title if article.source else ""
    keys = {title_key(article.title), *map(title_key, article.aliases)}
    return old if title_key(old) and title_key(old) not in keys else ""


def resolve(title: str, index: dict[str, str]) -> Match:
    """Which title key of the index a related title names, tolerating what news sites add (titles.match)."""
    return match(title, index)


def _inputs(dossier: Dossier) -> tuple:
    """Everything the graph reads from the articles: when it is unchanged, so is the graph. `added` too:
    with the date it is the day an article entered the dossier, which ranks the open references
    (openrefs.order), so the graph's version covers that ranking."""
    return (tuple((a.slug, a.path, a.title, a.date, a.added, a.aliases, a.related, a.related_urls, a.topics,
                   a.source and (a.source.title, a.source.url, a.source.outlet)) for a in dossier.articles),
            tuple((d.slug, d.path, d.title, d.aliases, d.source and d.source.url) for d in dossier.drafts))


@dataclass
class LinkMemo:
    """What link() keeps between builds of one process (the live preview): the graph with the inputs it
    was made from, and each article's entity mentions. Reused parts keep identical objects."""

    inputs: tuple | None = None
    graph: LinkedDossier | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    mentions: dict = field(default_factory=dict)
    # Tokens that change whenever the graph, or any article's mentions, do (see LinkedDossier.versions).
    version: str = ""
    mentions_version: str = ""
    kept: entities.Kept | None = None  # the last mentions index, patched by the next (saved with the graph)
    findings: tuple = ()  # review.review() of the graph of `findings_of` (a version)
    findings_of: str = ""


def link(dossier: Dossier, memo: LinkMemo | None = None) -> tuple[LinkedDossier, list[Diagnostic]]:
    """Resolve related titles to articles or stubs; collect backlinks, topics, entity mentions and redirects."""
    memo = memo if memo is not None else LinkMemo()
    inputs = _inputs(dossier)
    if memo.graph is not None and memo.inputs == inputs:  # an edit of a body or lede: same graph
        by_slug = {a.slug: a for a in dossier.articles}
        graph = replace(memo.graph, dossier=dossier, articles={s: by_slug[s] for s in memo.graph.articles})
    else:
        graph, memo.problems = _graph(dossier)
        version = uuid.uuid4().hex
        graph = replace(graph, key_versions=_key_versions(memo.graph, graph, memo.version, version))
        memo.inputs, memo.graph, memo.version = inputs, graph, version
    problems = list(memo.problems) + duplicate_slugs(dossier)
    found = entities.matcher(dossier.entities)
    problems += entities.shared_names(dossier.entities)
    memo.kept = memo.kept or entities.Kept()
    mentions, mentioned_in, changed = entities.index(list(graph.articles.values()), found, memo.mentions, memo.kept)
    if changed or not memo.mentions_version:
        memo.mentions_version = uuid.uuid4().hex
    by_name = sorted(dossier.entities, key=lambda e: (e.name.casefold(), e.kind, e.slug))
    linked = replace(graph, entities={e.slug: e for e in by_name}, mentions=mentions, mentioned_in=mentioned_in,
                     matcher=found, versions=(memo.version, memo.mentions_version))
    moved, found_problems = redirects.index(linked)  # needs every page the site has: after all the rest
    return replace(linked, redirects=moved), problems + found_problems


def _key_versions(old: LinkedDossier | None, new: LinkedDossier, old_version: str, version: str) -> dict[str, str]:
    """The new graph's version per key: `version` where it differs from the old graph, else the key's
    version before (see LinkedDossier.key_versions)."""
    if old is None:
        return {}  # every key has the graph's version
    moved = set(old.articles.keys() ^ new.articles.keys())  # an article became a stub, or left
    for before, now in ((old.refs, new.refs), (old.backlinks, new.backlinks), (old.stubs, new.stubs),
                        (old.topics, new.topics)):
        moved.update(key for key in before.keys() | now.keys() if before.get(key) != now.get(key))
    if (tuple(old.articles) != tuple(new.articles) or tuple(old.stubs) != tuple(new.stubs)
            or tuple(old.topics) != tuple(new.topics)):
        moved.add("")  # which items there are, in which order
    kept = old.key_versions
    return {key: version if key in moved else kept.get(key, old_version)
            for key in (*new.articles, *new.stubs, *new.topics, "")}


def duplicate_slugs(dossier: Dossier) -> list[Diagnostic]:
    """Two files with one URL slug ("Kim Jong.md" and "kim-jong.md"): one page would silently replace the
    other, so it is an error on the second (by file name)."""
    problems = []
    for items in (dossier.articles, dossier.pages, dossier.entities):
        first: dict[str, str] = {}
        for item in items:
            if item.slug in first:
                problems.append(error(item.path, None, "duplicate-slug",
                                      f"has the same URL slug {item.slug!r} as {first[item.slug]}; rename one of them"))
            first.setdefault(item.slug, item.path)
    return problems


def url_index(articles: tuple[Article, ...]) -> dict[str, str]:
    """The web address each imported page was published at (its source.url) -> its article's slug; a related
    entry with that URL names the article whatever its text says. The first article (by slug) wins."""
    index: dict[str, str] = {}
    for article in articles:
        if article.source and article.source.url:
            index.setdefault(article.source.url, article.slug)
    return index


def host(url: str) -> str:
    """"rheinische-rundschau.example" for https://www.rheinische-rundschau.example/politik/…."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _outlets(articles: tuple[Article, ...]) -> dict[str, str]:
    """host -> the outlet an imported article from there names (the first by slug): who publishes a stub's
    original, as far as the dossier knows."""
    found: dict[str, str] = {}
    for article in articles:
        if article.source and article.source.url and article.source.outlet:
            found.setdefault(host(article.source.url), article.source.outlet)
    return found


def _graph(dossier: Dossier) -> tuple[LinkedDossier, list[Diagnostic]]:
    index, problems = title_index(dossier.articles)
    by_url = url_index(dossier.articles)
    outlets = _outlets(dossier.articles)
    taken = {a.slug for a in dossier.articles} | {d.slug for d in dossier.drafts}
    # A title that names a held-back draft is a stub at the draft's URL, the one it is published at.
    drafts = {key: d for d in dossier.drafts for key in map(title_key, (d.title, *d.aliases))
              if key and key not in index}
    draft_by_url = {d.source.url: d for d in dossier.drafts if d.source and d.source.url and d.source.url not in by_url}
    stubs: dict[str, Stub] = {}
    stub_by_key: dict[str, str] = {}
    stub_by_url: dict[str, str] = {}  # an original's URL -> the key of its stub: one stub whatever the texts
    refs: dict[str, tuple[Ref, ...]] = {}
    incoming: dict[str, list[str]] = defaultdict(list)

    for article in dossier.articles:
        out: list[Ref] = []
        seen: set[str] = set()
        for title, url in article.related_entries:
            if url in by_url:  # the article published at that address: whatever the entry's text
                target, is_stub = by_url[url], False
            else:
                found = resolve(title, index)
                key = found.key or title_key(bare(title))
                if not key:
                    continue
                if found.candidates:
                    problems.append(warning(article.path, None, "cut-title",
                                            f"'Lesen Sie auch' title {title!r} is cut short and begins "
                                            f"{len(found.candidates)} titles; write it out in full"))
                if found.key:
                    target, is_stub = index[key], False
                else:
                    target, is_stub = _stub(title, url, key, stubs, stub_by_key, stub_by_url, drafts, draft_by_url,
                                            taken, outlets), True
            if target == article.slug and not is_stub:
                problems.append(warning(article.path, None, "self-reference",
                                        f"'Lesen Sie auch' names the article itself: {title!r}"))
            if target in seen:
                continue  # the same article listed twice links once
            seen.add(target)
            out.append(Ref(title=title, slug=target, is_stub=is_stub))
            if target != article.slug:
                incoming[target].append(article.slug)
        refs[article.slug] = tuple(out)

    ordered = newest_first(list(dossier.articles))
    rank = {a.slug: i for i, a in enumerate(ordered)}
    backlinks = {slug: tuple(sorted(set(src), key=rank.__getitem__)) for slug, src in sorted(incoming.items())}
    graph = LinkedDossier(
        dossier=dossier,
        articles={a.slug: a for a in ordered},
        stubs=dict(sorted(stubs.items())),
        refs=refs,
        backlinks=backlinks,
        topics=_topics(ordered),
    )
    return graph, problems


def _stub(title: str, url: str, key: str, stubs: dict[str, Stub], stub_by_key: dict[str, str],
          stub_by_url: dict[str, str], drafts: dict[str, Article], draft_by_url: dict[str, Article],
          taken: set[str], outlets: dict[str, str]) -> str:
    """The slug of the stub an entry names: the one of its URL, else of its title (made on first mention,
    its slug from the first title, so a URL added later never moves it); it remembers the first URL given."""
    if url in stub_by_url:
        key = stub_by_url[url]
    elif (same := match(title, stub_by_key)).key and same.how != "cut":
        key = same.key  # "X (Plus)" or "Kicker: X" after a stub "X": one stub
    if key not in stub_by_key:
        draft = drafts.get(key) or draft_by_url.get(url)
        slug = draft.slug if draft else unique(slugify(bare(title)), taken)
        stub_by_key[key] = slug
        stubs.setdefault(slug, Stub(slug=slug, title=bare(title), key=key, draft=draft.path if draft else ""))
    slug = stub_by_key[key]
    if url:
        stub_by_url.setdefault(url, key)
        if not stubs[slug].original:
            stubs[slug] = replace(stubs[slug], original=url, outlet=outlets.get(host(url)) or host(url))
    return slug


def _topics(ordered: list[Article]) -> dict[str, Topic]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for article in ordered:
        for name in article.topics:
            slug = slugify(name)
            spellings[slug][name] += 1
            if not members[slug] or members[slug][-1] != article.slug:  # a topic listed twice counts once
                members[slug].append(article.slug)
    # "Ukraine-Krieg" and "ukraine-krieg" are one topic, shown as its most used (then capitalised) spelling.
    names = {slug: max(c, key=lambda n: (c[n], n != n.lower(), n)) for slug, c in spellings.items()}
    topics = [Topic(slug=s, name=names[s], articles=tuple(members[s])) for s in names]
    return {t.slug: t for t in sorted(topics, key=lambda t: (t.name.casefold(), t.slug))}

