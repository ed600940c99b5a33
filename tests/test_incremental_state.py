"""The state a build leaves in .cache/dossier/ for the next process: a page is planned again only when an
input it read changed, and whatever the history of edits, the result is the bytes of a clean build."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import article, override, png, snapshot
from generator import pages, state as states
from generator.build import build
from generator.preview import Preview
from generator.site import Site

MANIFEST = ".dossier-manifest.json"


def _project(project):
    files = {
        "content/dossier.yaml": "title: T\nbase_url: https://example.org/t/\nintro: Ein Dossier.\n",
        "content/entities/kim.md": "---\nname: Kim Jong Un\nkind: person\naliases: [Kim]\n---\nMachthaber.\n",
        "content/entities/moskau.md": "---\nname: Moskau\nkind: place\n---\nHauptstadt.\n",
        "content/pages/about.md": "---\ntitle: Über\n---\nÜber das Dossier.\n",
    }
    for n in range(8):
        files[f"content/articles/a{n}.md"] = article(
            f"Artikel {n}", date=f"2025-0{1 + n % 9}-1{n % 10}", lede=f"Lede {n}.", topics=[f"Thema {n % 3}"],
            related=[f"Artikel {(n + 1) % 8}", f"Fehlt {n % 4}"],
            events=[{"date": f"202{n % 5}", "text": f"Ereignis {n}"}] if n % 2 else [],
            body=f"Kim war in Moskau. Absatz {n}.")
    return project(files)


def _clean(root: Path, tmp: Path, **options) -> dict[str, bytes]:
    """What a clean build of the project's content makes: no state, no previous site."""
    copy = tmp / "clean-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "content", copy / "content")
    if (root / "layouts").exists():
        shutil.copytree(root / "layouts", copy / "layouts")
    build(copy, out=tmp / "clean-site", **options)
    found = snapshot(tmp / "clean-site")
    shutil.rmtree(tmp / "clean-site")
    return found


def _site_is_clean(root: Path, tmp: Path) -> bool:
    """Whether the project's site/ holds what a clean build makes (the manifests aside)."""
    site = snapshot(root / "site")
    site.pop(MANIFEST)
    clean = _clean(root, tmp, with_search=False)
    clean.pop(MANIFEST)
    return site == clean


def _edit(root: Path, rng: random.Random, step: int) -> str:
    """One random edit an editor could make; returns what it did."""
    articles = sorted((root / "content/articles").glob("*.md"))
    target = rng.choice(articles)
    text = target.read_text(encoding="utf-8")
    kind = rng.choice(["body", "title", "date", "lede", "topics", "related", "new", "delete", "entity",
                       "layout", "settings", "events", "retitle", "redirect"])
    if kind == "body":
        target.write_text(text + f"\nNeuer Absatz {step} über Kim.\n", encoding="utf-8")
    elif kind == "title":
        target.write_text(text.replace("title: ", f"title: Neu {step} ", 1), encoding="utf-8")
    elif kind == "date":
        target.write_text(text.replace("date: '2025-", "date: '2024-", 1).replace("date: 2025-", "date: 2024-", 1),
                          encoding="utf-8")
    elif kind == "lede":
        target.write_text(text.replace("lede: ", f"lede: Anders {step} ", 1), encoding="utf-8")
    elif kind == "topics":
        target.write_text(text.replace("topics:\n", f"topics:\n- Neues Thema {step % 2}\n", 1), encoding="utf-8")
    elif kind == "related":
        target.write_text(text.replace("related:\n", f"related:\n- Fehlt {step}\n", 1), encoding="utf-8")
    elif kind == "new":
        (root / f"content/articles/n{step}.md").write_text(
            article(f"Fehlt {step % 4}", date="2025-03-03", related=["Artikel 1"], body="Neu über Moskau."),
            encoding="utf-8")
    elif kind == "delete" and len(articles) > 3:
        target.unlink()
    elif kind == "entity":
        (root / f"content/entities/e{step}.md").write_text(
            f"---\nname: Absatz {step}\nkind: organisation\n---\nNeu.\n", encoding="utf-8")
    elif kind == "layout":
        layout = override(root, "article.html")
        layout.write_text(layout.read_text(encoding="utf-8") + f"\n{{# {step} #}}<!-- v{step} -->\n",
                          encoding="utf-8")
    elif kind == "settings":
        settings = root / "content/dossier.yaml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("intro: ", f"intro: {step} "),
                            encoding="utf-8")
    elif kind == "events":
        target.write_text(text.replace("events:\n", f"events:\n- date: '2023'\n  text: Neu {step}\n", 1)
                          if "events:\n" in text else text, encoding="utf-8")
    elif kind == "retitle" and "\naliases:" not in text:  # references by the old title show the new one
        old = re.search(r"^title: (.*)$", text, re.M)
        target.write_text(text.replace(old.group(0), f"title: Umbenannt {step}\naliases:\n- {old.group(1)}", 1),
                          encoding="utf-8")
    elif kind == "redirect":  # a redirect page at each old path, or none any more
        if "\nredirect_from:" in text:
            target.write_text(re.sub(r"\nredirect_from:\n(?:- .*\n)+", "\n", text), encoding="utf-8")
        else:
            target.write_text(text.replace("\n", f"\nredirect_from:\n- /alt/{step}/\n- /artikel/alt-{step}.html\n", 1),
                              encoding="utf-8")
    return f"{kind} {target.name}"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 105])  # 105 adds a redirect, retitles its article, removes it
def test_builds_after_random_edits_equal_clean_builds(project, tmp_path, seed):
    """Each build is a fresh `dossier build` that starts from the state and the spare site the last one
    left; after every edit its site must be byte for byte a clean build's."""
    _build_after_each_edit(_project(project), tmp_path, random.Random(seed), _edit, 12)


def _build_after_each_edit(root: Path, tmp: Path, rng: random.Random, edit, steps: int) -> list[str]:
    """A fresh build after each of `steps` edits, each compared with a clean build; says what was edited."""
    build(root, with_search=False)
    done = []
    for step in range(steps):
        done.append(edit(root, rng, step))
        build(root, with_search=False)
        assert _site_is_clean(root, tmp), f"step {step}: {done[-1]}"
    return done


def _edit_pictures_and_drafts(root: Path, rng: random.Random, step: int) -> str:
    """One random edit of an image, an article's image, its draft state or a link in its text."""
    articles = sorted((root / "content/articles").glob("*.md"))
    target = rng.choice(articles)
    text = target.read_text(encoding="utf-8")
    kind = rng.choice(["file", "image", "draft", "link", "delete-file"])
    images = root / "content/images"
    images.mkdir(exist_ok=True)
    if kind == "file":  # a new image, or new bytes (another size) for one there is
        (images / f"b{step % 3}.png").write_bytes(png(10 + step, 20))
    elif kind == "image":  # an article shows an image, or no longer does
        if "\nimage:" in text:
            target.write_text(re.sub(r"\nimage: .*\nalt: .*", "", text), encoding="utf-8")
        else:
            (images / f"b{step % 3}.png").write_bytes(png(30, 10 + step))
            target.write_text(text.replace("\n", f"\nimage: b{step % 3}.png\nalt: Bild {step}\n", 1), encoding="utf-8")
    elif kind == "draft":  # a draft, or published again
        target.write_text(text.replace("\ndraft: true", "") if "\ndraft: true" in text else
                          text.replace("\n", "\ndraft: true\n", 1), encoding="utf-8")
    elif kind == "link":  # a link in the text to another article (it may be a draft)
        target.write_text(text + f"\nSiehe [hier](/artikel/{rng.choice(articles).stem}/).\n", encoding="utf-8")
    elif kind == "delete-file":  # an image no article shows goes
        shown = {m for a in articles for m in re.findall(r"^image: (.*)$", a.read_text(encoding="utf-8"), re.M)}
        for unused in sorted(p for p in images.iterdir() if p.name not in shown)[:1]:
            unused.unlink()
    return f"{kind} {target.name}"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 8])
def test_builds_after_random_image_and_draft_edits_equal_clean_builds(project, tmp_path, seed):
    done = _build_after_each_edit(_project(project), tmp_path, random.Random(seed), _edit_pictures_and_drafts, 14)
    assert {what.split()[0] for what in done} >= {"file", "image", "draft"}


@pytest.mark.slow
def test_the_preview_after_random_edits_serves_a_clean_build(project, tmp_path):
    root = _project(project)
    build(root, with_search=False)  # the preview starts from what the build left, then goes its own way
    folder = tmp_path / "served"
    folder.mkdir()
    preview = Preview(root, folder, with_search=False, log=lambda line: None)
    rng = random.Random(3)
    try:
        assert preview.rebuild()
        for step in range(12):
            what = _edit(root, rng, step)
            assert preview.rebuild()
            clean = _clean(root, tmp_path, with_search=False)
            clean.pop(MANIFEST)
            assert snapshot(folder) == clean, f"step {step}: {what}"
    finally:
        preview.close()
    # The preview saved its state: a new process knows every page's fingerprint without planning it.
    site = Site(root, with_search=False)
    planning = site.planning(site.load()[0])
    jobs = pages.jobs(planning)
    assert set(site.known(planning, jobs)) == {job.path for job in jobs}


def test_a_fresh_build_plans_only_the_pages_that_read_what_changed(project):
    root = _project(project)
    first = build(root, with_search=False)
    assert first.planned == first.rendered == first.rendered + first.reused
    path = root / "content/articles/a3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Absatz 3.", "Absatz drei."), encoding="utf-8")
    second = build(root, with_search=False)
    # Its page, the whole dossier, the feed: the pages that show its body. Nothing else is even planned.
    assert (second.planned, second.rendered) == (3, 3)
    path.write_text(path.read_text(encoding="utf-8").replace("lede: Lede 3.", "lede: Neue Lede."), encoding="utf-8")
    third = build(root, with_search=False)
    # Its page, the whole dossier, the feed, the home page, its topic, the article that references it
    # and the pages of the entities it mentions (their cards show the lede), and the feeds of its topic and
    # of those entities (their entries' summaries).
    assert third.planned == third.rendered == 12


def test_a_damaged_or_foreign_state_only_costs_time(project, tmp_path, monkeypatch):
    root = _project(project)
    build(root, with_search=False)
    for cache in (root / ".cache/dossier").rglob("*"):
        if cache.is_file():  # the state, the rendered parts, the compiled layouts
            cache.write_bytes(b"\x80\x05not a pickle")
    path = root / "content/articles/a1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Artikel 1", "Artikel eins"), encoding="utf-8")
    result = build(root, with_search=False)
    assert result.planned == result.rendered + result.reused  # nothing trusted
    site = snapshot(root / "site")
    assert site.pop(MANIFEST)
    clean = _clean(root, tmp_path, with_search=False)
    clean.pop(MANIFEST)
    assert site == clean
    monkeypatch.setattr(states, "code_version", lambda: "other code")  # a state written by other code
    path.write_text(path.read_text(encoding="utf-8").replace("Absatz 1.", "Absatz eins."), encoding="utf-8")
    assert build(root, with_search=False).planned == result.planned


def _heads(root: Path) -> dict:
    site = Site(root, with_search=False)
    planning = site.planning(site.load()[0])
    return dict(site.state.records(planning.salt).heads())


def test_a_build_killed_while_saving_its_state_leaves_the_state_it_started_from(project, tmp_path, monkeypatch):
    """The state is saved in one transaction: a build killed halfway through saving it must not leave
    records that are half new, and the next build must still make the site a clean build makes."""
    root = _project(project)
    build(root, with_search=False)
    before = _heads(root)
    path = root / "content/articles/a3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Absatz 3.", "Absatz drei."), encoding="utf-8")
    write = states._write_records

    def killed(db, salt_id, records):
        write(db, salt_id, records)  # the new records are written, the transaction not yet committed
        raise KeyboardInterrupt  # as a SIGINT while saving

    monkeypatch.setattr(states, "_write_records", killed)
    with pytest.raises(KeyboardInterrupt):
        build(root, with_search=False)
    monkeypatch.setattr(states, "_write_records", write)
    assert _heads(root) == before
    path.write_text(path.read_text(encoding="utf-8").replace("Absatz drei.", "Absatz 3."), encoding="utf-8")
    build(root, with_search=False)
    assert _site_is_clean(root, tmp_path)
    assert _heads(root) == before


def test_a_file_changed_in_the_same_clock_tick_is_read_again(project):
    """A file saved twice within one mtime tick keeps its size and mtime: the state must not trust a
    signature taken while the file was fresh ("racy git")."""
    root = _project(project)
    path = root / "content/articles/a2.md"
    build(root, with_search=False)  # reads a2.md within seconds of its save
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Absatz 2.", "Absatz 9."), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    build(root, with_search=False)
    assert "Absatz 9." in (root / "site/artikel/a2/index.html").read_text(encoding="utf-8")


def test_the_previous_site_is_kept_whole_as_the_next_builds_start(project):
    root = _project(project)
    build(root, with_search=False)
    path = root / "content/articles/a0.md"
    for step in range(3):
        before = snapshot(root / "site")
        path.write_text(path.read_text(encoding="utf-8") + f"\nSchritt {step}.\n", encoding="utf-8")
        build(root, with_search=False)
        assert snapshot(root / ".site.spare") == before


def test_two_processes_saving_one_configuration_leave_no_mixed_records(project, tmp_path):
    """Two processes that loaded the same state and save it one after the other: the second's changes
    were made against records the first has replaced, so they are not mixed in; the next build checks
    the pages one by one and makes what a clean build makes."""
    root = _project(project)
    build(root, with_search=False)
    first, second = states.load(root), states.load(root)
    (salt, _), = first.salts.items()
    for state, fingerprint in ((first, "from the first"), (second, "from the second")):
        records = state.records(salt)
        records.put("artikel/a1/index.html", records.get("artikel/a1/index.html")._replace(fingerprint=fingerprint))
        states.save(root, state)
    again = states.load(root)
    assert salt not in again.seen and not again.records(salt).heads()
    build(root, with_search=False)
    assert _site_is_clean(root, tmp_path)
