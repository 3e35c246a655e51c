"""Identical and near-identical articles: linked to one original so they are not double-counted.

Wire stories are republished with small edits (a new headline, a dropped paragraph, an outlet's
boilerplate). Two checks, cheapest first:

1. **identical**: the same SHA-256 of the text (``Article.content_hash``) as a stored article;
2. **near-identical**: a MinHash signature over word shingles (``shingle_words`` consecutive
   lower-cased words) whose estimated Jaccard similarity to a stored original is at least
   ``threshold``. Candidates come from datasketch's MinHash LSH, so the check costs the same with
   ten or a million stored articles; the best candidate above the threshold wins.

Only originals enter the index, so a chain of copies all point at the first article. Signatures
are stored in ``articles.minhash`` and the index is rebuilt from them when a store is reopened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["DedupSettings", "Deduplicator", "DuplicateMatch"]

#: datasketch's hashing scheme, fixed so stored signatures stay comparable across versions.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class DedupSettings:
    """``threshold``: Jaccard similarity of shingle sets from which a copy is a near duplicate."""

    threshold: float = 0.7
    num_perm: int = 128
    shingle_words: int = 3
    enabled: bool = True


@dataclass(frozen=True)
class DuplicateMatch:
    original_id: str
    kind: str  #: "exact" or "near"
    similarity: float


class Deduplicator:
    """In-memory index of stored originals: content hashes and MinHash LSH."""

    def __init__(self, settings: DedupSettings) -> None:
        self.settings = settings
        self.by_hash: dict[str, str] = {}
        self.lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
        self.signatures: dict[str, MinHash] = {}

    def signature(self, text: str) -> MinHash:
        """MinHash of the text's word shingles (the words themselves for very short texts)."""
        words = [w.lower() for w in _WORD.findall(text)]
        k = self.settings.shingle_words
        shingles = {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))} or {""}
        mh = MinHash(num_perm=self.settings.num_perm, scheme=SCHEME)
        mh.update_batch([s.encode("utf-8") for s in shingles])
        return mh

    @staticmethod
    def encode(mh: MinHash) -> bytes:
        return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()

    @staticmethod
    def decode(data: bytes) -> MinHash:
        values = np.frombuffer(data, dtype=np.uint64)
        return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)

    def add_original(self, article_id: str, content_hash: str, mh: MinHash | None) -> None:
        self.by_hash.setdefault(content_hash, article_id)
        if mh is not None and self.settings.enabled and article_id not in self.signatures:
            self.lsh.insert(article_id, mh)
            self.signatures[article_id] = mh

    def add_copy(self, content_hash: str, original_id: str) -> None:
        self.by_hash.setdefault(content_hash, original_id)

    def forget(self, article_id: str) -> None:
        """Drop an original that failed to store, so nothing is linked to it."""
        for key in [h for h, a in self.by_hash.items() if a == article_id]:
            del self.by_hash[key]
        if article_id in self.signatures:
            self.lsh.remove(article_id)
            del self.signatures[article_id]

    def find(self, content_hash: str, mh: MinHash | None) -> DuplicateMatch | None:
        """The original this text copies, or None when it is new."""
        original = self.by_hash.get(content_hash)
        if original is not None:
            return DuplicateMatch(original, "exact", 1.0)
        if mh is None or not self.settings.enabled:
            return None
        best: DuplicateMatch | None = None
        for key in self.lsh.query(mh):
            sim = float(mh.jaccard(self.signatures[key]))
            if sim >= self.settings.threshold and (
                best is None or sim > best.similarity or (sim == best.similarity and key < best.original_id)
            ):
                best = DuplicateMatch(key, "near", round(sim, 4))
        return best
