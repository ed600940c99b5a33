"""Recall and precision of the dossier's German search, before and after compound parts are indexed.

    python benchmarks/compound_search.py            # prints the table the README shows
    python benchmarks/compound_search.py --details  # and every query whose results are not the expected

Builds a small dossier of invented news sentences (below; made for this measurement, not facts) with
`dossier build`, then asks each query of QUERIES through Pagefind's own JavaScript API in Debian's
Chromium twice: against the build's index ("after": with the parts of closed compounds) and against an
index Pagefind writes for the same pages on its own ("before"). A query's expected articles are the ones
a German reader searching for it wants: the word itself, its inflections, and compounds that have it
as a part ("Stadt": "Grenzstadt", "Hafenstadt"); for the last group none is wanted ("Rat" must not find
"Separatisten", "Tag" not "Samstag"). Recall = expected articles found / expected; precision = expected
articles found / all found, both summed over all queries.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from generator import bundle, decompound  # noqa: E402
from generator.build import build  # noqa: E402
from generator.frontmatter import dump  # noqa: E402
from generator.search import pagefind_binary  # noqa: E402
from webserver import serve  # noqa: E402

ARTICLES = {
    "d01": "Der Verteidigungspakt zwischen Moskau und Pjöngjang trat im Dezember in Kraft. Beide Regierungen "
           "sprechen von einem Beistandsabkommen.",
    "d02": "An der Grenzbrücke über den Tumen stauen sich die Lastwagen. Die Grenzstadt Chasan erwartet mehr "
           "Güterverkehr.",
    "d03": "Der UN-Sicherheitsrat berät über neue Sanktionen gegen Pjöngjang. Diplomaten erwarten keine Einigung.",
    "d04": "Separatisten im Osten der Ukraine melden Gefechte. Die Regierung in Kiew widerspricht den Angaben.",
    "d05": "Außenminister Lawrow traf seine nordkoreanische Amtskollegin. Das Außenministerium in Moskau nannte "
           "keine Einzelheiten.",
    "d06": "Das neue Wirtschaftssanktionspaket trifft Banken und Reedereien. Die Handelsbeziehungen beider Länder "
           "leiden.",
    "d07": "Nordkorea testete erneut eine Interkontinentalrakete. Das Raketenprogramm bleibt ein Streitpunkt.",
    "d08": "Im Hafen von Rason werden Containerschiffe entladen. Die Hafenstadt liegt nahe der Grenze zu Russland.",
    "d09": "Die Direktzugverbindung zwischen Moskau und Pjöngjang ist wieder in Betrieb. Der Zug braucht mehr als "
           "eine Woche.",
    "d10": "Tausende Bauarbeiter sollen in die Region Kursk geschickt werden. Zwölf Millionen Granaten wurden "
           "geliefert.",
    "d11": "Die Verhandlungen über Energielieferungen ziehen sich hin. Eine Fortsetzung der Kontakte ist geplant.",
    "d12": "Nordkoreanische Soldaten kämpfen in der Region Kursk. Truppenbewegungen an der Front werden beobachtet.",
    "d13": "Der Parteitag in Pjöngjang beginnt im Januar. Der Tag der Eröffnung ist ein Feiertag.",
    "d14": "Am Samstag landete eine Delegation in Wladiwostok. Die Botschaft bestätigte den Besuch.",
    "d15": "Russland liefert Öl und Weizen an Nordkorea. Die Gestalt der Zusammenarbeit bleibt unklar.",
    # Compounds whose last part only the dossier's own text knows as a noun (vocabulary.py): another
    # article has it as a word of its own, capitalised mid-sentence.
    "d16": "Moskau sicherte Pjöngjang volle Rückendeckung zu.",
    "d17": "Ohne diplomatische Deckung durch Moskau wäre Pjöngjang isoliert.",
    "d18": "Kim sprach von einer Kampfbrüderschaft beider Armeen.",
    "d19": "Die Brüderschaft der Veteranen traf sich in Wladiwostok.",
}

QUERIES: dict[str, dict[str, list[str]]] = {
    "last part of a compound": {
        "Pakt": ["d01"], "Abkommen": ["d01"], "Brücke": ["d02"], "Stadt": ["d02", "d08"], "Verkehr": ["d02"],
        "Rat": ["d03"], "Minister": ["d05"], "Ministerium": ["d05"], "Kollegin": ["d05"], "Paket": ["d06"],
        "Sanktion": ["d03", "d06"], "Beziehungen": ["d06"], "Rakete": ["d07"], "Programm": ["d07"],
        "Punkt": ["d07"], "Schiffe": ["d08"], "Verbindung": ["d09"], "Arbeiter": ["d10"],
        "Lieferungen": ["d11"], "Bewegungen": ["d12"], "Tag": ["d13"], "Deckung": ["d16", "d17"],
        "Brüderschaft": ["d18", "d19"],
    },
    "first part of a compound": {
        "Verteidigung": ["d01"], "Beistand": ["d01"], "Grenze": ["d02", "d08"], "Güter": ["d02"],
        "Sicherheit": ["d03"], "Amt": ["d05"], "Wirtschaft": ["d06"], "Handel": ["d06"], "Raketen": ["d07"],
        "Streit": ["d07"], "Container": ["d08"], "Hafen": ["d08"], "Bau": ["d10"], "Energie": ["d11"],
        "Truppen": ["d12"], "Partei": ["d13"], "Feier": ["d13"], "Rücken": ["d16"], "Kampf": ["d18"],
    },
    "whole word": {
        "Lawrow": ["d05"], "Kursk": ["d10", "d12"], "Separatisten": ["d04"], "Regierung": ["d01", "d04"],
        "Verhandlungen": ["d11"], "Soldaten": ["d12"], "Zug": ["d09"], "Samstag": ["d14"], "Einigung": ["d03"],
        "Botschaft": ["d14"], "Land": ["d06"], "Korea": ["d05", "d07", "d12", "d15"],
    },
    "part of a word that is no compound (nothing wanted)": {
        "Ionen": [], "Schaft": [], "Akte": [], "Zung": [], "Alt": [], "Nische": [], "Isten": [], "Ware": [],
    },
}

ASK = """async ([bundle, query]) => {
    const pagefind = await import(bundle + 'pagefind.js');
    const found = await pagefind.search(query);
    return Promise.all(found.results.map(async (result) => (await result.data()).url));
}"""


def make_site(work: Path) -> Path:
    root = work / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "dossier.yaml").write_text("title: Testkorpus\n", encoding="utf-8")
    for number, (name, text) in enumerate(ARTICLES.items(), 1):
        (root / "content" / "articles" / f"{name}.md").write_text(
            dump({"title": f"Meldung {number}", "date": f"2025-01-{number:02d}"}, text), encoding="utf-8")
    build(root)  # "after": the build's own index, with compound parts
    site = root / "site"
    # "before": Pagefind's index of the same pages, as Pagefind writes it
    subprocess.run([str(pagefind_binary()), "--site", str(site), "--output-path", str(site / "before"),
                    "--silent"], check=True)
    return site


def ask(site: Path) -> dict[str, dict[str, list[str]]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, list[str]]] = {"before": {}, "after": {}}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"{base}suche/")
        for group in QUERIES.values():
            for query in group:
                for which, bundle in (("before", "/before/"), ("after", "/pagefind/")):
                    urls = page.evaluate(ASK, [bundle, query])
                    found[which][query] = sorted(url.strip("/").split("/")[-1] for url in urls)
        browser.close()
    return found


def same_keys(work: Path) -> tuple[int, int]:
    """How many words of the word list (each in lower case and capitalized) Pagefind files under the key
    decompound.key gives them, of how many: a part filed elsewhere would never be found."""
    words = [line.split()[0] for line in (REPO / "generator" / "data" / "german-words.txt").open(encoding="utf-8")
             if not line.startswith("#")]
    words += [word.capitalize() for word in words]
    site = work / "words"
    for start in range(0, len(words), 2000):
        page = site / f"p{start}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<!doctype html><html lang="de"><body><main data-pagefind-body><p>'
                        + " ".join(words[start:start + 2000]) + "</p></main></body></html>", encoding="utf-8")
    subprocess.run([str(pagefind_binary()), "--site", str(site), "--silent"], check=True)
    keys: dict[str, set[str]] = {}
    for name in (site / "pagefind" / "index").iterdir():
        for word, _, variants in bundle.read(name)[0]:
            keys[word] = {variant for variant, _ in variants}
    same = 0
    for word in words:
        found, variant = decompound.key(word)
        same += found in keys and (variant is None or variant in keys[found])
    return same, len(words)


def score(results: dict[str, list[str]], queries: dict[str, list[str]]) -> tuple[int, int, int]:
    """(expected articles found, other articles found, expected articles missed)"""
    hits = sum(len(set(results[q]) & set(want)) for q, want in queries.items())
    extra = sum(len(set(results[q]) - set(want)) for q, want in queries.items())
    missed = sum(len(set(want) - set(results[q])) for q, want in queries.items())
    return hits, extra, missed


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list every query whose results differ")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        found = ask(make_site(Path(folder)))
        same, words = same_keys(Path(folder))
    count = sum(map(len, QUERIES.values()))
    print(f"{count} queries on {len(ARTICLES)} articles; Pagefind's JS in Chromium")
    print(f"index keys: decompound.key files {same:,} of {words:,} words (the word list, lower case and "
          f"capitalized) where Pagefind does\n")
    print("| queries | n | recall before | recall after | precision before | precision after |")
    print("|---|---|---|---|---|---|")
    rows = [*QUERIES.items(), ("all", {q: w for group in QUERIES.values() for q, w in group.items()})]
    for name, queries in rows:
        cells = []
        for which in ("before", "after"):
            hits, extra, missed = score(found[which], queries)
            cells.append((ratio(hits, hits + missed), ratio(hits, hits + extra), hits, extra, missed))
        (rb, pb, *b), (ra, pa, *a) = cells
        label = f"**{name}**" if name == "all" else name
        print(f"| {label} | {len(queries)} | {rb} | {ra} | {pb} ({b[1]} unwanted) | {pa} ({a[1]} unwanted) |")
    if args.details:
        print()
        for group in QUERIES.values():
            for query, want in group.items():
                if found["before"][query] != want or found["after"][query] != want:
                    print(f"{query}: wanted {want}, before {found['before'][query]}, after {found['after'][query]}")


if __name__ == "__main__":
    main()
