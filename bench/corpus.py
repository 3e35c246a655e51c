"""Sample articles for benchmarks from the insightcrime corpus in ../shared (never shipped).

Each line of ``insightcrime-train.tsv`` is ``text<TAB>label...``; the sample is deterministic so
runs are comparable.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dotterel.records import Article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "insightcrime-train.tsv"


def load_articles(n: int = 200, path: Path = CORPUS) -> list[Article]:
    """The first ``n`` articles of the corpus (deterministic), as :class:`Article` records."""
    if not path.exists():
        sys.exit(f"benchmark corpus not found: {path} (it lives in ../shared beside the project)")
    articles: list[Article] = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            text = line.split("\t", 1)[0].strip()
            if not text:
                continue
            articles.append(Article(id=f"insightcrime-{i}", text=text, origin=f"{path.name}:{i + 1}"))
            if len(articles) >= n:
                break
    return articles


def word_count(articles: list[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)
