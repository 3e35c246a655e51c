"""``dotterel batch``: code JSONL corpora with Ray Data (one machine or a cluster)."""

from __future__ import annotations

import click

from ..distributed import code_jsonl
from ..errors import ConfigError
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
def batch(
    inputs: tuple[str, ...],
    output_dir: str,
    fmt: str,
    concurrency: int,
    batch_size: int,
    address: str | None,
    kb_path: str | None,
) -> None:
    """Code article JSONL files with Ray Data and write events as Parquet or JSON lines.

    Each worker loads the pipeline once; the events are the same records `dotterel extract`
    writes (column event_json), plus key columns to filter on.
    """
    try:
        import ray
    except ImportError:
        raise ConfigError("Ray is not installed: pip install 'dotterel[ray]'") from None
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    try:
        n = code_jsonl(
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
    click.echo(f"{n} events written to {output_dir} ({fmt})", err=True)
