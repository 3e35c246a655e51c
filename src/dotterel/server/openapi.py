"""The API's OpenAPI 3.1 description, served at ``/openapi.json``.

Written out rather than generated, so it documents what the handlers really check: the filter
parameters come from :data:`~.params.FILTER_PARAMS` (the store's ``EventFilter`` fields), and
``tests/test_api_openapi.py`` fails when a route is missing here or a documented one is gone.
"""

from __future__ import annotations

from typing import Any

from ..store.explore import SORTS
from .params import FILTER_PARAMS, MAX_LIMIT, MAX_OFFSET
from .routes import MAX_NODES
from .writes import MAX_BODY_BYTES

__all__ = ["openapi_spec"]

_FILTER_DOCS: dict[str, str] = {
    "actor": "actor name or surface text contains this (case-insensitive), or any actor's country code is "
    "this (MEX)",
    "actor_country": "ISO alpha-3 or PLOVER IGO code of any actor",
    "actor_sector": "PLOVER sector code of any actor (GOV, MIL, REB ...)",
    "recipient": "recipient name or surface text contains this, or any recipient's country code is this",
    "recipient_country": "ISO alpha-3 or PLOVER IGO code of any recipient",
    "recipient_sector": "PLOVER sector code of any recipient",
    "event_type": "PLOVER categories, comma-separated (ASSAULT,PROTEST)",
    "quad_code": "quad classes, comma-separated: 1 verbal coop, 2 material coop, 3 verbal conflict, "
    "4 material conflict",
    "status": "asserted, negated, hypothetical, future, historical (comma-separated)",
    "date_from": "first event date, inclusive (YYYY-MM-DD)",
    "date_to": "last event date, inclusive (YYYY-MM-DD)",
    "place": "place name contains this",
    "country": "ISO alpha-3 country of the event's place",
    "outlet": "an outlet that reported the event (substring)",
    "text": "the evidence sentence of any mention contains this",
    "article_id": "events with a mention in this article",
    "actor_id": "events with this store actor id as actor or recipient (the network's node id)",
    "source_id": "events with this store actor id as actor (one side of a dyad)",
    "target_id": "events with this store actor id as recipient (the other side of a dyad)",
    "min_confidence": "lowest confidence, 0..1",
}


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
    return [_param(name, _FILTER_DOCS.get(name, name)) for name in FILTER_PARAMS]


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
                    "min_weight", "drop edges with fewer events", schema={"type": "integer", "minimum": 1}
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
                        schema={"type": "integer", "minimum": 1},
                    ),
                    _param("offset", "rows to skip", schema={"type": "integer", "minimum": 0}),
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
                    "description": f"one article (JSON) or several (JSONL), at most {MAX_BODY_BYTES} bytes; "
                    "fields: id, text, title, url, outlet, published, language",
                    "content": {
                        "application/json": {"schema": _OBJ},
                        "application/x-ndjson": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "201": {"description": "{summary: ingest summary, article_ids}"},
                    "400": _ERROR,
                    "401": _ERROR,
                    "403": _ERROR,
                    "413": _ERROR,
                    "415": _ERROR,
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
                }
            },
        },
    }
