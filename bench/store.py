"""Event-store benchmark: ingest beside extraction alone, store size, query latency at scale.

One run prints:

1. extraction-only throughput (``Pipeline.pipe``) on a sample of the insightcrime corpus;
2. ``EventStore.ingest`` throughput on the same articles (extraction + de-duplication +
   clustering + one transaction per article), and the store's own time per article measured
   alone (``add_article`` with the events already extracted);
3. the store's size on disk per 1,000 articles;
4. query latency (median of repeated runs) for typical filters after a synthetic scale-up of the
   real mentions to ``--scale`` events (generated in SQL: each real event copied with new ids and
   dates shifted across ten years).

    .venv/bin/python bench/store.py [--sample 200] [--scale 1000000]

The articles carry a made-up publication date (one per day from 2020-01-01) and outlet so that
dates and sources exist; the corpus itself has neither.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_articles, word_count  # noqa: E402

from dotterel.pipeline import Pipeline  # noqa: E402
from dotterel.store import DedupSettings, EventFilter, EventStore  # noqa: E402

OUTLETS = ("InSight Crime", "El Tiempo", "Reuters", "AP")


def _dated(n: int) -> list:
    arts = load_articles(n)
    start = date(2020, 1, 1)
    return [
        dataclasses.replace(a, published=start + timedelta(days=i), outlet=OUTLETS[i % len(OUTLETS)])
        for i, a in enumerate(arts)
    ]


class TimedExtractor:
    """The real pipeline, timed: splits an ingest's wall time into extraction and the rest (store)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.seconds = 0.0

    def pipe(self, articles):
        t0 = time.perf_counter()
        out = list(self.pipeline.pipe(articles))
        self.seconds += time.perf_counter() - t0
        return iter(out)

    def extract(self, article):
        t0 = time.perf_counter()
        try:
            return self.pipeline.extract(article)
        finally:
            self.seconds += time.perf_counter() - t0


def _empty_size(folder: Path) -> int:
    path = folder / "empty.duckdb"
    with EventStore(path) as store:
        store.con.execute("CHECKPOINT")
    return _size(path)


def _grow(path: Path, extracted: list, copies: int) -> int:
    """Store the extracted articles again ``copies`` times under new ids (dedup off); returns articles."""
    with EventStore(path, dedup=DedupSettings(enabled=False)) as store:
        for c in range(1, copies + 1):
            for article, events in extracted:
                copy = dataclasses.replace(article, id=f"{article.id}~{c}", text=article.text + f" ~{c}")
                evs = [dataclasses.replace(e, id=f"{e.id}~{c}", article_id=copy.id) for e in events]
                store.add_article(copy, evs)
        store.con.execute("CHECKPOINT")
        return store.stats().articles


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def _scale_up(path: Path, target: int) -> tuple[int, int, float]:
    """Copy the real events and their mentions until there are ``target`` events."""
    with EventStore(path) as store:
        con = store.con
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        copies = max(1, -(-target // n_events) - 1)
        t0 = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TEMP TABLE k AS SELECT range AS i FROM range(1, ?)", [copies + 1])
        cols = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
        shifted = {
            "id": "'S' || k.i || '-' || e.id",
            "date": "e.date + CAST(k.i % 3650 AS INTEGER)",
            "date_min": "e.date_min + CAST(k.i % 3650 AS INTEGER)",
            "date_max": "e.date_max + CAST(k.i % 3650 AS INTEGER)",
            "representative_mention": "'S' || k.i || '-' || e.representative_mention",
        }
        select = ", ".join(shifted.get(c, f"e.{c}") for c in cols)
        con.execute(f"INSERT INTO events SELECT {select} FROM (SELECT * FROM events) e CROSS JOIN k")
        mcols = [r[0] for r in con.execute("DESCRIBE mentions").fetchall()]
        mshift = {
            "id": "'S' || k.i || '-' || m.id",
            "event_id": "'S' || k.i || '-' || m.event_id",
            "date": "m.date + CAST(k.i % 3650 AS INTEGER)",
        }
        mselect = ", ".join(mshift.get(c, f"m.{c}") for c in mcols)
        con.execute(f"INSERT INTO mentions SELECT {mselect} FROM (SELECT * FROM mentions) m CROSS JOIN k")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        elapsed = time.perf_counter() - t0
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return events, mentions, elapsed


def _time(fn: Callable[[], object], repeat: int = 5) -> float:
    fn()  # warm the cache
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="articles to ingest")
    parser.add_argument("--scale", type=int, default=1_000_000, help="events for the query benchmark")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    articles = _dated(args.sample)
    print(f"corpus: {len(articles)} articles, {word_count(articles):,} words (insightcrime sample)")
    pipeline = Pipeline()
    pipeline.extract(articles[0])  # warm-up outside the timings

    t0, c0 = time.perf_counter(), time.process_time()
    extracted = list(pipeline.pipe(articles, batch_size=args.batch_size))
    t_extract, cpu_extract = time.perf_counter() - t0, time.process_time() - c0
    n_mentions = sum(len(evs) for _, evs in extracted)
    print(
        f"extraction only : {len(articles) / t_extract:6.2f} articles/s "
        f"({t_extract:.1f} s wall, {cpu_extract:.1f} s CPU, {n_mentions} mentions)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ingest.duckdb"
        timed = TimedExtractor(pipeline)
        with EventStore(db) as store:
            t0, c0 = time.perf_counter(), time.process_time()
            summary = store.ingest(articles, timed, batch_size=args.batch_size)
            t_ingest, cpu_ingest = time.perf_counter() - t0, time.process_time() - c0
            store.con.execute("CHECKPOINT")
        t_rest = t_ingest - timed.seconds
        print(
            f"ingest (full)   : {len(articles) / t_ingest:6.2f} articles/s ({t_ingest:.1f} s wall: "
            f"extraction {timed.seconds:.1f} s + visible store time {t_rest:.1f} s = "
            f"{t_rest / timed.seconds:+.1%}; {cpu_ingest:.1f} s CPU = "
            f"{cpu_ingest / cpu_extract - 1:+.1%} vs extraction only) — {summary.line()}"
        )
        store_only = Path(tmp) / "store-only.duckdb"
        with EventStore(store_only) as store:
            t0 = time.perf_counter()
            for article, events in extracted:
                store.add_article(article, events)
            t_store = time.perf_counter() - t0
        print(
            f"store alone     : {1000 * t_store / len(articles):6.1f} ms/article "
            f"({len(articles) / t_store:.0f} articles/s; "
            f"{1000 * t_store / max(n_mentions, 1):.2f} ms/mention)"
        )
        size = _size(db)
        print(
            f"store size      : {size / 1e6:.2f} MB for {len(articles)} articles "
            f"(an empty store is {_empty_size(Path(tmp)) / 1e6:.2f} MB; DuckDB allocates per column)"
        )
        grown = _grow(store_only, extracted, copies=4)
        per_1000 = (_size(store_only) - size) / (grown - len(articles)) * 1000
        print(
            f"                  {_size(store_only) / 1e6:.2f} MB for {grown} articles (the sample's real "
            f"mentions stored again under new ids): {per_1000 / 1e6:.1f} MB per 1,000 more articles "
            "(text, MinHash, JSON records included)"
        )

        if args.scale <= 0:
            return
        events, mentions, t_gen = _scale_up(db, args.scale)
        print(
            f"scale-up        : {events:,} events, {mentions:,} mentions generated in {t_gen:.1f} s; "
            f"file {_size(db) / 1e9:.2f} GB"
        )
        with EventStore(db, read_only=True) as store:
            some = store.query_events(limit=1).events[0]
            actor = (store.actors(limit=1) or [None])[0]
            country = store.con.execute(
                "SELECT place_country FROM events WHERE place_country IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
            country_code = country[0] if country else "COL"
            cases: list[tuple[str, Callable[[], object]]] = [
                ("newest 50 (no filter)", lambda: store.query_events(limit=50)),
                ("event type + date range", lambda: store.query_events(EventFilter(
                    event_type=("ASSAULT",), date_from=date(2024, 1, 1), date_to=date(2024, 3, 31)))),
                ("quad 4 + country", lambda: store.query_events(
                    EventFilter(quad_code=(4,), country=country_code))),
                ("actor name contains", lambda: store.query_events(
                    EventFilter(actor=actor.name[:6] if actor else "police"))),
                ("actor country + sector", lambda: store.query_events(
                    EventFilter(actor_country=actor.country or country_code if actor else country_code,
                                actor_sector="GOV"))),
                ("evidence text contains", lambda: store.query_events(EventFilter(text="cartel"))),
                ("page at offset 100,000", lambda: store.query_events(limit=50, offset=100_000)),
                ("one event with mentions", lambda: store.get_event(some.id)),
                ("network, quad 4, 2024", lambda: store.network(
                    EventFilter(quad_code=(4,), date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))),
                ("weekly timeline, 2024", lambda: store.timeline(
                    EventFilter(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)), interval="week")),
                ("stats", store.stats),
            ]  # fmt: skip
            print(f"query latency at {events:,} events (median of 5, warm):")
            for name, fn in cases:
                print(f"  {name:<26} {_time(fn):8.1f} ms")


if __name__ == "__main__":
    main()
