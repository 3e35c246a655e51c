"""What a Ray actor costs per article, apart from what other processes take from it (issue 18).

``bench/scale.py`` runs local Ray (``ray.init(num_cpus=2)``) in two configurations, after a
discarded warm-up run:

- **2 actors**: both cores coded on; Ray's own processes (raylet, GCS, the driver, Ray's agents)
  compete with the actors for the same two cores;
- **1 actor**: the actor has a core to itself and Ray's processes have the other, as on a
  many-core node where they are a small share.

Each batch is timed inside the actor (:func:`timed_coder`): its wall start and end, its CPU
seconds (``time.process_time``: all the actor's threads) and those of coding alone (the
pipeline), so a run gives the actors' CPU ms per article, the idle gaps between batches (Ray
scheduling the next one) and the wall-in-batch. A thread in the driver samples the CPU seconds
of every process Ray started (descendants of the driver, read from ``/proc``) and of the driver
itself, so Ray's own cost is measured per article and as a fraction of a core over the actors'
steady span (from the first batch's start to the last batch's end: start-up falls out).

Linux only (``/proc``); nothing here is imported by the product.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def timed_coder(log_dir: str, warm: str | None, batch_size: int) -> type:
    """dotterel's ``RayEventCoder``, unchanged, each batch's figures appended to a file per actor
    in ``log_dir`` (a local Ray: the actors share this disk), one JSON object a line.

    With ``warm`` (a JSONL file of articles), each actor first codes those articles once, in
    batches of ``batch_size``, before Ray hands it a batch: the benchmark passes the sample
    itself, so the actors code articles they have seen before, as the 1-process pipeline does in
    its rounds (spaCy's and dotterel's caches make a repeat about a tenth cheaper than a first
    sight; without this the comparison would charge that to Ray).
    """
    from dotterel.distributed import RayEventCoder

    class TimedCoder(RayEventCoder):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - RayEventCoder's
            super().__init__(*args, **kwargs)
            import ray

            self._log = os.path.join(log_dir, str(os.getpid()))
            self._code_cpu = self._code_wall = 0.0
            warm_ms = None
            if warm:
                from dotterel.records import Article

                with open(warm, encoding="utf-8") as fh:
                    arts = [Article(id=d["id"], text=d["text"]) for d in map(json.loads, fh)]
                c0 = time.process_time()
                for _ in self.pipeline.code(arts, batch_size=batch_size):
                    pass
                warm_ms = 1000 * (time.process_time() - c0) / len(arts)
            meta = {
                "pid": os.getpid(),
                "warm_ms": warm_ms,
                "assigned": ray.get_runtime_context().get_assigned_resources(),
                "threads": len(os.listdir("/proc/self/task")),
                "nice": os.nice(0),  # Ray starts its workers at 15 (worker_niceness): daemons first
                **{v: os.environ.get(v) for v in _THREAD_VARS},
            }
            with open(self._log + ".meta", "w", encoding="utf-8") as fh:
                fh.write(json.dumps(meta))

        def _code(self, articles):  # noqa: ANN001, ANN202 - RayEventCoder's
            c0, t0, h0 = time.process_time(), time.perf_counter(), time.thread_time()
            out = super()._code(articles)
            self._code_cpu += time.process_time() - c0
            self._code_wall += time.perf_counter() - t0
            self._code_thread += time.thread_time() - h0
            return out

        def __call__(self, batch):  # noqa: ANN001, ANN204 - Ray's batch and table
            self._code_cpu = self._code_wall = self._code_thread = 0.0
            t0, c0 = time.time(), time.process_time()
            out = super().__call__(batch)
            rec = {"t0": t0, "t1": time.time(), "cpu": time.process_time() - c0, "rows": out.num_rows,
                   "code_cpu": self._code_cpu, "code_wall": self._code_wall,
                   "code_thread": self._code_thread}  # fmt: skip
            with open(self._log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")
            return out

    return TimedCoder


def _cpu_s(pid: int | str) -> float | None:
    """User + system CPU seconds of a process (all its threads), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


def _descendants(root: int) -> dict[int, str]:
    """Every live descendant of ``root``: pid -> what it is (raylet, gcs_server, a Ray worker...)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out: dict[int, str] = {}
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        out[pid] = _kind(pid)
        todo.extend(children.get(pid, []))
    return out


#: Ray's own processes by kind, and whether a cluster runs one set per node or one in all.
PER_NODE = ("raylet", "agents", "idle_workers")
PER_CLUSTER = ("gcs_server", "driver", "data_actors")


def _kind(pid: int) -> str:
    """What a process Ray started is, from its command line (the coding actors are told apart
    by pid, by the caller)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv = fh.read().split(b"\0")
    except OSError:
        return "gone"
    cmd = b" ".join(argv).decode("utf-8", "replace")
    if "raylet" in os.path.basename(argv[0].decode("utf-8", "replace")):
        return "raylet"
    if "gcs_server" in cmd:
        return "gcs_server"
    if cmd.startswith("ray::IDLE"):
        return "idle_workers"
    if cmd.startswith("ray::") and "Agent" in cmd.split()[0]:
        return "agents"  # ray::DashboardAgent, ray::RuntimeEnvAgent: one each per node
    if cmd.startswith("ray::"):
        return "data_actors"  # Ray Data's _StatsActor, autoscaling coordinator, location tracker
    return "agents"  # the dashboard and runtime-env agents' Python processes, the log monitor


class ProcSampler:
    """CPU seconds of the driver and of every process Ray started, every ``every`` seconds."""

    def __init__(self, every: float = 0.25) -> None:
        self.every = every
        self.snaps: list[tuple[float, float, dict[int, tuple[str, float]]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            procs = {pid: (kind, _cpu_s(pid)) for pid, kind in _descendants(me).items()}
            driver = (_cpu_s(me) or 0.0) - time.thread_time()  # this sampling thread's own CPU off
            live = {p: (k, c) for p, (k, c) in procs.items() if c is not None}
            self.snaps.append((time.time(), driver, live))
            self._stop.wait(self.every)

    def __enter__(self) -> ProcSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def between(self, start: float, end: float, actors: set[int]) -> tuple[float, dict[str, float]]:
        """(seconds, CPU seconds by kind) between the first sample after ``start`` and the last
        before ``end``; ``actors``' pids are counted as "actors", the driver as "driver"."""
        inside = [s for s in self.snaps if start <= s[0] <= end]
        if len(inside) < 2:
            return 0.0, {}
        (t0, d0, p0), (t1, d1, p1) = inside[0], inside[-1]
        spent: dict[str, float] = {"driver": d1 - d0}
        for pid, (kind, cpu) in p1.items():
            kind = "actors" if pid in actors else kind
            spent[kind] = spent.get(kind, 0.0) + cpu - p0.get(pid, (kind, 0.0))[1]
        return t1 - t0, spent


def read_run(log_dir: Path, n_articles: int, sampler: ProcSampler, wall: float) -> dict:
    """One run's figures from the actors' batch logs and the driver's samples (see module doc)."""
    batches: dict[int, list[dict]] = {}
    meta: list[dict] = []
    for f in log_dir.iterdir():
        if f.suffix == ".meta":
            meta.append(json.loads(f.read_text()))
        else:
            batches[int(f.name)] = [json.loads(line) for line in f.read_text().splitlines()]
    rate = gaps = 0.0
    starts, ends = [], []
    for rows in batches.values():
        rows.sort(key=lambda b: b["t0"])
        start, end = rows[0]["t0"], max(b["t1"] for b in rows)
        rate += sum(b["rows"] for b in rows) / (end - start)
        gaps += sum(max(0.0, b["t0"] - a["t1"]) for a, b in zip(rows, rows[1:], strict=False))
        starts.append(start)
        ends.append(end)
    every = [b for rows in batches.values() for b in rows]
    coded = sum(b["rows"] for b in every)
    span, spent = sampler.between(min(starts), max(ends), {m["pid"] for m in meta} | set(batches))
    per = 1000 / coded  # ms per article

    def share(kinds: tuple[str, ...]) -> float:
        return sum(spent.get(k, 0.0) for k in kinds)

    ray_kinds = PER_NODE + PER_CLUSTER
    return {
        "actors": len(batches),
        "batches": len(every),
        "rate": rate,
        "wall": wall,
        "cpu_ms": per * sum(b["cpu"] for b in every),
        "code_cpu_ms": per * sum(b["code_cpu"] for b in every),
        # the coding thread alone: the rest of code_cpu is Ray's own threads in the actor meanwhile
        "code_thread_ms": per * sum(b["code_thread"] for b in every),
        "in_batch_ms": per * sum(b["t1"] - b["t0"] for b in every),
        "gap_ms": per * gaps,
        "gap_per_batch_ms": 1000 * gaps / max(1, len(every) - len(batches)),
        "span": span,
        # Over the sampled span: CPU seconds by kind, as ms per article coded in it and as cores.
        "ray_ms": {k: 1000 * spent.get(k, 0.0) / (rate * span) if span else None for k in ray_kinds},
        "ray_cores": share(ray_kinds) / span if span else None,
        "node_cores": share(PER_NODE) / span if span else None,
        "cluster_cores": share(PER_CLUSTER) / span if span else None,
        "actors_cores": spent.get("actors", 0.0) / span if span else None,
        "actor_all_ms": 1000 * spent.get("actors", 0.0) / (rate * span) if span else None,
        "meta": sorted(meta, key=lambda m: m["pid"]),
        "warm_ms": statistics.median(m["warm_ms"] for m in meta) if meta and meta[0]["warm_ms"] else None,
        "n": n_articles,
    }


def summarise(runs: list[dict]) -> dict:
    """The median of each figure over runs of one configuration (``ray_ms`` kind by kind)."""

    def med(key: str) -> float | None:
        vals = [r[key] for r in runs if r[key] is not None]
        return statistics.median(vals) if vals else None

    keys = ("rate", "wall", "cpu_ms", "code_cpu_ms", "code_thread_ms", "in_batch_ms", "gap_ms",
            "gap_per_batch_ms", "ray_cores", "node_cores", "cluster_cores", "actors_cores",
            "actor_all_ms", "warm_ms")  # fmt: skip
    out = {k: med(k) for k in keys}
    kinds = runs[0]["ray_ms"]
    out["ray_ms"] = {}
    for k in kinds:
        vals = [r["ray_ms"][k] for r in runs if r["ray_ms"][k] is not None]
        out["ray_ms"][k] = statistics.median(vals) if vals else None
    out["ray_total_ms"] = sum(v for v in out["ray_ms"].values() if v is not None)
    out["rounds"] = [r["rate"] for r in runs]
    out["actors"] = runs[0]["actors"]
    out["batches"] = runs[0]["batches"]
    out["meta"] = runs[-1]["meta"]
    return out
