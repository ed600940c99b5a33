"""`dossier serve`: build, serve on loopback, watch content/ and layouts/, rebuild what changed, reload.

Standard library only besides watchdog: ThreadingHTTPServer, server-sent events for the reload signal,
and a small script that only this server injects into HTML responses (the built files never contain it).
"""

from __future__ import annotations

import errno
import json
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import content, links, output, render, search
from generator.diagnostics import DossierError

EVENTS = "__dossier/events"
DEBOUNCE = 0.03  # seconds without new file events before a rebuild starts
_IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~", ".kate-swp", ".crdownload")
_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
          ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".pagefind": "application/wasm"}


class Preview:
    """The preview's state: last good output, the memos that make rebuilds incremental, the reload epoch."""

    def __init__(self, root: Path, folder: Path, base_url: str | None = None, with_search: bool = True,
                 log=print):
        self.root, self.folder, self.base_url, self.with_search, self.log = root, folder, base_url, with_search, log
        self.content_memo: content.Memo = {}
        self.render_memo = render.Memo()
        self.link_memo = links.LinkMemo()
        self.theme: render.Theme | None = None
        self.files: dict[str, bytes] = {}  # what self.folder holds now
        self.base_path = "/"
        self.epoch = 0  # bumped after every rebuild that changed the output
        self.error: list[str] = []  # the diagnostics of the last failed build, shown as an overlay
        self.lock = threading.Lock()  # held while files change, so no request sees half a rebuild
        self.changed = threading.Condition()
        self.closing = False
        self.last_written: list[str] = []
        self.search_seconds = 0.0
        self.search_wanted = threading.Event()  # Pagefind runs beside the rebuilds, never in their way
        self.search_thread: threading.Thread | None = None

    def rebuild(self) -> bool:
        """One incremental build into the served folder. Returns True when it succeeded."""
        started = time.perf_counter()
        try:
            dossier, diagnostics = content.load(self.root, self.content_memo)
            if self.base_url is not None:
                dossier = replace(dossier, settings=replace(dossier.settings, base_url=self.base_url))
            linked, link_diagnostics = links.link(dossier, self.link_memo)
            problems = [d for d in diagnostics + link_diagnostics if d.level == "error"]
            if problems:
                raise DossierError(problems)
            self.theme = render.load_theme(self.root, self.theme)
            files = render.render_site(linked, self.theme, self.with_search, self.render_memo)
        except DossierError as exc:
            self.render_memo.pages.clear()  # a template error may have left a partial memo
            self._publish(error=[str(d) for d in exc.diagnostics])
            for line in self.error:
                self.log(line)
            return False
        with self.lock:
            written, removed = output.sync(self.folder, files, self.files)
            self.files = files
            self.base_path = linked.settings.base_path
        self.last_written = written
        changed = bool(written or removed)
        self._publish(error=[], bump=changed)
        ms = (time.perf_counter() - started) * 1000
        if changed or self.error:
            self.log(f"rebuilt in {ms:.0f} ms: {len(written)} written, {len(removed)} removed")
        if self.with_search and any(p.endswith(".html") for p in written + removed):
            self.search_wanted.set()
            if self.search_thread is None:
                self.search_thread = threading.Thread(target=self._search_loop, name="dossier-search", daemon=True)
                self.search_thread.start()
        return True

    def _search_loop(self) -> None:
        while not self.closing:
            self.search_wanted.wait()
            if self.closing:
                return
            self.search_wanted.clear()  # edits during this run set it again: one more run afterwards
            self.refresh_search()

    def refresh_search(self) -> None:
        """Re-run Pagefind after the browser has been told to reload; swap the new bundle in whole."""
        started = time.perf_counter()
        fresh = Path(tempfile.mkdtemp(prefix="pagefind-", dir=self.folder.parent))
        try:
            search.index(self.folder, fresh / "pagefind")
        except DossierError as exc:
            shutil.rmtree(fresh, ignore_errors=True)
            for d in exc.diagnostics:
                self.log(str(d))
            return
        with self.lock:
            old = self.folder / "pagefind"
            if old.exists():
                old.rename(fresh / "old")
            (fresh / "pagefind").rename(old)
        shutil.rmtree(fresh, ignore_errors=True)
        self.search_seconds = time.perf_counter() - started
        self.log(f"search index refreshed in {self.search_seconds:.2f} s")

    def _publish(self, error: list[str], bump: bool = False) -> None:
        with self.changed:
            self.error = error
            if bump:
                self.epoch += 1
            self.changed.notify_all()

    def state(self) -> dict:
        return {"epoch": self.epoch, "error": self.error}

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.search_wanted.set()


def reload_script(preview: Preview) -> bytes:
    """The live-reload client, injected before </body>. Keeps the scroll position across reloads."""
    config = json.dumps({"epoch": preview.epoch, "events": preview.base_path + EVENTS})
    return (RELOAD_JS.replace("__CONFIG__", config)).encode("utf-8")


RELOAD_JS = """<script id="dossier-live-reload">
(function () {
  "use strict";
  var config = __CONFIG__;
  var key = "dossier-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, parseFloat(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var source = null;
  function overlay(lines) {
    var box = document.getElementById("dossier-error-overlay");
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "dossier-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;" +
        "overflow:auto;background:#2b0b0b;color:#fff;border:3px solid #e5484d;border-radius:.5rem;" +
        "padding:1rem 1.25rem;font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Build fehlgeschlagen – die Vorschau zeigt den letzten guten Stand";
    box.appendChild(title);
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0";
    list.textContent = lines.join("\\n");
    box.appendChild(list);
  }
  function connect() {
    if (source) return;
    source = new EventSource(config.events);
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      overlay(state.error);
      if (!state.error.length && state.epoch !== config.epoch) {
        sessionStorage.setItem(key, String(window.scrollY));
        source.close();
        location.reload();
      }
    });
  }
  // Hidden tabs let go of their connection: browsers allow only a few per host.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { if (source) { source.close(); source = null; } } else connect();
  });
  if (!document.hidden) connect();
})();
</script>
"""


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
                return self._events()
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

        def _events(self) -> None:
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
                        state = json.dumps(preview.state())
                        if state == sent:
                            preview.changed.wait(timeout=15)
                            if preview.closing:
                                return
                            state = json.dumps(preview.state())
                    if state != sent:
                        self.wfile.write(f"event: state\ndata: {state}\n\n".encode())
                        sent = state
                    else:
                        self.wfile.write(b": keep-alive\n\n")  # finds closed connections
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

    return Handler


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


class Watcher:
    """watchdog on content/ and layouts/; bursts of events become one rebuild after DEBOUNCE of quiet."""

    def __init__(self, preview: Preview, poll: bool = False):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self.preview = preview
        self.pending = threading.Event()
        self.last_event = 0.0
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                if event.event_type in ("opened", "closed_no_write") or not any(_relevant(p) for p in paths):
                    return
                watcher.last_event = time.monotonic()
                watcher.pending.set()

        self.observer = (PollingObserver if poll else Observer)()
        for name in ("content", "layouts"):
            folder = preview.root / name
            if folder.is_dir():
                self.observer.schedule(Handler(), str(folder), recursive=True)
        self.thread = threading.Thread(target=self._run, name="dossier-rebuild", daemon=True)

    def start(self) -> None:
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        self.observer.stop()
        self.pending.set()

    def _run(self) -> None:
        while not self.preview.closing:
            self.pending.wait()
            if self.preview.closing:
                return
            while time.monotonic() - self.last_event < DEBOUNCE:  # let the burst finish
                time.sleep(0.005)
            self.pending.clear()
            try:
                self.preview.rebuild()
            except Exception as exc:  # never let the preview die on an unexpected error
                self.preview.log(f"dossier: internal error during rebuild: {type(exc).__name__}: {exc}")


def _relevant(path: str) -> bool:
    name = Path(path).name if path else ""
    if not name or name.startswith((".", "#")) or name == "4913":  # vim's write test file
        return False
    return not name.endswith(_IGNORED_SUFFIXES)


def bind(host: str, port: int, handler, tries: int = 20) -> ThreadingHTTPServer:
    """Bind to `port`, or the next free one (said on the terminal)."""
    for candidate in range(port, port + tries):
        try:
            server = ThreadingHTTPServer((host, candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            continue
        if candidate != port:
            print(f"port {port} is in use; using {candidate}", file=sys.stderr)
        return server
    raise OSError(errno.EADDRINUSE, f"ports {port}-{port + tries - 1} are all in use")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, base_url: str | None = None,
          with_search: bool = True, poll: bool = False) -> int:
    folder = Path(tempfile.mkdtemp(prefix="dossier-preview-")) / "site"
    folder.mkdir()
    preview = Preview(root, folder, base_url, with_search, log=lambda line: print(line, flush=True))
    ThreadingHTTPServer.daemon_threads = True
    server = bind(host, port, make_handler(preview))
    watcher = Watcher(preview, poll)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.start()
        preview.rebuild()
        print(f"serving http://{host}:{server.server_address[1]}{preview.base_path} "
              f"(watching content/ and layouts/; Ctrl-C stops)", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        preview.close()
        watcher.stop()
        server.server_close()
        shutil.rmtree(folder.parent, ignore_errors=True)
    return 0
