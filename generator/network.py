"""The reference network as a static, accessible SVG, drawn at build time (no JavaScript).

`network_svg` draws the whole "Lesen Sie auch" graph of a dossier, `neighbourhood_svg` the articles
around one article, as a tree narrow enough for a phone. Both are pure: the same input gives a
byte-identical string, whatever the input order (for the network) and on every run, so pages that embed
them keep their fingerprints between builds.

Every node is a link with its full title as `<title>` (tooltip and accessible name); articles are
filled circles, pages not yet in the dossier ("stubs") dashed rings, so the two differ without colour.
Colours are `currentColor` (plus a `Canvas` halo behind labels), so the page's text and link colours,
including dark mode, apply; the CSS classes `net-*` let the site's stylesheet restyle everything.

The network is meant to be shown at its own size (1 unit = 1 CSS pixel, scrolling sideways where the screen
is narrower), so its labels are as large as the site's small text. No label touches another label or a
node: after the force layout the nodes settle one by one, each with its label on the first free side of its
circle or else at the nearest free spot, checked against a grid of what is near (linear, not quadratic).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from generator.typography import german_quotes

KINDS = ("article", "stub")
MAX_NODES = 150  # beyond this a picture is unreadable anyway, and the O(n²) layout stays well under a second
MAX_SIDE = 12  # neighbours drawn above and below in a neighbourhood

FONT_SIZE = 12  # of a neighbourhood, shown at its own size: the site's small text on a phone
NET_FONT_SIZE = 15  # of the network, shown at its own size: not under the site's small text (.9rem, 14.4 px)
LINE_EM = 1.25  # line advance within a label
ASCENT_EM, DESCENT_EM = 1.15, 0.3  # how far glyphs reach above and below the baseline, accented capitals too
MARGIN = 12
R_ARTICLE = 8.0
R_STUB = 7.0
R_CENTER = 11.0
GAP = 3.0  # between a circle and its label, and between a circle and an arrow's tip
LABEL_PAD_X, LABEL_PAD_Y = 8.0, 2.0  # kept free beside and above/below a network label (its halo: 1.5)
NODE_PAD = 8.0  # kept free around a network node: arrows stay visible, labels close to their own node only
CELL = 64.0  # side of a grid cell for the collision checks
RING = 8.0  # distance of the rings on which a node looks for a free spot
SPACING = 80.0  # ideal edge length of the force layout
LABEL_CHARS = 20  # per label line in the network; two lines at most
ROW = 30.0  # rows of the network's reading order
NB_WIDTH = 335.0  # the widest a neighbourhood is drawn: the text column of a 375 px phone (20 px padding)
NB_PAD = 6.0  # between a neighbourhood's rows
INDENT = 24.0  # from a neighbourhood's trunk to its neighbours' circles

_BOLD = ' font-weight="bold"'
_ANCHORS = {"below": "middle", "right": "start", "left": "end"}  # label side -> text-anchor
_SIDES = ("below", "right", "left")  # a network label's sides by preference (one above would seem to name
# the node above it)
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
        _settle(group)
        boxes.append((group, _bounds(group)))
    _pack(boxes, NET_FONT_SIZE)
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
    return _document(uid, title, counts, body, "net-network", (x1 + MARGIN, y1 + MARGIN), NET_FONT_SIZE)


def neighbourhood_svg(center: Node, outgoing: list[Node], incoming: list[Node]) -> str:
    """The articles around one article, top to bottom as references run: "Verwiesen von" above it,
    "Lesen Sie auch" below, each neighbour a row with its label on the right, joined to the article by
    an arrow along a trunk on the left (as a file tree is drawn).

    Never wider than NB_WIDTH, the text column of a phone, so it is shown at its own size everywhere:
    labels as large as the small text, nothing to scroll sideways. Neighbours keep the caller's order
    (the order of the lists on the page). A neighbour that is both referenced and referencing is drawn
    once, below, with an arrow each way. "" without neighbours.
    """
    _check(center)
    out = _dedupe(outgoing, center.slug)
    inc = _dedupe(incoming, center.slug)
    if not out and not inc:
        return ""
    out_slugs = {n.slug for n in out}
    inc_slugs = {n.slug for n in inc}
    above_all = [n for n in inc if n.slug not in out_slugs]
    below, above = out[:MAX_SIDE], above_all[:MAX_SIDE]
    hidden_below, hidden_above = len(out) - len(below), len(above_all) - len(above)

    size = FONT_SIZE
    trunk = MARGIN + R_CENTER  # x of the article and of the trunk below and above it
    node_x = trunk + INDENT
    room = NB_WIDTH - MARGIN - (node_x + R_ARTICLE + 2 * GAP)  # for a neighbour's label
    legend_rows = _legend_rows(size, NB_WIDTH - 2 * MARGIN)
    y = MARGIN + _legend_height(size, len(legend_rows))
    extras: list[tuple[str, float, float, str, str]] = []  # text, x, baseline, anchor, class

    def text_row(text: str, cls: str) -> None:
        nonlocal y
        extras.append((text, node_x - R_ARTICLE, y + ASCENT_EM * size, "start", cls))
        y += (ASCENT_EM + DESCENT_EM) * size + NB_PAD

    def rows(members: list[Node]) -> list[_Placed]:
        nonlocal y
        placed = []
        for node in members:
            lines = _fit(_name(node), room, 2, size)
            height = max(2 * _radius(node), _block(len(lines), size))
            placed.append(_Placed(node, node_x, y + height / 2, _radius(node), lines, "right", size))
            y += height + NB_PAD
        return placed

    def group(heading: str, members: list[Node], hidden: int) -> list[_Placed]:
        """A heading, the rows, "+ n weitere"."""
        if members:
            text_row(heading, "net-heading")
        placed = rows(members)
        if hidden:
            text_row(f"+ {hidden} weitere", "net-more")
        return placed

    above_p = group("Verwiesen von", above, hidden_above)
    y += NB_PAD
    middle_lines = _fit(_name(center), NB_WIDTH - MARGIN - (trunk + R_CENTER + 2 * GAP), 3, size, bold=True)
    middle_h = max(2 * R_CENTER, _block(len(middle_lines), size))
    middle = _Placed(center, trunk, y + middle_h / 2, R_CENTER, middle_lines, "right", size, bold=True)
    y += middle_h + 2 * NB_PAD
    below_p = group("Lesen Sie auch", below, hidden_below)

    drawn = [center] + [p.node for p in below_p + above_p]
    mutual = sum(1 for p in below_p if p.node.slug in inc_slugs)
    desc = _counts(drawn, len(below_p) + mutual + len(above_p))
    desc += f" Oben „Verwiesen von“ ({len(inc)}), unten „Lesen Sie auch“ ({len(out)})."
    if mutual:
        desc += (f" {_plural(mutual, 'Artikel verweist', 'Artikel verweisen')} in beide Richtungen"
                 f" und {'steht' if mutual == 1 else 'stehen'} unten.")
    if hidden_below + hidden_above:
        desc += f" {hidden_below + hidden_above} weitere sind nicht gezeigt."

    uid = _uid("nb", center, out, inc)
    edges = [_elbow(a, b, trunk, uid) for a, b, _ in _edge_specs(middle, below_p, above_p, inc_slugs)]
    texts = [f'<text class="{cls}" x="{_num(x)}" y="{_num(baseline)}" text-anchor="{anchor}"'
             f' fill="currentColor"{_BOLD if cls == "net-heading" else ""}>{_text(text)}</text>'
             for text, x, baseline, anchor, cls in extras]
    body = ['<g class="net-edges" aria-hidden="true">', *edges, "</g>"]
    body += ['<g class="net-labels" aria-hidden="true">', *texts, "</g>"]
    body += ['<g class="net-nodes">', _center_svg(middle)]
    if above_p:
        body += ['<g class="net-in" role="group" aria-label="Verwiesen von">',
                 *(_node_svg(p) for p in above_p), "</g>"]
    if below_p:
        body += ['<g class="net-out" role="group" aria-label="Lesen Sie auch">',
                 *(_node_svg(p) for p in below_p), "</g>"]
    body.append("</g>")
    everything = [middle, *below_p, *above_p]
    right = max([_bounds(everything)[2]] + [x + text_width(text, size, cls == "net-heading")
                                             for text, x, _, _, cls in extras])
    width = max(right, _rows_width(legend_rows, size)) + MARGIN
    title = f"Verweise rund um „{_name(center)}“"
    return _document(uid, title, desc, body, "net-neighbourhood", (width, y - NB_PAD + MARGIN), size,
                     _legend(uid, size, legend_rows))


# ---------------------------------------------------------------------------------------------------
# Nodes, labels and text


class _Placed:
    """A node with its position (mutable while the layout runs), its label lines, the side of its circle
    they are on and their font size."""

    __slots__ = ("node", "x", "y", "r", "lines", "side", "size", "bold")

    def __init__(self, node: Node, x: float, y: float, r: float, lines: list[str], side: str, size: float,
                 bold: bool = False) -> None:
        self.node, self.x, self.y, self.r, self.lines, self.side = node, x, y, r, lines, side
        self.size, self.bold = size, bold

    def label_at(self, side: str, lines: list[str]) -> tuple[float, float, tuple[float, float, float, float]]:
        """(x of the text anchor, first baseline, (left, top, right, bottom)) of `lines` on `side`."""
        size = self.size
        w = max(text_width(line, size, self.bold) for line in lines)
        between = (len(lines) - 1) * size * LINE_EM  # from the first baseline to the last
        if side == "below":
            x, first = self.x, self.y + self.r + GAP + ASCENT_EM * size
        else:  # beside the circle, the lines centred on it
            x = self.x + (self.r + 2 * GAP) * (1 if side == "right" else -1)
            first = self.y + 0.35 * size - between / 2  # 0.35 em: half the x-height, so text looks centred
        left = {"middle": x - w / 2, "start": x, "end": x - w}[_ANCHORS[side]]
        return x, first, (left, first - ASCENT_EM * size, left + w, first + between + DESCENT_EM * size)

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of circle and label, from the label width estimate."""
        x, y, r = self.x, self.y, self.r
        if not self.lines:
            return x - r, y - r, x + r, y + r
        left, top, right, bottom = self.label_at(self.side, self.lines)[2]
        return min(left, x - r), min(top, y - r), max(right, x + r), max(bottom, y + r)


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
    """The title as every page shows it (German quotes); a blank title would leave an unlabelled dot."""
    return german_quotes(node.title.strip()) or node.slug


def _radius(node: Node) -> float:
    return R_ARTICLE if node.kind == "article" else R_STUB


def _network_node(node: Node) -> _Placed:
    return _Placed(node, 0.0, 0.0, _radius(node), _wrap(_name(node), LABEL_CHARS, 2), "below", NET_FONT_SIZE)


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


def _fit(title: str, width: float, max_lines: int, size: float, bold: bool = False) -> list[str]:
    """A title as at most `max_lines` lines, each at most `width` wide by the estimate below, cut with
    "…" (the tooltip has it all): whatever the title, the drawing keeps its width."""
    def fits(text: str) -> bool:
        return text_width(text, size, bold) <= width

    def cut(text: str) -> str:
        while text and not fits(text + "…"):
            text = text[:-1]
        return text.rstrip(" ,;:–-") + "…"

    lines: list[str] = []
    for word in _clean(title).split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] += " " + word
        else:
            lines.append(word if fits(word) else cut(word))
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [cut(lines[max_lines - 1] + " " + lines[max_lines])]
    return lines


def _block(lines: int, size: float) -> float:
    """The height of a label of `lines` lines, from the top of the first to the bottom of the last."""
    return (ASCENT_EM + DESCENT_EM + (lines - 1) * LINE_EM) * size


# Advance widths in em of DejaVu Sans, Linux's usual sans-serif and wider than Segoe UI, San Francisco or
# Roboto, rounded up: labels placed by this estimate stay clear of each other in the readers' fonts too.
_EM = {char: em for em, chars in (
    (0.30, "ijlIíìîï'|"),
    (0.37, " ,.:;/\\-‚‘’·fJ"),
    (0.42, "()[]tr!"),
    (0.54, '"*_`–°„“sz?'),
    (0.62, "cçLFkvxyPTY"),
    (0.66, "aäàáâeéèêoöóòôßhnuüúùñbdgpq0123456789€$§{}«»ESÉK"),
    (0.71, "AÄÀÁVXZBRC"),
    (0.80, "UÜNHDG&OÖQ"),
    (0.87, "w#+<=>^~×M"),
) for char in chars}
_BOLD_EM = 1.2  # bold glyphs are up to a fifth wider


@lru_cache(maxsize=65536)  # titles recur in many neighbourhoods
def _ems(text: str) -> float:
    return sum(_EM.get(char, 1.0) for char in text)  # anything else (m, W, …, other scripts): a full em


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of `text` at font size `size`: at least what the usual sans-serif fonts take."""
    return _ems(text) * size * (_BOLD_EM if bold else 1.0)


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


def _bounds(group: list[_Placed]) -> tuple[float, float, float, float]:
    boxes = [p.box() for p in group]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _pack(boxes: list[tuple[list[_Placed], tuple[float, float, float, float]]], size: float) -> None:
    """Place components in rows, left to right, biggest first, below the legend (of font size `size`)."""
    gap = 24.0
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for _, b in boxes)
    row_width = max(_legend_width(size), max(b[2] - b[0] for _, b in boxes), math.sqrt(area) * 1.4)
    x, y, row_height = 0.0, 0.0, 0.0
    for group, (x0, y0, x1, y1) in boxes:
        if x > 0 and x + (x1 - x0) > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for p in group:
            p.x += MARGIN + x - x0
            p.y += MARGIN + _legend_height(size) + y - y0
        x += x1 - x0 + gap
        row_height = max(row_height, y1 - y0)


# ---------------------------------------------------------------------------------------------------
# Overlaps in the network: nodes and labels kept apart


class _Grid:
    """Circles and label boxes bucketed by square cells, so a label is checked only against what is near
    it: the work grows with the number of nodes, not with its square."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, ...]]] = defaultdict(list)

    @staticmethod
    def _keys(left: float, top: float, right: float, bottom: float) -> Iterator[tuple[int, int]]:
        for i in range(math.floor(left / CELL), math.floor(right / CELL) + 1):
            for j in range(math.floor(top / CELL), math.floor(bottom / CELL) + 1):
                yield i, j

    def add_circle(self, x: float, y: float, r: float) -> None:
        for key in self._keys(x - r, y - r, x + r, y + r):
            self.cells[key].append((x, y, r))

    def add_box(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(*box):
            self.cells[key].append(box)

    def free_circle(self, x: float, y: float, r: float) -> bool:
        """Whether the circle around (x, y) of radius r touches no circle and no box in the grid."""
        for key in self._keys(x - r, y - r, x + r, y + r):
            for shape in self.cells.get(key, ()):
                if len(shape) == 3:
                    if (x - shape[0]) ** 2 + (y - shape[1]) ** 2 < (r + shape[2]) ** 2:
                        return False
                else:
                    dx, dy = max(shape[0] - x, 0.0, x - shape[2]), max(shape[1] - y, 0.0, y - shape[3])
                    if dx * dx + dy * dy < r * r:
                        return False
        return True

    def free(self, box: tuple[float, float, float, float]) -> bool:
        """Whether `box` touches no circle and no box in the grid."""
        left, top, right, bottom = box
        for key in self._keys(*box):
            for shape in self.cells.get(key, ()):
                if len(shape) == 3:  # a circle: is its centre nearer to the box than its radius?
                    x, y, r = shape
                    dx, dy = max(left - x, 0.0, x - right), max(top - y, 0.0, y - bottom)
                    if dx * dx + dy * dy < r * r:
                        return False
                elif min(right, shape[2]) > max(left, shape[0]) and min(bottom, shape[3]) > max(top, shape[1]):
                    return False
        return True


def _settle(group: list[_Placed]) -> None:
    """Place the nodes one by one, the most central first: each where the layout put it, with its label on
    the first side (_SIDES) where circle and label touch nothing placed before, or else at the nearest spot
    where they do, on rings around that place, outward first. Afterwards nothing overlaps, and the picture is
    the layout's wherever there was room."""
    cx = sum(p.x for p in group) / len(group)
    cy = sum(p.y for p in group) / len(group)
    grid = _Grid()
    for p in sorted(group, key=lambda p: (round(math.hypot(p.x - cx, p.y - cy), 3), p.node.slug)):
        # Each side's label box relative to the centre: the same wherever the node goes.
        x0, y0 = p.x, p.y
        reach = [(side, _shift(p.label_at(side, p.lines)[2], -x0, -y0)) for side in _SIDES]
        r = p.r + NODE_PAD
        for x, y in _rings(x0, y0, round(math.atan2(y0 - cy, x0 - cx), 6)):
            if not grid.free_circle(x, y, r):
                continue
            side = next((side for side, (left, top, right, bottom) in reach if grid.free(
                (x + left - LABEL_PAD_X, y + top - LABEL_PAD_Y, x + right + LABEL_PAD_X, y + bottom + LABEL_PAD_Y))),
                None)
            if side:
                break
        p.x, p.y, p.side = x, y, side
        grid.add_circle(x, y, r)
        grid.add_box(p.label_at(side, p.lines)[2])


def _shift(box: tuple[float, float, float, float], dx: float, dy: float) -> tuple[float, float, float, float]:
    return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy


def _rings(x: float, y: float, outward: float) -> Iterator[tuple[float, float]]:
    """(x, y) itself, then points on rings RING apart around it, each ring starting in the direction
    `outward` and alternating to both sides of it. Rounded, so libm's last bits cannot change the layout."""
    yield x, y
    for ring in range(1, 10_000):  # far beyond any drawing: some ring is free long before
        radius = ring * RING
        count = max(8, int(2 * math.pi * radius / RING))
        for k in range(count):
            angle = outward + (k + 1) // 2 * (2 * math.pi / count) * (1 if k % 2 else -1)
            yield round(x + radius * math.cos(angle), 3), round(y + radius * math.sin(angle), 3)


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


def _elbow(a: _Placed, b: _Placed, trunk: float, uid: str) -> str:
    """A neighbourhood's arrow: from a neighbour's circle left to the trunk and along it to the article,
    or from the article along the trunk and right to the neighbour, ending in the arrowhead."""
    if a.x == trunk:  # from the article, down or up the trunk to b's row
        way = 1 if b.y > a.y else -1
        d = f"M{_num(trunk)},{_num(a.y + way * (a.r + GAP))}V{_num(b.y)}H{_num(b.x - b.r - GAP)}"
    else:  # from a's row to the trunk, along it to the article
        way = 1 if b.y > a.y else -1
        d = f"M{_num(a.x - a.r - GAP)},{_num(a.y)}H{_num(trunk)}V{_num(b.y - way * (b.r + GAP))}"
    return (f'<path class="net-edge" data-from={_attr(a.node.slug)} data-to={_attr(b.node.slug)} d="{d}"'
            f' fill="none" stroke="currentColor" stroke-opacity="0.55" stroke-width="1.2"'
            f' marker-end="url(#{uid}-arrow)"/>')


def _shape(kind: str, x: float, y: float, r: float) -> str:
    if kind == "article":
        return (f'<circle class="net-article" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}"'
                f' fill="currentColor" stroke="currentColor" stroke-width="1.5"/>')
    # The light fill keeps the whole ring clickable; the dashes set it apart without colour.
    return (f'<circle class="net-stub" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="currentColor"'
            f' fill-opacity="0.08" stroke="currentColor" stroke-width="1.5" stroke-dasharray="3 2"/>')


def _label(p: _Placed) -> str:
    if not p.lines:
        return ""
    x, first, _ = p.label_at(p.side, p.lines)
    step = p.size * LINE_EM
    spans = "".join(f'<tspan x="{_num(x)}" y="{_num(first + i * step)}">{_text(line)}</tspan>'
                    for i, line in enumerate(p.lines))
    # The Canvas-coloured halo keeps labels readable where they cross edges, in light and dark mode.
    return (f'<text class="net-label" text-anchor="{_ANCHORS[p.side]}" fill="currentColor" stroke="Canvas"'
            f' stroke-width="3" stroke-linejoin="round" paint-order="stroke"{_BOLD if p.bold else ""}>{spans}</text>')


def _tooltip(node: Node) -> str:
    title = _name(node)
    return _text(title if node.kind == "article" else f"{title} (noch nicht im Dossier)")


def _node_svg(p: _Placed) -> str:
    return (f'<a class="net-node" href={_attr(p.node.url)}><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p)}</a>")


def _center_svg(p: _Placed) -> str:
    # Not a link: the reader is on this page already.
    return (f'<g class="net-node net-center"><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p)}</g>")


_LEGEND = (("article", "Artikel"), ("stub", "Noch nicht im Dossier"), ("edge", "Verweis"))
_LEGEND_ITEM = 22.0  # symbol plus the space before its text


def _legend_height(size: float, rows: int = 1) -> float:
    return size + 14.0 + (rows - 1) * size * LINE_EM * 1.4


def _item_width(text: str, size: float) -> float:
    return _LEGEND_ITEM + text_width(text, size) + 16


def _legend_width(size: float) -> float:
    return sum(_item_width(text, size) for _, text in _LEGEND)


def _legend_rows(size: float, width: float | None = None) -> list[list[tuple[str, str]]]:
    """The legend's items in rows no wider than `width` (one row when None)."""
    rows: list[list[tuple[str, str]]] = [[]]
    for item in _LEGEND:
        if width is not None and rows[-1] and _rows_width([rows[-1] + [item]], size) > width:
            rows.append([])
        rows[-1].append(item)
    return rows


def _rows_width(rows: list[list[tuple[str, str]]], size: float) -> float:
    """The width the legend's rows take, the space after the last item left out."""
    return max(sum(_item_width(text, size) for _, text in row) - 16 for row in rows)


def _legend(uid: str, size: float, rows: list[list[tuple[str, str]]] | None = None) -> str:
    parts = ['<g class="net-legend" aria-hidden="true">']
    for n, row in enumerate(rows or _legend_rows(size)):
        x, y = float(MARGIN), MARGIN + 8.0 + n * size * LINE_EM * 1.4
        for kind, text in row:
            if kind == "edge":
                parts.append(f'<line class="net-edge" x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 16)}"'
                             f' y2="{_num(y)}" stroke="currentColor" stroke-opacity="0.55" stroke-width="1.2"'
                             f' marker-end="url(#{uid}-arrow)"/>')
            else:
                parts.append(_shape(kind, x + 7, y, R_ARTICLE - 1 if kind == "article" else R_STUB - 1))
            parts.append(f'<text class="net-legend-text" x="{_num(x + _LEGEND_ITEM)}" y="{_num(y + size * 0.35)}"'
                         f' fill="currentColor">{_text(text)}</text>')
            x += _item_width(text, size)
    parts.append("</g>")
    return "\n".join(parts)


def _document(uid: str, title: str, desc: str, body: list[str], kind: str, size: tuple[float, float],
              font_size: float, legend: str | None = None) -> str:
    """The SVG around `body`, with the legend (`legend`, or the legend in one row, which it is as wide
    as at least)."""
    width = size[0] if legend is not None else max(size[0], _legend_width(font_size) + 2 * MARGIN)
    height = size[1]
    w, h = _num(math.ceil(width)), _num(math.ceil(height))
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="net {kind}" viewBox="0 0 {w} {h}" width="{w}"'
        f' height="{h}" role="group" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc"'
        f' font-family="system-ui, sans-serif" font-size="{_num(font_size)}">',
        f'<title id="{uid}-title">{_text(title)}</title>',
        f'<desc id="{uid}-desc">{_text(desc)}</desc>',
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8"'
        ' markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0L10,5L0,10z" fill="currentColor" fill-opacity="0.8"/></marker></defs>',
        legend if legend is not None else _legend(uid, font_size),
        *body,
        "</svg>",
    ]) + "\n"
