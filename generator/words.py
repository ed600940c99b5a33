"""German words and how common they are, from wordfreq's list and the German Wiktionary's nouns
(generator/data/german-words.txt and german-nouns.txt, made by scripts/german-words): an entity alias
should not be a common word, and a closed compound is split for search only into common words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

COMMON_ZIPF = 4.0  # at least ten uses per million words: "Arbeiter" 4.5, "Front" 4.4; "Kreml", "Seoul" 3.5
_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "ern", "ns")  # declension: "Putins", "Kims", "Chinas"
_DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=2)
def _frequencies(name: str = "german-words.txt") -> dict[str, float]:
    found = {}
    with open(_DATA / name, encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                word, zipf = line.split()
                found[word] = float(zipf)
    return found


def zipf(word: str) -> float:
    """How common a word is: log10 of its uses per billion words (0 when it is not in the list, which
    keeps words from about one use per million: Zipf 3). Case and ß do not matter, as in wordfreq."""
    return _frequencies().get(word.casefold(), 0.0)


def noun_zipf(form: str) -> float:
    """How common the noun is that `form` is a form of, by its most common form ("pakts" as
    "Pakt"); 0 when `form` is no form of a common noun."""
    return _frequencies("german-nouns.txt").get(form.casefold(), 0.0)


def common_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    """The one-word aliases that are common words, except forms of a word of the entity's own name (the
    editor chose the name; "Putins" for "Wladimir Putin" is fine however often Putin is in the news)."""
    own = [w.casefold() for w in re.findall(r"\w+", name)]
    found = []
    for alias in aliases:
        word = alias.strip().casefold()
        if not re.fullmatch(r"\w+", word) or any(word[len(w):] in _ENDINGS and word.startswith(w) for w in own):
            continue
        if zipf(word) >= COMMON_ZIPF:
            found.append(alias)
    return found
