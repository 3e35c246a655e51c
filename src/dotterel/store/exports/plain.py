"""dotterel's own formats: PLOVER JSONL, a flat CSV and Parquet, per event or per mention.

- ``jsonl``: one PLOVER contract record per event (its representative mention's record), with
  ``event_id``, ``num_mentions``, ``num_articles``, ``num_sources``, ``outlets``, ``mention_ids``,
  ``fatalities`` and ``fatalities_max`` added; with ``level="mentions"`` one contract record per
  mention (+``event_id``);
- ``csv`` / ``parquet``: one flat row per event (or per mention).
"""

from __future__ import annotations

import json
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..query import ORDER
from .common import BATCH, ExportOptions, Query, iso, rows, write_delimited

__all__ = [
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "write_csv",
    "write_jsonl",
    "write_parquet",
    "EVENT_SQL",
    "MENTION_SQL",
]


def _names(text: str) -> list[str]:
    return text.split()


EVENT_COLUMNS = _names(
    "event_id date date_precision event_type mode quad_code status actors actor_countries actor_sectors "
    "recipients recipient_countries recipient_sectors place place_country lat lon geo_precision "
    "num_mentions num_articles num_sources outlets fatalities fatalities_max confidence sentence url "
    "representative_mention"
)
EVENT_SQL = (
    "SELECT e.id, e.date, e.date_precision, e.event_type, e.mode, e.quad_code, e.status, "
    "array_to_string(e.actor_names, '; '), array_to_string(e.actor_countries, '; '), "
    "array_to_string(e.actor_sectors, '; '), array_to_string(e.recipient_names, '; '), "
    "array_to_string(e.recipient_countries, '; '), array_to_string(e.recipient_sectors, '; '), "
    "e.place_name, e.place_country, e.lat, e.lon, e.geo_precision, e.num_mentions, e.num_articles, "
    "e.num_sources, array_to_string(e.outlets, '; '), e.fatalities, e.fatalities_max, e.confidence, "
    "e.sentence, e.url, e.representative_mention FROM events e {where} " + ORDER
)
MENTION_COLUMNS = _names(
    "mention_id event_id article_id date date_precision event_type mode quad_code status actors recipients "
    "place place_country lat lon outlet url trigger sentence evidence_start evidence_end confidence "
    "fatalities"
)
MENTION_SQL = (
    "SELECT m.id, m.event_id, m.article_id, m.date, m.date_precision, m.event_type, m.mode, m.quad_code, "
    "m.status, (SELECT string_agg(name, '; ' ORDER BY position) FROM mention_actors x "
    "WHERE x.mention_id = m.id AND x.role = 'actor'), (SELECT string_agg(name, '; ' ORDER BY position) "
    "FROM mention_actors x WHERE x.mention_id = m.id AND x.role = 'recipient'), "
    "m.place_name, m.place_country, m.lat, m.lon, m.outlet, m.url, m.trigger_text, m.sentence, "
    "m.evidence_start, m.evidence_end, m.confidence, m.fatalities "
    "FROM mentions m JOIN events e ON e.id = m.event_id {where} "
    "ORDER BY e.date DESC NULLS LAST, e.id, m.article_id, m.evidence_start, m.id"
)


def _sql(level: str, q: Query) -> tuple[str, list[str]]:
    sql, columns = (MENTION_SQL, MENTION_COLUMNS) if level == "mentions" else (EVENT_SQL, EVENT_COLUMNS)
    return sql.format(where=q.where) + q.page, columns


def write_csv(
    con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], opts: ExportOptions, level: str
) -> int:
    sql, columns = _sql(level, q)
    header = columns if opts.header is None or opts.header else None
    return write_delimited(out, header, ([iso(v) for v in r] for r in rows(con, sql, q.params)))


def write_parquet(con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], level: str) -> int:
    sql, columns = _sql(level, q)
    reader = con.sql(sql, params=q.params).to_arrow_reader(BATCH)
    schema = pa.schema([f.with_name(c) for f, c in zip(reader.schema, columns, strict=True)])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in reader:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            n += batch.num_rows
    return n


def write_jsonl(con: duckdb.DuckDBPyConnection, q: Query, out: IO[bytes], level: str) -> int:
    if level == "mentions":
        sql = (
            "SELECT m.event_id, m.record FROM mentions m JOIN events e ON e.id = m.event_id "
            f"{q.where} ORDER BY e.date DESC NULLS LAST, e.id, m.article_id, m.evidence_start, m.id{q.page}"
        )
        n = 0
        for eid, record in rows(con, sql, q.params):
            rec = json.loads(record)
            rec["event_id"] = eid
            out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
        return n
    sql = (
        "SELECT e.id, e.num_mentions, e.num_articles, e.num_sources, e.outlets, e.fatalities, "
        "e.fatalities_max, m.record, "
        "(SELECT list(x.id ORDER BY x.id) FROM mentions x WHERE x.event_id = e.id) "
        f"FROM events e JOIN mentions m ON m.id = e.representative_mention {q.where} {ORDER}{q.page}"
    )
    n = 0
    for eid, nm, na, ns, outlets, fatalities, fmax, record, mention_ids in rows(con, sql, q.params):
        rec: dict[str, Any] = json.loads(record)
        rec.update(
            event_id=eid,
            num_mentions=nm,
            num_articles=na,
            num_sources=ns,
            outlets=outlets,
            mention_ids=mention_ids,
            fatalities=fatalities,
            fatalities_max=fmax,
        )
        out.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
        n += 1
    return n
