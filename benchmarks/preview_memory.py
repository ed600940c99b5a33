"""Memory of the live preview over many edits: does `dossier serve` keep its memory bounded?

    python benchmarks/preview_memory.py [--rebuilds 2000] [--articles 20] [--search]

Starts `dossier serve` on a small synthetic dossier (benchmarks/synthetic.py), then saves an edit to one
article again and again, each time waiting until the served page shows it (so every save is one finished
rebuild), and samples the serve process's resident memory (VmRSS, /proc) along the way. The target
(issue #29): after 2,000 rebuilds within 20 % of the value after the first 100. Without --search the
Pagefind refresh is off, so rounds are quick and only the preview's own memory is measured; Pagefind runs in
child processes of its own either way.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def wait_for(url: str, marker: bytes, deadline: float = 30.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        with urlopen(url) as response:
            if marker in response.read():
                return
        time.sleep(0.005)
    raise TimeoutError(f"{url} never showed {marker!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuilds", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--search", action="store_true", help="refresh Pagefind after each rebuild too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "dossier"
        synthetic.write(args.articles, root)
        article = root / "content/articles/artikel-00007.md"
        original = article.read_text(encoding="utf-8")
        port = free_port()
        command = [sys.executable, "-m", "generator", "serve", "-C", str(root), "--port", str(port), "-q"]
        server = subprocess.Popen(command + ([] if args.search else ["--no-search"]), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            while not (line := server.stdout.readline()).startswith("serving"):
                if not line:
                    raise RuntimeError("dossier serve ended before serving")
            threading.Thread(target=lambda: list(iter(server.stdout.readline, "")), daemon=True).start()
            url = line.split()[1] + f"artikel/{article.stem}/"
            samples: list[tuple[int, int]] = [(0, rss_kb(server.pid))]
            started = time.monotonic()
            for n in range(1, args.rebuilds + 1):
                marker = f"Gespeichert Nummer {n}."
                article.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                wait_for(url, marker.encode())
                if n in (100, 200, 500) or n % 250 == 0 or n == args.rebuilds:
                    samples.append((n, rss_kb(server.pid)))
            seconds = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    base = dict(samples)[100] if args.rebuilds >= 100 else samples[1][1]
    print(f"dossier serve{'' if args.search else ' --no-search'}, synthetic dossier of {args.articles} articles, "
          f"{args.rebuilds:,} saves each shown before the next ({seconds:.0f} s, "
          f"{seconds / args.rebuilds * 1000:.0f} ms a round), load {os.getloadavg()[0]:.1f} at the end")
    for n, kb in samples:
        print(f"  after {n:>5,} rebuilds: RSS {kb / 1024:6.1f} MB ({(kb - base) / base:+.1%} against 100)")
    last = samples[-1][1]
    verdict = "within" if last <= base * 1.2 else "NOT within"
    print(f"after {args.rebuilds:,}: {verdict} 20 % of the value after 100 ({(last - base) / base:+.1%})")


if __name__ == "__main__":
    main()
