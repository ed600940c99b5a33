"""The network page as a reader sees it in Chromium, on a phone, a tablet and a desktop: every label at
least as large as the site's small text (the dates), no label on another label or on a node, every node
labelled, and a drawing wider than the screen scrolls sideways in its own frame, not the page. For the
shipped dossier and for the benchmarks' synthetic one, of which the page draws 150 nodes (the most)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import REPO, dossier_project
from generator.build import build
from webserver import serve

pytestmark = pytest.mark.slow  # builds a 150-node dossier and measures it three times

WIDTHS = (375, 768, 1280)


def synthetic(n: int, folder: Path) -> None:
    """The benchmarks' synthetic dossier (benchmarks/synthetic.py): long German titles, many stubs."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write(n, folder)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each built site with the path it is served at."""
    folder = tmp_path_factory.mktemp("legible-shipped")
    shipped = folder / "site"
    build(dossier_project(folder / "project"), out=shipped, with_search=False)
    root = tmp_path_factory.mktemp("legible-synthetic")
    synthetic(100, root)  # 100 articles and 157 stubs: the best-connected 150 are drawn
    build(root, with_search=False)
    return {"shipped": (shipped, "/"), "synthetic": (root / "site", "/synth/")}  # its base_url


# Everything in CSS pixels as the reader sees it. The site's small text size is that of a date (<time>),
# measured on the page itself at that width.
MEASURE = """selector => {
  const probe = document.createElement('time');
  document.querySelector('main').append(probe);
  const small = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  const svg = document.querySelector(selector);
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const scale = e => { const m = e.getScreenCTM(); return Math.hypot(m.a, m.b); };
  const texts = [...svg.querySelectorAll('text')].map(t => ({
    text: t.textContent, cls: t.getAttribute('class'), box: rect(t),
    size: parseFloat(getComputedStyle(t).fontSize) * scale(t)}));
  const circles = [...svg.querySelectorAll('.net-nodes circle')].map(c => {
    const [l, t, r, b] = rect(c);
    const width = parseFloat(c.getAttribute('stroke-width') || 0);
    return {x: (l + r) / 2, y: (t + b) / 2, r: (c.r.baseVal.value + width / 2) * scale(c)};
  });
  return {small, texts, circles, svg: rect(svg), nodes: svg.querySelectorAll('a.net-node').length,
          scale: scale(svg), frame: [svg.parentElement.clientWidth, svg.parentElement.scrollWidth],
          page: document.documentElement.scrollWidth, width: innerWidth};
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def touches_circle(box: list[float], c: dict) -> bool:
    dx = max(box[0] - c["x"], 0.0, c["x"] - box[2])
    dy = max(box[1] - c["y"], 0.0, c["y"] - box[3])
    return dx * dx + dy * dy < c["r"] * c["r"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("dossier", ["shipped", "synthetic"])
def test_labels_are_as_large_as_small_text_and_touch_no_label_and_no_node(browser, sites, dossier, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        with serve(*sites[dossier]) as base:
            page.goto(base + "netz/")
            seen = page.evaluate(MEASURE, "svg.net-network")
    finally:
        context.close()
    texts, circles, small = seen["texts"], seen["circles"], seen["small"]
    labels = [t for t in texts if t["cls"] == "net-label"]
    assert small >= 12 and seen["nodes"] == (6 if dossier == "shipped" else 150)
    assert len(labels) == seen["nodes"], "every node has a visible label"
    too_small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < small - 0.01]
    assert not too_small, f"{len(too_small)} of {len(texts)} texts under {small} px, e.g. {too_small[:3]}"
    on_label = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                if overlap(a["box"], b["box"])]
    assert not on_label, f"{len(on_label)} overlapping labels, e.g. {on_label[:3]}"
    on_node = [t["text"] for t in texts for c in circles if touches_circle(t["box"], c)]
    assert not on_node, f"{len(on_node)} labels on a node, e.g. {on_node[:3]}"
    svg = seen["svg"]
    assert all(svg[0] <= t["box"][0] and t["box"][2] <= svg[2] + 0.5 for t in labels), "labels cut off"


def test_a_wide_drawing_scrolls_in_its_own_frame_by_keyboard_too(browser, sites):
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 800}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        with serve(*sites["synthetic"]) as base:
            page.goto(base + "netz/")
            frame = page.locator("svg.net-network").locator("xpath=..")
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
            assert frame.evaluate("f => f.scrollWidth > f.clientWidth + 100"), "the frame does not scroll"
            assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("aria-label")
            frame.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("f => f.scrollLeft > 0", arg=frame.element_handle())
    finally:
        context.close()


# --- an article's neighbourhood ----------------------------------------------------------------------

SEED = "artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/"
LONG = "Ein recht langer Titel Nummer {} über Raketen, Sanktionen und das Verteidigungsministerium in Pjöngjang"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> Path:
    """An article with the most neighbours a drawing shows (12 each way) and long titles, and a mutual one."""
    from conftest import article, write_project

    files = {"content/dossier.yaml": "title: Test\n",
             "content/articles/mitte.md": article(
                 "Nordkorea sichert Putin bedingungslose Unterstützung im Ukraine-Krieg zu", date="2025-07-13",
                 related=[LONG.format(i) for i in range(14)] + ["Die Gegenseite"])}
    for i in range(13):
        files[f"content/articles/ein-{i}.md"] = article(LONG.format(100 + i), date="2025-07-01",
                                                        related=["Nordkorea sichert Putin bedingungslose "
                                                                 "Unterstützung im Ukraine-Krieg zu"])
    files["content/articles/gegenseite.md"] = article("Die Gegenseite", date="2025-07-02", related=[
        "Nordkorea sichert Putin bedingungslose Unterstützung im Ukraine-Krieg zu"])
    root = write_project(tmp_path_factory.mktemp("legible-crowded") / "project", files)
    build(root, with_search=False)
    return root / "site"


@pytest.mark.parametrize("width", (375, 1280))
@pytest.mark.parametrize("dossier", ["shipped", "crowded"])
def test_an_articles_neighbourhood_is_legible_whole_on_a_phone_and_a_desktop(browser, sites, crowded, dossier,
                                                                             width):
    """Drawn at its own size: every text at least 12 CSS px on screen, the whole drawing (both "Verwiesen
    von" and "Lesen Sie auch") inside the screen with no sideways scrolling, no label on another or on a
    node."""
    site, prefix, path = (sites["shipped"][0], "/", SEED) if dossier == "shipped" else (crowded, "/", "artikel/mitte/")
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        with serve(site, prefix=prefix) as base:
            page.goto(base + path)
            page.locator("#nachbarschaft").scroll_into_view_if_needed()
            page.wait_for_function("document.querySelector('.network-local svg')"
                                   ".checkVisibility({contentVisibilityAuto: true})")
            seen = page.evaluate(MEASURE, ".network-local svg")
    finally:
        context.close()
    texts, circles = seen["texts"], seen["circles"]
    assert seen["nodes"] == (5 if dossier == "shipped" else 2 * 12)
    assert abs(seen["scale"] - 1) < 0.001, f"drawn at {seen['scale']:.0%} of its size"
    too_small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < 12 - 0.01]
    assert not too_small, too_small[:3]
    assert seen["frame"][1] <= seen["frame"][0] and seen["page"] <= seen["width"], "it scrolls sideways"
    assert all(0 <= t["box"][0] and t["box"][2] <= seen["width"] for t in texts), "a text is off the screen"
    svg = seen["svg"]
    assert all(svg[0] <= t["box"][0] and t["box"][2] <= svg[2] + 0.5 for t in texts), "a text is cut off"
    headings = [t["text"] for t in texts if t["cls"] == "net-heading"]
    assert "Lesen Sie auch" in headings and ("Verwiesen von" in headings or dossier == "shipped")
    on_label = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                if overlap(a["box"], b["box"])]
    assert not on_label, on_label[:3]
    on_node = [t["text"] for t in texts for c in circles if touches_circle(t["box"], c)]
    assert not on_node, on_node[:3]
