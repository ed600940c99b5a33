"""Live preview latency: what the editor sees, from saving a file to the page showing the edit.

    python benchmarks/preview_latency.py [N ...]     (default: the shipped dossier and N = 1000)

For each dossier it starts `dossier serve`, opens an article in headless Chromium, then saves an edit
to its Markdown file ten times and reports, median and worst: save -> the served HTML contains the new
text (a client polling the server every 2 ms), and save -> the reloaded page in the browser shows it.
Pagefind's refresh runs after the reload signal and is reported separately, from the server's log.
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
from urllib.request import urlopen

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


def _poll(url: str, marker: str, found: list[float], deadline: float = 30.0) -> None:
    """Fetch the page until its HTML holds `marker`; record when."""
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        with urlopen(url) as response:
            if marker.encode() in response.read():
                found.append(time.time())
                return
        time.sleep(0.002)


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
    times, shown = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        for n in range(rounds):
            search_done(n + 1)  # Pagefind's refresh is measured on its own, not in the way
            page.wait_for_function("document.documentElement.dataset.dossierLive === 'connected'")
            text = article.read_text(encoding="utf-8")
            marker = f"Neuer Absatz Nummer {n}."
            served: list[float] = []
            poller = threading.Thread(target=_poll, args=(url, marker, served), daemon=True)
            saved = time.time()
            article.write_text(text + f"\n\n{marker}\n", encoding="utf-8")
            poller.start()
            page.wait_for_selector(f"text={marker}", timeout=30_000)
            shown.append((time.time() - saved) * 1000)
            poller.join(timeout=30)
            times.append((served[0] - saved) * 1000)
        browser.close()
    search_done(rounds + 1)
    server.terminate()
    server.wait(timeout=10)
    reader.join(timeout=5)
    rebuilds = [float(m.group(1)) for m in (re.search(r"rebuilt in (\d+) ms", l) for l in log) if m][1:]
    searches = [float(m.group(1)) for m in (re.search(r"search index refreshed in ([\d.]+) s", l) for l in log) if m][1:]
    print(f"{label}: save -> served HTML has it: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms; "
          f"save -> browser shows it: median {statistics.median(shown):.0f} ms, worst {max(shown):.0f} ms "
          f"(rebuild alone median {statistics.median(rebuilds):.0f} ms); "
          f"Pagefind refresh afterwards median {statistics.median(searches):.2f} s")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "shipped"
        shutil.copytree(HERE.parent / "content", shipped / "content")
        measure(shipped, next((shipped / "content/articles").glob("*.md")), "shipped dossier")
        for n in sizes:
            folder = Path(tmp) / f"synthetic-{n}"
            synthetic.write(n, folder)
            measure(folder, folder / "content/articles/artikel-00007.md", f"synthetic, {n} articles")


if __name__ == "__main__":
    main()
