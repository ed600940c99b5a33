"""/offen/ "Offene Verweise": every open reference ranked as `dossier check --open` ranks it, with the
articles that cite it, in pages of paging.PER_PAGE (/offen/seite/2/). A page reads which references it
shows ("open_page": the ranking is made once per link graph) and only their citing articles' titles, so a
title edit renders again the page that shows the article, not the whole list."""

from __future__ import annotations

from generator import meta, paging, urls
from generator.openrefs import Citing, ref
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, tuple[None, int]]]:
    return paging.pages(urls.OPEN, None, len(p.structure().stubs))


def plan(p: Planning, key: tuple[None, int]) -> PagePlan:
    number = key[1]
    total, shown = p.read("open_page", number)

    def citing(slug: str) -> list[Citing]:
        return [Citing(s, p.read("title", s)[1], p.since(s)) for s in p.backlinks(slug)]

    pager = paging.pager(urls.OPEN, number, total)
    return p.page(pager.url, "open.html", title=paging.title("Offene Verweise", pager), pager=pager,
                  refs=tuple(ref(p.read("stub", s), citing(s)) for s in shown),
                  start=(number - 1) * paging.PER_PAGE + 1,
                  description=paging.title(meta.open_refs(p.settings, total), pager))
