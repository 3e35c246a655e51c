"""Actor resolution cost: KB load time and memory, and resolution time per article (issue #4).

Three figures, all in one run so they compare:

1. loading the shipped knowledge base (fresh, not the cached copy): seconds, Python heap it keeps
   (tracemalloc) and the process's resident-set growth;
2. the ``dotterel_actors`` component alone, timed on the Docs the rest of the pipeline produced
   (frames, attribution, places... all there): ms per article and per mention;
3. the whole pipeline with and without the component, on the same articles.

    .venv/bin/python bench/resolution.py [--sample 200] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import load_articles, word_count  # noqa: E402

from dotterel.actors.component import ActorComponent  # noqa: E402
from dotterel.actors.kb import ROLE_FILES, SHIPPED_FILES, KnowledgeBase, shipped_dir  # noqa: E402
from dotterel.actors.resolver import ActorResolver  # noqa: E402
from dotterel.components import DEFAULT_COMPONENTS  # noqa: E402
from dotterel.pipeline import Pipeline, PipelineConfig  # noqa: E402


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def bench_kb_load() -> KnowledgeBase:
    base = shipped_dir()
    entity_files = [base / n for n in SHIPPED_FILES]
    role_files = [base / n for n in ROLE_FILES]
    gc.collect()
    rss0 = _rss_mib()
    t0 = time.perf_counter()
    kb = KnowledgeBase.from_files(entity_files, role_files)
    load_s = time.perf_counter() - t0
    rss1 = _rss_mib()
    tracemalloc.start()
    copy = KnowledgeBase.from_files(entity_files, role_files)  # a second copy, measured on the heap
    current, peak = tracemalloc.get_traced_memory()
    del copy
    tracemalloc.stop()
    size = sum((base / n).stat().st_size for n in (*SHIPPED_FILES, *ROLE_FILES)) / 2**20
    print(
        f"KB load: {load_s:.2f} s for {len(kb.entities):,} entities, {len(kb.aliases):,} aliases, "
        f"{len(kb.roles):,} role nouns ({size:.1f} MiB of JSONL/TSV)"
    )
    heap, top = current / 2**20, peak / 2**20
    print(
        f"KB memory: {heap:.0f} MiB on the Python heap (peak {top:.0f} MiB); RSS grew {rss1 - rss0:.0f} MiB"
    )
    return kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="articles to code")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    kb = bench_kb_load()
    articles = load_articles(args.sample)
    print(f"corpus: {len(articles)} articles, {word_count(articles):,} words (insightcrime sample)")

    without = tuple(c for c in DEFAULT_COMPONENTS if c != "dotterel_actors")
    bare = Pipeline(PipelineConfig(components=without))
    full = Pipeline()
    component = ActorComponent(ActorResolver(kb))
    list(bare.pipe(articles[:4]))  # warm-up
    list(full.pipe(articles[:4]))

    # 2. the component alone, on Docs the rest of the pipeline built
    docs = list(bare.nlp.pipe((bare.make_doc(a) for a in articles), batch_size=args.batch_size))
    mentions = sum(len(f.actors) + len(f.recipients) + bool(f.attribution and f.attribution.source)
                   for d in docs for f in (d._.frames or []))  # fmt: skip
    t0 = time.perf_counter()
    for doc in docs:
        component(doc)
    actors_s = time.perf_counter() - t0
    resolved = sum(
        1 for d in docs for f in (d._.frames or []) for m in (*f.actors, *f.recipients) if m.country
    )
    print(
        f"dotterel_actors alone: {actors_s:.2f} s = {1000 * actors_s / len(docs):.1f} ms/article, "
        f"{1000 * actors_s / max(mentions, 1):.2f} ms/mention "
        f"({mentions:,} mentions, {resolved:,} with a country)"
    )

    # 3. the whole pipeline, with and without the component
    t0 = time.perf_counter()
    for _ in bare.pipe(articles, batch_size=args.batch_size):
        pass
    bare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in full.pipe(articles, batch_size=args.batch_size):
        pass
    full_s = time.perf_counter() - t0
    n = len(articles)
    print(f"pipeline without dotterel_actors: {bare_s:.2f} s = {1000 * bare_s / n:.1f} ms/article")
    print(f"pipeline with dotterel_actors:    {full_s:.2f} s = {1000 * full_s / n:.1f} ms/article "
          f"({100 * (full_s - bare_s) / bare_s:+.1f}%)")  # fmt: skip


if __name__ == "__main__":
    main()
