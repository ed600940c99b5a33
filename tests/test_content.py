"""Reading content/: broken files get one line naming file and line, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import article
from generator import content
from generator.cli import main
from generator.diagnostics import DossierError


def _errors(root):
    with pytest.raises(DossierError) as caught:
        content.load(root)
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: A\ndate: 2025-07-13\ntopics: [Krieg\n---\nText\n", 4, "broken YAML: while parsing a flow sequence here"),
    ("---\ntitle: A\n  lede: x: y\n---\nText\n", 3, "broken YAML"),
    ("---\ntitle: A\ndate: 13.07.2025\n---\nText\n", 3,
     "'date' must be a day like 2025-07-13, found '13.07.2025'; did you mean 2025-07-13?"),
    ("---\ntitle: A\ndate: 10.6.2025\n---\nText\n", 3, "found '10.6.2025'; did you mean 2025-06-10?"),
    ("---\ntitle: A\ndate: 13. Juli 2025\n---\nText\n", 3, "found '13. Juli 2025'; did you mean 2025-07-13?"),
    ("---\ntitle: A\ndate: 2025-7-1\n---\nText\n", 3, "found '2025-7-1'; did you mean 2025-07-01?"),
    ("---\ntitle: A\ndate: Juli 2025\n---\nText\n", 3, "must be a day like 2025-07-13, found 'Juli 2025' [date]"),
    ("---\ntitle: A\ndate: 31.02.2025\n---\nText\n", 3, "found '31.02.2025' [date]"),  # no such day
    ("---\ntitle: A\nevents:\n- date: 24.02.2022\n  text: x\n---\nText\n", 3,
     "event 1: date must be like 2024, 2022-02 or 2025-07-12, found '24.02.2022'; did you mean 2022-02-24?"),
    ("---\ntitle: A\nevents:\n- date: Februar 2022\n  text: x\n---\nText\n", 3,
     "found 'Februar 2022'; did you mean 2022-02?"),
    ("---\ntitle: A\ndate: 2025-02-30\n---\nText\n", 3, "'date' must be a day"),
    ("---\ntitle: A\ntopics: {a: b}\n---\nText\n", 3, "'topics' must be a list"),
    ("---\ntitle: A\nevents:\n- date: Februar\n  text: x\n---\nText\n", 3, "event 1: date must be like 2024"),
    ("---\ntitle: A\nevents:\n- text: x\n---\nText\n", 3, "event 1 needs a 'date' and a 'text'"),
    ("---\ndate: 2025-07-13\n---\nText\n", 1, "has no 'title'"),
    ("---\ntitle: A\n", 1, "never closed"),
    ("---\n- a\n- b\n---\nText\n", 2, "must be a mapping"),
    ("---\ntitle: Seoul vor Kurswechsel: Lee will reden\ndate: 2025-07-13\n---\nText\n", 2,
     "the value of 'title' contains a colon; put it in quotes: title: \"Seoul vor Kurswechsel: Lee will reden\""),
])
def test_broken_front_matter_names_file_and_line(project, text, line, words):
    root = project({"content/articles/a.md": text})
    [message] = _errors(root)
    assert message.startswith(f"content/articles/a.md:{line}: error:")
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize("line", [
    'title: Seoul vor Kurswechsel: Lee will mit Pjöngjang reden',
    'lede: Kim sagte: "Nie wieder" und ging',
    'lede: Ein Pfad C:\\Daten: und mehr',
    'title: Nordkorea sichert Putin volle Unterstützung im Ukraine-Krieg zu: Kim empfängt Lawrow in Wonsan',
])
def test_the_colon_hint_is_yaml_that_works(project, line):
    """Most German headlines have a colon: the error says to quote the value and shows how; pasting that
    line in place of the broken one makes the article load with the text as written."""
    key, value = line.split(": ", 1)
    root = project({"content/articles/a.md": f"---\ntitle: A\n{line}\n---\nText\n".replace("title: A\ntitle", "title")})
    [message] = _errors(root)
    assert f"the value of '{key}' contains a colon; put it in quotes:" in message
    fixed = message.split("put it in quotes: ", 1)[1].rsplit(" [yaml]", 1)[0]
    path = root / "content/articles/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace(line, fixed), encoding="utf-8")
    dossier, _ = content.load(root)
    [loaded] = dossier.articles
    assert getattr(loaded, key) == value


@pytest.mark.parametrize("data, words", [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"---\ntitle: A\x07\n---\n", "control character U+0007"),
    (b"---\ntitle: \x81\x8d\n---\n", "neither UTF-8 nor Windows-1252"),
])
def test_unreadable_files_are_refused_with_one_line(project, data, words):
    root = project({"content/articles/a.md": data})
    [message] = _errors(root)
    assert message.startswith("content/articles/a.md")
    assert words in message


def test_latin1_article_is_decoded_without_mojibake(project):
    root = project({"content/articles/a.md": "---\ntitle: Straße in Pjöngjang\n---\n„Text“\n".encode("cp1252")})
    dossier, _ = content.load(root)
    assert dossier.articles[0].title == "Straße in Pjöngjang"
    assert "„Text“" in dossier.articles[0].body


def test_yaml_keeps_partial_dates_and_day_dates_as_text(project):
    root = project({"content/articles/a.md": article(
        "A", date="2025-07-13", events=[{"date": 2024, "text": "x"}, {"date": "2022-02", "text": "y"}])})
    [a] = content.load(root)[0].articles
    assert a.date == "2025-07-13"
    assert [e.date for e in a.events] == ["2024", "2022-02"]


def test_unknown_fields_and_settings_are_warnings_with_line(project):
    root = project({"content/articles/a.md": "---\ntitle: A\nautor: X\ntopcis: [Krieg]\n---\nText\n",
                    "content/dossier.yaml": "title: T\ncolour: red\ndescripton: x\n"})
    _, diagnostics = content.load(root)
    assert sorted(str(d) for d in diagnostics) == [
        "content/articles/a.md:3: warning: unknown field 'autor' is ignored; did you mean 'author'? "
        "[unknown-key]",
        "content/articles/a.md:4: warning: unknown field 'topcis' is ignored; did you mean 'topics'? [unknown-key]",
        "content/dossier.yaml:2: warning: unknown setting 'colour' is ignored; check its spelling, or remove it "
        "[unknown-key]",
        "content/dossier.yaml:3: warning: unknown setting 'descripton' is ignored; did you mean 'description'? "
        "[unknown-key]",
    ]


def test_editor_temp_files_are_not_content(project):
    root = project({"content/articles/a.md": article("A"), "content/articles/.#a.md": "x",
                    "content/articles/a.md~": "x", "content/articles/notes.txt": "x"})
    assert [a.slug for a in content.load(root)[0].articles] == ["a"]


def test_cli_reports_broken_yaml_without_traceback(project, capsys):
    root = project({"content/articles/a.md": "---\ntitle: A\ntopics: [x\n---\n"})
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("content/articles/a.md:")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (root / "site").exists()


@pytest.mark.parametrize("command", [["build", "--no-search"], ["check"], ["serve", "--no-search"]])
def test_outside_a_project_every_command_says_so_in_one_line_and_exits_1(tmp_path, command):
    """`serve` too: it used to print the error and then serve 404s."""
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for root, said in [(tmp_path, f"content: error: no content/ folder in {tmp_path}; run dossier in a dossier "
                                  f"project [no-content]"),
                       (tmp_path / "nonexistent", f"{tmp_path / 'nonexistent'}: error: no such folder; give -C "
                                                  f"the folder of a dossier project [no-folder]"),
                       (tmp_path / "a-file", f"{tmp_path / 'a-file'}: error: not a folder; give -C the folder "
                                             f"of a dossier project [no-folder]")]:
        done = subprocess.run([sys.executable, "-m", "generator", command[0], "-C", str(root), *command[1:]],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 1, done
        shown = (done.stderr + done.stdout).strip().splitlines()
        assert shown[0] == said
        assert "serving" not in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "acht"])
def test_serve_refuses_a_port_that_is_none_in_one_line(port, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["serve", "-p", port])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (f"dossier serve: error: argument -p/--port: {port!r} is not a port; give a "
                                    f"number from 1 to 65535 (0: any free one), e.g. -p 8080")
    assert "internal error" not in err


def test_source_title_is_read_and_optional(project):
    root = project({
        "content/articles/a.md": article("Neu", source={"file": "a.txt", "sha256": "ab" * 32, "title": " Alt "}),
        "content/articles/b.md": article("B", source={"file": "b.txt", "sha256": "cd" * 32}),  # an older import
    })
    a, b = content.load(root)[0].articles
    assert (a.source.file, a.source.title, a.source.stored_name) == ("a.txt", "Alt", "abababababab-a.txt")
    assert (b.source.title, b.source.stored_name) == ("", "cdcdcdcdcdcd-b.txt")
    bad = project({"content/articles/a.md": article("Neu", source={"file": "a.txt", "sha256": "", "title": ["x"]})})
    with pytest.raises(DossierError) as caught:
        content.load(bad)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/articles/a.md:3: error: 'source' 'title' must be text [type]"]


@pytest.mark.parametrize("field", ["topics", "aliases"])
def test_a_comma_separated_text_where_a_list_belongs_is_a_warning(project, field):
    """`topics: Ukraine-Krieg, Diplomatie` is one topic named "Ukraine-Krieg, Diplomatie" in YAML: say so."""
    root = project({"content/articles/a.md": f"---\ntitle: A\n{field}: Ukraine-Krieg, Diplomatie\n---\nText\n"})
    dossier, diagnostics = content.load(root)
    [warning] = [str(d) for d in diagnostics if d.code == "not-a-list"]
    assert warning.startswith("content/articles/a.md:3: warning:")
    assert f"write a list: {field}: [Ukraine-Krieg, Diplomatie]" in warning
    fixed = root / "content/articles/b.md"
    fixed.write_text(f"---\ntitle: B\n{field}: [Ukraine-Krieg, Diplomatie]\n---\nText\n", encoding="utf-8")
    dossier, diagnostics = content.load(root)
    assert [d.path for d in diagnostics if d.code == "not-a-list"] == ["content/articles/a.md"]
    assert getattr(dossier.articles[1], field) == ("Ukraine-Krieg", "Diplomatie")
