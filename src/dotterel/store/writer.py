"""One article's events into the store: clustering, then every table in one statement each.

:class:`EventWriter` is the part of ingest that knows the event tables: it clusters an article's
mentions against the blocking index (:mod:`dotterel.store.blocking`), writes ``events``,
``mentions``, ``mention_actors``, ``actors`` and ``places`` inside the transaction the ingest
opened (:mod:`dotterel.store.ingest`: triage, ordering, transactions), and, once that transaction
committed, puts the events it touched back into the index and remembers the actors and places it
inserted. Nothing it changes in memory survives a rolled-back article.
"""

from __future__ import annotations

from datetime import date

import duckdb

from ..records import Event
from .blocking import BlockIndex, assign
from .cluster import ClusterSettings, EventRow, MentionKeys, actor_id, shown
from .tables import PLACE_COLUMNS, bump, insert, marks, mention_row

__all__ = ["EventWriter"]


class EventWriter:
    """Writes articles' events through ``con``; one per ingester (it holds the run's index)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, cluster: ClusterSettings) -> None:
        self.con = con
        self.cluster = cluster
        # stored actors and places, so new ones are inserted once
        self.actor_ids: set[str] = {r[0] for r in con.execute("SELECT id FROM actors").fetchall()}
        self.place_ids: set[str] = {r[0] for r in con.execute("SELECT id FROM places").fetchall()}
        self.index: BlockIndex | None = None  # clustering candidates (blocking), per run
        self._written: list[EventRow] = []  # events the article being written joins or starts
        self._new_actors: set[str] = set()
        self._new_places: set[str] = set()

    # --- a run ---------------------------------------------------------------------------------
    def start_run(self) -> None:
        """A fresh index for an ingest run (nothing else writes the store meanwhile)."""
        self.index = self.new_index()

    def end_run(self) -> None:
        """Forget the index: the next article or run loads the stored events it needs afresh."""
        self.index = None

    def new_index(self) -> BlockIndex:
        return BlockIndex(self.cluster, self._load_events)

    def _blocks(self) -> BlockIndex:
        """The run's blocking index, or a fresh one for a single article."""
        if self.index is None:
            self.index = self.new_index()
        return self.index

    def _load_events(self, first: date, last: date) -> list[EventRow]:
        """Stored events whose date range meets ``[first, last]`` (the index loads days on demand)."""
        rows = self.con.execute(
            f"SELECT {', '.join(EventRow.COLUMNS)} FROM events WHERE date_min <= ? AND date_max >= ?",
            [last, first],
        ).fetchall()
        return [EventRow.from_row(r) for r in rows]

    # --- an article ----------------------------------------------------------------------------
    def begin(self) -> None:
        """A new article: nothing written yet."""
        self._written = []
        self._new_actors = set()
        self._new_places = set()

    def committed(self) -> None:
        """The article's transaction committed: its events enter the index, its actors and places
        count as stored."""
        if self._written and self.index is not None:
            self.index.put(self._written)
        self.actor_ids |= self._new_actors
        self.place_ids |= self._new_places
        self.begin()

    def write(self, events: list[Event]) -> int:
        """Cluster an article's mentions in memory, then write every table in one statement each.

        Candidates come from the blocking index (:mod:`dotterel.store.blocking`) plus the events
        this article already joined or started; rows are changed on copies, and put back into the
        index only once the article's transaction has committed (:meth:`committed`). Returns the
        number of new events.
        """
        keys = [MentionKeys.of(e) for e in events]
        event_of, touched, created = assign(events, keys, self._blocks(), self.cluster)
        self._written = list(touched.values())
        con = self.con
        stale = [eid for eid in touched if eid not in created]
        if stale:
            con.execute(f"DELETE FROM events WHERE id IN ({marks(len(stale))})", stale)
        insert(con, "events", EventRow.COLUMNS, [r.values() for r in touched.values()])
        insert(
            con,
            "mentions",
            None,
            [mention_row(e, k, eid) for e, k, eid in zip(events, keys, event_of, strict=True)],
        )
        actor_rows: list[list[object]] = []
        actor_counts: dict[str, int] = {}
        fresh_actors: dict[str, list[object]] = {}
        for event in events:
            for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
                for pos, ent in enumerate(shown(entities)):
                    aid = actor_id(ent)
                    actor_rows.append(
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
                        ]
                    )
                    actor_counts[aid] = actor_counts.get(aid, 0) + 1
                    if aid not in self.actor_ids and aid not in fresh_actors:
                        fresh_actors[aid] = [aid, ent.name, ent.country, ent.sector, ent.kb_id]
        insert(con, "mention_actors", None, actor_rows)
        insert(con, "actors", None, [[*row, actor_counts[row[0]]] for row in fresh_actors.values()])  # type: ignore[index]
        bump(con, "actors", {a: n for a, n in actor_counts.items() if a not in fresh_actors})
        self._new_actors |= set(fresh_actors)
        place_counts: dict[str, int] = {}
        fresh_places: dict[str, list[object]] = {}
        for event, k in zip(events, keys, strict=True):
            loc = event.location
            if loc is None or k.place is None:
                continue
            place_counts[k.place] = place_counts.get(k.place, 0) + 1
            if k.place not in self.place_ids and k.place not in fresh_places:
                fresh_places[k.place] = [
                    k.place,
                    loc.name,
                    loc.country,
                    loc.lat,
                    loc.lon,
                    loc.precision,
                    loc.geonameid,
                    loc.admin1,
                    loc.admin2,
                ]
        insert(con, "places", PLACE_COLUMNS, [[*row, place_counts[row[0]]] for row in fresh_places.values()])  # type: ignore[index]
        bump(con, "places", {p: n for p, n in place_counts.items() if p not in fresh_places})
        self._new_places |= set(fresh_places)
        return len(created)
