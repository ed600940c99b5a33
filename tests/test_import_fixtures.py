"""Raw text in, Markdown article out: every case in tests/fixtures/import/*.txt (markdown-it-py's fixture format).

A case is a title line, then `.`, the raw text, `.`, the expected article (front matter with title, lede and,
where there are any, kicker, author, image_credit and related; then the body), `.`. Tags in the title transform the raw text
before the import: [crlf], [cr], [bom], [cp1252], [utf16], [utf16be], [utf32].
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.frontmatter import split
from generator.importer import import_files
from generator.rawtext import INVISIBLE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    title: str
    raw: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


def read_fixture_file(path: Path) -> list[Case]:
    """Cases separated by lines holding a single '.', as markdown-it-py's fixture files."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the case title"
        parts, j, part = [], i + 2, []
        while len(parts) < 2:
            assert j < len(lines), f"{path.name}:{start}: case not closed with '.'"
            if lines[j] == ".":
                parts.append("\n".join(part))
                part = []
            else:
                part.append(lines[j])
            j += 1
        cases.append(Case(path.name, start, title, parts[0] + "\n", parts[1]))
        i = j
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_fixture_file(path)]


# Tag -> byte-order mark and encoding; Windows Notepad's "Unicode" is little-endian UTF-16.
WIDE = {"[utf16]": (codecs.BOM_UTF16_LE, "utf-16-le"), "[utf16be]": (codecs.BOM_UTF16_BE, "utf-16-be"),
        "[utf32]": (codecs.BOM_UTF32_LE, "utf-32-le")}


def raw_bytes(case: Case) -> bytes:
    text = case.raw
    if "[crlf]" in case.title:
        text = text.replace("\n", "\r\n")
    if "[cr]" in case.title:
        text = text.replace("\n", "\r")
    for tag, (bom, codec) in WIDE.items():  # these encodings always come with their byte-order mark
        if tag in case.title:
            return bom + text.encode(codec)
    data = text.encode("cp1252" if "[cp1252]" in case.title else "utf-8")
    return b"\xef\xbb\xbf" + data if "[bom]" in case.title else data


def test_there_are_enough_cases_and_each_is_unique():
    assert len(CASES) >= 40
    assert len({c.raw for c in CASES}) == len(CASES), "two cases with the same raw text"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture(case: Case, tmp_path: Path):
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    raw = tmp_path / "eingang.txt"
    raw.write_bytes(raw_bytes(case))
    [report] = import_files(root, [raw])
    [written] = (root / "content" / "articles").glob("*.md")
    meta, body, _ = split(written.read_text(encoding="utf-8"), written.name)

    expected_meta, expected_body, _ = split(case.expected.strip() + "\n", case.id)
    want = {"title": None, "kicker": None, "author": None, "lede": None, "image_credit": None, "related": [],
            **expected_meta}
    got = {key: meta.get(key) for key in want}
    assert (got, body.strip()) == (want, expected_body.strip()), case.title
    assert_no_word_lost(case.raw, meta, body, reported_left_out(report))


# --- every word in its order --------------------------------------------------------------------------------

_MARKER = re.compile(r"^(?:[-–—•*»]\s*)?(?:lesen sie (?:dazu )?(?:auch|mehr)|mehr zum thema|mehr dazu|auch interessant"
                     r"|das könnte sie (?:auch )?interessieren|weitere artikel)\s*(?::\s*|[-–—»…]*\s*$)", re.I)
_LIST_MARK = re.compile(r"^[-–•*·▪]\s+")
_CREDIT_LABEL = re.compile(r"^[(\[]?\s*(?:bild|foto|bilder|fotos|grafik|illustration)\s*:\s*", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation
_NUMBER = re.compile(r"^(\d+)[.)]$")


_MARKUP = re.compile(r"(?<!\\)\*+")  # emphasis around a caption, bold interview labels: escaped "*" is text
_REPORTED_LINE = re.compile(r"\bline (\d+) ")
_REPORTED_RUN = re.compile(r"\blines (\d+)-(\d+) repeat")


def reported_left_out(report: str) -> set[int]:
    """The raw lines the import's report names as left out (site furniture, teaser text, a second copy)."""
    found = set()
    for note in report.split("; "):
        if " left out: " in note:
            found |= {int(n) for n in _REPORTED_LINE.findall(note)}
        for first, last in _REPORTED_RUN.findall(note):
            found |= set(range(int(first), int(last) + 1))
    return found


def _words(text: str) -> list[str]:
    return [_NUMBER.sub(r"\1.", w) for w in text.split()]


def assert_no_word_lost(raw_text: str, meta: dict, body: str, left_out: set[int] = frozenset()) -> None:
    """Every word of the raw text is in the article in its order: the related titles (in `related`, in order)
    and the rest (kicker, title, credit, lede, body); only markers, credit and by-line labels, list bullets and
    the lines the import reported as left out (`left_out`, raw line numbers) are gone. This reads the raw
    text without the importer's rules: a line is a related title when it is the next one due (a teaser's
    kicker and headline, two lines, are one title "Kicker: Headline"), and a marker line vanishes only when
    such a title follows it."""
    numbered = enumerate(raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
    lines = [" ".join(ln.translate(INVISIBLE).split()) for n, ln in numbered if n not in left_out]
    lines = [_LIST_MARK.sub("", ln) for ln in lines if ln]
    pending = [" ".join(t.split()) for t in meta["related"]]
    byline = f"Von {meta['author']}" if meta.get("author") else None
    text_words, related_words, skip = [], [], False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        credit = _CREDIT_LABEL.sub("", line).rstrip(")]").strip()
        if i in (1, 2) and _CREDIT_LABEL.match(line) and credit == (meta.get("image_credit") or ""):
            line = credit  # "(Bild: X)" -> X; the label is no word of the text
            if not line:
                continue
        if line == byline:
            byline = None  # "Von Anna Lindner": the author, without the label
            continue
        rest = _MARKER.sub("", line) if i > 0 and _MARKER.match(line) else None
        if rest == "" and pending and i + 1 < len(lines) and pending[0] in (
                lines[i + 1], ": ".join(lines[i + 1:i + 3])):
            continue  # "Lesen Sie auch" before its titles
        if rest and pending and rest == pending[0]:
            line = rest  # "Lesen Sie auch: Titel"
        if pending and line == pending[0]:
            related_words += _words(pending.pop(0))
            continue
        if pending and i + 1 < len(lines) and f"{line}: {lines[i + 1]}" == pending[0]:
            related_words += _words(pending.pop(0))  # a teaser: kicker and headline
            skip = True
            continue
        text_words += _words(line)
    assert not pending, f"related titles not found in the raw text in order: {pending}"
    assert byline is None, f"the author's by-line {byline!r} is not in the raw text"

    got = _words(meta.get("kicker") or "") + _words(meta["title"]) + _words(meta.get("image_credit") or "")
    got += _words(meta["lede"])
    for line in body.split("\n"):
        line = _ESCAPE.sub(r"\1", _MARKUP.sub("", line.removeprefix("## ")))
        got += _words(_LIST_MARK.sub("", line))
    assert got == text_words


def test_word_check_notices_a_lost_moved_or_invented_word():
    """The check must be able to fail, or the fixtures above prove nothing about lost words."""
    raw = ("Kim trifft Putin\nFoto: Archiv\nEin Vorspann.\nLesen Sie auch\nUkraine-Krieg: Ein Titel\n"
           "Ein Absatz mit Text.\n- eins\n- zwei\n")
    meta = {"title": "Kim trifft Putin", "image_credit": "Archiv", "lede": "Ein Vorspann.",
            "related": ["Ukraine-Krieg: Ein Titel"]}
    body = "Ein Absatz mit Text.\n\n- eins\n- zwei"
    assert_no_word_lost(raw, meta, body)
    for wrong_meta, wrong_body in [
        (meta, body.replace("mit ", "")),  # a word lost
        (meta, body.replace("eins\n- zwei", "zwei\n- eins")),  # two items swapped
        (meta, body + "\n\nErfunden."),  # a word that was not there
        ({**meta, "related": []}, "Ukraine-Krieg: Ein Titel\n\n" + body),  # a title moved into the body
        ({**meta, "image_credit": None}, body),  # the credit lost
    ]:
        with pytest.raises(AssertionError):
            assert_no_word_lost(raw, wrong_meta, wrong_body)
