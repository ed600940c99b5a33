"""German closed compounds, split for search: "Verteidigungspakt" -> ("Verteidigung", "pakt").

Pagefind indexes a hyphenated word whole and by its parts, but a closed compound only whole, so "Pakt"
would not find "Verteidigungspakt" (decompound.py adds the parts to its index). A noun is split only
where the last part is a common German noun (Wiktionary's nouns, words.noun_zipf) and the first part a
common noun or word (words.zipf), so "Rat" does not find "Separatisten", "Zung" not "Fortsetzung";
prefixes and particles ("Ver-", "Gegen-") are no parts, and a word more common than its parts
("Kilometer") stays whole. tests/fixtures/compounds/split.txt shows what is split and what is not."""

from __future__ import annotations

from functools import lru_cache

from generator.vocabulary import EMPTY, Vocabulary
from generator.words import noun_zipf, zipf

PART_ZIPF = 3.3  # both parts at least this common: "Pakt" 3.6, "Brücke" 4.6
SHORT_ZIPF = 4.0  # a part of three letters must be common: "Rat" 4.7, "Amt" 4.8, "Zug" 4.6
MIN_PART = 3
# A part known as a noun only from the dossier must be this long: short ones are mostly names ("Kursk",
# "Korea") or fragments ("Zung").
DOSSIER_PART = 6
# Linking elements (Fugenelemente): "Verteidigung|s|pakt", "Staat|es|…", "Herz|ens|…". Plural forms
# ("Drohnen|…", "Kinder|…") are noun forms themselves; "Grenz|brücke" drops the head's "e".
_LINKS = ("ens", "es", "s", "")  # the longest first: "Amt|s|kollegen" gives "Amt", not "Amts"
# Frequent words that are no part of a compound, and prefixes and particles that are no head:
# "Ver|trag", "Zusammen|arbeit", "Unter|zeichnung" are words of their own.
_NOT_HEADS = frozenset("""aber alle als also an auch auf aus be bei bis dar dass dem den denn der des die doch
dort durch ein eine einem einen einer emp ent er ge gegen hat her hin ich ihr ist kann kein man mehr miss mit
nach nicht noch nun nur ob oder schon sehr sich sie sind soll über um un und unter ur ver vom von vor war was
weg weil wer wider wie wieder will wir wird zer zu zum zur zurück zusammen""".split())
# Nouns that are also suffixes or endings: "Bot|schaft", "Mill|ionen", "Gest|alt" are no compounds.
_NOT_TAILS = frozenset("""alt alte alten ars des ei eien ens ente enten er ern ers gen gens heit heiten ie ien ion ionen
ist isten keit keiten ling linge lingen nis nisse nissen schaft schaften tum tums tümer ung ungen""".split())
# Words whose parts a reader does not search by: "Tag" should not find every "Samstag".
_LEXICALIZED = frozenset("montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend".split())


def split(word: str, vocabulary: Vocabulary = EMPTY) -> tuple[str, ...] | None:
    """The words a closed compound noun is made of, as written, without linking elements
    ("Wirtschaft", "sanktion", "paket"), or None when `word` is not one. `vocabulary`: the dossier's own
    nouns (vocabulary.py), which count as nouns the lists lack."""
    if len(word) < 2 * MIN_PART + 1 or not word.isalpha() or not word[0].isupper():
        return None
    lower = word.lower()
    if lower in _LEXICALIZED or (zipf(lower) and not _noun(lower, vocabulary)) or lower.rstrip("emnrs").endswith("isch"):
        return None  # a word of its own that is no noun, an adjective: "Nordkoreanische" starting a sentence
    return _split(word, vocabulary)


@lru_cache(maxsize=1 << 16)
def _split(word: str, vocabulary: Vocabulary) -> tuple[str, ...] | None:
    lower = word.lower()  # keeps ß, so positions match the word as written
    # ((the rarer part's zipf, both parts' zipf), where the tail starts, where the head ends, the head's
    # own parts when it is a compound itself)
    best: tuple[tuple[float, float], int, int, tuple[str, ...] | None] | None = None
    for at in range(MIN_PART, len(lower) - MIN_PART + 1):
        vowel = lower[at] in "aeiouäöü"
        tail = 0.0 if lower[at:] in _NOT_TAILS else _common(_noun(lower[at:], vocabulary), lower[at:])
        if not tail:
            continue
        for link in _LINKS:
            end = at - len(link)
            if end < MIN_PART or not lower.endswith(link, 0, at):
                continue
            head, head_parts = _head(lower[:end], vocabulary, vowel), None
            if not head and end >= 2 * MIN_PART + 1 and (head_parts := _split(word[:end], vocabulary)):
                head = PART_ZIPF  # a compound head: "Wirtschaftssanktions|paket"
            if head and (best is None or min(head, tail) > best[0][0]):
                best = ((min(head, tail), head + tail), at, end, head_parts)
    if best is None:
        return None
    (_, both), at, end, head_parts = best
    if zipf(lower) >= both / 2:
        return None  # more common than its parts: a word of its own, "Kilo|meter", "Inter|esse"
    if head_parts:
        return (*head_parts, word[at:])
    return word[:end], word[at:]


def _head(stem: str, vocabulary: Vocabulary, vowel: bool = False) -> float:
    """How common `stem` is as the first part of a compound: a noun ("Verteidigung"), a noun without its
    last "e" ("Grenz"), or another word of four letters or more ("Außen", "Nord") where the tail does not
    start with a vowel (not "Komm|enden"); 0 when it cannot be one."""
    if stem in _NOT_HEADS:
        return 0.0
    longer = len(stem) > MIN_PART  # not "Sch|ritte", "Supp(e)|ortes"
    elided = noun_zipf(stem + "e") if longer and noun_zipf(stem + "e") >= SHORT_ZIPF else 0.0
    other = zipf(stem) if longer and not vowel else 0.0
    return _common(max(_noun(stem, vocabulary), elided, other), stem)


def _noun(form: str, vocabulary: Vocabulary) -> float:
    """How common the noun is that `form` is a form of: by Wiktionary's list, else, when the dossier
    writes it as a noun and it is long enough, by wordfreq's list and at least just common enough."""
    found = noun_zipf(form)
    if found or len(form) < DOSSIER_PART or not vocabulary.has_noun(form):
        return found
    return max(zipf(form), PART_ZIPF)


def _common(found: float, part: str) -> float:
    return found if found >= (SHORT_ZIPF if len(part) == MIN_PART else PART_ZIPF) else 0.0
