"""Identical and near-identical articles: linked to one original so they are not double-counted.

Wire stories are republished with small edits (a new headline, a dropped paragraph, an outlet's
boilerplate). Two checks, cheapest first:

1. **identical**: the same SHA-256 of the text (``Article.content_hash``) as a stored article;
2. **near-identical**: a MinHash signature over word shingles (``shingle_words`` consecutive
   lower-cased words) whose estimated Jaccard similarity to a stored original is at least
   ``threshold``. Candidates come from MinHash LSH banding (datasketch's optimal bands for the
   threshold), so the check costs the same with ten or a million stored articles; the best
   candidate above the threshold wins, ties to the smaller id.

Only originals enter the index, so a chain of copies all point at the first article. Signatures
are stored in ``articles.minhash`` and their band keys in ``minhash_bands``; the index lives in
the store, not in memory (:mod:`dotterel.store.originals`, issue 18).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

__all__ = [
    "DedupSettings",
    "Deduplicator",
    "DuplicateMatch",
    "MAX_DEDUP_THRESHOLD",
    "SCHEME",
]

#: datasketch's hashing scheme, fixed so stored signatures stay comparable across versions.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


#: The highest near-duplicate threshold datasketch's LSH banding can serve with 128 permutations:
#: above it the optimal banding is a single band of every permutation, which MinHashLSH refuses.
MAX_DEDUP_THRESHOLD = 0.98


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
    """MinHash signatures of article texts; the index of stored originals is
    :class:`~dotterel.store.originals.OriginalsIndex` (in the store, not in memory)."""

    def __init__(self, settings: DedupSettings) -> None:
        self.settings = settings

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
