"""/offen/ "Offene Verweise": every open reference ranked as `dossier check --open` ranks it, with the
articles that cite it."""

from __future__ import annotations

from generator import meta, urls
from generator.openrefs import Citing, rank
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, None]]:
    return [(urls.OPEN, None)]


def plan(p: Planning, _key: None) -> PagePlan:
    def citing(slug: str) -> list[Citing]:
        return [Citing(s, p.read("title", s)[1], p.since(s)) for s in p.backlinks(slug)]

    refs = rank((p.read("stub", s), citing(s)) for s in p.read("stubs"))
    return p.page(urls.OPEN, "open.html", title="Offene Verweise", refs=refs,
                  description=meta.open_refs(p.settings, len(refs)))
