"""The whole dossier on one page, for printing: every article, the chronology and the sources. Each
article's parts (its contents line, section and sources line) are one fragment kept between builds, so
one edit renders one article's parts again."""

from __future__ import annotations

from generator import meta, urls
from generator.plan import PagePlan, Planning
from generator.views import WholeEntry

GATHERS = True


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.WHOLE, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    entries = tuple(_entry(p, s) for s in p.read("articles"))
    return p.page(urls.WHOLE, "print.html", title="Das ganze Dossier", articles=entries, years=p.chronology(),
                  description=meta.whole(p.settings, len(entries)))


def _entry(p: Planning, slug: str) -> WholeEntry:
    article = p.article(slug)
    # Its "Lesen Sie auch" shows the titles of the articles it references: those are inputs of its parts too.
    titles = tuple(("title", r.slug) for r in p.read("refs", slug) if not r.is_stub)
    parts = p.fragment("print-article.html", (("article", slug), ("refs", slug), ("links", "")) + titles,
                       item=_Section(article, slug, p))
    split: list[str] = []
    return WholeEntry(*(_Part(parts, index, split) for index in range(3)))


class _Part:
    """One of the parts print-article.html renders, separated by U+001E (never in escaped text: content
    with control characters is refused). The three parts of an article share one split."""

    def __init__(self, parts, index: int, split: list[str]):
        self._parts, self._index, self._split = parts, index, split

    def __html__(self) -> str:
        if not self._split:
            self._split.extend(self._parts.__html__().split("\x1e"))
        return self._split[self._index]


class _Section:
    """What print-article.html shows of an article; made only when its parts are rendered."""

    def __init__(self, article, slug: str, p: Planning):
        self.article, self._slug, self._p = article, slug, p

    @property
    def body(self):
        return self._p.body(self._slug)

    @property
    def refs(self):
        return self._p.refs(self._slug)
