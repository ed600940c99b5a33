"""Pagefind: index the built site for full-text search with German stemming, offline."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

from generator import cbor
from generator.diagnostics import fail


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise fail("pagefind", None, "no-pagefind", "pagefind-bin is not installed; pip install pagefind-bin, "
                   "or build with --no-search") from None
    return Path(get_executable())


def index(site: Path, bundle: Path | None = None) -> str:
    """Run Pagefind over `site`, writing the bundle to `bundle` (default site/pagefind/)."""
    bundle = bundle or site / "pagefind"
    command = [str(pagefind_binary()), "--site", str(site), "--output-path", str(bundle), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise fail("pagefind", None, "search", f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout or "no output").split())[:500]
        raise fail("pagefind", None, "search", f"Pagefind failed (exit {result.returncode}): {message}")
    canonicalize(bundle)
    return result.stdout.strip()


# Pagefind writes filter values (and so the filter and meta file names) in hash-map order, which
# changes from run to run (Pagefind issue #638). We sort them and rename the files by their content,
# so the same site always gives the same bundle, byte for byte.
_MAGIC = b"pagefind_dcd"


def _read_index(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path.name}: not a Pagefind index file")
    return cbor.decode(data[len(_MAGIC):])


def _write_index(folder: Path, prefix: str, lang: str, length: int, suffix: str, value) -> str:
    payload = _MAGIC + cbor.encode(value)
    name = f"{lang}_{hashlib.sha256(payload).hexdigest()[:length]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def canonicalize(bundle: Path) -> None:
    """Make Pagefind's output deterministic: sorted filter values, content-hash file names."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_index(meta_path)
        renamed: dict[str, str] = {}
        for old in sorted({h for h in _strings(meta) if (bundle / "filter" / f"{h}.pf_filter").exists()}):
            old_path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read_index(old_path)
            values = sorted(values, key=lambda item: item[0])
            old_path.unlink()
            renamed[old] = _write_index(bundle / "filter", "", lang, 7, ".pf_filter", [name, values])
        meta = _replace(meta, renamed)
        meta = [sorted(part) if _is_filter_list(part, renamed) else part for part in meta]
        meta_path.unlink()
        info["hash"] = _write_index(bundle, "pagefind.", lang, 10, ".pf_meta", meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _replace(value, renamed: dict[str, str]):
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        return [_replace(item, renamed) for item in value]
    return value


def _is_filter_list(part, renamed: dict[str, str]) -> bool:
    """The meta part listing [filter name, filter file] pairs."""
    return bool(part) and isinstance(part, list) and all(
        isinstance(p, list) and len(p) == 2 and p[1] in renamed.values() for p in part)
