"""Deterministic synthetic articles with hand-built event records, for API and explorer tests.

The events are real :class:`~dotterel.records.Event` records whose every span indexes its
article's text, so they go through :meth:`EventStore.add_article` and its checks like coded
ones. They make a store with a known shape (many actors, dyads, places, dates) in well under a
second per hundred articles, without the spaCy model: the API and explorer are the point here,
not extraction. :data:`HOSTILE` is an article whose text and names carry HTML and script
payloads, for the escaping tests.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from dotterel.records import QUAD_CODES, Article, Attribution, Entity, Event, Evidence, Location, Span

__all__ = ["ACTORS", "HOSTILE_PAYLOAD", "hostile_article", "synthetic_articles"]


@dataclass(frozen=True, slots=True)
class _Actor:
    name: str
    country: str
    sector: str
    kb_id: str


ACTORS: tuple[_Actor, ...] = (
    _Actor("Israel", "ISR", "GOV", "ISRGOV"),
    _Actor("Hamas", "PSE", "REB", "HAMAS"),
    _Actor("Hezbollah", "LBN", "REB", "HEZBOLLAH"),
    _Actor("Iran", "IRN", "GOV", "IRNGOV"),
    _Actor("the United States", "USA", "GOV", "USAGOV"),
    _Actor("Egypt", "EGY", "GOV", "EGYGOV"),
    _Actor("Qatar", "QAT", "GOV", "QATGOV"),
    _Actor("the United Nations", "UNO", "IGO", "UNO"),
    _Actor("Houthi rebels", "YEM", "REB", "HOUTHI"),
    _Actor("Jordan", "JOR", "GOV", "JORGOV"),
    _Actor("Turkey", "TUR", "GOV", "TURGOV"),
    _Actor("Russia", "RUS", "GOV", "RUSGOV"),
    _Actor("China", "CHN", "GOV", "CHNGOV"),
    _Actor("Saudi Arabia", "SAU", "GOV", "SAUGOV"),
    _Actor("the Israeli army", "ISR", "MIL", "ISRMIL"),
    _Actor("Palestinian protesters", "PSE", "CVL", "PSECVL"),
)

#: (event type, mode, verb phrase) — the verb phrase is the trigger.
VERBS: tuple[tuple[str, str | None, str], ...] = (
    ("ASSAULT", "aerial", "bombed"),
    ("ASSAULT", None, "attacked"),
    ("ACCUSE", None, "accused"),
    ("THREATEN", None, "threatened"),
    ("CONSULT", "meet", "met with"),
    ("AID", "humanitarian", "sent aid to"),
    ("REQUEST", None, "called on"),
    ("PROTEST", "demonstrate", "protested against"),
    ("SANCTION", None, "sanctioned"),
    ("AGREE", None, "agreed with"),
    ("REJECT", None, "rejected"),
    ("COERCE", "seize", "detained members of"),
)

PLACES: tuple[tuple[str, str, float, float], ...] = (
    ("Gaza City", "PSE", 31.50, 34.47),
    ("Beirut", "LBN", 33.89, 35.50),
    ("Tehran", "IRN", 35.69, 51.39),
    ("Cairo", "EGY", 30.04, 31.24),
    ("Doha", "QAT", 25.29, 51.53),
    ("Jerusalem", "ISR", 31.77, 35.21),
    ("Amman", "JOR", 31.95, 35.93),
    ("Sanaa", "YEM", 15.37, 44.19),
    ("New York", "USA", 40.71, -74.01),
)

SOURCES = ("officials said", "Reuters reported", "a spokesman said", "witnesses said")


def _entity(actor: _Actor, start: int) -> Entity:
    return Entity(
        text=actor.name,
        start=start,
        end=start + len(actor.name),
        name=actor.name,
        country=actor.country,
        sector=actor.sector,
        kb_id=actor.kb_id,
        reason="synthetic test data",
    )


def _sentence_event(
    article_id: str, offset: int, rng: random.Random, day: date, index: int
) -> tuple[str, Event]:
    """One sentence starting at ``offset`` and the event it reports."""
    actor, recipient = rng.sample(ACTORS, 2)
    event_type, mode, verb = rng.choice(VERBS)
    place = rng.choice(PLACES)
    source = rng.choice(SOURCES)
    head = f"{actor.name} {verb} {recipient.name} in {place[0]} on {day.isoformat()}, "
    sentence = head + source + "."
    a_start = offset
    t_start = a_start + len(actor.name) + 1
    r_start = t_start + len(verb) + 1
    p_start = r_start + len(recipient.name) + 4
    s_start = offset + len(head)
    event = Event(
        id=f"{article_id}-e{index}",
        article_id=article_id,
        event_type=event_type,
        mode=mode,
        context=[],
        quad_code=QUAD_CODES[event_type],
        actor=[_entity(actor, a_start)],
        recipient=[_entity(recipient, r_start)],
        status="asserted",
        status_cue=None,
        attribution=Attribution(
            text=source,
            start=s_start,
            end=s_start + len(source),
            named=False,
            count=None,
            cue=source.split()[-1],
        ),
        location=Location(
            text=place[0],
            start=p_start,
            end=p_start + len(place[0]),
            name=place[0],
            lat=place[2],
            lon=place[3],
            country=place[1],
            precision="city",
        ),
        date=day.isoformat(),
        date_text=day.isoformat(),
        date_precision="day",
        quantities={},
        trigger=Span(verb, t_start, t_start + len(verb)),
        evidence=Evidence(sentence, offset, offset + len(sentence)),
        confidence=round(0.5 + rng.random() / 2, 3),
    )
    return sentence, event


def synthetic_articles(
    n_articles: int,
    *,
    events_per_article: int = 5,
    seed: int = 7,
    start: date = date(2023, 10, 1),
    days: int = 90,
) -> Iterator[tuple[Article, list[Event]]]:
    """``n_articles`` articles, each with ``events_per_article`` events on dates within ``days``."""
    rng = random.Random(seed)
    for i in range(n_articles):
        article_id = f"synthetic-{i:06d}"
        published = start + timedelta(days=rng.randrange(days))
        parts: list[str] = []
        events: list[Event] = []
        offset = 0
        for j in range(events_per_article):
            day = published - timedelta(days=rng.randrange(3))
            sentence, event = _sentence_event(article_id, offset, rng, day, j)
            parts.append(sentence)
            events.append(event)
            offset += len(sentence) + 1
        text = " ".join(parts)
        article = Article(
            id=article_id,
            text=text,
            title=f"Report {i}",
            outlet=rng.choice(("Reuters", "AP", "AFP")),
            published=published,
        )
        yield article, events


#: Markup that must stay text everywhere the explorer shows it.
HOSTILE_PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def hostile_article() -> tuple[Article, list[Event]]:
    """An article whose actor name, place, attribution and evidence carry :data:`HOSTILE_PAYLOAD`."""
    actor = f"Militia{HOSTILE_PAYLOAD}"
    sentence = f"{actor} attacked Hamas in Gaza City on 2023-11-14, {HOSTILE_PAYLOAD} said."
    a = _Actor(actor, "PSE", "REB", "XSS")
    text = sentence
    t_start = len(actor) + 1
    r_start = t_start + len("attacked") + 1
    p_start = r_start + len("Hamas") + 4
    s_start = text.index(", ", p_start) + 2
    s_end = text.index(" said.") + len(" said")
    article_id = "hostile-article"
    event = Event(
        id="hostile-article-e0",
        article_id=article_id,
        event_type="ASSAULT",
        mode=None,
        context=[],
        quad_code=4,
        actor=[_entity(a, 0)],
        recipient=[_entity(ACTORS[1], r_start)],
        status="asserted",
        status_cue=None,
        attribution=Attribution(
            text=text[s_start:s_end], start=s_start, end=s_end, named=True, count=None, cue="said"
        ),
        location=Location(
            text="Gaza City", start=p_start, end=p_start + 9, name=f"Gaza City{HOSTILE_PAYLOAD}",
            lat=31.5, lon=34.47, country="PSE", precision="city",
        ),
        date="2023-11-14",
        date_text="2023-11-14",
        date_precision="day",
        quantities={},
        trigger=Span("attacked", t_start, t_start + len("attacked")),
        evidence=Evidence(sentence, 0, len(sentence)),
        confidence=0.9,
    )  # fmt: skip
    article = Article(
        id=article_id, text=text, title=HOSTILE_PAYLOAD, outlet="<b>Outlet</b>", published=date(2023, 11, 15)
    )
    return article, [event]
