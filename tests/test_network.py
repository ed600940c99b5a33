"""The reference network as static SVG: well-formed, accessible, escaped, deterministic, readable."""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO
from generator.network import Node, neighbourhood_svg, network_svg
from generator.network.graph import MAX_NODES, MAX_SIDE
from generator.network.layout import NB_WIDTH
from generator.network.text import ASCENT_EM, DESCENT_EM, text_width
from generator.typography import german_quotes

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & ]]>'


def article(slug: str, title: str | None = None) -> Node:
    return Node(slug, title or f"Artikel {slug}", f"/dossier/artikel/{slug}/", "article")


def stub(slug: str, title: str | None = None) -> Node:
    return Node(slug, title or f"Offen {slug}", f"/dossier/artikel/{slug}/", "stub")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises if the SVG is not well-formed XML
    assert root.tag == f"{NS}svg"
    return root


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{NS}a")


def edges(root: ET.Element) -> list[tuple[str, str]]:
    return [(e.get("data-from"), e.get("data-to")) for e in root.find(f"{NS}g[@class='net-edges']")]


def desc(root: ET.Element) -> str:
    return root.find(f"{NS}desc").text


def centre(a: ET.Element) -> tuple[float, float]:
    circle = a.find(f"{NS}circle")
    return float(circle.get("cx")), float(circle.get("cy"))


def small() -> tuple[list[Node], list[tuple[str, str]]]:
    """3 articles, 5 stubs, 7 distinct references, plus noise that must not be drawn."""
    nodes = [article("a"), article("b"), article("c")] + [stub(f"s{i}") for i in range(5)]
    refs = [("a", "b"), ("b", "a"), ("a", "s0"), ("a", "s1"), ("b", "s2"), ("c", "s3"), ("c", "s4")]
    noise = [("a", "a"), ("a", "b"), ("c", "s4"), ("c", "nirgends"), ("nirgends", "a")]
    return nodes, refs + noise


def test_one_link_per_node_with_its_href():
    nodes, refs = small()
    root = parse(network_svg(nodes + [article("a")], refs))  # a node given twice is drawn once
    hrefs = [a.get("href") for a in links(root)]
    assert sorted(hrefs) == sorted(n.url for n in nodes)
    for a in links(root):
        assert a.find(f"{NS}title") is not None  # tooltip and accessible name
        assert a.find(f"{NS}text").get("class") == "net-label"


def test_one_edge_per_distinct_reference_and_none_to_unknown_or_self():
    nodes, refs = small()
    root = parse(network_svg(nodes, refs))
    drawn = edges(root)
    assert sorted(drawn) == sorted({("a", "b"), ("b", "a"), ("a", "s0"), ("a", "s1"), ("b", "s2"),
                                    ("c", "s3"), ("c", "s4")})
    markers = {m.get("id") for m in root.iter(f"{NS}marker")}
    for line in root.find(f"{NS}g[@class='net-edges']"):
        assert line.get("class") == "net-edge"
        assert line.get("marker-end")[len("url(#"):-1] in markers


def test_arrows_point_from_the_referencing_article_to_the_referenced_one():
    nodes, refs = small()
    root = parse(network_svg(nodes, refs))
    at = {a.get("href").split("/")[-2]: centre(a) for a in links(root)}
    for line in root.find(f"{NS}g[@class='net-edges']"):
        start = float(line.get("x1")), float(line.get("y1"))
        end = float(line.get("x2")), float(line.get("y2"))
        source, target = at[line.get("data-from")], at[line.get("data-to")]
        assert math.dist(end, target) < math.dist(end, source)
        assert math.dist(start, source) < math.dist(start, target)


def test_stubs_are_dashed_rings_and_articles_filled_circles_not_only_by_colour():
    nodes, refs = small()
    root = parse(network_svg(nodes, refs))
    by_href = {a.get("href"): a for a in links(root)}
    for node in nodes:
        a = by_href[node.url]
        circle = a.find(f"{NS}circle")
        tooltip = a.find(f"{NS}title").text
        if node.kind == "article":
            assert circle.get("class") == "net-article"
            assert circle.get("stroke-dasharray") is None and circle.get("fill-opacity") is None
            assert tooltip == node.title
        else:
            assert circle.get("class") == "net-stub"
            assert circle.get("stroke-dasharray")
            assert float(circle.get("fill-opacity")) < 0.5
            assert tooltip == f"{node.title} (noch nicht im Dossier)"  # also for screen readers


def test_legend_explains_both_shapes_and_the_arrow():
    nodes, refs = small()
    root = parse(network_svg(nodes, refs))
    legend = root.find(f"{NS}g[@class='net-legend']")
    assert [t.text for t in legend.iter(f"{NS}text")] == ["Artikel", "Noch nicht im Dossier", "Verweis"]
    assert {c.get("class") for c in legend.iter(f"{NS}circle")} == {"net-article", "net-stub"}
    assert legend.find(f"{NS}line").get("marker-end")


def test_title_and_desc_label_the_drawing_and_count_what_is_drawn():
    nodes, refs = small()
    root = parse(network_svg(nodes, refs, title="Nordkorea und Russland"))
    assert root.get("role") == "group"
    assert root.get("viewBox").startswith("0 0 ")
    title, description = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == description.get("id")
    assert title.text == "Nordkorea und Russland"
    assert description.text == "3 Artikel, 5 offene Verweise, 7 Verweise."
    one = parse(network_svg([article("a"), stub("s")], [("a", "s")]))
    assert desc(one) == "1 Artikel, 1 offener Verweis, 1 Verweis."
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_hostile_titles_and_urls_are_escaped():
    nodes = [Node("a", HOSTILE, '/x/"><script>alert(1)</script>/', "article"), stub("s", HOSTILE)]
    svg = network_svg(nodes, [("a", "s")], title=HOSTILE)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == HOSTILE
    tooltips = sorted(t.text for a in links(root) for t in a.findall(f"{NS}title"))
    shown = german_quotes(HOSTILE)  # with German quotes, like every page shows a title
    assert tooltips == [shown, f"{shown} (noch nicht im Dossier)"]
    assert '/x/"><script>alert(1)</script>/' in [a.get("href") for a in links(root)]
    centre_svg = neighbourhood_svg(nodes[0], [nodes[1]], [])
    assert "<script>" not in centre_svg
    assert shown in parse(centre_svg).find(f"{NS}title").text


def test_characters_xml_cannot_carry_are_dropped_not_emitted():
    svg = network_svg([article("a", "Kim\x00 trifft\x1b Putin\ufffe")], [])
    root = parse(svg)
    assert links(root)[0].find(f"{NS}title").text == "Kim trifft Putin"


def test_same_input_gives_byte_identical_output_whatever_the_order():
    nodes, refs = small()
    first = network_svg(nodes, refs)
    assert network_svg(nodes, refs) == first
    rng = random.Random(7)
    for _ in range(5):
        shuffled_nodes, shuffled_refs = nodes[:], refs[:]
        rng.shuffle(shuffled_nodes)
        rng.shuffle(shuffled_refs)
        assert network_svg(shuffled_nodes, shuffled_refs) == first
    numbers = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy)="(-?[\d.]+)"', first)
    assert numbers and all(len(n.partition(".")[2]) <= 1 for n in numbers)  # rounded to one decimal


def big(n_articles: int, n_stubs: int, seed: int = 1) -> tuple[list[Node], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [article(f"a{i:03d}", f"Artikel Nummer {i} über Raketen und Diplomatie") for i in range(n_articles)]
    nodes += [stub(f"s{i:03d}", f"Offener Verweis {i}") for i in range(n_stubs)]
    refs = [(f"a{i:03d}", rng.choice(nodes).slug) for i in range(n_articles) for _ in range(rng.randint(0, 3))]
    return nodes, refs


def test_large_dossiers_draw_the_best_connected_150_and_say_how_many_are_left_out():
    nodes, refs = big(170, 60)
    root = parse(network_svg(nodes, refs))
    drawn = {a.get("href").split("/")[-2] for a in links(root)}
    assert len(drawn) == MAX_NODES
    degree = {n.slug: 0 for n in nodes}
    for a, b in {(a, b) for a, b in refs if a != b}:
        degree[a] += 1
        degree[b] += 1
    left_out = set(degree) - drawn
    assert min(degree[s] for s in drawn) >= max(degree[s] for s in left_out)
    assert desc(root).endswith(f" {len(nodes) - MAX_NODES} weniger verknüpfte Einträge sind nicht gezeigt.")
    articles = sum(1 for a in root.iter(f"{NS}circle") if a.get("class") == "net-article") - 1  # legend
    shown = re.match(r"(\d+) Artikel, (\d+) offene Verweise, (\d+) Verweise\.", desc(root))
    assert int(shown[1]) == articles
    assert int(shown[3]) == len(edges(root))
    assert all(a in drawn and b in drawn for a, b in edges(root))


def label_boxes(root: ET.Element, size: float) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of every label at font size `size`, from its anchor and the width estimate
    (test_network_legibility.py checks the real sizes in a browser)."""
    boxes = []
    for text in root.iter(f"{NS}text"):
        anchor = text.get("text-anchor", "start")
        bold = text.get("font-weight") == "bold"
        lines = []
        for span in text.findall(f"{NS}tspan") or [text]:
            x, y, width = float(span.get("x")), float(span.get("y")), text_width(span.text, size, bold)
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            lines.append((left, y - ASCENT_EM * size, left + width, y + DESCENT_EM * size))
        boxes.append((min(b[0] for b in lines), min(b[1] for b in lines),
                      max(b[2] for b in lines), max(b[3] for b in lines)))
    return boxes


def assert_inside_viewbox(svg: str) -> None:
    root = parse(svg)
    x0, y0, width, height = map(float, root.get("viewBox").split())
    assert (x0, y0) == (0, 0) and float(root.get("width")) == width
    for circle in root.iter(f"{NS}circle"):
        cx, cy, r = (float(circle.get(k)) for k in ("cx", "cy", "r"))
        assert r <= cx <= width - r and r <= cy <= height - r, circle.attrib
    for left, top, right, bottom in label_boxes(root, float(root.get("font-size"))):
        assert 0 <= left and right <= width and 0 <= top and bottom <= height, (left, top, right, bottom)


@pytest.mark.parametrize("case", ["star", "small", "large", "isolated"])
def test_nodes_and_labels_stay_inside_the_viewbox(case):
    if case == "star":
        nodes = [article("a", "Ein sehr langer Titel über Kim Jong Un und Wladimir Putin in Wladiwostok")]
        nodes += [stub(f"s{i}", "Verteidigungsministeriumssprecherin" * 2) for i in range(5)]
        refs = [("a", n.slug) for n in nodes[1:]]
    elif case == "small":
        nodes, refs = small()
    elif case == "large":
        nodes, refs = big(200, 40)
    else:
        nodes, refs = [article(f"a{i}") for i in range(9)], []
    assert_inside_viewbox(network_svg(nodes, refs))


def test_labels_of_a_small_network_do_not_overlap():
    nodes, refs = big(25, 10, seed=3)
    root = parse(network_svg(nodes, refs))
    boxes = [b for a in links(root) for b in label_boxes(a, float(root.get("font-size")))]
    for i, (l1, t1, r1, b1) in enumerate(boxes):
        for l2, t2, r2, b2 in boxes[i + 1:]:
            assert min(r1, r2) <= max(l1, l2) or min(b1, b2) <= max(t1, t2), ((l1, t1), (l2, t2))


def small_text_px() -> float:
    """The size of the site's small text, that of dates (`time`), in CSS px at the usual 16 px root."""
    css = (REPO / "generator" / "layouts" / "assets" / "style.css").read_text(encoding="utf-8")
    rule = re.search(r"[^{}]*\btime\b[^{}]*\{[^}]*font-size:\s*([\d.]+)rem", css)
    return float(rule[1]) * 16


def circles(root: ET.Element) -> list[tuple[float, float, float]]:
    """(x, y, radius with half the stroke) of every node."""
    return [(float(c.get("cx")), float(c.get("cy")), float(c.get("r")) + float(c.get("stroke-width")) / 2)
            for a in links(root) for c in a.iter(f"{NS}circle")]


@pytest.mark.parametrize("case", ["150 nodes", "star", "one long chain"])
def test_network_labels_are_small_text_size_at_scale_one_and_touch_no_label_and_no_node(case):
    """By the layout's own width estimate (test_network_legibility.py measures the real fonts in Chromium)."""
    if case == "150 nodes":
        nodes, refs = big(170, 60)
    elif case == "star":
        nodes = [article("mitte", "Kim trifft Putin")] + [stub(f"s{i:02d}", f"Offener Verweis Nummer {i}")
                                                          for i in range(40)]
        refs = [("mitte", n.slug) for n in nodes[1:]]
    else:
        nodes = [article(f"k{i:02d}", f"Kapitel {i}: Wladiwostok und Wonsan") for i in range(30)]
        refs = [(f"k{i:02d}", f"k{i + 1:02d}") for i in range(29)]
    root = parse(network_svg(nodes, refs))
    size = float(root.get("font-size"))
    assert size >= small_text_px()
    assert root.get("width") == root.get("viewBox").split()[2]  # drawn 1:1, so labels are `size` CSS px
    assert all(a.find(f"{NS}text") is not None for a in links(root)), "every node has a label"
    labels = [box for a in links(root) for box in label_boxes(a, size)]
    for i, (l1, t1, r1, b1) in enumerate(labels):
        for l2, t2, r2, b2 in labels[i + 1:]:
            assert min(r1, r2) <= max(l1, l2) or min(b1, b2) <= max(t1, t2), ((l1, t1), (l2, t2))
    for left, top, right, bottom in labels:
        for x, y, r in circles(root):
            dx, dy = max(left - x, 0, x - right), max(top - y, 0, y - bottom)
            assert dx * dx + dy * dy >= r * r, ((left, top, right, bottom), (x, y, r))


def test_a_large_network_is_byte_identical_whatever_the_input_order():
    nodes, refs = big(170, 60)
    first = network_svg(nodes, refs)
    rng = random.Random(3)
    rng.shuffle(nodes)
    rng.shuffle(refs)
    assert network_svg(nodes, refs) == first


def test_titles_and_labels_have_the_german_quotes_of_every_page():
    quoted = 'Putin sichert "bedingungslose Unterstützung" zu'
    nodes = [article("a", quoted), stub("s", 'Kims "Weltklasse-Resort"')]
    root = parse(network_svg(nodes, [("a", "s")]))
    shown = {a.find(f"{NS}title").text: "".join(a.find(f"{NS}text").itertext()) for a in links(root)}
    assert sorted(shown) == sorted([german_quotes(quoted), "Kims „Weltklasse-Resort“ (noch nicht im Dossier)"])
    assert german_quotes(quoted) == "Putin sichert „bedingungslose Unterstützung“ zu"
    for tooltip, label in shown.items():
        assert '"' not in tooltip + label and "„" in label, label
    around = parse(neighbourhood_svg(nodes[0], [nodes[1]], []))
    assert around.find(f"{NS}title").text == f"Verweise rund um „{german_quotes(quoted)}“"
    texts = [t.text for t in around.iter(f"{NS}title")] + ["".join(t.itertext()) for t in around.iter(f"{NS}text")]
    assert not [t for t in texts if '"' in t]
    assert any("„Weltklasse-Resort“" in t for t in texts)


def test_labels_are_shortened_and_the_tooltip_keeps_the_whole_title():
    long = "Nordkorea sichert Putin bedingungslose Unterstützung im Ukraine-Krieg zu, sagt Kim in Pjöngjang"
    root = parse(network_svg([article("a", long)], []))
    a = links(root)[0]
    lines = [s.text for s in a.find(f"{NS}text")]
    assert a.find(f"{NS}title").text == long
    assert 1 <= len(lines) <= 2 and lines[-1].endswith("…")
    assert " ".join(lines).rstrip("…") in long


def test_one_article_with_five_stubs_is_a_star_with_the_article_in_the_middle():
    nodes = [stub(f"s{i}") for i in range(5)] + [article("z")]  # the article sorts last by slug
    root = parse(network_svg(nodes, [("z", f"s{i}") for i in range(5)]))
    at = {a.get("href").split("/")[-2]: centre(a) for a in links(root)}
    mid = (sum(x for x, _ in at.values()) / 6, sum(y for _, y in at.values()) / 6)
    assert min(at, key=lambda s: math.dist(at[s], mid)) == "z"
    spokes = [math.dist(at["z"], at[f"s{i}"]) for i in range(5)]
    assert max(spokes) < 1.3 * min(spokes)  # all around it, at about the same distance
    angles = sorted(math.atan2(at[f"s{i}"][1] - at["z"][1], at[f"s{i}"][0] - at["z"][0]) for i in range(5))
    gaps = [b - a for a, b in zip(angles, angles[1:])] + [angles[0] + 2 * math.pi - angles[-1]]
    assert max(gaps) < math.pi  # spread around the article, not all to one side


def test_nothing_to_draw_gives_an_empty_string():
    assert network_svg([], [("a", "b")]) == ""
    assert neighbourhood_svg(article("a"), [], []) == ""
    assert neighbourhood_svg(article("a"), [article("a")], [article("a")]) == ""  # only itself


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind"):
        network_svg([Node("a", "A", "/a/", "artikel")], [])


# ---------------------------------------------------------------------------------------------------
# The neighbourhood of one article


def ends(path: ET.Element) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where an elbow path ("M x,y V y H x" or "M x,y H x V y") starts and ends."""
    d = path.get("d")
    x, y = map(float, re.match(r"M([-\d.]+),([-\d.]+)", d).groups())
    start = (x, y)
    for axis, value in re.findall(r"([HV])([-\d.]+)", d):
        x, y = (float(value), y) if axis == "H" else (x, float(value))
    return start, (x, y)


def test_neighbourhood_puts_backlinks_above_and_references_below_with_arrows_the_right_way():
    center = article("mitte", "Kim trifft Putin")
    outgoing = [article("o1"), stub("o2"), article("beide")]
    incoming = [article("i1"), article("beide"), article("i2")]
    root = parse(neighbourhood_svg(center, outgoing, incoming))
    hrefs = [a.get("href").split("/")[-2] for a in links(root)]
    assert sorted(hrefs) == ["beide", "i1", "i2", "o1", "o2"]  # a mutual neighbour once; centre no link
    middle = root.find(f".//{NS}g[@class='net-node net-center']")
    cx, cy = centre(middle)
    assert middle.find(f"{NS}title").text == "Kim trifft Putin"
    below = root.find(f".//{NS}g[@aria-label='Lesen Sie auch']")
    above = root.find(f".//{NS}g[@aria-label='Verwiesen von']")
    assert [a.get("href").split("/")[-2] for a in links(below)] == ["o1", "o2", "beide"]  # caller's order
    assert [a.get("href").split("/")[-2] for a in links(above)] == ["i1", "i2"]
    assert all(centre(a)[1] > cy for a in links(below)) and all(centre(a)[1] < cy for a in links(above))
    rows = [centre(a)[1] for a in links(above)] + [cy] + [centre(a)[1] for a in links(below)]
    assert rows == sorted(rows)  # top to bottom in the lists' order
    at = {a.get("href").split("/")[-2]: centre(a) for a in links(root)} | {"mitte": (cx, cy)}
    paths = root.find(f"{NS}g[@class='net-edges']")
    assert sorted(edges(root)) == sorted([("mitte", "o1"), ("mitte", "o2"), ("mitte", "beide"),
                                          ("beide", "mitte"), ("i1", "mitte"), ("i2", "mitte")])
    for path in paths:  # each arrow starts at its source and ends, in the arrowhead, at its target
        start, end = ends(path)
        source, target = at[path.get("data-from")], at[path.get("data-to")]
        assert math.dist(start, source) < 20 and math.dist(end, target) < 20, path.attrib
        assert math.dist(end, target) < math.dist(end, source) and path.get("marker-end")
    assert desc(root).startswith("5 Artikel, 1 offener Verweis, 6 Verweise.")  # with the centre
    headings = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "net-heading"]
    assert headings == ["Verwiesen von", "Lesen Sie auch"]
    assert [t.text for t in root.find(f"{NS}g[@class='net-legend']").iter(f"{NS}text")] == [
        "Artikel", "Noch nicht im Dossier", "Verweis"]


def test_neighbourhood_is_never_wider_than_a_phones_text_column():
    """Whatever the titles (long words, wide capitals, 12 a side), the drawing is at most NB_WIDTH wide by
    the width estimate, so it is shown at its own size on a 375 px phone; labels are cut with "…"."""
    wide = "WMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWM"
    titles = [wide, f"{wide} {wide}", "Verteidigungsministeriumssprecherin " * 4,
              "Nordkorea sichert Putin bedingungslose Unterstützung im Ukraine-Krieg zu, sagt Kim in Pjöngjang"]
    for title in titles:
        center = article("mitte", title)
        outgoing = [article(f"o{i}", title) for i in range(MAX_SIDE)]
        incoming = [stub(f"i{i}", title) for i in range(MAX_SIDE + 2)]
        svg = neighbourhood_svg(center, outgoing, incoming)
        root = parse(svg)
        assert float(root.get("width")) <= NB_WIDTH, title
        assert_inside_viewbox(svg)
        labels = ["".join(t.itertext()) for t in root.iter(f"{NS}text") if t.get("class") == "net-label"]
        assert len(labels) == 2 * MAX_SIDE + 1 and all(label.strip() for label in labels)


def test_neighbourhood_draws_at_most_twelve_a_side_and_says_how_many_more():
    center = article("mitte")
    outgoing = [article(f"o{i:02d}") for i in range(MAX_SIDE + 3)]
    incoming = [article(f"i{i:02d}") for i in range(MAX_SIDE + 1)]
    svg = neighbourhood_svg(center, outgoing, incoming)
    root = parse(svg)
    assert len(links(root)) == 2 * MAX_SIDE
    assert [t.text for t in root.iter(f"{NS}text") if t.get("class") == "net-more"] == [
        "+ 1 weitere", "+ 3 weitere"]  # top to bottom: under "Verwiesen von", under "Lesen Sie auch"
    assert desc(root).endswith(" 4 weitere sind nicht gezeigt.")
    assert_inside_viewbox(svg)


def test_neighbourhood_of_a_stub_has_a_dashed_centre_and_only_backlinks():
    root = parse(neighbourhood_svg(stub("offen", "Noch offen"), [], [article("i1"), article("i2")]))
    middle = root.find(f".//{NS}g[@class='net-node net-center']")
    assert middle.find(f"{NS}circle").get("class") == "net-stub"
    assert middle.find(f"{NS}title").text == "Noch offen (noch nicht im Dossier)"
    assert sorted(edges(root)) == [("i1", "offen"), ("i2", "offen")]


def test_neighbourhood_is_deterministic_and_stays_inside_its_viewbox():
    center = article("mitte", "Nordkorea sichert Putin bedingungslose Unterstützung im Ukraine-Krieg zu")
    outgoing = [article(f"o{i}", f"Ein recht langer Titel Nummer {i} über Raketen und Sanktionen")
                for i in range(5)]
    svg = neighbourhood_svg(center, outgoing, [article("i")])
    assert neighbourhood_svg(center, outgoing, [article("i")]) == svg
    assert_inside_viewbox(svg)
    only_one = neighbourhood_svg(center, [], [article("i", "Kurz")])  # narrower than the legend
    assert_inside_viewbox(only_one)
