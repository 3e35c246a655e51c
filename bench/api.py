"""HTTP API latency for the main endpoints, over a real ``dotterel serve`` on localhost (issue #7).

Measures each endpoint ``--repeat`` times with one keep-alive client (after one warm-up call) and
prints median and 95th-percentile latency, on a 10,000-event store of synthetic articles (the
baseline, built once by bench/explorer_load.py and cached in test-artifacts/bench/) and on the
same store scaled up to ``--scale`` events (default 1,000,000) with ``bench/store.py``'s
generator (each event and its mentions copied with new ids, dates shifted across ten years).
``--db`` measures an existing store instead of the scaled-up one.

    .venv/bin/python bench/api.py [--scale 1000000] [--repeat 20] [--db FILE]
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

from explorer_load import CACHE, build  # noqa: E402
from store import _scale_up  # noqa: E402  (bench/store.py: the store engineer's 1M generator)
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
        deep = page.total // 2  # the middle of the store: the deepest page a user is likely to ask
    return [
        ("stats", "/api/stats"),
        ("events page 1", "/api/events?limit=50"),
        ("events deep page", f"/api/events?limit=50&offset={deep}"),
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


def scaled(base: Path, events: int) -> Path:
    """A copy of ``base`` scaled up to ``events`` events (cached)."""
    path = CACHE / f"api-{events}.duckdb"
    if path.exists():
        with EventStore(path) as store:  # read-write: migrates a store made by an older dotterel
            if store.stats().events >= events:
                return path
        path.unlink()
    path.write_bytes(base.read_bytes())
    n, mentions, seconds = _scale_up(path, events)
    print(f"scaled up {path.name}: {n:,} events, {mentions:,} mentions in {seconds:.0f} s", file=sys.stderr)
    return path


def measure(db: Path, repeat: int) -> tuple[int, dict[str, tuple[float, float]]]:
    with EventStore(db, read_only=True) as store:
        events = store.stats().events
    calls = endpoints(db)
    out: dict[str, tuple[float, float]] = {}
    with serve(db, timeout=120, cache=False) as url, httpx.Client(base_url=url, timeout=300) as client:
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
    parser.add_argument("--scale", type=int, default=1_000_000, help="events in the scaled-up store")
    parser.add_argument("--db", type=Path, help="measure this store instead of the scaled-up one")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    baseline = build(10_000)
    runs = [("baseline", baseline), ("target", args.db or scaled(baseline, args.scale))]
    results = [(name, *measure(db, args.repeat)) for name, db in runs]
    header = f"{'endpoint':24}" + "".join(f"{f'{name} {n:,} ev (p50/p95 ms)':>34}" for name, n, _ in results)
    print(f"API latency over HTTP on 127.0.0.1, --no-cache, {args.repeat} calls each after a warm-up")
    print(header)
    for label in results[0][2]:
        row = f"{label:24}"
        for _, _, timings in results:
            p50, p95 = timings[label]
            row += f"{f'{p50:.1f} / {p95:.1f}':>34}"
        print(row)


if __name__ == "__main__":
    main()
