"""Query parameters → typed values: the store's :class:`EventFilter`, bounded page sizes.

The API takes the same filters as ``dotterel events`` under the :class:`EventFilter` field names
(``actor``, ``event_type``, ``quad_code``, ``date_from`` ...). Lists are given comma-separated
or by repeating the parameter. Every value is checked and bounded here, before any query runs;
the store passes them to DuckDB as bound parameters, so no user text is ever spliced into SQL.
An unknown parameter is an error rather than silently ignored: a typo (``actr=``) would
otherwise show every event and look like an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from ..errors import ConfigError
from ..store import EventFilter
from ..store.filters import FILTER_FIELDS, LIST_KINDS, MAX_LIST, MAX_TEXT, FilterField, build_filter
from .errors import BadRequest

__all__ = [
    "FILTER_PARAMS",
    "MAX_LIST",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_TEXT",
    "Page",
    "event_filter",
    "check_known",
    "choice",
    "int_param",
    "page",
]

#: Largest page a client can ask for; bigger pulls go through /api/export.
MAX_LIMIT = 500
#: Deepest offset: past this, narrow the filters or export.
MAX_OFFSET = 10_000_000

FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in FILTER_FIELDS)
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


def _one(params: QueryParams, name: str, *, typed: bool) -> str | None:
    """The parameter's single value; None when absent. A typed parameter may not be empty (issue 17)."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"parameter {name!r} given {len(values)} times; give it once")
    value = values[0].strip()
    if typed and not value:
        raise BadRequest(f"parameter {name!r} is empty: give a value or leave the parameter out")
    if len(value) > MAX_TEXT:
        raise BadRequest(f"parameter {name!r} is longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadRequest(f"parameter {name!r} contains a NUL character")
    return value


def _label(spec: FilterField) -> str:
    return f"parameter {spec.name!r}"


def event_filter(params: QueryParams) -> EventFilter:
    """The :class:`EventFilter` the query string asks for (unset fields stay unset).

    The values are checked by :func:`~dotterel.store.filters.build_filter`, as ``dotterel
    events`` checks its options; only reading them from the query string is done here.
    """
    values: dict[str, object] = {}
    for spec in FILTER_FIELDS:
        if spec.kind in LIST_KINDS:
            raw = params.getlist(spec.name)
            if not raw:
                continue
            if not any(part.strip() for v in raw for part in v.split(",")):
                raise BadRequest(f"parameter {spec.name!r} is empty: give a value or leave the parameter out")
            values[spec.name] = raw
        else:
            values[spec.name] = _one(params, spec.name, typed=spec.kind in ("date", "confidence", "country"))
    try:
        return build_filter(values, _label)
    except ConfigError as err:
        raise BadRequest(err.message) from None


def int_param(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    value = _one(params, name, typed=True)
    if value is None:
        return default
    if not _INTEGER.fullmatch(value):
        raise BadRequest(f"parameter {name!r} must be an integer, got {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise BadRequest(f"parameter {name!r} must be between {low} and {high}, got {number}")
    return number


def choice(params: QueryParams, name: str, options: tuple[str, ...], default: str) -> str:
    value = _one(params, name, typed=True)
    if value is None:
        return default
    if value not in options:
        raise BadRequest(f"parameter {name!r} must be one of {', '.join(options)}, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Page:
    """``limit`` and ``offset`` from the query string, bounded."""

    limit: int
    offset: int


def page(params: QueryParams, default_limit: int = 50, max_limit: int = MAX_LIMIT) -> Page:
    return Page(
        int_param(params, "limit", default_limit, 1, max_limit),
        int_param(params, "offset", 0, 0, MAX_OFFSET),
    )


def check_known(params: QueryParams, allowed: set[str] | frozenset[str]) -> None:
    """Reject parameters the endpoint does not know (typos would otherwise be silently ignored)."""
    unknown = sorted(set(params.keys()) - set(allowed))
    if unknown:
        raise BadRequest(
            f"unknown parameter {unknown[0]!r}; this endpoint takes: {', '.join(sorted(allowed))}"
        )
