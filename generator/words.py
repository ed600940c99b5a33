"""German words an editor should not use as an entity alias: common words (by wordfreq's frequency list
for German), which would link every use of the word to the entity."""

from __future__ import annotations

import re
from typing import Iterable

COMMON_ZIPF = 4.0  # at least ten uses per million words: "Arbeiter" 4.5, "Front" 4.4; "Kreml", "Seoul" 3.5
_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "ern", "ns")  # declension: "Putins", "Kims", "Chinas"


def common_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    """The one-word aliases that are common words, except forms of a word of the entity's own name (the
    editor chose the name; "Putins" for "Wladimir Putin" is fine however often Putin is in the news)."""
    own = [w.casefold() for w in re.findall(r"\w+", name)]
    found = []
    for alias in aliases:
        word = alias.strip().casefold()
        if not re.fullmatch(r"\w+", word) or any(word[len(w):] in _ENDINGS and word.startswith(w) for w in own):
            continue
        if _zipf(word) >= COMMON_ZIPF:
            found.append(alias)
    return found


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loaded only for a candidate: it takes half a second

    return zipf_frequency(word, "de")
