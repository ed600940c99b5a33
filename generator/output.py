"""Writing site/ atomically: render into a staging folder beside it, then swap the two in one step."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.system import alive, exchange

MANIFEST = ".dossier-manifest.json"  # in the site itself, so it always describes the files beside it


def new_staging(output: Path) -> Path:
    """An empty staging folder next to `output` (same file system, so the final rename is atomic)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-{os.getpid()}-", dir=output.parent))
    os.chmod(staging, 0o755)
    return staging


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def read_manifest(output: Path) -> dict:
    """What the previous build wrote: {"pages": {path: fingerprint}, "search": bool}; {} if unknown."""
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}


def write_manifest(folder: Path, pages: dict[str, str], search: bool) -> None:
    data = {"pages": dict(sorted(pages.items())), "search": search}
    (folder / MANIFEST).write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def link_unchanged(output: Path, staging: Path, wanted: dict[str, str], previous: dict[str, str]) -> set[str]:
    """Hard-link into `staging` every page of the current site whose fingerprint did not change.
    Returns the paths reused; the rest must be rendered. A file is never shared with a live site that
    could change under it: builds only ever replace whole files, never write into them."""
    reused: set[str] = set()
    made: set[Path] = set()
    for rel, fingerprint in wanted.items():
        if previous.get(rel) != fingerprint:
            continue
        target = staging / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(output / rel, target)
        except FileNotFoundError:
            continue
        except OSError:  # a file system without hard links: copy instead
            try:
                shutil.copyfile(output / rel, target)
            except OSError:
                continue
        reused.add(rel)
    return reused


def link_tree(source: Path, target: Path) -> None:
    """A hard-linked copy of a folder (the previous search bundle, when no page changed)."""
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap(staging: Path, output: Path) -> None:
    """Make `staging` the new `output`. Readers see the old site or the new one, never a mix."""
    if output.exists() and not output.is_dir():
        raise NotADirectoryError(f"{output} exists and is not a folder")
    if output.exists() and exchange(staging, output):
        shutil.rmtree(staging)  # now holds the previous site
        return
    if output.exists():  # no renameat2 here: a short window without output, never a mixed one
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        os.rename(output, old)
        os.rename(staging, output)
        shutil.rmtree(old)
    else:
        os.rename(staging, output)


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
