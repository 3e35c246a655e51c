"""Scale benchmark (issue 18): every core, a Ray cluster, the store behind both, in one run.

Prints, each beside spaCy's own floor measured in the same run:

1. **throughput** on the first ``--sample`` insightcrime articles: spaCy's ``nlp.pipe`` alone,
   dotterel in 1 process, in 2 worker processes (``--processes 2``) and on a local Ray
   (``ray.init(num_cpus=2)``, ``code_jsonl`` with 2 actors; its start-up, the actors loading the
   model, is measured on a 4-article run and taken out of the steady rate);
2. **peak memory** of ``ingest`` at 1k and 10k articles (each in a fresh process holding the
   loaded pipeline, as ``dotterel ingest`` does; the articles are distinct texts made from the
   corpus, and their events are replayed from the synthetic generator rather than coded, which
   would take hours here: what grows with the corpus is the store side, de-duplication and
   clustering);
3. **clustering** time (one core, CPU seconds) at 100k and 1M synthetic mentions with the
   blocking index, beside the old window scan on small sizes;
4. a **projection** of a GDELT day (730,000 articles): core-hours from the measured per-core
   rate, and wall time on a 32-core cluster with the measured 2-process efficiency.

    .venv/bin/python bench/scale.py [--sample 100] [--only throughput,memory,clustering]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_articles  # noqa: E402
from synthetic import articles as synthetic_articles  # noqa: E402

GDELT_DAY = 730_000
CLUSTER_CORES = 32


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 1. throughput ------------------------------------------------------------------------------
def throughput(sample: int, batch_size: int) -> dict[str, float]:
    from dotterel.nlp import load_spacy
    from dotterel.normalise import normalise_text
    from dotterel.parallel import ParallelPipeline
    from dotterel.pipeline import Pipeline, PipelineConfig

    arts = load_articles(sample)
    texts = [normalise_text(a.text) for a in arts]
    n = len(arts)
    nlp = load_spacy()
    pipeline = Pipeline()
    list(nlp.pipe(texts[:4]))
    list(pipeline.pipe(arts[:4]))
    rates: dict[str, float] = {}

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    rates["spacy"] = n / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    one = [[e.to_dict() for e in evs] for _, evs in pipeline.pipe(arts, batch_size=batch_size)]
    rates["one"] = n / (time.perf_counter() - t0)

    with ParallelPipeline(PipelineConfig(batch_size=batch_size), processes=2) as pool:
        list(pool.pipe(arts[:4], batch_size=1))  # both workers have loaded the model
        t0 = time.perf_counter()
        two = [[e.to_dict() for e in evs] for _, evs in pool.pipe(arts)]
        rates["two"] = n / (time.perf_counter() - t0)
    rates["identical"] = float(one == two)

    try:
        rates["ray"] = _ray_rate(arts, batch_size)
    except ImportError:
        rates["ray"] = float("nan")
    return rates


def _ray_rate(arts: list, batch_size: int) -> float:
    import ray
    import ray.data

    from dotterel.distributed import code_jsonl

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        with tempfile.TemporaryDirectory() as tmp:
            timings = []
            for k, part in enumerate((arts[:4], arts)):
                src = Path(tmp) / f"in{k}.jsonl"
                src.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in part) + "\n")
                t0 = time.perf_counter()
                code_jsonl([str(src)], str(Path(tmp) / f"out{k}"), concurrency=2, batch_size=batch_size)
                timings.append(time.perf_counter() - t0)
    finally:
        ray.shutdown()
    return (len(arts) - 4) / max(timings[1] - timings[0], 1e-9)


# --- 2. memory ----------------------------------------------------------------------------------
def _shuffled_texts(n: int) -> Iterator[str]:
    """``n`` distinct article texts: the corpus's, words shuffled per copy (no near duplicates).

    A generator: the articles stream into the ingest as they would from a file, so the peak
    measured is the ingest's, not the benchmark's own list of 10k texts.
    """
    base = [a.text for a in load_articles(1000)]
    rng = random.Random(18)
    for i in range(n):
        words = base[i % len(base)].split()
        if i >= len(base):
            rng.shuffle(words)
        yield " ".join(words)


def memory_child(n: int) -> None:
    """Ingest ``n`` articles into a fresh store in this process; print peak RSS and time (JSON)."""
    from dotterel.pipeline import Pipeline
    from dotterel.records import Article
    from dotterel.store import EventStore

    Pipeline()  # held, as `dotterel ingest` holds it
    start = date(2024, 1, 1)
    pending: dict[str, list] = {}  # events of the articles read and not yet stored

    def stream() -> Iterator[Article]:
        texts = _shuffled_texts(n)
        replayed = synthetic_articles(n * 4, days=max(1, n // 30), prefix="m")
        for i, (text, events) in enumerate(zip(texts, replayed, strict=False)):
            pending[f"m{i}"] = events
            day = start + timedelta(days=i // 30)
            yield Article(id=f"m{i}", text=text, published=day, outlet=f"o{i % 50}")

    class Replay:
        def pipe(self, batch):
            return ((a, pending.pop(a.id)) for a in batch)

        def extract(self, article):
            return pending.pop(article.id)

    before = _rss_mib()
    with tempfile.TemporaryDirectory() as tmp, EventStore(Path(tmp) / "m.duckdb") as store:
        t0 = time.perf_counter()
        summary = store.ingest(stream(), Replay(), batch_size=16)
        secs = time.perf_counter() - t0
        duck = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
        size = (Path(tmp) / "m.duckdb").stat().st_size
    print(json.dumps({"n": summary.articles, "rss_before": before, "peak": _rss_mib(), "secs": secs,
                      "duckdb_mib": duck / 2**20, "file_mib": size / 2**20,
                      "summary": summary.line()}))  # fmt: skip


def memory(sizes: tuple[int, ...], store_memory: str) -> list[dict]:
    out = []
    env = dict(os.environ, DOTTEREL_STORE_MEMORY=store_memory) if store_memory else dict(os.environ)
    for n in sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(n)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


# --- 3. clustering ------------------------------------------------------------------------------
def clustering(n: int, *, scan: bool = False) -> tuple[float, float, float, int, int]:
    """Cluster ``n`` synthetic mentions on one core, as generated (streamed: nothing is held).

    Returns the CPU seconds of clustering alone (keys, candidates, scoring, the index), of the
    generator (timed apart: it builds the ``Event`` records ingest would get, about a fifth of the
    clustering's cost), the wall seconds of both, and the mentions and events.
    """
    from dotterel.store.blocking import BlockIndex, assign
    from dotterel.store.cluster import ClusterSettings, MentionKeys

    settings = ClusterSettings()
    index = _WindowScan(settings) if scan else BlockIndex(settings)
    spent = made = 0.0
    mentions = events = 0
    wall = time.perf_counter()
    stream = synthetic_articles(n)
    while True:
        t0 = time.process_time()
        evs = next(stream, None)
        made += time.process_time() - t0
        if evs is None:
            break
        t0 = time.process_time()
        keys = [MentionKeys.of(e) for e in evs]
        _, touched, created = assign(evs, keys, index, settings)
        index.put(touched.values())
        spent += time.process_time() - t0
        mentions += len(evs)
        events += len(created)
    return spent, made, time.perf_counter() - wall, mentions, events


class _WindowScan:
    """The candidates before blocking: every stored event of the category in the date window."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.by_type: dict[str, dict[str, object]] = {}

    def ensure(self, day) -> None:
        pass

    def candidates(self, keys):
        w = timedelta(days=self.settings.window_days)
        rows = self.by_type.get(keys.event_type, {}).values()
        return [r for r in rows if r.date_min <= keys.date + w and r.date_max >= keys.date - w]

    def put(self, rows) -> None:
        for r in rows:
            if r.date_min is not None:
                self.by_type.setdefault(r.event_type, {})[r.id] = r


# --- main ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="articles for the throughput runs")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--only", default="throughput,memory,clustering", help="sections to run")
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument(
        "--store-memory",
        default="32MB",
        help="DuckDB's cache for the memory runs (DOTTEREL_STORE_MEMORY; '' for the store's default)",
    )
    parser.add_argument("--cluster-sizes", default="100000,1000000")
    parser.add_argument("--scan-sizes", default="5000,20000", help="sizes for the old window scan ('' skips)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    only = set(args.only.split(","))

    if "throughput" in only:
        r = throughput(args.sample, args.batch_size)
        own = r["spacy"] / r["one"] - 1
        lines = [
            f"throughput on {args.sample} insightcrime articles (articles/s, one run):",
            f"  spaCy nlp.pipe alone (floor)   {r['spacy']:7.2f}",
            f"  dotterel, 1 process            {r['one']:7.2f}   (own stages: {own:+.0%} of spaCy's time)",
            f"  dotterel, 2 processes          {r['two']:7.2f}   ({r['two'] / r['one']:.2f}x one process; "
            f"records identical: {bool(r['identical'])})",
            f"  dotterel, local Ray (2 actors) {r['ray']:7.2f}   (steady rate, actor start-up excluded)",
        ]
        efficiency = min(1.0, r["two"] / r["one"] / 2)
        core_h = GDELT_DAY / r["one"] / 3600
        floor_h = GDELT_DAY / r["spacy"] / 3600
        wall_min = core_h / (CLUSTER_CORES * efficiency) * 60
        ideal_min = core_h / CLUSTER_CORES * 60
        lines += [
            f"projection, a GDELT day ({GDELT_DAY:,} articles of this corpus's length):",
            f"  dotterel {core_h:6.1f} core-hours (spaCy floor {floor_h:.1f}); on {CLUSTER_CORES} cores "
            f"{wall_min:.0f} min at the measured {efficiency:.0%} per-core efficiency "
            f"({ideal_min:.0f} min at 100%)",
        ]
        print("\n".join(lines), flush=True)

    if "memory" in only:
        sizes = tuple(int(s) for s in args.memory_sizes.split(","))
        res = memory(sizes, args.store_memory)
        cap = args.store_memory or "the store's default"
        print(f"peak memory of ingest (fresh process each, pipeline loaded, events replayed; DuckDB: {cap}):")
        for m in res:
            per = 1000 * m["secs"] / m["n"]
            print(
                f"  {m['n']:>6} articles: peak {m['peak']:6.0f} MiB "
                f"(pipeline loaded: {m['rss_before']:.0f} MiB); "
                f"DuckDB {m['duckdb_mib']:.0f} MiB; {per:.1f} ms/article in the store; {m['summary']}"
            )
        if len(res) >= 2:
            growth = res[-1]["peak"] / res[0]["peak"] - 1
            print(f"  {res[-1]['n']} vs {res[0]['n']}: {growth:+.1%} (target: within 10%)", flush=True)

    if "clustering" in only:
        print("clustering, one core (CPU seconds of clustering alone; synthetic mentions over a year):")
        for n in (int(s) for s in args.scan_sizes.split(",") if s):
            secs, _, _, m, e = clustering(n, scan=True)
            print(f"  window scan (before) {m:>9,} mentions -> {e:>9,} events: {secs:7.1f} s")
        for n in (int(s) for s in args.cluster_sizes.split(",") if s):
            secs, made, wall, m, e = clustering(n)
            verdict = f"; target 10 min: {'met' if secs <= 600 else 'NOT met'}" if m >= 1_000_000 else ""
            print(f"  blocking             {m:>9,} mentions -> {e:>9,} events: {secs:7.1f} s "
                  f"({1e6 * secs / m:.0f} µs/mention; generating them {made:.1f} s; wall {wall:.0f} s; "
                  f"peak RSS {_rss_mib():.0f} MiB{verdict})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
