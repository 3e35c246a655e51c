"""Issue 18: ``dotterel batch`` against a real Ray head process, loaded into a store.

Starts ``ray start --head --num-cpus 2 --block`` in its own process group (so stopping it stops
only what this test started, never another Ray on the machine), codes the corpus with
``dotterel batch --address``, loads the output with ``dotterel ingest --events`` and compares the
store with a one-process ``dotterel ingest`` of the same articles: identical events and clusters.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .issue18_corpus import dump, write_jsonl

pytest.importorskip("ray")

pytestmark = [pytest.mark.model, pytest.mark.slow]

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Ray 2.60 authenticates clients with a token; this cluster's own one, handed to the head and
#: the driver through the environment, so a token another Ray left in ~/.ray never interferes.
ENV = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}


def _run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "dotterel"), *args], capture_output=True, text=True, timeout=timeout, check=False, env=ENV
    )


def test_issue18_batch_on_a_ray_head_loads_into_the_same_store(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl")
    port = _free_port()
    # Ray's socket paths must stay short: a temp dir of our own, removed at the end.
    ray_tmp = tempfile.mkdtemp(prefix="ray18-", dir="/tmp")
    log = (tmp_path / "ray-head.log").open("w")
    head = subprocess.Popen(
        [
            str(BIN / "ray"),
            "start",
            "--head",
            "--num-cpus",
            "2",
            "--port",
            str(port),
            "--include-dashboard",
            "false",
            "--temp-dir",
            ray_tmp,
            "--block",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=ENV,
    )
    try:
        address = f"127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:  # the head is up when its GCS port accepts connections
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert head.poll() is None, f"ray start failed: {(tmp_path / 'ray-head.log').read_text()}"
                assert time.monotonic() < deadline, "the Ray head did not come up in 2 minutes"
                time.sleep(1)
        out = tmp_path / "coded"
        batch = _run("batch", str(src), "--out", str(out), "--address", address, "--batch-size", "3")
        assert batch.returncode == 0, batch.stderr[-3000:]
        assert "8 articles" in batch.stderr and "with errors" not in batch.stderr
        assert list(out.glob("*.parquet"))

        loaded = tmp_path / "loaded.duckdb"
        load = _run("ingest", "--events", str(out), "--db", str(loaded))
        assert load.returncode == 0, load.stderr
        local = tmp_path / "local.duckdb"
        ingest = _run("ingest", str(src), "--db", str(local))
        assert ingest.returncode == 0, ingest.stderr
        summary = [r.stderr.strip().splitlines()[-1].split(": ", 1)[1] for r in (load, ingest)]
        assert summary[0] == summary[1]
        a, b = dump(loaded), dump(local)
        assert a["events"] and a == b
    finally:
        if head.poll() is None:
            os.killpg(head.pid, signal.SIGTERM)  # --block: the head stops its own Ray processes
            try:
                head.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(head.pid, signal.SIGKILL)
                head.wait(timeout=30)
        log.close()
        shutil.rmtree(ray_tmp, ignore_errors=True)
