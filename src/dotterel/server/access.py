"""One store, many requests: serialised, off the event loop.

A DuckDB connection must not run two statements at once from different threads, and a query
over a million events takes long enough that it must not block the event loop. So every store
call goes through :meth:`StoreAccess.call`: a worker thread, one call at a time. For a local
explorer that is plenty; a busy multi-user server would open a cursor per worker instead.

Writing (POST /api/articles) also needs the extraction pipeline; it is loaded on the first
write, not at start-up, so a read-only explorer starts in a fraction of a second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread

from ..pipeline import Pipeline
from ..store import EventStore

__all__ = ["StoreAccess"]

T = TypeVar("T")


class StoreAccess:
    """The server's handle on the store (and, for writes, the pipeline)."""

    def __init__(self, store: EventStore, pipeline_factory: Callable[[], Pipeline] = Pipeline) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None

    @property
    def writable(self) -> bool:
        return not self.store.read_only

    def _locked(self, fn: Callable[[EventStore], T]) -> T:
        with self._lock:
            return fn(self.store)

    async def call(self, fn: Callable[[EventStore], T]) -> T:
        """Run ``fn(store)`` in a worker thread, one call at a time."""
        return await anyio.to_thread.run_sync(self._locked, fn)

    def pipeline(self) -> Pipeline:
        """The extraction pipeline, built on first use (call it inside :meth:`call`)."""
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        return self._pipeline
