"""What a page tells search engines, link previews and feed readers about itself, beyond what it shows:
its description and its structured data (JSON-LD)."""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING, Callable, Sequence

from generator import urls
from generator.dates import german_date
from generator.model import ENTITY_KINDS, Article, Entity, Image, Settings
from generator.typography import german_quotes

if TYPE_CHECKING:
    from generator.views import Teaser, TopicLink


# --- descriptions ----------------------------------------------------------------------------------------
# One for every kind of page, in <meta name="description"> and og:description: what a search result or a
# link preview shows under the title. What the page says of itself where it can (a lede, a description),
# else what it lists and how many. At most about 160 characters, where search engines cut.

LIMIT = 160
_BLOCK = re.compile(r"</?(?:p|h[1-6]|li|[uo]l|blockquote|pre|table|tr|t[dh]|br|hr|div)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[a-zäöüß)][.!?])[“”\"’]? ")  # not after a figure: "13. Juli" goes on


def text_of(html: str) -> str:
    """Rendered Markdown as one line of text."""
    return " ".join(unescape(_TAG.sub("", _BLOCK.sub(" ", html))).split())


def shorten(text: str, limit: int = LIMIT) -> str:
    """`text` if it fits, else its first sentences that fit (if they say enough), else cut at a word with
    " …" (inside the quotes it cuts: „Kim trifft …“)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.start() for m in _SENTENCE_END.finditer(text, 0, limit)]
    if ends and ends[-1] >= limit // 2:
        return text[:ends[-1]]
    cut = text[:limit - 3].rsplit(" ", 1)[0].rstrip(",;:–-(„‚ ")
    return (cut + " …" + ("‘" if cut.count("‚") > cut.count("‘") else "")
            + ("“" if cut.count("„") > cut.count("“") else ""))


def number(n: int, one: str, many: str) -> str:
    """"1 Artikel", "12 Themen", "1.000 Ereignisse"."""
    return f"{n:,}".replace(",", ".") + " " + (one if n == 1 else many)


def quoted(text: str) -> str:
    """A name or title in German quotes, its own quotes made single: „Kim sagt ‚Nein‘“."""
    return "„" + german_quotes(text).replace("„", "‚").replace("“", "‘") + "“"


def home(settings: Settings, intro_html: str, articles: int) -> str:
    """The dossier's description; else its intro; else what it holds."""
    return (settings.description or shorten(text_of(intro_html))
            or f"Das Dossier {quoted(settings.title)}: {number(articles, 'Artikel', 'Artikel')}.")


def article(settings: Settings, item: Article, body: Callable[[], str]) -> str:
    """Its lede (as written: an editor's summary); else the beginning of its text."""
    return (item.lede or shorten(text_of(body()))
            or f"{quoted(item.title)}, ein Artikel im Dossier {quoted(settings.title)}.")


def stub(settings: Settings, title: str, referrers: int) -> str:
    """What it is first, then its title (a long title is what gets cut)."""
    return shorten(f"Genannt unter „Lesen Sie auch“ in {number(referrers, 'Artikel', 'Artikeln')}, noch nicht im "
                   f"Dossier {quoted(settings.title)}: {quoted(title)}.")


def open_refs(settings: Settings, count: int) -> str:
    one = count == 1
    return (f"{number(count, 'Artikel', 'Artikel')} {'wird' if one else 'werden'} im Dossier {quoted(settings.title)} "
            f"genannt, {'ist' if one else 'sind'} aber noch nicht aufgenommen: nach der Zahl der Artikel, die "
            f"{'ihn' if one else 'sie'} zitieren." if count else
            f"Im Dossier {quoted(settings.title)} ist jeder genannte Artikel aufgenommen.")


def changes(settings: Settings, month: str | None) -> str:
    when = f" im {german_date(month)}" if month else ""
    return f"Neu und aktualisiert{when} im Dossier {quoted(settings.title)}: Artikel nach dem Tag ihrer Aufnahme."


def topics(settings: Settings, listed: Sequence[TopicLink]) -> str:
    if not listed:
        return f"Die Themen des Dossiers {quoted(settings.title)}: noch keine."
    names = ", ".join(f"{t.name} ({t.count})" for t in listed)
    return shorten(f"{number(len(listed), 'Thema', 'Themen')} im Dossier {quoted(settings.title)}, "
                   f"mit der Zahl ihrer Artikel: {names}.")


def topic(settings: Settings, name: str, count: int, newest: Teaser | None) -> str:
    """How many articles, and the newest (the whole list's, whichever of its pages this is)."""
    text = f"{number(count, 'Artikel', 'Artikel')} zum Thema {quoted(name)} im Dossier {quoted(settings.title)}"
    if newest is not None:
        text += (f", zuletzt am {german_date(newest.date)}:" if newest.date else ", zuletzt") + f" {quoted(newest.title)}"
    return shorten(text + ".")


def entity_index(settings: Settings, heading: str, listed: Sequence[Entity]) -> str:
    if not listed:
        return f"{heading} im Dossier {quoted(settings.title)}: noch keine Einträge."
    names = ", ".join(e.name for e in listed)
    return shorten(f"{heading} im Dossier {quoted(settings.title)} ({len(listed)}), mit der Zahl der Artikel, "
                   f"die sie erwähnen: {names}.")


def entity(settings: Settings, item: Entity, body_html: str, articles: int) -> str:
    """Its name and its description; without one, where the dossier mentions it."""
    text = text_of(body_html)
    if text:
        return shorten(f"{item.name}: {text}")
    return (f"{item.name} ({ENTITY_KINDS[item.kind][2]}) im Dossier {quoted(settings.title)}, erwähnt in "
            f"{number(articles, 'Artikel', 'Artikeln')}.")


def chronology(settings: Settings, years: Sequence[tuple[str, Sequence]]) -> str:
    events = [e for _, entries in years for e in entries]
    if not events:
        return f"Die Chronik des Dossiers {quoted(settings.title)}: noch keine datierten Ereignisse."
    first, last = german_date(events[0].date), german_date(events[-1].date)
    span = f"von {first} bis {last}" if first != last else f"aus {first}"
    return (f"Die Chronik des Dossiers {quoted(settings.title)}: {number(len(events), 'Ereignis', 'Ereignisse')} "
            f"{span}, in zeitlicher Folge, mit den Artikeln, die davon berichten.")


def network(settings: Settings, articles: int, stubs: int, references: int) -> str:
    return (f"Welche Artikel im Dossier {quoted(settings.title)} aufeinander verweisen („Lesen Sie auch“), als "
            f"Grafik: {number(articles, 'Artikel', 'Artikel')}, "
            f"{number(stubs, 'offener Verweis', 'offene Verweise')}, {number(references, 'Verweis', 'Verweise')}.")


def whole(settings: Settings, articles: int, volumes: int = 0, volume: str = "") -> str:
    """The whole dossier on one page, one of its volumes, or (volumes > 0) the contents of its volumes."""
    counted = number(articles, 'Artikel', 'Artikel')
    if volumes:
        return (f"Das ganze Dossier {quoted(settings.title)} zum Drucken oder Speichern als PDF, in "
                f"{number(volumes, 'Band', 'Bänden')}: {counted}.")
    if volume:
        return (f"Das Dossier {quoted(settings.title)} zum Drucken oder Speichern als PDF, Band "
                f"{quoted(volume)}: {counted} mit Chronik und Quellen.")
    return (f"Das ganze Dossier {quoted(settings.title)} auf einer Seite, zum Drucken oder Speichern als PDF: "
            f"{counted} mit Chronik und Quellen.")


def free_page(settings: Settings, title: str, body_html: str) -> str:
    return shorten(text_of(body_html)) or f"{quoted(title)}, eine Seite des Dossiers {quoted(settings.title)}."


def search(settings: Settings) -> str:
    return f"Die Volltextsuche in allen Artikeln des Dossiers {quoted(settings.title)}."


def not_found(settings: Settings) -> str:
    return f"Diese Adresse gibt es im Dossier {quoted(settings.title)} nicht (mehr)."


# --- structured data -------------------------------------------------------------------------------------
# schema.org JSON-LD, as search engines read it: a NewsArticle on every article page, the WebSite with its
# search on the home page. Only what the dossier knows: no publisher or image it does not have, an author
# only as the by-line names them.
# URLs are absolute where base_url has a host, else root-relative (resolved against the page).

SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization"}


def _site(settings: Settings, link: Callable[[str], str]) -> dict:
    return {"@type": "WebSite", "name": german_quotes(settings.title), "url": link(urls.HOME)}


def news_article(settings: Settings, link: Callable[[str], str], item: Article, description: str,
                 topics: Sequence[str], mentioned: Sequence[Entity], image: Image | None = None) -> dict:
    """The article: headline, its date (the editor's; none when undated), the dossier it is part of, its
    image, the entities it mentions, its topics and the text it was imported from."""
    url = link(item.url)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": german_quotes(item.title),
        "description": german_quotes(description),
        "inLanguage": settings.language,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "isPartOf": _site(settings, link),
    }
    if item.date:
        data["datePublished"] = item.date
    if item.author:
        data["author"] = [_person_or_agency(name) for name in authors(item.author)]
    if image:
        data["image"] = {"@type": "ImageObject", "url": link(image.url), "width": image.width, "height": image.height}
        if item.alt:
            data["image"]["caption"] = german_quotes(item.alt)
        if item.image_credit:
            data["image"]["creditText"] = item.image_credit
    if topics:
        data["articleSection"] = german_quotes(topics[0])
        data["keywords"] = [german_quotes(t) for t in topics]
    if mentioned:
        data["mentions"] = [{"@type": SCHEMA_TYPES[e.kind], "name": german_quotes(e.name), "url": link(e.url)}
                            for e in mentioned]
    if item.source:
        source = {"@type": "CreativeWork", "name": german_quotes(item.source.title or item.title),
                  "inLanguage": settings.language, "encodingFormat": "text/plain"}
        if item.source.sha256:
            source["identifier"] = f"sha256:{item.source.sha256}"
        if item.source.url or item.source.outlet:  # a web page: the outlet's article this one is based on
            source.update({"@type": "NewsArticle", "encodingFormat": "text/html"})
            if item.source.url:
                source["url"] = item.source.url
            if item.source.outlet:
                source["publisher"] = {"@type": "Organization", "name": german_quotes(item.source.outlet)}
            if item.source.author:
                source["author"] = [_person_or_agency(name) for name in authors(item.source.author)]
            if item.source.published:
                source["datePublished"] = item.source.published
        data["isBasedOn"] = source
    return data


AGENCIES = frozenset("dpa afp ap reuters kna epd dts apa sid ddp kcna tass yonhap xinhua".split())


def _person_or_agency(name: str) -> dict:
    """A by-line's name: a news agency ("dpa", "Reuters") is an Organization, anyone else a Person."""
    kind = "Organization" if name.casefold() in AGENCIES else "Person"
    return {"@type": kind, "name": german_quotes(name)}


def authors(byline: str) -> list[str]:
    """The people a by-line names: "Anna Lindner und Jan Berg, Seoul" -> Anna Lindner, Jan Berg (what follows
    the comma is where they wrote, not who); "unserer Korrespondentin Mira Koch" -> Mira Koch."""
    people = re.sub(r"^(?:unserer|unserem)\s+\S+\s+", "", byline.split(",")[0].strip())
    return [name for name in re.split(r"\s+und\s+", people) if name]


def website(settings: Settings, link: Callable[[str], str], description: str, with_search: bool) -> dict:
    """The dossier as a WebSite, with its search (/suche/?q=…, as search.js reads it) when it has one."""
    data = {"@context": "https://schema.org", **_site(settings, link), "description": german_quotes(description),
            "inLanguage": settings.language}
    if with_search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": link(urls.SEARCH) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return data
