"""`dossier serve`: build with the build's own pipeline, serve on loopback, watch content/ and layouts/,
rebuild what changed and reload the browser. Standard library only besides watchdog."""

from __future__ import annotations

import shutil
import signal
import tempfile
from pathlib import Path

from generator import content
from generator.preview.server import PreviewServer, bind, make_handler
from generator.preview.state import Preview
from generator.preview.watcher import Watcher

__all__ = ["Preview", "PreviewServer", "Watcher", "bind", "make_handler", "serve"]


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, base_url: str | None = None,
          with_search: bool = True, poll: bool = False, quiet: bool = False, drafts: bool = True) -> int:
    content.require_project(root)  # before serving anything: outside a project there is nothing to serve
    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl-C: the same clean-up below
    folder = Path(tempfile.mkdtemp(prefix="dossier-preview-")) / "site"
    preview = server = watcher = None
    try:
        folder.mkdir()
        preview = Preview(root, folder, base_url, with_search, log=lambda line: print(line, flush=True),
                          quiet=quiet, drafts=drafts)
        server = bind(host, port, make_handler(preview))
        watcher = Watcher(preview, poll)
        watcher.start()
        preview.rebuild()
        print(f"serving http://{host}:{server.server_address[1]}{preview.base_path} "
              f"(watching content/ and layouts/; Ctrl-C stops)", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        for stop in (signal.SIGTERM, signal.SIGINT):  # a second signal must not cut the clean-up short
            signal.signal(stop, signal.SIG_IGN)
        if watcher is not None:
            watcher.stop()
        if preview is not None:
            preview.close()  # waits for a running rebuild and Pagefind refresh: nothing writes after this
        if server is not None:
            server.server_close()
        shutil.rmtree(folder.parent, ignore_errors=True)
    return 0
