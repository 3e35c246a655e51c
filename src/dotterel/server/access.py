"""One store, many requests: off the event loop, one connection per running query.

A DuckDB connection must not run two statements at once from different threads, and a query
over a million events takes long enough that it must not block the event loop. So every store
call goes through :meth:`StoreAccess.call`: a worker thread holding one connection. A writable
(or in-memory) store has one connection, so calls run one at a time. A read-only store file is
opened ``readers`` times (DuckDB shares one database among them), so a slow question (the
network of a million events) does not hold up a quick one (the first page of the table): the
explorer's first load sends five at once.

A server over a read-only store also keeps the answers of its read endpoints (an LRU of JSON
bodies, :class:`ResponseCache`): while it holds the file read-only no process can write to it,
so an answer cannot go stale, and the explorer asks the same questions again and again (every
click on "clear" repeats the first load). A writable server caches nothing.

Writing (POST /api/articles) also needs the extraction pipeline; it is loaded on the first
write, not at start-up, so a read-only explorer starts in a fraction of a second.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread

from ..pipeline import Outcome, Pipeline
from ..records import Article
from ..store import EventFilter, EventStore

__all__ = ["ResponseCache", "StoreAccess"]

_T = TypeVar("_T")


class ResponseCache:
    """A small thread-safe LRU of response bodies, bounded in entries and in entry size."""

    def __init__(self, max_entries: int = 512, max_entry_bytes: int = 2 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_entry_bytes = max_entry_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_entry_bytes:
            return
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)


class StoreAccess:
    """The server's handle on the store (and, for writes, the pipeline)."""

    def __init__(
        self,
        store: EventStore,
        pipeline_factory: Callable[[], Pipeline] = Pipeline,
        *,
        cache: bool = True,
        readers: int = 3,
    ) -> None:
        self.store = store
        self._pool: queue.SimpleQueue[EventStore] = queue.SimpleQueue()
        self._pool.put(store)
        self._extra: list[EventStore] = []
        if store.read_only and store.path != ":memory:":
            for _ in range(readers - 1):
                extra = EventStore(store.path, read_only=True)
                self._extra.append(extra)
                self._pool.put(extra)
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None
        self._pipeline_lock = threading.Lock()  # one spaCy pipeline: one article batch at a time
        #: Answers of read endpoints, only while nothing can write the store.
        self.cache: ResponseCache | None = ResponseCache() if cache and store.read_only else None

    @property
    def writable(self) -> bool:
        return not self.store.read_only

    @property
    def connections(self) -> int:
        return 1 + len(self._extra)

    def _run(self, fn: Callable[[EventStore], _T]) -> _T:
        store = self._pool.get()  # waits while every connection is busy
        try:
            return fn(store)
        finally:
            self._pool.put(store)

    async def call(self, fn: Callable[[EventStore], _T]) -> _T:
        """Run ``fn(store)`` in a worker thread on a free connection."""
        return await anyio.to_thread.run_sync(self._run, fn)

    def close(self) -> None:
        """Close the extra read connections (the caller owns and closes ``store``)."""
        for extra in self._extra:
            extra.close()
        self._extra.clear()

    def warm_up(self) -> None:
        """Ask the explorer's landing questions once before serving.

        The first read of each column comes from disk and the first use of pycountry loads its
        tables; doing that here, before the port opens, means the first visitor does not pay
        for it (with a million events this adds a few seconds to start-up, which the first page
        load would otherwise take). Answers are not kept: only DuckDB's and the OS's caches warm.
        """
        from ..store import explore
        from .geo import map_summary, numeric_code

        numeric_code("USA")
        landing = EventFilter(status=("asserted", "historical"))  # the explorer's default view

        def run(store: EventStore) -> None:
            store.query_events(landing, limit=50)
            explore.top_network(store.con, landing, max_nodes=60)
            explore.counts(store.con, landing)
            explore.dyads(store.con, landing, limit=25)
            store.timeline(landing, interval="week", by="category")
            map_summary(store, landing)

        self._run(run)

    def pipeline(self) -> Pipeline:
        """The extraction pipeline, built on first use (call it inside :meth:`call`)."""
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        return self._pipeline

    async def code(self, articles: list[Article]) -> list[Outcome]:
        """Code ``articles`` in a worker thread *without* holding a store connection.

        Coding a long article takes seconds; holding the (single, writable) connection meanwhile
        would make every read wait for it (issue 17). Only the short write takes the connection.
        """

        def run() -> list[Outcome]:
            with self._pipeline_lock:
                return list(self.pipeline().code(articles))

        return await anyio.to_thread.run_sync(run)
