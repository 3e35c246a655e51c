"""Export throughput: ACLED and GDELT beside the plain CSV export, on the same store in one run.

    .venv/bin/python bench/exports.py --db STORE.duckdb [--scale 200000]

Copies the store (never touching it), scales its real events and mentions up in SQL to ``--scale``
events (as bench/store.py does), then times every tabular export writing to a file. The plain CSV
export is the baseline: the ACLED and GDELT exports add per-row mapping (CAMEO and ACLED tables,
actor lookups per batch, ingest times), and the figure to watch is their cost relative to it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import _scale_up  # noqa: E402

from dotterel.store import EventStore  # noqa: E402

FORMATS = ("csv", "jsonl", "acled", "gdelt", "gdelt-mentions", "parquet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store to copy (e.g. one ingest of insightcrime)")
    parser.add_argument("--scale", type=int, default=200_000, help="events after scaling up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        shutil.copy(args.db, path)
        wal = Path(args.db + ".wal")
        if wal.exists():
            shutil.copy(wal, Path(str(path) + ".wal"))
        events, mentions, took = _scale_up(path, args.scale)
        print(f"store: {events:,} events, {mentions:,} mentions (scaled up in {took:.1f} s)")
        baseline = None
        with EventStore(path, read_only=True) as store:
            for fmt in FORMATS:
                out = Path(tmp) / f"out.{fmt}"
                t0 = time.perf_counter()
                rows = store.export(fmt, None, out, all_events=True)
                elapsed = time.perf_counter() - t0
                baseline = baseline or elapsed
                size = out.stat().st_size / 1e6
                print(
                    f"{fmt:15s} {rows:>9,} rows  {elapsed:6.2f} s  {rows / elapsed:>9,.0f} rows/s  "
                    f"{size:7.1f} MB  x{elapsed / baseline:.2f} of csv"
                )


if __name__ == "__main__":
    main()
