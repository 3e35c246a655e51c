"""Ingest: articles in, a transaction per chunk of articles, idempotent and resumable.

The run goes in chunks of ``batch_size`` articles:

1. *triage* each article against what is stored (and what came earlier in this run): already
   stored with the same text → skipped (this is what makes a re-run add nothing and a killed run
   resume); same id with other text → a bad article; a copy of a stored article → a duplicate,
   recorded without extraction;
2. *extract* the new ones through the pipeline in one batch (one at a time if the batch fails, so
   the error names its article);
3. *commit* the chunk in input order, its articles in one transaction (issue 18): the article
   rows, their mentions, their actors, the events they join or start, the actor and place counts,
   with one statement per table for the whole chunk. Each article is clustered as if those before
   it were committed, so the store is the one a transaction per article built (it was 70 → 124
   ms/article from 1k to 10k stored articles, 8 to 9 statements and a commit each; a chunk now
   costs about what one article did). A crash (even SIGKILL) loses at most the chunk being
   written; DuckDB's write-ahead log rolls it back, and the re-run redoes it. Commits run on one
   writer thread while later chunks are triaged and extracted, so the store's time mostly hides
   behind the model's (DuckDB releases the GIL while it works).

With worker processes (``--processes N``: an extractor with a ``stream``, see
:class:`dotterel.parallel.CodingStream`) the new articles of every chunk go into one stream for
the whole run, triaged ahead in input order as far as the stream's look-ahead reaches (a bounded
number of articles, never the whole input): the workers code chunks k+1, k+2, ... while the
writer commits chunk k, and a chunk goes to the writer once its last outcome is back. Calling the
pool once per chunk (before) drained it at every chunk's end. In one process each chunk is coded
when it is reached, as before (nothing runs beside the main thread but the writer).

Triage sees this run's earlier articles whether or not they are committed yet (the claims in
:class:`~dotterel.store.originals.OriginalsIndex`), so how far ahead it runs changes nothing: the
store is the one a transaction per article builds. An article that fails keeps its claim until
the run ends (:meth:`Ingester._release`), so its later copies are refused alike however far
ahead they were triaged.

A bad article is rolled back alone and reported: a chunk whose transaction fails is rolled back
whole and its articles written one at a time, so only the article at fault is refused. With
``skip_bad=False`` the run stops there, with every earlier article kept. An article that a
pipeline stage fails on (``E3xx``, a bug, not bad input) never stops the run: it is reported
through ``on_error`` and counted in the summary's errors, and every other article is stored
(issue 17).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import duckdb
from datasketch import MinHash

from ..errors import DotterelError, ExtractionError, StoreError
from ..pipeline import Outcome
from ..records import Article, Event
from .cluster import ClusterSettings
from .dedup import Deduplicator, DedupSettings, DuplicateMatch
from .models import IngestSummary
from .originals import BANDS_TABLE, Known, OriginalsIndex
from .tables import check_event, insert
from .writer import EventWriter

__all__ = ["Extractor", "IngestProgress", "Ingester", "SignatureSource"]

#: Columns of an ``articles`` row as ingest writes it (``ingested_at`` is the transaction's time).
_ARTICLE_COLUMNS = [
    "id",
    "content_hash",
    "title",
    "url",
    "outlet",
    "published",
    "language",
    "origin",
    "text",
    "duplicate_of",
    "duplicate_kind",
    "similarity",
    "minhash",
    "num_mentions",
]


class Extractor(Protocol):
    """What ingest needs from a pipeline: :class:`dotterel.pipeline.Pipeline` fits."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...

    def extract(self, article: Article) -> list[Event]: ...


#: Called with the number of articles just handled (tqdm's ``update`` fits).
IngestProgress = Callable[[int], object]

#: An article's MinHash signature computed elsewhere (a Ray worker), or None to compute it here.
SignatureSource = Callable[[Article], MinHash | None]


@dataclass
class _Item:
    article: Article
    action: str  #: new | duplicate | skip | bad
    match: DuplicateMatch | None = None
    signature: MinHash | None = None
    keys: tuple[int, ...] = ()  #: LSH band keys of the signature (an original's are stored)
    events: list[Event] | None = None
    error: DotterelError | None = None
    claimed: bool = False  #: this run registered its id, hash and signature (undo if not stored)


@dataclass(eq=False)
class _Chunk:
    """A store chunk between triage and the writer: its articles, and how many of its new ones
    the coder has not answered for yet (it goes to the writer at 0, after every earlier chunk)."""

    items: list[_Item]
    waiting: int


class _Coder(Protocol):
    """Where ingest sends the new articles and takes their outcomes back, in input order:
    :class:`dotterel.parallel.CodingStream` (workers), or :class:`_ChunkCoder` (in process)."""

    def wants(self) -> bool: ...

    def put(self, articles: list[Article]) -> None: ...

    def end(self) -> None: ...

    def flush(self) -> None: ...

    def take(self, wait: bool = False) -> list[Outcome]: ...


class _ChunkCoder:
    """An extractor without a stream (one process, ``ingest --events``, a user's own): each
    chunk's new articles are coded together when ingest waits for them, in one ``pipe`` batch
    (one at a time if the batch fails, so the error names its article). The coding runs in the
    ingest's own thread, so nothing is gained by reading further ahead: it takes one chunk."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self._held: list[Article] = []

    def wants(self) -> bool:
        return not self._held

    def put(self, articles: list[Article]) -> None:
        self._held.extend(articles)

    def end(self) -> None:
        pass

    def flush(self) -> None:
        pass

    def take(self, wait: bool = False) -> list[Outcome]:
        if not wait or not self._held:
            return []
        held, self._held = self._held, []
        try:
            results = list(self.extractor.pipe(held))
            return [Outcome(a, events) for a, (_, events) in zip(held, results, strict=True)]
        except Exception:  # one article broke the batch: find it, keep the others
            return [_code_alone(self.extractor, article) for article in held]


def _code_alone(extractor: Extractor, article: Article) -> Outcome:
    """One article through ``extract``: its events, or its error (an untyped one wrapped)."""
    try:
        return Outcome(article, extractor.extract(article))
    except DotterelError as err:
        return Outcome(article, [], err)
    except Exception as exc:  # an extractor that does not wrap its own failures
        err = ExtractionError(
            f"extraction failed: {exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}",
            article_id=article.id,
        )
        return Outcome(article, [], err)


def _coder_for(extractor: Extractor, batch_size: int) -> tuple[_Coder, int]:
    """The coder for ``extractor`` and how many triaged articles ingest may hold ahead of the
    writer (its memory bound): what a stream holds, plus the chunk being triaged and one whose
    first outcomes are back."""
    stream = getattr(extractor, "stream", None)
    if callable(stream):
        coder = stream(on_failure=lambda chunk, _exc: [_code_alone(extractor, a) for a in chunk])
        return coder, coder.capacity + 2 * batch_size
    return _ChunkCoder(extractor), batch_size


def _read(source: Iterator[Article], n: int) -> tuple[list[Article], bool, DotterelError | None]:
    """Up to ``n`` articles; whether the input ended; the bad input that ended it, if one did."""
    chunk: list[Article] = []
    while len(chunk) < n:
        try:
            chunk.append(next(source))
        except StopIteration:
            return chunk, True, None
        except DotterelError as err:  # a bad input stops the run (no --skip-bad)
            return chunk, True, err
    return chunk, False, None


class Ingester:
    """Writes articles and their events into an open store connection."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, *, dedup: DedupSettings, cluster: ClusterSettings
    ) -> None:
        self.con = con
        self.cluster = cluster
        self.dedup = Deduplicator(dedup)  # signatures; the index itself is in the store:
        self.originals = OriginalsIndex(con, dedup)  # only this run's uncommitted articles in memory
        self._released: set[str] = set()  # originals of this run that failed to store
        self._failed: set[str] = set()  # articles of this run that failed to store (claims held)
        self.summary = IngestSummary()  # of the latest ingest run
        self._lock = threading.Lock()  # triage (reader side) vs. undoing a failed article (writer side)
        self._given: SignatureSource | None = None  # signatures computed on the workers (ingest --events)
        self.event_writer = EventWriter(con, cluster)  # events, mentions, actors, places; the run's index

    # --- public --------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the de-duplication index's own cursor (the store closes the connection)."""
        self.originals.close()

    def add(self, article: Article, events: list[Event]) -> IngestSummary:
        """Store one article with events extracted elsewhere; raises on a bad one."""
        summary = IngestSummary()
        with self._lock:
            (item,) = self._triage_chunk([article])
        if item.action == "new":
            item.events = events
        self.event_writer.end_run()  # a single article: the stored events it needs are loaded afresh
        try:
            self._commit(item, summary, skip_bad=False, on_error=None)
        finally:
            self._end_claims([item])
            self.event_writer.end_run()
        return summary

    def ingest(
        self,
        articles: Iterable[Article],
        extractor: Extractor,
        *,
        skip_bad: bool,
        on_error: Callable[[str], None] | None,
        progress: IngestProgress | None,
        batch_size: int,
        signatures: SignatureSource | None = None,
    ) -> IngestSummary:
        summary = self.summary = IngestSummary()
        self._released = set()
        self._failed = set()
        self._given = signatures
        self.event_writer.start_run()  # the index lives for this run only: nothing else writes meanwhile
        coder, limit = _coder_for(extractor, batch_size)

        def commit(items: list[_Item]) -> None:
            self._commit_chunk(items, summary, skip_bad, on_error, progress)

        window: deque[_Chunk] = deque()  # triaged, not handed to the writer yet: input order
        waiting: deque[tuple[_Chunk, _Item]] = deque()  # new articles given to the coder, in order
        source = iter(articles)
        exhausted = False
        stop: DotterelError | None = None  # a bad input (no --skip-bad): the run ends after it

        # While chunk k is being written (DuckDB works outside the GIL), later chunks are triaged
        # and coded: writes stay sequential and in input order, and the store's time hides
        # behind the model's.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dotterel-store") as writer:
            pending: Future[None] | None = None

            def hand_over(items: list[_Item]) -> None:
                nonlocal pending
                if pending is not None:
                    try:
                        pending.result()
                    except BaseException:
                        self._release_all(items)
                        raise
                pending = writer.submit(commit, items)

            try:
                while True:
                    moved = False
                    if not exhausted and coder.wants() and sum(len(c.items) for c in window) < limit:
                        chunk, exhausted, stop = _read(source, batch_size)
                        if chunk:
                            with self._lock:
                                items = self._triage_chunk(chunk)
                            new = [item for item in items if item.action == "new"]
                            window.append(_Chunk(items, len(new)))
                            waiting.extend((window[-1], item) for item in new)
                            coder.put([item.article for item in new])
                        if exhausted:
                            coder.end()
                        moved = True
                    while window and not window[0].waiting:
                        hand_over(window.popleft().items)
                        moved = True
                    if exhausted and not window:
                        break
                    if not moved and not exhausted and coder.wants():
                        coder.flush()  # the look-ahead is full: code what is given, even short of a batch
                    for outcome in coder.take(wait=not moved):
                        held, item = waiting.popleft()
                        assert outcome.article is item.article, "outcomes out of input order"
                        if outcome.error is not None:
                            item.action, item.error = "bad", outcome.error
                        else:
                            item.events = outcome.events
                        held.waiting -= 1
                if stop is not None:
                    summary.errors += 1
                    raise stop  # every article read before it is stored
            finally:
                self._given = None
                try:
                    if pending is not None:
                        pending.result()  # the last write finishes (or raises) before we return
                finally:
                    self._end_claims([item for held in window for item in held.items])
                    self.event_writer.end_run()
        return summary

    # --- steps ---------------------------------------------------------------------------------
    def _release_all(self, items: list[_Item]) -> None:
        with self._lock:
            for item in items:
                self._release(item)

    def _commit_chunk(
        self,
        items: list[_Item],
        summary: IngestSummary,
        skip_bad: bool,
        on_error: Callable[[str], None] | None,
        progress: IngestProgress | None,
    ) -> None:
        """Write a chunk in input order: each run of consecutive articles that can be stored as
        they are goes in one transaction (:meth:`_commit_group`); the rest (already stored, bad)
        one at a time, as before."""
        i = 0
        while i < len(items):
            end = i
            while end < len(items) and self._groupable(items[end]):
                end += 1
            try:
                if end - i >= 2:
                    self._commit_group(items[i:end], summary, skip_bad, on_error, progress)
                    i = end
                    continue
                self._commit(items[i], summary, skip_bad=skip_bad, on_error=on_error)
            except BaseException:
                self._release_all(items[i:])  # triaged, never written: a re-run must redo them
                raise
            i += 1
            if progress is not None:
                progress(1)

    def _groupable(self, item: _Item) -> bool:
        """Whether the article can join a group transaction: new or a copy, of a known original,
        with events that pass the store's checks (anything else takes the one-article path, which
        reports it)."""
        if item.action == "duplicate":
            return not (item.match and item.match.original_id in self._released)
        if item.action != "new":
            return False
        try:
            for event in item.events or []:
                check_event(event, item.article)
        except DotterelError:
            return False
        return True

    def _commit_group(
        self,
        items: list[_Item],
        summary: IngestSummary,
        skip_bad: bool,
        on_error: Callable[[str], None] | None,
        progress: IngestProgress | None,
    ) -> None:
        """Several articles in one transaction (issue 18: a commit and a statement per table for
        the group instead of for each article). If the group fails, it is rolled back whole and
        its articles go one at a time, so a failure is reported for its own article exactly as
        before and every other article is stored."""
        try:
            self._write(items, summary)
        except Exception:
            for item in items:
                self._commit(item, summary, skip_bad=skip_bad, on_error=on_error)
                if progress is not None:
                    progress(1)
            return
        if progress is not None:
            progress(len(items))

    def _triage_chunk(self, chunk: list[Article]) -> list[_Item]:
        """Triage a chunk in input order against the store, asked once (call under the lock)."""
        try:
            stored = self.originals.stored_hashes([a.id for a in chunk])
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the store: {' '.join(str(exc).split())}") from None
        signatures: list[MinHash | None] = []
        for article in chunk:
            signature = None
            if self.dedup.settings.enabled and article.id not in stored:
                signature = self._given(article) if self._given is not None else None
                if signature is None or len(signature.hashvalues) != self.dedup.settings.num_perm:
                    signature = self.dedup.signature(article.text)
            signatures.append(signature)
        keys = [self.originals.band_keys(sig.hashvalues) if sig is not None else () for sig in signatures]
        try:
            known = self.originals.lookup([a.content_hash for a in chunk], [k for ks in keys for k in ks])
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the store: {' '.join(str(exc).split())}") from None
        known.stored = stored
        return [self._triage(a, sig, ks, known) for a, sig, ks in zip(chunk, signatures, keys, strict=True)]

    def _triage(
        self, article: Article, signature: MinHash | None, keys: tuple[int, ...], known: Known
    ) -> _Item:
        chash = article.content_hash
        # claimed by this run (this chunk's earlier articles too), else stored before the chunk
        stored = self.originals.claimed_hash(article.id) or known.stored.get(article.id)
        if stored is not None:
            if stored == chash:
                return _Item(article, "skip")
            err = StoreError(
                "an article with this id is already stored with different text: "
                "give the new version its own id",
                article_id=article.id,
            )
            return _Item(article, "bad", error=err)
        match = self.originals.find(chash, signature, keys, known)
        # Claim the id and text now, so later copies in the same chunk link to this article.
        if match is not None:
            self.originals.claim(article.id, chash, original=match.original_id)
            return _Item(article, "duplicate", match=match, signature=signature, claimed=True)
        self.originals.claim(article.id, chash, original=None, mh=signature, keys=keys)
        return _Item(article, "new", signature=signature, keys=keys, claimed=True)

    def _release(self, item: _Item) -> None:
        """An article that was not stored: nothing may link to it, and a re-run retries it.

        Its claim stays in the index until the run ends (:meth:`_end_claims`): a later copy of it
        (exact or near), or its id again, is triaged the same way whenever it is read, before the
        failure or after it, and refused when committed (the failure is known by then: the writer
        commits in input order). Triage runs ahead of the writer by a chunk in one process and by
        the workers' look-ahead with ``--processes``: forgetting the claim at once would make
        what the copies become depend on that timing, and a run with workers would store what
        one process refuses.
        """
        if not item.claimed:
            return  # e.g. an id stored earlier with other text: the stored article stays indexed
        item.claimed = False
        aid = item.article.id
        self._failed.add(aid)
        if item.match is None:
            self._released.add(aid)

    def _end_claims(self, unwritten: list[_Item]) -> None:
        """The run is over: forget what it claimed and never stored (failed, or never written
        because the run stopped), so that a later run retries those articles."""
        with self._lock:
            for item in unwritten:
                if item.claimed:
                    item.claimed = False
                    self._failed.add(item.article.id)
            for aid in self._failed:
                self.originals.settle(aid)
            self._failed = set()

    def _commit(
        self, item: _Item, summary: IngestSummary, *, skip_bad: bool, on_error: Callable[[str], None] | None
    ) -> None:
        if item.action == "skip":
            if item.article.id not in self._failed:
                summary.skipped += 1
                return
            item.action = "bad"  # the same id earlier in this run, which could not be stored
            item.error = StoreError(
                "an earlier article with this id in this run could not be stored", article_id=item.article.id
            )
        if item.action == "duplicate" and item.match and item.match.original_id in self._released:
            item.action = "bad"
            item.error = StoreError(
                f"copy of article {item.match.original_id}, which could not be stored",
                article_id=item.article.id,
            )
        if item.action != "bad":
            try:
                if item.action == "new":
                    for event in item.events or []:
                        check_event(event, item.article)
                self._write([item], summary)
                return
            except DotterelError as err:
                item.action, item.error = "bad", err
            except duckdb.Error as exc:
                item.action = "bad"
                item.error = StoreError(f"cannot store article: {exc}", article_id=item.article.id)
        assert item.error is not None
        if item.error.article_id is None and item.error.path is None:
            item.error.article_id = item.article.id
        with self._lock:
            self._release(item)
        summary.errors += 1
        summary.error_messages.append(str(item.error))
        if not skip_bad and not isinstance(item.error, ExtractionError):
            raise item.error
        if on_error is not None:
            on_error(str(item.error))

    def _write(self, items: list[_Item], summary: IngestSummary) -> None:
        """Articles in one transaction: a fixed handful of statements however many articles and
        events (the article rows, their band keys, then each table the events change, once)."""
        con = self.con
        writer = self.event_writer
        writer.begin()
        con.execute("BEGIN TRANSACTION")
        try:
            insert(con, "articles", _ARTICLE_COLUMNS, [self._article_row(item) for item in items])
            bands = [
                row
                for item in items
                if item.signature is not None and item.match is None
                for row in self.originals.band_rows(item.article.id, item.signature.hashvalues)
            ]
            insert(con, BANDS_TABLE, None, bands)
            created = [
                writer.stage(item.events) if item.action == "new" and item.events else 0 for item in items
            ]
            writer.flush()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            writer.abandon()  # nothing of it stays in the index or the known actors and places
            raise
        with self._lock:
            for item in items:
                if item.claimed:
                    item.claimed = False
                    self.originals.settle(item.article.id)  # the store answers for it from now on
        writer.committed()
        for item, new_events in zip(items, created, strict=True):
            summary.articles += 1
            if item.action == "duplicate":
                summary.duplicates += 1
            else:
                summary.mentions += len(item.events or [])
                summary.events += new_events

    def _article_row(self, item: _Item) -> list[object]:
        article, match = item.article, item.match
        return [
            article.id,
            article.content_hash,
            article.title,
            article.url,
            article.outlet,
            article.published,
            article.language,
            article.origin,
            article.text,
            match.original_id if match else None,
            match.kind if match else None,
            match.similarity if match else None,
            self.dedup.encode(item.signature) if item.signature is not None and not match else None,
            0 if match else len(item.events or []),
        ]
