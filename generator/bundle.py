"""Pagefind's bundle files (pagefind/*.pf_meta, index/*.pf_index, fragment/*.pf_fragment,
filter/*.pf_filter): gzip'd, a magic prefix, then CBOR (JSON for fragments). Reading and writing them,
named by content as Pagefind names them."""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from generator import cbor

MAGIC = b"pagefind_dcd"
HASH_LENGTH = {".pf_meta": 10, ".pf_index": 7, ".pf_filter": 7}


def read_bytes(path: Path) -> bytes:
    """A bundle file's payload, without gzip and the magic prefix."""
    data = zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS)
    if not data.startswith(MAGIC):
        raise ValueError(f"{path.name}: not a Pagefind bundle file")
    return data[len(MAGIC):]


def read(path: Path) -> Any:
    return cbor.decode(read_bytes(path))


def fragment(bundle: Path, name: str) -> dict[str, Any]:
    """A page's fragment: its URL, indexed text ("content"), meta fields ("meta") and filters."""
    return json.loads(read_bytes(bundle / "fragment" / f"{name}.pf_fragment"))


def write(folder: Path, prefix: str, lang: str, suffix: str, payload: bytes) -> str:
    """Writes `payload` as `{prefix}{lang}_{hash}{suffix}`, gzip'd reproducibly; returns `{lang}_{hash}`."""
    payload = MAGIC + payload
    name = f"{lang}_{hashlib.sha256(payload).hexdigest()[:HASH_LENGTH[suffix]]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name
