"""Readable event tables: a rich table on a terminal, plain TSV when the output is a pipe or file.

``dotterel events`` without ``--format`` prints a page of stored events. On a terminal, long text is
cut to fit and the cut is marked with "…"; anywhere else (``| cut``, ``> file``) it prints one
tab-separated line per event with a header, text whole (tabs and line breaks made spaces), so the
output can be read by ``cut``, ``awk`` or pandas.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from ..records import Entity, Event

if TYPE_CHECKING:  # the store (DuckDB) is not loaded for `extract`, which prints tables too
    from ..store import EventPage, EventSummary

__all__ = [
    "PAGE_COLUMNS",
    "clip",
    "print_events_table",
    "print_page",
    "EVIDENCE_CHARS",
]

#: Columns of a page of stored events, in the table and in the TSV.
PAGE_COLUMNS = (
    "id", "date", "event", "quad", "status", "confidence", "actor", "recipient", "where",
    "mentions", "articles", "sources", "evidence",
)  # fmt: skip
#: Longest evidence shown in the terminal table before it is cut with "…".
EVIDENCE_CHARS = 160


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with "…" marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _cells(e: EventSummary) -> list[str]:
    where = f"{e.place} ({e.place_country})" if e.place and e.place_country else e.place or "-"
    return [
        e.id,
        e.date.isoformat() if e.date else "-",
        f"{e.event_type}:{e.mode}" if e.mode else e.event_type,
        str(e.quad_code),
        e.status,
        f"{e.confidence:.2f}",
        "; ".join(e.actors) or "-",
        "; ".join(e.recipients) or "-",
        where,
        str(e.num_mentions),
        str(e.num_articles),
        str(e.num_sources),
        e.sentence,
    ]


def print_page(page: EventPage, *, tsv: bool | None = None, out: IO[str] | None = None) -> None:
    """One page of events and the range shown ("events 1-50 of 1,234", on stderr for TSV).

    ``tsv`` None: TSV when ``out`` (stdout by default) is not a terminal.
    """
    stream = out or sys.stdout
    if tsv is None:
        tsv = not stream.isatty()
    first = page.offset + 1 if page.events else page.offset
    summary = f"events {first}-{page.offset + len(page.events)} of {page.total}"
    if tsv:
        stream.write("\t".join(PAGE_COLUMNS) + "\n")
        for e in page.events:
            stream.write("\t".join(" ".join(c.split()) for c in _cells(e)) + "\n")
        stream.flush()
        click.echo(summary, err=True)
        return
    console = Console(file=stream, width=200)
    table = Table(header_style="bold")
    for col in PAGE_COLUMNS:
        table.add_column(col, overflow="fold")
    for e in page.events:
        cells = _cells(e)
        cells[-1] = clip(cells[-1], EVIDENCE_CHARS)
        table.add_row(*cells)
    console.print(table)
    console.print(summary)


def _entities(ents: Sequence[Entity]) -> str:
    parts = []
    for e in ents:
        if e.name is None:  # no entity (an unresolved pronoun or description): not an actor
            continue
        tag = "/".join(x for x in (e.country, e.sector) if x)
        parts.append(f"{e.name} [{tag}]" if tag else e.name)
    return "; ".join(parts) or "-"


def print_events_table(events: Sequence[Event], console: Console | None = None) -> None:
    """One row per event: type, status, actor, recipient, place, date, source and the trigger."""
    console = console or Console(width=200)
    table = Table(show_lines=False, header_style="bold")
    columns = ("#", "event", "status", "actor", "recipient", "where", "when", "according to", "numbers")
    for col in (*columns, "trigger"):
        table.add_column(col, overflow="fold")
    for i, e in enumerate(events, 1):
        etype = f"{e.event_type}:{e.mode}" if e.mode else e.event_type
        status = f"{e.status} ({e.status_cue})" if e.status_cue else e.status
        where = e.location.name if e.location else "-"
        when = f"{e.date} ({e.date_precision})" if e.date else "-"
        source = "-"
        if e.attribution is not None:
            source = e.attribution.text
            if e.attribution.count:
                source += f" (n={e.attribution.count})"
        numbers = ", ".join(
            f"{k} {v:,}" for k, v in e.quantities.items() if isinstance(v, int) and not isinstance(v, bool)
        )
        row = (etype, status, _entities(e.actor), _entities(e.recipient), where, when, source, numbers or "-")
        table.add_row(str(i), *row, e.trigger.text)
    console.print(table)
