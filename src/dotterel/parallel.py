"""Every core of one machine: ``--processes N`` for ``extract`` and ``ingest`` (DESIGN.md §5).

:class:`ParallelPipeline` has the interface of :class:`~dotterel.pipeline.Pipeline` that the
commands and the store use (``pipe``, ``code`` and ``extract``), but codes chunks of articles in
``N`` worker processes, each holding its own ``Pipeline`` (the model loads once per worker).
Results come back **in input order** and are the records one process writes: the same pure
``articles → events`` function runs in every worker.

Why processes and not spaCy's ``n_process``: spaCy would ship ``Doc``s back through msgpack,
which cannot carry dotterel's typed ``Frame`` objects, and most of the time is in spaCy's parser
anyway, so parallelising whole articles costs nothing. Only articles go out and event records
come back, one message per chunk; the reader, and the store writer of ``ingest``, stay in the
main process. The main process's share is small (``bench/scale.py`` measures it: 0.5% of the
workers' CPU time). What this module can lose is workers left idle (under 1% of a run with the
measures below); the rest of any shortfall from ``N``× is the cores themselves (caches and
cores shared with each other and with other processes: a worker spent 3–14% more CPU
per article than a lone process):

* **the tail**: chunks of ``batch_size`` articles are handed to whichever worker is free, so
  near the end of the input one worker may still code a whole chunk while the others wait.
  The input is read a little ahead of the chunks in flight; once its end is in sight the last
  articles go out in smaller and smaller chunks (about an equal share for each of the
  ``2 × processes`` chunk places), so the workers finish together ("guided" scheduling);
* **start-up**: each worker loads the model on its own; :meth:`ParallelPipeline.wait_ready`
  waits until every worker has, so a timing can leave start-up out;
* **a slow chunk**: results are delivered in input order, but a worker that finishes is sent
  the next chunk at once, even while an earlier chunk (of long articles, say) is still coded.

Memory stays flat: at most ``4 × processes`` chunks are in flight (``2 × processes`` of them
coding or queued) and ``2 × processes`` chunks' worth of articles read ahead, never the whole
input.
"""

from __future__ import annotations

import functools
import importlib
import math
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from threading import BrokenBarrierError
from types import TracebackType
from typing import Any

from .errors import ConfigError, DotterelError
from .pipeline import Outcome, Pipeline, PipelineConfig, successes
from .records import Article, Event

__all__ = ["ParallelPipeline", "available_cores", "chunk_sizes", "open_pipeline", "parse_processes"]

#: One chunk's outcome from a worker: each article's events (or the error that article raised),
#: and the CPU and wall seconds the worker spent on the chunk.
_Outcome = tuple[list[list[Event] | DotterelError], float, float]

#: How long a worker waits at :meth:`ParallelPipeline.wait_ready` for the others to load.
_READY_TIMEOUT_S = 600.0

#: A short text each worker codes once when it is ready, so the first article of a timing does
#: not pay spaCy's first-call costs.
_WARM_UP = "Police arrested 40 protesters in Kabul on Tuesday, officials said."

_WORKER: Pipeline | None = None
_INIT_ERROR: DotterelError | None = None
_BARRIER: Any = None


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


def chunk_sizes(total: int, size: int, processes: int) -> list[int]:
    """The chunks ``total`` articles go out in once the end of the input is known ("guided").

    Each chunk is about an equal share of what is left for the ``2 × processes`` places in
    flight, at most ``size`` and at least one article: big chunks while much is left (few
    messages, spaCy's batches stay full), single articles at the very end (no worker waits
    long for another). ``chunk_sizes(52, 16, 2)`` is ``[13, 10, 8, 6, 4, 3, 2, 2, 1, 1, 1, 1]``.
    """
    out: list[int] = []
    places = 2 * processes
    while total > 0:
        n = max(1, min(size, math.ceil(total / places)))
        out.append(n)
        total -= n
    return out


def _factory_modules(names: Iterable[str]) -> tuple[str, ...]:
    """The modules that registered the named spaCy factories (a user's own stages included).

    A spawned worker starts with a fresh interpreter: a stage registered by a module the parent
    imported (``modules`` of a configuration file, or a user's script) must be imported there
    again before the pipeline is built. spaCy's own and ``__main__`` (re-run by the worker
    anyway) are left out.
    """
    from spacy.util import registry

    found: list[str] = []
    for name in names:
        try:
            func = registry.factories.get(name)
        except Exception:  # noqa: BLE001 - not registered (yet): build_nlp reports it
            continue
        module = getattr(func, "__module__", "") or ""
        if module.startswith("spacy"):  # Language.component wraps the user's function
            for cell in getattr(func, "__closure__", None) or ():
                inner = getattr(cell.cell_contents, "__module__", None)
                if callable(cell.cell_contents) and inner:
                    module = inner
                    break
        if module and module not in found and not module.startswith("spacy") and module != "__main__":
            found.append(module)
    return tuple(found)


def _init_worker(config: PipelineConfig, modules: tuple[str, ...], barrier: Any) -> None:
    # A failing initializer would make the pool restart the worker for ever: keep the error
    # and raise it with the first chunk instead, so the caller sees it (typed) and stops.
    global _WORKER, _INIT_ERROR, _BARRIER
    _BARRIER = barrier
    try:
        for module in modules:
            importlib.import_module(module)
        _WORKER = Pipeline(config)
    except DotterelError as err:
        _INIT_ERROR = err
    except Exception as exc:  # noqa: BLE001 - e.g. a broken model install
        _INIT_ERROR = ConfigError(f"cannot build the pipeline in a worker: {exc.__class__.__name__}: {exc}")


def _pipeline() -> Pipeline:
    if _INIT_ERROR is not None:
        raise _INIT_ERROR
    assert _WORKER is not None, "worker not initialised"
    return _WORKER


def _code(chunk: list[Article]) -> _Outcome:
    """Code one chunk in a worker: each article's events, or its error (never raised here)."""
    pipeline = _pipeline()
    t0, w0 = time.process_time(), time.perf_counter()
    out = [o.error if o.error is not None else o.events for o in pipeline.code(chunk, batch_size=len(chunk))]
    return out, time.process_time() - t0, time.perf_counter() - w0


def _ready(_: int) -> int:
    """Wait until every worker has built its pipeline (each takes one of these tasks), warm up."""
    try:
        pipeline = _pipeline()
    except DotterelError:
        _BARRIER.abort()  # release the others at once
        raise
    try:
        _BARRIER.wait(_READY_TIMEOUT_S)
    except BrokenBarrierError:
        raise ConfigError("a worker process could not build its pipeline") from None
    pipeline.extract(Article(id="warm-up", text=_WARM_UP))
    return os.getpid()


class ParallelPipeline:
    """``processes`` worker processes, each with a :class:`Pipeline`; use as a context manager.

    ``worker_cpu_s`` and ``worker_busy_s`` add up the CPU and wall seconds the workers spent
    coding chunks (start-up left out): a benchmark sets the parent's CPU beside the first, and
    the workers' idle time (``processes`` × its wall time − the second) beside its wall time.
    """

    def __init__(self, config: PipelineConfig | None = None, *, processes: int = 2) -> None:
        if processes < 1:
            raise ConfigError(f"processes must be at least 1, not {processes}")
        self.config = config or PipelineConfig()
        self.processes = processes
        self.worker_cpu_s = 0.0
        self.worker_busy_s = 0.0
        # spawn, not fork: the parent may run threads (the store writer), and a forked copy of
        # a threaded process can deadlock; each worker builds its pipeline from the config.
        ctx = mp.get_context("spawn")
        modules = _factory_modules(self.config.components)
        self._pool: Pool | None = ctx.Pool(
            processes, initializer=_init_worker, initargs=(self.config, modules, ctx.Barrier(processes))
        )

    def wait_ready(self) -> None:
        """Return once every worker has loaded its pipeline and coded a warm-up sentence.

        Raises a worker's :class:`~dotterel.errors.DotterelError` if it could not build one.
        Each worker takes exactly one of the ``processes`` tasks sent here: each waits at a
        barrier until all have arrived.
        """
        self._live().map(_ready, range(self.processes), chunksize=1)

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
        """One :class:`Outcome` per article, in input order, coded by the workers.

        Chunks of ``batch_size`` articles go out while the input goes on; its last articles
        go out in the shrinking chunks of :func:`chunk_sizes`, so that no worker idles while
        another codes a whole chunk at the end. A new chunk goes out as soon as fewer than
        ``2 × processes`` are being coded or queued, even while an earlier one (a chunk of long
        articles) holds back the finished ones behind it: up to ``4 × processes`` chunks in
        flight, so one slow chunk does not leave the other workers idle.
        """
        pool = self._live()
        size = max(1, batch_size or self.config.batch_size)
        busy_limit = 2 * self.processes  # chunks coding or queued: one of each per worker
        held_limit = 2 * busy_limit  # ... plus finished ones waiting for an earlier chunk
        in_flight: deque[tuple[int, list[Article], AsyncResult[_Outcome]]] = deque()
        finished: set[int] = set()  # chunks whose result has arrived (set by the pool's thread)
        arrived = threading.Event()
        source = iter(articles)
        ahead: deque[Article] = deque()  # read, not yet sent
        tail: deque[int] | None = None  # chunk sizes once the end of the input is known
        sent = 0

        def mark(seq: int, _result: object) -> None:
            finished.add(seq)
            arrived.set()

        def next_chunk() -> list[Article]:
            nonlocal tail
            while tail is None and len(ahead) < busy_limit * size:
                article = next(source, None)
                if article is None:
                    tail = deque(chunk_sizes(len(ahead), size, self.processes))
                else:
                    ahead.append(article)
            n = size if tail is None else (tail.popleft() if tail else 0)
            return [ahead.popleft() for _ in range(n)]

        def deliver() -> Iterator[Outcome]:
            seq, chunk, result = in_flight.popleft()
            finished.discard(seq)
            outcomes, cpu_s, busy_s = result.get()
            self.worker_cpu_s += cpu_s
            self.worker_busy_s += busy_s
            for article, outcome in zip(chunk, outcomes, strict=True):
                if isinstance(outcome, DotterelError):
                    yield Outcome(article, [], outcome)
                else:
                    yield Outcome(article, outcome)

        while True:
            arrived.clear()  # before looking: a result arriving after the look wakes the wait
            if in_flight and in_flight[0][0] in finished:
                yield from deliver()
                continue
            busy = sum(1 for seq, _, _ in in_flight if seq not in finished)
            if busy < busy_limit and len(in_flight) < held_limit:
                chunk = next_chunk()
                if chunk:
                    callback = functools.partial(mark, sent)
                    result = pool.apply_async(_code, (chunk,), callback=callback, error_callback=callback)
                    in_flight.append((sent, chunk, result))
                    sent += 1
                    continue
            if not in_flight:
                return
            arrived.wait()

    def extract(self, article: Article) -> list[Event]:
        """Events of one article, coded in a worker."""
        outcomes, cpu_s, busy_s = self._live().apply(_code, ([article],))
        self.worker_cpu_s += cpu_s
        self.worker_busy_s += busy_s
        outcome = outcomes[0]
        if isinstance(outcome, DotterelError):
            raise outcome
        return outcome

    # --- lifetime --------------------------------------------------------------------------
    def _live(self) -> Pool:
        if self._pool is None:
            raise ConfigError("this ParallelPipeline is closed")
        return self._pool

    def close(self) -> None:
        """Stop the workers (pending chunks are abandoned)."""
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
