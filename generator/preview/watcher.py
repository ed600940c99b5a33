"""Watching content/ and layouts/ with watchdog: a burst of editor events becomes one rebuild once the
files have been quiet for DEBOUNCE seconds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from generator.preview.state import Preview
from generator.theme import DEFAULT

DEBOUNCE = 0.03  # seconds without new file events before a rebuild starts
WATCHED = ("content", "layouts")  # the project's folders a build reads
_IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~", ".kate-swp", ".crdownload")


class Watcher:
    def __init__(self, preview: Preview, poll: bool = False):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self.preview = preview
        self.changed = threading.Condition()
        self.last_event: float | None = None  # when the latest relevant event came, until a rebuild takes it
        # The paths the events named since the last rebuild took them; None: anything may have changed
        # (a folder was moved or removed), so the rebuild looks at every file.
        self.paths: set[str] | None = set()
        self.stopped = False
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                if event.event_type in ("opened", "closed_no_write") or not any(_relevant(p) for p in paths):
                    return
                with watcher.changed:
                    watcher.last_event = time.monotonic()
                    if event.is_directory and event.event_type != "modified" or watcher.paths is None:
                        watcher.paths = None
                    else:
                        watcher.paths.update(filter(None, paths))
                    watcher.changed.notify()

        class Appearing(FileSystemEventHandler):
            """The project folder itself: a watched folder made while the preview runs (the first override
            makes layouts/) is watched from then on, and rebuilt from at once."""

            def on_any_event(self, event) -> None:
                for path in (event.src_path, getattr(event, "dest_path", "") or ""):
                    if path and Path(path).name in WATCHED and Path(path).is_dir():
                        watcher.watch(Path(path))
                        watcher.handler.on_any_event(event)

        self.handler = Handler()
        self.observer = (PollingObserver if poll else Observer)()
        self.watched: set[Path] = set()
        for folder in [preview.root / name for name in WATCHED] + [DEFAULT]:  # the theme: for its developers
            if folder.is_dir():
                self.watch(folder)
        self.observer.schedule(Appearing(), str(preview.root), recursive=False)
        self.thread = threading.Thread(target=self._run, name="dossier-rebuild", daemon=True)

    def watch(self, folder: Path) -> None:
        """Rebuild on every change below `folder` (once, however often it is asked)."""
        with self.changed:
            if folder in self.watched:
                return
            self.watched.add(folder)
        self.observer.schedule(self.handler, str(folder), recursive=True)

    @property
    def pending(self) -> bool:
        """Events have come that no rebuild has taken yet."""
        return self.last_event is not None

    def start(self) -> None:
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        self.observer.stop()
        with self.changed:
            self.stopped = True
            self.changed.notify()

    def _quiet(self) -> tuple[bool, set[str] | None]:
        """Wait for an event and then for DEBOUNCE without one: (False when stopped, the paths named)."""
        with self.changed:
            while self.last_event is None and not self.stopped:
                self.changed.wait()
            while not self.stopped:
                left = self.last_event + DEBOUNCE - time.monotonic()
                if left <= 0:
                    self.last_event = None
                    paths, self.paths = self.paths, set()
                    return True, paths
                self.changed.wait(left)
            return False, None

    def _run(self) -> None:
        while True:
            go, paths = self._quiet()
            if not go or self.preview.closing:
                return
            try:
                self.preview.rebuild(paths)
            except Exception as exc:  # never let the preview die on an unexpected error
                self.preview.log(f"dossier: internal error during rebuild: {type(exc).__name__}: {exc}")


def _relevant(path: str) -> bool:
    name = Path(path).name if path else ""
    if not name or name.startswith((".", "#")) or name == "4913":  # vim's write test file
        return False
    return not name.endswith(_IGNORED_SUFFIXES)
