"""Where a drawing's nodes, labels and legend go, in units of CSS pixels (a drawing is shown at its own size).

The network: a force layout per connected component, the components packed in rows below the legend. No
label touches another label or a node: after the force layout the nodes settle one by one, each with its
label on the first free side of its circle or else at the nearest free spot, checked against a grid of
what is near (linear, not quadratic).

A neighbourhood: a tree narrow enough for a phone, one row per neighbour, "Verwiesen von" above the article
and "Lesen Sie auch" below, joined along a trunk on the left.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from generator.network.graph import Node, Sides, components
from generator.network.text import ASCENT_EM, DESCENT_EM, LINE_EM, block, fit, name, text_width, wrap

FONT_SIZE = 12  # of a neighbourhood, shown at its own size: the site's small text on a phone
NET_FONT_SIZE = 15  # of the network, shown at its own size: not under the site's small text (.9rem, 14.4 px)
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

ANCHORS = {"below": "middle", "right": "start", "left": "end"}  # label side -> text-anchor
_SIDES = ("below", "right", "left")  # a network label's sides by preference (one above would seem to name
# the node above it)

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Placed:
    """A node with its position (mutable while the layout runs), its label lines, the side of its circle
    they are on and their font size."""

    __slots__ = ("node", "x", "y", "r", "lines", "side", "size", "bold")

    def __init__(self, node: Node, x: float, y: float, r: float, lines: list[str], side: str, size: float,
                 bold: bool = False) -> None:
        self.node, self.x, self.y, self.r, self.lines, self.side = node, x, y, r, lines, side
        self.size, self.bold = size, bold

    def label_at(self, side: str, lines: list[str]) -> tuple[float, float, Box]:
        """(x of the text anchor, first baseline, (left, top, right, bottom)) of `lines` on `side`."""
        size = self.size
        w = max(text_width(line, size, self.bold) for line in lines)
        between = (len(lines) - 1) * size * LINE_EM  # from the first baseline to the last
        if side == "below":
            x, first = self.x, self.y + self.r + GAP + ASCENT_EM * size
        else:  # beside the circle, the lines centred on it
            x = self.x + (self.r + 2 * GAP) * (1 if side == "right" else -1)
            first = self.y + 0.35 * size - between / 2  # 0.35 em: half the x-height, so text looks centred
        left = {"middle": x - w / 2, "start": x, "end": x - w}[ANCHORS[side]]
        return x, first, (left, first - ASCENT_EM * size, left + w, first + between + DESCENT_EM * size)

    def box(self) -> Box:
        """(left, top, right, bottom) of circle and label, from the label width estimate."""
        x, y, r = self.x, self.y, self.r
        if not self.lines:
            return x - r, y - r, x + r, y + r
        left, top, right, bottom = self.label_at(self.side, self.lines)[2]
        return min(left, x - r), min(top, y - r), max(right, x + r), max(bottom, y + r)


def _radius(node: Node) -> float:
    return R_ARTICLE if node.kind == "article" else R_STUB


def bounds(group: list[Placed]) -> Box:
    boxes = [p.box() for p in group]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


# ---------------------------------------------------------------------------------------------------
# The whole network


def network(by_slug: dict[str, Node], pairs: list[tuple[str, str]]) -> list[Placed]:
    """The nodes placed, in reading and tab order: component by component, top to bottom, left to right.
    The top-left corner of what is drawn is at the margin, below the legend."""
    neighbours: dict[str, set[str]] = {s: set() for s in by_slug}
    for a, b in pairs:  # the layout ignores direction
        neighbours[a].add(b)
        neighbours[b].add(a)

    placed: list[Placed] = []
    boxes: list[tuple[list[Placed], Box]] = []
    for component in components(neighbours):
        group = [_network_node(by_slug[s]) for s in component]
        _force_layout(group, neighbours)
        _settle(group)
        boxes.append((group, bounds(group)))
    _pack(boxes, NET_FONT_SIZE)
    for group, _ in boxes:
        placed += sorted(group, key=lambda p: (round(p.y / ROW), p.x, p.node.slug))
    return placed


def _network_node(node: Node) -> Placed:
    return Placed(node, 0.0, 0.0, _radius(node), wrap(name(node), LABEL_CHARS, 2), "below", NET_FONT_SIZE)


def _force_layout(group: list[Placed], neighbours: dict[str, set[str]]) -> None:
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


def _pack(boxes: list[tuple[list[Placed], Box]], size: float) -> None:
    """Place components in rows, left to right, biggest first, below the legend (of font size `size`)."""
    gap = 24.0
    area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for _, b in boxes)
    row_width = max(legend_width(size), max(b[2] - b[0] for _, b in boxes), math.sqrt(area) * 1.4)
    x, y, row_height = 0.0, 0.0, 0.0
    for group, (x0, y0, x1, y1) in boxes:
        if x > 0 and x + (x1 - x0) > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for p in group:
            p.x += MARGIN + x - x0
            p.y += MARGIN + legend_height(size) + y - y0
        x += x1 - x0 + gap
        row_height = max(row_height, y1 - y0)


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

    def add_box(self, box: Box) -> None:
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

    def free(self, box: Box) -> bool:
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


def _settle(group: list[Placed]) -> None:
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


def _shift(box: Box, dx: float, dy: float) -> Box:
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
# An article's neighbourhood


@dataclass(frozen=True)
class Rows:
    """A neighbourhood laid out, never wider than NB_WIDTH."""

    middle: Placed  # the article, on the trunk
    below: list[Placed]  # "Lesen Sie auch"
    above: list[Placed]  # "Verwiesen von"
    texts: list[tuple[str, float, float, str, str]]  # headings and "+ n weitere": text, x, baseline, anchor, class
    legend: list[list[tuple[str, str]]]  # the legend's rows
    trunk: float  # x of the article and of the trunk below and above it
    size: tuple[float, float]  # width, height


def neighbourhood(center: Node, sides: Sides) -> Rows:
    """Each neighbour a row with its label on the right, the article's label fitted beside it."""
    size = FONT_SIZE
    trunk = MARGIN + R_CENTER
    node_x = trunk + INDENT
    room = NB_WIDTH - MARGIN - (node_x + R_ARTICLE + 2 * GAP)  # for a neighbour's label
    legend = legend_rows(size, NB_WIDTH - 2 * MARGIN)
    y = MARGIN + legend_height(size, len(legend))
    texts: list[tuple[str, float, float, str, str]] = []

    def text_row(text: str, cls: str) -> None:
        nonlocal y
        texts.append((text, node_x - R_ARTICLE, y + ASCENT_EM * size, "start", cls))
        y += (ASCENT_EM + DESCENT_EM) * size + NB_PAD

    def rows(members: list[Node]) -> list[Placed]:
        nonlocal y
        placed = []
        for node in members:
            lines = fit(name(node), room, 2, size)
            height = max(2 * _radius(node), block(len(lines), size))
            placed.append(Placed(node, node_x, y + height / 2, _radius(node), lines, "right", size))
            y += height + NB_PAD
        return placed

    def group(heading: str, members: list[Node], hidden: int) -> list[Placed]:
        """A heading, the rows, "+ n weitere"."""
        if members:
            text_row(heading, "net-heading")
        placed = rows(members)
        if hidden:
            text_row(f"+ {hidden} weitere", "net-more")
        return placed

    above = group("Verwiesen von", sides.above, sides.hidden_above)
    y += NB_PAD
    middle_lines = fit(name(center), NB_WIDTH - MARGIN - (trunk + R_CENTER + 2 * GAP), 3, size, bold=True)
    middle_h = max(2 * R_CENTER, block(len(middle_lines), size))
    middle = Placed(center, trunk, y + middle_h / 2, R_CENTER, middle_lines, "right", size, bold=True)
    y += middle_h + 2 * NB_PAD
    below = group("Lesen Sie auch", sides.below, sides.hidden_below)

    right = max([bounds([middle, *below, *above])[2]] + [x + text_width(text, size, cls == "net-heading")
                                                         for text, x, _, _, cls in texts])
    width = max(right, rows_width(legend, size)) + MARGIN
    return Rows(middle, below, above, texts, legend, trunk, (width, y - NB_PAD + MARGIN))


# ---------------------------------------------------------------------------------------------------
# The legend

LEGEND = (("article", "Artikel"), ("stub", "Noch nicht im Dossier"), ("edge", "Verweis"))
LEGEND_ITEM = 22.0  # symbol plus the space before its text


def legend_height(size: float, rows: int = 1) -> float:
    return size + 14.0 + (rows - 1) * size * LINE_EM * 1.4


def item_width(text: str, size: float) -> float:
    return LEGEND_ITEM + text_width(text, size) + 16


def legend_width(size: float) -> float:
    return sum(item_width(text, size) for _, text in LEGEND)


def legend_rows(size: float, width: float | None = None) -> list[list[tuple[str, str]]]:
    """The legend's items in rows no wider than `width` (one row when None)."""
    rows: list[list[tuple[str, str]]] = [[]]
    for item in LEGEND:
        if width is not None and rows[-1] and rows_width([rows[-1] + [item]], size) > width:
            rows.append([])
        rows[-1].append(item)
    return rows


def rows_width(rows: list[list[tuple[str, str]]], size: float) -> float:
    """The width the legend's rows take, the space after the last item left out."""
    return max(sum(item_width(text, size) for _, text in row) - 16 for row in rows)
