"""The whole dossier in print as volumes of at most VOLUME articles: a page a browser can still open and
print. A small dossier is one volume; a larger one is split by year, a year too large by month, a month
too large into parts; undated articles form their own volumes. Volumes follow the site's order of
articles (newest first), so an edit to an article re-renders only the volume that holds it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from generator.dates import MONTHS
from generator.model import LinkedDossier

VOLUME = 200  # articles per volume at most
UNDATED = "ohne-datum"


@dataclass(frozen=True)
class Volume:
    key: str  # its URL below /gesamt/: "2025", "2025-07", "2025-07-2", "ohne-datum"; "" for the only one
    label: str  # "2025", "Juli 2025", "Juli 2025, Teil 2", "Ohne Datum"
    slugs: tuple[str, ...]  # its articles, in the site's order


_last: list = [None, ()]  # (graph, volumes): one split per link graph, shared by its pages' facets


def of(linked: LinkedDossier) -> tuple[Volume, ...]:
    """The volumes of the linked dossier; one volume with key "" when every article fits into one."""
    # The order and the dates of the articles are the graph's: link() keeps its objects (refs among
    # them) while its inputs are unchanged, so a body edit does not split the dossier again.
    if _last[0] is not linked.refs:
        _last[:] = [linked.refs, split(((slug, a.date or "") for slug, a in linked.articles.items()), VOLUME)]
    return _last[1]


def split(dated: Iterable[tuple[str, str]], size: int) -> tuple[Volume, ...]:
    """(slug, ISO date or "") in the site's order → volumes of at most `size` articles."""
    dated = list(dated)
    if len(dated) <= size:
        return (Volume("", "", tuple(slug for slug, _ in dated)),)
    found: list[Volume] = []
    for year, members in _groups(dated, lambda date: date[:4] or UNDATED):
        if len(members) <= size or year == UNDATED:
            found += _parts(year, _year_label(year), members, size)
            continue
        for month, in_month in _groups(members, lambda date: date[:7] if len(date) >= 7 else year):
            found += _parts(month, _month_label(month), in_month, size)
    return tuple(found)


def _groups(dated: list[tuple[str, str]], key) -> list[tuple[str, list[tuple[str, str]]]]:
    """Consecutive runs of the same key (the articles are sorted by date, so each key is one run)."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for slug, date in dated:
        name = key(date)
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append((slug, date))
    return groups


def _parts(key: str, label: str, members: list[tuple[str, str]], size: int) -> list[Volume]:
    slugs = [slug for slug, _ in members]
    if len(slugs) <= size:
        return [Volume(key, label, tuple(slugs))]
    return [Volume(f"{key}-{n}", f"{label}, Teil {n}", tuple(slugs[start:start + size]))
            for n, start in enumerate(range(0, len(slugs), size), start=1)]


def _year_label(year: str) -> str:
    return "Ohne Datum" if year == UNDATED else year


def _month_label(month: str) -> str:
    if len(month) == 4:  # dated by year only
        return f"{month}, ohne Monat"
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"
