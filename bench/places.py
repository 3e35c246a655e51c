"""Benchmark the place index and the place component against the pipeline they serve (issues #5, #13).

Prints, in one run: the index build time (from the gazetteer files, cold), its cached load time, its
size in memory and on disk, lookups per second over the place names of real articles, and — as
the baseline — the whole pipeline's time on the same articles with each dotterel component's share;
then the share of events with a location, by ``basis`` (how the place was tied to the event) and by
precision. Targets (issue #13): load ≤ 0.5 s cached and ≤ 20 s cold, places ≤ 5% of pipeline time,
≥ 60% of events located on 120 insightcrime articles.

    .venv/bin/python bench/places.py [--articles 120] [--corpus ../shared/data/corpora/insightcrime-train.tsv]

Without the corpus (shared/ absent) it codes the example article instead.
"""

from __future__ import annotations

import argparse
import csv
import gc
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from dotterel.assemble import frames_to_events
from dotterel.pipeline import Pipeline
from dotterel.provenance.gazetteer import PlaceIndex
from dotterel.records import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "insightcrime-train.tsv"
SEED = ROOT / "src" / "dotterel" / "examples" / "seed-article.txt"


def read_articles(path: Path, limit: int) -> list[Article]:
    if not path.exists():
        print(f"(corpus {path} not found: using the example article)")
        return [Article(id="seed", text=SEED.read_text("utf-8"), published=date(2023, 11, 15))]
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.reader(fh, delimiter="\t")):  # quoted fields, doubled quotes
            if len(out) >= limit:
                break
            text = row[0].strip() if row else ""
            if text:
                out.append(Article(id=f"insightcrime-{n}", text=text, published=date(2020, 1, 1)))
    return out


def bench_index() -> PlaceIndex:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        t0 = time.perf_counter()
        PlaceIndex.load(cache_dir=cache)  # cold: build from the gazetteer files and write the cache
        build_s = time.perf_counter() - t0
        gc.collect()
        t0 = time.perf_counter()
        index = PlaceIndex.load(cache_dir=cache)
        load_s = time.perf_counter() - t0
        del index
        gc.collect()
        tracemalloc.start()  # a third load, traced, for the size (tracing slows it down)
        index = PlaceIndex.load(cache_dir=cache)
        size_mb = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
        disk_mb = sum(p.stat().st_size for p in cache.glob("*.pickle")) / 1e6
    print(f"index: {len(index):,} names → {index.n_places:,} places")
    print(f"  build (cold, incl. writing the cache): {build_s:.2f} s")
    print(f"  load from cache:                       {load_s:.3f} s")
    print(f"  memory after load: {size_mb:.0f} MB   cache file: {disk_mb:.1f} MB")
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()

    index = bench_index()
    articles = read_articles(args.corpus, args.articles)
    pipeline = Pipeline()
    stage_s: dict[str, float] = defaultdict(float)
    names: list[str] = []
    n_events = 0
    events = []
    t_all = time.perf_counter()
    for article in articles:
        doc = pipeline.make_doc(article)
        for name, proc in pipeline.nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            stage_s[name] += time.perf_counter() - t0
        n_events += len(doc._.frames or [])
        events += frames_to_events(doc, article)
        names += [e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    total = time.perf_counter() - t_all
    chars = sum(len(a.text) for a in articles)
    print(f"\npipeline (baseline): {len(articles)} articles, {chars:,} chars, {n_events} frames")
    print(f"  total {total:.2f} s = {len(articles) / total:.1f} articles/s")
    for name, secs in stage_s.items():
        print(f"  {name:24s} {secs:7.3f} s  {100 * secs / total:5.1f} %")

    located = [e.location for e in events if e.location is not None]
    bases = Counter(loc.basis for loc in located)
    precisions = Counter(loc.precision for loc in located)
    print(
        f"\nevents: {len(events)}; with a location {len(located)} = {len(located) / max(1, len(events)):.0%}"
    )
    print(
        "  by basis:     "
        + ", ".join(f"{b} {n} ({n / max(1, len(events)):.0%})" for b, n in bases.most_common())
    )
    print("  by precision: " + ", ".join(f"{p} {n}" for p, n in precisions.most_common()))
    admin1, admin2 = sum(1 for loc in located if loc.admin1), sum(1 for loc in located if loc.admin2)
    print(f"  with admin1: {admin1}; with admin2: {admin2}")

    if names:
        reps = max(1, 200_000 // len(names))
        t0 = time.perf_counter()
        hits = sum(1 for _ in range(reps) for n in names if index.lookup(n))
        secs = time.perf_counter() - t0
        print(f"\nlookups: {reps * len(names):,} over {len(names)} place names of these articles")
        print(f"  {reps * len(names) / secs:,.0f} lookups/s; {hits / reps / len(names):.0%} of names found")


if __name__ == "__main__":
    main()
