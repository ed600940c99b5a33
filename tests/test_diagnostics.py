"""One set of diagnostics, shown where the editor looks: `build`, `serve` and `check` agree."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import time

import pytest
import yaml

from conftest import article
from generator import build as build_module
from generator.cli import main
from generator.frontmatter import dump
from generator.preview import Preview

CLEAN = {
    "content/dossier.yaml": "title: Test\n",
    "content/articles/a.md": article("Russland und Nordkorea bestätigen Truppeneinsatz", date="2025-01-01"),
    "content/articles/b.md": article("Kim trifft Putin", date="2025-01-02",
                                     related=["Russland und Nordkorea bestätigen Truppeneinsatz"]),
}
# One warning each, of every kind `check` reports.
PROBLEMS = {
    "no-date": {"content/articles/c.md": article("Ohne Datum")},
    "near-miss": {"content/articles/c.md": article("C", date="2025-01-03",
                                                   related=["Russland und Nordkorea bestätigen Truppeneinsätze"])},
    "unknown-key": {"content/articles/c.md": "---\ntitle: C\ndate: 2025-01-03\ntopcis: [Krieg]\n---\nText\n"},
    "not-a-list": {"content/articles/c.md": "---\ntitle: C\ndate: 2025-01-03\ntopics: Krieg, Diplomatie\n---\nText\n"},
    "common-alias": {"content/entities/partei.md": dump({"name": "Koreanische Arbeiterpartei", "kind": "organisation",
                                                         "aliases": ["Arbeiter"]}, "Die Staatspartei.")},
    "old-title": {"content/articles/c.md": article("Kim sagt Putin Hilfe zu", date="2025-01-03",
                                                   source={"file": "c.txt", "sha256": "0" * 64, "title": "Alt"}),
                  "content/articles/d.md": article("D", date="2025-01-04", related=["Alt"])},
}


@pytest.mark.parametrize("problem", [None, *PROBLEMS])
def test_build_strict_fails_exactly_when_check_strict_does(project, tmp_path, capsys, problem):
    root = project({**CLEAN, **PROBLEMS.get(problem, {})})
    checked = main(["check", "-C", str(root), "--strict"])
    found = [line for line in capsys.readouterr().out.splitlines() if ": warning: " in line]
    built = main(["build", "-C", str(root), "--strict", "--no-search"])
    shown = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert checked == built == (0 if problem is None else 1)
    assert shown == found  # the same lines, once each
    if problem:
        assert len(found) == 1 and found[0].endswith(f"[{problem}]")
        assert not (root / "site").exists()  # a failed strict build leaves no site behind


def test_build_shows_warnings_grouped_and_counted_and_again_when_up_to_date(project, capsys):
    root = project({**CLEAN, **PROBLEMS["no-date"], **PROBLEMS["unknown-key"],
                    "content/articles/e.md": "---\ntitle: E\nautor: X\n---\nText\n"})
    for path in root.rglob("*"):  # saved a while ago: a second build can trust that nothing changed
        os.utime(path, (time.time() - 60, time.time() - 60))
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        "content/articles/c.md:4: warning: unknown field 'topcis' is ignored; did you mean 'topics'? [unknown-key]",
        "",
        "content/articles/e.md: warning: no 'date': listed after the dated articles; add date: YYYY-MM-DD [no-date]",
        "content/articles/e.md:3: warning: unknown field 'autor' is ignored; did you mean 'author'? "
        "[unknown-key]",
    ]
    assert "; 3 warnings (above); " in out.out
    assert main(["build", "-C", str(root), "--no-search"]) == 0  # nothing changed: the warnings still stand
    again = capsys.readouterr()
    assert again.err == out.err and "is up to date" in again.out and "3 warnings (above)" in again.out
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    assert capsys.readouterr() == ("", "")


def test_one_cause_is_reported_once(project, capsys):
    # Two articles name "Kim - Xi treffen sich": a near miss of the article "Kim & Xi treffen sich", whose
    # URL slug it would also take (so it gets another: a second finding, of the same cause).
    root = project({**CLEAN, "content/articles/kim-xi-treffen-sich.md": article("Kim & Xi treffen sich",
                                                                                 date="2025-01-05"),
                    "content/articles/c.md": article("C", date="2025-01-03", related=["Kim - Xi treffen sich"]),
                    "content/articles/d.md": article("D", date="2025-01-04", related=["Kim - Xi treffen sich"])})
    main(["check", "-C", str(root)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "Kim - Xi" in line]
    assert len(lines) == 2 and lines[1].endswith("[stub]")
    assert lines[0] == ('content/articles/kim-xi-treffen-sich.md: warning: \'Lesen Sie auch\' title "Kim - Xi treffen '
                        'sich" in c.md, d.md is close to this title; if it means this article, add: aliases: ["Kim - Xi '
                        'treffen sich"] [near-miss]')
    suggested = lines[0].split("add: ")[1].removesuffix(" [near-miss]")
    assert yaml.safe_load(suggested) == {"aliases": ["Kim - Xi treffen sich"]}  # pasted as it stands, it works


def test_check_json_for_tools(project, capsys):
    root = project({**CLEAN, **PROBLEMS["no-date"]})
    assert main(["check", "-C", str(root), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["errors"], report["warnings"], report["stubs"]) == (0, 1, 0)
    assert report["diagnostics"] == [{"file": "content/articles/c.md", "line": None, "level": "warning",
                                      "code": "no-date", "message": "no 'date': listed after the dated articles; "
                                                                    "add date: YYYY-MM-DD"}]


def test_github_actions_get_annotations_on_the_changed_lines(project, capsys, monkeypatch):
    root = project({**CLEAN, **PROBLEMS["unknown-key"]})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root.parent))  # the dossier in a folder of the repository
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    out = capsys.readouterr().out
    assert ("::warning file=project/content/articles/c.md,line=4,title=dossier [unknown-key]::unknown field "
            "'topcis' is ignored; did you mean 'topics'?") in out.splitlines()
    monkeypatch.delenv("GITHUB_ACTIONS")
    shutil.rmtree(root / "site")
    main(["build", "-C", str(root), "--no-search"])
    assert "::" not in capsys.readouterr().out


def test_serve_prints_new_problems_and_what_got_fixed(project, tmp_path):
    root = project(CLEAN)
    said: list[str] = []
    folder = tmp_path / "served"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=said.append)
    assert preview.rebuild() and not [line for line in said if "warning" in line]
    c = root / "content/articles/c.md"
    c.write_text("---\ntitle: C\ndate: 2025-01-03\ntopcis: [Krieg]\n---\nText\n", encoding="utf-8")
    said.clear()
    assert preview.rebuild()
    assert said[0] == ("content/articles/c.md:4: warning: unknown field 'topcis' is ignored; did you mean 'topics'? "
                       "[unknown-key]")
    said.clear()
    c.write_text("---\ntitle: C\ndate: 2025-01-03\ntopcis: [Krieg\n---\nText\n", encoding="utf-8")  # broken
    assert not preview.rebuild()
    assert said[0].startswith("content/articles/c.md:4: error: broken YAML")
    assert not any("topcis" in line for line in said)  # the warning was said, and is not fixed
    said.clear()
    c.write_text("---\ntitle: C\ndate: 2025-01-03\ntopics: [Krieg]\n---\nText\n", encoding="utf-8")
    assert preview.rebuild()
    assert said[0] == "fixed: 1 error, 1 warning in content/articles/c.md; no errors left"
    preview.close()


def test_serve_quiet_prints_errors_only(project, tmp_path):
    root = project({**CLEAN, **PROBLEMS["unknown-key"]})
    said: list[str] = []
    folder = tmp_path / "served"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=said.append, quiet=True)
    assert preview.rebuild() and not [line for line in said if "warning" in line]
    (root / "content/articles/c.md").write_text("---\ntitle: [C\n---\n", encoding="utf-8")
    assert not preview.rebuild() and said[-1].startswith("content/articles/c.md:2: error: broken YAML")
    preview.close()


def test_ctrl_c_ends_the_progress_line_first(project, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def interrupted_build(*args, progress=None, **kwargs):
        progress(1480, 3747)
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "build", interrupted_build)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert main(["build", "-C", str(project(CLEAN))]) == 130
    assert sys.stderr.getvalue() == "\rrendering 1,480/3,747 pages\ndossier: interrupted\n"


def test_a_renamed_article_leaves_a_warning_for_its_old_url(project, capsys):
    root = project(CLEAN)
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    (root / "content/articles/b.md").rename(root / "content/articles/kim-trifft-putin.md")
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert ("/artikel/b/: warning: the last build published this URL and this build drops it; if the article was "
            "renamed, add redirect_from: [/artikel/b/] to content/articles/kim-trifft-putin.md [dead-url]"
            ) in capsys.readouterr().err.splitlines()
    assert main(["build", "-C", str(root), "--no-search"]) == 0  # said once: the site no longer has it
    assert "dead-url" not in capsys.readouterr().err


def test_a_renamed_article_with_its_redirect_leaves_no_warning(project, capsys):
    root = project(CLEAN)
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    (root / "content/articles/b.md").unlink()
    (root / "content/articles/kim-trifft-putin.md").write_text(
        article("Kim trifft Putin", date="2025-01-02", redirect_from=["/artikel/b/"]), encoding="utf-8")
    assert main(["check", "-C", str(root), "--strict"]) == 0
    assert main(["build", "-C", str(root), "--no-search", "--strict"]) == 0
    assert "dead-url" not in capsys.readouterr().err
    assert "/artikel/kim-trifft-putin/" in (root / "site/artikel/b/index.html").read_text(encoding="utf-8")


def test_following_the_stub_slug_advice_ends_with_no_warning_left(project, capsys):
    """A title that differs from an article's only by punctuation gets a numbered stub. The advice is the
    alias; once the stub's URL was published, the dead-url warning names the article to keep it, and after
    that `check --strict` passes."""
    root = project({"content/dossier.yaml": "title: Test\n",
                    "content/articles/kim-xi.md": article("Kim & Xi", date="2025-01-01"),
                    "content/articles/b.md": article("B", date="2025-01-02", related=["Kim - Xi"])})
    assert main(["build", "-C", str(root), "--no-search", "-q"]) == 0
    assert main(["check", "-C", str(root)]) == 0
    assert ("content/articles/b.md: warning: 'Lesen Sie auch' title \"Kim - Xi\" gets /artikel/kim-xi-2/, as "
            "/artikel/kim-xi/ is \"Kim & Xi\"; if it means that article, add aliases: [\"Kim - Xi\"] to "
            "content/articles/kim-xi.md [stub-slug]") in capsys.readouterr().out.splitlines()
    a = root / "content/articles/kim-xi.md"
    a.write_text(article("Kim & Xi", date="2025-01-01", aliases=["Kim - Xi"]), encoding="utf-8")
    assert main(["check", "-C", str(root), "--strict"]) == 1
    out = capsys.readouterr().out
    assert ("/artikel/kim-xi-2/: warning: the last build published this URL and this build drops it; it was "
            "numbered beside /artikel/kim-xi/ (content/articles/kim-xi.md); if it meant that article, add "
            "redirect_from: [/artikel/kim-xi-2/] to it [dead-url]") in out.splitlines()
    assert "stub-slug" not in out
    a.write_text(article("Kim & Xi", date="2025-01-01", aliases=["Kim - Xi"], redirect_from=["/artikel/kim-xi-2/"]),
                 encoding="utf-8")
    assert main(["check", "-C", str(root), "--strict"]) == 0
    assert main(["build", "-C", str(root), "--no-search", "--strict", "-q"]) == 0
    assert "/artikel/kim-xi/" in (root / "site/artikel/kim-xi-2/index.html").read_text(encoding="utf-8")


def test_two_stubs_sharing_a_slug_are_told_to_write_it_one_way(project, capsys):
    root = project({"content/articles/a.md": article("A", date="2025-01-01", related=["Kim & Xi", "Kim - Xi"])})
    assert main(["check", "-C", str(root)]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if "[stub-slug]" in line]
    assert line.endswith("as /artikel/kim-xi/ is \"Kim & Xi\"; if both mean one article, write them one way "
                         "[stub-slug]")


def test_an_upgraded_generator_builds_again(project, capsys, monkeypatch):
    from generator import uptodate

    root = project(CLEAN)
    for path in root.rglob("*"):
        os.utime(path, (time.time() - 60, time.time() - 60))
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert "is up to date" in capsys.readouterr().out
    monkeypatch.setattr(uptodate, "code_version", lambda: "another generator")
    assert main(["build", "-C", str(root), "--no-search"]) == 0
    assert "is up to date" not in capsys.readouterr().out
