"""Pagefind: index the built site for full-text search with German stemming, offline."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
from pathlib import Path

from generator import bundle, cbor, decompound, oserror, urls
from generator.diagnostics import fail
from generator.system import child_of


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise fail("pagefind", None, "no-pagefind", "pagefind-bin is not installed; pip install pagefind-bin, "
                   "or build with --no-search") from None
    return Path(get_executable())


def index(site: Path, output: Path | None = None) -> str:
    """Run Pagefind over `site`, writing the bundle to `output` (default site/pagefind/)."""
    output = output or site / "pagefind"
    command = [str(pagefind_binary()), "--site", str(site), "--output-path", str(output), "--silent"]
    # Only the folders of the pages it indexes: the rest (the print volumes, indexes) it would read for
    # nothing. A dossier with no article yet is indexed whole, as Pagefind does without such pages.
    folders = [url.strip("/") for url in urls.SEARCHED]
    if any(next((site / folder).rglob("*.html"), None) for folder in folders if (site / folder).is_dir()):
        command += ["--glob", f"{{{','.join(folders)}}}/**/*.html"]
    try:  # Pagefind ends with this process, even a killed one: it would index on, for nobody
        result = subprocess.run(command, capture_output=True, text=True, timeout=600,
                                preexec_fn=child_of(os.getpid()))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise fail("pagefind", None, "search", f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout or "no output").split())[:500]
        _, folder = oserror.as_shown(output / "-")
        ran_out = _ran_out(result.returncode, message)
        if ran_out is not None:
            raise fail(folder, None, "search", f"Pagefind stopped: {oserror.resource_problem(ran_out, folder)}")
        raise fail("pagefind", None, "search", f"Pagefind failed (exit {result.returncode}): {message}")
    finish(output)
    return result.stdout.strip()


# How Pagefind (Rust) reports a resource that ran out: "... (os error 28)".
_OS_ERROR = re.compile(r"\(os error (\d+)\)")


def _ran_out(returncode: int, message: str) -> int | None:
    """The errno of the resource Pagefind ran out of: killed for a file past the size limit (SIGXFSZ), or
    an OS error it names; None for any other failure."""
    if returncode == -signal.SIGXFSZ:
        return errno.EFBIG
    return next((code for code in map(int, _OS_ERROR.findall(message)) if code in oserror.RAN_OUT), None)


def finish(folder: Path) -> None:
    """What the build adds to Pagefind's bundle in `folder`: the parts of German compounds in the word
    index (decompound.py), then sorted filter values and content-hash file names, so the same site always
    gives the same bundle, byte for byte (Pagefind writes filter values, and so the filter and meta file
    names, in hash-map order, which changes from run to run: Pagefind issue #638)."""
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = bundle.read(meta_path)
        if lang.split("-")[0] == "de" and str(meta[0]).startswith(decompound.FORMAT):
            decompound.add_parts(folder, lang, meta)
        renamed: dict[str, str] = {}
        for old in sorted({h for h in _strings(meta) if (folder / "filter" / f"{h}.pf_filter").exists()}):
            old_path = folder / "filter" / f"{old}.pf_filter"
            name, values = bundle.read(old_path)
            values = sorted(values, key=lambda item: item[0])
            old_path.unlink()
            renamed[old] = bundle.write(folder / "filter", "", lang, ".pf_filter", cbor.encode([name, values]))
        meta = _replace(meta, renamed)
        meta = [sorted(part) if _is_filter_list(part, renamed) else part for part in meta]
        meta_path.unlink()
        info["hash"] = bundle.write(folder, "pagefind.", lang, ".pf_meta", cbor.encode(meta))
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
