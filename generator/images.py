"""content/images/ as the site's /bilder/: every PNG, JPEG, WebP and GIF file with its size and digest,
and the articles' `image:` checked against them (a missing or unreadable file is an error at its line)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from generator import imagesize, urls
from generator.diagnostics import Diagnostic, error, warning
from generator.files import trusted_before
from generator.model import Article, Image

FOLDER = "content/images/"

# A file's Image (or the problem with it) by its name, with the (mtime, size, inode) it was read at: an
# unchanged file is not read again (the preview asks on every save).
Memo = dict[str, tuple[tuple[int, int, int] | None, Image | Diagnostic]]


def scan(root: Path, memo: Memo | None = None) -> tuple[dict[str, Image], list[Diagnostic]]:
    """Every image under content/images/ by its name there ("kim.jpg", "2025/kim.jpg"), sorted, and the
    problems: a file that is not an image it can publish, or a link out of content/."""
    folder = root / FOLDER
    memo = memo if memo is not None else {}
    found: dict[str, Image] = {}
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        memo.clear()
        return found, problems
    real_content = os.path.realpath(root / "content")
    racy_after = trusted_before(time.time())
    seen = set()
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any(part.startswith((".", "#", "~")) for part in name.split("/")) or not path.is_file():
            continue  # hidden and editors' temporary files, and folders
        seen.add(name)
        shown = FOLDER + name
        if os.path.commonpath([os.path.realpath(path), real_content]) != real_content:
            problems.append(error(shown, None, "symlink", "a symbolic link leads outside content/; copy the file "
                                                          "into content/images/ instead"))
            continue
        if path.suffix.lower() not in imagesize.KINDS:
            problems.append(warning(shown, None, "not-an-image", f"only {imagesize.NAMES} files are published at "
                                                                 f"{urls.IMAGES}; convert it or move it elsewhere"))
            continue
        item = _read(path, name, shown, memo, racy_after)
        if isinstance(item, Image):
            found[name] = item
        else:
            problems.append(item)
    for gone in set(memo) - seen:
        del memo[gone]
    return found, problems


def _read(path: Path, name: str, shown: str, memo: Memo, racy_after: float) -> Image | Diagnostic:
    try:
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = memo.get(name)
        if cached and cached[0] == signature:
            return cached[1]
        data = path.read_bytes()
    except OSError as exc:
        return error(shown, None, "unreadable", f"cannot read: {exc.strerror}")
    found = imagesize.size(data)
    expected = imagesize.KINDS[path.suffix.lower()]
    if found is None:
        item: Image | Diagnostic = error(shown, None, "bad-image", f"is not a {imagesize.NAMES} image that can be "
                                                                  "read; save it again from an image program")
    elif found.kind != expected:
        item = error(shown, None, "bad-image", f"is a {found.kind.upper()} image named .{path.suffix[1:]}; "
                                               f"rename it to end in the suffix of its kind")
    else:
        item = Image(name, found.width, found.height, hashlib.blake2b(data, digest_size=16).hexdigest())
    # A file saved within the last seconds may change again without its mtime moving: read it again then.
    memo[name] = (signature if stat.st_mtime_ns < racy_after else None, item)
    return item


def source(root: Path, image: Image) -> Path:
    return root / FOLDER / image.name


def check(articles: tuple[Article, ...], found: dict[str, Image], problems: list[Diagnostic]) -> list[Diagnostic]:
    """An article's `image:` that names no file of content/images/ is an error at its line (a file that is
    there but cannot be published has its own error from scan())."""
    told = {d.path for d in problems}
    problems = []
    for article in articles:
        if article.image and article.image not in found and FOLDER + article.image not in told:
            close = [n for n in found if n.casefold() == article.image.casefold()]
            hint = f"did you mean {close[0]!r}?" if close else "put the file there, or correct the name"
            problems.append(error(article.path, article.image_line, "no-image",
                                  f"image {article.image!r} is not in {FOLDER}; {hint}"))
    return problems
