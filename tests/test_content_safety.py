"""Reading hostile content/: symbolic links out of content/ are refused, YAML escapes cannot smuggle control
characters, and any content file (random YAML, mutated valid front matter, random bytes, odd file names)
loads or is refused with one-line errors naming it; whatever loads renders, with a well-formed feed and
sitemap (fuzzed with Hypothesis, see fuzzing.py).
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from conftest import REPO, SITE_URL, article
from fuzzing import NASTY, TOKENS, assert_one_line_errors, encoded, fuzz, line, text
from generator import content, links
from generator.cli import main
from generator.diagnostics import DossierError
from generator import pages, static
from generator.plan import Memo, Planning
from generator.theme import load_theme


@pytest.mark.parametrize("where", ["content/articles/a.md", "content/pages/p.md", "content/entities/e.md",
                                   "content/dossier.yaml"])
def test_symlink_out_of_content_is_refused_with_one_line(project, tmp_path, where, capsys):
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(article("Geheim", body="Geheimer Text."), encoding="utf-8")
    root = project({"content/articles/b.md": article("B")})
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{where}: error: ") and "outside content/" in line and "[symlink]" in line
    assert not (root / "site").exists()


def test_symlinked_folder_out_of_content_is_refused(project, tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text(article("X"), encoding="utf-8")
    root = project({"content/articles/b.md": article("B")})
    (root / "content/pages").symlink_to(outside)
    assert main(["check", "-C", str(root)]) == 1
    assert "content/pages/x.md: error: " in capsys.readouterr().out


def test_symlinks_inside_content_are_fine(project):
    root = project({"content/articles/b.md": article("B"), "content/extra/c.md": article("C")})
    (root / "content/articles/c.md").symlink_to(root / "content/extra/c.md")
    (root / "content/articles/d.md").symlink_to("b.md")  # relative, same folder
    (root / "content/articles/gone.md").symlink_to(root / "nowhere.md")  # dangling: not a file, not content
    dossier, _ = content.load(root)
    assert sorted(a.slug for a in dossier.articles) == ["b", "c", "d"]


# -- Fuzzing the loader -----------------------------------------------------------------------------


KEYS = ["title", "date", "lede", "image_credit", "topics", "related", "aliases", "events", "source", "name", "kind",
        "description", "language", "base_url", "intro"]
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), line, st.sampled_from(TOKENS + NASTY),
                   st.sampled_from(["2025-07-13", "2024", "2022-02", "person", "Ort", "organisation", "de"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                     st.dictionaries(st.one_of(st.sampled_from(KEYS), line), inner,
                                                                     max_size=3)), max_leaves=6)


@st.composite
def content_file(draw) -> tuple[str, bytes]:
    """(path, bytes) of one content file: random YAML, a mutated valid one, or random text."""
    where = draw(st.sampled_from(["content/articles/{}.md", "content/articles/{}.md", "content/pages/{}.md",
                                  "content/entities/{}.md", "content/dossier.yaml"]))
    stem = draw(st.one_of(st.sampled_from(["a", "Kim Jong", "con", "x.y", "ä", "-"]),
                          st.text(st.characters(blacklist_characters="/\x00", codec="utf-8"), min_size=1,
                                  max_size=20).filter(lambda s: s not in (".", "..") and len(s.encode()) < 200)))
    path = where.format(stem)
    kind = draw(st.sampled_from(["valid", "yaml", "raw"]))
    if kind == "raw":
        return path, draw(encoded())
    meta = draw(st.dictionaries(st.sampled_from(KEYS), value, max_size=6)) if kind == "yaml" else {}
    if kind == "valid":
        meta = {"title": draw(line), "name": draw(line), "kind": draw(st.sampled_from(["person", "Ort"])),
                "date": draw(st.sampled_from([None, "2025-07-13", "2024-02-29"])), "lede": draw(line),
                "topics": draw(st.lists(line, max_size=3)), "related": draw(st.lists(line, max_size=4)),
                "aliases": draw(st.lists(line, max_size=3)),
                "events": draw(st.lists(st.fixed_dictionaries({"date": st.sampled_from(["2024", "2022-02"]),
                                                               "text": line}), max_size=2))}
        if path.endswith("dossier.yaml"):
            meta = {"title": meta["title"], "description": meta["lede"], "intro": draw(text),
                    "base_url": draw(st.one_of(st.sampled_from([SITE_URL, "/unter/", "javascript:alert(1)", "//x"]), line))}
    head = yaml_text(meta, draw(st.booleans()))
    if path.endswith(".yaml"):
        return path, head.encode("utf-8")
    return path, f"---\n{head}---\n{draw(text)}\n".encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))


def yaml_text(meta: dict, unicode: bool) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(meta, Dumper=dumper, allow_unicode=unicode, sort_keys=False) if meta else ""


THEME = None


@pytest.mark.slow
@fuzz(200)
@given(files=st.lists(content_file(), min_size=1, max_size=2, unique_by=lambda f: f[0]))
def test_fuzz_load_reads_or_refuses_in_one_line_and_what_loads_renders(files):
    global THEME
    THEME = THEME or load_theme(REPO)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content/articles").mkdir(parents=True)
        (root / "content/articles/fest.md").write_text(article("Fester Artikel", date="2025-01-01",
                                                               related=["a", "Kim Jong"]), encoding="utf-8")
        for path, data in files:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        try:
            dossier, _ = content.load(root)
            linked, problems = links.link(dossier)
        except DossierError as exc:
            assert_one_line_errors(exc, *(path.rsplit("/", 1)[0] + "/" for path, _ in files), "content/dossier.yaml")
            return
        for problem in problems:
            assert len(str(problem).splitlines()) == 1 and str(problem).startswith("content/"), str(problem)
        planning = Planning(linked, THEME, False, Memo())
        files_out = static.files(THEME, linked.settings)
        for job in pages.jobs(planning):  # every page, planned and rendered in memory
            files_out[job.path] = planning.render(pages.plan(planning, job)[0])
        for name in ("feed.xml", "sitemap.xml"):
            if name in files_out:
                ET.fromstring(files_out[name])  # well-formed XML whatever the text
        for name, data in files_out.items():
            if not name.endswith((".png", ".ico")):  # the icons are images; every text file is checked
                assert not re.search(rb"[\x00-\x08\x0b\x0e-\x1f]", data), name


# Failures the fuzzers found, kept as explicit regression tests.

@pytest.mark.parametrize("escape, code", [("\\0", "0000"), ("\\a", "0007"), ("\\x1b", "001B"), ("\\N", "0085"),
                                          ("\\x9f", "009F")])
def test_yaml_escapes_cannot_smuggle_control_characters(project, escape, code):
    """Found by the loader fuzzer: "\\0" in a double-quoted YAML title reached the HTML and broke the feed."""
    root = project({"content/articles/a.md": f'---\ntitle: Titel\nlede: "Lede {escape} mit Escape"\n---\nText\n',
                    "content/articles/b.md": f'---\ntitle: B\nrelated:\n- "x{escape}"\n---\nText\n',
                    "content/dossier.yaml": f'title: "D{escape}"\n'})
    with pytest.raises(DossierError) as caught:
        content.load(root)
    assert sorted(str(d) for d in caught.value.diagnostics) == [
        f"content/articles/a.md:3: error: control character U+{code} in 'lede' [control-char]",
        f"content/articles/b.md:3: error: control character U+{code} in 'related' [control-char]",
        f"content/dossier.yaml:1: error: control character U+{code} in 'title' [control-char]",
    ]


def test_file_name_with_a_line_break_still_gives_one_line(project, capsys):
    """Found by the loader fuzzer: a file named "a\\nb.md" printed its error on two lines."""
    root = project({"content/articles/a\nb\u2028c.md": "---\ntitle: ''\n---\nText\n"})
    assert main(["build", "-C", str(root), "--no-search"]) == 1
    assert capsys.readouterr().err == \
        "content/articles/a\\nb\\u2028c.md:2: error: article has no 'title' in its front matter [no-title]\n"
