"""The text of a drawing's labels: a node's name as every page shows it, the characters XML can carry, a
title wrapped or fitted into lines, and how wide a line is. No font is at hand at build time, so widths are
estimated from the glyphs' advance widths, on the wide side."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.network.graph import Node
from generator.typography import german_quotes

LINE_EM = 1.25  # line advance within a label
ASCENT_EM, DESCENT_EM = 1.15, 0.3  # how far glyphs reach above and below the baseline, accented capitals too

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Advance widths in em of DejaVu Sans, Linux's usual sans-serif and wider than Segoe UI, San Francisco or
# Roboto, rounded up: labels placed by this estimate stay clear of each other in the readers' fonts too.
_EM = {char: em for em, chars in (
    (0.30, "ijlIíìîï'|"),
    (0.37, " ,.:;/\\-‚‘’·fJ"),
    (0.42, "()[]tr!"),
    (0.54, '"*_`–°„“sz?'),
    (0.62, "cçLFkvxyPTY"),
    (0.66, "aäàáâeéèêoöóòôßhnuüúùñbdgpq0123456789€$§{}«»ESÉK"),
    (0.71, "AÄÀÁVXZBRC"),
    (0.80, "UÜNHDG&OÖQ"),
    (0.87, "w#+<=>^~×M"),
) for char in chars}
_BOLD_EM = 1.2  # bold glyphs are up to a fifth wider


@lru_cache(maxsize=65536)  # titles recur in many neighbourhoods
def _ems(text: str) -> float:
    return sum(_EM.get(char, 1.0) for char in text)  # anything else (m, W, …, other scripts): a full em


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of `text` at font size `size`: at least what the usual sans-serif fonts take."""
    return _ems(text) * size * (_BOLD_EM if bold else 1.0)


def clean(text: str) -> str:
    """Characters XML 1.0 cannot carry at all (escaping does not help) are dropped."""
    return _NOT_XML.sub("", text)


def name(node: Node) -> str:
    """The title as every page shows it (German quotes); a blank title would leave an unlabelled dot."""
    return german_quotes(node.title.strip()) or node.slug


def wrap(title: str, limit: int, max_lines: int) -> list[str]:
    """A title as at most `max_lines` lines of `limit` characters, cut with "…" (the tooltip has it all)."""
    words = [w if len(w) <= limit else w[: limit - 1] + "…" for w in clean(title).split()]
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1].rstrip("…")
        last = last[: limit - 1].rstrip(" ,;:–-") if len(last) >= limit else last.rstrip(" ,;:–-")
        lines = lines[: max_lines - 1] + [last + "…"]
    return lines


def fit(title: str, width: float, max_lines: int, size: float, bold: bool = False) -> list[str]:
    """A title as at most `max_lines` lines, each at most `width` wide by the estimate above, cut with
    "…" (the tooltip has it all): whatever the title, the drawing keeps its width."""
    def fits(text: str) -> bool:
        return text_width(text, size, bold) <= width

    def cut(text: str) -> str:
        while text and not fits(text + "…"):
            text = text[:-1]
        return text.rstrip(" ,;:–-") + "…"

    lines: list[str] = []
    for word in clean(title).split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] += " " + word
        else:
            lines.append(word if fits(word) else cut(word))
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [cut(lines[max_lines - 1] + " " + lines[max_lines])]
    return lines


def block(lines: int, size: float) -> float:
    """The height of a label of `lines` lines, from the top of the first to the bottom of the last."""
    return (ASCENT_EM + DESCENT_EM + (lines - 1) * LINE_EM) * size
