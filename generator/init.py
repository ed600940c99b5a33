"""`dossier init DIR`: a new dossier project of one's own, built with the packaged theme. Writes the
settings, the content folders, a .gitignore, the GitHub Pages workflow, the requirement it installs and a
short README; never over an existing file, and never into a folder that holds a dossier already."""

from __future__ import annotations

import importlib.metadata as metadata
import json
from pathlib import Path

from generator import __version__
from generator.diagnostics import fail
from generator.files import swap_in

SKELETON = Path(__file__).resolve().parent / "skeleton"
FOLDERS = ("content/articles", "content/entities", "content/pages")


def requirement() -> str:
    """How the Pages workflow installs dossier: as this one was installed, where that is a URL it can reach
    (a Git repository, an archive); else this version from the package index."""
    try:
        origin = json.loads(metadata.distribution("dossier").read_text("direct_url.json") or "{}")
    except metadata.PackageNotFoundError:
        origin = {}
    url, vcs = origin.get("url", ""), origin.get("vcs_info", {})
    if url.startswith(("http://", "https://")):
        if vcs:
            return f"dossier @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@") + "\n"
        return f"dossier @ {url}\n"
    return (f"dossier=={__version__}\n" if not url else
            f"# dossier was installed from {url}, which GitHub's runners cannot reach: name a Git URL here,\n"
            f"# e.g. dossier @ git+https://github.com/OWNER/dossier\ndossier=={__version__}\n")


def settings(title: str, description: str) -> str:
    """content/dossier.yaml, with a word on each setting (JSON strings are YAML strings, quoted safely)."""
    quoted = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731
    return (f"title: {quoted(title)}\n"
            f"description: {quoted(description)}  # one sentence: search engines and link previews show it\n"
            "language: de\n"
            "base_url: /  # where the site lives; the Pages workflow passes its real address\n"
            "intro: |  # Markdown, on the home page above the articles\n"
            f"  {description or title}\n")


def files(title: str, description: str) -> dict[str, bytes]:
    """What a new project holds, by path."""
    readme = (SKELETON / "README.md").read_text(encoding="utf-8")
    return {
        "content/dossier.yaml": settings(title, description).encode("utf-8"),
        **{f"{folder}/.gitkeep": b"" for folder in FOLDERS},  # Git keeps no empty folder
        ".gitignore": (SKELETON / "gitignore").read_bytes(),
        ".github/workflows/pages.yml": (SKELETON / "pages.yml").read_bytes(),
        "requirements.txt": requirement().encode("utf-8"),
        "README.md": readme.replace("{title}", title).replace("{description}", description or title).encode("utf-8"),
    }


def init(folder: Path, title: str | None = None, description: str = "") -> tuple[list[str], list[str]]:
    """Write a new project into `folder` (made if missing). Returns the files written and those kept
    because the folder had them already."""
    if folder.exists() and not folder.is_dir():
        raise fail(folder, None, "not-a-folder", "is a file; name a new or empty folder for the dossier")
    for marker in ("content/dossier.yaml", "content/articles"):
        if (folder / marker).exists():
            raise fail(folder / marker, None, "exists", "this folder holds a dossier already; nothing written. "
                       "Work on it with dossier import, serve and build, or name another folder")
    title = " ".join((title or folder.resolve().name.replace("-", " ").replace("_", " ").title()).split())
    if not title:
        raise fail("dossier init", None, "no-title", 'give the dossier a title: dossier init DIR --title "Titel"')
    written, kept = [], []
    for rel, data in files(title, " ".join(description.split())).items():
        (written if swap_in(folder / rel, data, None) is None else kept).append(rel)
    return written, kept
