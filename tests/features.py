"""A small dossier with entities (every kind, inflected aliases), dated events and two articles, shared by
the entity, chronology and print tests; conftest.py builds it once per session (`features_site`)."""

from __future__ import annotations

from pathlib import Path

from conftest import article


def entity(name: str, kind: str, aliases=(), text: str = "Beschreibung.") -> str:
    from generator.frontmatter import dump
    return dump({"name": name, "kind": kind, "aliases": list(aliases)}, text)


FILES = {
    "content/dossier.yaml": "title: Test\n",
    "content/entities/kim-jong-un.md": entity("Kim Jong Un", "person", ["Kim", "Kims"]),
    "content/entities/sergej-lawrow.md": entity("Sergej Lawrow", "Person", ["Lawrow", "Lawrows"]),
    "content/entities/nordkorea.md": entity("Nordkorea", "place", ["Nordkoreas"]),
    "content/entities/wonsan.md": entity("Wonsan", "Ort"),
    "content/entities/kcna.md": entity("KCNA", "organisation"),
    "content/articles/alt.md": article(
        "Lawrow in Wonsan", date="2025-07-12", topics=["Diplomatie"],
        events=[{"date": "2025-07-12", "text": "Treffen in Wonsan"}, {"date": 2024, "text": "Putin besucht Nordkorea"}],
        body="Lawrows Reise führte nach Wonsan. Dort traf er Kim Jong Un.\n\n"
             "Kim sagte, Nordkoreas Truppen stünden bereit. Wieder Kim und Lawrow in Wonsan.\n"),
    "content/articles/neu.md": article(
        "Kimchi und nordkoreanische Küche", date="2025-08-01",
        events=[{"date": "2022-02", "text": "Beginn des Ukraine-Kriegs"}, {"date": "2025-07", "text": "Reise"}],
        body="Ein Bericht über Kimchi, die KCNA-Meldung und nordkoreanische Spezialitäten. Kims Koch erzählt.\n"),
}


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")
