"""The subset of CBOR (RFC 8949) that Pagefind's index files use: ints, strings, bytes, arrays, maps.

Encoding is canonical (shortest lengths, definite sizes), which is also how Pagefind writes them,
so decode(encode(x)) round-trips byte for byte.
"""

from __future__ import annotations

import struct
from typing import Any


def encode(value: Any) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, n: int, out: bytearray) -> None:
    if n < 24:
        out.append(major << 5 | n)
    elif n < 1 << 8:
        out += bytes((major << 5 | 24, n))
    elif n < 1 << 16:
        out += bytes((major << 5 | 25,)) + struct.pack(">H", n)
    elif n < 1 << 32:
        out += bytes((major << 5 | 26,)) + struct.pack(">I", n)
    else:
        out += bytes((major << 5 | 27,)) + struct.pack(">Q", n)


def _small(n: int) -> bytes:
    out = bytearray()
    _head(0, n, out) if n >= 0 else _head(1, -1 - n, out)
    return bytes(out)


# Search index positions are mostly small integers: their encodings, ready (a list of a million is
# written in a tenth of the time).
_SMALL = {n: _small(n) for n in range(-256, 256)}


def _encode(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        out.append({False: 0xF4, True: 0xF5, None: 0xF6}[value])
    elif isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _head(3, len(data), out)
        out += data
    elif isinstance(value, list):
        _head(4, len(value), out)
        if bool not in map(type, value):  # True equals 1, but is no integer in CBOR
            try:
                out += b"".join(map(_SMALL.__getitem__, value))
                return
            except (KeyError, TypeError):  # not all small integers
                pass
        for item in value:
            _encode(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key, item in value.items():
            _encode(key, out)
            _encode(item, out)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def decode(data: bytes) -> Any:
    value, end = _decode(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after CBOR value")
    return value


def decode_at(data: bytes, pos: int) -> tuple[Any, int]:
    """The value that starts at `pos`, and where it ends."""
    return _decode(data, pos)


def head(major: int, n: int) -> bytes:
    """The head of an item: its major type and count (an array's length)."""
    out = bytearray()
    _head(major, n, out)
    return bytes(out)


def read_head(data: bytes, pos: int) -> tuple[int, int, int]:
    """The major type and count of the item at `pos`, and where its content starts."""
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if major == 7 or info < 24:
        return major, info, pos
    if info <= 27:
        size = 1 << (info - 24)
        return major, int.from_bytes(data[pos : pos + size], "big"), pos + size
    raise ValueError("indefinite-length CBOR is not supported")


def _decode(data: bytes, pos: int) -> tuple[Any, int]:
    major, n, pos = read_head(data, pos)
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if n in simple:
            return simple[n], pos
        raise ValueError(f"unsupported CBOR simple value {n}")
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        chunk = data[pos : pos + n]
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, pos = _decode(data, pos)
            mapping[key], pos = _decode(data, pos)
        return mapping, pos
    raise ValueError(f"unsupported CBOR major type {major}")
