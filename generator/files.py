"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one; and
compare-and-swap for editors' files: a file replaced only if it still holds what the plan was made from."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from generator.oserror import naming
from generator.system import alive, place_new

# A file changed this recently may change again within the same mtime tick ("racy git"): its size and
# mtime cannot vouch that it is unchanged, so it is read.
RACY_SECONDS = 2.0


def trusted_before(taken: float) -> float:
    """The mtime (ns) a file must be older than for a signature taken at `taken` to vouch for it."""
    return (taken - RACY_SECONDS) * 1e9

Signature = tuple[int, int, int]  # (mtime_ns, size, inode): a file unchanged while it stays the same


@dataclass(frozen=True)
class Signatures:
    """Files' signatures by project-relative path, as one walk found them, and the time it started: a
    signature is trusted only for a file whose mtime lies RACY_SECONDS before that."""

    taken: float
    of: Mapping[str, Signature]



def cache_folder(root: Path) -> Path:
    """Where a project keeps what builds leave for the next (ignored by git, safe to delete)."""
    return root / ".cache" / "dossier"


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file and rename; `durable` also waits for the disk (editors' files)."""
    tmp = _temporary(path, data, durable)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def swap_in(path: Path, data: bytes, expected: bytes | None) -> bytes | None:
    """Put `data` at `path` only if `path` holds exactly `expected` (None: no file), in a step no save by an
    editor can slip into. Returns None when `data` is in place; else the bytes `path` holds instead (b"" for
    no file), which stay as they were.

    Comparing, then replacing, would lose a save made in between. So the file is first moved aside (atomic:
    a later save makes a new file), the moved file is compared, and the new one is put in place only where no
    file has appeared since (a hard link or rename that never replaces); a changed file is put back."""
    tmp = _temporary(path, data, durable=True)
    aside = path.with_name(f".{path.name}.aside-{os.getpid()}")
    try:
        if expected is None:
            return None if place_new(tmp, path) else _read(path)
        try:
            os.rename(path, aside)
        except FileNotFoundError:
            return b""
        held = aside.read_bytes()
        if held != expected:
            if not place_new(aside, path):  # saved again meanwhile: the newest save stays, and this one too
                os.rename(aside, _saved(path, os.getpid()))
            return held
        return None if place_new(tmp, path) else _read(path)  # a save in the moment it was aside stays
    finally:
        tmp.unlink(missing_ok=True)
        aside.unlink(missing_ok=True)  # what the plan was made from, now replaced (or superseded by a save)


def _temporary(path: Path, data: bytes, durable: bool) -> Path:
    """`data` in a hidden file beside `path` (same folder: renaming it is atomic), named by this process so a
    later run can tell a killed run's leftovers (clean_leftovers) from its own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise naming(exc, path) from None
        raise
    return tmp


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def clean_leftovers(root: Path, folder: str) -> list[str]:
    """Undo what killed runs left in `root/folder` and below (runs still going are left alone): their
    temporary files are deleted, and a file moved aside by swap_in goes back where it was, or, where a file
    stands there now, is kept beside it as <name>.saved-<pid>. Returns a line for each file put back or kept,
    naming it relative to `root`."""
    told = []
    for parent, _, names in os.walk(root / folder):
        for name in names:
            match = _LEFTOVER.fullmatch(name)
            if not match or not _stale(int(match["pid"])):
                continue
            path, target = Path(parent, name), Path(parent, match["name"])
            if match["kind"] == "tmp":
                path.unlink(missing_ok=True)
            elif place_new(path, target):
                path.unlink(missing_ok=True)  # gone already where place_new had to rename it
                told.append(f"{target.relative_to(root)}: put back after an interrupted run")
            elif _read(target) == path.read_bytes():
                path.unlink()
            else:
                kept = _saved(target, int(match["pid"]))
                os.rename(path, kept)
                told.append(f"{kept.relative_to(root)}: an earlier version of {target.name}, kept after an "
                            "interrupted run")
    return told


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>tmp|aside)-(?P<pid>\d+)")


def _stale(pid: int) -> bool:
    return pid != os.getpid() and not alive(pid)


def _saved(path: Path, pid: int) -> Path:
    """Where a version of an editor's file that lost a race is kept: beside it, not read as content."""
    return path.with_name(f"{path.name}.saved-{pid}")
