"""Every core of one machine: ``--processes N`` for ``extract`` and ``ingest`` (DESIGN.md §5).

:class:`ParallelPipeline` has the interface of :class:`~dotterel.pipeline.Pipeline` that the
commands and the store use (``pipe``, ``code`` and ``extract``), but codes batches of articles in ``N``
worker processes, each holding its own ``Pipeline`` (the model loads once per worker). Results
come back **in input order** and are the records one process writes: the same pure
``articles → events`` function runs in every worker.

Why processes and not spaCy's ``n_process``: spaCy would ship ``Doc``s back through msgpack,
which cannot carry dotterel's typed ``Frame`` objects, and most of the time is in spaCy's parser
anyway, so parallelising whole articles costs nothing. Only articles go out and event records
come back; the reader, and the store writer of ``ingest``, stay in the main process.

Memory stays flat: at most ``2 × processes`` batches are in flight, so the input is read as the
workers free up, never all at once.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from .errors import ConfigError, DotterelError
from .pipeline import Outcome, Pipeline, PipelineConfig, successes
from .records import Article, Event

__all__ = ["ParallelPipeline", "available_cores", "open_pipeline", "parse_processes"]

#: One batch's outcome from a worker: each article's events, or the error that article raised.
_Outcome = list[list[Event] | DotterelError]

_WORKER: Pipeline | None = None
_INIT_ERROR: DotterelError | None = None


def available_cores() -> int:
    """Cores this process may run on (CPU affinity and cgroup-pinned sets included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS/Windows
        return max(1, os.cpu_count() or 1)


def parse_processes(value: str | int) -> int:
    """``--processes`` as a count: a positive integer, or ``auto`` for the machine's cores."""
    if isinstance(value, int):
        n = value
    elif str(value).strip().lower() == "auto":
        return available_cores()
    else:
        try:
            n = int(str(value).strip())
        except ValueError:
            raise ConfigError(f"--processes must be a positive integer or 'auto', not {value!r}") from None
    if n < 1:
        raise ConfigError(f"--processes must be a positive integer or 'auto', not {value!r}")
    return n


def _init_worker(config: PipelineConfig) -> None:
    # A failing initializer would make the pool restart the worker for ever: keep the error
    # and raise it with the first batch instead, so the caller sees it (typed) and stops.
    global _WORKER, _INIT_ERROR
    try:
        _WORKER = Pipeline(config)
    except DotterelError as err:
        _INIT_ERROR = err
    except Exception as exc:  # noqa: BLE001 - e.g. a broken model install
        _INIT_ERROR = ConfigError(f"cannot build the pipeline in a worker: {exc.__class__.__name__}: {exc}")


def _code(batch: list[Article]) -> _Outcome:
    """Code one batch in a worker: each article's events, or its error (never raised here)."""
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    assert _WORKER is not None, "worker not initialised"
    return [o.error if o.error is not None else o.events for o in _WORKER.code(batch, batch_size=len(batch))]


class ParallelPipeline:
    """``processes`` worker processes, each with a :class:`Pipeline`; use as a context manager."""

    def __init__(self, config: PipelineConfig | None = None, *, processes: int = 2) -> None:
        if processes < 1:
            raise ConfigError(f"processes must be at least 1, not {processes}")
        self.config = config or PipelineConfig()
        self.processes = processes
        # spawn, not fork: the parent may run threads (the store writer), and a forked copy of
        # a threaded process can deadlock; each worker builds its pipeline from the config.
        ctx = mp.get_context("spawn")
        self._pool: Pool | None = ctx.Pool(processes, initializer=_init_worker, initargs=(self.config,))

    # --- the Pipeline interface ------------------------------------------------------------
    def pipe(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int | None = None,
        on_error: Callable[[DotterelError], object] | None = None,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Stream ``(article, events)`` pairs in input order, as :meth:`Pipeline.pipe` does.

        A failing article raises its error after every article before it (or, with
        ``on_error``, is handed over and left out).
        """
        yield from successes(self.code(articles, batch_size=batch_size), on_error)

    def code(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[Outcome]:
        """One :class:`Outcome` per article, in input order, coded by the workers."""
        pool = self._live()
        size = batch_size or self.config.batch_size
        in_flight: deque[tuple[list[Article], AsyncResult[_Outcome]]] = deque()
        limit = 2 * self.processes

        def drain_one() -> Iterator[Outcome]:
            batch, result = in_flight.popleft()
            for article, outcome in zip(batch, result.get(), strict=True):
                if isinstance(outcome, DotterelError):
                    yield Outcome(article, [], outcome)
                else:
                    yield Outcome(article, outcome)

        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                in_flight.append((batch, pool.apply_async(_code, (batch,))))
                batch = []
                while len(in_flight) >= limit:
                    yield from drain_one()
        if batch:
            in_flight.append((batch, pool.apply_async(_code, (batch,))))
        while in_flight:
            yield from drain_one()

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, coded in a worker."""
        outcome = self._live().apply(_code, ([article],))[0]
        if isinstance(outcome, DotterelError):
            raise outcome
        return outcome

    # --- lifetime --------------------------------------------------------------------------
    def _live(self) -> Pool:
        if self._pool is None:
            raise ConfigError("this ParallelPipeline is closed")
        return self._pool

    def close(self) -> None:
        """Stop the workers (pending batches are abandoned)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> ParallelPipeline:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@contextmanager
def open_pipeline(config: PipelineConfig, processes: int = 1) -> Iterator[Pipeline | ParallelPipeline]:
    """One in-process pipeline for ``processes == 1``, else a pool of worker processes (closed after)."""
    if processes <= 1:
        yield Pipeline(config)
        return
    with ParallelPipeline(config, processes=processes) as pipeline:
        yield pipeline
