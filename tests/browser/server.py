"""Start a real ``dotterel serve`` on a free localhost port, for browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["DOTTEREL", "ROOT", "free_port", "serve"]

ROOT = Path(__file__).resolve().parents[2]
#: The installed command, beside the running Python (the project's venv).
DOTTEREL = Path(sys.executable).parent / "dotterel"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db: Path, *, token: str | None = None, timeout: float = 30.0, cache: bool = True) -> Iterator[str]:
    """Run ``dotterel serve --db db`` in a subprocess; yield its base URL; stop it afterwards."""
    port = free_port()
    env = dict(os.environ)
    env.pop("DOTTEREL_TOKEN", None)
    if token:
        env["DOTTEREL_TOKEN"] = token
    cmd = [str(DOTTEREL), "serve", "--db", str(db), "--port", str(port)]
    if not cache:
        cmd.append("--no-cache")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                raise RuntimeError(f"dotterel serve exited with {proc.returncode}: {out}")
            try:
                with urllib.request.urlopen(url + "api/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"dotterel serve did not answer on {url} within {timeout}s") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
