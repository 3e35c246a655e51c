"""Issue 18: ``ingest --processes N`` feeds the workers one stream of articles across store chunks.

``ingest`` used to call the pool's ``pipe`` once per store chunk (``--batch-size`` articles): at
every chunk's end the workers drained and idled while the last articles were coded and while
the single writer committed the chunk. Now the new articles (triaged ahead, in input order) go
into one :class:`~dotterel.parallel.CodingStream`, later chunks are coded while the writer
commits earlier ones, and the outcomes come back in input order.

The fast tests drive the ingest with a streaming stand-in (events replayed, no model) to hold it
to the old guarantees: the same store as one article at a time, a bounded look-ahead (a resumed
run of all-stored articles too), a failing article and its copies refused alike however far
ahead they were triaged, and an interrupted run that leaves whole chunks and nothing claimed.
The ``model`` tests run the real pool.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dotterel.components import DEFAULT_COMPONENTS
from dotterel.errors import ExtractionError
from dotterel.parallel import ParallelPipeline
from dotterel.pipeline import Outcome, Pipeline, PipelineConfig
from dotterel.records import Article
from dotterel.store import EventStore

from .issue18_corpus import ARTICLES
from .test_issue18_group_commit import N, Replay, _corpus, _dump

BOOM_STAGE = "issue18_stream_boom"


@Language.component(BOOM_STAGE)
def _boom(doc: Doc) -> Doc:
    if "KABOOM" in doc.text:
        raise ZeroDivisionError("a bug in a user's stage")
    return doc


class FakeStream:
    """A coding stream that answers one ``size`` batch per wait, from replayed events (or an
    error for the ids in ``failing``); it records what it was given and when."""

    def __init__(self, owner: Streamed, size: int) -> None:
        self.owner, self.size = owner, size
        self.ahead: list[Article] = []
        self.ended = False

    @property
    def capacity(self) -> int:
        return 4 * self.size

    def wants(self) -> bool:
        return not self.ended and len(self.ahead) < 2 * self.size

    def put(self, articles):
        assert not self.ended
        self.ahead.extend(articles)
        self.owner.given += len(articles)

    def end(self):
        self.ended = True

    def flush(self):
        self.owner.flushes += 1

    def take(self, wait=False):
        if not wait or not self.ahead:
            return []
        self.owner.waits += 1
        if self.owner.interrupt_at is not None and self.owner.waits >= self.owner.interrupt_at:
            raise KeyboardInterrupt("Ctrl-C while the workers code")
        batch, self.ahead = self.ahead[: self.size], self.ahead[self.size :]
        return [self.owner.outcome(a) for a in batch]


class Streamed(Replay):
    """:class:`Replay` with a ``stream``: what ingest uses when the extractor has one."""

    def __init__(self, events, *, size: int = 4, failing=(), interrupt_at: int | None = None) -> None:
        super().__init__(events)
        self.size, self.failing, self.interrupt_at = size, set(failing), interrupt_at
        self.streams = self.given = self.waits = self.flushes = 0

    def outcome(self, article: Article) -> Outcome:
        if article.id in self.failing:
            return Outcome(article, [], ExtractionError("stage boom failed", article_id=article.id))
        return Outcome(article, self.events[article.id])

    def extract(self, article):
        outcome = self.outcome(article)
        if outcome.error is not None:
            raise outcome.error
        return outcome.events

    def pipe(self, batch):
        for article in batch:
            yield article, self.extract(article)

    def stream(self, on_failure=None):
        self.streams += 1
        return FakeStream(self, self.size)


class Chunked(Streamed):
    """The same without a stream: ingest codes each chunk's new articles with ``pipe``."""

    stream = None


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The store one article at a time builds (a transaction per article, no stream)."""
    arts, events = _corpus()
    db = tmp_path_factory.mktemp("ref") / "one.duckdb"
    with EventStore(db) as store:
        summary = store.ingest(iter(arts), Replay(events), batch_size=1)
    assert summary.duplicates >= 10 and summary.articles == N
    return _dump(db)


def _insert_order(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY rowid").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("batch_size", [1, 5, 16])
def test_issue18_streamed_ingest_stores_what_one_article_at_a_time_stores(tmp_path, reference, batch_size):
    arts, events = _corpus()
    coder = Streamed(events, size=4)
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        summary = store.ingest(iter(arts), coder, batch_size=batch_size)
    assert (summary.articles, summary.errors) == (N, 0)
    assert coder.streams == 1  # one stream for the whole run, not one pipe per chunk
    assert _dump(db) == reference
    assert _insert_order(db) == [a.id for a in arts]  # written in input order
    with EventStore(db) as store:  # idempotent: a re-run adds nothing
        again = store.ingest(iter(arts), Streamed(events), batch_size=batch_size)
    assert (again.articles, again.skipped) == (0, N)
    assert _dump(db) == reference


def test_issue18_later_chunks_are_coded_before_the_writer_commits_the_first(tmp_path):
    """Fails on the old ingest: it handed the coder one chunk and waited for its outcomes."""
    arts, events = _corpus(64)
    coder = Streamed(events, size=4)
    given_at_commit: list[int] = []
    with EventStore(tmp_path / "o.duckdb") as store:
        writer = store._writer()
        real = writer._write

        def write(items, summary):
            given_at_commit.append(coder.given)
            return real(items, summary)

        writer._write = write
        store.ingest(iter(arts), coder, batch_size=8)
    # the first chunk's 8 articles (fewer new ones: copies are not coded) were committed after
    # the coder had been given articles of the next chunks
    first_chunk_new = sum(1 for a in arts[:8] if a.id in events)
    assert given_at_commit[0] > first_chunk_new
    assert given_at_commit[0] >= 2 * coder.size  # the stream's read-ahead was filled


@pytest.mark.parametrize("rerun", [False, True])
def test_issue18_the_look_ahead_is_bounded(tmp_path, rerun):
    arts, events = _corpus()
    db = tmp_path / "b.duckdb"
    if rerun:  # a resumed run: every article already stored, nothing to code, all skipped
        with EventStore(db) as store:
            store.ingest(iter(arts), Replay(events), batch_size=4)
    read = 0
    lag: list[int] = []
    written = 0

    def source():
        nonlocal read
        for article in arts:
            read += 1
            yield article

    def progress(n):
        nonlocal written
        written += n
        lag.append(read - written)

    coder = Streamed(events, size=2)
    with EventStore(db) as store:
        summary = store.ingest(source(), coder, batch_size=4, progress=progress)
    assert summary.skipped == (N if rerun else 0)
    # what the stream holds (4 batches of 2), the chunk being triaged and the one being written
    assert max(lag) <= coder.size * 4 + 4 + 4
    assert written == N


def test_issue18_a_failing_article_and_its_copies_are_refused_however_far_ahead_they_were_triaged(
    tmp_path,
):
    arts, events = _corpus()
    bad = arts[2]
    # copies of the failing article (batch 4): an exact one in the next chunk and one 7 chunks
    # later, a near one 10 chunks later, and its id again at the end
    late = [
        dataclasses.replace(bad, id="copy-near", text=" ".join(bad.text.split()[:-2] + ["wire", "story"])),
        dataclasses.replace(bad, id=bad.id),
    ]
    arts = [*arts[:4], dataclasses.replace(bad, id="copy-0"), *arts[4:40], late[0], *arts[40:80], late[1]]
    arts.insert(30, dataclasses.replace(bad, id="copy-30"))
    results = {}
    for name, kind in (("chunks", Chunked), ("stream", Streamed)):
        # chunks: one process, triage runs a chunk ahead of the writer; stream: workers, it
        # runs the stream's look-ahead ahead
        reported: list[str] = []
        db = tmp_path / f"{name}.duckdb"
        with EventStore(db) as store:
            summary = store.ingest(
                iter(arts), kind(events, size=2, failing={bad.id}), batch_size=4, on_error=reported.append
            )
        results[name] = (summary.line(), reported, _dump(db))
        refused = {bad.id, "copy-0", "copy-30", "copy-near", "g5"}  # g5 copies g2 in the corpus
        assert not refused & set(_insert_order(db))
        assert summary.errors == len(reported) == len(refused) + 1
        assert all(any(f"article {aid}" in r for r in reported) for aid in refused)
        assert "could not be stored" in reported[-1]  # its id again
    assert results["chunks"] == results["stream"]
    # fixed, a re-run stores them all (nothing of the failed run is left claimed)
    with EventStore(tmp_path / "stream.duckdb") as store:
        again = store.ingest(iter(arts), Streamed(events), batch_size=4)
    assert (again.errors, again.articles, again.duplicates) == (0, 5, 4)  # its id again: skipped
    assert again.skipped == len(arts) - 5


def test_issue18_ctrl_c_while_the_workers_code_leaves_whole_chunks_and_nothing_claimed(tmp_path, reference):
    arts, events = _corpus()
    db = tmp_path / "c.duckdb"
    with EventStore(db) as store:
        with pytest.raises(KeyboardInterrupt):
            store.ingest(iter(arts), Streamed(events, size=4, interrupt_at=6), batch_size=4)
        kept = {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
        assert kept and len(kept) < N
        assert store._writer().originals.pending == 0  # the look-ahead's claims were let go
        # the same store object resumes: nothing triaged ahead counts as stored
        summary = store.ingest(iter(arts), Streamed(events), batch_size=4)
    assert summary.skipped == len(kept) and summary.articles == N - len(kept)
    assert _dump(db) == reference


@pytest.mark.model
def test_issue18_two_processes_store_what_one_process_stores(tmp_path):
    """Duplicates, a failing article and its copy, its id again: every table identical, the
    articles written in input order, one stream for the whole run."""
    config = PipelineConfig(components=(*DEFAULT_COMPONENTS, BOOM_STAGE))
    base = [Article(id=r["id"], text=r["text"], outlet=r.get("outlet")) for r in ARTICLES]
    # a text of its own (a copy of another article would be linked, not coded)
    boom = Article(
        id="boom", text="KABOOM. Rebels attacked an army post near Goma on Monday, officials said."
    )
    arts = [
        *(dataclasses.replace(a, id=f"{a.id}-{i}") for i in range(3) for a in base),
        boom,
        *(dataclasses.replace(a, id=f"{a.id}-late") for a in base),
        dataclasses.replace(boom, id="boom-copy"),
        boom,
    ]
    runs = {}
    for processes in (1, 2):
        db = tmp_path / f"p{processes}.duckdb"
        reported: list[str] = []
        pipeline = Pipeline(config) if processes == 1 else ParallelPipeline(config, processes=processes)
        try:
            with EventStore(db) as store:
                summary = store.ingest(iter(arts), pipeline, batch_size=4, on_error=reported.append)
        finally:
            if processes > 1:
                assert pipeline.streams == 1  # the old ingest opened one per chunk (8 here)
                assert pipeline.worker_busy_s > 0
                pipeline.close()
        runs[processes] = (summary.line(), reported, _dump(db), _insert_order(db))
    one, two = runs[1], runs[2]
    assert one[2]["events"] and one[2]["articles"]
    assert one == two
    line, reported, _, order = two
    assert len(reported) == 3 and "boom" in reported[0]
    assert order == [a.id for a in arts if not a.id.startswith("boom")]


@pytest.mark.model
def test_issue18_workers_leave_ctrl_c_to_the_parent():
    """A worker that took Ctrl-C died, maybe holding the task queue's lock (an idle worker
    waits for a chunk holding it), and the pool's terminate then waited for ever."""
    with ParallelPipeline(PipelineConfig(), processes=1) as pool:
        pool.wait_ready()
        assert pool._live().apply(signal.getsignal, (signal.SIGINT,)) == signal.SIG_IGN


@pytest.mark.slow
@pytest.mark.model
def test_issue18_ctrl_c_stops_a_two_process_ingest_after_whole_chunks_and_a_rerun_completes(tmp_path):
    # Ctrl-C in a terminal: SIGINT to the whole process group, once the first chunk is committed
    texts = [a["text"] for a in ARTICLES if a.get("text")]
    records = [{"id": f"r{i}", "text": f"Report {i}. {texts[i % len(texts)]}"} for i in range(240)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    cmd = [str(Path(sys.executable).parent / "dotterel"), "ingest", str(src), "--db", str(db)]
    cmd += ["--processes", "2", "--no-progress", "--dedup-threshold", "0.98"]
    proc = subprocess.Popen(
        cmd,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a background shell ignores it
    )
    try:
        wal = Path(f"{db}.wal")
        deadline = time.monotonic() + 300
        while not wal.exists() and proc.poll() is None:  # the store is created (its schema)
            assert time.monotonic() < deadline, "no store in 5 minutes"
            time.sleep(0.1)
        start = wal.stat().st_size if wal.exists() else 0
        # a chunk's articles (text, signature and band keys each) make the log grow by tens of KB
        while (wal.stat().st_size if wal.exists() else 0) <= start + 16_000 and proc.poll() is None:
            assert time.monotonic() < deadline, "nothing written in 5 minutes"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)  # it hung here before the workers ignored SIGINT
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in err
    con = duckdb.connect(str(db), read_only=True)
    (stored,) = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    if proc.returncode == 0:  # it finished before the signal arrived
        assert stored == len(records)
        return
    assert stored < len(records) and stored % 16 == 0  # whole chunks of --batch-size 16
    rerun = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(records) - stored} articles (0 duplicates, {stored} already stored)" in rerun.stderr
