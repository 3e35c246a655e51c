"""Ingest: articles in, one transaction per article, idempotent and resumable.

The run goes in chunks of ``batch_size`` articles:

1. *triage* each article against what is stored (and what came earlier in this run): already
   stored with the same text → skipped (this is what makes a re-run add nothing and a killed run
   resume); same id with other text → a bad article; a copy of a stored article → a duplicate,
   recorded without extraction;
2. *extract* the new ones through the pipeline in one batch (one at a time if the batch fails, so
   the error names its article);
3. *commit* each article in input order, in its own transaction: the article row, its mentions,
   their actors, the events they join or start, the actor and place counts. A crash (even
   SIGKILL) loses at most the article being written; DuckDB's write-ahead log rolls it back.

A bad article is rolled back and reported; with ``skip_bad=False`` the run stops there, with every
earlier article kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import duckdb
from datasketch import MinHash

from ..errors import DotterelError, StoreError
from ..records import PLOVER_EVENT_TYPES, QUAD_CODES, STATUSES, Article, Event
from .cluster import ClusterSettings, EventRow, MentionKeys, actor_id, score
from .dedup import Deduplicator, DedupSettings, DuplicateMatch
from .models import IngestSummary

__all__ = ["Extractor", "IngestProgress", "Ingester"]


class Extractor(Protocol):
    """What ingest needs from a pipeline: :class:`dotterel.pipeline.Pipeline` fits."""

    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...

    def extract(self, article: Article) -> list[Event]: ...


#: Called with the number of articles just handled (tqdm's ``update`` fits).
IngestProgress = Callable[[int], object]


@dataclass
class _Item:
    article: Article
    action: str  #: new | duplicate | skip | bad
    match: DuplicateMatch | None = None
    signature: MinHash | None = None
    events: list[Event] | None = None
    error: DotterelError | None = None


class Ingester:
    """Writes articles and their events into an open store connection."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, *, dedup: DedupSettings, cluster: ClusterSettings
    ) -> None:
        self.con = con
        self.cluster = cluster
        self.dedup = Deduplicator(dedup)
        self.stored: dict[str, str] = {}  # article id -> content hash
        self.summary = IngestSummary()  # of the latest ingest run
        self._load()

    def _load(self) -> None:
        rows = self.con.execute(
            "SELECT id, content_hash, duplicate_of, minhash FROM articles ORDER BY ingested_at, id"
        ).fetchall()
        for aid, chash, dup_of, sig in rows:
            self.stored[aid] = chash
            if dup_of is None:
                self.dedup.add_original(aid, chash, self.dedup.decode(sig) if sig else None)
            else:
                self.dedup.add_copy(chash, dup_of)

    # --- public --------------------------------------------------------------------------------
    def add(self, article: Article, events: list[Event]) -> IngestSummary:
        """Store one article with events extracted elsewhere; raises on a bad one."""
        summary = IngestSummary()
        item = self._triage(article)
        if item.action == "new":
            item.events = events
        self._commit(item, summary, skip_bad=False, on_error=None)
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
    ) -> IngestSummary:
        summary = self.summary = IngestSummary()
        chunk: list[Article] = []
        iterator = iter(articles)
        while True:
            try:
                article = next(iterator)
            except StopIteration:
                break
            except DotterelError:
                # A bad input stops the run (no --skip-bad): keep every article read before it.
                self._chunk(chunk, extractor, summary, skip_bad, on_error, progress)
                summary.errors += 1
                raise
            chunk.append(article)
            if len(chunk) >= batch_size:
                self._chunk(chunk, extractor, summary, skip_bad, on_error, progress)
                chunk = []
        if chunk:
            self._chunk(chunk, extractor, summary, skip_bad, on_error, progress)
        return summary

    # --- steps ---------------------------------------------------------------------------------
    def _chunk(
        self,
        chunk: list[Article],
        extractor: Extractor,
        summary: IngestSummary,
        skip_bad: bool,
        on_error: Callable[[str], None] | None,
        progress: IngestProgress | None,
    ) -> None:
        items = [self._triage(a) for a in chunk]
        self._extract([i for i in items if i.action == "new"], extractor)
        for i, item in enumerate(items):
            try:
                self._commit(item, summary, skip_bad=skip_bad, on_error=on_error)
            except BaseException:
                for later in items[i + 1 :]:  # triaged but never written: a re-run must redo them
                    if later.action != "skip":
                        self._release(later)
                raise
            if progress is not None:
                progress(1)

    def _triage(self, article: Article) -> _Item:
        chash = article.content_hash
        known = self.stored.get(article.id)
        if known is not None:
            if known == chash:
                return _Item(article, "skip")
            err = StoreError(
                "an article with this id is already stored with different text: "
                "give the new version its own id",
                article_id=article.id,
            )
            return _Item(article, "bad", error=err)
        signature = self.dedup.signature(article.text) if self.dedup.settings.enabled else None
        match = self.dedup.find(chash, signature)
        # Claim the id and text now, so later copies in the same chunk link to this article.
        self.stored[article.id] = chash
        if match is not None:
            self.dedup.add_copy(chash, match.original_id)
            return _Item(article, "duplicate", match=match, signature=signature)
        self.dedup.add_original(article.id, chash, signature)
        return _Item(article, "new", signature=signature)

    def _extract(self, items: list[_Item], extractor: Extractor) -> None:
        if not items:
            return
        try:
            results = list(extractor.pipe([i.article for i in items]))
            for item, (_article, events) in zip(items, results, strict=True):
                item.events = events
            return
        except Exception:  # one article broke the batch: find it, keep the others
            pass
        for item in items:
            try:
                item.events = extractor.extract(item.article)
            except DotterelError as err:
                item.action, item.error = "bad", err
            except Exception as exc:
                item.action = "bad"
                item.error = StoreError(
                    f"extraction failed: {exc.__class__.__name__}: {exc}", article_id=item.article.id
                )

    def _release(self, item: _Item) -> None:
        """An article that was not stored: forget it so nothing links to it and a re-run retries it."""
        aid = item.article.id
        if self.stored.get(aid) == item.article.content_hash:
            del self.stored[aid]
        if item.action != "duplicate":
            self.dedup.forget(aid)

    def _commit(
        self, item: _Item, summary: IngestSummary, *, skip_bad: bool, on_error: Callable[[str], None] | None
    ) -> None:
        if item.action == "skip":
            summary.skipped += 1
            return
        if item.action == "duplicate" and item.match and item.match.original_id not in self.stored:
            item.action = "bad"
            item.error = StoreError(
                f"copy of article {item.match.original_id}, which could not be stored",
                article_id=item.article.id,
            )
        if item.action != "bad":
            try:
                self._write(item, summary)
                return
            except DotterelError as err:
                item.action, item.error = "bad", err
            except duckdb.Error as exc:
                item.action = "bad"
                item.error = StoreError(f"cannot store article: {exc}", article_id=item.article.id)
        assert item.error is not None
        if item.error.article_id is None and item.error.path is None:
            item.error.article_id = item.article.id
        self._release(item)
        summary.errors += 1
        summary.error_messages.append(str(item.error))
        if not skip_bad:
            raise item.error
        if on_error is not None:
            on_error(str(item.error))

    def _write(self, item: _Item, summary: IngestSummary) -> None:
        article, events = item.article, item.events or []
        if item.action == "new":
            for event in events:
                _check_event(event, article)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            match = item.match
            con.execute(
                "INSERT INTO articles (id, content_hash, title, url, outlet, published, language, origin, "
                "text, duplicate_of, duplicate_kind, similarity, minhash, num_mentions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
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
                    0 if match else len(events),
                ],
            )
            new_events = 0
            if item.action == "new":
                for event in events:
                    new_events += self._write_mention(event)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        summary.articles += 1
        if item.action == "duplicate":
            summary.duplicates += 1
        else:
            summary.mentions += len(events)
            summary.events += new_events

    def _write_mention(self, event: Event) -> int:
        """Insert one mention, join it to an event or start one; 1 when an event was created."""
        con = self.con
        keys = MentionKeys.of(event)
        row = self._best_event(keys) if self.cluster.enabled else None
        created = row is None
        if row is None:
            row = EventRow.start(event, keys)
        else:
            row.absorb(event, keys)
            con.execute("DELETE FROM events WHERE id = ?", [row.id])
        con.execute(
            f"INSERT INTO events ({', '.join(EventRow.COLUMNS)}) VALUES ({_marks(len(EventRow.COLUMNS))})",
            row.values(),
        )
        loc = event.location
        killed = (event.quantities or {}).get("killed")
        con.execute(
            f"INSERT INTO mentions VALUES ({_marks(24)})",
            [
                event.id,
                event.article_id,
                row.id,
                event.event_type,
                event.mode,
                event.quad_code,
                event.status,
                keys.date,
                event.date_precision,
                keys.place,
                loc.name if loc else None,
                loc.country if loc else None,
                loc.lat if loc else None,
                loc.lon if loc else None,
                loc.precision if loc else None,
                event.outlet,
                event.url,
                event.trigger.text,
                event.evidence.sentence,
                event.evidence.start,
                event.evidence.end,
                float(event.confidence),
                killed if isinstance(killed, int) else None,
                json.dumps(event.to_dict(), ensure_ascii=False),
            ],
        )
        for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
            for pos, ent in enumerate(entities):
                aid = actor_id(ent)
                con.execute(
                    "INSERT INTO mention_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        event.id,
                        role,
                        pos,
                        aid,
                        ent.text,
                        ent.start,
                        ent.end,
                        ent.name,
                        ent.country,
                        ent.sector,
                        ent.kb_id,
                    ],
                )
                con.execute(
                    "INSERT INTO actors VALUES (?, ?, ?, ?, ?, 1) "
                    "ON CONFLICT (id) DO UPDATE SET num_mentions = num_mentions + 1",
                    [aid, ent.name, ent.country, ent.sector, ent.kb_id],
                )
        if loc is not None and keys.place is not None:
            con.execute(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
                "ON CONFLICT (id) DO UPDATE SET num_mentions = num_mentions + 1",
                [keys.place, loc.name, loc.country, loc.lat, loc.lon, loc.precision, loc.geonameid],
            )
        return 1 if created else 0

    def _best_event(self, keys: MentionKeys) -> EventRow | None:
        cols = ", ".join(EventRow.COLUMNS)
        if keys.date is None:
            rows = self.con.execute(
                f"SELECT {cols} FROM events "
                "WHERE event_type = ? AND status_group = ? AND list_contains(article_ids, ?)",
                [keys.event_type, keys.group, keys.article_id],
            ).fetchall()
        else:
            window = self.cluster.window_days
            rows = self.con.execute(
                f"SELECT {cols} FROM events WHERE event_type = ? AND status_group = ? AND ("
                f"(date_min <= ?::DATE + {window}::INTEGER AND date_max >= ?::DATE - {window}::INTEGER) "
                "OR (date_min IS NULL AND list_contains(article_ids, ?)))",
                [keys.event_type, keys.group, keys.date, keys.date, keys.article_id],
            ).fetchall()
        best: float | None = None
        chosen: EventRow | None = None
        for values in sorted(rows, key=lambda r: r[0]):  # equal scores: the smaller id wins
            candidate = EventRow.from_row(values)
            s = score(candidate, keys, self.cluster)
            if s is not None and (best is None or s > best):
                best, chosen = s, candidate
        return chosen


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _check_event(event: Event, article: Article) -> None:
    """Refuse records that would corrupt the store's meaning (not just its tables)."""

    def bad(why: str) -> StoreError:
        return StoreError(f"invalid event {event.id}: {why}", article_id=article.id)

    if event.article_id != article.id:
        raise bad(f"article_id {event.article_id!r} is not this article")
    if event.event_type not in PLOVER_EVENT_TYPES:
        raise bad(f"unknown PLOVER category {event.event_type!r}")
    if event.quad_code != QUAD_CODES[event.event_type]:
        raise bad(f"quad_code {event.quad_code} does not match {event.event_type}")
    if event.status not in STATUSES:
        raise bad(f"unknown status {event.status!r}")
    if not 0.0 <= float(event.confidence) <= 1.0:
        raise bad(f"confidence {event.confidence} outside 0..1")
    n = len(article.text)
    for span in (event.trigger, event.evidence):
        if not 0 <= span.start <= span.end <= n:
            raise bad(f"span {span.start}-{span.end} outside the article text")
    if event.date is not None:
        try:
            date.fromisoformat(event.date)
        except ValueError:
            raise bad(f"date {event.date!r} is not an ISO date") from None
