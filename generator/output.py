"""Writing site/ atomically: render into a staging folder beside it, then swap the two in one step."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.system import alive, exchange

MANIFEST = ".dossier-manifest.json"  # in the site itself, so it always describes the files beside it


def open_staging(output: Path) -> tuple[Path, dict]:
    """A folder next to `output` to build the next site in (same file system, so the final rename is
    atomic), and the manifest of what it already holds: the site before the current one, kept by the
    last swap, when it is intact; else an empty folder and {}. Bringing it up to date touches only the
    pages that differ, not every page of a large site."""
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-{os.getpid()}-", dir=output.parent))
    os.chmod(staging, 0o755)
    try:
        os.rename(_spare(output), staging)  # onto the empty folder: atomic, and no other build gets it
    except OSError:
        return staging, {}
    held = read_manifest(staging)
    (staging / MANIFEST).unlink(missing_ok=True)  # from here on a staging folder: never trusted again
    if not isinstance(held.get("static"), list):  # written by an older version: what it holds is unknown
        shutil.rmtree(staging)
        return open_staging(output)
    return staging, held


def _spare(output: Path) -> Path:
    return output.with_name(f".{output.name}.spare")


def place(output: Path, staging: Path, rel: str, fingerprint: str, held: dict[str, str],
          current: dict[str, str]) -> bool:
    """Put the page `rel` with this fingerprint into `staging` without rendering it: kept when the
    staging folder holds it, else hard-linked from the current site. False when neither has it."""
    target = f"{staging}/{rel}"
    if held.get(rel) == fingerprint and os.path.exists(target):
        return True
    if current.get(rel) != fingerprint:
        return False
    try:
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(f"{output}/{rel}", target)
    except FileNotFoundError:
        return False
    except OSError:  # a file system without hard links: copy instead
        try:
            shutil.copyfile(output / rel, target)
        except OSError:
            return False
    return True


def put(folder: Path, rel: str, data: bytes) -> None:
    """Write a file into a staging folder as a new file: its old one may be a hard link to a file of the
    live site, which must never change under a reader."""
    target = f"{folder}/{rel}"
    try:
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        put(folder, rel, data)


def remove(folder: Path, paths: set[str]) -> None:
    """Remove files a staging folder holds from an older site, and folders left empty."""
    for rel in sorted(paths):
        try:
            os.unlink(folder / rel)
        except FileNotFoundError:
            continue
        _prune_empty_parents(folder, folder / rel)


def read_manifest(output: Path) -> dict:
    """What the build of a site wrote: {"pages": {path: fingerprint}, "static": [path], "search": bool};
    {} if unknown."""
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}


def write_manifest(folder: Path, pages: dict[str, str], static: list[str], search: bool) -> None:
    data = {"pages": dict(sorted(pages.items())), "static": sorted(static), "search": search}
    (folder / MANIFEST).write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def link_tree(source: Path, target: Path) -> None:
    """A hard-linked copy of a folder (the previous search bundle, when no page changed)."""
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap(staging: Path, output: Path) -> None:
    """Make `staging` the new `output`. Readers see the old site or the new one, never a mix. The old
    site is kept as the spare that the next build's staging folder starts from."""
    if output.exists() and not output.is_dir():
        raise NotADirectoryError(f"{output} exists and is not a folder")
    if output.exists() and exchange(staging, output):
        _keep_spare(staging, output)  # now holds the previous site
        return
    if output.exists():  # no renameat2 here: a short window without output, never a mixed one
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.rename(output, old)
        os.rename(staging, output)
        _keep_spare(old, output)
    else:
        os.rename(staging, output)


def _keep_spare(old: Path, output: Path) -> None:
    try:
        os.rename(old, _spare(output))
    except OSError:  # another build kept its spare meanwhile
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def clean_stale(output: Path) -> None:
    """Remove staging folders that a killed build left behind (not those of a build still running)."""
    for kind in ("staging", "old"):
        for stale in output.parent.glob(f".{output.name}.{kind}-*"):
            pid = stale.name.split("-")[1]
            # Our own leftovers from an earlier build in this process are stale too.
            if not (pid.isdigit() and int(pid) != os.getpid() and alive(int(pid))):
                shutil.rmtree(stale, ignore_errors=True)


def sync(folder: Path, files: dict[str, bytes], gone: set[str]) -> tuple[list[str], list[str]]:
    """Bring a live folder (the preview's) up to date: write the files whose bytes differ from what it
    holds, each replaced atomically, and remove those in `gone`. Returns (written, removed) paths."""
    from generator.files import atomic_write

    written = []
    for rel, data in sorted(files.items()):
        try:
            same = (folder / rel).read_bytes() == data
        except OSError:
            same = False
        if not same:
            atomic_write(folder / rel, data, durable=False)  # a preview: speed over surviving a power cut
            written.append(rel)
    removed = sorted(rel for rel in gone if (folder / rel).is_file())
    for rel in removed:
        (folder / rel).unlink(missing_ok=True)
        _prune_empty_parents(folder, folder / rel)
    return written, removed


def _prune_empty_parents(folder: Path, path: Path) -> None:
    parent = path.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
