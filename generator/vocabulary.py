"""The dossier's own nouns: the words its text writes capitalised mid-sentence and never in lower case.
compounds.split takes them as parts the word lists lack ("Deckung", "Brüderschaft"), and as nouns where
Wiktionary's list lacks them ("Rückendeckung")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_WORDS = re.compile(r"[^\W_]+")
# After these a capital may start a sentence or a block (Pagefind joins blocks, not always with a ".").
_ENDS = tuple(".!?:;“”\"»«)…")


@dataclass(frozen=True)
class Vocabulary:
    nouns: frozenset[str] = frozenset()  # casefolded

    def has_noun(self, form: str) -> bool:
        return form.casefold() in self.nouns


EMPTY = Vocabulary()


def of_texts(texts: Iterable[str]) -> Vocabulary:
    """The nouns of `texts` (each a text block: its first word starts a sentence)."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        start = True
        for token in text.split():
            for at, word in enumerate(_WORDS.findall(token)):
                if word[0].islower():
                    lower.add(word.casefold())
                elif word[0].isupper() and not word.isupper() and (at or not start):
                    capital.add(word.casefold())
            start = token.endswith(_ENDS)
    return Vocabulary(frozenset(capital - lower))
