"""German typography for plain text that is not Markdown (titles, ledes, names, the site's title): the
quotes and apostrophes markdown-it's typographer gives a rendered body."""

from __future__ import annotations

import re
from functools import lru_cache

_OPENING = re.compile(r'(^|[\s(\[{–—\-/„‚])"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


@lru_cache(maxsize=65536)
def german_quotes(text: str) -> str:
    """Typographic German quotes for plain text (titles, ledes): "Wort" -> „Wort“, Kim's -> Kim’s."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPENING.sub(lambda m: m.group(1) + "„", text)  # a quote after a space or bracket opens
    return _APOSTROPHE.sub("’", text.replace('"', "“"))  # every other one closes
