"""Compound-aware German search: the splitter on a fixture of real words, the index keys it shares with
Pagefind, and the parts it adds to a real Pagefind index (searched in Chromium in test_search.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import bundle, compounds, decompound, search, vocabulary

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "compounds" / "split.txt"


def cases() -> list:
    found, text = [], ""
    for number, line in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("dossier:"):
            text = line.removeprefix("dossier:").strip()
        elif line.strip() and not line.startswith("#"):
            word, parts = line.split()
            found.append(pytest.param(word, None if parts == "-" else tuple(parts.split("|")), text,
                                      id=f"{number}:{word}"))
    return found


@pytest.mark.parametrize("word, parts, text", cases())
def test_compounds_split_into_the_words_a_reader_searches_for(word, parts, text):
    assert compounds.split(word, vocabulary.of_texts([text] if text else [])) == parts


def index_site(root: Path, text: str) -> Path:
    """A one-page German site indexed by Pagefind and the build's own additions; returns the bundle."""
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text(
        f'<!doctype html><html lang="de"><head><title>T</title></head><body><main data-pagefind-body>'
        f"<h1>Bericht</h1><p>{text}</p></main></body></html>", encoding="utf-8")
    search.index(root)
    return root / "pagefind"


def entries(folder: Path) -> dict[str, list]:
    meta = bundle.read(next(folder.glob("pagefind.*.pf_meta")))
    found = {}
    for _, _, name in meta[2]:
        for entry in bundle.read(folder / "index" / f"{name}.pf_index")[0]:
            assert entry[0] not in found, f"{entry[0]} is in two chunks"
            found[entry[0]] = entry
    return found


def positions(pages: list) -> dict[int, tuple[list[int], list[int]]]:
    """page -> (weights, positions) of a page list as Pagefind writes it (pages and positions as deltas)."""
    found, page = {}, 0
    for delta, locs, _ in pages:
        page += delta
        weights, places, at = [], [], 0
        weight = 24
        for loc in locs:
            if loc < 0:
                weight, at = -loc - 1, 0
            else:
                at += loc
                weights.append(weight)
                places.append(at)
        found[page] = (weights, places)
    return found


TEXT = ("Der Verteidigungspakt gilt. Außenminister Lawrow und der ASEAN-Außenminister sprachen über die "
        "Grenzbrücke, „Weltklasse-Resorts“ und die Straße nach Chasan. Separatisten melden Gefechte; "
        "der UN-Sicherheitsrat tagt am 13. Juli 2025 über Öl, Übungen und E-Mails.")


def test_index_keys_are_the_ones_pagefind_gives_every_word(tmp_path):
    """decompound.key must file a part where Pagefind files the same word, or a search never finds it."""
    found = entries(index_site(tmp_path / "site", TEXT))
    fragment = bundle.fragment(tmp_path / "site" / "pagefind", bundle.read(
        next((tmp_path / "site" / "pagefind").glob("pagefind.*.pf_meta")))[1][0][0])
    for token in fragment["content"].split():
        word, variant = decompound.key(token)
        assert word in found, token
        if variant:
            assert variant in [v for v, _ in found[word][2]], token


def test_parts_are_indexed_at_the_compounds_positions_with_half_its_weight(tmp_path):
    found = entries(index_site(tmp_path / "site", TEXT))
    whole = positions(found["verteidigungspakt"][1])
    part = positions(found["pakt"][1])
    assert part == {page: ([weight // 2 for weight in weights], places) for page, (weights, places) in whole.items()}
    assert positions(found[decompound.key("Verteidigung")[0]][1]).keys() == whole.keys()  # the first part, too
    # Parts with diacritics are variants, as Pagefind files "Brücke": key "bruck", variant "brücke".
    assert [v for v, _ in found["bruck"][2]] == ["brücke"]
    assert "rat" in found and "minist" in found  # inside hyphenated words: UN-Sicherheitsrat, ASEAN-Außenminister
    # Nothing for words that are no compounds: "Rat" must not find "Separatisten".
    assert not [key for key in found if re.fullmatch(r"separ|isten|ist", key)]
    assert not [key for key in found if key in ("tag", "atist", "tist")]  # "tagt" is a verb; no part of anything


def test_a_part_that_falls_between_two_chunks_widens_the_range_before_it():
    chunks = [decompound._Chunk("a", "pak", "one", b"\x81\x80"), decompound._Chunk("pal", "z", "two", b"\x81\x80")]
    assert decompound._target_chunk(chunks, "pakt") is chunks[0] and chunks[0].hi == "pakt"
    assert decompound._target_chunk(chunks, "pal") is chunks[1]
    assert decompound._target_chunk(chunks, "0") is chunks[0] and chunks[0].lo == "0"
    assert decompound._target_chunk(chunks, "zz") is chunks[1] and chunks[1].hi == "zz"
