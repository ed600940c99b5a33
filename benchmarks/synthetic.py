"""A deterministic synthetic dossier: N German-looking articles in dossier's content format.

    python benchmarks/synthetic.py N FOLDER      # writes FOLDER/content (built with the packaged theme)

Each article has ~660 words (~5.5 KB) with umlauts, 3-6 "Lesen Sie auch" titles (about two thirds
resolve to other articles, the rest become stubs), 1-3 topics and a dated event; 20 entities whose
names occur in the text.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.frontmatter import dump  # noqa: E402

WORDS = ("Nordkorea Russland Pjöngjang Moskau Außenminister Soldaten Munition Grenze Brücke Küstenstadt "
         "Verteidigung Abkommen Gespräche Führung Unterstützung Delegation Behörden Regierung Militär Hafen "
         "Wirtschaft Sanktionen Lieferungen Raketen Übung Erklärung Botschaft Zusammenarbeit Besuch Präsident "
         "Beziehungen Bündnis Frieden Sicherheit Truppen Ingenieure Bauarbeiter Tourismus Zugverbindung Fluss "
         "Öffentlichkeit Südkorea Flüchtlinge Ernte Energie Strom Häfen Straßen Kommission Sitzung").split()
FILLER = "der die das und mit für über nach laut bei einem einer sich nicht auch wie am zum zur im vom".split()
ENTITIES = ["Nordkorea", "Russland", "Pjöngjang", "Moskau", "Südkorea", "Kommission", "Delegation", "Behörden",
            "Regierung", "Militär", "Botschaft", "Präsident", "Grenze", "Brücke", "Hafen", "Zugverbindung",
            "Öffentlichkeit", "Sitzung", "Abkommen", "Bündnis"]
TOPICS = ["Ukraine-Krieg", "Diplomatie", "Militärische Zusammenarbeit", "Wirtschaft", "Tourismus",
          "Sanktionen", "Grenze", "Energie"]


def title(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, 5)
    return f"{words[0]} und {words[1]}: {words[2]} {rng.choice(FILLER)} {words[3]} {words[4]} ({n})"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS if rng.random() < 0.45 else FILLER) for _ in range(rng.randint(9, 16))]
    return " ".join(words).capitalize() + "."


def write(n: int, folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    articles = folder / "content" / "articles"
    if articles.exists():
        shutil.rmtree(articles)
    articles.mkdir(parents=True)
    (folder / "content" / "dossier.yaml").write_text(
        f"title: Synthetisches Dossier ({n})\nbase_url: https://example.github.io/synth/\n", encoding="utf-8")
    entities = folder / "content" / "entities"
    if entities.exists():
        shutil.rmtree(entities)
    entities.mkdir()
    for number, name in enumerate(ENTITIES):
        kind = ("place", "organisation", "person")[number % 3]
        (entities / f"entitaet-{number:02d}.md").write_text(
            dump({"name": name, "kind": kind, "aliases": [name + "s"]}, f"Synthetischer Eintrag {name}."),
            encoding="utf-8")
    titles = [title(rng, i) for i in range(n)]
    for i, own in enumerate(titles):
        related = []
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.67:
                related.append(titles[rng.randrange(n)])
            else:
                related.append(title(rng, n + rng.randrange(n)))  # not in the dossier: a stub
        paragraphs = []
        while sum(len(p.split()) for p in paragraphs) < 660:
            paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
        for at in range(4, len(paragraphs), 5):
            paragraphs[at] = "## " + " ".join(rng.sample(WORDS, 4))
        year = 2020 + i % 6
        meta = {
            "title": own,
            "date": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "lede": sentence(rng) + " " + sentence(rng),
            "topics": rng.sample(TOPICS, rng.randint(1, 3)),
            "related": related,
            "events": [{"date": f"{year}-{1 + i % 12:02d}", "text": sentence(rng)}],
        }
        (articles / f"artikel-{i:05d}.md").write_text(dump(meta, "\n\n".join(paragraphs)), encoding="utf-8")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
