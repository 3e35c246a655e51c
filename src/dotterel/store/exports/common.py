"""What every tabular export shares: batched rows, CSV/TSV writing, the options, stable ids.

Rows stream out of DuckDB in batches of :data:`BATCH`, so memory stays flat however many events
match. Cells are written as they are except text that would start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import duckdb

__all__ = [
    "BATCH",
    "Actor",
    "actors_of",
    "batches",
    "EVENT_ADMIN1",
    "EVENT_ADMIN2",
    "FIRST_INGEST",
    "LAST_INGEST",
    "ExportOptions",
    "Query",
    "iso",
    "rows",
    "safe_cell",
    "stable_int_id",
    "write_delimited",
]

BATCH = 2_000


@dataclass(frozen=True)
class ExportOptions:
    """Per-format switches.

    ``header``: write a header row (None: the format's default, which is no header for the GDELT
    tables, as GDELT publishes them, and a header for every CSV). ``all_events``: ACLED only,
    keep events ACLED would not record (verbal acts, events that did not happen).
    """

    header: bool | None = None
    all_events: bool = False


@dataclass(frozen=True)
class Query:
    """The filtered part of an export: ``WHERE`` over ``events e``, its parameters and the page."""

    where: str
    params: list[Any]
    page: str = ""

    def and_(self, clause: str, *values: Any) -> Query:
        """The same query with one more condition (before the page parameters)."""
        where = f"{self.where} AND {clause}" if self.where else f"WHERE {clause}"
        head = self.params[: len(self.params) - (2 if self.page else 0)]
        tail = self.params[len(head) :]
        return Query(where, [*head, *values, *tail], self.page)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    for batch in batches(con, sql, params):
        yield from batch


def batches(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The query's rows, :data:`BATCH` at a time, on a cursor of its own: a lookup the caller runs
    on ``con`` between batches (actors of a batch) must not end this result."""
    cur = con.cursor()
    try:
        cur.execute(sql, params)
        while batch := cur.fetchmany(BATCH):
            yield batch
    finally:
        cur.close()


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def stable_int_id(text: str) -> int:
    """A positive 60-bit integer for an id string, the same in every export and every run.

    GDELT's GLOBALEVENTID is an integer column; dotterel's event ids are strings. Sixty bits of
    SHA-256 keep collisions negligible (one in ~10^6 at a billion events) and fit a signed int64.
    """
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


#: Characters that make a spreadsheet read a cell as a formula. Article text is untrusted, so a
#: text cell starting with one is prefixed with an apostrophe (OWASP's CSV-injection advice);
#: numbers are written as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_BREAKS = re.compile(r"[\t\r\n]")


def _tsv_cell(value: Any) -> str:
    """One GDELT-style TSV cell: formula-safe, tabs and line breaks made spaces (no quoting)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return " ".join(value.split()) if _BREAKS.search(value) else value


def write_delimited(
    out: IO[bytes],
    header: list[str] | None,
    data: Iterable[list[Any]],
    *,
    delimiter: str = ",",
) -> int:
    """Write rows as CSV (``delimiter=","``, quoted as needed) or plain unquoted TSV; returns rows.

    The TSV form is GDELT's: no quoting at all, so a reader splitting on tabs gets the columns.
    """
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        n = 0
        if delimiter == "\t":
            if header is not None:
                text.write("\t".join(header) + "\n")
            for row in data:
                text.write("\t".join([_tsv_cell(v) for v in row]) + "\n")
                n += 1
        else:
            writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
            if header is not None:
                writer.writerow(header)
            for row in data:
                writer.writerow([safe_cell(v) for v in row])
                n += 1
        text.flush()
        return n
    finally:
        text.detach()


#: When dotterel first stored a report of the event (GDELT's DATEADDED), and last changed it
#: (ACLED's timestamp): the ingest times of its articles, so every export of a store agrees.
FIRST_INGEST = (
    "(SELECT min(a.ingested_at) FROM mentions mi JOIN articles a ON a.id = mi.article_id "
    "WHERE mi.event_id = e.id)"
)
LAST_INGEST = FIRST_INGEST.replace("min(", "max(")
#: Admin names of the event's place (issue 13's geocoder; null for older stores' events).
EVENT_ADMIN1 = "e.place_admin1"
EVENT_ADMIN2 = "e.place_admin2"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    country: str | None
    sector: str | None
    kb_id: str | None


def actors_of(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, Actor]:
    """The stored actors with these ids (one query for a whole batch of events)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    found = con.execute(
        "SELECT id, name, country, sector, kb_id FROM actors WHERE id IN (SELECT unnest(?))", [wanted]
    ).fetchall()
    return {r[0]: Actor(*r) for r in found}
