"""``dotterel batch``: code JSONL corpora with Ray Data (one machine or a cluster)."""

from __future__ import annotations

import click

from ..distributed import code_jsonl
from ..errors import ConfigError, ExtractionError
from ..pipeline import PipelineConfig

__all__ = ["batch"]


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "output_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True
)
@click.option("--concurrency", type=click.IntRange(1), default=2, show_default=True, help="Ray workers.")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True)
@click.option("--address", default=None, help="Ray cluster address (default: RAY_ADDRESS, else a local Ray).")
@click.option("--kb", "kb_path", type=click.Path(dir_okay=False), default=None, help="Your own KB file.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Exit 0 when some articles could not be read or coded (their rows carry the error either way).",
)
def batch(
    inputs: tuple[str, ...],
    output_dir: str,
    fmt: str,
    concurrency: int,
    batch_size: int,
    address: str | None,
    kb_path: str | None,
    skip_bad: bool,
) -> None:
    """Code article JSONL files with Ray Data; write one row per article as Parquet or JSON lines.

    Each worker loads the pipeline once. A row holds the article (metadata, text, MinHash
    signature), its events as the records `dotterel extract` writes (column events_json) and,
    for an article that could not be read or coded, its error. `dotterel ingest --events DIR`
    loads the output into a store. A bad article never stops the run; without --skip-bad the
    command exits 1 when there was one, after writing every row.
    """
    try:
        import ray
    except ImportError:
        raise ConfigError("Ray is not installed: pip install 'dotterel[ray]'") from None
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        except ConnectionError as exc:
            raise ConfigError(f"cannot connect to the Ray cluster at {address}: {exc}") from None
    try:
        n_articles, n_events, n_errors = code_jsonl(
            list(inputs),
            output_dir,
            config=PipelineConfig(kb_path=kb_path),
            concurrency=concurrency,
            batch_size=batch_size,
            fmt=fmt,
        )
    finally:
        if started:
            ray.shutdown()
    errors = f", {n_errors} with errors (column error)" if n_errors else ""
    click.echo(
        f"{n_articles} articles, {n_events} events written to {output_dir} ({fmt}){errors}; "
        f"load them into a store with: dotterel ingest --events {output_dir}",
        err=True,
    )
    if n_errors and not skip_bad:
        raise ExtractionError(
            f"{n_errors} article(s) could not be read or coded: see the column error of their rows in "
            f"{output_dir}; every other article is coded. Use --skip-bad to exit 0 after such failures"
        )
