"""Long lists of articles in pages of PER_PAGE: the home page's, a topic's and an entity's. A reader gets a
page that loads at once, and an edit renders again the one page of a list that shows the article, not a
list of thousands. Later pages sit below the first as Hugo's do: /themen/diplomatie/seite/2/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

PER_PAGE = 100


@dataclass(frozen=True)
class Pager:
    """Where one page of a list stands among the others (for the links between them)."""

    number: int  # from 1
    urls: tuple[str, ...]  # every page's URL, the first the list's own

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def total(self) -> int:
        return len(self.urls)

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None


def count(items: int) -> int:
    """How many pages a list of `items` takes (an empty list still has its first page)."""
    return max(1, -(-items // PER_PAGE))


def url(first: str, number: int) -> str:
    return first if number == 1 else f"{first}seite/{number}/"


def urls_of(first: str, items: int) -> list[str]:
    return [url(first, number) for number in range(1, count(items) + 1)]


def pages(first: str, key: Any, items: int) -> list[tuple[str, tuple[Any, int]]]:
    """The (URL, key) of every page of a list, as pages.Kind.pages gives them; the key with its number."""
    return [(page, (key, number)) for number, page in enumerate(urls_of(first, items), start=1)]


def part(items: Sequence, number: int) -> Sequence:
    return items[(number - 1) * PER_PAGE: number * PER_PAGE]


def pager(first: str, number: int, items: int) -> Pager:
    return Pager(number, tuple(urls_of(first, items)))


def title(text: str, pager: Pager) -> str:
    """A page's title or description, told apart from the first page's by its number."""
    return text if pager.number == 1 else f"{text} (Seite {pager.number} von {pager.total})"
