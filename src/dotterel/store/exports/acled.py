"""ACLED: the 31 columns of ACLED's public data, in its order, with its types and typology.

A row reads like ACLED's own, so it can be appended to an ACLED download: ``event_type`` and
``sub_event_type`` are ACLED's (``data/exports/acled_types.tsv``, explained in docs/exports.md),
``inter1``/``inter2`` ACLED's actor types from the actors' sectors, generic actors are named as
ACLED names them ("Civilians (Mexico)", "Protesters (Colombia)", "Unidentified Armed Group
(Haiti)"), ``iso`` is the ISO numeric code, ``timestamp`` a Unix time.

What ACLED would not record is left out unless ``all_events``: categories ACLED has no type for
(verbal acts such as CONSULT or ACCUSE, aid, sanctions), events that did not happen (negated,
hypothetical, future), and events without a date or a country. With ``all_events`` they are kept
as Strategic developments / Other with their PLOVER type and status in ``tags``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timezone
from typing import IO, Any

import duckdb

from ..query import ORDER
from .common import (
    EVENT_ADMIN1,
    EVENT_ADMIN2,
    LAST_INGEST,
    Actor,
    ExportOptions,
    Query,
    actors_of,
    batches,
    iso,
    write_delimited,
)
from .mappings import (
    OTHER,
    AcledType,
    acled_inter,
    acled_region,
    acled_type,
    iso_numeric,
    recorded_by_acled,
    source_scale,
)
from .places import country_name

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_PRECISION",
    "TIME_PRECISION",
    "acled_filter",
    "write_acled",
    "WEAK_BASES",
]

#: ACLED's public columns, in ACLED's order (ACLED Codebook 2023).
ACLED_COLUMNS: list[str] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

#: ACLED geo_precision: 1 the town itself, 2 a part of a region near a town, 3 a region or larger.
ACLED_PRECISION = {"point": 1, "city": 1, "region": 3, "country": 3}
#: ACLED time_precision: 1 the day, 2 a day within a few days (a report's publication date), 3 the
#: month or a longer period.
TIME_PRECISION = {"day": 1, "publication": 2, "month": 3, "year": 3}
#: Place bases (issue 13's ``location.basis``) that tie the place to the article, not the event.
WEAK_BASES = frozenset({"dateline", "article"})
#: Actor types that are armed (ACLED inter codes).
_ARMED = {1, 2, 3, 4, 8}

_SQL = (
    "SELECT e.id, e.date, e.date_precision, e.event_type, e.mode, e.status, e.actor_ids, e.recipient_ids, "
    "e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.outlets, e.sentence, e.fatalities, "
    f"e.fatalities_max, e.num_articles, {LAST_INGEST}, {EVENT_ADMIN1}, {EVENT_ADMIN2}, e.geo_basis, "
    "TRY_CAST(json_extract(m.record, '$.quantities.participants') AS BIGINT) "
    "FROM events e LEFT JOIN mentions m ON m.id = e.representative_mention {where} " + ORDER
)


def acled_filter(q: Query, opts: ExportOptions) -> Query:
    """Keep what ACLED records: its categories, events that happened, with a date and a country."""
    if opts.all_events:
        return q
    kinds = recorded_by_acled()
    q = q.and_(f"e.event_type IN ({', '.join('?' * len(kinds))})", *kinds)
    return q.and_("e.status_group = 'happened' AND e.date IS NOT NULL AND e.place_country IS NOT NULL")


def _inter(actor: Actor, violent: bool, place_country: str | None) -> int:
    """ACLED actor type of a named actor: its sector's, foreign state forces 8."""
    code = acled_inter(actor.sector)
    if code is None:  # "Israel" acting is the state; an unknown armed actor a militia
        state = bool(actor.country) and actor.name == country_name(actor.country)
        code = 1 if state else 3 if violent else 7
    if code == 1 and actor.country and place_country and actor.country != place_country:
        return 8
    return code


#: A generic actor's canonical name: a lower-case role and its country, "military (Israel)".
_GENERIC = re.compile(r"^[a-z][\w' -]* \(.+\)$")


def _generic_name(actor: Actor, inter: int, fallback_country: str | None) -> str:
    """ACLED's names for unnamed groups ("Military Forces of Israel", "Civilians (Mexico)"); a
    named actor keeps its canonical name."""
    country = country_name(actor.country or fallback_country)
    generic = bool(_GENERIC.match(actor.name)) or actor.name[:1].islower()  # "police", not "Hamas"
    if generic and country:
        if inter == 7:
            return f"Civilians ({country})"
        if actor.sector == "MIL" and actor.name != country:
            return f"Military Forces of {country}"
        if actor.sector == "COP":
            return f"Police Forces of {country}"
        if actor.sector == "GOV" and actor.name != country:
            return f"Government of {country}"
    return actor.name


class _Row:
    """One ACLED row being built (kept as a class so each rule is one small method)."""

    def __init__(self, r: tuple[Any, ...], actors: dict[str, Actor]) -> None:
        (
            self.id, self.day, self.date_precision, self.category, self.mode, self.status, actor_ids,
            recipient_ids, self.place, self.country, self.lat, self.lon, self.precision, self.outlets,
            self.sentence, self.fatalities, self.fatalities_max, self.num_articles, self.changed,
            self.admin1, self.admin2, self.basis, self.crowd,
        ) = r  # fmt: skip
        self.actors = [actors[i] for i in actor_ids or [] if i in actors]
        self.recipients = [actors[i] for i in recipient_ids or [] if i in actors]

    def kind(self) -> AcledType:
        r_inter = self._recipient_inters()
        first = r_inter[0] if r_inter else None
        recipient = (
            "none"
            if first is None
            else "armed"
            if first in _ARMED
            else "protesters"
            if first == 6
            else "civilians"
        )
        return acled_type(self.category, self.mode, recipient) or OTHER

    def _recipient_inters(self) -> list[int]:
        """Recipients' ACLED types; one whose sector says nothing counts as civilians ("a man")."""
        out = []
        for a in self.recipients:
            code = acled_inter(a.sector)
            if code is None:
                code = 1 if a.country and a.name == country_name(a.country) else 7
            out.append(code)
        return out

    def sides(self, t: AcledType) -> tuple[str, str, int, str, str, int]:
        """actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2."""
        violent = "Political violence" in t.disorder_type
        where = country_name(self.country)
        named = [(a, _inter(a, violent, self.country)) for a in self.actors]
        if t.event_type in ("Protests", "Riots") and t.sub_event_type != "Excessive force against protesters":
            crowd = "Rioters" if t.event_type == "Riots" else "Protesters"
            a1, i1 = (f"{crowd} ({where})" if where else crowd), (5 if crowd == "Rioters" else 6)
            assoc1 = [a.name for a, _ in named]
        elif named:
            first, i1 = named[0]
            a1 = _generic_name(first, i1, self.country)
            assoc1 = [_generic_name(a, i, self.country) for a, i in named[1:]]
        elif violent:
            a1, i1, assoc1 = (
                (f"Unidentified Armed Group ({where})" if where else "Unidentified Armed Group"),
                3,
                [],
            )
        else:
            a1, i1, assoc1 = "", 0, []
        inters = self._recipient_inters()
        others = list(zip(self.recipients, inters, strict=True))
        if others:
            a2 = _generic_name(others[0][0], others[0][1], self.country)
            i2 = others[0][1]
            assoc2 = [_generic_name(a, i, self.country) for a, i in others[1:]]
        elif t.event_type == "Violence against civilians":
            a2, i2, assoc2 = (f"Civilians ({where})" if where else "Civilians"), 7, []
        elif t.sub_event_type == "Excessive force against protesters":
            a2, i2, assoc2 = (f"Protesters ({where})" if where else "Protesters"), 6, []
        else:
            a2, i2, assoc2 = "", 0, []
        return a1, "; ".join(assoc1), i1, a2, "; ".join(assoc2), i2

    def geo_precision(self) -> int:
        """ACLED's 1-3 from the place's precision; a place known only from the article (its
        dateline or main place, not the event's own words) is at best 2, "near" the event."""
        value = ACLED_PRECISION.get(self.precision or "", 3)
        return max(value, 2) if self.basis in WEAK_BASES else value

    def notes(self) -> str:
        when = f"On {self.day.day} {self.day:%B %Y}, " if self.day else ""
        text = " ".join((self.sentence or "").split())
        extra = []
        if self.num_articles and self.num_articles > 1:
            extra.append(f"{self.num_articles} reports")
        if (
            self.fatalities is not None
            and self.fatalities_max is not None
            and self.fatalities_max > self.fatalities
        ):
            extra.append(
                f"fatalities reported {self.fatalities}-{self.fatalities_max}, "
                f"best-supported {self.fatalities}"
            )
        return when + text + (f" [{'; '.join(extra)}]" if extra else "")

    def tags(self, t: AcledType) -> str:
        out = []
        if t.event_type in ("Protests", "Riots"):
            out.append(f"crowd size={self.crowd}" if self.crowd else "crowd size=no report")
        out.append("plover=" + (f"{self.category}:{self.mode}" if self.mode else self.category))
        if self.status not in ("asserted", "historical"):
            out.append(f"status={self.status}")
        return "; ".join(out)

    def values(self, recorded: bool) -> list[Any]:
        t = self.kind() if recorded else OTHER
        a1, assoc1, i1, a2, assoc2, i2 = self.sides(t)
        interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 or i2) * 10
        targeting = "Civilian targeting" if i2 == 7 and "Political violence" in t.disorder_type else ""
        stamp = int(self.changed.replace(tzinfo=timezone.utc).timestamp()) if self.changed else ""  # noqa: UP017
        admin1 = self.admin1 or (self.place if self.precision == "region" else "")
        return [
            self.id, iso(self.day) or "", self.day.year if self.day else "",
            TIME_PRECISION.get(self.date_precision or "", 3), t.disorder_type, t.event_type, t.sub_event_type,
            a1, assoc1, i1, a2, assoc2, i2, interaction, targeting,
            iso_numeric(self.country) if self.country else "", acled_region(self.country),
            country_name(self.country), admin1 or "", self.admin2 or "", "",
            self.place or "", "" if self.lat is None else self.lat, "" if self.lon is None else self.lon,
            self.geo_precision() if self.place else "",
            "; ".join(self.outlets or []), source_scale(self.outlets or []), self.notes(),
            int(self.fatalities or 0),
            self.tags(t), stamp,
        ]  # fmt: skip


def _rows(con: duckdb.DuckDBPyConnection, q: Query) -> Iterator[list[Any]]:
    recorded = set(recorded_by_acled())
    for batch in batches(con, _SQL.format(where=q.where) + q.page, q.params):
        actors = actors_of(con, (i for r in batch for i in [*(r[6] or []), *(r[7] or [])]))
        for r in batch:
            row = _Row(r, actors)
            yield row.values(row.category in recorded and row.status in ("asserted", "historical"))


def write_acled(con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], opts: ExportOptions) -> int:
    """The ACLED-format CSV of the matching events; returns rows written."""
    header = ACLED_COLUMNS if opts.header is None or opts.header else None
    return write_delimited(out, header, _rows(con, acled_filter(q, opts)))
