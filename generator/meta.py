"""What a page tells search engines, link previews and feed readers about itself, beyond what it shows:
links in the feed that work outside the site."""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urljoin

_URL_ATTRIBUTE = re.compile(r'(?<= )(href|src)="([^"]*)"')  # as markdown-it writes them: text has &quot;


def absolute_links(html: str, base: str) -> str:
    """Rendered Markdown with every link and image address resolved against `base` (the page's absolute
    URL), for a feed reader that shows the HTML away from the page: "/repo/personen/kim/", "../x/" and
    "#abschnitt" become absolute URLs; absolute ones stay as they are."""
    def absolute(found: re.Match) -> str:
        return f'{found[1]}="{escape(urljoin(base, unescape(found[2])))}"'

    return _URL_ATTRIBUTE.sub(absolute, html)
