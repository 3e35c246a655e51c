"""dotterel's command line: a thin layer over the library (DESIGN.md §4).

Each command parses options, calls one library function and prints. Every
:class:`~dotterel.errors.DotterelError` becomes a one-line ``Error: ...`` on stderr with exit
status 1 (click's convention for bad input); bad arguments are usage errors (exit 2).
"""

from __future__ import annotations

import os
from typing import Any

import click

from ..errors import DotterelError, InternalError, SystemFailure

__all__ = [
    "main",
    "DotterelGroup",
]


class DotterelGroup(click.Group):
    """A click group that turns dotterel's errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DotterelError as err:
            raise click.ClickException(str(err)) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `dotterel extract | head`: the reader left; nothing to report
            raise SystemExit(1) from None
        except OSError as exc:  # disk full, permission denied: the system's own words, one line
            raise click.ClickException(str(SystemFailure(str(exc)))) from None
        except Exception as exc:
            # A bug: one line, never a traceback (issue 17); DOTTEREL_DEBUG=1 shows the traceback.
            if os.environ.get("DOTTEREL_DEBUG"):
                raise
            text = " ".join(str(exc).split())[:300]
            err = InternalError(
                f"internal error: {exc.__class__.__name__}: {text} "
                "(a bug: please report it; DOTTEREL_DEBUG=1 shows the traceback)"
            )
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
