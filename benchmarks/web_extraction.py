"""trafilatura against readability-lxml on the saved pages of tests/fixtures/web/: of each page's expected
article text (its .md), how many words each extractor recovers, and how many of the page's other words
(navigation, footers, sharing, paywall offers: site furniture) leak into its text.

    python3 benchmarks/web_extraction.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html
import trafilatura
from readability import Document

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from generator.frontmatter import split  # noqa: E402
from generator.webpage import decode_html  # noqa: E402

PAGES = REPO / "tests" / "fixtures" / "web"
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    return Counter(w.casefold() for w in _WORD.findall(text))


def with_trafilatura(html: str) -> str:
    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


def with_readability(html: str) -> str:
    summary = Document(html).summary(html_partial=True)
    return " ".join(lxml.html.fragment_fromstring(summary, create_parent="div").itertext())


def main() -> None:
    print(f"{'page':<16} {'extractor':<12} {'recovered':>10} {'leaked':>7}")
    totals: dict[str, list[int]] = {}
    for expected in sorted(PAGES.glob("*.md")):
        html = decode_html(expected.with_suffix(".html").read_bytes())
        _, body, _ = split(expected.read_text(encoding="utf-8"), expected.name)
        want = words(body)
        for name, extract in (("trafilatura", with_trafilatura), ("readability", with_readability)):
            got = words(extract(html))
            recovered = sum((want & got).values())
            leaked = sum((got - want).values())
            totals.setdefault(name, [0, 0, 0])
            totals[name] = [totals[name][0] + recovered, totals[name][1] + sum(want.values()),
                            totals[name][2] + leaked]
            print(f"{expected.stem:<16} {name:<12} {recovered:>4}/{sum(want.values()):<5} {leaked:>7}")
    for name, (recovered, total, leaked) in totals.items():
        print(f"{'all':<16} {name:<12} {recovered / total:>9.0%}  {leaked:>7}")


if __name__ == "__main__":
    main()
