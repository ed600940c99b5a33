"""The article URLs the live site has, from its sitemap.xml (a file, or an http(s) URL), for `dossier build
--published`: a URL that this build drops is a `dead-url` warning (review.dead_urls), also in CI, where no
earlier site/ is at hand. Nothing published yet (404) or no answer is a first deploy: a note, no failure."""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import __version__, urls
from generator.diagnostics import Diagnostic, fail, info

TIMEOUT = 20  # seconds for the live site to answer
LIMIT = 64 * 2**20  # bytes: a sitemap holds at most 50,000 URLs of at most 2,048 characters
_ARTICLE = re.compile(r"/artikel/([^/]+)/(?:index\.html)?$")  # below whatever base path the site has


@dataclass(frozen=True)
class Published:
    source: str  # as the editor gave it
    paths: frozenset[str]  # the output paths of its articles: "artikel/kim-trifft-putin/index.html"
    note: Diagnostic | None = None  # why nothing was compared

    @property
    def digest(self) -> str:
        """Changes whenever what is compared does (for the "nothing changed" shortcut)."""
        return hashlib.blake2b("\n".join([self.source, *sorted(self.paths)]).encode(), digest_size=16).hexdigest()


def read(source: str) -> Published:
    """The live site's article URLs; raises DossierError when the file is missing or no sitemap."""
    if urlsplit(source).scheme in ("http", "https"):
        try:
            request = urllib.request.Request(source, headers={"User-Agent": f"dossier/{__version__}"})
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - http(s) only
                data = response.read(LIMIT + 1)
        except urllib.error.HTTPError as exc:
            why = "nothing is published there yet" if exc.code in (404, 410) else "the site did not give it"
            return _nothing(source, f"HTTP {exc.code}: {why}")
        except (urllib.error.URLError, OSError) as exc:  # no such host, refused, timed out
            reason = getattr(exc, "reason", None) or exc
            return _nothing(source, f"no answer ({reason})")
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise fail(source, None, "published", f"cannot read: {exc.strerror}; pass the live site's sitemap.xml, "
                                                  "as a file or an http(s) URL") from None
    if len(data) > LIMIT:
        raise fail(source, None, "published", "is larger than a sitemap can be; pass the site's sitemap.xml")
    return Published(source, _article_paths(data, source))


def _nothing(source: str, why: str) -> Published:
    return Published(source, frozenset(), info(source, None, "published", f"{why}; no published URLs to compare "
                                                                          "with, as on a first deploy"))


def _article_paths(data: bytes, source: str) -> frozenset[str]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise fail(source, exc.position[0], "published", f"is not a sitemap: {exc}; pass the site's sitemap.xml") \
            from None
    if root.tag.rsplit("}", 1)[-1] != "urlset":
        raise fail(source, None, "published", f"is not a sitemap (its root is <{root.tag.rsplit('}', 1)[-1]}>, "
                                              "not <urlset>); pass the site's sitemap.xml")
    found = set()
    for loc in root.iter():
        if loc.tag.rsplit("}", 1)[-1] == "loc" and loc.text:
            match = _ARTICLE.search(unquote(urlsplit(loc.text.strip()).path))
            if match:
                found.add(urls.output_path(urls.article(match.group(1))))
    return frozenset(found)
