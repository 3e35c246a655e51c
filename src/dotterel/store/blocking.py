"""Blocking for event clustering: a mention is compared only with events it could join.

Clustering (:mod:`dotterel.store.cluster`) merges a mention into an event only when they share
the category, the status group, a date within ``window_days`` and a participant (an actor id,
or with ``match_by_country`` an actor country with a sector that does not conflict; the same for
recipients). So each event is filed under *blocking keys* — ``(event_type, status group, day,
participant key)`` for every day of its date range and every participant key (ids, countries,
country × sector: :meth:`BlockIndex._participants`) — and a mention looks up only the keys it
has, for the days of its window. Every event a mention may join shares at least one key with it,
so the candidates are a superset of the compatible events and the chosen event is exactly the
one a full scan would choose (the same score, ties to the smaller id); the cost per mention
depends on how many events share its keys, not on how many are stored, so clustering grows
linearly. An event with very many keys (without a span cap, greedy clustering chains some into
thousands of mentions over months) is filed under one *wide* key per day instead, which every
mention looks up. The span cap (``max_span_days``) only refuses joins ``score`` would otherwise
allow, so the candidates stay a superset, and it bounds the days an event is filed under.

Events of the mention's own article are always candidates (a mention without participants, or
without a date, may join one of those), kept by the caller.

The index is a cache of the store over a sliding set of days: the days a mention needs are
loaded from ``events`` on first use, days far from the ones in use are dropped again (memory
stays flat however many days a corpus spans), and every row written is put back (write-through).
With ``require_shared_participant=False`` the participant key is left out (one key per category,
group and day), which is still a superset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Protocol

from ..records import Event
from .cluster import ClusterSettings, EventRow, MentionKeys, score

__all__ = ["BlockIndex", "Candidates", "Loader", "assign", "best"]

#: Loads the stored events whose date range overlaps ``[first, last]``.
Loader = Callable[[date, date], Iterable[EventRow]]

_Key = tuple[str, str, date, str]
_ONE_DAY = timedelta(days=1)
#: An event with more participant keys than this is filed once per day under ``_WIDE`` instead,
#: a key every mention looks up: the events greedy clustering chains into thousands of mentions
#: (a country-level match, a date range moving with each report) would otherwise be filed under
#: thousands of keys each day, and have them recomputed on every article that joins them.
_WIDE_AT = 32
_WIDE = "+"


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


class BlockIndex:
    """Stored events near the dates being clustered, filed under their blocking keys.

    ``load`` is None for a pure in-memory clustering (nothing stored before); ``max_days`` bounds
    how many days are held (at least the ``2 × window + 1`` days one mention needs).
    """

    def __init__(self, settings: ClusterSettings, load: Loader | None = None, *, max_days: int = 30) -> None:
        self.settings = settings
        self.load = load
        self.max_days = max(max_days, 4 * settings.window_days + 4)
        self.rows: dict[str, EventRow] = {}
        self._keys: dict[_Key, set[str]] = {}
        self._by_day: dict[date, set[str]] = {}  # loaded day -> events filed under it
        self._filed: dict[str, tuple[date, date, frozenset[str]]] = {}  # what put() last filed
        self._latest: date | None = None

    # --- keys ----------------------------------------------------------------------------------
    def _participants(self, row: EventRow) -> set[str]:
        """The keys an event is filed under: its ids and, with ``match_by_country``, its countries.

        A country match needs actor ids on both sides (``cluster._side``: a side naming nobody
        scores 0) and a sector that does not conflict: equal, or unknown on either side. So an
        event with ids is filed under ``ac:C`` for each country C and under ``ac:C:S`` for each of
        its sectors S (``ac:C:`` when it has none); a mention's actor of country C looks up
        ``ac:C`` when its sector is unknown, else ``ac:C:S`` and ``ac:C:``, which hold every event
        whose sectors do not conflict with S (the same for recipients, ``rc:``).
        """
        if not self.settings.require_shared_participant:
            return {"*"}
        by_country = self.settings.match_by_country
        size = len(row.actor_ids) + len(row.recipient_ids)
        if by_country:
            size += len(row.actor_countries) * (2 + len(row.actor_sectors))
            size += len(row.recipient_countries) * (2 + len(row.recipient_sectors))
        if size > _WIDE_AT:
            return {_WIDE}
        keys = {f"a:{a}" for a in row.actor_ids} | {f"r:{r}" for r in row.recipient_ids}
        if by_country:
            for side, ids, countries, sectors in (
                ("ac", row.actor_ids, row.actor_countries, row.actor_sectors),
                ("rc", row.recipient_ids, row.recipient_countries, row.recipient_sectors),
            ):
                if ids:
                    for c in countries:
                        keys.add(f"{side}:{c}")
                        keys.update(f"{side}:{c}:{s}" for s in sectors or ("",))
        return keys

    def _mention_participants(self, keys: MentionKeys) -> set[str]:
        if not self.settings.require_shared_participant:
            return {"*"}
        found = {_WIDE} | {f"a:{a}" for a in keys.actors} | {f"r:{r}" for r in keys.recipients}
        if self.settings.match_by_country:
            for side, ids, codes in (
                ("ac", keys.actors, keys.actor_codes),
                ("rc", keys.recipients, keys.recipient_codes),
            ):
                if ids:
                    for c, s in codes:
                        if s is None:
                            found.add(f"{side}:{c}")
                        else:
                            found.add(f"{side}:{c}:{s}")
                            found.add(f"{side}:{c}:")
        return found

    def _file(self, row: EventRow, days: Iterable[date], parts: Iterable[str] | None = None) -> None:
        parts = self._participants(row) if parts is None else parts
        for day in days:
            self._by_day[day].add(row.id)
            for part in parts:
                self._keys.setdefault((row.event_type, row.status_group, day, part), set()).add(row.id)

    # --- the window of days held -----------------------------------------------------------
    def _window(self, day: date) -> tuple[date, date]:
        w = timedelta(days=self.settings.window_days)
        return day - w, day + w

    def ensure(self, day: date) -> None:
        """Hold every stored event whose range meets the window around ``day``."""
        first, last = self._window(day)
        missing = [d for d in _days(first, last) if d not in self._by_day]
        self._latest = day
        if not missing:
            return
        for d in missing:
            self._by_day[d] = set()
        if self.load is None:
            return
        lo, hi = missing[0], missing[-1]
        fresh = set(missing)
        for row in self.load(lo, hi):
            held = self.rows.setdefault(row.id, row)  # a held row is the same, written through
            if held.date_min is None or held.date_max is None:
                continue
            self._file(held, (d for d in _days(max(held.date_min, lo), min(held.date_max, hi)) if d in fresh))

    def candidates(self, keys: MentionKeys) -> list[EventRow]:
        """Held events sharing a blocking key with a dated mention (call :meth:`ensure` first)."""
        if keys.date is None:
            return []
        first, last = self._window(keys.date)
        parts = self._mention_participants(keys)
        ids: set[str] = set()
        for day in _days(first, last):
            for part in parts:
                found = self._keys.get((keys.event_type, keys.group, day, part))
                if found:
                    ids |= found
        return [self.rows[i] for i in ids]

    def put(self, rows: Iterable[EventRow]) -> None:
        """Rows just written (new or grown): hold and file them for the days held."""
        for row in rows:
            if row.date_min is None or row.date_max is None:
                continue  # an undated event is only ever joined within its own article
            self.rows[row.id] = row
            parts = frozenset(self._participants(row))
            prev = self._filed.get(row.id)
            self._filed[row.id] = (row.date_min, row.date_max, parts)
            held = self._held(row.date_min, row.date_max)
            if prev is None:
                self._file(row, held, parts)
                continue
            # Only what is new: new days under every key, the days filed before under new keys.
            lo, hi, old_parts = prev
            self._file(row, [d for d in held if not lo <= d <= hi], parts)
            if parts != old_parts:
                self._file(row, [d for d in held if lo <= d <= hi], parts - old_parts)
        self._evict()

    def _held(self, first: date, last: date) -> list[date]:
        """The held days of ``[first, last]`` (a chained event's range can span months)."""
        if (last - first).days >= len(self._by_day):
            return [d for d in self._by_day if first <= d <= last]
        return [d for d in _days(first, last) if d in self._by_day]

    def _evict(self) -> None:
        """Drop the days farthest from the latest one once more than ``max_days`` are held."""
        if len(self._by_day) <= self.max_days or self._latest is None:
            return
        latest = self._latest
        by_distance = sorted(self._by_day, key=lambda d: abs((d - latest).days), reverse=True)
        dropped = set(by_distance[: len(self._by_day) - self.max_days // 2])
        gone: set[str] = set()
        for day in dropped:
            gone |= self._by_day.pop(day)
        self._keys = {k: v for k, v in self._keys.items() if k[2] not in dropped}
        for eid in gone:
            row = self.rows.get(eid)
            if row is None or row.date_min is None or row.date_max is None:
                continue
            if not self._held(row.date_min, row.date_max):
                del self.rows[eid]
                self._filed.pop(eid, None)


class Candidates(Protocol):
    """Where :func:`assign` finds the stored events a mention may join."""

    def ensure(self, day: date) -> None: ...

    def candidates(self, keys: MentionKeys) -> list[EventRow]: ...


def assign(
    events: list[Event], keys: list[MentionKeys], index: Candidates, settings: ClusterSettings
) -> tuple[list[str], dict[str, EventRow], set[str]]:
    """Cluster one article's mentions: greedy, in order, each into its best event or a new one.

    Returns each mention's event id, the events joined or started (copies: the held rows are
    not changed, so a rolled-back write leaves the index as it was; put the copies back with
    :meth:`BlockIndex.put` once they are stored) and the ids of the new events.
    """
    touched: dict[str, EventRow] = {}
    created: set[str] = set()
    event_of: list[str] = []
    for event, k in zip(events, keys, strict=True):
        row = None
        if settings.enabled:
            if k.date is not None:
                index.ensure(k.date)
            pool = {r.id: r for r in index.candidates(k)}
            pool.update(touched)
            row = best(pool.values(), k, settings)
        if row is None:
            row = EventRow.start(event, k)
            created.add(row.id)
        else:
            if row.id not in touched:
                row = row.copy()
            row.absorb(event, k)
        touched[row.id] = row
        event_of.append(row.id)
    return event_of, touched, created


def best(rows: Iterable[EventRow], keys: MentionKeys, settings: ClusterSettings) -> EventRow | None:
    """The compatible event with the highest score; on equal scores the smaller id wins."""
    top: float | None = None
    chosen: EventRow | None = None
    for row in rows:  # one pass, no sort: the same winner as scanning in id order (issue 18)
        s = score(row, keys, settings)
        if s is not None and (top is None or s > top or (s == top and row.id < chosen.id)):  # type: ignore[union-attr]
            top, chosen = s, row
    return chosen
