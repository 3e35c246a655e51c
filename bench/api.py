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

from dotterel.server.routes import trim_network  # noqa: E402
from dotterel.store import EventFilter, EventStore, explore  # noqa: E402

#: The explorer's landing filter: what happened (asserted and historical events).
LANDING = "status=asserted,historical"


def store_queries(db: Path, repeat: int) -> dict[str, float]:
    """Median ms in-process: the store's older Python-side actor and network queries (the
    baseline of issue #14) beside the DuckDB ones the API now calls (dotterel.store.explore)."""
    with EventStore(db, read_only=True) as store:
        everything = EventFilter()
        calls = {
            "actors: store.actors (before)": lambda: store.actors(everything, limit=50),
            "actors: explore.top_actors (now)": lambda: explore.top_actors(store.con, everything, limit=50),
            "network: store.network + trim (before)": lambda: trim_network(store.network(everything), 100),
            "network: explore.top_network (now)": lambda: explore.top_network(
                store.con, everything, max_nodes=100
            ),
        }
        out = {}
        for label, fn in calls.items():
            fn()
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                fn()
                times.append((time.perf_counter() - started) * 1000)
            out[label] = statistics.median(times)
    return out


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
        ("one actor (actor page)", f"/api/actors/{actor.id}"),
        ("network (100 nodes)", "/api/network?max_nodes=100"),
        ("network (explorer: 60)", f"/api/network?max_nodes=60&{LANDING}"),
        ("dyads (explorer: 25)", f"/api/dyads?limit=25&{LANDING}"),
        ("counts (explorer)", f"/api/counts?{LANDING}"),
        ("facets", "/api/facets"),
        ("events sorted by sources", "/api/events?limit=50&sort=num_sources"),
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
    print(f"\nstore queries in-process at {results[-1][1]:,} events, median of {args.repeat // 4 or 1} (ms):")
    for label, ms in store_queries(runs[-1][1], max(1, args.repeat // 4)).items():
        print(f"  {label:42} {ms:8.0f}")
    timings = results[-1][2]
    worst = max(timings[k][0] for k in ("actors", "network (100 nodes)", "network (explorer: 60)"))
    verdict = "PASS" if worst < 300 else "FAIL"
    n = results[-1][1]
    print(f"target: actors and network p50 under 300 ms at {n:,} events: {verdict} ({worst:.0f} ms)")


if __name__ == "__main__":
    main()
