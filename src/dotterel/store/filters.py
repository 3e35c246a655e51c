"""The event filters, defined once: ``dotterel events`` options, API parameters and their checks.

Each :class:`EventFilter` field is described here once (kind, help line, CLI option), and
:func:`build_filter` checks and normalises the values for both the command line and the HTTP
API, so the two cannot drift apart (issue 16 found them written twice, with different checks:
the CLI refused "Mexico" as a country, the API silently matched nothing). The CLI turns the
fields into click options (``cli/filter_options.py``) and the API into its OpenAPI parameter
schemas (``server/openapi.py``); each caller names a field its own way in messages
(``--actor-country`` or ``'actor_country'``).

Values arrive as text (a query string) or already typed (click's ``IntRange``, a ``date``);
both go through the same checks. Every error is a :class:`~dotterel.errors.ConfigError` whose
message starts with the caller's name for the field.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pycountry

from ..errors import ConfigError
from ..records import PLOVER_EVENT_TYPES, STATUSES
from .models import EventFilter

__all__ = [
    "FILTER_FIELDS",
    "LIST_KINDS",
    "MAX_LIST",
    "MAX_TEXT",
    "PLOVER_CODES",
    "FilterField",
    "build_filter",
    "country_code",
    "Kind",
]

Kind = Literal["text", "id", "country", "sector", "category", "quad", "status", "date", "confidence"]

#: Kinds that take several values ("any of"): comma-separated or repeated.
LIST_KINDS: frozenset[str] = frozenset({"category", "quad", "status"})
#: Longest text value accepted for a filter.
MAX_TEXT = 200
#: Most values in one list filter.
MAX_LIST = 32
#: Country-like codes PLOVER (and CAMEO) use for actors that are not states, or not in ISO 3166.
PLOVER_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "XKX", "KOS"})

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True, slots=True)
class FilterField:
    """One filter: its :class:`EventFilter` field (the API parameter), kind, help and CLI option."""

    name: str
    kind: Kind
    help: str
    option: str | None = None  #: the ``dotterel events`` option; None: API only


FILTER_FIELDS: tuple[FilterField, ...] = (
    FilterField(
        "actor", "text",
        "Actor name or surface text contains this (case-insensitive), or any actor's country code is "
        "this (MEX).", "--actor",
    ),
    FilterField("actor_country", "country", "ISO alpha-3 or PLOVER code (IGO, NGO ...) of any actor.",
                "--actor-country"),
    FilterField("actor_sector", "sector", "PLOVER sector code of any actor (GOV, MIL, REB ...).",
                "--actor-sector"),
    FilterField("recipient", "text", "Recipient name or surface text contains this, or any recipient's "
                "country code is this.", "--recipient"),
    FilterField("recipient_country", "country", "ISO alpha-3 or PLOVER code of any recipient.",
                "--recipient-country"),
    FilterField("recipient_sector", "sector", "PLOVER sector code of any recipient.", "--recipient-sector"),
    FilterField("event_type", "category", "PLOVER category (ASSAULT, PROTEST ...); several mean any of them.",
                "--type"),
    FilterField("quad_code", "quad", "Quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, "
                "4 material conflict; several mean any of them.", "--quad"),
    FilterField("status", "status", "Event status: " + ", ".join(STATUSES) + "; several mean any of them.",
                "--status"),
    FilterField("date_from", "date", "Events on or after this date (YYYY-MM-DD).", "--since"),
    FilterField("date_to", "date", "Events on or before this date (YYYY-MM-DD), not before the start date.",
                "--until"),
    FilterField("place", "text", "Place name contains this.", "--place"),
    FilterField("country", "country", "Country (ISO alpha-3) where the event took place.", "--country"),
    FilterField("outlet", "text", "Reported by an outlet whose name contains this.", "--outlet"),
    FilterField("text", "text", "An evidence sentence contains this.", "--text"),
    FilterField("article_id", "id", "Events reported in this article (id).", "--article"),
    FilterField("actor_id", "id", "Events with this store actor id as actor or recipient (a network node)."),
    FilterField("source_id", "id", "Events with this store actor id as actor (one side of a dyad)."),
    FilterField("target_id", "id", "Events with this store actor id as recipient (the other side)."),
    FilterField("min_confidence", "confidence", "Lowest confidence, 0 to 1.", "--min-confidence"),
)  # fmt: skip


def country_code(label: str, value: str) -> str:
    """A country filter must be a code: "MEX", not "Mexico" (which would silently match nothing)."""
    code = value.strip().upper()
    looks_like = len(code) == 3 and code.isascii() and code.isalpha()
    if looks_like and (code in PLOVER_CODES or pycountry.countries.get(alpha_3=code)):
        return code
    hint = ""
    with contextlib.suppress(LookupError):
        hint = f" (did you mean {pycountry.countries.lookup(value.strip()).alpha_3}?)"
    raise ConfigError(
        f"{label} {value!r} is not a country code: give an ISO 3166 alpha-3 code such as MEX{hint}, "
        "or a PLOVER code (IGO, UNO, EUR, NGO, IMG, MNC)"
    )


def _text(label: str, value: object) -> str | None:
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ConfigError(f"{label} is longer than {MAX_TEXT} characters")
    if "\x00" in text:
        raise ConfigError(f"{label} contains a NUL character")
    return text or None


def _date(label: str, value: object) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ConfigError(f"{label} must be a date such as 2023-11-15, got {value!r}")


def _confidence(label: str, value: object) -> float:
    number = float(value) if isinstance(value, int | float) else None
    if number is None and _NUMBER.fullmatch(str(value).strip()):
        number = float(str(value).strip())
    if number is None or not 0.0 <= number <= 1.0:
        raise ConfigError(f"{label} must be a number from 0 to 1, got {value!r}")
    return number


def _one_of(label: str, value: object, kind: Kind) -> str | int:
    text = str(value).strip()
    if kind == "category":
        if text.upper() not in PLOVER_EVENT_TYPES:
            raise ConfigError(f"{label} {value!r} is not a PLOVER category: use one of "
                              f"{', '.join(PLOVER_EVENT_TYPES)}")  # fmt: skip
        return text.upper()
    if kind == "quad":
        if text not in ("1", "2", "3", "4"):
            raise ConfigError(f"{label} must be 1, 2, 3 or 4, got {value!r}")
        return int(text)
    if text.lower() not in STATUSES:
        raise ConfigError(f"{label} {value!r} is not a status: use one of {', '.join(STATUSES)}")
    return text.lower()


def build_filter(
    values: Mapping[str, object | Sequence[object] | None], label: Callable[[FilterField], str]
) -> EventFilter:
    """The :class:`EventFilter` for ``values`` (by field name; absent or None: unset), checked.

    List kinds take a sequence of values (each may be comma-separated text); the others one
    value. Text is trimmed, bounded and NUL-free; codes are upper-cased; an empty text is unset.
    """
    out: dict[str, object] = {}
    for spec in FILTER_FIELDS:
        value = values.get(spec.name)
        if value is None:
            continue
        name = label(spec)
        if spec.kind in LIST_KINDS:
            raw = [value] if isinstance(value, str | int) else list(value)  # type: ignore[arg-type]
            items = [p.strip() for v in raw for p in str(v).split(",") if p.strip()]
            if len(items) > MAX_LIST:
                raise ConfigError(f"{name} has more than {MAX_LIST} values")
            out[spec.name] = tuple(dict.fromkeys(_one_of(name, item, spec.kind) for item in items))
        elif spec.kind == "date":
            out[spec.name] = _date(name, value)
        elif spec.kind == "confidence":
            out[spec.name] = _confidence(name, value)
        else:
            text = _text(name, value)
            if text is None:
                continue
            if spec.kind == "country":
                text = country_code(name, text)
            elif spec.kind == "sector":
                text = text.upper()
            out[spec.name] = text
    df, dt = out.get("date_from"), out.get("date_to")
    if isinstance(df, date) and isinstance(dt, date) and df > dt:
        since, until = (label(f) for f in FILTER_FIELDS if f.kind == "date")
        raise ConfigError(f"{since} {df} is after {until} {dt}: no event can match")
    return EventFilter(**out)  # type: ignore[arg-type]
