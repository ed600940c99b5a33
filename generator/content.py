"""Reading content/ into a Dossier: settings, articles and pages, validated, with file and line in errors."""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, DossierError, error, fail, warning
from generator.frontmatter import load_yaml, split
from generator.model import Article, Dossier, Event, Page, Settings, Source
from generator.slugs import slugify
from generator.textfile import read_text

ARTICLE_KEYS = {"title", "date", "lede", "image_credit", "topics", "related", "aliases", "events", "source"}
PAGE_KEYS = {"title"}
SETTINGS_KEYS = {"title", "description", "language", "base_url", "intro"}
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load(root: Path) -> tuple[Dossier, list[Diagnostic]]:
    """Read the whole dossier; collect every file's errors before failing, so an editor sees them all."""
    content = root / "content"
    if not content.is_dir():
        raise fail(content.name, None, "no-content", f"no content/ folder in {root}; run dossier in a dossier project")
    diagnostics: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    settings = _guard(errors, lambda: load_settings(root, diagnostics))
    articles = []
    for path in markdown_files(content / "articles"):
        article = _guard(errors, lambda: load_article(path, root, diagnostics))
        if article:
            articles.append(article)
    pages = []
    for path in markdown_files(content / "pages"):
        page = _guard(errors, lambda: load_page(path, root, diagnostics))
        if page:
            pages.append(page)
    errors += [d for d in diagnostics if d.level == "error"]
    if errors:
        raise DossierError(errors)
    dossier = Dossier(settings=settings, articles=tuple(articles), pages=tuple(pages))
    return dossier, diagnostics


def markdown_files(folder: Path) -> list[Path]:
    """The .md files of a folder, sorted; editors' temporary and hidden files are not content."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith((".", "#", "~")))


def _guard(errors: list[Diagnostic], load_one):
    try:
        return load_one()
    except DossierError as exc:
        errors.extend(exc.diagnostics)
        return None


def load_settings(root: Path, diagnostics: list[Diagnostic]) -> Settings:
    path = root / "content" / "dossier.yaml"
    shown = "content/dossier.yaml"
    if not path.exists():
        diagnostics.append(warning(shown, None, "no-settings", "missing; using default title and settings"))
        return Settings()
    text = read_text(path, shown)
    data = load_yaml(text, shown)
    for key in sorted(set(data) - SETTINGS_KEYS):
        diagnostics.append(warning(shown, _line_of_key(text, key), "unknown-key", f"unknown setting {key!r} is ignored"))
    fields = {key: _string(data, key, shown, text) for key in sorted(SETTINGS_KEYS & set(data))}
    fields = {k: v for k, v in fields.items() if v}
    if fields.get("language", "de") != "de":
        diagnostics.append(warning(shown, _line_of_key(text, "language"), "language",
                                   "only German ('de') labels and dates are built in"))
    return Settings(path=shown, **fields)


def load_article(path: Path, root: Path, diagnostics: list[Diagnostic]) -> Article:
    shown = path.relative_to(root).as_posix()
    text = read_text(path, shown)
    meta, body, body_line = split(text, shown)
    _unknown_keys(meta, ARTICLE_KEYS, shown, text, diagnostics)
    title = _string(meta, "title", shown, text)
    if not title:
        raise fail(shown, _line_of_key(text, "title") or 1, "no-title", "article has no 'title' in its front matter")
    slug = slugify(path.stem)
    if slug != path.stem:
        diagnostics.append(warning(shown, None, "file-name",
                                   f"file name is not a URL slug; the article is published as /artikel/{slug}/"))
    return Article(
        slug=slug,
        path=shown,
        title=title,
        body=body,
        body_line=body_line,
        date=_date(meta, shown, text),
        lede=_string(meta, "lede", shown, text),
        image_credit=_string(meta, "image_credit", shown, text),
        topics=_strings(meta, "topics", shown, text),
        related=_strings(meta, "related", shown, text),
        aliases=_strings(meta, "aliases", shown, text),
        events=_events(meta, shown, text),
        source=_source(meta, shown, text),
    )


def load_page(path: Path, root: Path, diagnostics: list[Diagnostic]) -> Page:
    shown = path.relative_to(root).as_posix()
    text = read_text(path, shown)
    meta, body, body_line = split(text, shown)
    _unknown_keys(meta, PAGE_KEYS, shown, text, diagnostics)
    title = _string(meta, "title", shown, text)
    if not title:
        raise fail(shown, 1, "no-title", "page has no 'title' in its front matter")
    return Page(slug=slugify(path.stem), path=shown, title=title, body=body, body_line=body_line)


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _unknown_keys(meta: dict, known: set[str], shown: str, text: str, diagnostics: list[Diagnostic]) -> None:
    for key in sorted(map(str, set(meta) - known)):
        diagnostics.append(warning(shown, _line_of_key(text, key), "unknown-key", f"unknown field {key!r} is ignored"))


def _string(meta: dict, key: str, shown: str, text: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise fail(shown, _line_of_key(text, key), "type", f"'{key}' must be text")


def _strings(meta: dict, key: str, shown: str, text: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise fail(shown, _line_of_key(text, key), "type", f"'{key}' must be a list of texts")
    return tuple(s for s in (str(v).strip() for v in value) if s)


def _date(meta: dict, shown: str, text: str) -> str | None:
    value = meta.get("date")
    if value is None or value == "":
        return None
    value = str(value).strip()
    if len(value) != 10 or partial_date(value) is None:
        raise fail(shown, _line_of_key(text, "date"), "date", f"'date' must be a day like 2025-07-13, found {value!r}")
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
            raise fail(shown, line, "event",
                       f"event {i}: date must be like 2024, 2022-02 or 2025-07-12, found {item['date']!r}")
        events.append(Event(date=when, text=str(item["text"]).strip()))
    return tuple(events)


def _source(meta: dict, shown: str, text: str) -> Source | None:
    value = meta.get("source")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("file"), str):
        raise fail(shown, _line_of_key(text, "source"), "type", "'source' must have 'file' and 'sha256'")
    return Source(file=value["file"], sha256=str(value.get("sha256") or ""))
