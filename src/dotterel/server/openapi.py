"""The API's OpenAPI 3.1 description, served at ``/openapi.json``.

Written out rather than generated, so it documents what the handlers really check: the filter
parameters and their schemas come from :data:`~dotterel.store.filters.FILTER_FIELDS`,
the one definition the CLI's ``events`` options use too, and
``tests/test_api_openapi.py`` fails when a route is missing here or a documented one is gone.
"""

from __future__ import annotations

from typing import Any

import pycountry

from ..reading import MAX_ARTICLE_CHARS, MAX_ID_CHARS
from ..records import PLOVER_EVENT_TYPES, STATUSES
from ..store.explore import SORTS
from ..store.filters import FILTER_FIELDS, LIST_KINDS, MAX_LIST, MAX_TEXT, PLOVER_CODES
from .exports import MAX_EXPORT_ROWS
from .params import MAX_LIMIT, MAX_OFFSET
from .routes import MAX_NODES
from .writes import MAX_ARTICLES, MAX_BODY_BYTES

__all__ = ["openapi_spec"]

_NO_NUL = "^[^\\x00]*$"
#: Each filter kind's parameter schema; lists are comma-separated (``event_type=ASSAULT,PROTEST``).
_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "maxLength": MAX_TEXT, "pattern": _NO_NUL},
    "id": {"type": "string", "maxLength": MAX_TEXT, "pattern": _NO_NUL},
    "sector": {"type": "string", "maxLength": MAX_TEXT, "pattern": _NO_NUL},
    "country": {"$ref": "#/components/schemas/CountryCode"},
    "category": {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_LIST,
        "items": {"type": "string", "enum": list(PLOVER_EVENT_TYPES)},
    },
    "quad": {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_LIST,
        "items": {"type": "integer", "enum": [1, 2, 3, 4]},
    },
    "status": {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_LIST,
        "items": {"type": "string", "enum": list(STATUSES)},
    },
    "date": {"type": "string", "format": "date"},
    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
}


def _country_codes() -> list[str]:
    """Every code a country filter accepts: ISO 3166 alpha-3 and PLOVER's codes."""
    return sorted({c.alpha_3 for c in pycountry.countries} | PLOVER_CODES)


def _param(
    name: str, description: str, *, schema: dict[str, Any] | None = None, where: str = "query"
) -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _filters() -> list[dict[str, Any]]:
    out = []
    for spec in FILTER_FIELDS:
        param = _param(spec.name, spec.help, schema=_KIND_SCHEMAS[spec.kind])
        if spec.kind in LIST_KINDS:
            param.update(style="form", explode=False)
        out.append(param)
    return out


_PAGE = [
    _param(
        "limit",
        f"page size, 1..{MAX_LIMIT} (default 50)",
        schema={"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
    ),
    _param("offset", "rows to skip", schema={"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
]

_SORT = [
    _param("sort", "order by this column (default date)", schema={"enum": list(SORTS)}),
    _param("order", "desc (default) or asc", schema={"enum": ["asc", "desc"]}),
]

_ERROR = {"$ref": "#/components/responses/Error"}
_TEXT = {"type": ["string", "null"]}

#: One posted article: the fields of a JSONL input line (reading.py checks exactly these).
_ARTICLE: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "example": {
        "id": "kabul-2024-01-09",
        "text": "Police arrested 40 protesters in Kabul on Tuesday, officials said.",
        "published": "2024-01-10",
        "outlet": "Example Wire",
    },
    "properties": {
        "id": {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS, "pattern": "[^\\s]"},
                {"type": "integer"},
            ]
        },
        "text": {"type": "string", "minLength": 1, "maxLength": MAX_ARTICLE_CHARS, "pattern": "[^\\s]"},
        "title": _TEXT,
        "url": _TEXT,
        "outlet": _TEXT,
        "language": _TEXT,
        "published": {"type": ["string", "null"], "format": "date"},
    },
}

#: The answer to a POST: the summary, and what became of each article.
_POSTED: dict[str, Any] = {
    "type": "object",
    "required": ["summary", "article_ids", "articles"],
    "properties": {
        "summary": {"type": "object"},
        "article_ids": {"type": "array", "items": {"type": "string"}},
        "articles": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "status", "error"],
                "properties": {
                    "id": {"type": "string"},
                    "status": {"enum": ["stored", "duplicate", "already_stored", "failed"]},
                    "error": {"type": ["string", "null"]},
                },
            },
        },
        "error": {"$ref": "#/components/schemas/Error/properties/error"},
    },
}
_OBJ = {"type": "object"}


def _get(
    summary: str, params: list[dict[str, Any]], description: str = "", **responses: Any
) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "200": {"description": description or summary, "content": {"application/json": {"schema": _OBJ}}},
        "400": _ERROR,
    }
    answers.update(responses)
    return {"get": {"summary": summary, "parameters": params, "responses": answers}}


def openapi_spec(export_formats: tuple[str, ...]) -> dict[str, Any]:
    """The spec as a dict; ``export_formats`` are the store's (the CLI's) formats."""
    paths: dict[str, Any] = {
        "/api/health": _get("Server status: version, whether writing is on", []),
        "/api/stats": _get("Store totals: articles, duplicates, mentions, events, actors, places, dates", []),
        "/api/events": _get(
            "Events matching the filters, newest first (or by `sort`), one page at a time",
            _filters() + _PAGE + _SORT,
            "{total, limit, offset, next_offset, items: [event summary]}",
        ),
        "/api/events/{event_id}": _get(
            "One event with every mention that reports it and their evidence (full PLOVER records)",
            [_param("event_id", "event id", where="path")],
            **{"404": _ERROR},
        ),
        "/api/actors": _get("Actors in the matching events, most events first", _filters() + _PAGE),
        "/api/actors/{actor_id}": _get(
            "One actor's page: counts as actor and recipient, aliases seen, dyads (counts per quad class), "
            "event types and monthly timeline",
            [_param("actor_id", "store actor id", where="path"), *_filters()],
            **{"404": _ERROR},
        ),
        "/api/network": _get(
            "The busiest resolved actors (nodes, with counts and an `isolated` flag) and the "
            "actor → recipient edges among them, weighted per quad class",
            _filters()
            + [
                _param(
                    "min_weight",
                    "drop edges with fewer events",
                    schema={"type": "integer", "minimum": 1, "maximum": 1_000_000},
                ),
                _param(
                    "max_nodes",
                    f"keep the busiest actors, 1..{MAX_NODES} (default 100)",
                    schema={"type": "integer", "minimum": 1, "maximum": MAX_NODES},
                ),
            ],
        ),
        "/api/timeline": _get(
            "Event counts per period, by category or quad class",
            _filters()
            + [
                _param("interval", "day, week or month", schema={"enum": ["day", "week", "month"]}),
                _param("by", "category or quad", schema={"enum": ["category", "quad"]}),
            ],
        ),
        "/api/map": _get(
            "Events per country (with ISO numeric codes for world-atlas) and per geocoded place",
            _filters(),
        ),
        "/api/counts": _get(
            "How many events match, and how many of them are undated or unplaced",
            _filters(),
            "{events, undated, unplaced, articles, date_min, date_max}",
        ),
        "/api/facets": _get(
            "Values the filters offer, most frequent first: place and actor countries, sectors, outlets",
            [],
        ),
        "/api/dyads": _get(
            "Actor → recipient pairs of resolved actors with their events per quad class, busiest first",
            _filters() + _PAGE,
            "{total, limit, offset, items: [{source_id, source_name, target_id, target_name, "
            "counts, total}]}",
        ),
        "/api/articles/{article_id}": _get(
            "A stored article: its text and every span its events were read from",
            [_param("article_id", "article id", where="path")],
            **{"404": _ERROR},
        ),
        "/api/export": {
            "get": {
                "summary": "The matching events as a file, in the same formats as `dotterel events --format`",
                "parameters": [
                    _param(
                        "format", "one of " + ", ".join(export_formats), schema={"enum": list(export_formats)}
                    ),
                    _param("level", "events (default) or mentions", schema={"enum": ["events", "mentions"]}),
                    _param(
                        "limit",
                        "at most this many rows (default: all)",
                        schema={"type": "integer", "minimum": 1, "maximum": MAX_EXPORT_ROWS},
                    ),
                    _param(
                        "offset",
                        "rows to skip",
                        schema={"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                    ),
                    _param(
                        "header",
                        "true/false: add or drop the header row (default: none for the GDELT tables)",
                        schema={"enum": ["true", "false", "default"]},
                    ),
                    _param(
                        "all_events",
                        "true: the ACLED export keeps events ACLED would not record",
                        schema={"enum": ["true", "false"]},
                    ),
                    *_filters(),
                ],
                "responses": {"200": {"description": "the export file (attachment)"}, "400": _ERROR},
            }
        },
        "/api/articles": {
            "post": {
                "summary": "Code articles and store their events (needs the bearer token; off without one)",
                "security": [{"bearer": []}],
                "requestBody": {
                    "required": True,
                    "description": f"one article (JSON) or several (JSONL, at most {MAX_ARTICLES}), at most "
                    f"{MAX_BODY_BYTES} bytes",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Article"}},
                        "application/x-ndjson": {
                            "schema": {"type": "string", "description": "one Article object a line"}
                        },
                    },
                },
                "responses": {
                    "201": {
                        "description": "every article stored (or already stored)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Posted"}}},
                    },
                    "207": {
                        "description": "some articles could not be coded or stored; the others were: "
                        "`articles` says which, `error` how many failed",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Posted"}}},
                    },
                    "400": _ERROR,
                    "401": _ERROR,
                    "403": _ERROR,
                    "413": _ERROR,
                    "415": _ERROR,
                    "503": _ERROR,
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "dotterel API",
            "version": "1",
            "description": "Evidence-backed PLOVER event data from dotterel's store. "
            "Every error has the body "
            '{"error": {"status": 404, "code": "E604", "message": "..."}}.',
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "the one error shape",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "schemas": {
                "CountryCode": {"type": "string", "enum": _country_codes()},
                "Article": _ARTICLE,
                "Posted": _POSTED,
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string", "pattern": "^E[0-9]{3}$"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
            },
        },
    }
