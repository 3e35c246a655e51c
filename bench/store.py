"""Event-store benchmark: ingest beside extraction alone, store size, query latency at scale.

One run prints:

1. extraction-only throughput (``Pipeline.pipe``) on a sample of the insightcrime corpus;
2. ``EventStore.ingest`` throughput on the same articles (extraction + de-duplication +
   clustering + one transaction per article), and the store's own time per article measured
   alone (``add_article`` with the events already extracted);
3. the store's size on disk per 1,000 articles;
4. query latency (median of repeated runs) for typical filters after a synthetic scale-up of the
   real mentions to ``--scale`` events (generated in SQL: each real event copied with new ids and
   dates shifted across ten years);
5. ``ingest`` with 2 worker processes (``--processes-sample`` articles; ``--processes-only`` runs
   just this part): one process, the pool fed once per store chunk (how ingest fed it before
   issue 18's stream, at 16 articles a chunk and at the CLI's 128), and one stream for the run
   (now): wall time and the workers' idle share (1 − their busy seconds / (2 × wall)), and
   whether every store is identical to the one-process one.

    .venv/bin/python bench/store.py [--sample 200] [--scale 1000000]
    .venv/bin/python bench/store.py --processes-only [--processes-sample 60 --processes-rounds 2]

The articles carry a made-up publication date (one per day from 2020-01-01) and outlet so that
dates and sources exist; the corpus itself has neither.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_articles, word_count  # noqa: E402

from dotterel.parallel import ParallelPipeline  # noqa: E402
from dotterel.pipeline import Pipeline, PipelineConfig  # noqa: E402
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


class PerChunk:
    """The pool without its stream: ingest then calls ``pipe`` once per store chunk, as it did
    before issue 18's stream (the workers drain at every chunk's end)."""

    def __init__(self, pool: ParallelPipeline) -> None:
        self.pool = pool

    def pipe(self, articles):
        return self.pool.pipe(articles)

    def extract(self, article):
        return self.pool.extract(article)


def _store_rows(db: Path) -> dict[str, list[str]]:
    """Every table of a store, rows sorted, without the ingest and migration times: to compare two stores."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            cols = [
                c[0]
                for c in con.execute(f"DESCRIBE {table}").fetchall()
                if c[0] not in ("ingested_at", "applied_at")
            ]
            out[table] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()))
        return out
    finally:
        con.close()


def _processes_bench(n: int, batch_size: int, rounds: int) -> None:
    """Section 5: a one-process ingest beside a 2-process one fed per chunk and as one stream."""
    articles = _dated(n)
    load0 = os.getloadavg()[0]
    modes = [
        ("1 process (main thread)", None, batch_size),
        (f"2 processes, pipe per {batch_size}-article chunk (before)", "chunk", batch_size),
        (f"2 processes, pipe per {batch_size * 8}-article chunk (CLI before)", "chunk", batch_size * 8),
        ("2 processes, one stream (now)", "stream", batch_size),
    ]
    wall: dict[str, list[float]] = {m[0]: [] for m in modes}
    idle: dict[str, list[float]] = {m[0]: [] for m in modes}
    feeds: dict[str, int] = {}
    same: dict[str, bool] = {}
    config = PipelineConfig(batch_size=batch_size)
    one = Pipeline(config)
    one.extract(articles[0])  # warm-up outside the timings
    with tempfile.TemporaryDirectory() as tmp, ParallelPipeline(config, processes=2) as pool:
        pool.wait_ready()
        reference: dict[str, list[str]] | None = None
        for r in range(rounds):
            for name, kind, chunk in modes:
                db = Path(tmp) / f"{r}-{len(wall[name])}-{kind}-{chunk}.duckdb"
                extractor = one if kind is None else PerChunk(pool) if kind == "chunk" else pool
                busy0, streams0 = pool.worker_busy_s, pool.streams
                with EventStore(db) as store:
                    t0 = time.perf_counter()
                    store.ingest(articles, extractor, batch_size=chunk)
                    secs = time.perf_counter() - t0
                wall[name].append(secs)
                if kind is not None:
                    idle[name].append(1 - (pool.worker_busy_s - busy0) / (2 * secs))
                    feeds[name] = pool.streams - streams0
                rows = _store_rows(db)
                if reference is None:
                    reference = rows
                same[name] = same.get(name, True) and rows == reference
    load1 = os.getloadavg()[0]
    base = statistics.median(wall[modes[0][0]])
    print(
        f"ingest with worker processes: {len(articles)} insightcrime articles, store chunks of "
        f"--batch-size {batch_size} unless said; median of {rounds} rounds in turn; load average "
        f"{load0:.2f} before, {load1:.2f} after (1-min; {os.cpu_count()} cores; shared machine: wall "
        "figures are noisy, the idle share less so)"
    )
    for name, kind, _chunk in modes:
        w = statistics.median(wall[name])
        line = f"  {name:<50} {w:6.1f} s wall {len(articles) / w:6.2f} articles/s ({base / w:.2f}x)"
        if kind is not None:
            line += (
                f"  workers idle {statistics.median(idle[name]):5.1%}; pool fed {feeds[name]} time(s); "
                f"store identical to 1 process: {same[name]}"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="articles to ingest")
    parser.add_argument("--scale", type=int, default=1_000_000, help="events for the query benchmark")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--processes-sample", type=int, default=60, help="articles for section 5 (0: skip)")
    parser.add_argument("--processes-rounds", type=int, default=2, help="rounds of section 5's modes")
    parser.add_argument("--processes-only", action="store_true", help="run section 5 alone")
    args = parser.parse_args()
    if args.processes_only:
        _processes_bench(args.processes_sample, args.batch_size, args.processes_rounds)
        return

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
            if args.processes_sample > 0:
                _processes_bench(args.processes_sample, args.batch_size, args.processes_rounds)
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
    if args.processes_sample > 0:
        _processes_bench(args.processes_sample, args.batch_size, args.processes_rounds)


if __name__ == "__main__":
    main()
