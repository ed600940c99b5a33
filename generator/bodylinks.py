"""Links and images in Markdown texts (articles, free pages, entities) that lead to no page or file of the
site: each a warning at its file and line, so `--strict` fails on a link that would end on "not found"."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote, urljoin

from markdown_it import MarkdownIt

from generator import redirects, urls
from generator.diagnostics import Diagnostic, warning
from generator.model import LinkedDossier

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, javascript: … lead off the site
_OPEN = ("assets/", "pagefind/")  # folders whose files the build writes besides the pages

Found = tuple[tuple[int, str, str], ...]  # (line, "link" or "image", the address as written)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark with raw HTML off, as markdown.py reads links, without what only changes the text around
    them (quotes; bare URLs, which lead off the site): half the time of the site's parser."""
    return MarkdownIt("commonmark", {"html": False})


def addresses(body: str, first_line: int) -> Found:
    """The site-internal links and images of a Markdown text, each with its line in the file."""
    if "](" not in body and "]:" not in body:  # no inline link, image or reference definition
        return ()
    lines = body.split("\n")
    found = []
    for token in _parser().parse(body):
        for child in token.children or ():
            kind = {"link_open": "link", "image": "image"}.get(child.type)
            address = child.attrGet("href" if kind == "link" else "src") if kind else None
            if not isinstance(address, str) or not address or address.startswith(("#", "//")) \
                    or _SCHEME.match(address):
                continue
            start, end = token.map or (0, 1)
            written = (address, unquote(address))
            at = next((n for n in range(start, min(end, len(lines))) if any(w in lines[n] for w in written)), start)
            found.append((first_line + at, kind, unquote(address)))
    return tuple(found)


def broken(linked: LinkedDossier) -> list[Diagnostic]:
    """A warning for each link to a page the site does not have and each image it does not have, in the
    texts and in the menu of dossier.yaml. Found again on every build: pages and settings can change the
    answer without changing the link graph."""
    linking = [item for items in (linked.dossier.articles, linked.dossier.pages, linked.entities.values())
               for item in items if item.links]
    menu = [link for link in linked.settings.menu if link.internal]
    if not linking and not menu:
        return []
    known = set(redirects.taken(linked)) | {urls.output_path(p).casefold() for p in linked.redirects}
    known |= {image.path.casefold() for image in linked.images.values()}
    drafts = {urls.output_path(d.url).casefold(): d.path for d in linked.dossier.drafts}
    found = [warning(linked.settings.path, link.line, "menu-link", f"menu link {link.title!r} leads to {link.url}, "
                     "which no page of this dossier has; correct its url")
             for link in menu if not _exists(link.url, known)]
    for item in linking:
        for line, kind, address in item.links:
            path = urljoin(item.url, address)
            if _exists(path, known):
                continue
            out = urls.output_path(path.split("#", 1)[0].split("?", 1)[0]).casefold()
            if kind == "image":
                message = (f"image {address} is not on the site; put the file in content/images/ (it is published "
                           f"at {urls.IMAGES}<name>), or correct the address")
            elif out in drafts:
                message = (f"link to {address} leads to the draft {drafts[out]}, which this build leaves out; "
                           "publish it, or remove the link")
            else:
                message = f"link to {address} leads to no page of the site; correct the address, or remove the link"
            found.append(warning(item.path, line, "missing-image" if kind == "image" else "broken-link", message))
    return found


def _exists(address: str, known: set[str]) -> bool:
    """Whether a site path (with any #anchor or ?query) leads to a file the site has; `known`: its output
    paths, case-folded. A page's path without its closing slash counts, as the host adds it."""
    path = address.split("#", 1)[0].split("?", 1)[0]
    out = urls.output_path(path).casefold()
    return out in known or out.startswith(_OPEN) or (not path.endswith("/") and out + "/index.html" in known)
