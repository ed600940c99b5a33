"""GitHub Pages: a site that works under a project sub-path, with feed, sitemap, robots, 404 and workflow."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
import yaml

from conftest import REPO, article, dossier_project
from generator.build import build
from generator.content import load
from generator.urls import output_path
from sitecheck import crawl
from webserver import serve

SITE_URL = "https://example.github.io/dossier/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = 'Kim & Putin: <script>alert("x")</script> ]]> </title>'
REDIRECTS = ("/artikel/kim-und-putin/", "/2024/07/kim.html")  # the second article's old paths


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> tuple[Path, Path]:
    """The shipped dossier plus two fixture articles (one hostile), built for a project sub-path."""
    root = tmp_path_factory.mktemp("pages") / "project"
    dossier_project(root)
    (root / "content/articles/zweiter.md").write_text(article(
        HOSTILE, date="2025-07-20", lede="Lede mit <b>Tags</b> & Ampersand", topics=["Diplomatie"],
        redirect_from=[REDIRECTS[0], REDIRECTS[1]],
        related=["Nordkorea sichert Putin „bedingungslose Unterstützung“ im Ukraine-Krieg zu"],
        body="## Erster Abschnitt\n\nText mit [Link](https://example.org/) & <i>rohem HTML</i>, und der "
             "[Chronik](/chronik/), vom Wurzelverzeichnis des Dossiers aus verlinkt.\n"), encoding="utf-8")
    (root / "content/pages/ueber.md").parent.mkdir(exist_ok=True)
    (root / "content/pages/ueber.md").write_text("---\ntitle: Über dieses Dossier\n---\nWas wir sammeln.\n",
                                                 encoding="utf-8")
    build(root, base_url=SITE_URL)
    return root, root / "site"


def test_every_page_and_asset_resolves_under_the_sub_path(project_site):
    root, site = project_site
    with serve(site, prefix="/dossier/") as base:
        old = tuple(base + path.lstrip("/") for path in REDIRECTS)  # no link leads to a redirect page
        visited, broken = crawl(base, also=old)
    assert broken == []
    articles = load(root)[0].articles
    for a in articles:
        assert f"{base}artikel/{a.slug}/" in visited
    assert set(old) <= visited
    assert any("/dossier/assets/style.css?v=" in url for url in visited)
    assert f"{base}pagefind/pagefind-ui.js" in visited
    assert len(visited) > 15


def test_feed_is_valid_atom_listing_every_dated_article_escaped(project_site):
    root, site = project_site
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == SITE_URL
    assert feed.find(f"{ATOM}updated").text == "2025-07-20T00:00:00Z"  # newest article, not the clock
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert ids == [f"{SITE_URL}artikel/zweiter/",
                   f"{SITE_URL}artikel/nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu/"]
    first = entries[0]
    assert first.find(f"{ATOM}title").text == HOSTILE.replace('"x"', "„x“")  # escaped, so it round-trips
    assert first.find(f"{ATOM}summary").text == "Lede mit <b>Tags</b> & Ampersand"
    content = first.find(f"{ATOM}content").text
    assert '<h2 id="erster-abschnitt">Erster Abschnitt</h2>' in content
    assert "&lt;i&gt;rohem HTML&lt;/i&gt;" in content  # raw HTML in Markdown stays text
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text.endswith("T00:00:00Z")
        assert entry.find(f"{ATOM}link").get("href") == entry.find(f"{ATOM}id").text


def test_sitemap_lists_every_article_and_every_url_is_served(project_site):
    root, site = project_site
    urls = [u.find(f"{SITEMAP}loc").text for u in ET.parse(site / "sitemap.xml").getroot()]
    for a in load(root)[0].articles:
        assert f"{SITE_URL}artikel/{a.slug}/" in urls
    assert f"{SITE_URL}seiten/ueber/" in urls
    assert f"{SITE_URL}neu/" in urls and f"{SITE_URL}offen/" in urls  # what is new, what is missing
    assert not any("suche" in u or "404" in u for u in urls)
    stub = f"{SITE_URL}artikel/ukraine-krieg-russland-und-nordkorea-bestaetigen-truppeneinsatz/"
    assert stub not in urls  # stubs are thin pages: not in the sitemap, and marked noindex
    assert not {SITE_URL + path.lstrip("/") for path in REDIRECTS} & set(urls)
    with serve(site, prefix="/dossier/") as base:
        for url in urls:
            with urlopen(url.replace(SITE_URL, base)) as response:
                assert response.status == 200
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_redirect_pages_lead_on_and_are_in_no_feed_or_search_index(project_site):
    _, site = project_site
    for path in REDIRECTS:
        html = (site / output_path(path)).read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=/dossier/artikel/zweiter/">' in html
        assert f'<link rel="canonical" href="{SITE_URL}artikel/zweiter/">' in html
        assert '<meta name="robots" content="noindex">' in html and "data-pagefind" not in html
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert not any(path in feed for path in REDIRECTS)
    indexed = set()  # the URL of every page Pagefind indexed (from the site's root)
    for fragment in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        indexed.add(json.loads(data[data.index(b"{"):])["url"])
    assert "/artikel/zweiter/" in indexed
    assert not set(REDIRECTS) & indexed


def test_missing_page_gets_the_helpful_404_under_the_sub_path(project_site):
    _, site = project_site
    assert (site / ".nojekyll").exists()
    with serve(site, prefix="/dossier/") as base:
        with pytest.raises(HTTPError) as caught:
            urlopen(f"{base}artikel/gibt-es-nicht/")
        assert caught.value.code == 404
        html = caught.value.read().decode("utf-8")
    assert "Seite nicht gefunden" in html
    assert 'action="/dossier/suche/"' in html and 'href="/dossier/"' in html
    assert 'href="/dossier/assets/style.css' in html
    assert '<meta name="robots" content="noindex">' in html


def test_pages_carry_canonical_and_open_graph_meta(project_site):
    _, site = project_site
    html = (site / "artikel/zweiter/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}artikel/zweiter/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description" content="Lede mit &lt;b&gt;Tags&lt;/b&gt; &amp; Ampersand">' in html
    assert '<meta property="og:title" content="Kim &amp; Putin: &lt;script&gt;' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'href="/dossier/feed.xml"' in html


def test_base_url_without_host_gives_no_feed_or_sitemap_but_working_links(project, tmp_path):
    root = project({"content/articles/a.md": article("A", date="2025-01-01")})
    build(root, with_search=False, base_url="/sub/")
    site = root / "site"
    assert not (site / "feed.xml").exists() and not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    html = (site / "artikel/a/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and 'href="/sub/assets/style.css' in html
    with serve(site, prefix="/sub/") as base:
        assert crawl(base)[1] == []


def test_the_shipped_dossier_deploys_with_the_workflow_dossier_init_writes():
    """One workflow: the repository's is the one every new dossier gets, installing what requirements.txt says."""
    assert (REPO / ".github/workflows/pages.yml").read_bytes() == (REPO / "generator/skeleton/pages.yml").read_bytes()
    assert (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == "."


@pytest.mark.parametrize("workflow", [REPO / ".github/workflows/pages.yml", REPO / "generator/skeleton/pages.yml"],
                         ids=["repository", "dossier init"])
def test_pages_workflow_passes_actionlint_and_deploys_site(workflow):
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is installed by the test extra"
    result = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = data[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] == "pages"
    steps = data["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert steps[1]["with"]["cache"] == "pip" and steps[1]["with"]["cache-dependency-path"] == "requirements.txt"
    assert next(s for s in steps if s.get("name") == "Install dossier")["run"] == "python -m pip install -r requirements.txt"
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    build_step = next(s for s in steps if "dossier build" in s.get("run", ""))
    assert "--base-url" in build_step["run"] and "steps.pages.outputs.base_url" in build_step["env"]["BASE_URL"]
    assert '--published "$BASE_URL/sitemap.xml"' in build_step["run"] and "--strict" in build_step["run"]
    assert next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
