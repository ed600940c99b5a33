"""`dossier import https://…`: a web page fetched with the standard library, as a browser without JavaScript
would get it: redirects followed, a timeout, a size limit, the charset the server names. Any failure is a
one-line DossierError naming the URL; nothing is written."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from generator import __version__
from generator.diagnostics import fail

TIMEOUT = 20  # seconds for the connection and each read
MAX_BYTES = 5 * 1024 * 1024  # an article page is far smaller; more is not an article
USER_AGENT = f"dossier/{__version__} (+https://github.com/; article import for a curated dossier)"
_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    final: str  # after redirects
    data: bytes
    charset: str  # from the Content-Type header, or ""

    @property
    def file_name(self) -> str:
        """The name the page is kept under in content/sources/: the URL's last part, as .html."""
        parts = urlsplit(self.final)
        stem = PurePosixPath(parts.path).name or parts.hostname or "seite"
        stem = _NAME.sub("-", stem.rsplit(".", 1)[0] if stem.endswith((".html", ".htm", ".php")) else stem)
        return (stem.strip("-.") or "seite")[:80] + ".html"


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5",
                                                   "Accept-Language": "de,en;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml"):
                raise fail(url, None, "not-html", f"is {kind}, not a web page (text/html); import an article's page")
            data = response.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise fail(url, None, "too-large", f"is larger than {MAX_BYTES // 1024 // 1024} MB, no article page; "
                                                   "save the page and import the file")
            return Fetched(url, response.geturl(), data, response.headers.get_content_charset() or "")
    except urllib.error.HTTPError as exc:
        raise fail(url, None, "http", f"the server answered {exc.code} {exc.reason}; check the address") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise fail(url, None, "network", f"could not be fetched ({reason}); check the address and the "
                                         "connection, or save the page and import the file") from None
