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
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Iterable

from generator.diagnostics import Diagnostic
from generator.files import Signature, Signatures, atomic_write, cache_folder, trusted_before
from generator.output import MANIFEST
from generator.state import code_version

@dataclass(frozen=True)
class Scan:
    """One walk of content/ and layouts/ before a build reads them: the digest of everything the build
    reads (None when a file is too fresh to judge by its mtime) and each file's signature, which
    content.load trusts instead of asking each file again. Remembered after the build as it was before:
    a file saved while the build ran is newer than its scan, so the next build reads it."""

    digest: str | None
    signatures: Signatures


def scan(root: Path, options: dict) -> Scan:
    parts = [code_version(), json.dumps(options, sort_keys=True)]
    signatures: dict[str, Signature] = {}
    taken = time.time()
    racy_after = trusted_before(taken)
    racy = False
    prefix = len(str(root)) + 1
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
                try:
                    stat = entry.stat()
                except OSError:
                    racy = True  # gone while listed: judged by the build itself
                    continue
                racy = racy or stat.st_mtime_ns >= racy_after
                signatures[entry.path[prefix:].replace(os.sep, "/")] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
                parts.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}")
    digest = None if racy else hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"),
                                               digest_size=16).hexdigest()
    return Scan(digest, Signatures(taken, signatures))


def _state_file(root: Path, output: Path) -> Path:
    name = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
    return cache_folder(root) / f"state-{name}.json"


def _manifest_digest(output: Path) -> str | None:
    try:
        return hashlib.blake2b((output / MANIFEST).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def unchanged(root: Path, output: Path, found: Scan) -> tuple[Diagnostic, ...] | None:
    """The last build's diagnostics when it had these very inputs and its output is still in place, else
    None."""
    digest = found.digest
    if digest is None:
        return None
    try:
        state = json.loads(_state_file(root, output).read_text(encoding="utf-8"))
        if state.get("inputs") == digest and state.get("manifest") == _manifest_digest(output) is not None:
            return tuple(Diagnostic(*d) for d in state["diagnostics"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def remember(root: Path, output: Path, found: Scan, diagnostics: Iterable[Diagnostic]) -> None:
    """After a successful build: note its inputs as scanned before it read them (when they could be
    trusted) and what it told the editor, to tell again when nothing changed."""
    digest, manifest = found.digest, _manifest_digest(output)
    path = _state_file(root, output)
    if digest is None or manifest is None:
        path.unlink(missing_ok=True)
        return
    try:
        atomic_write(path, json.dumps({"inputs": digest, "manifest": manifest,
                                              "diagnostics": [astuple(d) for d in diagnostics]}).encode(), durable=False)
    except OSError:
        pass  # a read-only project still builds, just without the shortcut
