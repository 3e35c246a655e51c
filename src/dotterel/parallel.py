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

:class:`CodingStream` is that scheduler with the reading left to the caller: ``ingest`` puts the
new articles of chunk after chunk into one stream for the whole run and commits each chunk when
its outcomes are back, so the pool never drains at a store chunk's end (issue 18).
"""

from __future__ import annotations

import functools
import importlib
import math
import multiprocessing as mp
import os
import signal
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

__all__ = [
    "CodingStream",
    "ParallelPipeline",
    "available_cores",
    "chunk_sizes",
    "open_pipeline",
    "parse_processes",
]

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


@contextmanager
def _ctrl_c_left_to_parent() -> Iterator[None]:
    """Start processes that ignore Ctrl-C from their first instruction (see :func:`_init_worker`).

    A process started while SIGINT is ignored keeps ignoring it (Python installs its own handler
    only where the signal is not ignored), so a Ctrl-C while the workers import spaCy does not
    print their tracebacks. Only the main thread may set a handler; elsewhere the workers ignore
    it from their initializer on.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _init_worker(config: PipelineConfig, modules: tuple[str, ...], barrier: Any) -> None:
    # A failing initializer would make the pool restart the worker for ever: keep the error
    # and raise it with the first chunk instead, so the caller sees it (typed) and stops.
    global _WORKER, _INIT_ERROR, _BARRIER
    # Ctrl-C reaches the whole process group: the parent stops the run (the writer finishes its
    # chunk) and terminates the pool. A worker that took it too would die, perhaps holding the
    # task queue's lock (an idle worker waits for a chunk holding it), and the pool's terminate
    # would then wait for that lock for ever: the ingest hung after Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


class CodingStream:
    """Articles go in as they come (:meth:`put`), outcomes come out in input order (:meth:`take`).

    The scheduler behind :meth:`ParallelPipeline.code`, open to a caller that does other work
    between the two, as ``ingest`` does (issue 18): it triages the next articles and hands the
    finished chunks to its store writer while the workers code, so the pool never drains at a
    store chunk's end (``ingest`` called :meth:`ParallelPipeline.pipe` once per chunk: the
    workers idled while the last articles of each chunk were coded and while it was written).

    Chunks of ``size`` articles go out as soon as fewer than ``2 × processes`` are being coded
    or queued, up to ``4 × processes`` in flight (finished ones waiting for an earlier chunk
    included), each once ``2 × processes`` chunks' worth are read ahead, so that the end of the
    input is known before the last of them go out; a partial chunk only at the end (:meth:`end`:
    the shrinking chunks of :func:`chunk_sizes`) or when the caller has nothing more to give for
    now (:meth:`flush`). (Sending each chunk as soon as it was full sent the whole of a short
    input in full chunks before its end was known: one worker then coded a whole chunk alone.)
    """

    def __init__(
        self,
        pool: ParallelPipeline,
        size: int,
        on_failure: Callable[[list[Article], BaseException], list[Outcome]] | None = None,
    ) -> None:
        self._owner = pool
        self._pool = pool._live()
        self.size = max(1, size)
        self._on_failure = on_failure
        self.busy_limit = 2 * pool.processes  # chunks coding or queued: one of each per worker
        self.held_limit = 2 * self.busy_limit  # ... plus finished ones waiting for an earlier chunk
        self._in_flight: deque[tuple[int, list[Article], AsyncResult[_Outcome]]] = deque()
        self._finished: set[int] = set()  # chunks whose result has arrived (set by the pool's thread)
        self._arrived = threading.Event()
        self._ahead: deque[Article] = deque()  # put, not yet sent
        self._tail: deque[int] | None = None  # chunk sizes once the end of the input is known
        self._flush = False
        self._sent = 0
        pool.streams += 1

    # --- the caller's side ---------------------------------------------------------------------
    @property
    def capacity(self) -> int:
        """The most articles this stream holds at once (read ahead, in flight): its memory bound."""
        return (self.busy_limit + self.held_limit) * self.size

    def wants(self) -> bool:
        """Whether the stream would take more articles now (its read-ahead is not full)."""
        return self._tail is None and len(self._ahead) < self.busy_limit * self.size

    def put(self, articles: Iterable[Article]) -> None:
        if self._tail is not None:
            raise ConfigError("articles put into a coding stream after its end")
        self._ahead.extend(articles)
        self._flush = False

    def end(self) -> None:
        """No more articles: the rest go out in the shrinking chunks of :func:`chunk_sizes`."""
        if self._tail is None:
            self._tail = deque(chunk_sizes(len(self._ahead), self.size, self._owner.processes))

    def flush(self) -> None:
        """Send what is read ahead even as a short chunk: the caller has nothing more for now."""
        self._flush = bool(self._ahead)

    @property
    def done(self) -> bool:
        """Ended, and every article's outcome taken."""
        return self._tail is not None and not self._ahead and not self._in_flight

    def pump(self) -> bool:
        """Send chunks while workers have room (:meth:`take` does too); whether any went out."""
        sent = self._sent
        self._send()
        return self._sent > sent

    def take(self, wait: bool = False) -> list[Outcome]:
        """The outcomes ready now, in input order; chunks go out first where workers are free.

        With ``wait`` and nothing ready, waits until some chunk comes back (not necessarily the
        next in order: then the freed worker gets the next chunk at once and nothing may be
        ready yet; call again). A stream with nothing in flight first sends what it holds, even
        short of a chunk, so a wait always ends.
        """
        self._arrived.clear()  # before looking: a result arriving after the look wakes the wait
        self._send()
        if not self._in_flight and self._ahead and self._tail is None:
            self._flush = True  # nothing else to wait for: send them
            self._send()
        out = self._ready()
        if out or not wait or not self._in_flight:
            return out
        self._arrived.wait()
        self._send()
        return self._ready()

    # --- the pool's side -----------------------------------------------------------------------
    def _next_chunk(self) -> list[Article]:
        if self._tail is not None:
            n = self._tail.popleft() if self._tail else 0
        elif len(self._ahead) >= self.busy_limit * self.size:
            # a full chunk once the read-ahead is full: the end of the input is then in sight
            # (:meth:`end`) while ``busy_limit`` chunks are still unsent, in time for the tail
            n = self.size
        elif self._flush:
            n = min(self.size, len(self._ahead))
        else:
            n = 0
        chunk = [self._ahead.popleft() for _ in range(n)]
        if not self._ahead:
            self._flush = False
        return chunk

    def _send(self) -> None:
        while len(self._in_flight) < self.held_limit:
            busy = sum(1 for seq, _, _ in self._in_flight if seq not in self._finished)
            if busy >= self.busy_limit:
                return
            chunk = self._next_chunk()
            if not chunk:
                return
            callback = functools.partial(self._mark, self._sent)
            result = self._pool.apply_async(_code, (chunk,), callback=callback, error_callback=callback)
            self._in_flight.append((self._sent, chunk, result))
            self._sent += 1

    def _mark(self, seq: int, _result: object) -> None:
        self._finished.add(seq)
        self._arrived.set()

    def _ready(self) -> list[Outcome]:
        out: list[Outcome] = []
        while self._in_flight and self._in_flight[0][0] in self._finished:
            out.extend(self._deliver())
        return out

    def _deliver(self) -> list[Outcome]:
        seq, chunk, result = self._in_flight.popleft()
        self._finished.discard(seq)
        try:
            outcomes, cpu_s, busy_s = result.get()
        except Exception as exc:
            if self._on_failure is None:
                raise
            return self._on_failure(chunk, exc)
        self._owner.worker_cpu_s += cpu_s
        self._owner.worker_busy_s += busy_s
        return [
            Outcome(article, [], outcome) if isinstance(outcome, DotterelError) else Outcome(article, outcome)
            for article, outcome in zip(chunk, outcomes, strict=True)
        ]


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
        self.streams = 0  #: coding streams opened (each ``code``/``pipe`` call is one)
        # spawn, not fork: the parent may run threads (the store writer), and a forked copy of
        # a threaded process can deadlock; each worker builds its pipeline from the config.
        ctx = mp.get_context("spawn")
        modules = _factory_modules(self.config.components)
        barrier = ctx.Barrier(processes)
        with _ctrl_c_left_to_parent():
            self._pool: Pool | None = ctx.Pool(
                processes, initializer=_init_worker, initargs=(self.config, modules, barrier)
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
        flight, so one slow chunk does not leave the other workers idle (:class:`CodingStream`).
        """
        stream = self.stream(batch_size=batch_size)
        source = iter(articles)
        while not stream.done:
            while True:  # read ahead and send, until no worker has room
                while stream.wants():
                    article = next(source, None)
                    if article is None:
                        stream.end()
                    else:
                        stream.put((article,))
                if not stream.pump():
                    break
            yield from stream.take(wait=True)

    def stream(
        self,
        *,
        batch_size: int | None = None,
        on_failure: Callable[[list[Article], BaseException], list[Outcome]] | None = None,
    ) -> CodingStream:
        """A :class:`CodingStream` on these workers: feed it articles, take outcomes in order.

        ``on_failure`` turns a chunk the pool could not code at all (a worker that died, an
        error outside any article) into its articles' outcomes; without it the error is raised.
        """
        return CodingStream(self, batch_size or self.config.batch_size, on_failure)

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
