"""What an operating-system error means for an editor: one line naming the resource that ran out and the
folder it ran out in (a build's staging folder is named as the site it was to become)."""

from __future__ import annotations

import errno
import re
import resource
from pathlib import Path

# A folder beside the site that a build writes into before it becomes the site (output.py).
_STAGING = re.compile(r"\.(?P<name>.+)\.(?:staging|old)-\d+(?:-.*)?")


def as_shown(filename: str | Path) -> tuple[Path, Path]:
    """A file as the editor knows it, and the folder to name when a resource ran out: under a build's
    staging folder, the same file in the site it was to become, and that site."""
    path = Path(filename)
    for parent in (path, *path.parents):
        match = _STAGING.fullmatch(parent.name)
        if match:
            site = parent.with_name(match["name"])
            return site / path.relative_to(parent), site
    return path, path.parent


def _limit(kind: int) -> str:
    soft, _ = resource.getrlimit(kind)
    return "unlimited" if soft == resource.RLIM_INFINITY else f"{soft:,}"


RAN_OUT = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EMFILE, errno.ENFILE})  # what is told so


def resource_problem(code: int, folder: Path) -> str | None:
    """The line for an error that says a resource ran out, or None for any other error."""
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = "no space left" if code == errno.ENOSPC else "the disk quota is used up"
        return f"{what} on the device holding {folder}; free some space and run it again"
    if code == errno.EFBIG:
        return (f"a file in {folder} grew past the file-size limit ({_limit(resource.RLIMIT_FSIZE)} bytes, "
                "ulimit -f); raise the limit and run it again")
    if code in (errno.EMFILE, errno.ENFILE):
        return (f"too many open files while writing {folder} (ulimit -n: {_limit(resource.RLIMIT_NOFILE)}); "
                "raise the limit, e.g. ulimit -n 4096, and run it again")
    return None


def naming(exc: OSError, path: str | Path) -> OSError:
    """`exc`, naming `path` when it names no file (a failed write names none)."""
    return exc if exc.filename is not None else type(exc)(exc.errno, exc.strerror, str(path))


def describe(exc: OSError) -> tuple[str, str]:
    """(where, what) for an OSError: the folder and the resource that ran out, or the file and the reason."""
    path, folder = as_shown(exc.filename if exc.filename is not None else Path.cwd() / "-")
    told = resource_problem(exc.errno or 0, folder)
    if told:
        return str(folder), told
    return (str(path) if exc.filename is not None else "dossier"), exc.strerror or str(exc)
