#!/usr/bin/env python3
"""Writes the site's icons into generator/layouts/assets/ from one drawing: icon.svg (the favicon), icon-32.png
(for browsers without SVG icons) and apple-touch-icon.png (180 × 180, square and opaque: iOS rounds the
corners itself). The PNGs are rasterised here, with anti-aliased edges, and written by a small PNG
encoder, so they need no image library and come out the same on every run.

The drawing is a small reference network, as on /netz/: three nodes and their links, light on the
site's accent red.

    python scripts/icons.py        # rewrites the three files
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "generator" / "layouts" / "assets"
VIEW = 64  # the drawing's coordinates: a 64 × 64 square
RED, PAPER = (0xA3, 0x21, 0x1B), (0xFB, 0xFA, 0xF7)  # --accent and --bg of style.css
RADIUS = 14  # the background's corner radius (0 for the opaque touch icon)
LINKS = (((20, 44), (44, 20)), ((20, 44), (46, 46)), ((44, 20), (46, 46)))
LINK_WIDTH = 4
NODES = (((20, 44), 9), ((44, 20), 7), ((46, 46), 5.5))
SIZES = {"icon-32.png": (32, RADIUS), "apple-touch-icon.png": (180, 0)}


def svg() -> str:
    hexa = "#%02x%02x%02x"
    links = "".join(f"M{a[0]} {a[1]} {b[0]} {b[1]}" for a, b in LINKS)
    nodes = "".join(f'<circle cx="{x}" cy="{y}" r="{r}"/>' for (x, y), r in NODES)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}">'
            f'<rect width="{VIEW}" height="{VIEW}" rx="{RADIUS}" fill="{hexa % RED}"/>'
            f'<path d="{links}" stroke="{hexa % PAPER}" stroke-width="{LINK_WIDTH}" stroke-linecap="round"/>'
            f'<g fill="{hexa % PAPER}">{nodes}</g></svg>\n')


def _box(x: float, y: float, radius: float) -> float:
    """Signed distance to the background square with rounded corners."""
    half = VIEW / 2
    qx, qy = abs(x - half) - (half - radius), abs(y - half) - (half - radius)
    return math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - radius


def _segment(x: float, y: float, a: tuple, b: tuple) -> float:
    """Distance to the segment a–b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - a[0] - t * dx, y - a[1] - t * dy)


def pixels(size: int, radius: float) -> bytes:
    """The drawing as RGBA rows, size × size: each edge's coverage from the distance to the pixel's
    centre (in pixels), which anti-aliases as well as supersampling and is exact for these shapes."""
    scale = size / VIEW
    out = bytearray()
    for row in range(size):
        for col in range(size):
            x, y = (col + 0.5) / scale, (row + 0.5) / scale
            back = min(1.0, max(0.0, 0.5 - _box(x, y, radius) * scale))
            ink = max(min(1.0, max(0.0, 0.5 - (_segment(x, y, a, b) - LINK_WIDTH / 2) * scale)) for a, b in LINKS)
            ink = max(ink, *(min(1.0, max(0.0, 0.5 - (math.hypot(x - cx, y - cy) - r) * scale))
                             for (cx, cy), r in NODES))
            alpha = ink + back * (1 - ink)  # the light drawing over the red square
            if alpha == 0:
                out += b"\0\0\0\0"
                continue
            rgb = (round((PAPER[i] * ink + RED[i] * back * (1 - ink)) / alpha) for i in range(3))
            out += bytes((*rgb, round(alpha * 255)))
    return bytes(out)


def png(size: int, rgba: bytes) -> bytes:
    """A PNG of size × size RGBA pixels: 8 bits a channel, no filters, no metadata (so no date)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    stride = size * 4
    raw = b"".join(b"\0" + rgba[row * stride:(row + 1) * stride] for row in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def files() -> dict[str, bytes]:
    made = {"icon.svg": svg().encode()}
    for name, (size, radius) in SIZES.items():
        made[name] = png(size, pixels(size, radius))
    return made


def main() -> int:
    for name, data in files().items():
        (ASSETS / name).write_bytes(data)
        print(f"generator/layouts/assets/{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
