"""Comparing titles: the key under which two spellings of one title are equal, and the tolerant match of a
related title as news sites print it (paywall marker, date, quotes, kicker prefix, cut short with "…")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

# Left in copied web text by the page, never meant to be read: soft hyphen, zero-width space, non-joiner,
# joiner, word joiner, a BOM in mid-text.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

_QUOTES = str.maketrans({q: " " for q in "„“”‟\"«»‚‘’‛'‹›`´"})
_DASHES = re.compile(r"\s*[‐‑‒–—―−-]\s*")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([:,;.!?])")
_TRAILING = re.compile(r"[\s.,;:!?…]+$")

# What a site adds to a title it lists, applied to the raw title in this order. A paywall marker at either
# end: "(Plus)", "(S+)", "SZ Plus", "F+", "Z+", "+"; a leading date: "13.07.2025 – ", "13. Juli 2025:".
_PAYWALL = re.compile(r"^\s*(?:[A-Z]{1,3}\+|\+)\s*[:|–—-]?\s+|\s*(?:\((?:Plus|PLUS|plus|[A-Z]{1,3}\+|\+)\)"
                      r"|\s[A-Z]{1,3}\+|\s\+|\s\|\s*Plus)\s*$")
_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_DATE = re.compile(rf"^\s*(?:\d{{1,2}}\.\s*(?:\d{{1,2}}\.|(?:{_MONTHS})\s)\s*(?:\d{{2,4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
                   r"(?:\s*,?\s*\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?\s*[-–—:|]\s*")
_CUT = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_KICKER = re.compile(r"^[^:]{2,40}:\s+(?=\S)")


@lru_cache(maxsize=1 << 18)
def title_key(title: str) -> str:
    """The form under which titles are compared: quotes, dash styles, case, spacing (no-break spaces too)
    and invisible characters from web copy (soft hyphens, zero-width spaces) do not matter."""
    key = unicodedata.normalize("NFKC", title.translate(INVISIBLE)).casefold().translate(_QUOTES)
    key = " ".join(key.split())
    key = _DASHES.sub("-", key)
    key = _SPACE_BEFORE_PUNCT.sub(r"\1", key)
    return _TRAILING.sub("", key)


@lru_cache(maxsize=1 << 18)  # every related title, on every relink
def bare(title: str) -> str:
    """The title without what the site listing it added: paywall markers and a leading date. Its key is the
    key a stub gets, so "X (Plus)" and "X" are one stub."""
    text = " ".join(title.translate(INVISIBLE).split())
    for _ in range(3):  # "13.07.2025 – F+ Titel (Plus)": each may come with the others
        stripped = _DATE.sub("", _PAYWALL.sub("", text), count=1)
        if stripped == text or not title_key(stripped):
            break
        text = stripped
    return text


@dataclass(frozen=True)
class Match:
    """Where a related title leads among known title keys."""

    key: str = ""  # the known key it names; "" when none
    how: str = ""  # "", "bare", "kicker", "cut": which tolerance found it
    candidates: tuple[str, ...] = ()  # a cut title that begins more than one known title: all of them


def match(title: str, known: frozenset[str] | dict[str, object]) -> Match:
    """The known key a related title names: as written, then without paywall marker and date (and
    surrounding quotes), then without a kicker prefix ("Ukraine-Krieg: Titel"), then, cut with "…", the one
    known title it begins. Nothing matches when a cut title begins several; `candidates` names them."""
    key = title_key(title)
    if not key:
        return Match()
    if key in known:
        return Match(key)
    text = bare(title).strip(" " + "„“”\"«»‚‘’'‹›")
    tried = [("bare", text)]
    if m := _KICKER.match(text):
        tried.append(("kicker", text[m.end():]))
    for how, form in tried:
        if (k := title_key(form)) in known:
            return Match(k, how)
    for how, form in tried:
        cut = _CUT.search(form)
        if not cut:
            continue
        start = title_key(form[: cut.start()])
        if len(start) < 12:  # "Kim …" begins too much to name anything
            continue
        found = tuple(sorted(k for k in known if k.startswith(start) and k != start))
        if len(found) == 1:
            return Match(found[0], "cut")
        if found:
            return Match("", "cut", found)
    return Match()


def keys(titles: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(title_key, titles) if k)
