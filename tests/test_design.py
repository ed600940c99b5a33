"""Design and accessibility, as a reader notices them, in Debian's Chromium driven by Playwright.

axe-core over every kind of page in light and dark mode, the page weight of an article, the theme toggle,
hover and focus previews, reading without JavaScript, phones without horizontal scrolling, the measure
of the text, no layout shift; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import PAGES, REPO, SEED_TITLE, article, shipped_and_more
from generator.build import build
from webserver import serve

SEED = PAGES["article"]
STUB = PAGES["stub"]
ARTIFACTS = REPO / "test-artifacts"
DOCS_SCREENSHOT = REPO / "docs" / "screenshot-artikel.png"

# A phone, and the one Lighthouse emulates (Moto G Power).
PHONE = {"viewport": {"width": 375, "height": 700}, "is_mobile": True, "has_touch": True}
LIGHTHOUSE_PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}

# What a reader sees while the page loads: the background in the two themes.
LIGHT, DARK = "light", "dark"


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory) -> Path:
    """The shipped dossier plus a second article (so "Verwiesen von" has an entry) and a free page."""
    root = shipped_and_more(
        tmp_path_factory.mktemp("design-kinds") / "project",
        "Kim Jong Un und Sergej Lawrow trafen sich in Wonsan.\n\n## Die Gespräche\n\nEin Absatz.\n\n"
        "## Die Folgen\n\nNoch ein Absatz.\n",
        "Was wir sammeln, und [wie](/chronik/).\n")
    build(root)
    return root / "site"


@pytest.fixture(scope="module")
def site(every_kind):
    with serve(every_kind) as base:
        yield base


@contextlib.contextmanager
def tab(browser, **options):
    """A fresh context (light system theme unless told otherwise) and a page in it."""
    context = browser.new_context(locale="de-DE", **{"color_scheme": LIGHT, **options})
    try:
        yield context.new_page()
    finally:
        context.close()


def open_page(page, base: str, path: str) -> None:
    page.goto(base + path)
    if path.startswith("suche/"):
        page.wait_for_selector(".pagefind-ui__result mark", timeout=10_000)


def background_is_dark(page) -> bool:
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) < 128


def axe_report(name: str, theme: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{name} [{theme}]: {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


# --- accessibility -------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("theme", ["light", "dark", "dark by the toggle", "light by the toggle"])
def test_axe_finds_no_violations_on_any_page_kind(browser, site, theme):
    """Every kind of page, in the system's light and dark theme with every axe rule, and in the theme the
    toggle forces against the system's with the colour rules (the toggle changes nothing else).
    On the article page a preview card is open, so its colours are checked too."""
    system = DARK if theme in ("dark", "light by the toggle") else LIGHT
    options = {"resultTypes": ["violations"]}
    if "toggle" in theme:
        options["runOnly"] = ["color-contrast", "link-in-text-block"]
    axe = Axe()
    reports = []
    with tab(browser, color_scheme=system) as page:
        for i, (name, path) in enumerate(PAGES.items()):
            open_page(page, site, path)
            if "toggle" in theme and i == 0:
                page.locator(".theme-toggle").click()  # once: the choice holds on every later page
            assert background_is_dark(page) == theme.startswith("dark"), f"{name}: wrong theme shown"
            if name == "article":
                page.locator(".body a.entity").first.focus()
                page.wait_for_selector("#vorschau-karte:not([hidden])")
            violations = axe.run(page, options=options).response["violations"]
            if violations:
                reports.append(axe_report(name, theme, violations))
    assert not reports, "axe-core found accessibility violations:\n" + "\n".join(reports)


@pytest.mark.slow
def test_touch_targets_are_large_enough_on_a_phone(browser, site):
    """axe's target-size rule (WCAG 2.2, 24 px or room around) on every kind of page at a phone's size, as
    Lighthouse runs it there: also while the parts below the first screen are not laid out yet."""
    reports = []
    with tab(browser, **LIGHTHOUSE_PHONE) as page:
        for name, path in PAGES.items():
            open_page(page, site, path)
            report = Axe().run(page, options={"runOnly": ["target-size"], "resultTypes": ["violations"]})
            if report.response["violations"]:
                reports.append(axe_report(name, "light", report.response["violations"]))
    assert not reports, "touch targets too small or too close:\n" + "\n".join(reports)


@pytest.mark.slow
def test_keyboard_focus_and_the_current_page_are_visible(browser, site):
    with tab(browser) as page:
        open_page(page, site, "chronik/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = skip.bounding_box()
        assert box and box["y"] >= 0 and box["width"] > 50, "the skip link shows itself when focused"
        for _ in range(3):
            page.keyboard.press("Tab")
            style = page.evaluate("(e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth])"
                                  "(document.activeElement)")
            assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style
        current = page.locator('nav a[aria-current="page"]')
        assert current.inner_text() == "Chronik"
        other = page.locator("nav a", has_text="Themen")
        look = "(e => [getComputedStyle(e).fontWeight, getComputedStyle(e).borderBottomColor])"
        assert current.evaluate(look) != other.evaluate(look), "the current page looks different in the nav"


# --- page weight and layout ----------------------------------------------------------------------------

def test_article_page_with_its_css_and_js_weighs_under_60_kb(browser, shipped):
    """What the shipped article costs a reader: the page and everything it loads (search bundle excepted)."""
    with serve(shipped) as base, tab(browser) as page:
        loaded: dict[str, int] = {}
        kinds: dict[str, str] = {}

        def record(response):
            path = urlsplit(response.url).path
            loaded[path] = len(response.body())
            kinds[path] = response.request.resource_type

        page.on("response", record)
        page.goto(base + SEED)
        page.wait_for_load_state("networkidle")
        own = {p: n for p, n in loaded.items() if not p.startswith("/pagefind/")}
        weights = ", ".join(f"{p} {n} B" for p, n in own.items())
        print(f"article page weight: {sum(own.values())} B ({weights})")
        assert {"/" + SEED, "/assets/style.css", "/assets/site.js"} <= set(own), own
        assert sum(own.values()) < 60_000, f"over the 60 KB budget: {weights}"
        assert "font" not in kinds.values(), "system fonts only: no web font is loaded"
        assert page.evaluate("document.fonts.size") == 0


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 375])
def test_no_horizontal_scrolling_on_phones(browser, site, width):
    with tab(browser, viewport={"width": width, "height": 700}, has_touch=True, is_mobile=True) as page:
        for name, path in PAGES.items():
            open_page(page, site, path)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"{name} scrolls sideways at {width} px: {scroll} > {inner}"
        open_page(page, site, SEED)
        assert page.locator("nav[aria-label=Hauptnavigation] a").last.is_visible()  # no menu button needed
        assert page.locator("#suchfeld").is_visible()


@pytest.mark.slow
def test_no_layout_shift_while_an_article_loads(browser, site):
    """Nothing moves the text once it is painted: not the theme button, not the SVG, not the script."""
    for width in (375, 1280):
        with tab(browser, viewport={"width": width, "height": 800}) as page:
            open_page(page, site, SEED)
            page.wait_for_load_state("load")
            assert layout_shift(page, 500) == 0, f"layout shift at {width} px"


def main_thread_events(browser, page, url: str) -> list[dict]:
    """Loads `url` while Chromium records a trace; returns the page's main-thread events."""
    trace = ARTIFACTS / "trace-page-load.json"
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("about:blank")
    browser.start_tracing(page=page, path=str(trace),
                          categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    browser.stop_tracing()
    events = json.loads(trace.read_text())["traceEvents"]
    renderers = {e["pid"] for e in events if e.get("name") == "ParseHTML"}
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
               and e["args"]["name"] == "CrRendererMain" and e["pid"] in renderers}
    return [e for e in events if (e.get("pid"), e.get("tid")) in threads and e.get("ph") == "X"]


def first_layout_task(browser, page, url: str) -> tuple[list[dict], list[dict]]:
    """The page's main-thread events inside the task of its first layout, and every main-thread event."""
    main = main_thread_events(browser, page, url)
    layout = min((e for e in main if e["name"] == "Layout"), key=lambda e: e["ts"])
    task = next(e for e in main if e["name"] == "RunTask" and e["ts"] <= layout["ts"] <= e["ts"] + e["dur"])
    return [e for e in main if task["ts"] <= e["ts"] <= task["ts"] + task["dur"]], main


def script_urls(events: list[dict]) -> set[str]:
    return {e["args"]["data"].get("url", "") for e in events
            if e["name"] in ("EvaluateScript", "FunctionCall") and "data" in e.get("args", {})}


def test_the_first_layout_of_an_article_does_not_wait_for_or_run_site_js(browser, site):
    """site.js is loaded `async` and starts when the page has loaded: the long task in which Chromium lays
    the page out for the first time runs none of it (with `defer` it ran site.js and waited for it to
    arrive, which Lighthouse counts as blocking time on phones), and the script still does its work."""
    with tab(browser, **LIGHTHOUSE_PHONE) as page:
        first_layout, everything = first_layout_task(browser, page, site + SEED)
        assert not [u for u in script_urls(first_layout) if "/assets/site.js" in u], \
            "site.js runs in the task of the first layout"
        assert [u for u in script_urls(everything) if "/assets/site.js" in u], "site.js ran"
        assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "false"  # site.js set it
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "suchfeld"
    html = urlopen(site + SEED).read().decode()
    assert re.search(r'<script src="[^"]*/assets/site\.js\?v=[0-9a-f]+" async></script>', html)


def test_a_page_is_never_laid_out_without_its_styles_when_they_arrive_late(browser, every_kind):
    """On a slow connection the page has been parsed before its stylesheet arrives, and Chromium lays a
    parsed page out at once (form autofill asks where the search field is): without the styles that is a
    layout of the whole page for nothing, in the time a phone is busiest. The parser waits for the
    stylesheet before the theme script in <head>, so the first layout has the styles."""
    with serve(every_kind, slow={"style.css": 0.4}) as base, tab(browser) as page:
        main = main_thread_events(browser, page, base + SEED)
    styles = min(e["ts"] for e in main if e["name"] == "ParseAuthorStyleSheet"
                 and "/assets/style.css" in e["args"]["data"]["styleSheetUrl"])
    layouts = [e for e in main if e["name"] == "Layout"]
    assert layouts and not [e for e in layouts if e["ts"] < styles], "laid out before the stylesheet arrived"


# Whether the element `selector` names is laid out: not inside a block that content-visibility skips.
LAID_OUT = "selector => document.querySelector(selector).checkVisibility({contentVisibilityAuto: true})"


def test_the_network_drawing_below_an_article_is_laid_out_only_near_the_screen(browser, site):
    """On a phone the neighbourhood drawing is far below the first screen: Chromium skips it
    (content-visibility: auto) until the reader scrolls near it, then shows it whole; nothing moves."""
    with tab(browser, **PHONE) as page:
        open_page(page, site, SEED)
        drawing = page.locator(".network-local svg")
        assert not page.evaluate(LAID_OUT, ".network-local svg"), \
            "the drawing is laid out before it is near the screen"
        assert layout_shift(page, 300) == 0
        page.locator("#nachbarschaft").scroll_into_view_if_needed()
        page.wait_for_function(LAID_OUT, arg=".network-local svg")
        box = drawing.bounding_box()
        assert box and box["height"] > 150 and box["width"] > 300, box
        assert page.locator(".network-local svg a").first.is_visible()
    with tab(browser) as page:
        page.emulate_media(media="print")
        open_page(page, site, SEED)
        assert page.locator(".network-local").evaluate("e => getComputedStyle(e).contentVisibility") == "visible"


def test_the_list_of_names_and_the_citation_are_laid_out_only_near_the_screen(browser, site):
    """On a phone the list of names and the citation after the article are laid out when the reader scrolls
    near them (content-visibility: auto), so the first layout is shorter; the text itself is laid out at
    once. Nothing moves while the page loads, and selecting the whole page still takes every word."""
    with tab(browser, **PHONE) as page:
        open_page(page, site, SEED)
        assert page.evaluate(LAID_OUT, ".body > p:last-child")
        assert not page.evaluate(LAID_OUT, ".entities a")
        assert not page.evaluate(LAID_OUT, ".citation")
        assert layout_shift(page, 300) == 0
        page.keyboard.press("Control+a")
        page.wait_for_timeout(200)
        selected = page.evaluate("getSelection().toString()")
        assert "In: Russland und Nordkorea, 13. Juli 2025." in selected  # the citation, last on the page
        page.evaluate("getSelection().removeAllRanges()")
        page.locator(".citation").scroll_into_view_if_needed()
        page.wait_for_function(LAID_OUT, arg=".citation")
        assert page.locator(".citation").bounding_box()["height"] > 40


def test_reloading_an_article_keeps_the_readers_place(browser, site):
    """A reload (or coming back to the page) puts the paragraph the reader was at back at the top, wherever
    it is: the browser restores the offset, so nothing above it may be a placeholder of another height."""
    top = "() => document.elementFromPoint(150, 5).closest('p, h2, li').textContent.slice(0, 60)"
    with tab(browser, **PHONE) as page:
        open_page(page, site, SEED)
        lost = []
        for n in range(1, page.locator(".body > p").count() + 1):
            page.locator(f".body > p >> nth={n - 1}").evaluate(
                "p => scrollTo(0, p.getBoundingClientRect().top + scrollY + 10)")
            page.wait_for_timeout(100)
            reading = page.evaluate(top)
            page.reload()
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            if page.evaluate(top) != reading:
                lost.append(f"paragraph {n}: back at „{page.evaluate(top)[:30]}…“")
        assert not lost


# Each font (family, size, weight) that a page sets text in costs the browser a lookup before the first
# paint: in Chromium on Linux they were a third of an article's first layout.
FONTS_LAID_OUT = """() => {
    const fonts = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const element = node.parentElement, style = getComputedStyle(element);
        if (node.data.trim() && element.checkVisibility({contentVisibilityAuto: true}))
            fonts.add([style.fontFamily, style.fontSize, style.fontWeight, style.fontStyle].join(" | "));
    }
    return [...fonts].sort();
}"""


def test_an_article_sets_its_first_screens_in_few_fonts(browser, site):
    """The sans in three sizes and two weights, the serif in four fonts (text, lede, title, subheadings):
    what an article lays out at first on a phone uses nine fonts, each family a short system stack."""
    with tab(browser, **LIGHTHOUSE_PHONE) as page:
        open_page(page, site, SEED)
        fonts = [f.split(" | ") for f in page.evaluate(FONTS_LAID_OUT)]
    sans = [f for f in fonts if f[0] == "system-ui, sans-serif"]
    serif = [f for f in fonts if f[0] == 'Charter, "Bitstream Charter", "Sitka Text", Cambria, serif']
    assert sans and serif and len(sans) + len(serif) == len(fonts), fonts
    assert {size for _, size, _, _ in sans} <= {"16px", "14.4px", "12.8px"}, sans
    assert {weight for _, _, weight, _ in sans} <= {"400", "700"}, sans
    assert len(serif) <= 4 and len(sans) <= 5, fonts


def test_a_table_of_contents_link_brings_its_heading_to_the_top(browser, site):
    """On a phone the contents jump to the right place: the heading is at the top of the screen."""
    with tab(browser, **PHONE) as page:
        open_page(page, site, SEED)
        link = page.locator(".toc a").last
        target = link.get_attribute("href")
        link.click()
        page.wait_for_timeout(300)
        top = page.locator(target).evaluate("e => e.getBoundingClientRect().top")
        assert abs(top) < 2, f"the heading is {top:.0f} px from the top"


def layout_shift(page, ms: int) -> float:
    """The page's cumulative layout shift since it loaded, as Chromium reports it, after `ms` more."""
    return page.evaluate("""ms => new Promise(done => {
        let shift = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) shift += e.value; })
            .observe({type: "layout-shift", buffered: true});
        setTimeout(() => done(shift), ms);
    })""", ms)


CHARS_PER_LINE = """() => {
    const counts = [];
    for (const p of document.querySelectorAll(".body p")) {
        const lines = new Map(), walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (rect) { const top = Math.round(rect.top / 4); lines.set(top, (lines.get(top) || 0) + 1); }
            }
        }
        counts.push(...[...lines.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map(e => e[1]));
    }
    counts.sort((a, b) => a - b);
    return counts[Math.floor(counts.length / 2)];
}"""


def test_article_text_has_a_readable_measure_and_german_hyphenation(browser, site):
    with tab(browser, viewport={"width": 1280, "height": 900}) as page:
        open_page(page, site, SEED)
        median = page.evaluate(CHARS_PER_LINE)
        assert 60 <= median <= 75, f"{median} characters a line"
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.locator(".body p").first.evaluate("e => getComputedStyle(e).hyphens") == "auto"


# --- theme ---------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_theme_toggle_switches_and_is_remembered_without_a_flash(browser, site):
    with tab(browser) as page:
        open_page(page, site, SEED)
        toggle = page.locator(".theme-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        assert not background_is_dark(page)
        toggle.click()
        assert background_is_dark(page) and toggle.get_attribute("aria-pressed") == "true"
        page.reload()
        assert background_is_dark(page) and toggle.get_attribute("aria-pressed") == "true"
        open_page(page, site, "")
        assert background_is_dark(page), "the choice holds on every page"
        # The remembered theme comes from the tiny script in <head>, not from site.js (which runs after
        # the first paint): without site.js the page is still dark at once.
        page.route("**/assets/site.js*", lambda route: route.abort())
        page.reload()
        assert background_is_dark(page)
        page.unroute("**/assets/site.js*")
        page.reload()
        page.locator(".theme-toggle").click()
        page.reload()
        assert not background_is_dark(page)


def test_theme_follows_the_system_until_the_reader_chooses(browser, site):
    with tab(browser, color_scheme=DARK) as page:
        open_page(page, site, "")
        assert background_is_dark(page)
        assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
        page.locator(".theme-toggle").click()
        assert not background_is_dark(page)


# --- previews ------------------------------------------------------------------------------------------

def focus_by_tab(page, href: str) -> None:
    """Press Tab until the link to href has the focus, as a keyboard reader would."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            return
    pytest.fail(f"Tab never reached {href}")


def card_state(page):
    card = page.locator("#vorschau-karte")
    return card, card.is_visible()


@pytest.mark.slow
def test_focus_on_an_entity_link_shows_its_card_and_escape_closes_it(browser, site):
    with tab(browser) as page:
        open_page(page, site, SEED)
        focus_by_tab(page, "/personen/sergej-lawrow/")
        card, shown = card_state(page)
        assert shown
        assert card.get_attribute("role") == "tooltip"
        assert card.locator("strong").inner_text() == "Sergej Lawrow"
        assert "Person" in card.inner_text()
        link = page.locator(".body a[href='/personen/sergej-lawrow/']")
        assert link.get_attribute("aria-describedby") == "vorschau-karte"
        near, over = link.bounding_box(), card.bounding_box()
        overlaps = not (over["y"] >= near["y"] + near["height"] or over["y"] + over["height"] <= near["y"])
        assert not overlaps, "the card never covers its link"
        distance = min(abs(over["y"] - (near["y"] + near["height"])), abs(near["y"] - (over["y"] + over["height"])))
        assert distance < 40, "the card is next to its link"
        page.keyboard.press("Escape")
        assert not card.is_visible()
        assert link.get_attribute("aria-describedby") is None


@pytest.mark.slow
def test_focus_on_an_article_link_shows_title_and_date(browser, site):
    with tab(browser) as page:
        open_page(page, site, "personen/kim-jong-un/")
        focus_by_tab(page, "/" + SEED)
        card, shown = card_state(page)
        assert shown
        assert card.locator("strong").inner_text() == SEED_TITLE
        assert "13. Juli 2025" in card.inner_text()
        page.keyboard.press("Tab")  # leaving the link closes the card
        assert not card.is_visible()


@pytest.mark.slow
def test_hover_shows_the_card_of_a_read_also_link_and_leaving_hides_it(browser, site):
    with tab(browser) as page:
        open_page(page, site, SEED)
        link = page.locator("#lesen-sie-auch + ul a").first
        link.hover()
        card, shown = card_state(page)
        assert shown and "Noch nicht im Dossier" in card.inner_text()
        page.mouse.move(5, 5)
        page.wait_for_timeout(400)
        assert not card.is_visible()
        link.hover()
        assert card.is_visible()
        page.keyboard.press("Escape")
        assert not card.is_visible()


@pytest.mark.slow
def test_touch_screens_get_no_hover_cards(browser, site):
    with tab(browser, **PHONE) as page:
        open_page(page, site, SEED)
        page.locator(".body a.entity").first.hover()
        page.wait_for_timeout(300)
        assert page.locator("#vorschau-karte:not([hidden])").count() == 0


@pytest.mark.slow
def test_card_text_is_shown_as_text_never_as_markup(browser, project):
    hostile = "Kim <img src=x onerror=window.hacked=1> & <b>Putin</b>"
    root = project({
        "content/articles/a.md": article(hostile, date="2025-01-02", lede="<i>Lede</i>"),
        "content/articles/b.md": article("Zweiter Artikel", date="2025-01-03", related=[hostile]),
    })
    build(root, with_search=False)
    with serve(root / "site") as base, tab(browser) as page:
        open_page(page, base, "artikel/b/")
        focus_by_tab(page, "/artikel/a/")
        card = page.locator("#vorschau-karte")
        assert card.locator("strong").inner_text() == hostile
        assert "<i>Lede</i>" in card.inner_text()
        assert card.locator("img, b, i").count() == 0
        assert page.evaluate("window.hacked") is None


# --- without JavaScript --------------------------------------------------------------------------------

def test_pages_read_without_javascript(browser, site):
    with tab(browser, java_script_enabled=False) as page:
        open_page(page, site, SEED)
        assert page.locator("h1").inner_text() == SEED_TITLE
        assert page.locator(".body p").first.is_visible()
        assert "Lesezeit:" in page.locator(".meta").inner_text()
        assert not page.locator(".theme-toggle").is_visible(), "a button that cannot work is not shown"
        assert page.locator("nav[aria-label=Hauptnavigation] a").count() == 9
        open_page(page, site, "")
        assert page.locator(".article-list a").first.is_visible()
        assert not page.locator(".theme-toggle").is_visible()


# --- the article page ----------------------------------------------------------------------------------

def test_article_page_shows_reading_time_citation_and_source(browser, site):
    with tab(browser) as page:
        open_page(page, site, SEED)
        meta = page.locator(".meta").inner_text()
        assert "13. Juli 2025" in meta and "Lesezeit: 3 Min." in meta
        assert page.locator(".topics a").all_inner_texts()[:2] == ["Ukraine-Krieg", "Diplomatie"]
        assert page.locator(".credit").inner_text() == "Bild: Tomas Ragina / Shutterstock.com"
        page.locator(".citation").scroll_into_view_if_needed()  # below the text, laid out when near the screen
        page.wait_for_function(LAID_OUT, arg=".citation")
        citation = page.locator(".citation").inner_text()
        assert citation == ("„Nordkorea sichert Putin ‚bedingungslose Unterstützung‘ im Ukraine-Krieg zu“. "
                            f"In: Russland und Nordkorea, 13. Juli 2025. /{SEED}")
        assert "000_fc018e94312481a9.txt" in page.locator(".source").inner_text()
        assert page.locator("#verwiesen-von + ul a").inner_text() == "Kim empfängt Lawrow in Wonsan"


def test_citation_uses_the_absolute_address_when_the_site_has_one(project):
    root = project({
        "content/dossier.yaml": "title: Test\nbase_url: https://example.org/dossier/\n",
        "content/articles/a.md": article("Ohne Datum"),
    })
    build(root, with_search=False)
    html = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert "„Ohne Datum“. In: Test, o. J. <span class=\"cite-url\">https://example.org/dossier/artikel/a/</span>" in html


# --- screenshots ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_screenshots_of_home_and_article(browser, site):
    """For people to look at (test-artifacts/, git-ignored). UPDATE_DOCS_SCREENSHOT=1 also renews the
    README's picture of the article page."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        for name, path in (("home", ""), ("artikel", SEED)):
            with tab(browser, viewport={"width": width, "height": 900}) as page:
                open_page(page, site, path)
                target = ARTIFACTS / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 5_000
                if os.environ.get("UPDATE_DOCS_SCREENSHOT") and (name, width) == ("artikel", 1280):
                    DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
                    page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True,
                                    clip={"x": 0, "y": 0, "width": 1280, "height": 1600})
    if DOCS_SCREENSHOT.exists():
        assert DOCS_SCREENSHOT.stat().st_size < 400_000


@pytest.mark.parametrize("path", ["suche/", "suche/?q=Wonsan"])
def test_the_search_page_does_not_jump_while_it_loads(browser, site, path):
    """Cumulative layout shift below 0.05 (Lighthouse's "good" is 0.1): the field, the filters and the
    results appear where the page kept room for them."""
    for width in (375, 1280):
        with tab(browser, viewport={"width": width, "height": 800}) as page:
            page.goto(site + path)
            if "q=" in path:
                page.wait_for_selector(".pagefind-ui__result mark", timeout=10_000)
            shift = layout_shift(page, 1500)
            assert shift < 0.05, f"layout shift {shift:.3f} on {path} at {width} px"
