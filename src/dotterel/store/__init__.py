"""The event store: many articles in, one trustworthy event dataset out (DuckDB by default).

:class:`EventStore` is the public face; the CLI (``dotterel ingest`` / ``dotterel events``), the
HTTP API and the web explorer call only its methods and read only the typed records of
:mod:`dotterel.store.models`. Each job lives in its own module:

- ``db``: opening the DuckDB file, the one-writer lock turned into :class:`StoreLockedError`;
- ``migrations``: the schema as named migrations recorded in the database;
- ``dedup``: identical and near-identical articles (MinHash LSH) linked to one original;
- ``originals``: the de-duplication index, kept in the store and asked once per chunk;
- ``cluster``: mentions of one real event grouped into one event;
- ``ingest``: one transaction per article, idempotent and resumable;
- ``writer``: one article's events, mentions, actors and places, clustered and written;
- ``query``: filters, pagination, actors, dyads, network, timeline, stats;
- ``export`` / ``network``: JSONL, CSV, Parquet, GDELT-like, ACLED-like, GraphML, GEXF.

Usage::

    with EventStore("dotterel.duckdb") as store:
        store.ingest(articles, pipeline)
        page = store.query_events(EventFilter(actor="hamas", quad_code=(4,)), limit=20)

    with EventStore("dotterel.duckdb", read_only=True) as store:   # the explorer
        detail = store.get_event(page.events[0].id)

A read-only store opens while no writer holds the file (DuckDB allows one writing process, or any
number of reading ones); a second writer gets :class:`~dotterel.errors.StoreLockedError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

from ..errors import StoreError
from ..records import Article, Event
from . import export as _export
from . import query as _query
from .cluster import ClusterSettings
from .db import connect
from .dedup import DedupSettings
from .ingest import Extractor, IngestProgress, SignatureSource
from .ingest import Ingester as _Ingester
from .migrations import migrate
from .models import (
    ActorDetail,
    ActorSummary,
    ArticleDetail,
    ArticleSpan,
    Dyad,
    EventDetail,
    EventFilter,
    EventPage,
    EventSummary,
    IngestSummary,
    MentionRecord,
    Network,
    NetworkEdge,
    NetworkNode,
    StoreStats,
    TimelinePoint,
)

__all__ = [
    "EXPORT_FORMATS",
    "ActorDetail",
    "ActorSummary",
    "ArticleDetail",
    "ArticleSpan",
    "ClusterSettings",
    "DedupSettings",
    "Dyad",
    "EventDetail",
    "EventFilter",
    "EventPage",
    "EventStore",
    "EventSummary",
    "Extractor",
    "IngestProgress",
    "IngestSummary",
    "MentionRecord",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "SignatureSource",
    "StoreStats",
    "TimelinePoint",
    "MEMORY_ENV",
    "THREADS_ENV",
    "WRITER_MEMORY",
]

#: Environment variables with the DuckDB settings a store opens with (see :class:`EventStore`).
MEMORY_ENV = "DOTTEREL_STORE_MEMORY"
THREADS_ENV = "DOTTEREL_STORE_THREADS"
#: DuckDB's cache for a store opened read-write: an ingest's memory stops growing there (its
#: statements touch a few rows each; bigger queries spill to disk). Readers keep DuckDB's default.
WRITER_MEMORY = "256MB"


def _env_threads() -> int | None:
    value = os.environ.get(THREADS_ENV, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise StoreError(f"{THREADS_ENV}={value!r} is not a number of threads (1 or more)")
    return int(value)


#: Formats :meth:`EventStore.export` writes; the binary ones need a file (``out``) not a terminal.
EXPORT_FORMATS: tuple[str, ...] = _export.FORMATS


class EventStore:
    """A DuckDB event store. Use it as a context manager so the file lock is always released.

    ``path`` may be ``":memory:"`` (tests). Opening read-write applies any pending migrations;
    opening read-only never writes and fails with :class:`StoreError` when the schema is missing
    or older than this dotterel.

    ``memory_limit`` caps DuckDB's buffer cache (``"512MB"``; default: the ``DOTTEREL_STORE_MEMORY``
    environment variable, else :data:`WRITER_MEMORY` for a writer and DuckDB's 80% of the machine
    for a reader) and ``threads`` its threads (default ``DOTTEREL_STORE_THREADS``, else one per
    core): DuckDB keeps what it read or wrote cached up to its limit, so without one a long
    ingest's memory grows with the store (issue 18).
    """

    def __init__(
        self,
        path: str | Path = "dotterel.duckdb",
        *,
        read_only: bool = False,
        dedup: DedupSettings | None = None,
        cluster: ClusterSettings | None = None,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.dedup_settings = dedup or DedupSettings()
        self.cluster_settings = cluster or ClusterSettings()
        self._ingester: _Ingester | None = None
        #: What the latest :meth:`ingest` stored, also when it stopped on an error.
        self.last_summary: IngestSummary | None = None
        self.con = connect(
            self.path,
            read_only=read_only,
            memory_limit=memory_limit or os.environ.get(MEMORY_ENV) or (None if read_only else WRITER_MEMORY),
            threads=threads or _env_threads(),
        )
        try:
            migrate(self.con, read_only=read_only)
        except BaseException:
            self.con.close()
            raise

    # --- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        if self._ingester is not None:
            self._ingester.close()
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _writer(self) -> _Ingester:
        if self.read_only:
            raise StoreError("this store was opened read-only: open it without read_only to ingest")
        if self._ingester is None:
            self._ingester = _Ingester(self.con, dedup=self.dedup_settings, cluster=self.cluster_settings)
        return self._ingester

    # --- writing -------------------------------------------------------------------------------
    def ingest(
        self,
        articles: Iterable[Article],
        extractor: Extractor,
        *,
        skip_bad: bool = True,
        on_error: Callable[[str], None] | None = None,
        progress: IngestProgress | None = None,
        batch_size: int = 16,
        signatures: SignatureSource | None = None,
    ) -> IngestSummary:
        """Code and store ``articles``; each chunk of ``batch_size`` articles is committed in one
        transaction (atomically; an article that fails is rolled back alone, see docs/store.md).

        ``extractor`` is a :class:`~dotterel.pipeline.Pipeline` (anything with ``pipe`` and
        ``extract``). Articles already stored (same id and text) are skipped before extraction,
        so re-running an ingest adds nothing and an interrupted one resumes where it stopped.
        Copies of stored articles are recorded as duplicates without extracting them again.
        A bad article (extraction failure, invalid event) is rolled back; with ``skip_bad`` it is
        reported through ``on_error`` and the run goes on, otherwise the error is raised with
        everything before it kept. ``signatures`` gives MinHash signatures computed elsewhere
        (``ingest --events``: on the Ray workers); None, or a missing one, is computed here.
        """
        writer = self._writer()
        try:
            return writer.ingest(
                articles,
                extractor,
                skip_bad=skip_bad,
                on_error=on_error,
                progress=progress,
                batch_size=batch_size,
                signatures=signatures,
            )
        finally:
            self.last_summary = writer.summary

    def add_article(self, article: Article, events: list[Event]) -> IngestSummary:
        """Store one article with events already extracted (by a Ray job, a test, another coder)."""
        return self._writer().add(article, events)

    # --- reading -------------------------------------------------------------------------------
    def query_events(
        self, filters: EventFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> EventPage:
        """One page of events matching ``filters``, newest first (date desc, then id)."""
        return _query.query_events(self.con, filters or EventFilter(), limit=limit, offset=offset)

    def get_event(self, event_id: str) -> EventDetail:
        """An event with all its mentions and their evidence; :class:`StoreError` if unknown."""
        return _query.get_event(self.con, event_id)

    def get_article(self, article_id: str) -> ArticleDetail:
        """A stored article with its text and every span its events were read from."""
        return _query.get_article(self.con, article_id)

    def actors(
        self, filters: EventFilter | None = None, *, limit: int = 50, offset: int = 0
    ) -> list[ActorSummary]:
        """Actors taking part in the matching events, most events first."""
        return _query.actors(self.con, filters or EventFilter(), limit=limit, offset=offset)

    def actor(self, actor_id: str, filters: EventFilter | None = None) -> ActorDetail:
        """One actor with its dyads (counterparts, counts per quad class) and event types."""
        return _query.actor(self.con, actor_id, filters or EventFilter())

    def network(self, filters: EventFilter | None = None, *, min_weight: int = 1) -> Network:
        """Actor → recipient network of the matching events, edges weighted per quad class."""
        return _query.network(self.con, filters or EventFilter(), min_weight=min_weight)

    def timeline(
        self,
        filters: EventFilter | None = None,
        *,
        interval: Literal["day", "week", "month"] = "day",
        by: Literal["category", "quad"] = "category",
    ) -> list[TimelinePoint]:
        """Counts of matching events per period and per category (or quad class)."""
        return _query.timeline(self.con, filters or EventFilter(), interval=interval, by=by)

    def stats(self) -> StoreStats:
        """Totals: articles, duplicates, mentions, events, actors, places, date range."""
        return _query.stats(self.con)

    def export(
        self,
        fmt: str,
        filters: EventFilter | None = None,
        out: IO[bytes] | str | Path | None = None,
        *,
        level: Literal["events", "mentions"] = "events",
        limit: int | None = None,
        offset: int = 0,
        header: bool | None = None,
        all_events: bool = False,
    ) -> int:
        """Write the matching events in ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``out``.

        ``out`` is a binary stream or a file path (required for ``parquet``). ``level="mentions"``
        writes one row per mention instead of one per event (jsonl/csv/parquet); ``limit`` and
        ``offset`` page the rows (not the network formats). ``header``: add (or drop) the header
        row (default: none for the GDELT tables, as GDELT publishes them; one for CSVs).
        ``all_events``: the ACLED export keeps what ACLED would not record. Returns rows (or
        edges) written.
        """
        return _export.export(
            self.con,
            fmt,
            filters or EventFilter(),
            out,
            level=level,
            limit=limit,
            offset=offset,
            options=_export.ExportOptions(header=header, all_events=all_events),
        )
