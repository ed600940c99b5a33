"""The kind and the displayed size of a PNG, JPEG, WebP or GIF image, read from its first bytes with the
standard library (a page writes width and height, so nothing moves when the image arrives)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp", ".gif": "gif"}  # by file suffix
NAMES = "PNG, JPEG, WebP or GIF"


@dataclass(frozen=True)
class Size:
    kind: str  # a value of KINDS
    width: int
    height: int


def size(data: bytes) -> Size | None:
    """The image's kind and size as a browser shows it (a JPEG turned by its Exif orientation is turned
    here too); None when the bytes are none of the four kinds, or cut short."""
    try:
        for magic, read in _READERS:
            if data.startswith(magic):
                found = read(data)
                return found if found and found.width > 0 and found.height > 0 else None
    except (struct.error, IndexError):
        return None
    return None


def _png(data: bytes) -> Size | None:
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return Size("png", width, height)


def _gif(data: bytes) -> Size:
    width, height = struct.unpack("<HH", data[6:10])
    return Size("gif", width, height)


def _webp(data: bytes) -> Size | None:
    if data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy: after the frame tag and start code
        width, height = struct.unpack("<HH", data[26:30])
        return Size("webp", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and data[20] == 0x2F:  # lossless: 14 bits each, minus one
        bits = int.from_bytes(data[21:25], "little")
        return Size("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":  # extended: the canvas, 24 bits each, minus one
        return Size("webp", int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1)
    return None


# Start-of-frame markers carry the size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic) do not.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01}  # markers without a length


def _jpeg(data: bytes) -> Size | None:
    at, turned = 2, False
    while at < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if marker == 0xE1 and data[at + 4:at + 10] == b"Exif\0\0":
            turned = _orientation(data[at + 10:at + 2 + length]) in (5, 6, 7, 8)
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return Size("jpeg", height, width) if turned else Size("jpeg", width, height)
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header came
            return None
        at += 2 + length
    return None


def _orientation(tiff: bytes) -> int:
    """The Exif orientation (1-8; 5-8 turn the image a quarter), 1 when it has none."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return 1
    ifd = struct.unpack(order + "I", tiff[4:8])[0]
    count = struct.unpack(order + "H", tiff[ifd:ifd + 2])[0]
    for n in range(count):
        entry = tiff[ifd + 2 + 12 * n:ifd + 14 + 12 * n]
        if len(entry) == 12 and struct.unpack(order + "H", entry[:2])[0] == 0x0112:
            return struct.unpack(order + "H", entry[8:10])[0]
    return 1


_READERS = ((b"\x89PNG\r\n\x1a\n", _png), (b"GIF87a", _gif), (b"GIF89a", _gif), (b"RIFF", _webp),
            (b"\xff\xd8", _jpeg))
