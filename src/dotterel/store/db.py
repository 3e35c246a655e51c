"""Opening the DuckDB file: one writer at a time, errors a user can act on.

DuckDB lets one process open a file read-write, or any number open it read-only, and refuses the
rest with an ``IOException`` about a lock. That is the right behaviour for a store that must never
be corrupted by two ingests interleaving, but the raw message (with a PID and a URL) is not what a
user should read, so it becomes a one-line :class:`~dotterel.errors.StoreLockedError`.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from ..errors import StoreError, StoreLockedError

__all__ = ["connect"]

_PID = re.compile(r"\(PID (\d+)\)")


def connect(
    path: str, *, read_only: bool = False, memory_limit: str | None = None, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``path`` (``":memory:"`` for a throwaway one).

    ``memory_limit`` (DuckDB's syntax: ``"256MB"``, ``"2GB"``) caps DuckDB's buffer cache, which
    otherwise keeps every block it touched up to 80% of the machine's memory, so a long ingest's
    memory grows with the store (issue 18); ``threads`` caps its worker threads.
    """
    if path != ":memory:":
        file = Path(path)
        if read_only and not file.exists():
            raise StoreError("no store here: run `dotterel ingest ... --db FILE` first", path=path)
        if file.exists() and file.is_dir():
            raise StoreError("this is a folder, not a store file", path=path)
        if not read_only and not file.parent.exists():
            raise StoreError(f"folder {file.parent} does not exist", path=path)
    config: dict[str, str | int] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = threads
    try:
        return duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            pid = _PID.search(text)
            holder = f"process {pid.group(1)}" if pid else "another process"
            # DuckDB does not say how the holder opened the file, but our own mode tells: readers
            # share a file, so a reader is refused only by a writer; a writer is refused by anyone,
            # a read-only `dotterel serve` included (issue 17: the message blamed "a server writing").
            who = (
                "an ingest or a server with writing on (--token)"
                if read_only
                else "an ingest, or a `dotterel serve` or `dotterel events` reading it: nothing may "
                "write while another process has the file open, even read-only"
            )
            raise StoreLockedError(
                f"the store is locked by {holder} ({who}); wait for it to finish or use another --db file",
                path=path,
            ) from None
        if "not a valid" in text.lower():
            raise StoreError("not a DuckDB store file: pick a new --db path", path=path) from None
        raise StoreError(f"cannot open the store: {text}", path=path) from None
    except duckdb.Error as exc:
        if config and any(key in str(exc).lower() for key in ("memory", "thread")):
            raise StoreError(f"bad store setting {config}: {' '.join(str(exc).split())}", path=path) from None
        raise StoreError(f"cannot open the store: {exc}", path=path) from None
