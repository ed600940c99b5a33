"""A small crawler over a built site folder: every internal link and asset must resolve."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":  # a redirect page's target
            target = (attrs.get("content") or "").partition("url=")[2]
            self.links.append(target or "(a refresh without url)")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, base_path: str, url: str) -> Path | None:
    """The file a root-relative URL under base_path points to, or None if it leaves the site."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path):]
    file = site / rel
    return file / "index.html" if rel == "" or rel.endswith("/") else file


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """'page -> link' for every internal link or asset that does not resolve (file or #anchor)."""
    broken = []
    pages = {p: parse(p) for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts}
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: not ours to check offline
            if not parts.path:  # "#anchor" on the same page
                if parts.fragment and parts.fragment not in parsed.ids:
                    broken.append(f"{page.relative_to(site)} -> {link}")
                continue
            file = target_file(site, base_path, link)
            if file is None or not file.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif parts.fragment and file.suffix == ".html":
                if parts.fragment not in (pages.get(file) or parse(file)).ids:
                    broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


def crawl(start: str, also: tuple[str, ...] = ()) -> tuple[set[str], list[str]]:
    """Follow every internal link and asset over HTTP from `start` (a served site's base URL) and from the
    pages in `also` that no link leads to (redirect pages).

    Returns (visited URLs, broken 'page -> link' entries). Our own crawler rather than linkchecker:
    no extra dependency, it checks #anchors against the target page's ids, and it runs in well under
    a second on loopback.
    """
    from urllib.error import HTTPError
    from urllib.request import urlopen
    from urllib.parse import urljoin, urldefrag

    origin = "/".join(start.split("/", 3)[:3])
    prefix = urlsplit(start).path
    pages: dict[str, _Links | None] = {}
    broken: list[str] = []
    queue: list[tuple[str, str]] = [("(start)", url) for url in (start, *also)]

    def fetch(url: str) -> _Links | None:
        if url not in pages:
            try:
                with urlopen(url, timeout=10) as response:
                    body = response.read()
                    html = "text/html" in response.headers.get("Content-Type", "")
            except HTTPError:
                pages[url] = None
                return None
            parser = _Links()
            if html:
                parser.feed(body.decode("utf-8"))
                queue.extend((url, urljoin(url, link)) for link in parser.links)
            pages[url] = parser
        return pages[url]

    while queue:
        source, link = queue.pop()
        url, fragment = urldefrag(link)
        if not url.startswith(origin):
            continue  # external
        if not urlsplit(url).path.startswith(prefix):
            broken.append(f"{source} -> {link} (outside {prefix})")
            continue
        target = fetch(url)
        if target is None:
            broken.append(f"{source} -> {link}")
        elif fragment and fragment not in target.ids:
            broken.append(f"{source} -> {link} (no #{fragment})")
    return set(pages), sorted(set(broken))
