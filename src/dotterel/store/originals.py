"""The de-duplication index kept in the store: which stored original a new article copies.

Held in memory, the index (a content hash, a 1 KB MinHash signature and its LSH band keys per
original) grew with every article stored: it was most of the +64% peak memory from 1k to 10k
articles ingested (issue 18), and at a GDELT day a gigabyte. The store already holds each
original's content hash and signature (``articles``); this module adds its LSH band keys
(``minhash_bands``: one row per original and band) and asks the store once per chunk of an
ingest. Memory then holds only the articles of the running ingest that are not committed yet
(``pending``: the chunk being triaged and the one being written), however big the store is.

The answer is the one the in-memory index gave (:mod:`dotterel.store.dedup` states the rule):

- **identical**: the same content hash as a stored article, whose original (itself, or what it
  copies) is the match; the first stored wins, as before (``ingested_at``, then id);
- **near-identical**: datasketch's optimal LSH banding for the threshold (``b`` bands of ``r``
  values, 9 × 14 for 0.7 and 128 permutations) selects the candidates: the originals sharing a
  band with the article; a band key is a 64-bit BLAKE2b of the band's index and values (a false
  collision, about 2⁻⁶⁴ per pair, only adds a candidate that the exact Jaccard check then judges).
  The best candidate at or above the threshold wins, ties to the smaller id.

The band rows are written in the article's transaction (its chunk's), so they never disagree
with the ``articles`` table. A store written before this table existed, or with another banding (a new
threshold or number of permutations), has its rows rebuilt from ``articles.minhash`` when a
writer opens it, streamed in batches.

Threads: the ingest triages chunk k+1 while chunk k is written. Lookups use their own cursor
(DuckDB connections are per thread; a cursor sees committed data), and an article leaves
``pending`` only after its transaction committed (:meth:`OriginalsIndex.settle`), both under the
ingest's lock: every article claimed by this run is always either pending or committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
from datasketch import MinHash, MinHashLSH

from ..errors import ConfigError
from .dedup import MAX_DEDUP_THRESHOLD, DedupSettings, DuplicateMatch
from .tables import marks

__all__ = ["BANDS_TABLE", "Known", "OriginalsIndex"]

BANDS_TABLE = "minhash_bands"
_REBUILD_BATCH = 5000


@dataclass
class Known:
    """What the store holds about one chunk's articles (read once per chunk)."""

    stored: dict[str, str] = field(default_factory=dict)  #: article id -> content hash
    by_hash: dict[str, str] = field(default_factory=dict)  #: content hash -> original id
    by_band: dict[int, set[str]] = field(default_factory=dict)  #: band key -> original ids
    signatures: dict[str, np.ndarray] = field(default_factory=dict)  #: original id -> values


@dataclass
class _Pending:
    content_hash: str
    original: str | None  #: None for an original
    values: np.ndarray | None = None
    keys: tuple[int, ...] = ()


class OriginalsIndex:
    """Exact and near-duplicate look-ups against the store, plus this run's uncommitted articles."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: DedupSettings) -> None:
        self.settings = settings
        try:
            lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
        except ValueError as exc:  # datasketch: fewer than 2 bands for a threshold near 1
            raise ConfigError(
                f"near-duplicate threshold {settings.threshold:g} is too high for MinHash banding with "
                f"{settings.num_perm} permutations ({exc}); use at most {MAX_DEDUP_THRESHOLD:g} "
                "(exact copies are always found)"
            ) from None
        self.layout = f"{lsh.b}x{lsh.r}"
        self.ranges: list[tuple[int, int]] = list(lsh.hashranges)
        self._reader = con.cursor()
        self._pending: dict[str, _Pending] = {}
        self._pending_hash: dict[str, str] = {}  # content hash -> original id (first claim wins)
        self._pending_bands: dict[int, set[str]] = {}
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {BANDS_TABLE} (layout VARCHAR NOT NULL, key BIGINT NOT NULL, "
            "article_id VARCHAR NOT NULL)"
        )
        self._rebuild_if_stale(con)

    # --- band keys -----------------------------------------------------------------------------
    def band_keys(self, values: np.ndarray) -> tuple[int, ...]:
        """One 64-bit key per LSH band of a signature (the values taken as uint64)."""
        v = np.asarray(values, dtype=np.uint64)
        out = []
        for band, (start, end) in enumerate(self.ranges):
            digest = hashlib.blake2b(
                band.to_bytes(2, "little") + v[start:end].tobytes(), digest_size=8
            ).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return tuple(out)

    def band_rows(self, article_id: str, values: np.ndarray) -> list[list[object]]:
        """The ``minhash_bands`` rows an original's transaction writes."""
        return [[self.layout, key, article_id] for key in self.band_keys(values)]

    def _usable(self, data: bytes | None) -> bool:
        return data is not None and len(data) == 8 * self.settings.num_perm

    def _rebuild_if_stale(self, con: duckdb.DuckDBPyConnection) -> None:
        """Rebuild the band rows when they do not cover every original with a usable signature."""
        width = 8 * self.settings.num_perm
        originals = con.execute(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND octet_length(minhash) = ?", [width]
        ).fetchone()
        rows = con.execute(
            f"SELECT count(*) FILTER (WHERE layout = ?), count(*) FILTER (WHERE layout <> ?) "
            f"FROM {BANDS_TABLE}",
            [self.layout, self.layout],
        ).fetchone()
        n_orig = originals[0] if originals else 0
        if rows is not None and rows[0] == n_orig * len(self.ranges) and not rows[1]:
            return
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"DELETE FROM {BANDS_TABLE}")
            cur = con.cursor()
            cur.execute(
                "SELECT id, minhash FROM articles WHERE duplicate_of IS NULL AND octet_length(minhash) = ?",
                [width],
            )
            while batch := cur.fetchmany(_REBUILD_BATCH):
                rows_ = [
                    row
                    for aid, data in batch
                    for row in self.band_rows(aid, np.frombuffer(data, dtype=np.uint64))
                ]
                con.executemany(f"INSERT INTO {BANDS_TABLE} VALUES (?, ?, ?)", rows_)
            cur.close()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # --- reading the store ---------------------------------------------------------------------
    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each of ``ids`` that is stored or claimed by this run."""
        out: dict[str, str] = {}
        if ids:
            unique = sorted(set(ids))
            out.update(
                self._reader.execute(
                    f"SELECT id, content_hash FROM articles WHERE id IN ({marks(len(unique))})", unique
                ).fetchall()
            )
        out.update({i: self._pending[i].content_hash for i in ids if i in self._pending})
        return out

    def lookup(self, hashes: Iterable[str], keys: Iterable[int]) -> Known:
        """The stored originals a chunk may copy: by content hash and by LSH band key."""
        known = Known()
        hashes = sorted(set(hashes))
        if hashes:
            known.by_hash = dict(
                self._reader.execute(
                    "SELECT content_hash, first(coalesce(duplicate_of, id) ORDER BY ingested_at, id) "
                    f"FROM articles WHERE content_hash IN ({marks(len(hashes))}) GROUP BY content_hash",
                    hashes,
                ).fetchall()
            )
        keys = sorted(set(keys))
        if keys:
            # two point look-ups, not a join: a join would hash a whole table, whose memory
            # grows with the store
            rows = self._reader.execute(
                f"SELECT key, article_id FROM {BANDS_TABLE} WHERE layout = ? AND key IN ({marks(len(keys))})",
                [self.layout, *keys],
            ).fetchall()
            for key, aid in rows:
                known.by_band.setdefault(key, set()).add(aid)
            ids = sorted({aid for _, aid in rows})
            if ids:
                sigs = self._reader.execute(
                    f"SELECT id, minhash FROM articles WHERE id IN ({marks(len(ids))})", ids
                ).fetchall()
                known.signatures = {
                    aid: np.frombuffer(data, dtype=np.uint64) for aid, data in sigs if self._usable(data)
                }
        return known

    def find(
        self, content_hash: str, mh: MinHash | None, keys: tuple[int, ...], known: Known
    ) -> DuplicateMatch | None:
        """The original this text copies, or None when it is new."""
        original = known.by_hash.get(content_hash) or self._pending_hash.get(content_hash)
        if original is not None:
            return DuplicateMatch(original, "exact", 1.0)
        if mh is None or not self.settings.enabled:
            return None
        candidates: set[str] = set()
        for key in keys:
            candidates |= known.by_band.get(key, set())
            candidates |= self._pending_bands.get(key, set())
        values = np.asarray(mh.hashvalues, dtype=np.uint64)
        best: DuplicateMatch | None = None
        for cand in candidates:
            other = known.signatures.get(cand)
            if other is None:
                held = self._pending.get(cand)
                other = held.values if held is not None else None
            if other is None or len(other) != len(values):
                continue
            sim = float(np.count_nonzero(values == other)) / float(len(values))
            if sim >= self.settings.threshold and (
                best is None or sim > best.similarity or (sim == best.similarity and cand < best.original_id)
            ):
                best = DuplicateMatch(cand, "near", round(sim, 4))
        return best

    # --- this run's uncommitted articles -------------------------------------------------------
    def claim(
        self,
        article_id: str,
        content_hash: str,
        *,
        original: str | None,
        mh: MinHash | None = None,
        keys: tuple[int, ...] = (),
    ) -> None:
        """Hold an article triaged in this run until it is committed or released."""
        values = np.asarray(mh.hashvalues, dtype=np.uint64) if mh is not None and original is None else None
        held = _Pending(content_hash, original, values, keys if values is not None else ())
        self._pending[article_id] = held
        self._pending_hash.setdefault(content_hash, original or article_id)
        for key in held.keys:
            self._pending_bands.setdefault(key, set()).add(article_id)

    def settle(self, article_id: str) -> None:
        """The article was committed (the store answers for it now) or released (it never was)."""
        held = self._pending.pop(article_id, None)
        if held is None:
            return
        if self._pending_hash.get(held.content_hash) == (held.original or article_id) and not any(
            p.content_hash == held.content_hash for p in self._pending.values()
        ):
            del self._pending_hash[held.content_hash]
        for key in held.keys:
            ids = self._pending_bands.get(key)
            if ids is not None:
                ids.discard(article_id)
                if not ids:
                    del self._pending_bands[key]

    def forget_links_to(self, original: str) -> None:
        """An original failed to store: no later article may copy it by its content hash."""
        for chash in [h for h, o in self._pending_hash.items() if o == original]:
            del self._pending_hash[chash]

    def claimed_hash(self, article_id: str) -> str | None:
        """The content hash of an article this run claimed and has not settled yet."""
        held = self._pending.get(article_id)
        return held.content_hash if held is not None else None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def close(self) -> None:
        self._reader.close()
