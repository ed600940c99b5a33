"""The two drawings as SVG markup: what graph.py selects, placed by layout.py, with a title and a
description for screen readers.

Every node is a link with its full title as `<title>` (tooltip and accessible name); articles are
filled circles, pages not yet in the dossier ("stubs") dashed rings, so the two differ without colour.
Colours are `currentColor` (plus a `Canvas` halo behind labels), so the page's text and link colours,
including dark mode, apply; the CSS classes `net-*` let the site's stylesheet restyle everything.
Numbers have one decimal at most and ids derive from the input, so the markup is byte-identical on
every run.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from xml.sax.saxutils import escape

from generator.network import graph, layout
from generator.network.graph import Node
from generator.network.layout import (ANCHORS, FONT_SIZE, GAP, LEGEND_ITEM, MARGIN, NET_FONT_SIZE, R_ARTICLE,
                                      R_STUB, Placed, item_width, legend_rows, legend_width)
from generator.network.text import LINE_EM, clean, name

_BOLD = ' font-weight="bold"'


def network_svg(nodes: list[Node], edges: list[tuple[str, str]], title: str = "Netz der Verweise") -> str:
    """The whole reference graph; "" when there are no nodes.

    Self-references, repeated edges and edges to unknown slugs are ignored. More than MAX_NODES nodes:
    the best-connected ones are drawn (by degree, ties by slug) and the description says how many not.
    """
    by_slug, pairs, omitted = graph.select(nodes, edges)
    if not by_slug:
        return ""
    placed = layout.network(by_slug, pairs)

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
    _, _, x1, y1 = layout.bounds(placed)  # the top-left corner is at the margin, below the legend
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
    sides = graph.sides(center, outgoing, incoming)
    if sides is None:
        return ""
    rows = layout.neighbourhood(center, sides)
    middle, below, above = rows.middle, rows.below, rows.above
    inc_slugs = {n.slug for n in sides.incoming}

    drawn = [center] + [p.node for p in below + above]
    mutual = sum(1 for p in below if p.node.slug in inc_slugs)
    desc = _counts(drawn, len(below) + mutual + len(above))
    desc += f" Oben „Verwiesen von“ ({len(sides.incoming)}), unten „Lesen Sie auch“ ({len(sides.outgoing)})."
    if mutual:
        desc += (f" {_plural(mutual, 'Artikel verweist', 'Artikel verweisen')} in beide Richtungen"
                 f" und {'steht' if mutual == 1 else 'stehen'} unten.")
    if sides.hidden_below + sides.hidden_above:
        desc += f" {sides.hidden_below + sides.hidden_above} weitere sind nicht gezeigt."

    uid = _uid("nb", center, sides.outgoing, sides.incoming)
    edges = [_elbow(a, b, rows.trunk, uid) for a, b, _ in _edge_specs(middle, below, above, inc_slugs)]
    texts = [f'<text class="{cls}" x="{_num(x)}" y="{_num(baseline)}" text-anchor="{anchor}"'
             f' fill="currentColor"{_BOLD if cls == "net-heading" else ""}>{_text(text)}</text>'
             for text, x, baseline, anchor, cls in rows.texts]
    body = ['<g class="net-edges" aria-hidden="true">', *edges, "</g>"]
    body += ['<g class="net-labels" aria-hidden="true">', *texts, "</g>"]
    body += ['<g class="net-nodes">', _center_svg(middle)]
    if above:
        body += ['<g class="net-in" role="group" aria-label="Verwiesen von">',
                 *(_node_svg(p) for p in above), "</g>"]
    if below:
        body += ['<g class="net-out" role="group" aria-label="Lesen Sie auch">',
                 *(_node_svg(p) for p in below), "</g>"]
    body.append("</g>")
    title = f"Verweise rund um „{name(center)}“"
    return _document(uid, title, desc, body, "net-neighbourhood", rows.size, FONT_SIZE,
                     _legend(uid, FONT_SIZE, rows.legend))


# ---------------------------------------------------------------------------------------------------
# Descriptions


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
# Markup


def _text(text: str) -> str:
    return escape(clean(text))


def _attr(text: str) -> str:
    return '"' + escape(clean(text), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}) + '"'


def _num(value: float) -> str:
    """One decimal, no "-0" and no ".0": stable output across runs and tiny float differences."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _uid(prefix: str, *parts: object) -> str:
    """An id prefix derived from the input: deterministic, and two different drawings on one page differ."""
    return f"{prefix}-{hashlib.sha256(repr(parts).encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _edge_specs(middle: Placed, right: list[Placed], left: list[Placed],
                inc: set[str]) -> Iterator[tuple[Placed, Placed, bool]]:
    """Neighbourhood edges: centre to every right node, back from the mutual ones, left nodes to centre."""
    for p in right:
        yield middle, p, p.node.slug in inc
    for p in right:
        if p.node.slug in inc:
            yield p, middle, True
    for p in left:
        yield p, middle, False


def _edge(a: Placed, b: Placed, two_way: bool, uid: str) -> str:
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


def _elbow(a: Placed, b: Placed, trunk: float, uid: str) -> str:
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


def _label(p: Placed) -> str:
    if not p.lines:
        return ""
    x, first, _ = p.label_at(p.side, p.lines)
    step = p.size * LINE_EM
    spans = "".join(f'<tspan x="{_num(x)}" y="{_num(first + i * step)}">{_text(line)}</tspan>'
                    for i, line in enumerate(p.lines))
    # The Canvas-coloured halo keeps labels readable where they cross edges, in light and dark mode.
    return (f'<text class="net-label" text-anchor="{ANCHORS[p.side]}" fill="currentColor" stroke="Canvas"'
            f' stroke-width="3" stroke-linejoin="round" paint-order="stroke"{_BOLD if p.bold else ""}>{spans}</text>')


def _tooltip(node: Node) -> str:
    title = name(node)
    return _text(title if node.kind == "article" else f"{title} (noch nicht im Dossier)")


def _node_svg(p: Placed) -> str:
    return (f'<a class="net-node" href={_attr(p.node.url)}><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p)}</a>")


def _center_svg(p: Placed) -> str:
    # Not a link: the reader is on this page already.
    return (f'<g class="net-node net-center"><title>{_tooltip(p.node)}</title>'
            f"{_shape(p.node.kind, p.x, p.y, p.r)}{_label(p)}</g>")


def _legend(uid: str, size: float, rows: list[list[tuple[str, str]]] | None = None) -> str:
    parts = ['<g class="net-legend" aria-hidden="true">']
    for n, row in enumerate(rows or legend_rows(size)):
        x, y = float(MARGIN), MARGIN + 8.0 + n * size * LINE_EM * 1.4
        for kind, text in row:
            if kind == "edge":
                parts.append(f'<line class="net-edge" x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 16)}"'
                             f' y2="{_num(y)}" stroke="currentColor" stroke-opacity="0.55" stroke-width="1.2"'
                             f' marker-end="url(#{uid}-arrow)"/>')
            else:
                parts.append(_shape(kind, x + 7, y, R_ARTICLE - 1 if kind == "article" else R_STUB - 1))
            parts.append(f'<text class="net-legend-text" x="{_num(x + LEGEND_ITEM)}" y="{_num(y + size * 0.35)}"'
                         f' fill="currentColor">{_text(text)}</text>')
            x += item_width(text, size)
    parts.append("</g>")
    return "\n".join(parts)


def _document(uid: str, title: str, desc: str, body: list[str], kind: str, size: tuple[float, float],
              font_size: float, legend: str | None = None) -> str:
    """The SVG around `body`, with the legend (`legend`, or the legend in one row, which it is as wide
    as at least)."""
    width = size[0] if legend is not None else max(size[0], legend_width(font_size) + 2 * MARGIN)
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
