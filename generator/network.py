"""The reference network as a static, accessible SVG, drawn at build time (no JavaScript).

`network_svg` draws the whole "Lesen Sie auch" graph of a dossier, `neighbourhood_svg` the star around
one article. Both are pure: the same input gives a byte-identical string, whatever the input order (for
the network) and on every run, so pages that embed them keep their fingerprints between builds.

Every node is a link with its full title as `<title>` (tooltip and accessible name); articles are
filled circles, pages not yet in the dossier ("stubs") dashed rings, so the two differ without colour.
Colours are `currentColor` (plus a `Canvas` halo behind labels), so the page's text and link colours,
including dark mode, apply; the CSS classes `net-*` let the site's stylesheet restyle everything.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

KINDS = ("article", "stub")
MAX_NODES = 150  # beyond this a picture is unreadable anyway, and the O(n²) layout stays well under a second
MAX_SIDE = 12  # neighbours drawn on each side of a neighbourhood

FONT_SIZE = 12
CHAR_EM = 0.6  # assumed glyph width in em: generous for sans-serif, so estimated labels fit the viewBox
LINE = 14  # label line height
MARGIN = 12
R_ARTICLE = 8.0
R_STUB = 7.0
R_CENTER = 11.0
GAP = 3.0  # between a circle and its label, and between a circle and an arrow's tip
SPACING = 80.0  # ideal edge length of the force layout
LABEL_CHARS = 20  # per label line in the network; two lines at most
SIDE_CHARS = 34  # one-line labels beside a neighbourhood's columns
ROW = 30.0  # vertical distance of neighbourhood rows
REACH = 170.0  # horizontal distance from a neighbourhood's centre to its columns

_BOLD = ' font-weight="bold"'
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Node:
    slug: str
    title: str
    url: str  # the href to use, already prefixed with the site's base path
    kind: str  # "article" or "stub"


# ---------------------------------------------------------------------------------------------------
# Public API


def network_svg(nodes: list[Node], edges: list[tuple[str, str]], title: str = "Netz der Verweise") -> str:
    """The whole reference graph; "" when there are no nodes.

    Self-references, repeated edges and edges to unknown slugs are ignored. More than MAX_NODES nodes:
    the best-connected ones are drawn (by degree, ties by slug) and the description says how many not.
    """
    by_slug = _unique_nodes(nodes)
    if not by_slug:
        return ""
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

    neighbours: dict[str, set[str]] = {s: set() for s in by_slug}
    for a, b in pairs:  # the layout ignores direction
        neighbours[a].add(b)
        neighbours[b].add(a)

    placed: list[_Placed] = []
    boxes: list[tuple[list[_Placed], tuple[float, float, float, float]]] = []
    for component in _components(neighbours):
        group = [_network_node(by_slug[s]) for s in component]
        _force_layout(group, neighbours)
        _separate(group)
        boxes.append((group, _bounds(group)))
    _pack(boxes)
    for group, _ in boxes:
        # Reading and tab order follows the picture: component by component, top to bottom, left to right.
        placed += sorted(group, key=lambda p: (round(p.y / ROW), p.x, p.node.slug))

    counts = _counts([p.node for p in placed], len(pairs))
    if omitted:
        counts += f" {_omitted(omitted)}"
    uid = _uid("net", title, sorted(by_slug.items()), pairs)
    at = {p.node.slug: p for p in placed}
    both = set(pairs)
    lines = [_edge(at[a], at[b], (b, a) in both, uid) for a, b in pairs]
    body = [
        '<g class="net-edges" aria-hidden="true">', *lines, "</g>",
        '<g class="net-nodes">', *(_node_svg(p) for p in placed), "</g>",
    ]
    _, _, x1, y1 = _bounds(placed)  # _pack put the top-left corner at the margin, below the legend
    return _document(uid, title, counts, body, "net-network", (x1 + MARGIN, y1 + MARGIN))


def neighbourhood_svg(center: Node, outgoing: list[Node], incoming: list[Node]) -> str:
    """The star around one article: "Lesen Sie auch" on the right, "Verwiesen von" on the left.

    Neighbours keep the caller's order (the order of the lists on the page). A neighbour that is both
    referenced and referencing is drawn once, on the right, with an arrow each way. "" without neighbours.
    """
    _check(center)
    out = _dedupe(outgoing, center.slug)
    inc = _dedupe(incoming, center.slug)
    if not out and not inc:
        return ""
    out_slugs = {n.slug for n in out}
    inc_slugs = {n.slug for n in inc}
    left_all = [n for n in inc if n.slug not in out_slugs]
    right, left = out[:MAX_SIDE], left_all[:MAX_SIDE]
    hidden_right, hidden_left = len(out) - len(right), len(left_all) - len(left)

    middle = _Placed(center, 0.0, 0.0, R_CENTER, _wrap(_name(center), 24, 3), "middle")
    rows = max(len(right) + (hidden_right > 0), len(left) + (hidden_left > 0))
    half = max(1.0, (rows - 1) / 2 * ROW)

    def column(members: list[Node], side: int) -> list[_Placed]:
        placed = []
        for i, node in enumerate(members):
            y = (i - (len(members) - 1) / 2) * ROW
            x = side * REACH * (1 - 0.25 * (y / half) ** 2)  # a gentle arc around the centre
            label = _wrap(_name(node), SIDE_CHARS, 1)
            placed.append(_Placed(node, x, y, _radius(node), label, "start" if side > 0 else "end"))
        return placed

    right_p, left_p = column(right, 1), column(left, -1)
    extras: list[tuple[str, float, float, str, str]] = []  # text, x, baseline, anchor, class
    top = -half - ROW / 2 - 6
    if right_p:
        extras.append(("Lesen Sie auch", min(p.x for p in right_p) - R_ARTICLE, top, "start", "net-heading"))
    if left_p:
        extras.append(("Verwiesen von", max(p.x for p in left_p) + R_ARTICLE, top, "end", "net-heading"))
    for hidden, members, side in ((hidden_right, right_p, 1), (hidden_left, left_p, -1)):
        if hidden:
            y = (members[-1].y if members else 0.0) + ROW
            x = side * REACH * (1 - 0.25 * (y / half) ** 2)
            extras.append((f"+ {hidden} weitere", x, y + FONT_SIZE * 0.35, "start" if side > 0 else "end",
                           "net-more"))

    drawn = [center] + [p.node for p in right_p + left_p]
    mutual = sum(1 for p in right_p if p.node.slug in inc_slugs)
    desc = _counts(drawn, len(right_p) + mutual + len(left_p))
    desc += f" Rechts „Lesen Sie auch“ ({len(out)}), links „Verwiesen von“ ({len(inc)})."
    if mutual:
        desc += (f" {_plural(mutual, 'Artikel verweist', 'Artikel verweisen')} in beide Richtungen"
                 f" und {'steht' if mutual == 1 else 'stehen'} rechts.")
    if hidden_right + hidden_left:
        desc += f" {hidden_right + hidden_left} weitere sind nicht gezeigt."

    # Move everything so the drawing's box starts below the legend.
    everything = [middle, *right_p, *left_p]
    x0, y0, x1, y1 = _bounds(everything)
    for text, x, y, anchor, _ in extras:
        w = _width(text)
        left_edge = x - w if anchor == "end" else x
        x0, x1 = min(x0, left_edge), max(x1, left_edge + w)
        y0, y1 = min(y0, y - FONT_SIZE), max(y1, y + FONT_SIZE * 0.3)
    dx, dy = MARGIN - x0 + max(0.0, _LEGEND_W - (x1 - x0)) / 2, MARGIN + _LEGEND_H - y0  # centred under the legend
    for p in everything:
        p.x += dx
        p.y += dy
    uid = _uid("nb", center, out, inc)
    edges = [_edge(a, b, two, uid) for a, b, two in _edge_specs(middle, right_p, left_p, inc_slugs)]
    texts = [f'<text class="{cls}" x="{_num(x + dx)}" y="{_num(y + dy)}" text-anchor="{anchor}"'
             f' fill="currentColor"{_BOLD if cls == "net-heading" else ""}>{_text(text)}</text>'
             for text, x, y, anchor, cls in extras]
    centre = _center_svg(middle)
    body = ['<g class="net-edges" aria-hidden="true">', *edges, "</g>"]
    body += ['<g class="net-labels" aria-hidden="true">', *texts, "</g>"] if texts else []
    body += ['<g class="net-nodes">', centre]
    if right_p:
        body += ['<g class="net-out" role="group" aria-label="Lesen Sie auch">',
                 *(_node_svg(p) for p in right_p), "</g>"]
    if left_p:
        body += ['<g class="net-in" role="group" aria-label="Verwiesen von">',
                 *(_node_svg(p) for p in left_p), "</g>"]
    body.append("</g>")
    width, height = max(x1 - x0, _LEGEND_W) + 2 * MARGIN, y1 - y0 + 2 * MARGIN + _LEGEND_H
    title = f"Verweise rund um „{_name(center)}“"
    return _document(uid, title, desc, body, "net-neighbourhood", (width, height))


# ---------------------------------------------------------------------------------------------------
# Nodes, labels and text


class _Placed:
    """A node with its position (mutable while the layout runs) and its label lines."""

    __slots__ = ("node", "x", "y", "r", "lines", "anchor")

    def __init__(self, node: Node, x: float, y: float, r: float, lines: list[str], anchor: str) -> None:
        self.node, self.x, self.y, self.r, self.lines, self.anchor = node, x, y, r, lines, anchor

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of circle and label, from the label width estimate."""
        w = max((_width(line) for line in self.lines), default=0.0)
        if self.anchor == "middle":  # label centred below the circle
            half = max(self.r, w / 2)
            return self.x - half, self.y - self.r, self.x + half, self.y + self.r + GAP + len(self.lines) * LINE
        start = self.r + GAP * 2  # label beside the circle, one line, vertically centred
        left = self.x - start - w if self.anchor == "end" else self.x - self.r
        right = self.x + start + w if self.anchor == "start" else self.x + self.r
        return left, self.y - max(self.r, LINE / 2), right, self.y + max(self.r, LINE / 2)


def _check(node: Node) -> None:
    if node.kind not in KINDS:
        raise ValueError(f"node {node.slug!r}: kind must be one of {KINDS}, not {node.kind!r}")


def _unique_nodes(nodes: list[Node]) -> dict[str, Node]:
    """Nodes by slug, sorted; of two nodes with one slug the article wins, so input order never matters."""
    by_slug: dict[str, Node] = {}
    for node in sorted(nodes, key=lambda n: (n.slug, n.kind != "article", n.title, n.url)):
        _check(node)
        by_slug.setdefault(node.slug, node)
    return by_slug


def _dedupe(nodes: list[Node], center: str) -> list[Node]:
    seen: set[str] = {center}
    kept = []
    for node in nodes:
        _check(node)
        if node.slug not in seen:
            seen.add(node.slug)
            kept.append(node)
    return kept


def _name(node: Node) -> str:
    return node.title.strip() or node.slug  # a blank title would leave an unlabelled dot


def _radius(node: Node) -> float:
    return R_ARTICLE if node.kind == "article" else R_STUB


def _network_node(node: Node) -> _Placed:
    return _Placed(node, 0.0, 0.0, _radius(node), _wrap(_name(node), LABEL_CHARS, 2), "middle")


def _wrap(title: str, limit: int, max_lines: int) -> list[str]:
    """A title as at most `max_lines` lines of `limit` characters, cut with "…" (the tooltip has it all)."""
    words = [w if len(w) <= limit else w[: limit - 1] + "…" for w in _clean(title).split()]
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1].rstrip("…")
        last = last[: limit - 1].rstrip(" ,;:–-") if len(last) >= limit else last.rstrip(" ,;:–-")
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines


def _width(text: str) -> float:
    return len(text) * FONT_SIZE * CHAR_EM


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot carry at all (escaping does not help) are dropped."""
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    return escape(_clean(text))


def _attr(text: str) -> str:
    return '"' + escape(_clean(text), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _num(value: float) -> str:
    """One decimal, no "-0" and no ".0": stable output across runs and tiny float differences."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _uid(prefix: str, *parts: object) -> str:
    """An id prefix derived from the input: deterministic, and two different drawings on one page differ."""
    return f"{prefix}-{hashlib.sha256(repr(parts).encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _counts(drawn: list[Node], edges: int) -> str:
    articles = sum(1 for n in drawn if n.kind == "article")
    stubs = len(drawn) - articles
    return (f"{articles} Artikel, {_plural(stubs, 'offener Verweis', 'offene Verweise')}, "
            f"{_plural(edges, 'Verweis', 'Verweise')}.")


def _omitted(n: int) -> str:
    if n == 1:
        return "1 weniger verknüpfter Eintrag ist nicht gezeigt."
    return f"{n} weniger verknüpfte Einträge sind nicht gezeigt."


# ---------------------------------------------------------------------------------------------------
# Layout of the whole network


def _components(neighbours: dict[str, set[str]]) -> list[list[str]]:
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


def _force_layout(group: list[_Placed], neighbours: dict[str, set[str]]) -> None:
    """Fruchterman-Reingold from concentric rings: deterministic, and small stars stay stars."""
    n = len(group)
    if n == 1:
        return
    index = {p.node.slug: i for i, p in enumerate(group)}
    # Start on rings by BFS distance from the best-connected node, so the layout only has to relax.
    root = min(index, key=lambda s: (-len(neighbours[s]), s))
    rings: list[list[str]] = [[root]]
    seen = {root}
    while True:
        ring = sorted({o for s in rings[-1] for o in neighbours[s] if o not in seen})
        if not ring:
            break
        seen.update(ring)
        rings.append(ring)
    x = [0.0] * n
    y = [0.0] * n
    for depth, ring in enumerate(rings[1:], start=1):
        for i, slug in enumerate(ring):
            # Rounded, so a libm's last-bit difference in cos/sin cannot change the result.
            angle = 2 * math.pi * i / len(ring) + depth * 0.5
            x[index[slug]] = round(depth * SPACING * math.cos(angle), 6)
            y[index[slug]] = round(depth * SPACING * math.sin(angle), 6)

    links = sorted({(min(index[a], index[b]), max(index[a], index[b]))
                    for a in index for b in neighbours[a]})
    k2 = SPACING * SPACING
    steps = 80 if n <= 60 else 50
    for step in range(steps):
        heat = SPACING * (1 - step / steps)  # the largest move allowed: cools linearly
        fx = [0.0] * n
        fy = [0.0] * n
        for i in range(n):
            xi, yi = x[i], y[i]
            for j in range(i + 1, n):
                dx, dy = xi - x[j], yi - y[j]
                d2 = dx * dx + dy * dy
                if d2 < 0.01:  # coincident: push apart along a fixed direction
                    dx, dy, d2 = 0.1 + 0.01 * (i % 7), 0.1, 0.0201
                f = k2 / d2  # repulsion k²/d, times the unit vector (dx, dy)/d
                fx[i] += dx * f
                fy[i] += dy * f
                fx[j] -= dx * f
                fy[j] -= dy * f
        for i, j in links:
            dx, dy = x[i] - x[j], y[i] - y[j]
            f = math.sqrt(dx * dx + dy * dy) / SPACING  # attraction d²/k, times the unit vector
            fx[i] -= dx * f
            fy[i] -= dy * f
            fx[j] += dx * f
            fy[j] += dy * f
        for i in range(n):
            length = math.sqrt(fx[i] * fx[i] + fy[i] * fy[i])
            if length > 0:
                move = min(length, heat) / length
                x[i] += fx[i] * move
                y[i] += fy[i] * move
    for p, xi, yi in zip(group, x, y):
        p.x, p.y = xi, yi


def _separate(group: list[_Placed], passes: int = 80) -> None:
    """Push apart nodes whose circle-and-label boxes overlap, along the axis that needs less movement."""
    pad = 4.0
    n = len(group)
    # A box relative to its node never changes: (left, up, right, down) distances from the centre.
    reach = [(p.x - b[0], p.y - b[1], b[2] - p.x, b[3] - p.y) for p in group for b in [p.box()]]
    x = [p.x for p in group]
    y = [p.y for p in group]
    for _ in range(passes):
        moved = False
        # Sweep by left edge: once a box starts right of i's right edge, no later one can touch i.
        order = sorted(range(n), key=lambda i: (x[i] - reach[i][0], i))
        for at, i in enumerate(order):
            li, ui, ri, di = reach[i]
            for j in order[at + 1:]:
                lj, uj, rj, dj = reach[j]
                if x[j] - lj >= x[i] + ri + pad:
                    break
                ox = min(x[i] + ri, x[j] + rj) - max(x[i] - li, x[j] - lj) + pad
                oy = min(y[i] + di, y[j] + dj) - max(y[i] - ui, y[j] - uj) + pad
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox <= oy:
                    sign = 1.0 if (x[j], j) > (x[i], i) else -1.0
                    x[i] -= sign * ox / 2
                    x[j] += sign * ox / 2
                else:
                    sign = 1.0 if (y[j], j) > (y[i], i) else -1.0
                    y[i] -= sign * oy / 2
                    y[j] += sign * oy / 2
        if not moved:  # a pass without moves saw the final positions: no overlaps are left
            break
    for p, xi, yi in zip(group, x, y):
        p.x, p.y = xi, yi


def _bounds(group: list[_Placed]) -> tuple[float, float, float, float]:
    boxes = [p.box() for p in group]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _pack(boxes: list[tuple[list[_Placed], tuple[float, float, float, float]]]) -> None:
    """Place components in rows, left to right, biggest first, below the legend."""
    gap = 24.0
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for _, b in boxes)
    row_width = max(_LEGEND_W, max(b[2] - b[0] for _, b in boxes), math.sqrt(area) * 1.4)
    x, y, row_height = 0.0, 0.0, 0.0
    for group, (x0, y0, x1, y1) in boxes:
        if x > 0 and x + (x1 - x0) > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for p in group:
            p.x += MARGIN + x - x0
            p.y += MARGIN + _LEGEND_H + y - y0
        x += x1 - x0 + gap
        row_height = max(row_height, y1 - y0)


# ---------------------------------------------------------------------------------------------------
# SVG


def _edge_specs(middle: _Placed, right: list[_Placed], left: list[_Placed],
                inc: set[str]) -> Iterator[tuple[_Placed, _Placed, bool]]:
    """Neighbourhood edges: centre to every right node, back from the mutual ones, left nodes to centre."""
    for p in right:
        yield middle, p, p.node.slug in inc
    for p in right:
        if p.node.slug in inc:
            yield p, middle, True
    for p in left:
        yield p, middle, False


def _edge(a: _Placed, b: _Placed, two_way: bool, uid: str) -> str:
    """A line from the rim of a to just before the rim of b, ending in the arrowhead.

    Two references in opposite directions become two parallel lines, so both arrows stay visible.
    """
    dx, dy = b.x - a.x, b.y - a.y
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    ox, oy = (-uy * 2.5, ux * 2.5) if two_way else (0.0, 0.0)  # to the right of the direction of travel
    start, end = a.r + GAP, max(d - b.r - GAP, a.r + GAP)
    return (f'<line class="net-edge" data-from={_attr(a.node.slug)} data-to={_attr(b.node.slug)}'
            f' x1="{_num(a.x + ux * start + ox)}" y1="{_num(a.y + uy * start + oy)}"'
            f' x2="{_num(a.x + ux * end + ox)}" y2="{_num(a.y + uy * end + oy)}"'
            f' stroke="currentColor" stroke-opacity="0.55" stroke-width="1.2" marker-end="url(#{uid}-arrow)"/>')


def _shape(kind: str, x: float, y: float, r: float) -> str:
    if kind == "article":
        return (f'<circle class="net-article" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"'
                f' fill="currentColor" stroke="currentColor" stroke-width="1.5"/>')
    # The light fill keeps the whole ring clickable; the dashes set it apart without colour.
    return (f'<circle class="net-stub" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="currentColor"'
            f' fill-opacity="0.08" stroke="currentColor" stroke-width="1.5" stroke-dasharray="3 2"/>')


def _label(p: _Placed, extra: str = "") -> str:
    if p.anchor == "middle":
        x, first = p.x, p.y + p.r + GAP + FONT_SIZE * 0.85
    else:
        x = p.x + (p.r + 2 * GAP) * (1 if p.anchor == "start" else -1)
        first = p.y + FONT_SIZE * 0.35
    spans = "".join(f'<tspan x="{_num(x)}" y="{_num(first + i * LINE)}">{_text(line)}</tspan>'
                    for i, line in enumerate(p.lines))
    # The Canvas-coloured halo keeps labels readable where they cross edges, in light and dark mode.
    return (f'<text class="net-label" text-anchor="{p.anchor}" fill="currentColor" stroke="Canvas"'
            f' stroke-width="3" stroke-linejoin="round" paint-order="stroke"{extra}>{spans}</text>')


def _tooltip(node: Node) -> str:
    title = _name(node)
    return _text(title if node.kind == "article" else f"{title} (noch nicht im Dossier)")


def _node_svg(p: _Placed) -> str:
    return (f'<a class="net-node" href={_attr(p.node.url)}><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p)}</a>")


def _center_svg(p: _Placed) -> str:
    # Not a link: the reader is on this page already.
    return (f'<g class="net-node net-center"><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p, _BOLD)}</g>")


_LEGEND = (("article", "Artikel"), ("stub", "Noch nicht im Dossier"), ("edge", "Verweis"))
_LEGEND_H = 26.0
_LEGEND_ITEM = 22.0  # symbol plus the space before its text
_LEGEND_W = sum(_LEGEND_ITEM + _width(text) + 16 for _, text in _LEGEND)


def _legend(uid: str) -> str:
    parts = ['<g class="net-legend" aria-hidden="true">']
    x, y = float(MARGIN), MARGIN + 8.0
    for kind, text in _LEGEND:
        if kind == "edge":
            parts.append(f'<line class="net-edge" x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 16)}" y2="{_num(y)}"'
                         f' stroke="currentColor" stroke-opacity="0.55" stroke-width="1.2"'
                         f' marker-end="url(#{uid}-arrow)"/>')
        else:
            parts.append(_shape(kind, x + 7, y, R_ARTICLE - 1 if kind == "article" else R_STUB - 1))
        parts.append(f'<text class="net-legend-text" x="{_num(x + _LEGEND_ITEM)}" y="{_num(y + FONT_SIZE * 0.35)}"'
                     f' fill="currentColor">{_text(text)}</text>')
        x += _LEGEND_ITEM + _width(text) + 16
    parts.append("</g>")
    return "\n".join(parts)


def _document(uid: str, title: str, desc: str, body: list[str], kind: str, size: tuple[float, float]) -> str:
    width, height = max(size[0], _LEGEND_W + 2 * MARGIN), size[1]
    w, h = _num(math.ceil(width)), _num(math.ceil(height))
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="net {kind}" viewBox="0 0 {w} {h}" width="{w}"'
        f' height="{h}" role="group" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc"'
        f' font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{uid}-title">{_text(title)}</title>',
        f'<desc id="{uid}-desc">{_text(desc)}</desc>',
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8"'
        ' markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0L10,5L0,10z" fill="currentColor" fill-opacity="0.8"/></marker></defs>',
        _legend(uid),
        *body,
        "</svg>",
    ]) + "\n"
