"""`dossier new`, every command's help, and `--version`."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import article
from generator import content
from generator.cli import main


def test_new_writes_a_draft_skeleton_and_prints_its_path(project, capsys):
    root = project({"content/dossier.yaml": "title: T\n", "content/articles/a.md": article("A", date="2025-01-01")})
    assert main(["new", "-C", str(root), "Seoul vor Kurswechsel: Lee will reden"]) == 0
    out = capsys.readouterr()
    assert out.out == "content/articles/seoul-vor-kurswechsel-lee-will-reden.md\n"
    dossier, warnings = content.load(root)
    [new] = [a for a in dossier.articles if a.slug != "a"]
    assert (new.title, new.date, new.draft, new.lede, new.topics, new.related) == (
        "Seoul vor Kurswechsel: Lee will reden", date.today().isoformat(), True, "", (), ())
    assert warnings == []  # a draft may be empty
    page = root / "site/artikel/seoul-vor-kurswechsel-lee-will-reden/index.html"
    assert main(["build", "-C", str(root), "--no-search", "--strict", "-q"]) == 0
    assert not page.exists()  # a draft until the editor says otherwise
    path = root / out.out.strip()
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", "") + "Der Text.\n", encoding="utf-8")
    assert main(["build", "-C", str(root), "--no-search", "--strict", "-q"]) == 0
    assert "Der Text." in page.read_text(encoding="utf-8")


def test_new_takes_the_stubs_url(project, capsys):
    # The stub's slug differs from the title's own: "Kim & Xi" and "Kim - Xi" both slugify to kim-xi.
    root = project({"content/articles/a.md": article("A", related=["Kim & Xi", "Kim - Xi"])})
    assert main(["new", "-C", str(root), "Kim – Xi"]) == 0  # an en dash: the same title as "Kim - Xi"
    out = capsys.readouterr()
    assert out.out == "content/articles/kim-xi-2.md\n"
    assert out.err == "content/articles/kim-xi-2.md: takes the place of the stub /artikel/kim-xi-2/, named in " \
                      "content/articles/a.md\n"


@pytest.mark.parametrize("title, said", [
    ("„A“", "content/articles/a.md: error: already has the title '„A“'; edit that article [duplicate-title]"),
    ("Alias von A", "content/articles/a.md: error: already has the title 'Alias von A'; edit that article "
                    "[duplicate-title]"),
    ("   ", "dossier new: error: give the article a title: dossier new \"Titel\" [no-title]"),
])
def test_new_refuses_a_title_the_dossier_has(project, capsys, title, said):
    root = project({"content/articles/a.md": article("A", aliases=["Alias von A"])})
    before = sorted(p.name for p in (root / "content/articles").iterdir())
    assert main(["new", "-C", str(root), title]) == 1
    assert capsys.readouterr().err.strip() == said
    assert sorted(p.name for p in (root / "content/articles").iterdir()) == before


def test_new_never_replaces_a_file(project, capsys):
    # A file whose title is not what its name says: `new` must not overwrite it.
    root = project({"content/articles/b.md": article("Etwas ganz anderes")})
    (root / "content/articles/b.md").rename(root / "content/articles/kim.md")
    (root / "content/articles/kim.md").write_text(article("Etwas ganz anderes"), encoding="utf-8")
    assert main(["new", "-C", str(root), "Kim"]) == 0
    assert capsys.readouterr().out == "content/articles/kim-2.md\n"
    assert "Etwas ganz anderes" in (root / "content/articles/kim.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "import", "new", "serve", "check"])
def test_every_command_has_a_description_and_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 25  # a paragraph, not a line
    examples = text.split("examples:\n")[1]
    assert f"  dossier {command}" in examples


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("dossier 0.")


def test_new_does_not_take_an_address_a_redirect_keeps(project, capsys):
    root = project({"content/articles/neu.md": article("Neu", redirect_from=["/artikel/kim/"])})
    assert main(["new", "-C", str(root), "Kim"]) == 0
    assert capsys.readouterr().out == "content/articles/kim-2.md\n"
