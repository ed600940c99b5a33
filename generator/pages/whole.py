"""The whole dossier for printing: every article, the chronology and the sources, at /gesamt/; a larger
dossier as volumes (volumes.py) at /gesamt/<key>/ with their contents at /gesamt/. Each article's parts
(its contents line, section and sources line) are one fragment kept between builds, so one edit renders
one article's parts again, in the one volume that holds it."""

from __future__ import annotations

from generator import meta, urls, volumes
from generator.plan import PagePlan, Planning
from generator.views import WholeEntry

GATHERS = True


def pages(p: Planning) -> list[tuple[str, str | None]]:
    """One volume with key "" at /gesamt/, or the contents (key None) there and each volume below it."""
    found = volumes.of(p.structure())
    if len(found) == 1:
        return [(urls.WHOLE, "")]
    return [(urls.WHOLE, None)] + [(urls.whole_volume(v.key), v.key) for v in found]


def plan(p: Planning, key: str | None) -> PagePlan:
    if key is None:
        listed = p.read("volumes")
        return p.page(urls.WHOLE, "print-volumes.html", title="Das ganze Dossier", volumes=listed,
                      description=meta.whole(p.settings, sum(count for *_, count in listed), len(listed)))
    slugs = p.read("volume", key)
    entries = tuple(_entry(p, s) for s in slugs)
    label = next(label for k, label, _ in p.read("volumes") if k == key) if key else ""
    title = f"Das ganze Dossier: {label}" if label else "Das ganze Dossier"
    return p.page(urls.whole_volume(key), "print.html", title=title, volume=label, articles=entries,
                  years=p.chronology(slugs), description=meta.whole(p.settings, len(entries), volume=label))


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
