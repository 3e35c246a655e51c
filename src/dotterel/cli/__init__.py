"""dotterel's command line: a thin layer over the library (DESIGN.md §4).

Each command parses options, calls one library function and prints. Every
:class:`~dotterel.errors.DotterelError` becomes a one-line ``Error: ...`` on stderr with exit
status 1 (click's convention for bad input); bad arguments are usage errors (exit 2).
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import DotterelError

__all__ = ["main"]


class DotterelGroup(click.Group):
    """A click group that turns dotterel's errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DotterelError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=DotterelGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dotterel")
def main() -> None:
    """dotterel: news articles to evidence-backed PLOVER event data."""


def _register() -> None:
    from . import batch_cmd, extract_cmd

    main.add_command(extract_cmd.extract)
    main.add_command(extract_cmd.demo)
    main.add_command(batch_cmd.batch)
    from . import evaluate_cmd

    main.add_command(evaluate_cmd.evaluate)

    from . import serve_cmd

    main.add_command(serve_cmd.serve)

    from . import store_cmd

    main.add_command(store_cmd.ingest)
    main.add_command(store_cmd.events)


_register()
