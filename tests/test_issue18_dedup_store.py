"""Issue 18: the de-duplication index lives in the store, with the answers of the in-memory one.

The reference below is the index ingest held in memory before (datasketch's MinHash LSH over
every original, a content-hash map, first registered wins): the store-backed index must link
every article to the same original, with the same kind and similarity, whatever the chunking,
across a reopened store, and with another threshold (which rebuilds the band rows).
"""

from __future__ import annotations

import random

import pytest
from datasketch import MinHashLSH

from dotterel.records import Article
from dotterel.store import DedupSettings, EventStore
from dotterel.store.dedup import Deduplicator
from dotterel.store.originals import BANDS_TABLE


class _NoEvents:
    def pipe(self, articles):
        return ((a, []) for a in articles)

    def extract(self, article):
        return []


def _corpus(n: int = 160, seed: int = 18) -> list[Article]:
    """Originals, exact copies, near copies (a few words changed), copies of copies, re-sent ids."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    texts: list[str] = []
    out: list[Article] = []
    for i in range(n):
        roll = rng.random()
        if texts and roll < 0.15:
            text = rng.choice(texts)  # an exact copy
        elif texts and roll < 0.45:
            words = rng.choice(texts).split()
            for _ in range(rng.choice((1, 2, 4, 8, 16))):  # near copies from very close to not close
                words[rng.randrange(len(words))] = rng.choice(vocab)
            text = " ".join(words)
        else:
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(30, 90)))
        texts.append(text)
        out.append(Article(id=f"a{i:03d}", text=text))
    out.append(Article(id="a005", text=out[5].text))  # the same article again: skipped
    return out


Link = tuple[str | None, str | None, float | None]  #: (duplicate_of, duplicate_kind, similarity)


def _reference(articles: list[Article], settings: DedupSettings) -> dict[str, Link]:
    """What the in-memory index (before issue 18) linked each article to."""
    dedup = Deduplicator(settings)
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    sigs, by_hash, seen, out = {}, {}, set(), {}
    for a in articles:
        if a.id in seen:
            continue
        seen.add(a.id)
        mh = dedup.signature(a.text)
        original = by_hash.get(a.content_hash)
        if original is not None:
            out[a.id] = (original, "exact", 1.0)
            continue
        best = None
        for key in lsh.query(mh):
            sim = float(mh.jaccard(sigs[key]))
            if sim >= settings.threshold and (
                best is None or sim > best[1] or (sim == best[1] and key < best[0])
            ):
                best = (key, sim)
        if best is not None:
            by_hash.setdefault(a.content_hash, best[0])
            out[a.id] = (best[0], "near", round(best[1], 4))
        else:
            by_hash.setdefault(a.content_hash, a.id)
            lsh.insert(a.id, mh)
            sigs[a.id] = mh
            out[a.id] = (None, None, None)
    return out


def _stored(store: EventStore) -> dict[str, Link]:
    rows = store.con.execute("SELECT id, duplicate_of, duplicate_kind, similarity FROM articles").fetchall()
    return {aid: (dup, kind, sim) for aid, dup, kind, sim in rows}


@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_issue18_store_index_links_like_the_in_memory_lsh(tmp_path, batch_size):
    articles = _corpus()
    expected = _reference(articles, DedupSettings())
    assert sum(kind == "near" for _, kind, _ in expected.values()) >= 15  # the corpus tests near copies
    assert sum(kind == "exact" for _, kind, _ in expected.values()) >= 10
    path = tmp_path / "s.duckdb"
    half = len(articles) // 2
    with EventStore(path) as store:
        first = store.ingest(articles[:half], _NoEvents(), batch_size=batch_size)
        assert store._writer().originals.pending == 0  # nothing of a finished run stays in memory
    with EventStore(path) as store:  # reopened: the index is the store's, not the process's
        second = store.ingest(articles[half:], _NoEvents(), batch_size=batch_size)
        assert _stored(store) == expected
    assert first.articles + second.articles == len(expected)
    assert second.skipped == 1


def test_issue18_another_threshold_rebuilds_the_bands(tmp_path):
    articles = _corpus(120, seed=7)
    loose = DedupSettings(threshold=0.5)
    path = tmp_path / "s.duckdb"
    with EventStore(path, dedup=loose) as store:
        store.ingest(articles[:60], _NoEvents(), batch_size=16)
        layout = store._writer().originals.layout
    with EventStore(path) as store:  # the default threshold: other bands, rebuilt on open
        strict = store._writer().originals.layout
        assert strict != layout
        assert store.con.execute(f"SELECT DISTINCT layout FROM {BANDS_TABLE}").fetchall() == [(strict,)]
    with EventStore(path, dedup=loose) as store:  # and back: the rebuilt rows answer as the first ones
        assert store._writer().originals.layout == layout
        store.ingest(articles[60:], _NoEvents(), batch_size=16)
        assert _stored(store) == _reference(articles, loose)


def test_issue18_a_store_without_band_rows_gets_them_on_open(tmp_path):
    articles = _corpus(60, seed=3)
    path = tmp_path / "s.duckdb"
    with EventStore(path) as store:
        store.ingest(articles[:40], _NoEvents(), batch_size=8)
        store.con.execute(f"DROP TABLE {BANDS_TABLE}")  # as a store written before issue 18
    with EventStore(path) as store:
        store.ingest(articles[40:], _NoEvents(), batch_size=8)
        assert _stored(store) == _reference(articles, DedupSettings())
