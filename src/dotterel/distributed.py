"""Batch coding beyond one machine with Ray Data (DESIGN.md §5).

Nothing here schedules work itself: Ray does. :class:`ArticleJsonlDatasource` reads article JSONL
files with dotterel's own reader (same ids, same checks as ``extract``), keeping each article's
file and line; :class:`RayEventCoder` is the callable class that ``Dataset.map_batches`` runs on
each worker: it builds one :class:`~dotterel.pipeline.Pipeline` per worker (the model loads once,
not per batch), codes the articles with the same pure function the CLI uses and computes each
article's MinHash signature, so the store's loader (``dotterel ingest --events``) only has to
look them up. The output is one row per article (:mod:`dotterel.batchio`).

    import ray
    from dotterel.distributed import code_jsonl
    ray.init()                                    # or ray.init(address="auto") on a cluster
    code_jsonl(["articles.jsonl"], "coded/", concurrency=4)   # writes Parquet

Ray is an optional dependency (``pip install 'dotterel[ray]'``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batchio import BATCH_COLUMNS, article_row
from .errors import ConfigError, InputError
from .pipeline import Pipeline, PipelineConfig
from .reading import parse_date, read_jsonl_stream
from .records import Article, Event
from .store.dedup import Deduplicator, DedupSettings

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    import ray.data

__all__ = ["RayEventCoder", "code_dataset", "code_jsonl", "input_files", "make_datasource"]

_INT_COLUMNS = ("source", "line", "num_events")


def _schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in _INT_COLUMNS else pa.string()) for c in BATCH_COLUMNS])


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=_schema())


def input_files(inputs: Sequence[str]) -> list[str]:
    """The JSONL files to read, in the order ``ingest`` would read them (folders: sorted)."""
    files: list[str] = []
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            if not found:
                raise InputError("folder has no .jsonl files", path=name)
            files.extend(str(p) for p in found)
        elif path.is_file():
            files.append(str(path))
        else:
            raise InputError("no such file or folder", path=name)
    return files


def _datasource_base() -> type:
    from ray.data.datasource import FileBasedDatasource

    return FileBasedDatasource


def make_datasource(files: list[str]) -> Any:
    """A Ray datasource reading article JSONL ``files`` with dotterel's own reader.

    Each row knows its file's position in ``files`` and its line; a bad line becomes a row with
    its error. The class is a subclass of Ray's ``FileBasedDatasource``, made here so that
    importing this module does not need Ray.
    """
    base = _datasource_base()
    index = {os.path.abspath(f): (i, f) for i, f in enumerate(files)}

    class _Datasource(base):  # type: ignore[misc, valid-type]
        def _read_stream(self, f: Any, path: str) -> Iterator[pa.Table]:
            source, where = index.get(os.path.abspath(path), (-1, path))
            rows: list[dict[str, Any]] = []

            def bad(err: InputError | str) -> None:
                line = err.line if isinstance(err, InputError) and err.line is not None else 0
                rows.append(article_row(None, [], source=source, line=line, minhash=None, error=str(err)))

            for article in read_jsonl_stream(io.BytesIO(f.readall()), where, None, bad):
                line = int((article.origin or "").rsplit(":", 1)[-1] or 0)
                rows.append(article_row(article, [], source=source, line=line, minhash=None))
                if len(rows) >= 1024:
                    yield _table(rows)
                    rows = []
            if rows:
                yield _table(rows)

    _Datasource.__name__ = "ArticleJsonlDatasource"
    return _Datasource(files)


def _value(batch: dict[str, Any], key: str, i: int) -> Any:
    col = batch.get(key)
    if col is None:
        return None
    value = col[i]
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas for a missing field
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return value


def _rows_to_articles(batch: dict[str, Any]) -> list[tuple[int, int, Article | None, str | None]]:
    """(source, line, article or None, error or None) per row of a batch."""
    texts = batch["text"]
    out: list[tuple[int, int, Article | None, str | None]] = []
    for i in range(len(texts)):
        source = int(_value(batch, "source", i) or 0)
        line = int(_value(batch, "line", i) or i + 1)
        error = _value(batch, "error", i)
        if error is not None or _value(batch, "text", i) is None:
            out.append((source, line, None, error or str(InputError("record has no 'text' field"))))
            continue
        published = _value(batch, "published", i)
        if published is not None and not isinstance(published, date):
            published = parse_date(str(published), where="'published'")
        art_id = _value(batch, "article_id", i)
        if art_id is None:
            art_id = _value(batch, "id", i)
        article = Article(
            id=str(art_id) if art_id is not None else f"row-{source}-{line}",
            text=str(texts[i]),
            title=_value(batch, "title", i),
            url=_value(batch, "url", i),
            outlet=_value(batch, "outlet", i),
            published=published,
            language=_value(batch, "language", i) or "en",
            origin=_value(batch, "origin", i),
        )
        out.append((source, line, article, None))
    return out


class RayEventCoder:
    """``map_batches`` callable: one pipeline per Ray worker, article rows in, coded rows out."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.pipeline = Pipeline(config)
        self.dedup = Deduplicator(DedupSettings())

    def _code(self, articles: list[Article]) -> list[list[Event] | str]:
        """Each article's events, or its one-line error (a row, never a traceback)."""
        return [
            str(o.error) if o.error is not None else o.events
            for o in self.pipeline.code(articles, batch_size=max(1, len(articles)))
        ]

    def __call__(self, batch: dict[str, Any]) -> pa.Table:
        rows = _rows_to_articles(batch)
        articles = [a for _, _, a, _ in rows if a is not None]
        coded = iter(self._code(articles))
        out = []
        for source, line, article, error in rows:
            if article is None:
                out.append(article_row(None, [], source=source, line=line, minhash=None, error=error))
                continue
            result = next(coded)
            if isinstance(result, str):
                out.append(article_row(article, [], source=source, line=line, minhash=None, error=result))
                continue
            sig = self.dedup.encode(self.dedup.signature(article.text))
            out.append(article_row(article, result, source=source, line=line, minhash=sig))
        return _table(out)


def code_dataset(
    articles: ray.data.Dataset,
    *,
    config: PipelineConfig | None = None,
    concurrency: int = 2,
    batch_size: int = 16,
) -> ray.data.Dataset:
    """Code a Ray dataset of articles (column ``text``; optional ``id``/``article_id``, ``published``,
    ``title``, ``url``, ``outlet``, ``source``, ``line``) into batch output rows."""
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
) -> tuple[int, int, int]:
    """Read article JSONL with Ray, code it, write one row per article; return (articles, events, errors)."""
    try:
        import ray.data
    except ImportError:
        raise ConfigError("Ray is not installed: pip install 'dotterel[ray]'") from None
    if fmt not in ("parquet", "jsonl"):
        raise ConfigError(f"unknown output format {fmt!r}: use parquet or jsonl")
    files = input_files(inputs)
    # Reading is materialised first: on a small machine the coder actors would otherwise hold
    # every CPU while the read task waits for one (a resource deadlock).
    articles = ray.data.read_datasource(make_datasource(files)).materialize()
    ds = code_dataset(articles, config=config, concurrency=concurrency, batch_size=batch_size).materialize()
    if fmt == "parquet":
        ds.write_parquet(output_dir)
    else:
        ds.write_json(output_dir)
    n_articles = n_events = n_errors = 0
    for batch in ds.select_columns(["num_events", "error"]).iter_batches(batch_format="pyarrow"):
        n_articles += batch.num_rows
        n_events += sum(batch.column("num_events").to_pylist())
        n_errors += batch.num_rows - batch.column("error").null_count
    return n_articles, n_events, n_errors
