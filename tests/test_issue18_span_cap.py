"""Issue 18: an event's date span is capped (``max_span_days``), so reports no longer chain.

A mention joins an event when its date is within ``window_days`` of the event's date range, and
the range then grows with it: without a cap, daily reports of the same actors at the same place
chain into one "event" of months. The cap keeps an event one happening: reports of one strike
over a few days stay one event, a month of daily reports becomes several events of at most a
week each. Through the real store (and, last, the real ``ingest`` command).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from dotterel.batchio import article_row
from dotterel.cli import main
from dotterel.store import ClusterSettings, EventStore
from dotterel.store.cluster import MAX_SPAN_DAYS

from .test_store_records import article, event

START = date(2024, 3, 1)


def _report(i: int, day: date, outlet: str = "Reuters"):
    """Article ``i``: Israel strikes Hamas in Gaza City on ``day``, in words of its own (so the
    de-duplication does not link the reports: the clustering is what is tested)."""
    filler = " ".join(f"w{i}x{j}" for j in range(12))
    art = article(f"a{i:03d}", f"Israeli aircraft struck Gaza City, report {i}. {filler}", outlet=outlet)
    return art, [event(art, "ASSAULT", ["Israel"], ["Hamas"], when=day.isoformat(), place="Gaza City")]


def _events(store: EventStore) -> list[tuple[date, date, int]]:
    """(first date, last date, mentions) of every stored event, by first date."""
    rows = store.con.execute("SELECT date_min, date_max, num_mentions FROM events ORDER BY date_min, id")
    return [tuple(r) for r in rows.fetchall()]


def _store_of(reports, settings: ClusterSettings | None = None, path=":memory:") -> EventStore:
    store = EventStore(path, cluster=settings)
    for art, evs in reports:
        store.add_article(art, evs)
    return store


DAILY = [_report(i, START + timedelta(days=i)) for i in range(30)]


def test_issue18_default_cap_is_a_week():
    assert ClusterSettings().max_span_days == MAX_SPAN_DAYS == 7
    assert ClusterSettings().window_days == 2  # the window itself is unchanged


def test_issue18_daily_reports_over_a_month_are_several_events_of_bounded_span():
    with _store_of(DAILY, ClusterSettings(max_span_days=None)) as chained:
        assert _events(chained) == [(START, START + timedelta(days=29), 30)]  # the chain the cap ends
    with _store_of(DAILY) as store:
        found = _events(store)
    # Greedy in date order: each event takes 8 consecutive dates (a span of 7 days), then the
    # next report, 8 days past the event's first date, starts the next one.
    assert found == [
        (START, START + timedelta(days=7), 8),
        (START + timedelta(days=8), START + timedelta(days=15), 8),
        (START + timedelta(days=16), START + timedelta(days=23), 8),
        (START + timedelta(days=24), START + timedelta(days=29), 6),
    ]
    assert all((last - first).days <= MAX_SPAN_DAYS for first, last, _ in found)


@pytest.mark.parametrize("cap", [0, 1, 3, 10])
def test_issue18_every_cap_bounds_every_event(cap):
    with _store_of(DAILY, ClusterSettings(max_span_days=cap)) as store:
        found = _events(store)
    assert max((last - first).days for first, last, _ in found) == cap
    assert sum(n for *_, n in found) == 30
    assert len(found) == -(-30 // (cap + 1))  # ceil: consecutive runs of cap + 1 dates


def test_issue18_one_strike_reported_over_three_days_is_one_event():
    """Reports dated on the day, the day after and two days after (some dated by publication),
    from five outlets, one of them out of date order: one event with every mention."""
    days = [0, 1, 2, 1, 0]
    outlets = ["Reuters", "AP", "AFP", "Al Jazeera", "BBC"]
    reports = [
        _report(i, START + timedelta(days=d), o) for i, (d, o) in enumerate(zip(days, outlets, strict=True))
    ]
    with _store_of(reports) as store:
        assert _events(store) == [(START, START + timedelta(days=2), 5)]
        (ev,) = store.query_events().events
        assert (ev.num_articles, ev.num_sources) == (5, 5)


def test_issue18_span_counts_a_report_dated_before_the_event():
    """An event of the 10th to the 17th (a week); a report dated the 9th is within the window
    but would make it 8 days long, so it starts its own event; one dated the 12th joins."""
    reports = [_report(i, date(2024, 3, 10 + i)) for i in range(8)]
    reports += [_report(8, date(2024, 3, 9)), _report(9, date(2024, 3, 12))]
    with _store_of(reports) as store:
        assert _events(store) == [
            (date(2024, 3, 9), date(2024, 3, 9), 1),
            (date(2024, 3, 10), date(2024, 3, 17), 9),
        ]


def test_issue18_an_older_store_keeps_its_long_events(tmp_path):
    """A store clustered without a cap is read and extended as it is: its long event stays whole
    (nothing stored is rewritten), and a new report that would lengthen it starts a new event."""
    path = tmp_path / "old.duckdb"
    _store_of(DAILY[:20], ClusterSettings(max_span_days=None), path).close()
    with _store_of(DAILY[20:22], ClusterSettings(), path) as store:
        assert _events(store) == [
            (START, START + timedelta(days=19), 20),
            (START + timedelta(days=20), START + timedelta(days=21), 2),
        ]


def test_issue18_ingest_max_span_days_option(tmp_path):
    """``dotterel ingest --max-span-days``, on a batch output (``--events``) of the daily reports."""
    out = tmp_path / "coded"
    out.mkdir()
    rows = [article_row(a, evs, source=0, line=i + 1, minhash=None) for i, (a, evs) in enumerate(DAILY)]
    (out / "part-0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    counts = {}
    for cap in ("7", "0", "none", None):
        db = tmp_path / f"cap-{cap}.duckdb"
        args = ["ingest", "--events", str(out), "--db", str(db), "--no-progress"]
        result = CliRunner().invoke(main, args + (["--max-span-days", cap] if cap else []))
        assert result.exit_code == 0, result.output
        with EventStore(db, read_only=True) as store:
            counts[cap] = len(_events(store))
    assert counts == {"7": 4, "0": 30, "none": 1, None: 4}
    bad = CliRunner().invoke(main, ["ingest", "--events", str(out), "--max-span-days", "-1"])
    assert bad.exit_code == 2 and "--max-span-days" in bad.output
