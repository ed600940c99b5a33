"""A loopback static server for browser tests: serves a built site at / or under a sub-path."""

from __future__ import annotations

import contextlib
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator


class Handler(SimpleHTTPRequestHandler):
    prefix = "/"
    slow: dict[str, float] = {}  # file name -> seconds to wait before answering, as a slow network would

    def do_GET(self) -> None:
        name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        time.sleep(self.slow.get(name, 0))
        super().do_GET()

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        # Like GitHub Pages: a missing page gets the site's own 404.html, with status 404.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/", slow: dict[str, float] | None = None,
          handler: type[Handler] = Handler) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 at `prefix` with `handler` (or a subclass, as the benchmarks' GitHub Pages
    one), answering for the files named in `slow` only after the given seconds; yields the site's base URL.
    The folder is read at each request, so it may be built after the server started."""
    handler = type("Handler", (handler,), {"prefix": prefix, "slow": slow or {}})
    with running(ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site))), prefix) as url:
        yield url


@contextlib.contextmanager
def running(server: ThreadingHTTPServer, prefix: str = "") -> Iterator[str]:
    """Serve in a thread while the block runs; yields the base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
