"""The preview's HTTP server: serves the preview's folder on loopback, injects the reload script into HTML
responses (the built files never contain it) and streams the reload epoch as server-sent events."""

from __future__ import annotations

import errno
import json
import mimetypes
import sys
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.preview.state import Preview

EVENTS = "__dossier/events"
_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
          ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".pagefind": "application/wasm"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process from stopping


@lru_cache(maxsize=1)
def _reload_js() -> str:
    return files("generator.preview").joinpath("reload.js").read_text(encoding="utf-8")


def reload_script(preview: Preview) -> bytes:
    """The live-reload client, injected before </body>. Keeps the scroll position across reloads."""
    config = json.dumps({"epoch": preview.epoch, "events": preview.base_path + EVENTS})  # page: location's
    script = _reload_js().replace("__CONFIG__", config)
    return f'<script id="dossier-live-reload">\n{script}</script>\n'.encode("utf-8")


def make_handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "dossier-preview"

        def log_message(self, *args) -> None:
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            path = unquote(urlsplit(self.path).path)
            base = preview.base_path
            if path == base + EVENTS:
                return self._events(served_file(parse_qs(urlsplit(self.path).query).get("page", [""])[0], base))
            if not path.startswith(base):
                if path == "/":
                    return self._redirect(base)
                return self._not_found(head)
            target = _resolve(preview.folder, path[len(base):])
            if target is None:
                return self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8", head)
            if target.is_dir() and not path.endswith("/"):
                return self._redirect(path + "/")
            if target.is_dir():
                target = target / "index.html"
            body = _read(preview, target)
            if body is None:
                return self._not_found(head)
            kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/html"):
                body = _inject(body, reload_script(preview))
            self._send(HTTPStatus.OK, body, kind, head)

        def _not_found(self, head: bool) -> None:
            body = _read(preview, preview.folder / "404.html") or b"<h1>404</h1>"
            self._send(HTTPStatus.NOT_FOUND, _inject(body, reload_script(preview)), "text/html; charset=utf-8", head)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _events(self, page: str | None) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            sent = None
            try:
                while True:
                    with preview.changed:
                        if preview.closing:
                            return
                        state = json.dumps(preview.state(page))
                        if state == sent:
                            preview.changed.wait(timeout=15)
                            if preview.closing:
                                return
                            state = json.dumps(preview.state(page))
                    if state != sent:
                        self.wfile.write(f"event: state\ndata: {state}\n\n".encode())
                        sent = state
                    else:
                        self.wfile.write(b": keep-alive\n\n")  # finds closed connections
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

    return Handler


def served_file(page: str, base: str) -> str | None:
    """The served file a page's URL path names ("/repo/artikel/a/" -> "artikel/a/index.html"); None
    for a path outside the site (told of every change)."""
    if not page.startswith(base):
        return None
    rel = unquote(page[len(base):])
    return rel + "index.html" if not rel or rel.endswith("/") else rel


def _read(preview: Preview, path: Path) -> bytes | None:
    with preview.lock:  # not while a rebuild swaps files
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None


def _resolve(folder: Path, rel: str) -> Path | None:
    """The file for a URL path inside `folder`, or None for anything that would leave it."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
        return None
    target = folder.joinpath(*parts)
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return target


def _inject(html: bytes, script: bytes) -> bytes:
    at = html.rfind(b"</body>")
    return html[:at] + script + html[at:] if at != -1 else html + script


def bind(host: str, port: int, handler, tries: int = 20) -> PreviewServer:
    """Bind to `port`, or the next free one (said on the terminal)."""
    last = min(port + tries, 65536) - 1  # no port above 65535
    for candidate in range(port, last + 1):
        try:
            server = PreviewServer((host, candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            continue
        if candidate != port:
            print(f"port {port} is in use; using {candidate}", file=sys.stderr)
        return server
    raise OSError(errno.EADDRINUSE, f"ports {port}-{last} are all in use; choose another with -p")
