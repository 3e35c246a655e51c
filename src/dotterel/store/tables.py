"""Rows and batched statements for the store's tables, and the check an event passes first.

DuckDB's cost is per statement far more than per row, so ingest writes each table once per
group of articles with one ``INSERT`` of column lists (:func:`insert`) and bumps counters with one ``UPDATE``
(:func:`bump`). :func:`check_event` refuses records that would store a wrong meaning, not just
a wrong type, before anything is written.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb

from ..errors import StoreError
from ..provenance.quantities import fatalities
from ..records import PLOVER_EVENT_TYPES, QUAD_CODES, STATUSES, Article, Event
from .cluster import MentionKeys

#: The largest value of the store's INTEGER columns (fatalities, offsets, counters).
INT32_MAX = 2**31 - 1

__all__ = ["INT32_MAX", "PLACE_COLUMNS", "bump", "check_event", "insert", "marks", "mention_row"]


#: Columns of a new ``places`` row, in the order ingest builds it (the count is last).
PLACE_COLUMNS = [
    "id",
    "name",
    "country",
    "lat",
    "lon",
    "precision",
    "geonameid",
    "admin1",
    "admin2",
    "num_mentions",
]


def mention_row(event: Event, keys: MentionKeys, event_id: str) -> list[object]:
    loc = event.location
    killed = fatalities(event.quantities)  # the incident's dead: not a war's total (issue 15)
    return [
        event.id,
        event.article_id,
        event_id,
        event.event_type,
        event.mode,
        event.quad_code,
        event.status,
        keys.date,
        event.date_precision,
        keys.place,
        loc.name if loc else None,
        loc.country if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        loc.precision if loc else None,
        event.outlet,
        event.url,
        event.trigger.text,
        event.evidence.sentence,
        event.evidence.start,
        event.evidence.end,
        float(event.confidence),
        killed,
        json.dumps(event.to_dict(), ensure_ascii=False),
        loc.admin1 if loc else None,
        loc.admin2 if loc else None,
        loc.basis if loc else None,
    ]


def insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str] | None, rows: list[list[object]]
) -> None:
    """All ``rows`` in one statement, one parameter per column (issue 18).

    Each column goes in as one list, cast to the column's type and unnested, so the statement has
    as many parameters as the table has columns however many rows it writes: a multi-row
    ``VALUES`` list costs DuckDB about 0.2 ms a row to parse and bind (a group of articles' band
    keys took 30 ms), this about a tenth of that. The rows stored are the same.
    """
    if not rows:
        return
    types = _column_types(con, table, columns)
    if len(types) != len(rows[0]):
        raise StoreError(f"{table}: {len(rows[0])} values for {len(types)} columns")
    target = f"{table} ({', '.join(columns)})" if columns else table
    select = ", ".join(f"unnest(?::{kind}[])" for kind in types)
    con.execute(f"INSERT INTO {target} SELECT {select}", [list(col) for col in zip(*rows, strict=True)])


#: (table, columns) -> their SQL types; the schema is fixed once a store is migrated.
_TYPES: dict[tuple[str, tuple[str, ...] | None], list[str]] = {}


def _column_types(con: duckdb.DuckDBPyConnection, table: str, columns: list[str] | None) -> list[str]:
    key = (table, tuple(columns) if columns else None)
    if key not in _TYPES:
        found = dict(
            con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database() AND schema_name = current_schema() "
                "ORDER BY column_index",
                [table],
            ).fetchall()
        )
        _TYPES[key] = [found[c] for c in columns] if columns else list(found.values())
    return _TYPES[key]


def bump(con: duckdb.DuckDBPyConnection, table: str, counts: dict[str, int]) -> None:
    """Add to ``num_mentions`` of rows already stored, in one statement."""
    if not counts:
        return
    values = ", ".join("(?, ?)" for _ in counts)
    con.execute(
        f"UPDATE {table} SET num_mentions = {table}.num_mentions + c.n "
        f"FROM (VALUES {values}) AS c(id, n) WHERE {table}.id = c.id",
        [v for item in sorted(counts.items()) for v in item],
    )


def marks(n: int) -> str:
    return ", ".join("?" * n)


def check_event(event: Event, article: Article) -> None:
    """Refuse records that would corrupt the store's meaning (not just its tables)."""

    def bad(why: str) -> StoreError:
        return StoreError(f"invalid event {event.id}: {why}", article_id=article.id)

    if event.article_id != article.id:
        raise bad(f"article_id {event.article_id!r} is not this article")
    if event.event_type not in PLOVER_EVENT_TYPES:
        raise bad(f"unknown PLOVER category {event.event_type!r}")
    if event.quad_code != QUAD_CODES[event.event_type]:
        raise bad(f"quad_code {event.quad_code} does not match {event.event_type}")
    if event.status not in STATUSES:
        raise bad(f"unknown status {event.status!r}")
    if not 0.0 <= float(event.confidence) <= 1.0:
        raise bad(f"confidence {event.confidence} outside 0..1")
    n = len(article.text)
    for span in (event.trigger, event.evidence):
        if not 0 <= span.start <= span.end <= n:
            raise bad(f"span {span.start}-{span.end} outside the article text")
    if event.date is not None:
        try:
            date.fromisoformat(event.date)
        except ValueError:
            raise bad(f"date {event.date!r} is not an ISO date") from None
    killed = (event.quantities or {}).get("killed")
    if killed is not None and not (isinstance(killed, int) and 0 <= killed <= INT32_MAX):
        # the fatalities columns are 32-bit; the extractor never reports more (quantities.MAX_COUNT)
        raise bad(f"killed {killed!r} is not a count from 0 to {INT32_MAX:,}")
