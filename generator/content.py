"""Reading content/ into a Dossier: settings, articles and pages, validated, with file and line in errors."""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import replace
import re
import time
from datetime import date as Date
from pathlib import Path
from typing import Any

from generator import bodylinks, redirects, urls, words
from generator.dates import iso_guess
from generator.diagnostics import Diagnostic, DossierError, error, fail, warning
from generator.files import Signature, Signatures, trusted_before
from generator.frontmatter import load_yaml, split
from generator.model import Article, Dossier, Entity, Event, MenuLink, Page, Settings, Source
from generator.slugs import slugify
from generator.textfile import decode

ARTICLE_KEYS = {"title", "kicker", "author", "date", "added", "updated", "lede", "image_credit", "image", "alt", "draft",
                "topics", "related", "aliases", "events", "source", "redirect_from"}
PAGE_KEYS = {"title"}
ENTITY_KEYS = {"name", "kind", "aliases"}
# Editors may write the kind in German too.
_KIND_NAMES = {"person": "person", "place": "place", "organisation": "organisation",
               "organization": "organisation", "ort": "place"}
SETTINGS_KEYS = {"title", "description", "language", "base_url", "intro", "footer", "menu"}
MENU_KEYS = {"title", "url", "where"}
MENU_PLACES = ("header", "footer")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# A file's parse result, kept between loads (in the live preview, and on disk by state.py). A file whose
# size, mtime and inode are unchanged is not even read, unless it had been saved within seconds of being
# read: a second save in the same clock tick keeps the mtime ("racy git"), so it is read and compared
# by hash.
Memo = dict[str, tuple[Signature | None, str, Any, tuple[Diagnostic, ...], tuple[Diagnostic, ...]]]


def require_project(root: Path) -> None:
    """Fail, saying what to do, unless `root` is a dossier project's folder (it holds content/)."""
    if not root.is_dir():
        problem = "not a folder" if root.exists() else "no such folder"
        raise fail(root, None, "no-folder", f"{problem}; give -C the folder of a dossier project")
    if not (root / "content").is_dir():
        raise fail("content", None, "no-content", f"no content/ folder in {root}; run dossier in a dossier project")


def load(root: Path, memo: Memo | None = None, changed: set[str] | None = None,
         scanned: Signatures | None = None) -> tuple[Dossier, list[Diagnostic]]:
    """Read the whole dossier; collect every file's errors before failing, so an editor sees them all.
    `changed`: the files that may have changed since the memo's parses (a watcher's events), so the
    others are not even looked at; None: any may have. `scanned`: the files' signatures as a scan just
    before found them (uptodate.scan), so that no file is asked twice."""
    require_project(root)
    content = root / "content"
    memo = memo if memo is not None else {}
    diagnostics: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    seen: set[str] = set()
    # A signature is trusted for a file older than RACY_SECONDS when it was taken (by the scan, if any).
    racy_after = trusted_before(scanned.taken if scanned else time.time())
    # Content stays inside content/: a symbolic link (or a linked folder) leading out of it is refused.
    # Only links cost a real-path lookup.
    real_content = os.path.realpath(content)
    linked_folders = any(os.path.islink(content / name) for name in ("articles", "pages", "entities"))

    def each(files: list[tuple[str, os.DirEntry | Path]], parse) -> list:
        results = []
        for shown, entry in files:
            seen.add(shown)
            if (linked_folders or entry.is_symlink()) and \
                    os.path.commonpath([os.path.realpath(entry), real_content]) != real_content:
                errors.append(error(shown, None, "symlink", "a symbolic link leads outside content/; "
                                                            "copy the file into content/ instead"))
                continue
            cached = memo.get(shown) if changed is not None and shown not in changed else None
            result, warnings, problems = cached[2:] if cached else _load_file(entry, shown, parse, memo, racy_after,
                                                                              scanned and scanned.of.get(shown))
            diagnostics.extend(warnings)
            errors.extend(problems)
            if result is not None:
                results.append(result)
        return results

    settings_path = content / "dossier.yaml"
    if settings_path.exists():
        [settings] = each([("content/dossier.yaml", settings_path)], parse_settings) or [Settings()]
    else:
        settings = Settings()
        diagnostics.append(warning("content/dossier.yaml", None, "no-settings", "missing; using default title"))
    articles = each(markdown_files(content / "articles", "content/articles/"), parse_article)
    pages = each(markdown_files(content / "pages", "content/pages/"), parse_page)
    entities = each(markdown_files(content / "entities", "content/entities/"), parse_entity)
    for gone in set(memo) - seen:
        del memo[gone]
    if errors:  # with the warnings: `check` shows all that is wrong at once
        raise DossierError(errors, warnings=diagnostics)
    dossier = Dossier(settings=settings, articles=tuple(articles), pages=tuple(pages), entities=tuple(entities))
    return dossier, diagnostics


def _load_file(entry: os.DirEntry | Path, shown: str, parse, memo: Memo, racy_after: float,
               signature: Signature | None = None):
    """(result or None, warnings, errors) for one file, from the memo when it did not change."""
    try:
        if signature is None:
            stat = entry.stat()
            signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = memo.get(shown)
        if cached and cached[0] == signature and signature[0] < racy_after:
            return cached[2:]
        with open(entry, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, (), (error(shown, None, "unreadable", f"cannot read: {exc.strerror}"),)
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    trusted = signature if signature[0] < racy_after else None
    if cached and cached[1] == key:
        memo[shown] = (trusted, *cached[1:])
        return cached[2:]
    warnings: list[Diagnostic] = []
    try:
        result = parse(decode(data, shown), shown, shown.rsplit("/", 1)[-1][:-3], warnings)
        if isinstance(result, Article):
            result = replace(result, fingerprint=hashlib.blake2b(shown.encode() + b"\0" + data,
                                                                  digest_size=16).hexdigest())
        problems: tuple[Diagnostic, ...] = ()
    except DossierError as exc:
        result, problems = None, tuple(exc.diagnostics)
    # A file saved within the last seconds may change again without its mtime moving: next time it is
    # read and compared by hash, not trusted by its signature (`trusted` above).
    memo[shown] = (trusted, key, result, tuple(warnings), problems)
    return result, tuple(warnings), problems


def markdown_files(folder: Path, prefix: str) -> list[tuple[str, os.DirEntry]]:
    """(shown path, entry) for the .md files of a folder, sorted; editors' temporary and hidden files are
    not content."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        found = [(prefix + e.name, e) for e in entries
                 if e.name.endswith(".md") and not e.name.startswith((".", "#", "~")) and e.is_file()]
    return sorted(found, key=lambda item: item[0])


def parse_settings(text: str, shown: str, _stem: str, diagnostics: list[Diagnostic]) -> Settings:
    data = load_yaml(text, shown)
    _unknown_keys(data, SETTINGS_KEYS, shown, text, diagnostics, what="setting")
    fields: dict[str, Any] = {key: _string(data, key, shown, text) for key in sorted(SETTINGS_KEYS & set(data) - {"menu"})}
    fields = {k: v for k, v in fields.items() if v}
    if data.get("menu") is not None:
        fields["menu"] = _menu(data["menu"], shown, text, diagnostics)
    if fields.get("language", "de") != "de":
        diagnostics.append(warning(shown, _line_of_key(text, "language"), "language",
                                   "only German ('de') labels and dates are built in"))
    return Settings(path=shown, **fields)


def _menu(value: Any, shown: str, text: str, diagnostics: list[Diagnostic]) -> tuple[MenuLink, ...]:
    """`menu:` in dossier.yaml: a list of {title, url, where}; each mistake an error at its line."""
    line = _line_of_key(text, "menu")
    if not isinstance(value, list):
        raise fail(shown, line, "menu", "'menu' must be a list of links, each with 'title' and 'url'")
    links, starts = [], _item_lines(text, line)
    for number, item in enumerate(value, start=1):
        where = starts[number - 1] if number <= len(starts) else line
        if not isinstance(item, dict):
            raise fail(shown, where, "menu", f"menu link {number} must have 'title' and 'url', e.g. "
                                             "{title: Impressum, url: /seiten/impressum/}")
        _unknown_keys(item, MENU_KEYS, shown, text, diagnostics, what="menu field")
        title, url = (str(item.get(k) or "").strip() for k in ("title", "url"))
        place = str(item.get("where") or "footer").strip()
        if not title or not url:
            raise fail(shown, where, "menu", f"menu link {number} needs a 'title' and a 'url'")
        if not (url.startswith("/") and not url.startswith("//")) and not re.match(r"https?://[^/\s]", url):
            raise fail(shown, where, "menu", f"menu link {number}: url {url!r} must be a path of this site "
                                             "(/seiten/impressum/) or an address starting with https://")
        if place not in MENU_PLACES:
            raise fail(shown, where, "menu", f"menu link {number}: where {place!r} must be header or footer")
        links.append(MenuLink(title=title, url=url, where=place, line=where))
    return tuple(links)


def _item_lines(text: str, key_line: int | None) -> list[int]:
    """The lines where the items of a block list under the key at `key_line` start ("- …" at one indent)."""
    found, indent = [], None
    for number, line in enumerate(text.split("\n")[key_line or 0:], start=(key_line or 0) + 1):
        stripped = line.lstrip()
        if line and not line[0].isspace() and not stripped.startswith("-"):
            break  # the next top-level key
        if stripped.startswith("- ") and indent in (None, len(line) - len(stripped)):
            indent = len(line) - len(stripped)
            found.append(number)
    return found


def parse_article(text: str, shown: str, stem: str, diagnostics: list[Diagnostic]) -> Article:
    meta, body, body_line = split(text, shown)
    _unknown_keys(meta, ARTICLE_KEYS, shown, text, diagnostics)
    title = _required(meta, "title", shown, text, "article")
    slug = slugify(stem)
    if slug != stem:
        diagnostics.append(warning(shown, None, "file-name",
                                   f"file name is not a URL slug; the article is published as {urls.article(slug)}"))
    redirect_from, redirect_lines = _redirects(meta, shown, text, diagnostics)
    image, alt = _image(meta, shown, text), _string(meta, "alt", shown, text)
    if image and not alt:
        diagnostics.append(warning(shown, _line_of_key(text, "image"), "no-alt",
                                   "the image has no 'alt'; add alt: with what it shows, for readers who cannot "
                                   "see it"))
    if alt and not image:
        diagnostics.append(warning(shown, _line_of_key(text, "alt"), "alt-without-image",
                                   "'alt' describes the article's image, and it has none; add image: or remove alt"))
    draft = _flag(meta, "draft", shown, text)
    related, related_urls = _related(meta, shown, text)
    if not draft and not body.strip():
        diagnostics.append(warning(shown, None, "empty-body", "has no text below its front matter; write it, or "
                                                              "add draft: true to keep it out of the build"))
    return Article(
        slug=slug,
        path=shown,
        title=title,
        body=body,
        body_line=body_line,
        date=_date(meta, shown, text),
        added=_date(meta, shown, text, "added"),
        updated=_date(meta, shown, text, "updated"),
        lede=_string(meta, "lede", shown, text),
        kicker=_string(meta, "kicker", shown, text),
        author=_string(meta, "author", shown, text),
        image_credit=_string(meta, "image_credit", shown, text),
        image=image,
        alt=alt,
        image_line=_line_of_key(text, "image"),
        draft=draft,
        topics=_strings(meta, "topics", shown, text, diagnostics),
        related=related,
        related_urls=related_urls,
        aliases=_strings(meta, "aliases", shown, text, diagnostics),
        events=_events(meta, shown, text),
        source=_source(meta, shown, text),
        redirect_from=redirect_from,
        redirect_lines=redirect_lines,
        links=bodylinks.addresses(body, body_line),
    )


def parse_page(text: str, shown: str, stem: str, diagnostics: list[Diagnostic]) -> Page:
    meta, body, body_line = split(text, shown)
    _unknown_keys(meta, PAGE_KEYS, shown, text, diagnostics)
    title = _required(meta, "title", shown, text, "page")
    return Page(slug=slugify(stem), path=shown, title=title, body=body, body_line=body_line,
                links=bodylinks.addresses(body, body_line))


def parse_entity(text: str, shown: str, stem: str, diagnostics: list[Diagnostic]) -> Entity:
    meta, body, body_line = split(text, shown)
    _unknown_keys(meta, ENTITY_KEYS, shown, text, diagnostics)
    name = _required(meta, "name", shown, text, "entity")
    kind = _KIND_NAMES.get(_string(meta, "kind", shown, text).lower())
    if kind is None:
        raise fail(shown, _line_of_key(text, "kind") or 1, "kind",
                   "'kind' must be person, place or organisation (Person, Ort, Organisation)")
    aliases = _strings(meta, "aliases", shown, text, diagnostics)
    for alias in words.common_aliases(name, aliases):
        diagnostics.append(warning(shown, _line_of_key(text, "aliases"), "common-alias",
                                   f"alias {alias!r} is a common German word: every {alias!r} in the dossier "
                                   "would link here; use a longer alias that only this entity has"))
    return Entity(slug=slugify(stem), path=shown, name=name, kind=kind, aliases=aliases, body=body,
                  body_line=body_line, links=bodylinks.addresses(body, body_line))


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _unknown_keys(meta: dict, known: set[str], shown: str, text: str, diagnostics: list[Diagnostic],
                  what: str = "field") -> None:
    for key in sorted(map(str, set(meta) - known)):
        close = difflib.get_close_matches(key.lower(), sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "check its spelling, or remove it"
        diagnostics.append(warning(shown, _line_of_key(text, key), "unknown-key",
                                   f"unknown {what} {key!r} is ignored; {hint}"))


def _required(meta: dict, key: str, shown: str, text: str, what: str) -> str:
    value = _string(meta, key, shown, text)
    if not value:
        raise fail(shown, _line_of_key(text, key) or 1, f"no-{key}", f"{what} has no '{key}' in its front matter")
    return value


def _is_text(value: object) -> bool:
    """A YAML scalar an editor meant as text: a string, or a number YAML read as one (not true/false)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _string(meta: dict, key: str, shown: str, text: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if _is_text(value):
        return str(value).strip()
    raise fail(shown, _line_of_key(text, key), "type", f"'{key}' must be text")


def _image(meta: dict, shown: str, text: str) -> str:
    """The name of the article's image below content/images/ ("kim.jpg"); the folder may be written too."""
    name = _string(meta, "image", shown, text).replace("\\", "/")
    for prefix in ("content/images/", "images/", "/bilder/"):
        name = name.removeprefix(prefix)
    if name and (name.startswith("/") or "://" in name or any(p in ("", ".", "..") for p in name.split("/"))):
        raise fail(shown, _line_of_key(text, "image"), "image-path",
                   f"'image' must name a file in content/images/, like image: kim.jpg; found {name!r}")
    return name


def _flag(meta: dict, key: str, shown: str, text: str) -> bool:
    value = meta.get(key, False)
    if value is None or isinstance(value, bool):
        return bool(value)
    raise fail(shown, _line_of_key(text, key), "type", f"'{key}' must be true or false, found {value!r}")


def held_back(dossier: Dossier, drafts: bool) -> Dossier:
    """The dossier a build publishes: without its drafts (they are kept aside, so that references to
    them become stubs at their URLs), or with them (`build --drafts`, `serve`)."""
    if drafts or not any(a.draft for a in dossier.articles):
        return dossier
    return replace(dossier, articles=tuple(a for a in dossier.articles if not a.draft),
                   drafts=tuple(a for a in dossier.articles if a.draft))


def _strings(meta: dict, key: str, shown: str, text: str,
             diagnostics: list[Diagnostic] | None = None) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        if "," in value and diagnostics is not None:  # "topics: A, B" is one topic named "A, B"
            diagnostics.append(warning(shown, _line_of_key(text, key), "not-a-list",
                                       f"'{key}' is one text with commas, so it counts as one; write a list: "
                                       f"{key}: [{value.strip()}]"))
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise fail(shown, _line_of_key(text, key), "type", f"'{key}' must be a list of texts")
    return tuple(s for s in (str(v).strip() for v in value) if s)


RELATED_KEYS = ("title", "url")


def _related(meta: dict, shown: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`related:` as its titles and their URLs ("" where none; () when no entry has one). An entry is a
    title (a title may have a comma) or a mapping `title: …` with `url: https://…`, where the page gave one."""
    value = meta.get("related")
    if not isinstance(value, list):
        return _strings(meta, "related", shown, text), ()
    key_line = _line_of_key(text, "related")
    starts = _item_lines(text, key_line)
    titles, found = [], []
    for number, item in enumerate(value, start=1):
        where = starts[number - 1] if number <= len(starts) else key_line
        if _is_text(item):
            title, url = str(item).strip(), ""
        elif isinstance(item, dict):
            unknown = sorted(str(k) for k in item if k not in RELATED_KEYS)
            if unknown:
                raise fail(shown, where, "related", f"related entry {number} has an unknown field {unknown[0]!r}; "
                                                    "an entry has a title and, if known, a url")
            title, url = item.get("title"), item.get("url")
            if not _is_text(title) or not str(title).strip():
                raise fail(shown, where, "related", f"related entry {number} has no 'title'; write it as "
                                                    "title: \"…\" with url: https://… below it")
            if url is not None and not isinstance(url, str):
                raise fail(shown, where, "related", f"related entry {number}: 'url' must be an address like "
                                                    "https://www.example.de/artikel.html")
            title, url = str(title).strip(), (url or "").strip()
            if url and not _WEB_URL.match(url):
                raise fail(shown, where, "related", f"related entry {number}: url {url!r} must be an address "
                                                    "starting with https:// or http://")
        else:
            raise fail(shown, where, "related", f"related entry {number} must be a title, or title: and url:")
        if title:
            titles.append(title)
            found.append(url)
    return tuple(titles), tuple(found) if any(found) else ()


def _redirects(meta: dict, shown: str, text: str,
               diagnostics: list[Diagnostic]) -> tuple[tuple[str, ...], tuple[int | None, ...]]:
    """The old site paths of a renamed article, each with its line (whether they clash with other pages
    is known only once the dossier is linked: redirects.index)."""
    key_line = _line_of_key(text, "redirect_from")
    written = meta.get("redirect_from")
    if isinstance(written, str) and "," in written:  # no site path has a comma: the editor meant a list
        diagnostics.append(warning(shown, key_line, "not-a-list", f"'redirect_from' is one text with commas, read "
                                   f"as the paths between them; write a list: redirect_from: [{written.strip()}]"))
        values = tuple(v.strip() for v in written.split(",") if v.strip())
    else:
        values = _strings(meta, "redirect_from", shown, text)
    lines = text.split("\n")
    paths, found_lines = [], []
    for value in values:
        # The first line from the key on that holds the path whole: its own in a block list, the key's in [a, b].
        whole = re.compile(rf"(?<![\w/.~-]){re.escape(value)}(?![\w/.~-])")
        line = next((n + 1 for n in range((key_line or 1) - 1, len(lines)) if whole.search(lines[n])), key_line)
        try:
            paths.append(redirects.site_path(value))
        except ValueError as exc:
            raise fail(shown, line, "redirect-path", f"redirect_from {value!r} is not a site path: {exc}")
        found_lines.append(line)
    return tuple(paths), tuple(found_lines)


def _date(meta: dict, shown: str, text: str, key: str = "date") -> str | None:
    """A day (YYYY-MM-DD) that exists: `date`, `added` or `updated`."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    value = str(value).strip()
    if len(value) != 10 or partial_date(value) is None:
        guess = iso_guess(value)
        meant = f"; did you mean {guess}?" if guess and len(guess) == 10 else ""
        raise fail(shown, _line_of_key(text, key), "date",
                   f"'{key}' must be a day like 2025-07-13, found {value!r}{meant}")
    return value


def partial_date(value: Any) -> str | None:
    """'2024', '2022-02' or '2025-07-12' (checked to exist), else None."""
    value = str(value).strip()
    if not _PARTIAL_DATE.match(value):
        return None
    year, month, day = (value.split("-") + [None, None])[:3]
    try:
        Date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return value


def _events(meta: dict, shown: str, text: str) -> tuple[Event, ...]:
    value = meta.get("events")
    if value is None:
        return ()
    line = _line_of_key(text, "events")
    if not isinstance(value, list):
        raise fail(shown, line, "type", "'events' must be a list of {date, text}")
    events = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not item.get("text") or item.get("date") in (None, ""):
            raise fail(shown, line, "event", f"event {i} needs a 'date' and a 'text'")
        when = partial_date(item["date"])
        if when is None:
            guess = iso_guess(str(item["date"]))
            raise fail(shown, line, "event", f"event {i}: date must be like 2024, 2022-02 or 2025-07-12, found "
                                             f"{item['date']!r}" + (f"; did you mean {guess}?" if guess else ""))
        events.append(Event(date=when, text=str(item["text"]).strip()))
    return tuple(events)


def _source(meta: dict, shown: str, text: str) -> Source | None:
    value = meta.get("source")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("file"), str):
        raise fail(shown, _line_of_key(text, "source"), "type", "'source' must have 'file' and 'sha256'")
    title = value.get("title")  # the title as imported; older files have none
    if title is not None and not _is_text(title):
        raise fail(shown, _line_of_key(text, "source"), "type", "'source' 'title' must be text")
    found = {}
    for key in ("url", "outlet", "author", "published", "retrieved"):  # a web page's provenance
        item = value.get(key)
        if item in (None, ""):
            continue
        if not isinstance(item, str):
            raise fail(shown, _line_of_key(text, "source"), "type", f"'source' '{key}' must be text")
        found[key] = item.strip()
    if found.get("url") and not _WEB_URL.match(found["url"]):
        raise fail(shown, _line_of_key(text, "source"), "type",
                   f"'source' 'url' must be an http(s):// address, found {found['url']!r}")
    for key in ("published", "retrieved"):
        if found.get(key) and not _ISO_WHEN.match(found[key]):
            raise fail(shown, _line_of_key(text, "source"), "type", f"'source' '{key}' must be a date like "
                                                                    f"2025-07-13 or 2025-07-13T14:32, found {found[key]!r}")
    return Source(file=value["file"], sha256=str(value.get("sha256") or ""),
                  title=str(title).strip() if title is not None else "", **found)


_WEB_URL = re.compile(r"^https?://[^\s/]+\S*$")
_ISO_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
