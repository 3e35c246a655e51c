"""HTTP API latency for the main endpoints, over a real ``dotterel serve`` on localhost (issue #7).

Measures each endpoint ``--repeat`` times with one keep-alive client (after one warm-up call) and
prints median and 95th-percentile latency. Runs against the store given with ``--db`` (e.g. the
1,000,000-event store ``bench/store.py`` builds) and, as the baseline in the same run, against a
10,000-event store of synthetic articles (built once, cached in test-artifacts/bench/).

    .venv/bin/python bench/api.py --db big.duckdb [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer_load import build  # noqa: E402
from tests.browser.server import serve  # noqa: E402

from dotterel.store import EventFilter, EventStore  # noqa: E402


def endpoints(db: Path) -> list[tuple[str, str]]:
    """(label, path) of the calls to time, with ids taken from the store itself."""
    with EventStore(db, read_only=True) as store:
        page = store.query_events(EventFilter(), limit=1)
        event = page.events[0]
        detail = store.get_event(event.id)
        article_id = detail.mentions[0].article_id
        actor = store.actors(EventFilter(), limit=1)[0]
        deep = max(0, min(page.total - 50, 100_000))
    return [
        ("stats", "/api/stats"),
        ("events page 1", "/api/events?limit=50"),
        (f"events offset {deep}", f"/api/events?limit=50&offset={deep}"),
        ("events filtered", "/api/events?limit=50&event_type=ASSAULT&quad_code=4&date_from=2023-11-01"),
        ("events by actor name", f"/api/events?limit=50&actor={actor.name[:6]}"),
        ("events by actor id", f"/api/events?limit=50&actor_id={actor.id}"),
        ("one event", f"/api/events/{event.id}"),
        ("actors", "/api/actors?limit=50"),
        ("one actor", f"/api/actors/{actor.id}"),
        ("network (100 nodes)", "/api/network?max_nodes=100"),
        ("timeline week/quad", "/api/timeline?interval=week&by=quad"),
        ("map", "/api/map"),
        ("article", f"/api/articles/{article_id}"),
        ("export csv 1000", "/api/export?format=csv&limit=1000"),
    ]


def measure(db: Path, repeat: int) -> tuple[int, dict[str, tuple[float, float]]]:
    with EventStore(db, read_only=True) as store:
        events = store.stats().events
    calls = endpoints(db)
    out: dict[str, tuple[float, float]] = {}
    with serve(db, timeout=120) as url, httpx.Client(base_url=url, timeout=300) as client:
        for label, path in calls:
            client.get(path).raise_for_status()  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            times.sort()
            out[label] = (statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))])
    return events, out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="the large store to measure (default: only the baseline)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    runs = [("baseline", build(10_000))]
    if args.db:
        runs.append(("target", args.db))
    results = [(name, *measure(db, args.repeat)) for name, db in runs]
    header = f"{'endpoint':24}" + "".join(f"{f'{name} {n:,} ev (p50/p95 ms)':>34}" for name, n, _ in results)
    print(f"API latency over HTTP on 127.0.0.1, {args.repeat} calls each after a warm-up")
    print(header)
    for label in results[0][2]:
        row = f"{label:24}"
        for _, _, timings in results:
            p50, p95 = timings[label]
            row += f"{f'{p50:.1f} / {p95:.1f}':>34}"
        print(row)


if __name__ == "__main__":
    main()
