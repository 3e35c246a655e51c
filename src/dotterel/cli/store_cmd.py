"""``dotterel ingest`` and ``dotterel events``: thin commands over :class:`~dotterel.store.EventStore`.

``ingest`` takes exactly the inputs and options of ``extract`` (shared ``reading_options``) and
writes into the store; ``events`` opens the store read-only, so it can run beside the explorer.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from datetime import date
from typing import IO, Any

import click
from tqdm import tqdm

from ..errors import DotterelError, ExtractionError
from ..parallel import open_pipeline
from ..pipeline import PipelineConfig
from ..reading import iter_articles
from ..store import EXPORT_FORMATS, ClusterSettings, DedupSettings, EventStore
from ..store.coded import CodedEvents
from ..store.dedup import MAX_DEDUP_THRESHOLD
from .filter_options import filter_options, filters_from
from .options import BadInputReporter, check_paths, processes_option, reading_options
from .table import print_page

__all__ = [
    "events",
    "ingest",
    "DEFAULT_DB",
]

DEFAULT_DB = "dotterel.duckdb"


class _SpanCap(click.ParamType):
    """``--max-span-days``: a number of days (0 or more), or ``none`` for no cap."""

    name = "N|none"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text == "none":
            return None
        if not text.isdigit() or int(text) > 3650:
            self.fail(f"{value!r} is not a number of days from 0 to 3650, or 'none'", param, ctx)
        return int(text)


@click.command()
@reading_options
@processes_option
@click.option(
    "--events",
    "events_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Load what `dotterel batch` coded (its --out folder) instead of coding articles here.",
)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="Store file (DuckDB).")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
@click.option(
    "--batch-size",
    default=16,
    show_default=True,
    type=click.IntRange(1, 1024),
    help="Articles per spaCy batch.",
)
@click.option(
    "--dedup-threshold",
    default=DedupSettings.threshold,
    show_default=True,
    type=click.FloatRange(0.1, MAX_DEDUP_THRESHOLD),
    help="Similarity (MinHash Jaccard of 3-word shingles) from which an article is a near duplicate.",
)
@click.option(
    "--window-days",
    default=ClusterSettings.window_days,
    show_default=True,
    type=click.IntRange(0, 365),
    help="How many days apart two reports may date an event and still be clustered into one.",
)
@click.option(
    "--max-span-days",
    type=_SpanCap(),
    default=str(ClusterSettings.max_span_days),
    show_default=True,
    help="Most days from an event's earliest to its latest report's date ('none': no cap); "
    "0 gives one event per date.",
)
def ingest(
    paths: tuple[str, ...],
    published: date | None,
    skip_bad: bool,
    kb_path: str | None,
    lexicon_path: str | None,
    processes: int,
    events_dir: str | None,
    db_path: str,
    progress: bool | None,
    batch_size: int,
    dedup_threshold: float,
    window_days: int,
    max_span_days: int | None,
) -> None:
    """Code articles and store their events in a DuckDB store (--db).

    Takes the same inputs as `extract`. Articles already stored are skipped, so running it again
    adds nothing and an interrupted run resumes. Copies of stored articles are linked to the
    original, not coded twice. Mentions of one real event are clustered into one event.
    With --events DIR it loads the output of `dotterel batch` instead, with the same
    de-duplication and clustering (and the same skipping, so it too resumes).
    """
    if events_dir is not None and (paths or published or kb_path or lexicon_path or processes > 1):
        raise click.UsageError(
            "--events loads events coded by `dotterel batch`: give no PATH, --published, --kb, "
            "--lexicon or --processes with it (give those to `batch`)"
        )
    reporter = BadInputReporter() if skip_bad else None
    # An article a stage fails on never stops ingest (issue 17): it is reported and the rest stored.
    failures = reporter or BadInputReporter(verb="not stored")
    check_paths(paths, reporter)  # a missing file is an error before any store file is created
    with (
        EventStore(
            db_path,
            dedup=DedupSettings(threshold=dedup_threshold),
            cluster=ClusterSettings(window_days=window_days, max_span_days=max_span_days),
        ) as store,
        ExitStack() as stack,
    ):
        if events_dir is not None:
            coded = CodedEvents(events_dir, on_error=reporter)
            articles, extractor, signatures = coded.articles(), coded, coded.signature
        else:
            articles = iter_articles(paths, published=published, on_error=reporter)
            config = PipelineConfig(kb_path=kb_path, lexicon_path=lexicon_path, batch_size=batch_size)
            extractor = stack.enter_context(open_pipeline(config, processes))
            signatures = None
        bar = tqdm(
            unit=" articles", file=sys.stderr, disable=(not progress) if progress is not None else None
        )
        try:
            summary = store.ingest(
                articles,
                extractor,
                skip_bad=skip_bad,
                on_error=failures,
                progress=bar.update,
                batch_size=batch_size,  # workers are fed across chunks: no bigger chunks needed
                signatures=signatures,
            )
        except DotterelError:
            bar.close()
            kept = store.last_summary
            if kept is not None and kept.articles:
                click.echo(f"Stopped; kept in {db_path}: {kept.line()}", err=True)
            raise
        finally:
            bar.close()
        if reporter is not None:
            summary.errors = reporter.count  # reader and store errors, each reported once above
        click.echo(f"Stored in {db_path}: {summary.line()}", err=True)
    if reporter is None and failures.count:
        raise ExtractionError(
            f"{failures.count} article(s) could not be coded (reported above); every other article "
            "is stored. Use --skip-bad to exit 0 after such failures"
        )


@click.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="Store file (DuckDB).")
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=None,
    help="Rows to write (table: 50 a page, at most 10,000; exports: every matching row).",
)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="Export format; without it a table of events is printed.",
)
@click.option(
    "--level",
    type=click.Choice(["events", "mentions"]),
    default="events",
    show_default=True,
    help="jsonl/csv/parquet: one row per event, or one per mention.",
)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write the export to this file.")
@click.option(
    "--header/--no-header",
    default=None,
    help="Header row (default: none for gdelt/gdelt-mentions, as GDELT publishes them; one for CSVs).",
)
@click.option(
    "--all-events",
    is_flag=True,
    help="acled: keep events ACLED would not record (verbal acts, not happened, no date or country).",
)
def events(
    db_path: str,
    fmt: str | None,
    level: str,
    out_path: str | None,
    limit: int | None,
    offset: int,
    header: bool | None,
    all_events: bool,
    **kw: object,
) -> None:
    """List or export the events in a store, newest first.

    Filters combine with AND; text filters match case-insensitively anywhere in the name.
    """
    filters = filters_from(kw)
    with EventStore(db_path, read_only=True) as store:
        if fmt is None:
            print_page(store.query_events(filters, limit=50 if limit is None else limit, offset=offset))
            return
        if fmt == "parquet" and out_path is None:
            raise click.UsageError("parquet is a binary format: give a file with --out FILE")
        options = {
            "level": level,
            "limit": limit,
            "offset": offset,
            "header": header,
            "all_events": all_events,
        }
        if out_path is not None:
            n = store.export(fmt, filters, out_path, **options)  # type: ignore[arg-type]
            unit = "edges" if fmt in ("graphml", "gexf") else "mentions" if fmt == "gdelt-mentions" else level
            click.echo(f"Wrote {n} {unit} to {out_path}", err=True)
        else:
            sys.stdout.flush()
            stream: IO[bytes] = sys.stdout.buffer
            n = store.export(fmt, filters, stream, **options)  # type: ignore[arg-type]
            stream.flush()
        if fmt == "acled" and not all_events and limit is None and not offset:
            left = store.query_events(filters, limit=0, offset=0).total - n
            if left:
                click.echo(
                    f"Left out {left} events ACLED would not record (verbal acts, not happened, "
                    "no date or country); --all-events keeps them",
                    err=True,
                )
