"""Redirect pages: a renamed article's old paths (its `redirect_from`), each leading to the article."""

from __future__ import annotations

from generator.plan import PagePlan, Planning


def pages(p: Planning) -> list[tuple[str, str]]:
    return [(path, path) for path in p.structure().redirects]


def plan(p: Planning, path: str) -> PagePlan:
    target = p.title_link(p.read("redirect", path))
    return p.page(path, "redirect.html", title=target.title, target=target)
