"""URL slugs: German transliteration, lowercase ASCII, hyphens, bounded length."""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

MAX_LENGTH = 100
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Characters that stand between two words but have no ASCII form, so the ASCII fold below would drop them
# and join the words ("Moskau–Pjöngjang" -> "moskaupjoengjang"): every Unicode dash (category Pd, as
# NFKC leaves them), the minus sign (NFKC's form of super- and subscript minus) and the middle dots
# (NFKC's form of U+0387 and U+FF65 among them). Each becomes a word break, as ASCII '-' is.
_DASHES = "\u058a\u05be\u1400\u1806\u2010\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d" \
          "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\U00010ead\u2212"
_DOTS = "\u00b7\u2022\u2027\u2219\u22c5\u2e31\u30fb"
_WORD_BREAKS = str.maketrans(dict.fromkeys(_DASHES + _DOTS, " "))
# Device names Windows reserves in any folder and with any extension: an editor on Windows could not
# check out content/articles/con.md or a site/artikel/nul/ folder.
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)})


@lru_cache(maxsize=1 << 18)
def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """'Kims neuer Zerstörer kentert' -> 'kims-neuer-zerstoerer-kentert'. Never empty, never a path."""
    text = unicodedata.normalize("NFKC", text).translate(_GERMAN).translate(_WORD_BREAKS)
    # Strip remaining accents (é -> e); what has no ASCII form is dropped.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary so URLs do not end mid-word.
        head = slug[: max_length + 1]
        cut = head.rsplit("-", 1)[0] if "-" in head else ""
        slug = (cut if len(cut) >= max_length // 2 else slug[:max_length]).strip("-")
    if slug in _WINDOWS_RESERVED:
        slug += "-1"
    return slug or "ohne-titel"


def unique(slug: str, taken: set[str]) -> str:
    """The first of slug, slug-2, slug-3, ... not in `taken`; adds it to `taken`."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
