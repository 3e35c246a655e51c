"""Typed records the store hands out: query filters, pages, events, articles, actors, networks.

The HTTP API, the web explorer and the CLI all read these, never raw rows, so a column rename in
the schema cannot silently change what a user sees. Every record has ``to_dict()`` giving plain
JSON-ready values (dates as ISO strings).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "ActorDetail",
    "ActorSummary",
    "ArticleDetail",
    "ArticleSpan",
    "Dyad",
    "EventDetail",
    "EventFilter",
    "EventPage",
    "EventSummary",
    "IngestSummary",
    "MentionRecord",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "StoreStats",
    "TimelinePoint",
]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class EventFilter(_Record):
    """Which events a query, a network, a timeline or an export covers; every field is optional.

    Text fields match case-insensitively as substrings (``actor="hamas"`` matches "Hamas" and
    "Hamas leaders"); codes (countries, sectors, event types, statuses) match exactly. Lists mean
    "any of". An event matches when any of its mentions' actors (or recipients, places,
    outlets) matches, so a filter never hides an event because one report named it differently.
    """

    actor: str | None = None  #: actor name or surface text contains this, or its country code is this
    actor_country: str | None = None  #: ISO alpha-3 or PLOVER IGO code of any actor
    actor_sector: str | None = None  #: PLOVER sector code of any actor (GOV, MIL, REB ...)
    recipient: str | None = None  #: like ``actor``, for the recipients
    recipient_country: str | None = None
    recipient_sector: str | None = None
    event_type: tuple[str, ...] = ()  #: PLOVER categories (ASSAULT, PROTEST ...)
    quad_code: tuple[int, ...] = ()  #: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    status: tuple[str, ...] = ()  #: asserted, negated, hypothetical, future, historical
    date_from: date | None = None  #: inclusive
    date_to: date | None = None  #: inclusive
    place: str | None = None  #: place name contains this
    country: str | None = None  #: ISO alpha-3 country of the event's place
    outlet: str | None = None  #: an outlet that reported it (substring)
    text: str | None = None  #: evidence sentence of any mention contains this
    article_id: str | None = None  #: events with a mention in this article
    actor_id: str | None = None  #: events with this actor (store actor id) as actor or recipient
    source_id: str | None = None  #: events with this actor (store actor id) as actor (a dyad's side)
    target_id: str | None = None  #: events with this actor (store actor id) as recipient
    min_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class EventSummary(_Record):
    """One real event (a cluster of mentions), as listed in a page of results."""

    id: str
    event_type: str
    mode: str | None
    quad_code: int
    status: str
    date: date | None
    date_precision: str | None
    actors: list[str]
    recipients: list[str]
    actor_countries: list[str]
    recipient_countries: list[str]
    place: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    num_mentions: int
    num_articles: int
    num_sources: int
    outlets: list[str]
    confidence: float
    sentence: str  #: evidence sentence of the representative mention
    representative_mention: str  #: id of the mention that speaks for the event
    fatalities: int | None = None  #: people killed, when a report gave a number


@dataclass(frozen=True, slots=True)
class EventPage(_Record):
    """One page of events: ``total`` counts all matches, ``events`` holds ``limit`` from ``offset``."""

    total: int
    limit: int
    offset: int
    events: list[EventSummary]


@dataclass(frozen=True, slots=True)
class MentionRecord(_Record):
    """One event mention (one event in one article): the full contract record plus its article."""

    id: str
    article_id: str
    event_id: str
    outlet: str | None
    url: str | None
    title: str | None
    record: dict[str, Any]  #: the PLOVER event contract (DESIGN.md §3), as extracted


@dataclass(frozen=True, slots=True)
class EventDetail(_Record):
    """An event with every mention (and so every piece of evidence) that reports it."""

    event: EventSummary
    mentions: list[MentionRecord]


@dataclass(frozen=True, slots=True)
class ArticleSpan(_Record):
    """A highlighted span of an article: a trigger, actor, recipient, place, date or evidence."""

    kind: str  #: trigger | actor | recipient | location | date | attribution | evidence
    start: int
    end: int
    text: str
    mention_id: str
    event_id: str
    label: str  #: e.g. the event type for a trigger, the canonical name for an actor


@dataclass(frozen=True, slots=True)
class ArticleDetail(_Record):
    """A stored article with its text and the spans its events were read from."""

    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: date | None
    language: str
    content_hash: str
    duplicate_of: str | None  #: the original this article copies (identical or near-identical)
    duplicate_kind: str | None  #: exact | near
    similarity: float | None  #: estimated Jaccard similarity to the original (near copies)
    text: str
    spans: list[ArticleSpan]
    mention_ids: list[str]


@dataclass(frozen=True, slots=True)
class ActorSummary(_Record):
    """A distinct actor: knowledge-base id when resolved, else its normalised name."""

    id: str
    name: str
    country: str | None
    sector: str | None
    kb_id: str | None
    num_mentions: int
    num_events: int


@dataclass(frozen=True, slots=True)
class Dyad(_Record):
    """Events between an actor and a counterpart, counted per quad class (1..4)."""

    actor_id: str
    actor_name: str
    counterpart_id: str
    counterpart_name: str
    direction: str  #: "out" (actor → counterpart) or "in" (counterpart → actor)
    counts: dict[int, int]
    total: int


@dataclass(frozen=True, slots=True)
class ActorDetail(_Record):
    actor: ActorSummary
    dyads: list[Dyad]
    event_types: dict[str, int]


@dataclass(frozen=True, slots=True)
class NetworkNode(_Record):
    id: str
    name: str
    country: str | None
    sector: str | None
    num_events: int


@dataclass(frozen=True, slots=True)
class NetworkEdge(_Record):
    """Directed actor → recipient edge; ``weights`` counts events per quad class."""

    source: str
    target: str
    weights: dict[int, int]
    total: int


@dataclass(frozen=True, slots=True)
class Network(_Record):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


@dataclass(frozen=True, slots=True)
class TimelinePoint(_Record):
    """Events in one period (``period`` is its first day) for one category or quad class."""

    period: date
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class StoreStats(_Record):
    articles: int
    duplicates: int
    mentions: int
    events: int
    actors: int
    places: int
    date_min: date | None
    date_max: date | None
    by_event_type: dict[str, int]
    by_quad: dict[int, int]
    migrations: list[str]


@dataclass(slots=True)
class IngestSummary(_Record):
    """What an ingest did. ``skipped`` counts articles already stored (a re-run or a resume)."""

    articles: int = 0  #: new articles stored (duplicates included)
    duplicates: int = 0  #: of those, copies of an article already stored
    skipped: int = 0  #: already in the store: nothing to do
    events: int = 0  #: new events (clusters) created
    mentions: int = 0  #: new event mentions stored
    errors: int = 0  #: bad articles reported and skipped
    error_messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary the CLI prints at the end of an ingest."""
        return (
            f"{self.articles} articles ({self.duplicates} duplicates, {self.skipped} already stored), "
            f"{self.events} new events, {self.mentions} mentions, {self.errors} errors"
        )
