"""Issue 18: the store writer commits a chunk of articles at once and stores what one-at-a-time did.

The writer used to run a transaction and a statement per table for every article; its cost per
article then grew with the store (70 → 124 ms/article from 1k to 10k articles). A chunk's
articles now go in one transaction with one statement per table. These tests hold it to the old
guarantees: the same rows as one article at a time (clusters, de-duplication, actor and place
counts), a failing article rolled back alone, and a crash mid-group leaving a consistent store
that a re-run completes.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

import duckdb
import pytest

from dotterel.errors import StoreError
from dotterel.records import Article, Event
from dotterel.store import EventStore
from dotterel.store.originals import BANDS_TABLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import articles as synthetic_articles  # noqa: E402

N = 120
_WORDS = ("army", "police", "rebels", "ministry", "talks", "border", "strike", "protest", "city", "aid")


def _corpus(n: int = N) -> tuple[list[Article], dict[str, list[Event]]]:
    """``n`` articles with replayed synthetic events; a few exact and near copies among them."""
    rng = random.Random(18)
    made = synthetic_articles(n * 8, days=20, prefix="g")
    events = dict(zip((f"g{i}" for i in range(n)), made, strict=False))
    texts: list[str] = []
    for i in range(n):
        if i % 17 == 5:
            texts.append(texts[i - 3])  # exact copy
        elif i % 17 == 9:
            words = texts[i - 2].split()
            texts.append(" ".join(words[:-2] + ["copyright", "agency"]))  # near copy
        else:
            texts.append(f"Report {i}. " + " ".join(rng.choice(_WORDS) for _ in range(80)))
    arts = [Article(id=f"g{i}", text=t, published=None, outlet=f"o{i % 7}") for i, t in enumerate(texts)]
    return arts, events


class Replay:
    """An extractor that hands back the events made for each article (no model)."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def pipe(self, batch):
        return ((a, self.events[a.id]) for a in batch)

    def extract(self, article):
        return self.events[article.id]


def _dump(db: Path) -> dict[str, list[tuple]]:
    """Every table, sorted, without the ingest time."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in ("articles", "mentions", "mention_actors", "events", "actors", "places", BANDS_TABLE):
            cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] != "ingested_at"]
            out[table] = sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()))
        return out
    finally:
        con.close()


def _ingest(db: Path, arts, events, *, batch_size: int, **kw):
    with EventStore(db) as store:
        return store.ingest(iter(arts), Replay(events), batch_size=batch_size, **kw)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The store one article at a time builds (``batch_size=1``: a transaction per article)."""
    arts, events = _corpus()
    db = tmp_path_factory.mktemp("ref") / "one.duckdb"
    summary = _ingest(db, arts, events, batch_size=1)
    assert summary.duplicates >= 10 and summary.articles == N
    return _dump(db)


@pytest.mark.parametrize("batch_size", [2, 7, 16, 64])
def test_issue18_group_commits_store_what_one_article_at_a_time_stores(tmp_path, reference, batch_size):
    arts, events = _corpus()
    summary = _ingest(tmp_path / "g.duckdb", arts, events, batch_size=batch_size)
    assert summary.articles == N and summary.errors == 0
    got = _dump(tmp_path / "g.duckdb")
    for table, rows in reference.items():
        assert got[table] == rows, table
    again = _ingest(tmp_path / "g.duckdb", arts, events, batch_size=batch_size)  # idempotent
    assert (again.articles, again.skipped) == (0, N)
    assert _dump(tmp_path / "g.duckdb") == reference


class Counting:
    """A connection that counts the statements it runs (and can fail one of them)."""

    def __init__(self, con, fail_on: str | None = None, fail_at: int = 0) -> None:
        self._con = con
        self.statements: list[str] = []
        self.fail_on, self.fail_at = fail_on, fail_at

    def execute(self, sql, *args):
        self.statements.append(sql.split()[0].upper())
        if self.fail_on and sql.startswith(self.fail_on):
            self.fail_at -= 1
            if self.fail_at < 0:
                raise KeyboardInterrupt("simulated crash mid-group")
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _wire(store: EventStore, proxy: Counting) -> None:
    writer = store._writer()
    writer.con = proxy
    writer.event_writer.con = proxy


def test_issue18_a_chunk_is_one_transaction_with_one_statement_per_table(tmp_path):
    """Fails on the old writer: 64 articles made 64 commits and about 9 statements each."""
    arts, events = _corpus(64)
    with EventStore(tmp_path / "c.duckdb") as store:
        proxy = Counting(store.con)
        _wire(store, proxy)
        summary = store.ingest(iter(arts), Replay(events), batch_size=16)
    assert summary.articles == 64
    assert proxy.statements.count("COMMIT") == 4
    # begin, articles, bands, the events' statements (delete, insert, mentions, their actors,
    # actors and places: a look-up, an insert and a count each): the same however many articles
    assert len(proxy.statements) <= 4 * 16


def test_issue18_an_article_that_fails_in_a_group_is_rolled_back_alone(tmp_path, reference):
    arts, events = _corpus()
    events = dict(events)
    victim = arts[20].id
    # a mention id already used by an earlier article of the chunk: the store refuses it (the
    # mentions' primary key), which only the database can tell, inside the group's transaction
    events[victim] = [_with_id(events[victim][0], events[arts[17].id][0].id)]
    warnings: list[str] = []
    summary = _ingest(
        tmp_path / "f.duckdb", arts, events, batch_size=16, skip_bad=True, on_error=warnings.append
    )
    assert summary.errors == 1 and summary.articles == N - 1
    assert len(warnings) == 1 and victim in warnings[0]
    con = duckdb.connect(str(tmp_path / "f.duckdb"), read_only=True)
    stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    con.close()
    assert stored == {a.id for a in arts} - {victim}

    # without --skip-bad the run stops at it, keeping every article before it and none after
    with pytest.raises(StoreError, match=victim):
        _ingest(tmp_path / "s.duckdb", arts, events, batch_size=16, skip_bad=False)
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    kept = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    con.close()
    assert kept == {a.id for a in arts[:20]}


def _with_id(event: Event, new_id: str) -> Event:
    return dataclasses.replace(event, id=new_id)


def test_issue18_a_crash_mid_group_leaves_whole_articles_and_a_rerun_completes(tmp_path, reference):
    arts, events = _corpus()
    db = tmp_path / "k.duckdb"
    with EventStore(db) as store:
        # the third chunk's events statement dies after its articles were inserted
        _wire(store, Counting(store.con, fail_on="INSERT INTO mentions", fail_at=2))
        with pytest.raises(KeyboardInterrupt):
            store.ingest(iter(arts), Replay(events), batch_size=16)
    con = duckdb.connect(str(db), read_only=True)
    (stored,) = con.execute("SELECT count(*) FROM articles").fetchone()
    (orphans,) = con.execute(
        "SELECT count(*) FROM mentions m LEFT JOIN articles a ON a.id = m.article_id WHERE a.id IS NULL"
    ).fetchone()
    con.close()
    assert stored == 32 and orphans == 0  # two whole chunks, nothing of the third
    summary = _ingest(db, arts, events, batch_size=16)
    assert (summary.skipped, summary.articles) == (32, N - 32)
    assert _dump(db) == reference
