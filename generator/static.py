"""The files every site carries besides its pages, which need no rendering: the theme's assets,
.nojekyll, robots.txt and favicon.ico."""

from __future__ import annotations

import struct

from generator import urls
from generator.model import Settings
from generator.theme import Theme


def files(theme: Theme, settings: Settings) -> dict[str, bytes]:
    """Each static file by its path below the output folder."""
    found = dict(theme.assets)
    found[".nojekyll"] = b""
    png = theme.assets.get("assets/icon-32.png")
    if png:  # for whatever asks the host's root for it: pages name their icons with <link rel="icon">
        found[urls.output_path(urls.FAVICON)] = _ico(png, 32)
    site_url = settings.site_url
    sitemap = f"Sitemap: {site_url}sitemap.xml\n" if site_url else ""
    found[urls.output_path(urls.ROBOTS)] = f"User-agent: *\nAllow: /\n{sitemap}".encode()
    return found


def _ico(png: bytes, size: int) -> bytes:
    """An .ico file holding one PNG image (as every browser since Windows Vista reads it)."""
    return struct.pack("<HHHBBBBHHII", 0, 1, 1, size, size, 0, 0, 1, 32, len(png), 22) + png
