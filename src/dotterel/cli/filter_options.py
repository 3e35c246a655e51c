"""``dotterel events``' filter options, made from the one filter definition (store/filters.py).

The option names, help lines and checks are those of :data:`~dotterel.store.filters.FILTER_FIELDS`,
which the HTTP API's parameters use too, so ``--actor-country`` and ``actor_country=`` accept
and refuse the same values with the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..records import STATUSES
from ..store import EventFilter
from ..store.filters import FILTER_FIELDS, FilterField, build_filter
from .options import PublishedDate

__all__ = ["filter_options", "filters_from"]


def _option(spec: FilterField) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    assert spec.option is not None
    kwargs: dict[str, Any] = {"help": spec.help}
    if spec.kind == "category":
        kwargs.update(multiple=True, help=spec.help + " Repeat for several.")
    elif spec.kind == "quad":
        kwargs.update(multiple=True, type=click.IntRange(1, 4), help=spec.help + " Repeatable.")
    elif spec.kind == "status":
        kwargs.update(multiple=True, type=click.Choice(STATUSES), help=spec.help + " Repeatable.")
    elif spec.kind == "date":
        kwargs.update(type=PublishedDate())
    elif spec.kind == "confidence":
        kwargs.update(type=click.FloatRange(0, 1))
    return click.option(spec.option, spec.name, **kwargs)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every filter that has a CLI option, in the definition's order."""
    for spec in reversed(FILTER_FIELDS):
        if spec.option is not None:
            func = _option(spec)(func)
    return func


def filters_from(kw: dict[str, object]) -> EventFilter:
    """The checked :class:`EventFilter` of the options (bad values: ``Error: [E201] --option ...``)."""
    values = {spec.name: kw.pop(spec.name, None) for spec in FILTER_FIELDS if spec.option is not None}
    return build_filter(values, lambda spec: spec.option or spec.name)
