"""The explorer's first load in real headless Chromium, with 10,000 events in the store (issue #7).

Builds (once, cached under test-artifacts/bench/) a store of synthetic articles holding at least
``--events`` events, starts a real ``dotterel serve`` on a free localhost port and opens the
explorer ``--runs`` times, each time against a freshly started server (empty response cache) in
a fresh Chromium profile (empty browser cache). It reports the time
from navigation start to the moment every view (network, timeline, map, table) has drawn its
first data (the page's ``explorer-ready`` performance mark), and each API call's duration, as
the browser measured them. The baseline in the same run is a small store (150 events), so the
cost of size is visible. Target: under 2 s with 10,000 events.

    .venv/bin/python bench/explorer_load.py [--events 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.server import serve  # noqa: E402
from tests.browser.synthetic import synthetic_articles  # noqa: E402

from dotterel.store import EventStore  # noqa: E402

CACHE = ROOT / "test-artifacts" / "bench"
SCRIPT = ROOT / "tests" / "browser" / "explorer.mjs"


def build(events: int) -> Path:
    """A store with at least ``events`` events (5 per article; a few merge into one event)."""
    path = CACHE / f"explorer-{events}.duckdb"
    if path.exists():
        with EventStore(path) as store:  # read-write: migrates a store made by an older dotterel
            if store.stats().events >= events:
                return path
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with EventStore(path) as store:
        gen = synthetic_articles(10**7, days=365)
        while store.stats().events < events:
            for _ in range(50):
                store.add_article(*next(gen))
        n = store.stats().events
    print(f"built {path.name}: {n} events in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def load_once(url: str) -> dict:
    proc = subprocess.run(
        ["node", str(SCRIPT), "load", url, str(CACHE)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"browser script failed: {proc.stderr[-2000:]}")
    result = json.loads(lines[-1])
    if not result["ok"]:
        raise SystemExit(f"browser script failed: {result['error']}")
    return result


def measure(db: Path, runs: int) -> dict:
    with EventStore(db, read_only=True) as store:
        events = store.stats().events
    results = []
    for _ in range(runs):
        with serve(db) as url:  # a fresh server each time: nothing cached on either side
            results.append(load_once(url))
    ready = [r["explorer_ready_ms"] for r in results]
    api: dict[str, list[int]] = {}
    for r in results:
        for call in r["api_calls"]:
            api.setdefault(call["url"].split("?")[0], []).append(call["ms"])
    return {
        "events": events,
        "ready_ms_median": round(statistics.median(ready)),
        "ready_ms_max": round(max(ready)),
        "dom_content_loaded_ms_median": round(statistics.median(r["dom_content_loaded_ms"] for r in results)),
        "api_ms_median": {k: round(statistics.median(v)) for k, v in sorted(api.items())},
        "render_ms_median": {
            k: round(statistics.median(r["render_ms"].get(k, 0) for r in results))
            for k in results[-1]["render_ms"]
        },
        "table_rows": results[-1]["rows"],
        "network_nodes": results[-1]["nodes"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    baseline = measure(build(150), args.runs)
    target = measure(build(args.events), args.runs)
    print(f"explorer first load, headless Chromium, {args.runs} runs, cold server + browser (median / max):")
    for name, m in (("baseline", baseline), ("target", target)):
        print(
            f"  {name:8} {m['events']:>7} events: ready {m['ready_ms_median']} ms / {m['ready_ms_max']} ms "
            f"(DOMContentLoaded {m['dom_content_loaded_ms_median']} ms; {m['network_nodes']} nodes, "
            f"{m['table_rows']} rows)"
        )
        print("           API median ms: " + ", ".join(f"{k} {v}" for k, v in m["api_ms_median"].items()))
        print(
            "           render median ms: " + ", ".join(f"{k} {v}" for k, v in m["render_ms_median"].items())
        )
    verdict = "PASS" if target["ready_ms_max"] < 2000 else "FAIL"
    worst = target["ready_ms_max"]
    print(f"target: first load under 2000 ms with {target['events']} events: {verdict} (max {worst} ms)")


if __name__ == "__main__":
    main()
