"""Reading editor files as text: UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM (Windows Notepad's
"Unicode"), or cp1252; never mojibake, never binary."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from generator.diagnostics import fail

# Control characters other than tab, line feed, form feed and carriage return mark a file as not text;
# C1 controls (U+0080-U+009F) come from mis-converted Windows text and are invalid in HTML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# cp1252 leaves these bytes undefined; a file containing them is neither UTF-8 nor Windows text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


# Byte-order marks that name a wide encoding; UTF-32's little-endian mark starts with UTF-16's, so it comes first.
_WIDE = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))


def decode(data: bytes, path: str | Path) -> str:
    """Decode file bytes to text with universal newlines, or raise a one-line DossierError."""
    for bom, codec, name in _WIDE:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(codec), path)
            except UnicodeDecodeError as exc:
                line = data[len(bom):exc.start].decode(codec, "replace").count("\n") + 1
                raise fail(path, line, "encoding", f"not valid {name} text, though it starts as {name}; "
                                                   "save the file as UTF-8") from None
    if b"\x00" in data:
        raise fail(path, _line_of(data, data.index(b"\x00")), "binary", "binary file (contains NUL bytes), not a text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if any(b in _CP1252_UNDEFINED for b in data):
            raise fail(path, _line_of(data, exc.start), "encoding",
                       "neither UTF-8 nor Windows-1252/Latin-1 text; save the file as UTF-8") from None
        # Valid Windows-1252 (a superset of printable Latin-1) is what older newsroom tools send.
        text = data.decode("cp1252")
    return _checked(text, path)


def _checked(text: str, path: str | Path) -> str:
    """Universal newlines; refused when empty or holding control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise fail(path, None, "empty", "file is empty")
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise fail(path, line, "control-char",
                   f"control character U+{ord(bad.group()):04X} in text; is this a binary file?")
    return text


def read_bytes(path: Path, shown: str | Path | None = None) -> bytes:
    """A file's bytes, or a one-line DossierError; `shown` is the path to name (relative to the project)."""
    shown = shown if shown is not None else path
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise fail(shown, None, "not-a-file", "is a directory, not a file") from None
    except FileNotFoundError:
        raise fail(shown, None, "not-found", "no such file") from None
    except OSError as exc:
        raise fail(shown, None, "unreadable", f"cannot read: {exc.strerror}") from None


def read_text(path: Path, shown: str | Path | None = None) -> str:
    """Read and decode a file; `shown` is the path to name in messages (relative to the project)."""
    shown = shown if shown is not None else path
    return decode(read_bytes(path, shown), shown)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
