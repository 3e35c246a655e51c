"""Readable event tables for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from ..records import Entity, Event

__all__ = ["print_events_table"]


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
