"""Query parameters → typed values: the store's :class:`EventFilter`, bounded page sizes.

The API takes the same filters as ``dotterel events`` under the :class:`EventFilter` field names
(``actor``, ``event_type``, ``quad_code``, ``date_from`` ...). Lists are given comma-separated
or by repeating the parameter. Every value is checked and bounded here, before any query runs;
the store passes them to DuckDB as bound parameters, so no user text is ever spliced into SQL.
An unknown parameter is an error rather than silently ignored: a typo (``actr=``) would
otherwise show every event and look like an answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

from starlette.datastructures import QueryParams

from ..records import PLOVER_EVENT_TYPES, STATUSES
from ..store import EventFilter
from .errors import BadRequest

__all__ = [
    "FILTER_PARAMS",
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
#: Longest text value accepted for a filter.
MAX_TEXT = 200
#: Most values in one list filter.
MAX_LIST = 32

_LIST_FIELDS = {"event_type", "quad_code", "status"}
_DATE_FIELDS = {"date_from", "date_to"}
FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(EventFilter))


def _text(params: QueryParams, name: str) -> str | None:
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"parameter {name!r} given {len(values)} times; give it once")
    value = values[0].strip()
    if len(value) > MAX_TEXT:
        raise BadRequest(f"parameter {name!r} is longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadRequest(f"parameter {name!r} contains a NUL character")
    return value or None


def _list(params: QueryParams, name: str) -> list[str]:
    items = [v.strip() for raw in params.getlist(name) for v in raw.split(",") if v.strip()]
    if len(items) > MAX_LIST:
        raise BadRequest(f"parameter {name!r} has more than {MAX_LIST} values")
    return items


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            f"parameter {name!r} must be an ISO date such as 2023-11-15, got {value!r}"
        ) from None


def event_filter(params: QueryParams) -> EventFilter:
    """The :class:`EventFilter` the query string asks for (unset fields stay unset)."""
    values: dict[str, object] = {}
    event_types = [t.upper() for t in _list(params, "event_type")]
    bad = [t for t in event_types if t not in PLOVER_EVENT_TYPES]
    if bad:
        raise BadRequest(f"unknown event_type {bad[0]!r}; one of {', '.join(PLOVER_EVENT_TYPES)}")
    values["event_type"] = tuple(event_types)
    quads: list[int] = []
    for q in _list(params, "quad_code"):
        if q not in {"1", "2", "3", "4"}:
            raise BadRequest(f"quad_code must be 1, 2, 3 or 4, got {q!r}")
        quads.append(int(q))
    values["quad_code"] = tuple(quads)
    statuses = [s.lower() for s in _list(params, "status")]
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise BadRequest(f"unknown status {bad[0]!r}; one of {', '.join(STATUSES)}")
    values["status"] = tuple(statuses)
    for name in FILTER_PARAMS:
        if name in _LIST_FIELDS:
            continue
        value = _text(params, name)
        if value is None:
            continue
        if name in _DATE_FIELDS:
            values[name] = _date(value, name)
        elif name == "min_confidence":
            try:
                conf = float(value)
            except ValueError:
                conf = math.nan
            if not 0.0 <= conf <= 1.0:
                raise BadRequest(f"min_confidence must be a number from 0 to 1, got {value!r}")
            values[name] = conf
        elif name.endswith("_country") or name == "country" or name.endswith("_sector"):
            values[name] = value.upper()
        else:
            values[name] = value
    df, dt = values.get("date_from"), values.get("date_to")
    if isinstance(df, date) and isinstance(dt, date) and df > dt:
        raise BadRequest(f"date_from {df} is after date_to {dt}")
    return EventFilter(**values)  # type: ignore[arg-type]


def int_param(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    value = _text(params, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"parameter {name!r} must be an integer, got {value!r}") from None
    if not low <= number <= high:
        raise BadRequest(f"parameter {name!r} must be between {low} and {high}, got {number}")
    return number


def choice(params: QueryParams, name: str, options: tuple[str, ...], default: str) -> str:
    value = _text(params, name)
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
