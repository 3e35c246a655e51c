"""Articles' events into the store: clustering, then every table in one statement each.

:class:`EventWriter` is the part of ingest that knows the event tables. The ingest
(:mod:`dotterel.store.ingest`: triage, ordering, transactions) opens a transaction for a *group*
of articles (one, or a whole chunk), :meth:`EventWriter.stage` clusters each article's mentions
in turn against the blocking index (:mod:`dotterel.store.blocking`), and :meth:`EventWriter.flush`
writes what the group changed in ``events``, ``mentions``, ``mention_actors``, ``actors`` and
``places`` with one statement per table, however many articles the group holds (issue 18:
DuckDB's cost is per statement and per commit far more than per row, and a statement that scans
a table, like the ``DELETE`` of the events a group grew, then runs once a group, not once an
article).

Each article is clustered exactly as if the ones before it had been committed: the events it
joins or starts go into the index at once, and the loader that fills the index from ``events``
also returns the group's staged rows (they reach the table only at :meth:`flush`). If the group's
transaction rolls back, :meth:`abandon` drops the index (the next article reloads it from what is
committed) and everything staged: nothing it changed in memory survives. Which actors and places
are stored already is asked once a group, by key: nothing of the store is held but the index.
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
        self.index: BlockIndex | None = None  # clustering candidates (blocking), per run
        self._run = False  # an ingest run holds its index between groups
        self.begin()

    # --- a run ---------------------------------------------------------------------------------
    def start_run(self) -> None:
        """A fresh index for an ingest run (nothing else writes the store meanwhile)."""
        self.index = self.new_index()
        self._run = True

    def end_run(self) -> None:
        """Forget the index: the next article or run loads the stored events it needs afresh."""
        self.index = None
        self._run = False

    def new_index(self) -> BlockIndex:
        return BlockIndex(self.cluster, self._load_events)

    def _blocks(self) -> BlockIndex:
        """The run's blocking index, or a fresh one for a single article."""
        if self.index is None:
            self.index = self.new_index()
        return self.index

    def _load_events(self, first: date, last: date) -> list[EventRow]:
        """Events whose date range meets ``[first, last]`` (the index loads days on demand): the
        stored ones, with the group's staged rows in place of (or beside) them."""
        rows = [
            EventRow.from_row(r)
            for r in self.con.execute(
                f"SELECT {', '.join(EventRow.COLUMNS)} FROM events WHERE date_min <= ? AND date_max >= ?",
                [last, first],
            ).fetchall()
        ]
        if not self._staged:
            return rows
        rows = [self._staged.get(r.id, r) for r in rows]
        seen = {r.id for r in rows}
        rows += [
            r
            for r in self._staged.values()
            if r.id not in seen
            and r.date_min is not None
            and r.date_max is not None
            and r.date_min <= last
            and r.date_max >= first
        ]
        return rows

    # --- a group of articles, in one transaction -----------------------------------------------
    def begin(self) -> None:
        """A new group: nothing staged yet."""
        self._staged: dict[str, EventRow] = {}  # events the group joined or started, latest version
        self._created: set[str] = set()  # ... of which these are new
        self._mentions: list[list[object]] = []
        self._actor_rows: list[list[object]] = []
        self._actor_counts: dict[str, int] = {}
        self._actors: dict[str, list[object]] = {}  # each actor's row as first seen in the group
        self._place_counts: dict[str, int] = {}
        self._places: dict[str, list[object]] = {}

    def committed(self) -> None:
        """The group's transaction committed."""
        self.begin()

    def abandon(self) -> None:
        """The group's transaction rolled back: forget the index (it holds the group's events)
        and everything staged; the next article reloads what is committed."""
        if self._run:
            self.index = self.new_index()
        else:
            self.index = None
        self.begin()

    def stage(self, events: list[Event]) -> int:
        """Cluster one article's mentions and stage its rows; returns the number of new events.

        Candidates come from the blocking index (:mod:`dotterel.store.blocking`) plus the events
        this article already joined or started. What it joins or starts is put into the index at
        once, so the group's next article sees it, as it would have after a commit.
        """
        keys = [MentionKeys.of(e) for e in events]
        event_of, touched, created = assign(events, keys, self._blocks(), self.cluster)
        self._staged.update(touched)
        self._created |= created
        self._blocks().put(touched.values())
        self._mentions += [mention_row(e, k, eid) for e, k, eid in zip(events, keys, event_of, strict=True)]
        for event in events:
            for role, entities in (("actor", event.actor), ("recipient", event.recipient)):
                for pos, ent in enumerate(shown(entities)):
                    aid = actor_id(ent)
                    self._actor_rows.append(
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
                    self._actor_counts[aid] = self._actor_counts.get(aid, 0) + 1
                    if aid not in self._actors:
                        self._actors[aid] = [aid, ent.name, ent.country, ent.sector, ent.kb_id]
        for event, k in zip(events, keys, strict=True):
            loc = event.location
            if loc is None or k.place is None:
                continue
            self._place_counts[k.place] = self._place_counts.get(k.place, 0) + 1
            if k.place not in self._places:
                self._places[k.place] = [
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
        return len(created)

    def _stored(self, table: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute(f"SELECT id FROM {table} WHERE id IN ({marks(len(ids))})", ids).fetchall()
        return {r[0] for r in rows}

    def flush(self) -> None:
        """Write what the group staged: one statement per table (inside the group's transaction)."""
        con = self.con
        stale = sorted(eid for eid in self._staged if eid not in self._created)
        if stale:
            con.execute(f"DELETE FROM events WHERE id IN ({marks(len(stale))})", stale)
        insert(con, "events", EventRow.COLUMNS, [r.values() for r in self._staged.values()])
        insert(con, "mentions", None, self._mentions)
        insert(con, "mention_actors", None, self._actor_rows)
        for table, columns, first, counts in (
            ("actors", None, self._actors, self._actor_counts),
            ("places", PLACE_COLUMNS, self._places, self._place_counts),
        ):
            # Which of the group's actors (places) are stored is asked here, by key, rather than
            # held in memory for the whole store (a set that grew with every new name, issue 18).
            stored = self._stored(table, sorted(first))
            fresh = [[*row, counts[key]] for key, row in first.items() if key not in stored]
            insert(con, table, columns, fresh)
            bump(con, table, {key: n for key, n in counts.items() if key in stored})
        # the rows are in the table now (visible to this transaction's loads): nothing to overlay
        self._staged = {}
