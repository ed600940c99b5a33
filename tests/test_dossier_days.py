"""`added:` and `updated:`: the days an article entered the dossier and was last re-imported, written by
`dossier import` and `dossier new` (never by a build), checked when read and shown on the article page."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SEED, article
from generator import content
from generator.build import build
from generator.diagnostics import DossierError
from generator.frontmatter import split
from generator.importer import import_files
from generator.new import new_article

SLUG = "nordkorea-sichert-putin-bedingungslose-unterstuetzung-im-ukraine-krieg-zu"


def _meta(root: Path, slug: str = SLUG) -> dict:
    path = root / f"content/articles/{slug}.md"
    return split(path.read_text(encoding="utf-8"), path.name)[0]


def test_import_records_the_day_the_article_entered_and_a_changed_source_the_day_it_was_updated(tmp_path):
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    import_files(root, [SEED], today=date(2025, 7, 13))
    meta = _meta(root)
    assert (meta["added"], meta.get("updated")) == ("2025-07-13", None)
    import_files(root, [SEED], today=date(2025, 8, 1))  # the same text: nothing changes
    assert _meta(root) == meta
    changed = tmp_path / "inbox" / SEED.name
    changed.parent.mkdir()
    changed.write_text(SEED.read_text(encoding="utf-8").replace("dreitägigen", "zweitägigen"), encoding="utf-8")
    import_files(root, [changed], today=date(2025, 8, 2))
    assert (_meta(root)["added"], _meta(root)["updated"]) == ("2025-07-13", "2025-08-02")


def test_the_import_day_follows_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1752364800")  # 2025-07-13 00:00 UTC
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    import_files(root, [SEED])
    assert _meta(root)["added"] == "2025-07-13"


def test_new_records_added(project):
    root = project({})
    shown, _ = new_article(root, "Kim besucht Wonsan", today=date(2025, 7, 13))
    meta = split((root / shown).read_text(encoding="utf-8"), shown)[0]
    assert (meta["date"], meta["added"]) == ("2025-07-13", "2025-07-13")


@pytest.mark.parametrize("key", ["added", "updated"])
def test_a_bad_day_is_one_line_with_file_and_line(project, key):
    root = project({"content/articles/a.md": f"---\ntitle: A\n{key}: 13.07.2025\n---\nText\n"})
    with pytest.raises(DossierError) as caught:
        content.load(root)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"content/articles/a.md:3: error: '{key}' must be a day like 2025-07-13, found '13.07.2025'; "
        "did you mean 2025-07-13? [date]"]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.times: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "time":
            self.times.append(dict(attrs)["datetime"])

    def handle_data(self, data):
        self.parts.append(data)


def _page_text(path: Path) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split()), parser.times


def test_the_article_page_says_since_when_it_is_in_the_dossier_and_when_it_was_updated(project):
    root = project({
        "content/articles/a.md": article("A", date="2025-07-10", added="2025-07-13", updated="2025-08-02"),
        "content/articles/b.md": article("B", date="2025-07-10"),
    })
    build(root, with_search=False)
    text, times = _page_text(root / "site/artikel/a/index.html")
    assert "Im Dossier seit 13. Juli 2025" in text and "aktualisiert am 2. August 2025" in text
    assert {"2025-07-13", "2025-08-02"} <= set(times)
    text, _ = _page_text(root / "site/artikel/b/index.html")
    assert "Im Dossier seit" not in text and "aktualisiert" not in text  # it has only its date
