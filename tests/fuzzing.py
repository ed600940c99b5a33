"""Hypothesis strategies shared by the fuzz tests of the importer (test_import_safety.py) and of the
loader (test_content_safety.py): text with the characters and tokens that break parsers, in the encodings
editors send, and the check that a refusal is one line per problem naming the file.

CI runs a fixed, bounded set of examples (derandomized: the same on every run); a maintainer sets
DOSSIER_FUZZ_EXAMPLES for a longer randomised run (see docs/guarantees.md):
`DOSSIER_FUZZ_EXAMPLES=20000 python -m pytest tests/test_import_safety.py tests/test_content_safety.py -k fuzz`.
Any failure found is kept as an explicit regression test next to the fuzz test that found it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings, strategies as st

from generator.diagnostics import DossierError


FUZZ_EXAMPLES = int(os.environ.get("DOSSIER_FUZZ_EXAMPLES") or 0)


def fuzz(default: int):
    return settings(max_examples=FUZZ_EXAMPLES or default, deadline=None, derandomize=not FUZZ_EXAMPLES,
                    suppress_health_check=list(HealthCheck))


NASTY = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff",
         "\ufffe", "\uffff", "\U0010ffff", "\u200b", "\u202e", "\t", "\r", "\r\n", "\\", "\\0", "\\x07", "\\N"]
TOKENS = ["Lesen Sie auch", "Lesen Sie auch:", "(Bild: Foto AG)", "(Foto: x)", "- ", "* ", "• ", "---", "...", ":",
          "# ", "## ", "> ", "1. ", "[", "]", "(", ")", "\"", "'", "„", "“", "&", "&amp;", "&#0;", "<", ">",
          "<script>", "]]>", "`", "*", "_", "|", "{", "}", "!", "?", ".", ",", ";", " ", "  ", "Kim", "Putin",
          "Pjöngjang", "Straße", "ÄÖÜ", "null", "true", "2025-07-13", "2025-02-30", "~", "%", "@", "!!binary",
          "&anker", "*anker", "? ", "- [", "{a: b}", "title: x"]
piece = st.one_of(st.sampled_from(TOKENS), st.sampled_from(NASTY), st.text(max_size=12),
                  st.characters(codec="utf-8"))
line = st.one_of(st.lists(piece, max_size=8).map("".join),
                 st.tuples(st.sampled_from(["Wort ", "x", "Ä.", "a" * 50 + " "]), st.integers(1, 12_000))
                 .map(lambda t: t[0] * t[1]))  # huge lines
text = st.lists(line, min_size=0, max_size=10).map("\n".join)


@st.composite
def encoded(draw, text_strategy=text) -> bytes:
    """Text in one of the encodings editors send, or plain random bytes."""
    how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "bytes"]))
    if how == "bytes":
        return draw(st.binary(max_size=400))
    return draw(text_strategy).encode(how, errors="ignore")


def assert_one_line_errors(exc: DossierError, *paths: str) -> None:
    assert exc.diagnostics
    for diagnostic in exc.diagnostics:
        line = str(diagnostic)
        assert diagnostic.level == "error" and len(line.splitlines()) == 1, line
        assert line.startswith(paths), (line, paths)
