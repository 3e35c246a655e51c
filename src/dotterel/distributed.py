"""Batch coding beyond one machine with Ray Data (DESIGN.md §5).

Nothing here schedules work itself: Ray does. :class:`RayEventCoder` is the callable class that
``Dataset.map_batches`` runs on each worker; it builds one :class:`~dotterel.pipeline.Pipeline` per
worker (the model loads once, not per batch) and applies the same pure ``articles → events``
function the CLI uses, so results are identical to ``dotterel extract``.

    import ray
    from dotterel.distributed import code_jsonl
    ray.init()                                    # or ray.init(address="auto") on a cluster
    code_jsonl(["articles.jsonl"], "events/", concurrency=4)   # writes Parquet

Ray is an optional dependency (``pip install 'dotterel[ray]'``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .pipeline import Pipeline, PipelineConfig, extract_batch
from .reading import parse_date
from .records import Article

if TYPE_CHECKING:  # pragma: no cover
    import ray.data

__all__ = ["EVENT_COLUMNS", "RayEventCoder", "code_dataset", "code_jsonl"]

#: Columns of the coded dataset: a few keys to filter and partition on, and the full contract
#: record as JSON (nested lists of entities do not map cleanly onto one Arrow schema per batch).
EVENT_COLUMNS = ("id", "article_id", "event_type", "quad_code", "status", "date", "event_json")


def _value(batch: dict[str, Any], key: str, i: int) -> Any:
    col = batch.get(key)
    if col is None:
        return None
    value = col[i]
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas for a missing field
        return None
    return value


def _rows_to_articles(batch: dict[str, Any]) -> list[Article]:
    texts = batch["text"]
    articles = []
    for i in range(len(texts)):
        published = _value(batch, "published", i)
        if published is not None and not isinstance(published, date):
            published = parse_date(str(published), where="'published'")
        art_id = _value(batch, "id", i)
        articles.append(
            Article(
                id=str(art_id) if art_id is not None else f"row-{i}",
                text=str(texts[i]),
                title=_value(batch, "title", i),
                url=_value(batch, "url", i),
                outlet=_value(batch, "outlet", i),
                published=published,
            )
        )
    return articles


class RayEventCoder:
    """``map_batches`` callable: one pipeline per Ray worker, articles in, event rows out."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.pipeline = Pipeline(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        events = extract_batch(self.pipeline, _rows_to_articles(batch))
        out: dict[str, list[Any]] = {col: [] for col in EVENT_COLUMNS}
        for event in events:
            record = event.to_dict()
            for col in EVENT_COLUMNS[:-1]:
                out[col].append(record[col])
            out["event_json"].append(json.dumps(record, ensure_ascii=False))
        return out


def code_dataset(
    articles: ray.data.Dataset,
    *,
    config: PipelineConfig | None = None,
    concurrency: int = 2,
    batch_size: int = 16,
) -> ray.data.Dataset:
    """Code a Ray dataset of articles (columns ``text`` and optional ``id``, ``published``, ...)."""
    import ray.data

    if "text" not in articles.schema().names:
        raise ConfigError("the article dataset has no 'text' column")
    return articles.map_batches(
        RayEventCoder,
        fn_constructor_kwargs={"config": config},
        compute=ray.data.ActorPoolStrategy(size=concurrency),
        batch_size=batch_size,
        batch_format="numpy",
    )


def code_jsonl(
    inputs: Sequence[str],
    output_dir: str,
    *,
    config: PipelineConfig | None = None,
    concurrency: int = 2,
    batch_size: int = 16,
    fmt: str = "parquet",
) -> int:
    """Read article JSONL files with Ray, code them, write Parquet (or JSON lines); return events."""
    try:
        import ray.data
    except ImportError:
        raise ConfigError("Ray is not installed: pip install 'dotterel[ray]'") from None
    # Reading is materialised first: on a small machine the coder actors would otherwise hold
    # every CPU while the read task waits for one (a resource deadlock).
    articles = ray.data.read_json(list(inputs), lines=True).materialize()
    ds = code_dataset(
        articles,
        config=config,
        concurrency=concurrency,
        batch_size=batch_size,
    ).materialize()
    if fmt == "parquet":
        ds.write_parquet(output_dir)
    elif fmt == "jsonl":
        ds.write_json(output_dir)
    else:
        raise ConfigError(f"unknown output format {fmt!r}: use parquet or jsonl")
    return ds.count()
