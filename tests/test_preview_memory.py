"""A long preview session keeps its memory bounded: what one rebuild made is dropped by the next, not
kept for the rest of the session (benchmarks/preview_memory.py measures the RSS over 2,000 rebuilds; these
tests name the two things that piled up before: every earlier planning, and every version of an edited
article's part of the whole-dossier page)."""

from __future__ import annotations

import gc
from pathlib import Path

from conftest import article, write_project
from generator.plan import Planning
from generator.preview.state import Preview


def _edited_many_times(tmp_path: Path, times: int) -> Preview:
    root = write_project(tmp_path / "project", {
        f"content/articles/a{i}.md": article(f"Bericht {i} aus Wonsan", date=f"2025-07-1{i}",
                                             related=[f"Bericht {(i + 1) % 3} aus Wonsan"]) for i in range(3)})
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(root, served, with_search=False, log=lambda line: None)
    path = root / "content/articles/a1.md"
    text = path.read_text(encoding="utf-8")
    for n in range(times):
        path.write_text(text + f"\nGespeichert zum {n}. Mal.\n", encoding="utf-8")
        assert preview.rebuild()
        assert f"Gespeichert zum {n}. Mal." in (served / "artikel/a1/index.html").read_text(encoding="utf-8")
    return preview


def test_a_rebuild_lets_the_earlier_plannings_go(tmp_path):
    preview = _edited_many_times(tmp_path, 6)
    gc.unfreeze()
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, Planning)]
    assert alive == [preview.planning]
    preview.close()


def test_the_kept_parts_of_the_whole_dossier_page_are_those_of_the_current_articles(tmp_path):
    preview = _edited_many_times(tmp_path, 6)
    kept = preview.site.fragments.recent
    assert len(kept) == 3  # one per article, not one per saved version
    assert sum("Gespeichert zum 5. Mal." in html for html in kept.values()) == 1
    preview.close()
