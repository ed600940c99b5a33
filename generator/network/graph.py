"""Which nodes and edges a drawing shows: every node checked and one per slug whatever the input order,
edges without self-references, repeats or unknown ends, the best-connected MAX_NODES of a large network
and its connected components; the neighbours of an article on the two sides of its neighbourhood."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

KINDS = ("article", "stub")
MAX_NODES = 150  # beyond this a picture is unreadable anyway, and the O(n²) layout stays well under a second
MAX_SIDE = 12  # neighbours drawn above and below in a neighbourhood


@dataclass(frozen=True)
class Node:
    slug: str
    title: str
    url: str  # the href to use, already prefixed with the site's base path
    kind: str  # "article" or "stub"


def check(node: Node) -> None:
    if node.kind not in KINDS:
        raise ValueError(f"node {node.slug!r}: kind must be one of {KINDS}, not {node.kind!r}")


def select(nodes: list[Node], edges: list[tuple[str, str]]) -> tuple[dict[str, Node], list[tuple[str, str]], int]:
    """The nodes drawn by slug (sorted), the edges between them (sorted), and how many nodes are left out:
    beyond MAX_NODES, the best-connected ones are drawn (by degree, ties by slug)."""
    by_slug = _unique_nodes(nodes)
    pairs = sorted({(a, b) for a, b in edges if a != b and a in by_slug and b in by_slug})
    degree: dict[str, int] = defaultdict(int)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    omitted = max(0, len(by_slug) - MAX_NODES)
    if omitted:
        keep = set(sorted(by_slug, key=lambda s: (-degree[s], s))[:MAX_NODES])
        by_slug = {s: n for s, n in by_slug.items() if s in keep}
        pairs = [(a, b) for a, b in pairs if a in keep and b in keep]
    return by_slug, pairs, omitted


def _unique_nodes(nodes: list[Node]) -> dict[str, Node]:
    """Nodes by slug, sorted; of two nodes with one slug the article wins, so input order never matters."""
    by_slug: dict[str, Node] = {}
    for node in sorted(nodes, key=lambda n: (n.slug, n.kind != "article", n.title, n.url)):
        check(node)
        by_slug.setdefault(node.slug, node)
    return by_slug


def components(neighbours: dict[str, set[str]]) -> list[list[str]]:
    """Connected components, biggest first (ties by first slug); each in sorted slug order."""
    seen: set[str] = set()
    found = []
    for start in sorted(neighbours):
        if start in seen:
            continue
        seen.add(start)
        todo, members = [start], []
        while todo:
            slug = todo.pop()
            members.append(slug)
            for other in neighbours[slug]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        found.append(sorted(members))
    return sorted(found, key=lambda c: (-len(c), c[0]))


@dataclass(frozen=True)
class Sides:
    """An article's neighbours as its neighbourhood draws them, in the caller's order. One that is both
    referenced and referencing is drawn once, below."""

    outgoing: list[Node]  # "Lesen Sie auch", without repeats and without the article itself
    incoming: list[Node]  # "Verwiesen von", the same
    below: list[Node]  # the outgoing ones drawn (at most MAX_SIDE)
    above: list[Node]  # the incoming ones that are not outgoing too, drawn (at most MAX_SIDE)
    hidden_below: int
    hidden_above: int


def sides(center: Node, outgoing: list[Node], incoming: list[Node]) -> Sides | None:
    """The neighbours of `center` on each side; None without any."""
    check(center)
    out = _dedupe(outgoing, center.slug)
    inc = _dedupe(incoming, center.slug)
    if not out and not inc:
        return None
    out_slugs = {n.slug for n in out}
    above_all = [n for n in inc if n.slug not in out_slugs]
    below, above = out[:MAX_SIDE], above_all[:MAX_SIDE]
    return Sides(out, inc, below, above, len(out) - len(below), len(above_all) - len(above))


def _dedupe(nodes: list[Node], center: str) -> list[Node]:
    seen: set[str] = {center}
    kept = []
    for node in nodes:
        check(node)
        if node.slug not in seen:
            seen.add(node.slug)
            kept.append(node)
    return kept
