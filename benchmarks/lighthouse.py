"""Lighthouse scores of every kind of page of the shipped dossier, mobile and desktop.

    python benchmarks/lighthouse.py [--runs N] [--pages KIND,...] [--form-factors mobile,desktop]
                                    [--out DIR] [--content DIR]

Installs Lighthouse 12 pinned (`npm i -E lighthouse@12.2.3` into benchmarks/lighthouse/, only when it is
missing; package.json and package-lock.json there are committed, node_modules/ is not) and runs it with
Debian's Chromium (CHROME_PATH=/usr/bin/chromium, headless, no sandbox); no browser is downloaded. It builds
the dossier (the repository's content/ with the packaged theme, in a temporary folder so nothing is written
into the repository) under a sub-path with a host, http://127.0.0.1:PORT/dossier/, as GitHub Pages serves a
project site (so canonical links, feed and sitemap are there), serves it as Pages does (tests/webserver.py's
handler: a missing page gets 404.html with status 404; plus gzip and Cache-Control: max-age=600) and runs Lighthouse on one address of each kind of page, in
the mobile (Lighthouse's default: simulated slow 4G and a 4x slower CPU) and the desktop form factor
(`--preset=desktop`), with all four categories. Runs are interleaved (run 1 of every page, then run 2, …) so
that the machine's noise falls on all pages alike; each score is the median of the runs.

It prints the machine's load, the Lighthouse and Chromium versions, a table of scores (page kind ×
mobile/desktop × performance, accessibility, best practices, SEO) that says which kinds are indexable, the
median metrics (FCP, LCP, TBT, CLS, SI), and every audit that did not pass, per page, with its id and title.
Pages that are `noindex` by design (stubs, search, the whole dossier, the 404 page, redirect pages) lose SEO
points for the audit `is-crawlable` ("Page is blocked from indexing"); that is intended and the table says
so. Lighthouse audits no page answered with status 404 (runtime error ERRORED_DOCUMENT_REQUEST), so the 404
page is audited at its own address, /404.html. `--out DIR` keeps every raw JSON report.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from webserver import Handler, serve  # noqa: E402

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = HERE / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking " \
               "--disable-component-update --disable-sync"
PREFIX = "/dossier/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "Perf", "accessibility": "A11y", "best-practices": "BP", "seo": "SEO"}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}
SEARCH_WORD = "Wonsan"
NOTES = {  # why an advice audit fails where the project cannot change it
    "uses-long-cache-ttl": " – GitHub Pages serves every file with Cache-Control: max-age=600, as this server does",
    "max-potential-fid": " – informative: the longest task after the first paint, under 4x CPU slowdown",
}
# Every kind of page, in the order of the table. The address of most is found in the built site.
KINDS = ("home", "article", "stub", "topics", "topic", "entities", "entity", "chronology", "network",
         "page", "redirect", "search", "search-results", "whole", "404")


def ensure_lighthouse() -> None:
    """`npm i -E lighthouse@12.2.3` in benchmarks/lighthouse/, only when it is not installed yet; the
    committed package-lock.json fixes every dependency's version."""
    if LIGHTHOUSE_CLI.exists():
        return
    if not shutil.which("npm"):
        raise SystemExit("Lighthouse needs Node.js and npm (apt-get install nodejs npm)")
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR.relative_to(REPO)}/ …", flush=True)
    subprocess.run(["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--no-audit", "--no-fund"],
                   cwd=LIGHTHOUSE_DIR, check=True)


class PagesHandler(Handler):
    """tests/webserver.py's handler (the site under a sub-path, 404.html for a missing page), answering as
    GitHub Pages does: text compressed with gzip when the browser accepts it, and Cache-Control:
    max-age=600 on every file."""

    COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs"}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in self.COMPRESSED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def chromium_version() -> str:
    # Debian's wrapper script prints a harmless shell error on stderr; the version is on stdout.
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return out or "unknown"


def build(content: Path, work: Path, base_url: str) -> Path:
    """The dossier built in a temporary project (its content copied; the packaged theme)."""
    project = work / "project"
    shutil.copytree(content, project / "content")
    out = work / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "-q", "-C", str(project), "-o", str(out),
                    "--base-url", base_url], cwd=REPO, check=True,
                   env={**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")})
    return out


def is_noindex(html: str) -> bool:
    return bool(re.search(r'<meta name="robots" content="[^"]*noindex', html))


def addresses(site: Path) -> dict[str, str]:
    """One address (relative to the site's base) for each kind of page the built site has."""
    def first(folder: str, keep=lambda html: True) -> str | None:
        root = site / folder
        for index in sorted(root.glob("*/index.html")) if root.is_dir() else ():
            if keep(index.read_text(encoding="utf-8")):
                return f"{folder}/{index.parent.name}/"
        return None

    refresh = lambda html: 'http-equiv="refresh"' in html  # noqa: E731
    found = {
        "home": "",
        "article": first("artikel", lambda h: not is_noindex(h)),
        "stub": first("artikel", lambda h: is_noindex(h) and not refresh(h)),
        "topics": "themen/",
        "topic": first("themen"),
        "entities": next((f"{k}/" for k in ("personen", "orte", "organisationen") if (site / k).is_dir()), None),
        "chronology": "chronik/",
        "network": "netz/",
        "page": first("seiten"),
        "redirect": next((p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.rglob("index.html"))
                          if refresh(p.read_text(encoding="utf-8"))), None),
        "search": "suche/",
        "search-results": f"suche/?q={SEARCH_WORD}",
        "whole": "gesamt/",
        # A missing address answers 404 with this page; Lighthouse audits no page whose status is 404
        # (runtime error ERRORED_DOCUMENT_REQUEST), so the page is audited at its own file's address.
        "404": "404.html",
    }
    if found["entities"]:
        found["entity"] = first(found["entities"].rstrip("/"))
    return {kind: found.get(kind) for kind in KINDS}


def page_file(site: Path, address: str) -> Path:
    path = site / address.split("?", 1)[0]
    return path if path.is_file() else path / "index.html"


def lighthouse(url: str, form_factor: str, report: Path) -> dict:
    command = ["node", str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    process = subprocess.Popen(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        _, stderr = process.communicate()
    finally:
        if process.poll() is None:  # interrupted: Lighthouse closes its Chromium on SIGINT
            process.send_signal(signal.SIGINT)
            process.wait()
    if not report.exists():
        raise SystemExit(f"lighthouse failed on {url} ({form_factor}):\n{stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))  # with "runtimeError" when it could not audit


def failing_in(report: dict, category: str) -> list[str]:
    """The audits that cost a category points in this report."""
    return [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight")
            and report["audits"][ref["id"]].get("score") is not None and report["audits"][ref["id"]]["score"] < 1]


def failing(report: dict) -> dict[str, tuple[str, bool]]:
    """Audits that did not pass: id -> (title, whether it weighs in a category's score)."""
    weighed = {ref["id"] for category in report["categories"].values()
               for ref in category["auditRefs"] if ref.get("weight")}
    return {audit_id: (audit["title"], audit_id in weighed) for audit_id, audit in report["audits"].items()
            if audit.get("score") is not None and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")}


def score(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor; "
                        "scores and metrics are their median (default 3)")
    parser.add_argument("--pages", default=",".join(KINDS),
                        help=f"kinds of page, comma-separated (default all: {','.join(KINDS)})")
    parser.add_argument("--form-factors", default="mobile,desktop", help="mobile, desktop or both (default)")
    parser.add_argument("--out", type=Path, help="write every raw Lighthouse JSON report into this folder")
    parser.add_argument("--content", type=Path, default=REPO / "content",
                        help="the dossier's content folder (default: the repository's content/)")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.pages.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    form_factors = [f.strip() for f in args.form_factors.split(",") if f.strip()]
    if unknown or not kinds:
        parser.error(f"unknown page kind {', '.join(unknown)}; kinds: {', '.join(KINDS)}")
    if not form_factors or set(form_factors) - {"mobile", "desktop"}:
        parser.error("--form-factors takes mobile, desktop or mobile,desktop")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so the finally clauses run
    ensure_lighthouse()
    load_before = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} / {load_before[1]:.2f} / "
          f"{load_before[2]:.2f} (1 / 5 / 15 min) before the runs")
    print(f"chromium: {chromium_version()} ({CHROMIUM}); lighthouse {LIGHTHOUSE_VERSION} (pinned in "
          f"benchmarks/lighthouse/package-lock.json)")

    with tempfile.TemporaryDirectory(prefix="dossier-lighthouse-") as tmp, \
            serve(Path(tmp) / "site", PREFIX, handler=PagesHandler) as base:
        work = Path(tmp)
        site = build(args.content.resolve(), work, base)
        where = addresses(site)
        missing = [k for k in kinds if where[k] is None]
        kinds = [k for k in kinds if where[k] is not None]
        indexable = {k: not is_noindex(page_file(site, where[k]).read_text(encoding="utf-8")) for k in kinds}
        print(f"site: {args.content} built for {base} and served there")
        if missing:
            print(f"not in this dossier, so not measured: {', '.join(missing)}")
        reports_dir = args.out or work / "reports"
        reports_dir.mkdir(parents=True, exist_ok=True)

        results: dict[tuple[str, str], list[dict]] = {(k, f): [] for k in kinds for f in form_factors}
        loads: list[float] = []
        versions: set[str] = set()
        total = len(results) * args.runs
        done = 0
        started = time.monotonic()
        for run in range(1, args.runs + 1):
            for kind in kinds:
                for form_factor in form_factors:
                    done += 1
                    loads.append(os.getloadavg()[0])
                    print(f"\r[{done}/{total}] run {run}: {kind} {form_factor} (load {loads[-1]:.2f})   ",
                          end="", file=sys.stderr, flush=True)
                    report = lighthouse(base + where[kind], form_factor,
                                        reports_dir / f"{kind}-{form_factor}-{run}.json")
                    versions.add(report["lighthouseVersion"])
                    results[(kind, form_factor)].append(report)
        print(file=sys.stderr)
        elapsed = time.monotonic() - started

    load_after = os.getloadavg()
    print(f"{total} Lighthouse runs in {elapsed / 60:.1f} min; load average (1 min) at the start of each run: "
          f"median {statistics.median(loads):.2f}, max {max(loads):.2f}; after: {load_after[0]:.2f} / "
          f"{load_after[1]:.2f} / {load_after[2]:.2f}")
    reports = [r for reps in results.values() for r in reps]
    hosts = sorted({r["environment"]["hostUserAgent"] for r in reports})
    indexes = [r["environment"]["benchmarkIndex"] for r in reports]
    print(f"lighthouse {', '.join(sorted(versions))}; browser: {'; '.join(hosts)}; Lighthouse's CPU benchmark "
          f"index: median {statistics.median(indexes):.0f} (min {min(indexes):.0f}, max {max(indexes):.0f})")
    if args.out:
        print(f"raw reports: {args.out}/<kind>-<form factor>-<run>.json")
    summary(results, kinds, form_factors, where, indexable, args.runs)


def summary(results: dict[tuple[str, str], list[dict]], kinds: list[str], form_factors: list[str],
            where: dict[str, str], indexable: dict[str, bool], runs: int) -> None:
    """The table of median scores, the median metrics and every audit that did not pass."""
    def median(values: list) -> float | None:
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    print(f"\nScores, median of {runs} run{'s' if runs > 1 else ''}:\n")
    header = ["page kind", "address", "indexable"] + [f"{f} {SHORT[c]}" for f in form_factors for c in CATEGORIES] \
        + ["note"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    short_of_100 = []
    for kind in kinds:
        cells = [kind, "/" + where[kind], "yes" if indexable[kind] else "no (noindex)"]
        notes = set()
        for form_factor in form_factors:
            reports = results[(kind, form_factor)]
            for category in CATEGORIES:
                value = median([r["categories"][category]["score"] for r in reports])
                cells.append(score(value))
                if indexable[kind] and value != 1:
                    short_of_100.append(f"{kind} {form_factor} {SHORT[category]}")
            for report in reports:
                if report.get("runtimeError"):
                    notes.add(f"{form_factor}: Lighthouse error {report['runtimeError']['code']}")
                elif "is-crawlable" in failing(report):
                    notes.add("SEO < 100 only for is-crawlable: noindex by design" if set(failing_in(report, "seo"))
                              == {"is-crawlable"} else "SEO loses is-crawlable (noindex by design) and more")
        cells.append("; ".join(sorted(notes)))
        print("| " + " | ".join(cells) + " |")
    print("\nEvery indexable page kind scores 100 in all four categories: "
          + ("yes" if not short_of_100 else "no: " + ", ".join(short_of_100)))

    print(f"\nMetrics, median ({', '.join(METRICS.values())}):\n")
    for kind in kinds:
        parts = []
        for form_factor in form_factors:
            values = []
            for audit_id, name in METRICS.items():
                value = median([r["audits"].get(audit_id, {}).get("numericValue") for r in results[(kind, form_factor)]])
                values.append(f"{name} –" if value is None else f"{name} {value:.3f}"
                              if name == "CLS" else f"{name} {value:.0f} ms" if name == "TBT"
                              else f"{name} {value / 1000:.2f} s")
            parts.append(f"{form_factor}: " + ", ".join(values))
        print(f"  {kind:15} " + " | ".join(parts))

    print("\nAudits that did not pass, per page (in how many runs; * = weighs in a category's score, the others"
          " are advice with no weight):")
    any_failing = False
    for kind in kinds:
        seen: dict[str, tuple[str, bool, dict[str, int]]] = {}
        for form_factor in form_factors:
            for report in results[(kind, form_factor)]:
                for audit_id, (title, weighs) in failing(report).items():
                    counts = seen.setdefault(audit_id, (title, weighs, {}))[2]
                    counts[form_factor] = counts.get(form_factor, 0) + 1
        if not seen:
            continue
        any_failing = True
        print(f"\n  {kind} (/{where[kind]}):")
        for audit_id, (title, weighs, counts) in sorted(seen.items(), key=lambda i: (not i[1][1], i[0])):
            runs_failed = ", ".join(f"{f} {counts[f]}/{runs}" for f in form_factors if f in counts)
            expected = " – expected: the page is noindex by design" \
                if audit_id == "is-crawlable" and not indexable[kind] else NOTES.get(audit_id, "")
            if audit_id in METRICS:
                expected = " – a metric short of a full score; its median is in the table of metrics"
            print(f"    {'*' if weighs else ' '} {audit_id} — {title} [{runs_failed}]{expected}")
    if not any_failing:
        print("  none")


if __name__ == "__main__":
    main()
