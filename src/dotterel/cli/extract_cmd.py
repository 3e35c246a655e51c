"""``dotterel extract`` and ``dotterel demo``."""

from __future__ import annotations

import json
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import click
from tqdm import tqdm

from ..parallel import open_pipeline
from ..pipeline import Pipeline, PipelineConfig
from ..reading import iter_articles
from ..records import Article, Event
from .options import BadInputReporter, processes_option, reading_options
from .table import print_events_table

__all__ = [
    "demo",
    "extract",
    "EXAMPLE_ARTICLE",
    "EXAMPLE_PUBLISHED",
    "example_path",
]

#: The article that ships with dotterel for the demo, and the date it was published.
EXAMPLE_ARTICLE = "seed-article.txt"
EXAMPLE_PUBLISHED = date(2023, 11, 15)


@click.command()
@reading_options
@processes_option
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
def extract(
    paths: tuple[str, ...],
    published: date | None,
    skip_bad: bool,
    kb_path: str | None,
    lexicon_path: str | None,
    processes: int,
    progress: bool | None,
) -> None:
    """Code articles and write one event record (JSON) per line to stdout.

    PATH is a .txt file (one article), a .jsonl file (one article per line: id, text, and
    optional title, url, outlet, published), a .html file, or a folder of those; '-' or no
    PATH reads JSONL from stdin.
    """
    reporter = BadInputReporter() if skip_bad else None
    articles = iter_articles(paths, published=published, on_error=reporter)
    out = sys.stdout
    config = PipelineConfig(kb_path=kb_path, lexicon_path=lexicon_path)
    with open_pipeline(config, processes) as pipeline:
        bar = tqdm(
            unit=" articles", file=sys.stderr, disable=(not progress) if progress is not None else None
        )
        try:
            # Without --skip-bad the first failing article raises here, after every article before it
            # has been written; with it, the failure is a warning and the run goes on (issue 17).
            for _article, events in pipeline.pipe(articles, on_error=reporter):
                for event in events:
                    out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
                bar.update(1)
        finally:
            bar.close()
            out.flush()
    if reporter is not None:
        reporter.summary()


def example_path() -> Path:
    """Path of the example article shipped inside the package."""
    return Path(str(resources.files("dotterel") / "examples" / EXAMPLE_ARTICLE))


@click.command()
@click.option(
    "--db", "db_path", default="dotterel.duckdb", show_default=True, help="Store to write the events to."
)
def demo(db_path: str) -> None:
    """Code the built-in example article, print its events as a table and store them."""
    path = example_path()
    articles = list(iter_articles([str(path)], published=EXAMPLE_PUBLISHED))
    pipeline = Pipeline()
    events = [e for _, evs in pipeline.pipe(articles) for e in evs]
    click.echo(f"Coded {path.name} (published {EXAMPLE_PUBLISHED.isoformat()}): {len(events)} events\n")
    print_events_table(events)
    _store_demo(db_path, articles[0], events)


def _store_demo(db_path: str, article: Article, events: list[Event]) -> None:
    """Keep the demo's events in ``--db`` so `dotterel events` and the explorer can open it at once."""
    from ..store import EventStore  # imported here: extract does not need DuckDB

    with EventStore(db_path) as store:
        summary = store.add_article(article, events)
    click.echo(f"\nStored in {db_path}: {summary.line()}")
