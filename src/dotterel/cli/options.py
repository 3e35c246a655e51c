"""Options shared by the commands that read articles (``extract``, ``ingest``, ``demo``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..errors import DotterelError, InputError
from ..reading import parse_date

__all__ = [
    "BadInputReporter",
    "Processes",
    "PublishedDate",
    "check_paths",
    "processes_option",
    "reading_options",
]


class PublishedDate(click.ParamType):
    """An ISO date option; a bad value is a usage error (exit 2)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except InputError:
            self.fail(f"{value!r} is not an ISO date such as 2023-11-15", param, ctx)


class Processes(click.ParamType):
    """``--processes``: a positive integer, or ``auto`` for the machine's cores."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ..errors import ConfigError
        from ..parallel import parse_processes

        try:
            return parse_processes(value)
        except ConfigError:
            self.fail(f"{value!r} is not a positive number of processes or 'auto'", param, ctx)


def processes_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--processes N|auto`` (issue 18): worker processes, each with its own pipeline."""
    return click.option(
        "--processes",
        type=Processes(),
        default="1",
        show_default=True,
        help="Worker processes coding articles in parallel ('auto': one per core); "
        "output is identical and in input order.",
    )(func)


def reading_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``PATH...``, ``--published``, ``--skip-bad``, ``--kb`` and ``--lexicon`` (DESIGN.md §4)."""
    func = click.option(
        "--lexicon",
        "lexicon_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Your own event lexicon (TSV, see docs/extraction.md), layered over the shipped one.",
    )(func)
    func = click.option(
        "--kb",
        "kb_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Your own knowledge-base file (JSONL), layered over the shipped one.",
    )(func)
    func = click.option(
        "--skip-bad", is_flag=True, help="Report bad articles as warnings and code the rest."
    )(func)
    func = click.option(
        "--published",
        type=PublishedDate(),
        default=None,
        help="Publication date (YYYY-MM-DD) for plain-text input; dates are resolved against it.",
    )(func)
    func = click.argument("paths", nargs=-1, type=str)(func)
    return func


def check_paths(paths: tuple[str, ...], reporter: BadInputReporter | None) -> None:
    """Fail on a missing PATH up front (without ``--skip-bad``), before a store file is created."""
    if reporter is not None:
        return  # reported and skipped by the reader, in order with the other inputs
    for name in paths:
        if name != "-" and not Path(name).exists():
            raise InputError("no such file or folder", path=name)


class BadInputReporter:
    """Collects bad inputs under ``--skip-bad``: a warning line each, a count at the end.

    Also collects articles a pipeline stage failed on, which never stop ``ingest``, ``batch`` or
    the HTTP API: ``verb`` says what happened to them ("skipped", "not stored").
    """

    def __init__(self, verb: str = "skipped") -> None:
        self.count = 0
        self.verb = verb

    def __call__(self, err: DotterelError | str) -> None:
        self.count += 1
        click.echo(f"Warning: {self.verb}: {err}", err=True)

    def summary(self) -> None:
        if self.count:
            click.echo(f"Warning: {self.count} bad input(s) skipped", err=True)
