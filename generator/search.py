"""Pagefind: index the built site for full-text search with German stemming, offline."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.diagnostics import fail


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise fail("pagefind", None, "no-pagefind", "pagefind-bin is not installed; pip install pagefind-bin, "
                   "or build with --no-search") from None
    return Path(get_executable())


def index(site: Path) -> str:
    """Run Pagefind over `site`, writing site/pagefind/. Returns Pagefind's summary line."""
    command = [str(pagefind_binary()), "--site", str(site), "--output-subdir", "pagefind", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise fail("pagefind", None, "search", f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout or "no output").split())[:500]
        raise fail("pagefind", None, "search", f"Pagefind failed (exit {result.returncode}): {message}")
    return result.stdout.strip()
