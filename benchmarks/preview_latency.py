"""Live preview latency: time from saving a file to the browser's reload, in headless Chromium.

    python benchmarks/preview_latency.py [N ...]     (default: the shipped dossier and N = 1000)

For each dossier it starts `dossier serve`, opens an article, then saves an edit to its Markdown file
ten times and reports the median and worst time from the save until the browser starts the reload
(the new page's `performance.timeOrigin`, on the same clock). Pagefind's
refresh runs after the reload signal and is reported separately, from the server's log.
"""

from __future__ import annotations

import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
import synthetic  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(root: Path, article: Path, label: str, rounds: int = 10) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(root), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    while not (line := server.stdout.readline()).startswith("serving"):
        log.append(line)
    url = line.split()[1] + f"artikel/{article.stem}/"
    reader = threading.Thread(target=lambda: log.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()

    def search_done(count: int) -> None:
        deadline = time.monotonic() + 60
        while sum("search index refreshed" in l for l in log) < count and time.monotonic() < deadline:
            time.sleep(0.05)
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        for n in range(rounds):
            page.wait_for_function("document.querySelector('#dossier-live-reload') !== null")
            search_done(n + 1)  # Pagefind's refresh is measured on its own, not in the way
            time.sleep(0.3)  # the event stream is connected
            text = article.read_text(encoding="utf-8")
            with page.expect_event("framenavigated", timeout=10_000):
                saved = time.time() * 1000
                article.write_text(text + f"\n\nNeuer Absatz Nummer {n}.\n", encoding="utf-8")
            page.wait_for_load_state()
            # The reload's navigation start, on the same wall clock as the save (Playwright's own event
            # delivery is not part of what a reader sees).
            times.append(page.evaluate("performance.timeOrigin") - saved)
        browser.close()
    search_done(rounds + 1)
    server.terminate()
    server.wait(timeout=10)
    reader.join(timeout=5)
    rebuilds = [float(m.group(1)) for m in (re.search(r"rebuilt in (\d+) ms", l) for l in log) if m][1:]
    searches = [float(m.group(1)) for m in (re.search(r"search index refreshed in ([\d.]+) s", l) for l in log) if m][1:]
    print(f"{label}: save -> reload median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms "
          f"(rebuild alone median {statistics.median(rebuilds):.0f} ms); "
          f"Pagefind refresh afterwards median {statistics.median(searches):.2f} s")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "shipped"
        shutil.copytree(HERE.parent / "content", shipped / "content")
        shutil.copytree(HERE.parent / "layouts", shipped / "layouts")
        measure(shipped, next((shipped / "content/articles").glob("*.md")), "shipped dossier")
        for n in sizes:
            folder = Path(tmp) / f"synthetic-{n}"
            synthetic.write(n, folder)
            measure(folder, folder / "content/articles/artikel-00007.md", f"synthetic, {n} articles")


if __name__ == "__main__":
    main()
