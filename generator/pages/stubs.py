"""Stub pages: a referenced article not yet in the dossier, at the URL the article will have."""

from __future__ import annotations

from generator import meta
from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, str]]:
    return [(stub.url, stub.slug) for stub in p.structure().stubs.values()]


def plan(p: Planning, slug: str) -> PagePlan:
    stub = p.read("stub", slug)
    backlinks = tuple(p.title_link(s) for s in p.backlinks(slug))
    return p.page(stub.url, "stub.html", title=stub.title, stub=stub, backlinks=backlinks,
                  description=meta.stub(p.settings, stub.title, len(backlinks)))
