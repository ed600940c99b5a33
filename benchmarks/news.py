"""A deterministic news-like corpus: N German articles of about 660 words with day dates, plain front
matter (title, date, topics, related) and the shipped dossier's entities, whose names the text uses.

    python benchmarks/news.py N FOLDER      # writes FOLDER/content (built with the packaged theme)

Unlike synthetic.py (events, ledes, year-month dates), it looks like an editor's imported dossier.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.frontmatter import dump, split  # noqa: E402

ENTITIES = REPO / "content" / "entities"
SUBJECTS = ["Die Regierung", "Der Sprecher", "Ein Diplomat", "Die Delegation", "Das Ministerium", "Ein Analyst",
            "Die Agentur", "Der Botschafter", "Eine Beobachterin", "Die Kommission"]
VERBS = ["kündigte", "bestätigte", "kritisierte", "begrüßte", "erwähnte", "bestritt", "forderte", "prüfte"]
OBJECTS = ["neue Gespräche", "eine engere Zusammenarbeit", "weitere Lieferungen", "den Besuch", "die Vereinbarung",
           "neue Sanktionen", "eine gemeinsame Übung", "den Ausbau der Verbindungen", "die Erklärung vom Vortag"]
TAILS = ["am Montag an", "in einer Mitteilung", "vor Journalisten", "nach dem Treffen", "ohne Einzelheiten zu nennen",
         "mit Nachdruck", "zum wiederholten Mal", "in der Hauptstadt"]
TOPICS = ["Diplomatie", "Militär", "Wirtschaft", "Sanktionen", "Ukraine-Krieg", "Tourismus"]


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def write(n: int, folder: Path, seed: int = 2) -> None:
    rng = random.Random(seed)
    content = folder / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(ENTITIES, content / "entities")
    names = [split(p.read_text(encoding="utf-8"), str(p))[0]["name"] for p in sorted(ENTITIES.glob("*.md"))]
    (content / "dossier.yaml").write_text(f"title: Nachrichten-Dossier ({n})\nbase_url: https://example.github.io/news/\n",
                                          encoding="utf-8")
    articles = content / "articles"
    articles.mkdir()

    def sentence() -> str:
        who = rng.choice(SUBJECTS + names)
        return f"{who} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}, sagte {rng.choice(names)}."

    titles = [f"{rng.choice(names)} und {rng.choice(names)}: {_upper(rng.choice(OBJECTS))} ({i})"
              for i in range(n)]
    for i, title in enumerate(titles):
        paragraphs: list[str] = []
        while sum(len(p.split()) for p in paragraphs) < 660:
            paragraphs.append(" ".join(sentence() for _ in range(rng.randint(3, 5))))
        related = [titles[rng.randrange(n)] for _ in range(rng.randint(0, 3))]
        related += [f"{rng.choice(names)} {rng.choice(VERBS)} ({n + rng.randrange(n)})"] if rng.random() < 0.3 else []
        meta = {"title": title, "date": f"{2016 + i % 10}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}",
                "topics": rng.sample(TOPICS, rng.randint(1, 2)), "related": related}
        (articles / f"artikel-{i:05d}.md").write_text(dump(meta, "\n\n".join(paragraphs)), encoding="utf-8")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
