"""A small store of real news articles for the explorer's researcher-path test (issue #14).

The first ``n`` articles of ``../shared/data/corpora/insightcrime-train.tsv`` (organised crime
and conflict in Latin America, the explorer's kind of data), coded by the real pipeline. The
corpus carries no dates, so each article gets a publication date spread over the first half of
2019 (deterministic), from which the pipeline resolves the events' dates as it would for a feed.
Outside this repository's working copy (``../shared`` absent) the test is skipped.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from dotterel.records import Article
from dotterel.store import EventStore

__all__ = ["CORPUS", "real_articles", "build_real_store"]

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpora" / "insightcrime-train.tsv"
OUTLETS = ("InSight Crime", "InSight Crime (wire copy)")


def real_articles(n: int = 30, path: Path = CORPUS) -> list[Article]:
    out: list[Article] = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            text = line.split("\t", 1)[0].strip()
            if not text:
                continue
            title = text.split(". ", 1)[0][:120]
            out.append(
                Article(
                    id=f"insightcrime-{i}",
                    text=text,
                    title=title,
                    outlet=OUTLETS[i % 2],
                    published=date(2019, 1, 3) + timedelta(days=(i * 37) % 180),
                    origin=f"{path.name}:{i + 1}",
                )
            )
            if len(out) >= n:
                break
    return out


def build_real_store(db: Path, pipeline, n: int = 30) -> EventStore:
    """Code ``n`` real articles into a new store at ``db`` (read-write; the caller closes it)."""
    store = EventStore(db)
    store.ingest(real_articles(n), pipeline, batch_size=8)
    return store
