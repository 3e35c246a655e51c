"""What ``dotterel batch`` writes and ``dotterel ingest --events`` reads: one row per article.

A row carries everything the store needs to take the article in exactly as a local ``ingest``
would, without running the model again:

- where it came from: ``source`` (position of its input file in the batch's inputs) and ``line``,
  so the loader replays articles in input order (clustering and de-duplication are greedy in
  ingest order; the same order gives the same events and clusters);
- the article's metadata and text, and its ``content_hash``;
- ``minhash``: the MinHash signature of its shingles, computed on the worker (hex of 128
  little-endian uint64 values), so the loader only looks it up in the LSH index;
- ``num_events`` and ``events_json``: the article's event records as a JSON array (the contract
  records of DESIGN.md §3, with ``confidence`` unrounded so the store's figures are the same);
- ``error``: the one-line error when the article could not be read or coded (then no events).

Articles without events are rows too: the store keeps them (they count, and later copies of
them are recognised as duplicates).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError
from .records import Article, Attribution, Coding, Entity, Event, Evidence, Location, Span

__all__ = [
    "BATCH_COLUMNS",
    "CodedArticle",
    "article_row",
    "event_from_dict",
    "events_from_json",
    "events_to_json",
    "read_coded",
]

#: Columns of a batch output row, in order.
BATCH_COLUMNS = (
    "source",
    "line",
    "article_id",
    "title",
    "url",
    "outlet",
    "published",
    "language",
    "origin",
    "text",
    "content_hash",
    "minhash",
    "num_events",
    "events_json",
    "error",
)


@dataclass
class CodedArticle:
    """One row of a batch output, read back: the article and its events, or its error."""

    source: int
    line: int
    article: Article | None
    events: list[Event]
    minhash: bytes | None
    error: str | None


def events_to_json(events: list[Event]) -> str:
    """The events as a JSON array of contract records, their floats kept at full precision.

    ``Event.to_dict`` rounds ``confidence`` and the classifier's probabilities to 3 places for
    readers; the store computes with the exact values, so they travel unrounded here.
    """
    records = []
    for event in events:
        record = event.to_dict()
        record["confidence"] = float(event.confidence)
        if event.coding is not None:
            record["coding"] = asdict(event.coding)
        records.append(record)
    return json.dumps(records, ensure_ascii=False)


def article_row(
    article: Article | None,
    events: list[Event],
    *,
    source: int,
    line: int,
    minhash: bytes | None,
    error: str | None = None,
) -> dict[str, Any]:
    """One output row (``article`` is None only for an input line that could not be read)."""
    return {
        "source": source,
        "line": line,
        "article_id": article.id if article else None,
        "title": article.title if article else None,
        "url": article.url if article else None,
        "outlet": article.outlet if article else None,
        "published": article.published.isoformat() if article and article.published else None,
        "language": article.language if article else None,
        "origin": article.origin if article else None,
        "text": article.text if article else None,
        "content_hash": article.content_hash if article else None,
        "minhash": minhash.hex() if minhash is not None else None,
        "num_events": len(events),
        "events_json": events_to_json(events),
        "error": error,
    }


def _entity(d: dict[str, Any] | None) -> Entity | None:
    return Entity.from_dict(d) if d is not None else None


def _attribution(d: dict[str, Any] | None) -> Attribution | None:
    return Attribution(**{**d, "source": _entity(d.get("source"))}) if d is not None else None


#: How each nested field of a record becomes its typed object again.
_NESTED: dict[str, Callable[[Any], Any]] = {
    "actor": lambda v: [Entity.from_dict(e) for e in v or []],
    "recipient": lambda v: [Entity.from_dict(e) for e in v or []],
    "attribution": _attribution,
    "location": lambda v: Location(**v) if v is not None else None,
    "trigger": lambda v: Span(**v),
    "evidence": lambda v: Evidence(**v),
    "coding": lambda v: Coding(**v) if v is not None else None,
    "context": lambda v: list(v or []),
    "quantities": lambda v: dict(v or {}),
}


def event_from_dict(d: dict[str, Any]) -> Event:
    """The :class:`Event` a contract record (``Event.to_dict``) was made from.

    Fields missing from the record (written by an older dotterel) take their defaults.
    """
    kwargs: dict[str, Any] = {}
    for f in fields(Event):
        if f.name not in d:
            continue
        value = d[f.name]
        kwargs[f.name] = _NESTED[f.name](value) if f.name in _NESTED else value
    return Event(**kwargs)


def events_from_json(text: str | None) -> list[Event]:
    return [event_from_dict(d) for d in json.loads(text)] if text else []


def _files(folder: Path) -> tuple[str, str]:
    """The DuckDB table function over a batch output folder: Parquet, else JSON lines."""
    parquet = sorted(folder.rglob("*.parquet"))
    if parquet:
        return "read_parquet", "union_by_name = true"
    jsonl = sorted(p for p in folder.rglob("*") if p.suffix in (".json", ".jsonl"))
    if jsonl:
        types = ", ".join(
            f"'{c}': '{'BIGINT' if c in ('source', 'line', 'num_events') else 'VARCHAR'}'"
            for c in BATCH_COLUMNS
        )
        return "read_json", f"format = 'newline_delimited', columns = {{{types}}}"
    raise InputError("no batch output here (no .parquet or .json files)", path=str(folder))


def read_coded(folder: str | Path, *, chunk: int = 256) -> Iterator[CodedArticle]:
    """The rows of a batch output folder in input order (streamed: DuckDB sorts, spilling to disk)."""
    import duckdb

    root = Path(folder)
    if not root.is_dir():
        raise InputError("no such folder", path=str(folder))
    fn, opts = _files(root)
    pattern = str(root / "**" / ("*.parquet" if fn == "read_parquet" else "*.json*"))
    con = duckdb.connect()
    try:
        try:
            cur = con.execute(
                f"SELECT {', '.join(BATCH_COLUMNS)} FROM {fn}(?, {opts}) ORDER BY source, line", [pattern]
            )
        except duckdb.Error as exc:
            raise InputError(f"not a dotterel batch output: {exc}", path=str(folder)) from None
        while rows := cur.fetchmany(chunk):
            for row in rows:
                yield _coded(dict(zip(BATCH_COLUMNS, row, strict=True)), root)
    finally:
        con.close()


def _coded(row: dict[str, Any], root: Path) -> CodedArticle:
    article = None
    if row["text"] is not None and row["article_id"] is not None:
        published = row["published"]
        if published is not None and not isinstance(published, date):
            published = date.fromisoformat(str(published))
        article = Article(
            id=str(row["article_id"]),
            text=row["text"],
            title=row["title"],
            url=row["url"],
            outlet=row["outlet"],
            published=published,
            language=row["language"] or "en",
            origin=row["origin"],
        )
    try:
        events = events_from_json(row["events_json"]) if row["error"] is None else []
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(
            f"row {row['source']}:{row['line']} has unreadable events_json ({exc})", path=str(root)
        ) from None
    sig = row["minhash"]
    return CodedArticle(
        source=int(row["source"]),
        line=int(row["line"]),
        article=article,
        events=events,
        minhash=bytes.fromhex(sig) if sig else None,
        error=row["error"],
    )
