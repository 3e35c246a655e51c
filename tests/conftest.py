"""Shared fixtures: the real pipeline (loaded once), paths to shared data, small articles."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "dotterel" / "examples" / "seed-article.txt"


@pytest.fixture(scope="session")
def pipeline():
    """The real spaCy model with every dotterel component: built once per test session."""
    from dotterel.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def frames_coder():
    """The frame extractor alone (the recipient-rule tests read its frames' notes): built once."""
    from dotterel.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(components=("dotterel_frames",)))


@pytest.fixture(scope="session")
def status_coder():
    """The frame extractor and the status stage (frames as the status stage leaves them): built once."""
    from dotterel.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig(components=("dotterel_frames", "dotterel_status")))


@pytest.fixture(scope="session")
def event_schema() -> dict:
    return json.loads((resources.files("dotterel") / "data" / "event.schema.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="session")
def seed_events(pipeline, seed_text):
    """Events of the example article, published 2023-11-15."""
    from datetime import date

    from dotterel.records import Article

    return pipeline.extract(Article(id="seed-article", text=seed_text, published=date(2023, 11, 15)))


def shared_path(*parts: str) -> Path:
    """A file in ../shared; the test is skipped cleanly when shared/ is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@contextlib.contextmanager
def store_held_by_another_process(path: Path, *, read_only: bool = False) -> Iterator[subprocess.Popen]:
    """A real second process that holds ``path`` open (for writing, or read-only as a server
    without a token does: the file must exist then) until the block ends."""
    holder = textwrap.dedent(
        f"""
        import sys
        from dotterel.store import EventStore
        with EventStore({str(path)!r}, read_only={read_only!r}):
            print("ready", flush=True)
            sys.stdin.readline()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        proc.communicate("\n", timeout=30)
