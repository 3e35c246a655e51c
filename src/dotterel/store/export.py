"""Exports: PLOVER JSONL, CSV, Parquet, a GDELT 2.0-like table, an ACLED-like CSV, GraphML, GEXF.

Each tabular format is one parameterised query over the filtered events plus a row mapper; rows
stream out in batches so memory stays flat. The column mappings are documented in docs/store.md:

- ``jsonl``: one PLOVER contract record per event (its representative mention's record), with
  ``event_id``, ``num_mentions``, ``num_articles``, ``num_sources``, ``outlets`` and
  ``mention_ids`` added; with ``level="mentions"`` one contract record per mention (+``event_id``);
- ``csv`` / ``parquet``: one flat row per event (or per mention);
- ``gdelt``: tab-separated, GDELT 2.0 event-table column names (with a header row);
- ``acled``: ACLED's column names for the fields dotterel has;
- ``graphml`` / ``gexf``: the actor network (:mod:`dotterel.store.network`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from ..errors import StoreError
from .models import EventFilter
from .network import write_network
from .query import ORDER, network, where_clause

__all__ = ["FORMATS", "GDELT_COLUMNS", "export"]

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt", "acled", "graphml", "gexf")
BINARY_FORMATS = ("parquet",)
BATCH = 2_000


def _names(text: str) -> list[str]:
    return text.split()


EVENT_COLUMNS = _names(
    "event_id date date_precision event_type mode quad_code status actors actor_countries actor_sectors "
    "recipients recipient_countries recipient_sectors place place_country lat lon geo_precision "
    "num_mentions num_articles num_sources outlets fatalities confidence sentence url representative_mention"
)
EVENT_SQL = (
    "SELECT e.id, e.date, e.date_precision, e.event_type, e.mode, e.quad_code, e.status, "
    "array_to_string(e.actor_names, '; '), array_to_string(e.actor_countries, '; '), "
    "array_to_string(e.actor_sectors, '; '), array_to_string(e.recipient_names, '; '), "
    "array_to_string(e.recipient_countries, '; '), array_to_string(e.recipient_sectors, '; '), "
    "e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.num_mentions, e.num_articles, "
    "e.num_sources, array_to_string(e.outlets, '; '), e.fatalities, e.confidence, e.sentence, e.url, "
    "e.representative_mention FROM events e {where} " + ORDER
)
MENTION_COLUMNS = _names(
    "mention_id event_id article_id date date_precision event_type mode quad_code status actors recipients "
    "place place_country lat lon outlet url trigger sentence evidence_start evidence_end confidence"
)
MENTION_SQL = (
    "SELECT m.id, m.event_id, m.article_id, m.date, m.date_precision, m.event_type, m.mode, m.quad_code, "
    "m.status, (SELECT string_agg(name, '; ' ORDER BY position) FROM mention_actors x "
    "WHERE x.mention_id = m.id AND x.role = 'actor'), (SELECT string_agg(name, '; ' ORDER BY position) "
    "FROM mention_actors x WHERE x.mention_id = m.id AND x.role = 'recipient'), "
    "m.place_name, m.place_country, m.lat, m.lon, m.outlet, m.url, m.trigger_text, m.sentence, "
    "m.evidence_start, m.evidence_end, m.confidence "
    "FROM mentions m JOIN events e ON e.id = m.event_id {where} "
    "ORDER BY e.date DESC NULLS LAST, e.id, m.article_id, m.evidence_start, m.id"
)

#: GDELT 2.0 event-table columns dotterel fills (GDELT's others have no counterpart here).
GDELT_COLUMNS = _names(
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1Type1Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2Type1Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles "
    "AvgTone ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_Lat "
    "ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
)
GDELT_SQL = (
    "SELECT e.id, e.date, a1.id, a1.name, a1.country, a1.sector, a2.id, a2.name, a2.country, a2.sector, "
    "e.event_type, e.mode, e.quad_code, e.num_mentions, e.num_sources, e.num_articles, e.geo_precision, "
    "e.place_name, e.place_country, e.lat, e.lon, e.place_id, e.url FROM events e "
    "LEFT JOIN actors a1 ON a1.id = e.actor_ids[1] LEFT JOIN actors a2 ON a2.id = e.recipient_ids[1] "
    "{where} " + ORDER
)
#: ActionGeo_Type codes: 1 country, 4 world city, 5 world state (region); GDELT's US codes are unused.
GDELT_GEO_TYPE = {"country": 1, "region": 5, "city": 4, "point": 4}

ACLED_COLUMNS = _names(
    "event_id_cnty event_date event_type sub_event_type actor1 actor2 country iso3 location "
    "latitude longitude geo_precision source notes fatalities"
)
ACLED_SQL = (
    "SELECT e.id, e.date, e.event_type, e.mode, e.actor_names[1], e.recipient_names[1], e.place_country, "
    "e.place_name, e.lat, e.lon, e.geo_precision, array_to_string(e.outlets, '; '), e.sentence, e.fatalities "
    "FROM events e {where} " + ORDER
)
#: ACLED geo_precision: 1 the exact town, 2 a part of a region, 3 a region or the country.
ACLED_PRECISION = {"point": 1, "city": 1, "region": 3, "country": 3}


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    cur = con.execute(sql, params)
    while batch := cur.fetchmany(BATCH):
        yield from batch


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    found = pycountry.countries.get(alpha_3=code)
    return found.name if found else code


def _gdelt_row(r: tuple[Any, ...], added: str) -> list[Any]:
    (
        eid,
        day,
        a1,
        a1n,
        a1c,
        a1s,
        a2,
        a2n,
        a2c,
        a2s,
        etype,
        mode,
        quad,
        nm,
        ns,
        na,
        prec,
        place,
        pc,
        lat,
        lon,
        pid,
        url,
    ) = r
    sqldate = day.strftime("%Y%m%d") if day else ""
    frac = round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else ""
    code = f"{etype}:{mode}" if mode else etype
    return [
        eid, sqldate, day.strftime("%Y%m") if day else "", day.year if day else "", frac,
        a1 or "", a1n or "", a1c or "", a1s or "", a2 or "", a2n or "", a2c or "", a2s or "",
        1, code, etype, etype, quad, "", nm, ns, na, "",
        GDELT_GEO_TYPE.get(prec or "", "") if place else "", place or "", pc or "", "",
        "" if lat is None else lat, "" if lon is None else lon, pid or "", added, url or "",
    ]  # fmt: skip


def _acled_row(r: tuple[Any, ...]) -> list[Any]:
    eid, day, etype, mode, a1, a2, pc, place, lat, lon, prec, source, notes, fatalities = r
    return [
        eid, _iso(day) or "", etype, mode or "", a1 or "", a2 or "", _country_name(pc) or "", pc or "",
        place or "", "" if lat is None else lat, "" if lon is None else lon,
        ACLED_PRECISION.get(prec or "", "") if place else "", source, notes, fatalities or 0,
    ]  # fmt: skip


#: Characters that make a spreadsheet read a cell as a formula. Article text is untrusted, so a
#: text cell starting with one is prefixed with an apostrophe (OWASP's CSV-injection advice);
#: numbers are written as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(out: IO[bytes], header: list[str], rows: Iterator[list[Any]], *, delimiter: str = ",") -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        n = 0
        for row in rows:
            writer.writerow([_safe_cell(v) for v in row])
            n += 1
        text.flush()
        return n
    finally:
        text.detach()


def _jsonl_events(
    con: duckdb.DuckDBPyConnection, where: str, page: str, params: list[Any], out: IO[bytes]
) -> int:
    sql = (
        "SELECT e.id, e.num_mentions, e.num_articles, e.num_sources, e.outlets, m.record, "
        "(SELECT list(x.id ORDER BY x.id) FROM mentions x WHERE x.event_id = e.id) "
        f"FROM events e JOIN mentions m ON m.id = e.representative_mention {where} {ORDER}{page}"
    )
    n = 0
    for eid, nm, na, ns, outlets, record, mention_ids in _rows(con, sql, params):
        rec = json.loads(record)
        rec.update(
            event_id=eid,
            num_mentions=nm,
            num_articles=na,
            num_sources=ns,
            outlets=outlets,
            mention_ids=mention_ids,
        )
        out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    return n


def _jsonl_mentions(
    con: duckdb.DuckDBPyConnection, where: str, page: str, params: list[Any], out: IO[bytes]
) -> int:
    sql = (
        "SELECT m.event_id, m.record FROM mentions m JOIN events e ON e.id = m.event_id "
        f"{where} ORDER BY e.date DESC NULLS LAST, e.id, m.article_id, m.evidence_start, m.id{page}"
    )
    n = 0
    for eid, record in _rows(con, sql, params):
        rec = json.loads(record)
        rec["event_id"] = eid
        out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    return n


def _parquet(
    con: duckdb.DuckDBPyConnection, sql: str, columns: list[str], params: list[Any], out: IO[bytes]
) -> int:
    reader = con.sql(sql, params=params).to_arrow_reader(BATCH)
    schema = pa.schema([f.with_name(c) for f, c in zip(reader.schema, columns, strict=True)])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in reader:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            n += batch.num_rows
    return n


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    f: EventFilter,
    out: IO[bytes] | str | Path | None,
    *,
    level: str = "events",
    limit: int | None = None,
    offset: int = 0,
) -> int:
    """Write the events matching ``f`` in ``fmt`` to ``out`` (a binary stream or a path).

    ``limit``/``offset`` page the rows (events or mentions) of the tabular formats; the network
    formats always cover every matching event.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if level not in ("events", "mentions"):
        raise StoreError(f"level must be events or mentions, got {level!r}")
    if out is None:
        raise StoreError(f"{fmt} export needs an output file or stream")
    if (limit is not None and limit < 0) or offset < 0:
        raise StoreError("limit and offset must be 0 or more")
    where, params = where_clause(f)
    page = ""
    if limit is not None or offset:
        page = " LIMIT ? OFFSET ?"
        params = [*params, limit if limit is not None else 2**62, offset]
    with ExitStack() as stack:
        stream: IO[bytes] = (
            stack.enter_context(open(out, "wb")) if isinstance(out, str | Path) else out  # noqa: SIM115
        )
        return _dispatch(con, fmt, level, where, page, params, stream, f)


def _dispatch(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    level: str,
    where: str,
    page: str,
    params: list[Any],
    out: IO[bytes],
    f: EventFilter,
) -> int:
    mentions = level == "mentions"
    if fmt == "jsonl":
        return (_jsonl_mentions if mentions else _jsonl_events)(con, where, page, params, out)
    if fmt in ("csv", "parquet"):
        sql, columns = (MENTION_SQL, MENTION_COLUMNS) if mentions else (EVENT_SQL, EVENT_COLUMNS)
        sql = sql.format(where=where) + page
        if fmt == "parquet":
            return _parquet(con, sql, columns, params, out)
        return _write_csv(out, columns, ([_iso(v) for v in r] for r in _rows(con, sql, params)))
    if fmt == "gdelt":
        added = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")  # noqa: UP017
        rows: Iterator[list[Any]] = (
            _gdelt_row(r, added) for r in _rows(con, GDELT_SQL.format(where=where) + page, params)
        )
        return _write_csv(out, GDELT_COLUMNS, rows, delimiter="\t")
    if fmt == "acled":
        return _write_csv(
            out,
            ACLED_COLUMNS,
            (_acled_row(r) for r in _rows(con, ACLED_SQL.format(where=where) + page, params)),
        )
    return write_network(network(con, f), fmt, out)
