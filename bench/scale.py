"""Scale benchmark (issue 18): every core, a Ray cluster, the store behind both, in one run.

Prints, each beside spaCy's own floor measured in the same run:

1. **throughput** on the first ``--sample`` insightcrime articles: spaCy's ``nlp.pipe`` alone,
   dotterel in 1 process and in 2 worker processes (``--processes 2``, workers loaded before
   the clock starts), ``--rounds`` times in turn, the order rotating (the machine may be shared:
   the load average is printed; the first round is the 1-process pipeline's first sight of the
   sample, after 16 other articles, the later ones repeats: both are printed); then a local Ray
   (``ray.init(num_cpus=2)``, ``code_jsonl``, after a discarded warm-up run) with 2 actors (Ray's
   own processes share the 2 cores with them) and with 1 actor (a core of its own, as on a
   many-core node), ``--ray-rounds`` runs each, each actor first coding the sample once
   (``--no-ray-warm``: not), as the 1-process pipeline has (``--ray-cpus``/``--ray-actors``:
   other counts, e.g. 15,8,1 actors on 16 CPUs). Each batch is timed inside the
   actors (wall and CPU, coding apart: :mod:`ray_cost`), so start-up costs fall out of the steady
   rate and the report gives the actors' CPU per article, the gaps between batches and the CPU
   of Ray's own processes (raylet, GCS, driver, idle workers, agents; from ``/proc``);
2. **peak memory** of ``ingest`` at 1k and 10k articles (each in a fresh process holding the
   loaded pipeline, as ``dotterel ingest`` does; the articles are distinct texts made from the
   corpus, and their events are replayed from the synthetic generator rather than coded, which
   would take hours here: what grows with the corpus is the store side, de-duplication and
   clustering);
3. **clustering** time (one core, CPU seconds) at 100k and 1M synthetic mentions with the
   blocking index, beside the old window scan on small sizes;
4. a **projection** of a GDELT day (730,000 articles as long as the sample's): core-hours from
   the 1-process rate, and wall time on a 32-core Ray cluster from measured figures only: the
   1-actor run's wall per article plus Ray's processes' CPU per article, over 32 cores; beside it
   the same from CPU time (load falls out), with the 2-worker CPU inflation, with Ray's processes
   as a fixed share per node, at the first-sight cost, and the old 2-actor efficiency.

    .venv/bin/python bench/scale.py [--sample 100] [--rounds 3] [--ray-rounds 2] [--no-ray-warm]
                                    [--ray-cpus 2] [--ray-actors 2,1]
                                    [--only throughput,memory,clustering]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ray_cost  # noqa: E402
from corpus import load_articles, word_count  # noqa: E402
from synthetic import articles as synthetic_articles  # noqa: E402

GDELT_DAY = 730_000
CLUSTER_CORES = 32
NODES = 4  # the cluster's nodes, where Ray's per-node processes are counted per node
WARM_UP = 250  # articles after the sample that warm the 1-process pipeline up (--warm-up)
POOL_WARM = 4  # passes of the sample through the 2 workers before the rounds (see throughput)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 1. throughput ------------------------------------------------------------------------------
def throughput(
    sample: int,
    batch_size: int,
    rounds: int,
    ray_rounds: int,
    ray_warm: bool = True,
    ray_cpus: int = 2,
    ray_actors: tuple[int, ...] = (2, 1),
    warm_up: int = WARM_UP,
) -> dict:
    """spaCy alone, dotterel in 1 and in 2 processes, ``rounds`` times in turn (the order rotating),
    so a shared machine whose load changes slows all three alike; then local Ray.

    Each side's rate is its median over the rounds; the 2-process speed-up is the median of each
    round's own ratio. CPU seconds per article are counted too (the parent's and the workers'
    apart): they show where time goes whatever the load.
    """
    from dotterel.nlp import load_spacy
    from dotterel.normalise import normalise_text
    from dotterel.parallel import ParallelPipeline
    from dotterel.pipeline import Pipeline, PipelineConfig

    arts = load_articles(sample + warm_up)
    arts, warm = arts[:sample], arts[sample:]
    texts = [normalise_text(a.text) for a in arts]
    n = len(arts)
    nlp = load_spacy(fast_rules=False)  # spaCy as shipped: the floor (dotterel runs token_rules)
    pipeline = Pipeline()
    list(nlp.pipe(texts[:4]))
    # Other articles than the sample: the first round's pass over the sample is a first sight in
    # a warm process, as a day's articles are (a process's first batches cost more).
    list(pipeline.pipe(warm, batch_size=batch_size))
    secs: dict[str, list[float]] = {"spacy": [], "one": [], "two": []}
    cpu: dict[str, list[float]] = {"one": [], "two_parent": [], "two_workers": []}
    idle: list[float] = []  # the workers' share of the 2-process run's wall time outside any chunk
    out: dict = {"load_before": os.getloadavg()}

    with ParallelPipeline(PipelineConfig(batch_size=batch_size), processes=2) as pool:
        pool.wait_ready()  # both workers have loaded the model and coded a sentence
        # The 1-process side's rounds after the first code articles it has seen (its caches: spaCy's
        # lemmas, the token_rules memos, names), but a chunk goes to whichever worker is free, so a
        # worker sees only part of the sample per pass: without this, 2 processes compared first
        # sights with 1 process's repeats (workers +10% CPU per article, quiet run of 02:00).
        # POOL_WARM passes leave each worker about 1/2**POOL_WARM of the sample unseen.
        for _ in range(POOL_WARM):
            list(pool.pipe(arts))
        one = two = None
        for r in range(rounds):
            sides = ["spacy", "one", "two"]
            for side in sides[r % 3 :] + sides[: r % 3]:
                t0, c0, w0, b0 = (
                    time.perf_counter(),
                    time.process_time(),
                    pool.worker_cpu_s,
                    pool.worker_busy_s,
                )
                if side == "spacy":
                    for _ in nlp.pipe(texts, batch_size=batch_size):
                        pass
                elif side == "one":
                    one = [
                        [e.to_dict() for e in evs] for _, evs in pipeline.pipe(arts, batch_size=batch_size)
                    ]
                else:
                    two = [[e.to_dict() for e in evs] for _, evs in pool.pipe(arts)]
                secs[side].append(time.perf_counter() - t0)
                if side == "one":
                    cpu["one"].append(time.process_time() - c0)
                elif side == "two":
                    cpu["two_parent"].append(time.process_time() - c0)
                    cpu["two_workers"].append(pool.worker_cpu_s - w0)
                    idle.append(1 - (pool.worker_busy_s - b0) / (2 * secs["two"][-1]))
    out["load_after"] = os.getloadavg()
    out["identical"] = one == two
    out["rates"] = {k: n / statistics.median(v) for k, v in secs.items()}
    out["rounds"] = [n / s for s in secs["two"]], [n / s for s in secs["one"]]
    out["speedup"] = statistics.median(o / t for o, t in zip(secs["one"], secs["two"], strict=True))
    out["cpu_per_article"] = {k: 1000 * statistics.median(v) / n for k, v in cpu.items()}
    out["idle"] = statistics.median(idle)
    out["words_per_article"] = word_count(arts) / n
    out["batch_size"] = batch_size
    out["ray_warm"] = ray_warm
    out["ray_cpus"] = ray_cpus
    out["warm_up"] = len(warm)
    # Round 1 codes the sample for the first time (after warm_up other articles), later rounds
    # again: spaCy's and dotterel's caches (tokens, lemmas, names) make a repeat cheaper.
    out["one_first_ms"] = 1000 * cpu["one"][0] / n
    out["one_repeat_ms"] = 1000 * statistics.median(cpu["one"][1:]) / n if rounds > 1 else None
    out["minhash_ms"] = _minhash_ms(arts)
    try:
        out["ray"] = _ray_rate(arts, batch_size, ray_rounds, ray_warm, ray_cpus, list(ray_actors))
    except ImportError:
        out["ray"] = None
    return out


def _minhash_ms(arts: list) -> float:
    """CPU ms per article of the MinHash signature a Ray actor computes beside the coding."""
    from dotterel.store.dedup import Deduplicator, DedupSettings

    dedup = Deduplicator(DedupSettings())
    t0 = time.process_time()
    for a in arts:
        dedup.encode(dedup.signature(a.text))
    return 1000 * (time.process_time() - t0) / len(arts)


def _ray_run(arts: list, batch_size: int, tmp: Path, name: str, actors: int, warm: bool) -> dict:
    """One ``code_jsonl`` run on ``arts`` with ``actors`` actors, timed inside the actors and
    sampled from ``/proc`` (:mod:`ray_cost`): its wall seconds (start-up included), the actors'
    steady rate, their CPU per article, the gaps between batches and Ray's own processes' CPU.

    The steady rate adds up, over the actors, each one's articles over its span from its first
    batch's start to its last batch's end: Ray's gaps between batches count, the actors loading
    the model, Ray Data's planning, reading and writing (fixed costs a day-long job pays once)
    do not.
    """
    import dotterel.distributed as distributed

    src = tmp / f"{name}.jsonl"
    src.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in arts) + "\n")
    log_dir = tmp / f"{name}.log"
    log_dir.mkdir()
    real = distributed.RayEventCoder
    coder = ray_cost.timed_coder(str(log_dir), str(src) if warm else None, batch_size)
    distributed.RayEventCoder = coder  # code_dataset maps this class
    try:
        with ray_cost.ProcSampler() as sampler:
            t0 = time.perf_counter()
            distributed.code_jsonl([str(src)], str(tmp / name), concurrency=actors, batch_size=batch_size)
            wall = time.perf_counter() - t0
    finally:
        distributed.RayEventCoder = real
    return ray_cost.read_run(log_dir, len(arts), sampler, wall)


def _ray_rate(arts: list, batch_size: int, rounds: int, warm: bool, cpus: int, configs: list[int]) -> dict:
    """Local Ray on ``cpus`` CPUs, each count of actors in ``configs`` in turn (the order reversed
    every other round), ``rounds`` full runs each; the medians per count.

    A discarded 4-article run comes first: the first run in a fresh ``ray.init`` also pays the
    import of dotterel, spaCy and pyarrow in Ray's worker processes.
    """
    import ray
    import ray.data

    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    # Every actor has loaded its model (and coded the warm-up) before any batch goes out, so one
    # actor's start-up does not share the cores with the other's timed batches.
    ctx.wait_for_min_actors_s = 600
    for name in ("ray", "ray.data"):  # one line per dataset otherwise
        logging.getLogger(name).setLevel(logging.WARNING)
    runs: dict[int, list[dict]] = {k: [] for k in configs}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            _ray_run(arts[:4], batch_size, Path(tmp), "warm-up", max(configs), False)
            for r in range(rounds):
                for actors in configs if r % 2 == 0 else configs[::-1]:
                    name = f"full{r}-{actors}"
                    runs[actors].append(_ray_run(arts, batch_size, Path(tmp), name, actors, warm))
    finally:
        ray.shutdown()
    return {actors: ray_cost.summarise(rs) for actors, rs in runs.items()}


def throughput_lines(r: dict, sample: int) -> list[str]:
    """The throughput section and the GDELT-day projection, each figure with what it rests on."""
    rates, cpa = r["rates"], r["cpu_per_article"]
    two_cpu = cpa["two_workers"] + cpa["two_parent"]
    free = 2 * cpa["one"] / two_cpu * (1 - r["idle"])
    own = rates["spacy"] / rates["one"] - 1
    two_eff = min(1.0, r["speedup"] / 2)
    load = "load average {:.2f} before, {:.2f} after (1-min; 2 cores)".format(
        r["load_before"][0], r["load_after"][0]
    )
    ratios = ", ".join(f"{t / o:.2f}" for t, o in zip(*r["rounds"], strict=True))
    parent_share = cpa["two_parent"] / cpa["two_workers"]
    lines = [
        f"throughput on {sample} insightcrime articles ({r['words_per_article']:.0f} words each on average); "
        f"articles/s, median of {len(r['rounds'][0])} rounds in turn; {load}:",
        f"  spaCy nlp.pipe alone (floor)   {rates['spacy']:7.2f}",
        f"  dotterel, 1 process            {rates['one']:7.2f}   (own stages: {own:+.0%} of spaCy's time)",
        f"  dotterel, 2 processes          {rates['two']:7.2f}   ({r['speedup']:.2f}x one process, "
        f"median of the rounds' ratios {ratios}; "
        f"target 1.8x: {'met' if r['speedup'] >= 1.8 else 'NOT met'}; records identical: {r['identical']})",
        f"  where the 2 processes' time goes: CPU ms per article {cpa['one']:.0f} in 1 process, "
        f"{cpa['two_workers']:.0f} in 2 workers + {cpa['two_parent']:.1f} in the parent "
        f"({parent_share:.1%}); "
        f"the workers idle {r['idle']:.1%} of the run (waiting for a chunk)",
        f"  estimate for 2 otherwise idle cores, from CPU time: {free:.2f}x "
        f"(= 2 x {cpa['one']:.0f}/{two_cpu:.0f} CPU ms per article x {1 - r['idle']:.0%} busy); "
        f"the wall ratio's shortfall beyond it is CPU that other processes took",
    ]
    ray = r["ray"]
    if ray is None:
        lines.append("  dotterel, local Ray            not installed (pip install 'dotterel[ray]')")
    else:
        lines += _ray_lines(r, ray)
    core_h = GDELT_DAY / rates["one"] / 3600
    floor_h = GDELT_DAY / rates["spacy"] / 3600
    ideal_min = core_h / CLUSTER_CORES * 60
    lines += [
        f"projection, a GDELT day ({GDELT_DAY:,} articles, each as long as this sample's average):",
        f"  {core_h:.1f} core-hours at 1 process's rate (spaCy's floor: {floor_h:.1f}); "
        f"on {CLUSTER_CORES} cores {ideal_min:.0f} min at 100% per-core efficiency",
    ]
    if ray is not None:
        lines += _ray_projection(r, ray, ideal_min)
    lines.append(
        f"  for comparison: {ideal_min / two_eff:.0f} min at the 2-process wall efficiency {two_eff:.0%}; "
        f"{ideal_min / min(1.0, free / 2):.0f} min at its idle-core estimate {min(1.0, free / 2):.0%}; "
        f"spaCy alone at 100%: {floor_h / CLUSTER_CORES * 60:.0f} min"
    )
    return lines


def _actors(k: int) -> str:
    return f"{k} actor{'s' if k > 1 else ''}"


def _ray_lines(r: dict, ray: dict) -> list[str]:
    """Local Ray's rates, where an actor's time goes and what Ray's own processes cost."""
    one_rate, one_cpu = r["rates"]["one"], r["cpu_per_article"]["one"]
    cpus, one = r["ray_cpus"], ray[1]
    configs = sorted(ray, reverse=True)
    lines = []
    for k in configs:
        x = ray[k]
        if k >= cpus:
            where = f"{_actors(k)} and Ray's processes on {cpus} cores"
        elif k == 1:
            where = "the actor has a core of its own, Ray's processes the other" + ("s" if cpus > 2 else "")
        else:
            where = f"{cpus - k} of {cpus} cores left to Ray's processes"
        lines.append(
            f"  dotterel, local Ray ({_actors(k)}){' ' * (9 - len(_actors(k)))}{x['rate']:7.2f}   "
            f"(steady rate: each actor's articles over its first batch's start to last batch's end, "
            f"summed; runs {', '.join(f'{v:.2f}' for v in x['rounds'])}; a whole run {x['wall']:.0f} s "
            f"with start-up; {x['rate'] / (k * one_rate):.0%} of {f'{k} x ' if k > 1 else ''}1 process: "
            f"{where})"
        )
    lines.append(
        f"  where a Ray actor's time goes, ms per article (1 process in this run: {one_cpu:.0f} CPU ms; "
        f"batches of {r['batch_size']}):"
    )
    for k in sorted(ray):
        x = ray[k]
        lines.append(
            f"    {_actors(k):8}: CPU in batches {x['cpu_ms']:.1f} (coding {x['code_cpu_ms']:.1f}, of which "
            f"the coding thread {x['code_thread_ms']:.1f} and Ray's threads the rest; outside coding "
            f"{x['cpu_ms'] - x['code_cpu_ms']:.1f}: rows in and out, MinHash, JSON, Arrow); wall in batches "
            f"{x['in_batch_ms']:.1f}; idle between batches {x['gap_ms']:.1f} ({x['gap_per_batch_ms']:.0f} ms "
            f"a gap, {x['batches']} batches); the actor process's CPU over the span "
            + (f"{x['actor_all_ms']:.1f}" if x["actor_all_ms"] is not None else "n/a")
            + " (its Ray threads between batches included)"
        )
    lines.append(
        "  Ray's own processes over the actors' steady span (CPU ms per article; share of a core; /proc):"
    )
    for k in sorted(ray):
        x = ray[k]
        parts = ", ".join(f"{kind} {v:.1f}" for kind, v in x["ray_ms"].items() if v is not None)
        cores = f"{x['ray_cores']:.0%} of a core" if x["ray_cores"] is not None else "span too short"
        lines.append(f"    {_actors(k):8}: {parts}; total {x['ray_total_ms']:.1f} ({cores})")
    meta = one["meta"][0] if one["meta"] else {}
    lines.append(
        f"  the actors: {meta.get('assigned')} assigned, OMP_NUM_THREADS={meta.get('OMP_NUM_THREADS')}, "
        f"MKL_NUM_THREADS={meta.get('MKL_NUM_THREADS')}, {meta.get('threads')} threads, nice "
        f"{meta.get('nice')} (the driver {os.nice(0)}: under load others' jobs take an actor's core first); "
        f"a MinHash "
        f"signature costs {r['minhash_ms']:.2f} CPU ms per article (timed in the driver)"
    )
    if r["ray_warm"]:
        warm = f"{one['warm_ms']:.0f}" if one["warm_ms"] is not None else "n/a"
        lines.append(
            f"  each actor coded the sample once before it was timed ({warm} CPU ms per article, 1 actor), "
            f"as 1 process has in its rounds: both sides code articles they have seen"
            + (
                ""
                if r["one_repeat_ms"] is not None
                else " (but with --rounds 1, 1 process's figure is its first sight: efficiencies read high)"
            )
        )
    else:
        lines.append("  the actors were timed on their first sight of the sample (--no-ray-warm)")
    return lines


def _ray_projection(r: dict, ray: dict, ideal_min: float) -> list[str]:
    """The 32-core Ray cluster's wall time for a GDELT day, from this run's measured figures.

    A cluster core either runs an actor or Ray's own processes: an article costs the wall time
    an actor with a core of its own spends on it (the 1-actor run's steady rate) plus the CPU
    Ray's processes spend per article (assumed to grow with the articles: conservative for
    the parts of it that are a fixed rate per node).
    """
    one_rate = r["rates"]["one"]
    one = ray[1]
    per_art = 1 / one["rate"] + one["ray_total_ms"] / 1000
    wall = GDELT_DAY * per_art / CLUSTER_CORES / 60
    cpu_art = (one["cpu_ms"] + one["gap_ms"] + one["ray_total_ms"]) / 1000
    cpu_wall = GDELT_DAY * cpu_art / CLUSTER_CORES / 60
    infl = r["cpu_per_article"]["two_workers"] / r["cpu_per_article"]["one"]
    shared_wall = GDELT_DAY * (cpu_art + one["cpu_ms"] * (infl - 1) / 1000) / CLUSTER_CORES / 60
    one_cpu = r["cpu_per_article"]["one"]
    cpu_eff = one_cpu / (one["cpu_ms"] + one["gap_ms"])
    total_eff = one_cpu / (1000 * cpu_art)

    def verdict(m: float) -> str:
        return "met" if m <= 45 else f"NOT met, {m - 45:.1f} min over"

    lines = [
        f"  on a {CLUSTER_CORES}-core Ray cluster: {wall:.0f} min = {GDELT_DAY:,} x "
        f"({1000 / one['rate']:.0f} ms wall per article of an actor with a core of its own "
        f"[1-actor steady rate {one['rate']:.2f}/s, {one['rate'] / one_rate:.0%} of 1 process] + "
        f"{one['ray_total_ms']:.1f} CPU ms per article of Ray's own processes [/proc, 1-actor span]) / "
        f"{CLUSTER_CORES} cores; target 45 min: {verdict(wall)}",
        f"    from CPU time (what other processes on this machine took falls out): {cpu_wall:.0f} min = "
        f"{GDELT_DAY:,} x ({one['cpu_ms']:.0f} CPU ms in batches + {one['gap_ms']:.1f} ms idle between "
        f"batches + {one['ray_total_ms']:.1f} ms of Ray's processes) / {CLUSTER_CORES}; {verdict(cpu_wall)}; "
        f"an actor's per-core efficiency from CPU time {cpu_eff:.0%} (1 process's {one_cpu:.0f} CPU ms / "
        f"the actor's {one['cpu_ms'] + one['gap_ms']:.0f}), {total_eff:.0%} with Ray's processes",
        f"    the same with the actors' CPU x {infl:.2f} (2 busy workers' CPU per article over 1 process's, "
        f"this run: cores sharing caches): {shared_wall:.0f} min; {verdict(shared_wall)}",
    ]
    for k in sorted(k for k in ray if k > 1):
        eff = min(1.0, ray[k]["rate"] / (k * one_rate))
        on = (
            f"{k} actors on {r['ray_cpus']} cores, Ray's processes on the same cores"
            if k >= r["ray_cpus"]
            else f"{k} actors on {r['ray_cpus']} cores"
        )
        lines.append(
            f"    {'before' if k == 2 else 'measured'} ({on}): {ideal_min / eff:.0f} min at their "
            f"efficiency {eff:.0%} ({k}-actor steady rate / ({k} x 1 process), capped at 100%); "
            f"{verdict(ideal_min / eff)}"
        )
    if one["ray_cores"] is not None:
        others = ", ".join(
            f"{ray[k]['ray_cores']:.0%} beside {k}"
            for k in sorted(ray)
            if k > 1 and ray[k]["ray_cores"] is not None
        )
        taken = NODES * one["node_cores"] + one["cluster_cores"]
        fixed = GDELT_DAY / (one["rate"] * (CLUSTER_CORES - taken)) / 60
        fixed_cpu = GDELT_DAY * (one["cpu_ms"] + one["gap_ms"]) / 1000 / (CLUSTER_CORES - taken) / 60
        lines.append(
            f"    if Ray's processes cost a fixed share of a core instead ({one['ray_cores']:.0%} beside 1 "
            f"actor{', ' + others if others else ''} in this run): per node {one['node_cores']:.1%} (raylet, "
            f"agents, idle workers), per cluster {one['cluster_cores']:.1%} (GCS, driver, Ray Data's "
            f"actors); {NODES} nodes of {CLUSTER_CORES // NODES} cores leave {CLUSTER_CORES - taken:.2f} "
            f"cores to actors: {fixed:.0f} min; {verdict(fixed)}; from CPU time (the actor's "
            f"{one['cpu_ms'] + one['gap_ms']:.0f} ms): {fixed_cpu:.0f} min; {verdict(fixed_cpu)}"
        )
    first, repeat = r["one_first_ms"], r["one_repeat_ms"]
    if repeat:
        new = GDELT_DAY * (first / repeat / one["rate"] + one["ray_total_ms"] / 1000) / CLUSTER_CORES / 60
        lines.append(
            f"    a day's articles are all new: 1 process's first pass over the sample cost {first:.0f} CPU "
            f"ms per article, its repeats {repeat:.0f} ({first / repeat - 1:+.0%}; a first sight after "
            f"{r['warm_up']} other articles); the actor's part at that: {new:.0f} min; {verdict(new)}"
        )
    return lines


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
def clustering(n: int, *, scan: bool = False, max_span_days: object = "default") -> dict:
    """Cluster ``n`` synthetic mentions on one core, as generated (streamed: nothing is held).

    Returns the CPU seconds of clustering alone (``secs``: keys, candidates, scoring, the index),
    of the generator (``made``, timed apart: it builds the ``Event`` records ingest would get,
    about a fifth of the clustering's cost), the wall seconds of both, the mentions and events,
    and the largest event (``biggest``: mentions, span in days) and the longest date span
    (``longest``: days, mentions), so the effect of the span cap (``max_span_days``; "default"
    for the setting's default, None for no cap) on what an "event" is shows beside its cost.
    """
    from dotterel.store.blocking import BlockIndex, assign
    from dotterel.store.cluster import ClusterSettings, MentionKeys

    settings = ClusterSettings()
    if max_span_days != "default":
        settings = ClusterSettings(max_span_days=max_span_days)
    index = _WindowScan(settings) if scan else BlockIndex(settings)
    spent = made = 0.0
    mentions = events = 0
    biggest = longest = (0, 0)
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
        for row in touched.values():  # outside the timed part: the bench's own bookkeeping
            span = (row.date_max - row.date_min).days if row.date_min and row.date_max else 0
            biggest = max(biggest, (row.num_mentions, span))
            longest = max(longest, (span, row.num_mentions))
    return dict(
        secs=spent, made=made, wall=time.perf_counter() - wall, mentions=mentions, events=events,
        biggest=biggest, longest=longest, settings=settings,
    )  # fmt: skip


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


def clustering_lines(r: dict) -> list[str]:
    """The report of one clustering run: its cost, then what the events it made look like."""
    secs, m, st = r["secs"], r["mentions"], r["settings"]
    verdict = f"; target 10 min: {'met' if secs <= 600 else 'NOT met'}" if m >= 1_000_000 else ""
    cap = getattr(st, "max_span_days", None)
    (big, big_span), (long_span, long_n) = r["biggest"], r["longest"]
    return [
        f"  blocking             {m:>9,} mentions -> {r['events']:>9,} events: {secs:7.1f} s "
        f"({1e6 * secs / m:.0f} µs/mention; generating them {r['made']:.1f} s; wall {r['wall']:.0f} s; "
        f"peak RSS {_rss_mib():.0f} MiB{verdict})",
        f"    window {st.window_days} days, span cap {cap} days: largest event {big:,} mentions over "
        f"{big_span} days; longest span {long_span} days ({long_n:,} mentions)",
    ]


# --- main ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="articles for the throughput runs")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--warm-up",
        type=int,
        default=WARM_UP,
        help="other articles the 1-process pipeline codes first: its first pass over the sample is then "
        "a first sight in a process as warm as a day's stream makes it (16: +20%% over repeats, 250: +5%%)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="throughput rounds (spaCy, 1 and 2 processes in turn)"
    )
    parser.add_argument(
        "--ray-rounds", type=int, default=2, help="full Ray runs of each configuration after the warm-up"
    )
    parser.add_argument(
        "--ray-warm",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="each Ray actor codes the sample once before it is timed, as 1 process has in its rounds",
    )
    parser.add_argument("--ray-cpus", type=int, default=2, help="ray.init(num_cpus=...) for local Ray")
    parser.add_argument(
        "--ray-actors",
        default="2,1",
        help="actor counts to run on local Ray, in turn (must include 1; e.g. 15,8,1 with --ray-cpus 16)",
    )
    parser.add_argument("--only", default="throughput,memory,clustering", help="sections to run")
    parser.add_argument("--memory-sizes", default="1000,10000")
    parser.add_argument(
        "--store-memory",
        default="32MB",
        help="DuckDB's cache for the memory runs (DOTTEREL_STORE_MEMORY; '' for the store's default)",
    )
    parser.add_argument("--cluster-sizes", default="100000,1000000")
    parser.add_argument("--scan-sizes", default="5000,20000", help="sizes for the old window scan ('' skips)")
    parser.add_argument(
        "--max-span-days",
        default="",
        help="clustering's span caps to run, comma-separated ('none': no cap; '': the default setting)",
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    only = set(args.only.split(","))

    if "throughput" in only:
        actors = tuple(int(k) for k in args.ray_actors.split(","))
        if 1 not in actors:
            parser.error("--ray-actors must include 1 (the projection rests on the 1-actor run)")
        r = throughput(
            args.sample,
            args.batch_size,
            args.rounds,
            args.ray_rounds,
            args.ray_warm,
            args.ray_cpus,
            actors,
            args.warm_up,
        )
        print("\n".join(throughput_lines(r, args.sample)), flush=True)

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
            r = clustering(n, scan=True)
            print(f"  window scan (before) {r['mentions']:>9,} mentions -> {r['events']:>9,} events: "
                  f"{r['secs']:7.1f} s")  # fmt: skip
        caps = [None if c == "none" else int(c) for c in args.max_span_days.split(",") if c]
        for cap in caps or ["default"]:
            for n in (int(s) for s in args.cluster_sizes.split(",") if s):
                print("\n".join(clustering_lines(clustering(n, max_span_days=cap))), flush=True)


if __name__ == "__main__":
    main()
