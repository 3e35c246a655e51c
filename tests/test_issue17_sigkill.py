"""Issue 17: 20 SIGKILLs at random moments during an ingest of 100 real articles, then a resume,
give the same store as one clean run: the same article, mention and event ids and counts."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import shared_path

pytestmark = [pytest.mark.model, pytest.mark.slow]

KILLS = 20


def _articles(tmp_path, n: int = 100):
    corpus = shared_path("data", "corpora", "insightcrime-train.tsv")
    lines = []
    with corpus.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            text = line.split("\t", 1)[0].strip()
            if text:
                lines.append(json.dumps({"id": f"ic-{i}", "text": text, "published": "2019-06-01"}))
            if len(lines) >= n:
                break
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ingest(src, db, log) -> subprocess.Popen:
    dotterel = str(Path(sys.executable).with_name("dotterel"))  # the installed command, as a user runs it
    cmd = [dotterel, "ingest", str(src), "--db", str(db), "--no-progress"]
    with open(log, "ab") as err:  # the child keeps its own copy of the file
        return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def _snapshot(db) -> dict:
    from dotterel.store import EventStore

    with EventStore(str(db), read_only=True) as store:
        con = store.con
        return {
            "articles": sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall()),
            "mentions": sorted(r[0] for r in con.execute("SELECT id FROM mentions").fetchall()),
            "events": sorted(r[0] for r in con.execute("SELECT id FROM events").fetchall()),
            "stats": {k: v for k, v in store.stats().to_dict().items() if k != "migrations"},
        }


def test_issue17_sigkill_loop_then_resume_gives_the_clean_store(tmp_path):
    src = _articles(tmp_path)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    log = tmp_path / "stderr.log"
    clean = _ingest(src, clean_db, log)
    assert clean.wait(timeout=1200) == 0, log.read_text()

    rng = random.Random(17)
    for _ in range(KILLS):
        proc = _ingest(src, killed_db, log)
        time.sleep(rng.uniform(3.0, 12.0))  # the model loads in ~3 s: most kills land mid-ingest
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    resume = _ingest(src, killed_db, log)
    assert resume.wait(timeout=1200) == 0, log.read_text()

    assert _snapshot(killed_db) == _snapshot(clean_db)
