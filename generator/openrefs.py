"""The open references (stubs) as a to-do list: most cited first, then the one cited longest ago, then by
title. Shared by the /offen/ page and `dossier check --open`, so both give the same ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from generator import urls
from generator.model import LinkedDossier, Stub


@dataclass(frozen=True)
class Citing:
    """An article that names an open reference: what the list shows of it."""

    slug: str
    title: str
    since: str | None  # the day it entered the dossier (`added`, else its `date`)
    path: str = ""  # its file, for `check --open`

    @property
    def url(self) -> str:
        return urls.article(self.slug)


@dataclass(frozen=True)
class OpenRef:
    stub: Stub
    citing: tuple[Citing, ...]  # oldest first, then by title

    @property
    def first_cited(self) -> str | None:
        """When the dossier first named it: the earliest day of a citing article (None: none is dated)."""
        return min((c.since for c in self.citing if c.since), default=None)

    @property
    def url(self) -> str:
        return self.stub.url


def _order(citing: Citing) -> tuple:
    return citing.since is None, citing.since or "", citing.title.casefold(), citing.slug


def ref(stub: Stub, citing: Iterable[Citing]) -> OpenRef:
    """An open reference with the articles that cite it, oldest first."""
    return OpenRef(stub, tuple(sorted(citing, key=_order)))


_last: list = [None, ()]  # (graph, order): one ranking per link graph, shared by the pages of /offen/


def order(linked: LinkedDossier) -> tuple[str, ...]:
    """The slugs of the open references, ranked: most citing articles first, then the earliest first
    citation (undated last), then the title. The ranking needs only the graph (the stubs, their titles and
    backlinks) and the day each citing article entered the dossier (a graph input too), not the citing
    articles' titles: those only order a reference's own list of citing articles."""
    if _last[0] is not linked.refs:  # link() keeps its objects while its inputs are unchanged
        def key(stub: Stub) -> tuple:
            first = min(filter(None, (linked.articles[s].since for s in linked.backlinks.get(stub.slug, ()))),
                        default=None)
            return (-len(linked.backlinks.get(stub.slug, ())), first is None, first or "", stub.title.casefold(),
                    stub.slug)

        _last[:] = [linked.refs, tuple(s.slug for s in sorted(linked.stubs.values(), key=key))]
    return _last[1]


def ranking(linked: LinkedDossier) -> tuple[OpenRef, ...]:
    """The whole linked dossier's open references, ranked (for `check --open`; /offen/ shows them in the
    same order, a page of them at a time)."""
    def citing(slug: str) -> list[Citing]:
        return [Citing(s, a.title, a.since, a.path) for s in linked.backlinks.get(slug, ())
                for a in (linked.articles[s],)]

    return tuple(ref(linked.stubs[s], citing(s)) for s in order(linked))


def todo(refs: tuple[OpenRef, ...]) -> list[str]:
    """One line per open reference: how many articles cite it, its title, the files that cite it, and the
    original's URL when an entry gave it."""
    return [f"{len(r.citing)}  {r.stub.title}  ({', '.join(c.path for c in r.citing)})"
            + (f"  {r.stub.original}" if r.stub.original else "") for r in refs]


def cited_by(count: int) -> str:
    """"zitiert von 1 Artikel", "zitiert von 3 Artikeln"."""
    return f"zitiert von {count} Artikel{'' if count == 1 else 'n'}"
