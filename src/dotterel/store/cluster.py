"""Event clustering: mentions of the same real event become one event.

A new mention joins an existing event when **all** of these hold (otherwise it starts a new one):

1. the same PLOVER category (``event_type``);
2. the same *status group*: asserted and historical reports describe something that happened,
   negated ones say it did not, hypothetical and future ones that it might; those never merge;
3. compatible actors: either side names no actor, or they share one (same actor id: the
   knowledge-base id when resolved, else the normalised name and country; or, with
   ``match_by_country``, the same country with sectors that do not conflict); the same for
   recipients;
4. dates within ``window_days`` of the event's date range (a mention without a date only joins
   events of its own article), and the event's span with the mention's date, from its earliest
   to its latest date, at most ``max_span_days``: a window alone lets a range that grows with
   each report chain a busy country's category into one "event" of months (issue 18);
5. the same place or an unknown one: both known means the same place id, or the same country when
   either is only country-precise; different countries never merge;
6. at least one shared actor or recipient (``require_shared_participant``): two "attacks" on
   the same day with no participant in common are not evidence of one event, in one article or
   across articles. The one exception: within an article, a mention with no participants at all
   ("the strike in Khan Younis killed 11") joins an event of that article at the same known
   place. With ``require_shared_participant=False`` compatibility (rule 3) is enough.

Among compatible events the highest score wins: shared participants count most, then same
place, same article, and closeness in time. Assignment is greedy and in ingest order; events are
not merged or split afterwards (a later bridging mention joins the best one).
"""

from __future__ import annotations

import json
import re
from bisect import insort
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlparse

from ..provenance.quantities import fatalities
from ..records import Entity, Event

__all__ = [
    "MAX_SPAN_DAYS",
    "ClusterSettings",
    "EventRow",
    "best_fatalities",
    "MentionKeys",
    "actor_id",
    "place_id",
    "score",
    "shown",
    "source_of",
    "status_group",
]


def _names(text: str) -> list[str]:
    return text.split()


_SPACE = re.compile(r"\s+")
_PRECISION_RANK = {"day": 4, "month": 3, "year": 2, "publication": 1, None: 0}


#: The default cap on an event's date span (see :class:`ClusterSettings`).
MAX_SPAN_DAYS = 7


@dataclass(frozen=True)
class ClusterSettings:
    """How mentions are clustered into events.

    ``window_days``: how far apart a report's date may be from an event's dates and still
    describe it. ``max_span_days``: the most days from an event's earliest to its latest date
    (None: no cap). The window alone does not bound an event: each report that joins moves its
    range, so daily reports of a busy actor chain into one "event" of months. ACLED and GDELT
    code an event per day; reports of one happening still carry dates a few days apart (a
    report dated by its publication a day or two late, a weekly outlet's, a death toll updated
    days later), so the default cap is a week: those stay one event, a chain does not.
    ``0`` gives one event per date, as ACLED and GDELT count them.
    """

    window_days: int = 2
    require_shared_participant: bool = True
    match_by_country: bool = True
    enabled: bool = True
    max_span_days: int | None = MAX_SPAN_DAYS


def status_group(status: str) -> str:
    if status in ("asserted", "historical"):
        return "happened"
    if status in ("hypothetical", "future"):
        return "possible"
    return status


def shown(entities: list[Entity]) -> list[Entity]:
    """The entities that are actors of the store: a mention with no canonical entity (``name``
    null: an unresolved pronoun or description, issue #11) stays in the record but is never an
    actor row, a network node or edge, or an export's actor name."""
    return [e for e in entities if e.name is not None]


def actor_id(entity: Entity) -> str:
    """Stable id of an actor: its knowledge-base id, else its normalised name and country."""
    if entity.kb_id:
        return entity.kb_id
    name = _SPACE.sub(" ", (entity.name or entity.text).strip().lower())
    return f"name:{name}|{entity.country or ''}"


def place_id(event: Event) -> str | None:
    loc = event.location
    if loc is None:
        return None
    if loc.geonameid is not None:
        return f"geonames:{loc.geonameid}"
    return f"name:{_SPACE.sub(' ', loc.name.strip().lower())}|{loc.country or ''}"


def source_of(event: Event) -> str | None:
    """The outlet that published a mention: the article's outlet, else its URL's host."""
    if event.outlet:
        return event.outlet.strip()
    if event.url:
        host = urlparse(event.url).hostname
        if host:
            return host.removeprefix("www.")
    return None


@dataclass(frozen=True)
class MentionKeys:
    """What clustering compares, computed once per mention."""

    article_id: str
    event_type: str
    group: str
    date: date | None
    actors: frozenset[str]
    recipients: frozenset[str]
    actor_codes: frozenset[tuple[str, str | None]]  #: (country, sector) of actors with a country
    recipient_codes: frozenset[tuple[str, str | None]]
    place: str | None
    country: str | None
    country_only: bool

    @classmethod
    def of(cls, event: Event) -> MentionKeys:
        loc = event.location
        return cls(
            article_id=event.article_id,
            event_type=event.event_type,
            group=status_group(event.status),
            date=date.fromisoformat(event.date) if event.date else None,
            actors=frozenset(actor_id(a) for a in shown(event.actor)),
            recipients=frozenset(actor_id(r) for r in shown(event.recipient)),
            actor_codes=frozenset((a.country, a.sector) for a in event.actor if a.country),
            recipient_codes=frozenset((r.country, r.sector) for r in event.recipient if r.country),
            place=place_id(event),
            country=loc.country if loc else None,
            country_only=bool(loc and loc.precision == "country"),
        )


@dataclass
class EventRow:
    """One row of ``events``; :meth:`absorb` folds a new mention into it."""

    id: str
    event_type: str
    mode: str | None
    quad_code: int
    status: str
    status_group: str
    date: date | None
    date_precision: str | None
    date_min: date | None
    date_max: date | None
    actor_ids: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    actor_countries: list[str] = field(default_factory=list)
    actor_sectors: list[str] = field(default_factory=list)
    recipient_ids: list[str] = field(default_factory=list)
    recipient_names: list[str] = field(default_factory=list)
    recipient_countries: list[str] = field(default_factory=list)
    recipient_sectors: list[str] = field(default_factory=list)
    actor_text: str = ""
    recipient_text: str = ""
    place_id: str | None = None
    place_name: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    confidence: float = 0.0
    fatalities: int | None = None
    sentence: str = ""
    url: str | None = None
    representative_mention: str = ""
    evidence_text: str = ""  #: every mention's sentence, lower-cased, one per line (text filter)
    fatalities_max: int | None = None  #: the largest figure any mention gave (a conflict when > fatalities)
    fatality_reports: str = ""  #: JSON {figure: [article ids that report it]}: the evidence for both
    place_admin1: str | None = None  #: first-level area of the place (state, province)
    place_admin2: str | None = None  #: second-level area (county, district)
    geo_basis: str | None = None  #: how the place was tied to the event (``Location.basis``)

    COLUMNS = _names(
        "id event_type mode quad_code status status_group date date_precision date_min date_max "
        "actor_ids actor_names actor_countries actor_sectors recipient_ids recipient_names "
        "recipient_countries recipient_sectors actor_text recipient_text place_id place_name "
        "place_country lat lon geo_precision article_ids outlets num_mentions num_articles num_sources "
        "confidence fatalities sentence url representative_mention evidence_text fatalities_max "
        "fatality_reports place_admin1 place_admin2 geo_basis"
    )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> EventRow:
        return cls(*row)

    def values(self) -> list[Any]:
        return [getattr(self, c) for c in self.COLUMNS]

    def __post_init__(self) -> None:
        self._memo: _Memo | None = None  # sets beside the lists, built on first use (not a column)

    def memo(self) -> _Memo:
        """The row's lists and texts as sets (:class:`_Memo`), built on first use."""
        m = self._memo
        if m is None:
            m = self._memo = _Memo(self)
        return m

    def copy(self) -> EventRow:
        """A copy whose lists can grow without touching this row (rolled-back writes leave it as is).

        The copy takes this row's memo rather than copying it (an event of 30,000 mentions is
        copied once per article that joins it); this row builds a new one if it is used again.
        """
        row = EventRow(*(list(v) if isinstance(v, list) else v for v in self.values()))
        row._memo, self._memo = self._memo, None
        return row

    @classmethod
    def start(cls, event: Event, keys: MentionKeys) -> EventRow:
        """A new event whose id is its first mention's id (deterministic for one ingest order)."""
        row = cls(
            id=f"E{event.id}",
            event_type=event.event_type,
            mode=event.mode,
            quad_code=event.quad_code,
            status=event.status,
            status_group=keys.group,
            date=keys.date,
            date_precision=event.date_precision,
            date_min=keys.date,
            date_max=keys.date,
            confidence=-1.0,
        )
        row.absorb(event, keys)
        return row

    def absorb(self, event: Event, keys: MentionKeys) -> None:
        """Add a mention: counts, participants and sources grow; the best mention speaks for it.

        The membership tests use the row's memo, so absorbing costs the same however many
        mentions the event has (the lists only ever grow here, which keeps the memo in step).
        """
        m = self.memo()
        self.num_mentions += 1
        sentence = " ".join(event.evidence.sentence.split()).lower()
        if m.evidence is not self.evidence_text:
            m.evidence, m.lines = self.evidence_text, set(self.evidence_text.split("\n"))
        if sentence not in m.lines:  # one line per sentence
            if self.evidence_text:
                self.evidence_text = f"{self.evidence_text}\n{sentence}"
                m.lines.add(sentence)
            else:
                self.evidence_text, m.lines = sentence, {sentence}
            m.evidence = self.evidence_text
        if event.article_id not in m.articles:
            self.article_ids.append(event.article_id)
            m.articles.add(event.article_id)
        source = source_of(event)
        if source and source not in m.outlets:
            self.outlets.append(source)
            m.outlets.add(source)
        self.num_articles = len(self.article_ids)
        self.num_sources = len(self.outlets)
        if keys.date is not None:
            self.date_min = min(self.date_min, keys.date) if self.date_min else keys.date
            self.date_max = max(self.date_max, keys.date) if self.date_max else keys.date
        for role, entities, (id_set, country_set, sector_set) in (
            ("actor", event.actor, (m.actor_ids, m.actor_countries, m.actor_sectors)),
            ("recipient", event.recipient, (m.recipient_ids, m.recipient_countries, m.recipient_sectors)),
        ):
            ids, names = getattr(self, f"{role}_ids"), getattr(self, f"{role}_names")
            countries, sectors = getattr(self, f"{role}_countries"), getattr(self, f"{role}_sectors")
            for ent in entities:
                aid = actor_id(ent) if ent.name is not None else None  # no entity: codes only
                if aid is not None and aid not in id_set:
                    ids.append(aid)
                    id_set.add(aid)
                    names.append(ent.name)
                if ent.country and ent.country not in country_set:
                    countries.append(ent.country)
                    country_set.add(ent.country)
                if ent.sector and ent.sector not in sector_set:
                    sectors.append(ent.sector)
                    sector_set.add(ent.sector)
            self._grow_text(role, names, [e.text.lower() for e in shown(entities)])
        killed = fatalities(event.quantities)
        if killed is not None:
            self._add_fatalities(killed, event.article_id)
        rank = (_PRECISION_RANK.get(event.date_precision, 0), event.confidence)
        if rank > (_PRECISION_RANK.get(self.date_precision, 0), self.confidence):
            self.representative_mention = event.id
            self.mode = event.mode
            self.status = event.status
            self.date = keys.date if keys.date is not None else self.date
            self.date_precision = event.date_precision if keys.date is not None else self.date_precision
            self.confidence = float(event.confidence)
            self.sentence = event.evidence.sentence
            self.url = event.url or self.url
        if self.url is None:  # a source URL from any mention beats none (GDELT's SOURCEURL)
            self.url = event.url
        loc = event.location
        if loc is not None and (
            self.place_id is None or (self.geo_precision == "country" and loc.precision != "country")
        ):
            self.place_id, self.place_name, self.place_country = keys.place, loc.name, loc.country
            self.lat, self.lon, self.geo_precision = loc.lat, loc.lon, loc.precision
            self.place_admin1, self.place_admin2, self.geo_basis = loc.admin1, loc.admin2, loc.basis

    def _add_fatalities(self, killed: int, article_id: str) -> None:
        """Record one report's death toll; the event's figure is the best-supported one."""
        reports: dict[str, list[str]] = json.loads(self.fatality_reports) if self.fatality_reports else {}
        arts = reports.setdefault(str(killed), [])
        if article_id not in arts:
            arts.append(article_id)
        self.fatality_reports = json.dumps(reports, sort_keys=True)
        self.fatalities, self.fatalities_max = best_fatalities(reports)

    def _grow_text(self, role: str, names: list[str], texts: list[str]) -> None:
        """``{role}_text``: every name and mention text of the side, lower-cased, sorted, "|"-joined.

        The same string as rebuilding it from every name on each mention, without doing so: the
        names already found in the text are not looked at again, and a text kept in order (the
        usual case) takes new entries by insertion.
        """
        old: str = getattr(self, f"{role}_text")
        memo = self.memo()
        t = memo.texts.get(role)
        if t is None or t.text is not old or t.seen > len(names):
            t = memo.texts[role] = _Text(old)
        fresh = [n.lower() for n in names[t.seen :]] + texts
        if old and all("|" not in x and x in t.fields for x in fresh):
            t.seen = len(names)
            return  # nothing new (the usual re-report): the sorted text stays as it is
        if t.order is None or any("|" in x or not x for x in fresh):  # the general case, rare
            every = {n.lower() for n in names} | set(texts) | (t.fields - {""})
            text = "|".join(sorted(every))
            setattr(self, f"{role}_text", text)
            memo.texts[role] = _Text(text)
            return
        for x in set(fresh) - t.fields:
            insort(t.order, x)
            t.fields.add(x)
        if t.order:
            t.fields.discard("")
        t.text = "|".join(t.order)
        t.seen = len(names)
        setattr(self, f"{role}_text", t.text)


class _Text:
    """An event's ``actor_text`` or ``recipient_text`` as a set of entries (``fields``), the sorted
    entries when the text is exactly their join (``order``, else None), and how many of the side's
    names are known to be entries (``seen``)."""

    __slots__ = ("fields", "order", "seen", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.fields = set(text.split("|"))
        order = sorted(self.fields - {""})
        self.order: list[str] | None = order if "|".join(order) == text else None
        self.seen = 0


class _Memo:
    """An event row's lists as sets, beside the row (issue 18).

    Without it, scoring a mention against an event and absorbing one cost time in proportion to
    the event's size (list look-ups, the text rebuilt from every name), and greedy clustering
    without a span cap chains some events into thousands of mentions over months (a
    country-level match, a date range that moves with each mention), which made a large corpus
    quadratic; with the cap (``max_span_days``) events stay smaller, but many-mention events of
    a busy day still occur. :meth:`EventRow.absorb`
    keeps it in step; the texts are checked by identity, so a row changed otherwise rebuilds them.
    """

    __slots__ = (
        "actor_countries",
        "actor_ids",
        "actor_sectors",
        "articles",
        "evidence",
        "lines",
        "outlets",
        "recipient_countries",
        "recipient_ids",
        "recipient_sectors",
        "texts",
    )

    def __init__(self, row: EventRow) -> None:
        self.articles = set(row.article_ids)
        self.outlets = set(row.outlets)
        self.actor_ids = set(row.actor_ids)
        self.actor_countries = set(row.actor_countries)
        self.actor_sectors = set(row.actor_sectors)
        self.recipient_ids = set(row.recipient_ids)
        self.recipient_countries = set(row.recipient_countries)
        self.recipient_sectors = set(row.recipient_sectors)
        self.evidence = row.evidence_text
        self.lines = set(row.evidence_text.split("\n"))
        self.texts: dict[str, _Text] = {}


def best_fatalities(reports: dict[str, list[str]]) -> tuple[int | None, int | None]:
    """(figure, largest figure) of an event from ``{figure: [articles reporting it]}``.

    The figure most articles report wins; on a tie the lowest, as ACLED codes conflicting reports
    (the most conservative estimate). A mention only carries a figure when the count is tied to
    its own trigger (provenance.quantities), so a war's total or another event's toll never gets
    here; the largest figure is kept beside it so conflicts stay visible (``fatalities_max``).
    """
    if not reports:
        return None, None
    counts = {int(v): len(set(arts)) for v, arts in reports.items()}
    best = min(counts, key=lambda v: (-counts[v], v))
    return best, max(counts)


def score(row: EventRow, keys: MentionKeys, settings: ClusterSettings) -> float | None:
    """How well a mention fits an event, or None when the rule above forbids the merge."""
    if row.event_type != keys.event_type or row.status_group != keys.group:
        return None
    m = row._memo or row.memo()
    same_article = keys.article_id in m.articles
    by_country = settings.match_by_country
    actors = _side(keys.actors, keys.actor_codes, m.actor_ids, m.actor_countries, m.actor_sectors, by_country)
    if actors is None:
        return None
    recipients = _side(
        keys.recipients,
        keys.recipient_codes,
        m.recipient_ids,
        m.recipient_countries,
        m.recipient_sectors,
        by_country,
    )
    if recipients is None:
        return None
    shared = actors + recipients
    bare = not keys.actors and not keys.recipients
    bare_here = bare and same_article and keys.place is not None and keys.place == row.place_id
    if settings.require_shared_participant and shared == 0 and not bare_here:
        return None
    distance = 0
    if keys.date is None or row.date_min is None:
        if not same_article:
            return None
    else:
        if keys.date < row.date_min:
            distance = (row.date_min - keys.date).days
        elif keys.date > row.date_max:  # type: ignore[operator]
            distance = (keys.date - row.date_max).days  # type: ignore[operator]
        if distance > settings.window_days:
            return None
        cap = settings.max_span_days  # the span with this date: the old span plus the distance
        if cap is not None and (row.date_max - row.date_min).days + distance > cap:  # type: ignore[operator]
            return None
    same_place = False
    if keys.place and row.place_id:
        if keys.place == row.place_id:
            same_place = True
        else:
            coarse = keys.country_only or row.geo_precision == "country"
            if not coarse or keys.country != row.place_country:
                return None  # two different precise places, or different countries
    return (
        shared
        + (1.0 if same_place else 0.0)
        + (0.5 if same_article else 0.0)
        - distance / (settings.window_days + 1)
    )


def _side(
    mine: frozenset[str],
    codes: frozenset[tuple[str, str | None]],
    ids: set[str],
    countries: set[str],
    sectors: set[str],
    by_country: bool,
) -> float | None:
    """Participant agreement on one side (actors or recipients).

    2 per shared actor id; else 1 when an actor of the mention has a country of the event's
    actors and a compatible sector (equal, or unknown on either side): "Israeli aircraft" and
    "Israeli warplanes" are both ISR; 0 when either side names nobody; None when they conflict.
    """
    if not mine or not ids:
        return 0.0
    exact = len(mine & ids)  # the event's ids are distinct (absorb): as many as shared
    if exact:
        return 2.0 * exact
    if by_country:
        for country, sector in codes:
            if country in countries and (sector is None or not sectors or sector in sectors):
                return 1.0
    return None
