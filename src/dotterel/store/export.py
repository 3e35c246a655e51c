"""Exports: PLOVER JSONL, CSV, Parquet, GDELT 2.0 events and mentions, ACLED, GraphML, GEXF.

This module checks the request and hands it to the format's module (:mod:`.exports`); each
tabular format is one parameterised query over the filtered events plus a row mapper, streamed in
batches so memory stays flat. docs/exports.md documents every column.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import IO

import duckdb

from ..errors import StoreError
from .exports.acled import ACLED_COLUMNS, write_acled
from .exports.common import ExportOptions, Query
from .exports.gdelt import GDELT_COLUMNS, GDELT_MENTION_COLUMNS, write_gdelt, write_gdelt_mentions
from .exports.plain import write_csv, write_jsonl, write_parquet
from .models import EventFilter
from .network import write_network
from .query import network, where_clause

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "GDELT_MENTION_COLUMNS",
    "ExportOptions",
    "export",
    "BINARY_FORMATS",
]

FORMATS: tuple[str, ...] = (
    "jsonl",
    "csv",
    "parquet",
    "gdelt",
    "gdelt-mentions",
    "acled",
    "graphml",
    "gexf",
)
BINARY_FORMATS = ("parquet",)


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    f: EventFilter,
    out: IO[bytes] | str | Path | None,
    *,
    level: str = "events",
    limit: int | None = None,
    offset: int = 0,
    options: ExportOptions | None = None,
) -> int:
    """Write the events matching ``f`` in ``fmt`` to ``out`` (a binary stream or a path).

    ``limit``/``offset`` page the rows (events or mentions) of the tabular formats; without a limit
    every matching row is written. The network formats always cover every matching event.
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
    q = Query(where, params, page)
    opts = options or ExportOptions()
    with ExitStack() as stack:
        stream: IO[bytes] = (
            stack.enter_context(open(out, "wb")) if isinstance(out, str | Path) else out  # noqa: SIM115
        )
        if fmt == "jsonl":
            return write_jsonl(con, q, stream, level)
        if fmt == "csv":
            return write_csv(con, q, stream, opts, level)
        if fmt == "parquet":
            return write_parquet(con, q, stream, level)
        if fmt == "gdelt":
            return write_gdelt(con, q, stream, opts)
        if fmt == "gdelt-mentions":
            return write_gdelt_mentions(con, q, stream, opts)
        if fmt == "acled":
            return write_acled(con, q, stream, opts)
        return write_network(network(con, f), fmt, stream)
