"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from generator.system import alive

# A file changed this recently may change again within the same mtime tick ("racy git"): its size and
# mtime cannot vouch that it is unchanged, so it is read.
RACY_SECONDS = 2.0


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file and rename; `durable` also waits for the disk (editors' files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files of `path` that a killed atomic_write left behind (its process is gone)."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            tmp.unlink(missing_ok=True)
