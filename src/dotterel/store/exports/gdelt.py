"""GDELT 2.0: the 61-column events table and the 16-column Mentions table, tab-separated.

Laid out exactly as GDELT publishes them (no header unless asked for, no quoting), so a script that
reads ``*.export.CSV`` / ``*.mentions.CSV`` files reads these. What each column holds is in
docs/exports.md; in short:

- ``GLOBALEVENTID``: a stable 60-bit integer of dotterel's event id (the Mentions table uses the
  same number, so the two join as GDELT's do);
- ``EventCode``/``EventBaseCode``/``EventRootCode``: the CAMEO code of the PLOVER category and mode
  (``data/exports/plover_to_cameo.tsv``), its first three and first two digits;
- ``GoldsteinScale``: the published CAMEO Goldstein table; ``AvgTone``: empty (no tone model);
- actors: CAMEO country + role codes (``IRNGOV``), names upper-cased as GDELT writes them;
- geography: FIPS 10-4 country and ADM1 codes (:mod:`.places`); an actor's geography is the
  event's place when the actor belongs to the place's country (a domestic actor acting at home);
- ``DATEADDED``: when dotterel first stored a report of the event, so it is the same in every
  export.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any
from urllib.parse import urlparse

import duckdb

from ..query import ORDER
from .common import (
    EVENT_ADMIN1,
    FIRST_INGEST,
    Actor,
    ExportOptions,
    Query,
    actors_of,
    batches,
    stable_int_id,
    write_delimited,
)
from .mappings import cameo_code, cameo_country, cameo_type, goldstein
from .places import PlaceCodes, place_codes

__all__ = [
    "GDELT_COLUMNS",
    "GDELT_MENTION_COLUMNS",
    "LEAD_CHARS",
    "write_gdelt",
    "write_gdelt_mentions",
    "SENTENCE_END",
    "gdelt_time",
]


def _names(text: str) -> list[str]:
    return text.split()


def _actor_columns(n: int) -> list[str]:
    return [
        f"Actor{n}{c}"
        for c in _names(
            "Code Name CountryCode KnownGroupCode EthnicCode Religion1Code Religion2Code Type1Code "
            "Type2Code Type3Code"
        )
    ]


def _geo_columns(prefix: str) -> list[str]:
    return [f"{prefix}_{c}" for c in _names("Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID")]


#: The GDELT 2.0 event table's 61 columns, in GDELT's order (GDELT 2.0 Event Codebook V2.0).
GDELT_COLUMNS: list[str] = [
    *_names("GLOBALEVENTID SQLDATE MonthYear Year FractionDate"),
    *_actor_columns(1),
    *_actor_columns(2),
    *_names("IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale"),
    *_names("NumMentions NumSources NumArticles AvgTone"),
    *_geo_columns("Actor1Geo"),
    *_geo_columns("Actor2Geo"),
    *_geo_columns("ActionGeo"),
    *_names("DATEADDED SOURCEURL"),
]

#: The GDELT 2.0 Mentions table's 16 columns, in GDELT's order.
GDELT_MENTION_COLUMNS: list[str] = _names(
    "GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier "
    "SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence MentionDocLen "
    "MentionDocTone MentionDocTranslationInfo Extras"
)

#: A mention whose sentence starts within this many characters of its article is in the lead:
#: GDELT's IsRootEvent marks events from an article's opening paragraph.
LEAD_CHARS = 500

_SQL = (
    "SELECT e.id, e.date, e.actor_ids, e.recipient_ids, e.event_type, e.mode, e.quad_code, "
    "e.num_mentions, e.num_sources, e.num_articles, e.geo_precision, e.place_name, e.place_country, "
    f"e.lat, e.lon, p.geonameid, e.url, {FIRST_INGEST}, "
    "(SELECT min(ml.evidence_start) FROM mentions ml WHERE ml.event_id = e.id), "
    f"{EVENT_ADMIN1} "
    "FROM events e LEFT JOIN places p ON p.id = e.place_id {where} " + ORDER
)


def gdelt_time(value: datetime | None) -> str:
    return value.strftime("%Y%m%d%H%M%S") if value else ""


def _geo_type(precision: str | None, country: str | None) -> int | str:
    """1 country, 2 US state, 3 US city, 4 world city, 5 world state (region)."""
    if precision == "country":
        return 1
    us = country == "USA"
    if precision == "region":
        return 2 if us else 5
    if precision in ("city", "point"):
        return 3 if us else 4
    return ""


def _geo(kind: int | str, codes: PlaceCodes, lat: float | None, lon: float | None) -> list[Any]:
    if not codes.full_name:
        return ["", "", "", "", "", "", "", ""]
    return [
        kind, codes.full_name, codes.fips, codes.adm1, "",
        "" if lat is None else round(lat, 4), "" if lon is None else round(lon, 4), codes.feature_id,
    ]  # fmt: skip


def _actor(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [""] * 10
    country = cameo_country(actor.country)
    role = cameo_type(actor.sector)
    return [country + role, actor.name.upper(), country, "", "", "", "", role, "", ""]


def _fraction(day: date) -> float:
    """GDELT's FractionDate: the year plus the day of the year over 365, four decimals."""
    return round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)


def _row(r: tuple[Any, ...], actors: dict[str, Actor]) -> list[Any]:
    (
        eid, day, actor_ids, recipient_ids, etype, mode, quad, nm, ns, na, prec, place, pc,
        lat, lon, geonameid, url, added, lead, admin1,
    ) = r  # fmt: skip
    a1 = actors.get(actor_ids[0]) if actor_ids else None
    a2 = actors.get(recipient_ids[0]) if recipient_ids else None
    code = cameo_code(etype, mode)
    score = goldstein(code) if code else None
    codes = place_codes(place, pc, prec, geonameid, admin1)
    action = _geo(_geo_type(prec, pc), codes, lat, lon)
    empty = _geo("", PlaceCodes("", "", "", ""), None, None)
    geo1 = action if a1 is not None and pc and a1.country == pc else empty
    geo2 = action if a2 is not None and pc and a2.country == pc else empty
    return [
        _gdelt_id(eid),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", _fraction(day) if day else "",
        *_actor(a1), *_actor(a2),
        1 if lead is not None and lead < LEAD_CHARS else 0,
        code, code[:3], code[:2], quad, "" if score is None else score,
        nm, ns, na, "",
        *geo1, *geo2, *action,
        gdelt_time(added), url or "",
    ]  # fmt: skip


def _gdelt_id(event_id: str) -> int:
    return stable_int_id(event_id)


def _event_rows(con: duckdb.DuckDBPyConnection, q: Query) -> Iterator[list[Any]]:
    for batch in batches(con, _SQL.format(where=q.where) + q.page, q.params):
        actors = actors_of(con, (i for r in batch for i in (r[2] or [])[:1] + (r[3] or [])[:1]))
        for r in batch:
            yield _row(r, actors)


def write_gdelt(con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], opts: ExportOptions) -> int:
    """The GDELT 2.0 events table of the matching events; returns rows written."""
    header = GDELT_COLUMNS if opts.header else None
    return write_delimited(out, header, _event_rows(con, q), delimiter="\t")


# -- Mentions ------------------------------------------------------------------------------------

#: A sentence end: punctuation, closing quotes or brackets, space, and a capital or digit next.
SENTENCE_END = r"""[.!?]["'”’)\]]*\s+["'“‘(\[]?[A-Z0-9]"""
_MENTION_SQL = (
    f"SELECT m.event_id, {FIRST_INGEST}, a.ingested_at, m.outlet, a.url, m.url, m.article_id, "
    "len(regexp_extract_all(substr(a.text, 1, m.evidence_start), ?)) + 1, "
    "TRY_CAST(json_extract(m.record, '$.actor[0].start') AS INTEGER), "
    "TRY_CAST(json_extract(m.record, '$.recipient[0].start') AS INTEGER), "
    "TRY_CAST(json_extract(m.record, '$.trigger.start') AS INTEGER), m.confidence, length(a.text) "
    "FROM mentions m JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = m.article_id {where} "
    "ORDER BY e.date DESC NULLS LAST, e.id, m.article_id, m.evidence_start, m.id"
)


def _offset(value: int | None) -> int:
    return -1 if value is None else value


def _mention_row(r: tuple[Any, ...]) -> list[Any]:
    eid, added, seen, outlet, article_url, url, article_id, sentence, a1, a2, action, confidence, doc_len = r
    source = outlet or ""
    link = url or article_url or ""
    if not source and link:
        source = (urlparse(link).hostname or "").removeprefix("www.")
    return [
        _gdelt_id(eid), gdelt_time(added), gdelt_time(seen), 1, source, link or article_id, sentence,
        _offset(a1), _offset(a2), _offset(action), 1, round(float(confidence) * 100), doc_len or 0,
        "", "", "",
    ]  # fmt: skip


def write_gdelt_mentions(
    con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], opts: ExportOptions
) -> int:
    """GDELT's Mentions table: one row per stored mention of the matching events."""
    header = GDELT_MENTION_COLUMNS if opts.header else None
    sql = _MENTION_SQL.format(where=q.where) + q.page
    data = (_mention_row(r) for batch in batches(con, sql, [SENTENCE_END, *q.params]) for r in batch)
    return write_delimited(out, header, data, delimiter="\t")
