"""/neu/ "Neu im Dossier", /offen/ "Offene Verweise" and `dossier check --open`, read from the built files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from conftest import article
from generator.build import build
from generator.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"


class Outline(HTMLParser):
    """The headings, list items and links of a page's <main>, as text a reader sees."""

    def __init__(self):
        super().__init__()
        self.inside, self.stack = False, []
        self.headings: list[str] = []
        self.items: list[str] = []  # the text of each innermost <li>
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._text: list[str] = []
        self._href: str | None = None
        self._link: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.inside = True
        if not self.inside:
            return
        if tag in ("h1", "h2", "li"):
            self.stack.append((tag, len(self._text)))
        if tag == "a":
            self._href, self._link = dict(attrs).get("href"), []

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False
        if not self.inside:
            return
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._link).split())))
            self._href = None
        if tag in ("h1", "h2", "li") and self.stack:
            _, start = self.stack.pop()
            text = " ".join("".join(self._text[start:]).split())
            (self.headings if tag != "li" else self.items).append(text)

    def handle_data(self, data):
        if self.inside:
            self._text.append(data)
            if self._href is not None:
                self._link.append(data)


def outline(site: Path, path: str) -> Outline:
    parsed = Outline()
    parsed.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parsed


def _project(project):
    return project({
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\n",
        # a cites "Fehlt" and "Selten" and, before b was added, b: b was an open reference.
        "content/articles/a.md": article("Kim trifft Putin", date="2025-07-01", added="2025-07-02",
                                         related=["Putin in Pjöngjang", "Fehlt", "Selten"]),
        "content/articles/b.md": article("Putin in Pjöngjang", date="2024-06-19", added="2025-07-10",
                                         updated="2025-08-03", related=["Fehlt"]),
        "content/articles/c.md": article("Ohne Aufnahmetag", date="2025-07-10", related=["Zuletzt"]),
        "content/articles/d.md": article("Undatiert", related=["Zuletzt"]),
    })


def test_new_lists_changes_by_day_newest_first_and_marks_open_references_that_became_articles(project):
    root = _project(project)
    build(root, with_search=False)
    page = outline(root / "site", "neu")
    assert page.headings == ["Neu im Dossier", "3. August 2025", "10. Juli 2025", "2. Juli 2025"]
    assert page.items == ["aktualisiert Putin in Pjöngjang",
                          "neu Ohne Aufnahmetag",  # no `added`: its date counts
                          "neu Putin in Pjöngjang war offener Verweis",  # a named it on 2 July
                          "neu Kim trifft Putin"]
    assert ("/t/artikel/b/", "Putin in Pjöngjang") in page.links
    assert "Undatiert" not in " ".join(page.items)  # no day: not among the changes
    home = outline(root / "site", "")
    assert ("/t/neu/", "Neu im Dossier: was zuletzt aufgenommen und aktualisiert wurde") in home.links
    header = (root / "site/artikel/a/index.html").read_text(encoding="utf-8")
    assert '<a href="/t/neu/">Neu</a>' in header


def test_new_shows_the_latest_hundred_and_the_older_months_on_pages_of_their_own(project):
    files = {f"content/articles/a{i:03d}.md": article(f"Artikel {i:03d}",
                                                      date=f"2025-{1 + i // 25:02d}-{1 + i % 25:02d}")
             for i in range(120)}  # 25 a month, January to May 2025
    root = project(files)
    build(root, with_search=False)
    latest = outline(root / "site", "neu")
    assert len(latest.items) == 100 + 1  # the hundred latest, and the link to the older month
    assert latest.items[0] == "neu Artikel 119" and latest.items[99] == "neu Artikel 020"
    assert [t for h, t in latest.links if h.startswith("/neu/20")] == ["Januar 2025"]  # 000-019 are older
    january = outline(root / "site", "neu/2025-01")
    assert january.headings[0] == "Neu im Dossier: Januar 2025"
    assert [i for i in january.items if i.startswith("neu ")] == [f"neu Artikel {i:03d}" for i in range(24, -1, -1)]
    assert ("/neu/", "Das Neueste") in january.links
    assert not (root / "site/neu/2025-02").exists()  # all of February is on /neu/


def test_open_ranks_by_citing_articles_then_first_citation_then_title(project):
    root = _project(project)
    build(root, with_search=False)
    page = outline(root / "site", "offen")
    assert page.headings == ["Offene Verweise", "Fehlt", "Zuletzt", "Selten"]
    # Fehlt: 2 articles; Zuletzt: 2, first cited 10 July (d is undated); Selten: 1.
    assert ("/t/artikel/fehlt/", "Fehlt") in page.links
    assert [t for h, t in page.links if h in ("/t/artikel/a/", "/t/artikel/b/")][:2] == [
        "Kim trifft Putin", "Putin in Pjöngjang"]  # the citing articles, oldest first
    text = " ".join(page.items)
    assert "zitiert von 2 Artikeln" in text and "zitiert von 1 Artikel" in text
    stub = (root / "site/artikel/selten/index.html").read_text(encoding="utf-8")
    assert "zitiert von 1 Artikel<" in stub and 'href="/t/offen/"' in stub
    home = outline(root / "site", "")
    assert ("/t/offen/", "Alle offenen Verweise, nach der Zahl der zitierenden Artikel") in home.links


def test_check_open_prints_the_same_ranking_as_a_to_do_list(project, capsys):
    root = _project(project)
    assert main(["check", "-C", str(root), "--open"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2  Fehlt  (content/articles/a.md, content/articles/b.md)",
        "2  Zuletzt  (content/articles/c.md, content/articles/d.md)",
        "1  Selten  (content/articles/a.md)",
    ]


def test_feed_entries_are_updated_when_the_article_was(project):
    root = _project(project)
    build(root, with_search=False)
    feed = ET.parse(root / "site/feed.xml").getroot()
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    b = entries["Putin in Pjöngjang"]
    assert (b.find(f"{ATOM}published").text, b.find(f"{ATOM}updated").text) == (
        "2024-06-19T00:00:00Z", "2025-08-03T00:00:00Z")
    assert entries["Ohne Aufnahmetag"].find(f"{ATOM}updated").text == "2025-07-10T00:00:00Z"
    assert feed.find(f"{ATOM}updated").text == "2025-08-03T00:00:00Z"


def test_each_topic_and_entity_page_links_its_own_valid_atom_feed(project):
    root = _project(project)
    (root / "content/entities").mkdir()
    (root / "content/entities/putin.md").write_text("---\nname: Putin\nkind: person\n---\nPräsident.\n",
                                                     encoding="utf-8")
    for name in ("a.md", "b.md"):
        path = root / "content/articles" / name
        path.write_text(path.read_text(encoding="utf-8").replace("related:", "topics: [Diplomatie]\nrelated:"),
                        encoding="utf-8")
    build(root, with_search=False)
    for page, feed_path, title in [("themen/diplomatie", "themen/diplomatie/feed.xml", "Diplomatie · T"),
                                   ("personen/putin", "personen/putin/feed.xml", "Putin · T")]:
        html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert (f'<link rel="alternate" type="application/atom+xml" title="{title}" href="/t/{feed_path}">'
                in head)
        feed = ET.parse(root / "site" / feed_path).getroot()
        assert feed.find(f"{ATOM}title").text == title
        assert feed.find(f"{ATOM}id").text == f"https://example.org/t/{feed_path}"
        entries = feed.findall(f"{ATOM}entry")
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert ids and len(set(ids)) == len(ids)
        assert all(e.find(f"{ATOM}updated").text.endswith("T00:00:00Z") for e in entries)
        if page.startswith("themen"):
            assert ids == ["https://example.org/t/artikel/a/", "https://example.org/t/artikel/b/"]
            assert feed.find(f"{ATOM}updated").text == "2025-08-03T00:00:00Z"  # b's update
