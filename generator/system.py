"""What the operating system offers beyond the standard library: Linux calls through ctypes, and
whether a process is alive. Each degrades to a plain fallback where the call is missing."""

from __future__ import annotations

import ctypes
import errno
import os
import signal
from functools import lru_cache
from pathlib import Path
from typing import Callable

_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1
_AT_FDCWD = -100


@lru_cache(maxsize=1)
def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def place_new(source: Path, target: Path) -> bool:
    """Give `source`'s file the name `target` too, unless `target` exists: atomic, never replacing a file
    (a hard link; renameat2(RENAME_NOREPLACE) where links are not supported). False when `target` exists."""
    try:
        os.link(source, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        pass
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE) == 0:
            return True
        if ctypes.get_errno() == errno.EEXIST:
            return False
    try:  # last resort: an exclusive create never replaces a file, though a reader may see it half-written
        with open(target, "xb") as out, open(source, "rb") as data:
            out.write(data.read())
        return True
    except FileExistsError:
        return False


def die_with_parent() -> bool:
    """Linux: this process is killed when its parent dies (prctl PR_SET_PDEATHSIG); False where unsupported."""
    prctl = getattr(_libc(), "prctl", None)
    return prctl is not None and prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0


def child_of(parent: int) -> Callable[[], None]:
    """What a child process of `parent` runs first (a worker's start, a subprocess's preexec_fn): it dies
    with `parent`, also when the parent died before the child asked to."""
    def start() -> None:
        if die_with_parent() and os.getppid() != parent:
            os._exit(1)
    return start


def alive(pid: int) -> bool:
    """Whether a process with this id exists (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
