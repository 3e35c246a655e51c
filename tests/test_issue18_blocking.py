"""Issue 18: clustering by blocking picks exactly the events a full scan of the window picks."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

from dotterel.store.blocking import BlockIndex, assign
from dotterel.store.cluster import ClusterSettings, EventRow, MentionKeys

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import articles  # noqa: E402


class WindowScan:
    """The candidates clustering used before blocking: every event of the category in the window."""

    def __init__(self, settings: ClusterSettings) -> None:
        self.settings = settings
        self.rows: dict[str, EventRow] = {}

    def ensure(self, day) -> None:
        pass

    def candidates(self, keys: MentionKeys) -> list[EventRow]:
        w = timedelta(days=self.settings.window_days)
        return [
            r
            for r in self.rows.values()
            if r.event_type == keys.event_type
            and r.date_min is not None
            and r.date_min <= keys.date + w
            and r.date_max >= keys.date - w
        ]

    def put(self, rows) -> None:
        for r in rows:
            if r.date_min is not None:
                self.rows[r.id] = r


def _cluster(index, settings, n):
    out = []
    for events in articles(n, days=30):
        keys = [MentionKeys.of(e) for e in events]
        event_of, touched, _created = assign(events, keys, index, settings)
        index.put(touched.values())
        out.append(event_of)
    return out


@pytest.mark.parametrize(
    "settings",
    [
        ClusterSettings(),
        ClusterSettings(window_days=0),
        ClusterSettings(window_days=5),
        ClusterSettings(match_by_country=False),
        ClusterSettings(require_shared_participant=False),
        ClusterSettings(max_span_days=None),
        ClusterSettings(max_span_days=1),
    ],
    ids=["default", "window0", "window5", "no-country", "no-shared", "no-span-cap", "span-cap1"],
)
def test_issue18_blocking_equals_window_scan(settings):
    n = 3000
    blocked = _cluster(BlockIndex(settings), settings, n)
    scanned = _cluster(WindowScan(settings), settings, n)
    assert blocked == scanned
    mentions = sum(len(a) for a in blocked)
    events = len({e for a in blocked for e in a})
    assert mentions > 0.9 * n and events < 0.97 * mentions  # real clusters formed, not all singletons


def test_issue18_blocking_index_stays_bounded():
    settings = ClusterSettings()
    index = BlockIndex(settings, max_days=20)
    for events in articles(4000, days=200):
        keys = [MentionKeys.of(e) for e in events]
        _, touched, _ = assign(events, keys, index, settings)
        index.put(touched.values())
    held_days = {d for r in index.rows.values() for d in (r.date_min, r.date_max)}
    assert len(index._by_day) <= 20
    assert max(held_days) - min(held_days) <= timedelta(days=25)
