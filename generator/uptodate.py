""""Nothing changed": a build whose inputs are exactly those of the last build can stop at once.

The inputs are every file under content/ and layouts/ (path, size, mtime, inode), the generator's code
(its digest: an upgraded or edited generator builds again) and the build options. A file changed within
the last seconds is never trusted (its mtime may not move on a second save in the same clock tick), and
the output must still be the one that build wrote (its manifest unchanged). The state lives in .cache/dossier/ in the project, ignored by git.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import astuple
from pathlib import Path
from typing import Iterable

from generator.diagnostics import Diagnostic
from generator.files import RACY_SECONDS, atomic_write, cache_folder
from generator.output import MANIFEST
from generator.state import code_version

def inputs(root: Path, options: dict) -> str | None:
    """A digest of everything a build reads, or None when a file is too fresh to judge by its mtime."""
    parts = [code_version(), json.dumps(options, sort_keys=True)]
    racy_after = (time.time() - RACY_SECONDS) * 1e9
    for folder in ("content", "layouts"):
        stack = [root / folder]
        while stack:
            current = stack.pop()
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
                stat = entry.stat()
                if stat.st_mtime_ns >= racy_after:
                    return None
                parts.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}")
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _state_file(root: Path, output: Path) -> Path:
    name = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_folder(root) / f"state-{name}.json"


def _manifest_digest(output: Path) -> str | None:
    try:
        return hashlib.blake2b((output / MANIFEST).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def unchanged(root: Path, output: Path, options: dict) -> tuple[Diagnostic, ...] | None:
    """The last build's diagnostics when it had these very inputs and its output is still in place, else
    None."""
    digest = inputs(root, options)
    if digest is None:
        return None
    try:
        state = json.loads(_state_file(root, output).read_text(encoding="utf-8"))
        if state.get("inputs") == digest and state.get("manifest") == _manifest_digest(output) is not None:
            return tuple(Diagnostic(*d) for d in state["diagnostics"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def remember(root: Path, output: Path, options: dict, diagnostics: Iterable[Diagnostic]) -> None:
    """After a successful build: note its inputs (when they can be trusted) and what it told the editor,
    to tell again when nothing changed."""
    digest, manifest = inputs(root, options), _manifest_digest(output)
    path = _state_file(root, output)
    if digest is None or manifest is None:
        path.unlink(missing_ok=True)
        return
    try:
        atomic_write(path, json.dumps({"inputs": digest, "manifest": manifest,
                                              "diagnostics": [astuple(d) for d in diagnostics]}).encode(), durable=False)
    except OSError:
        pass  # a read-only project still builds, just without the shortcut
