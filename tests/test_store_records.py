"""Small real articles and contract events for the store tests (issue #6), built by hand.

The store is built against the event contract (``records.Event``), not today's extraction
quality, so most store tests hand it events with chosen actors, dates and places. This module has
no tests of its own; ``test_store*.py`` and ``test_export*.py`` import from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from dotterel.errors import ExtractionError
from dotterel.records import QUAD_CODES, Article, Entity, Event, Evidence, Location, Span

COUNTRIES = {
    "Israel": "ISR",
    "Hamas": "PSE",
    "Gaza": "PSE",
    "Iran": "IRN",
    "Hezbollah": "LBN",
    "Mexico": "MEX",
}
PLACES = {
    "Gaza City": (281133, 31.5, 34.47, "PSE", "city"),
    "Khan Younis": (281102, 31.34, 34.31, "PSE", "city"),
    "Beirut": (276781, 33.89, 35.5, "LBN", "city"),
    "Lebanon": (272103, 33.83, 35.83, "LBN", "country"),
    "Palestine": (6254930, 31.9, 35.2, "PSE", "country"),
}


def article(
    aid: str,
    text: str,
    *,
    outlet: str | None = "Reuters",
    published: date | None = date(2023, 11, 15),
    url=None,
) -> Article:
    return Article(id=aid, text=text, outlet=outlet, published=published, url=url)


def entity(text: str, art: Article, *, sector: str = "GOV") -> Entity:
    start = max(art.text.find(text), 0)
    return Entity(
        text=text, start=start, end=start + len(text), name=text, country=COUNTRIES.get(text), sector=sector
    )


def event(
    art: Article,
    event_type: str,
    actors: Iterable[str] = (),
    recipients: Iterable[str] = (),
    *,
    when: str | None = "2023-11-14",
    place: str | None = None,
    status: str = "asserted",
    n: int = 0,
    confidence: float = 0.8,
    killed: int | None = None,
) -> Event:
    """Event number ``n`` of an article; its trigger and evidence are real spans of the text."""
    text = art.text
    loc = None
    if place is not None:
        gid, lat, lon, country, precision = PLACES[place]
        start = max(text.find(place), 0)
        loc = Location(place, start, start + len(place), place, lat, lon, country, precision, geonameid=gid)
    trigger_end = min(len(text), n + 5)
    return Event(
        id=f"{art.id}-m{n}",
        article_id=art.id,
        event_type=event_type,
        mode=None,
        context=[],
        quad_code=QUAD_CODES[event_type],
        actor=[entity(a, art) for a in actors],
        recipient=[entity(r, art) for r in recipients],
        status=status,
        status_cue=None,
        attribution=None,
        location=loc,
        date=when,
        date_text=None,
        date_precision="day" if when else None,
        quantities={"killed": killed, "injured": None, "arrested": None, "participants": None},
        trigger=Span(text[n:trigger_end], n, trigger_end),
        evidence=Evidence(text, 0, len(text)),
        confidence=confidence,
        published=art.published.isoformat() if art.published else None,
        outlet=art.outlet,
        url=art.url,
    )


class RuleExtractor:
    """A tiny real extractor (the :class:`~dotterel.store.ingest.Extractor` protocol).

    One ASSAULT per article that says "struck", Israel → Hamas at Gaza City; an article whose
    text contains "BROKEN" fails the way a buggy pipeline stage does, with ExtractionError.
    """

    def __init__(self) -> None:
        self.extracted: list[str] = []

    def extract(self, art: Article) -> list[Event]:
        if "BROKEN" in art.text:
            raise ExtractionError(
                "stage dotterel_frames failed: boom", article_id=art.id, stage="dotterel_frames"
            )
        self.extracted.append(art.id)
        if "struck" not in art.text:
            return []
        return [event(art, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City")]

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        batch = list(articles)
        results = [(a, self.extract(a)) for a in batch]  # fails as a whole, like nlp.pipe
        yield from results
