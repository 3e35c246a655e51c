"""The read endpoints of the HTTP API: events, actors, network, timeline, map, articles, stats.

Each handler checks its parameters (:mod:`.params`), makes one store call through
:class:`~.access.StoreAccess` and returns the store's typed record as JSON. Lookups of a single
thing (an event, an article, an actor) answer 404 in the shared error shape when it is missing.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import StoreError
from ..store import EventStore, Network
from ..store import explore as _explore
from .access import StoreAccess
from .errors import NotFound
from .geo import map_summary
from .params import FILTER_PARAMS, check_known, choice, event_filter, int_param, page

__all__ = [
    "actor_detail",
    "actors",
    "article",
    "event",
    "events",
    "health",
    "map_view",
    "network",
    "stats",
    "timeline",
    "trim_network",
    "MAX_NODES",
]

_FILTERS = frozenset(FILTER_PARAMS)
_PAGED = _FILTERS | {"limit", "offset"}
#: Most nodes the network endpoint returns; the explorer asks for far fewer.
MAX_NODES = 2000


def _access(request: Request) -> StoreAccess:
    return request.app.state.access  # type: ignore[no-any-return]


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


async def _lookup(request: Request, what: str, key: str, fn: Any) -> Any:
    """A single-item store lookup: the store's "no event with id ..." becomes a 404."""
    try:
        return await _access(request).call(fn)
    except StoreError as err:
        if err.message.startswith(f"no {what} with id"):
            raise NotFound(f"no {what} with id {key!r}") from None
        raise


async def health(request: Request) -> Response:
    check_known(request.query_params, set())
    try:
        ver = version("dotterel")
    except PackageNotFoundError:  # running from a source tree without installing
        ver = "unknown"
    return _json({"status": "ok", "version": ver, "writable": request.app.state.writes_enabled})


async def events(request: Request) -> Response:
    params = request.query_params
    check_known(params, _PAGED | {"sort", "order"})
    filters = event_filter(params)
    pg = page(params)
    sort = choice(params, "sort", tuple(_explore.SORTS), "date")
    descending = choice(params, "order", ("asc", "desc"), "desc") == "desc"
    if sort == "date" and descending:
        result = await _access(request).call(
            lambda s: s.query_events(filters, limit=pg.limit, offset=pg.offset)
        )
    else:
        result = await _access(request).call(
            lambda s: _explore.sorted_events(
                s.con, filters, sort=sort, descending=descending, limit=pg.limit, offset=pg.offset
            )
        )
    body = result.to_dict()
    body["items"] = body.pop("events")
    nxt = pg.offset + len(result.events)
    body["next_offset"] = nxt if nxt < result.total else None
    return _json(body)


async def event(request: Request) -> Response:
    check_known(request.query_params, set())
    event_id = request.path_params["event_id"]
    detail = await _lookup(request, "event", event_id, lambda s: s.get_event(event_id))
    return _json(detail.to_dict())


async def article(request: Request) -> Response:
    check_known(request.query_params, set())
    article_id = request.path_params["article_id"]
    detail = await _lookup(request, "article", article_id, lambda s: s.get_article(article_id))
    return _json(detail.to_dict())


async def actors(request: Request) -> Response:
    params = request.query_params
    check_known(params, _PAGED)
    filters = event_filter(params)
    pg = page(params)
    result = await _access(request).call(
        lambda s: _explore.top_actors(s.con, filters, limit=pg.limit, offset=pg.offset)
    )
    return _json({"limit": pg.limit, "offset": pg.offset, "items": [a.to_dict() for a in result]})


async def actor_detail(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS)
    filters = event_filter(params)
    actor_id = request.path_params["actor_id"]
    detail = await _lookup(
        request, "actor", actor_id, lambda s: _explore.actor_page(s.con, actor_id, filters)
    )
    return _json(detail.to_dict())


def trim_network(net: Network, max_nodes: int) -> dict[str, Any]:
    """The ``max_nodes`` busiest actors and the edges among them, each edge with its main quad."""
    nodes = sorted(net.nodes, key=lambda n: (-n.num_events, n.id))[:max_nodes]
    keep = {n.id for n in nodes}
    edges = []
    for e in net.edges:
        if e.source in keep and e.target in keep:
            item = e.to_dict()
            item["quad"] = (
                max(e.weights.items(), key=lambda kv: (kv[1], -int(kv[0])))[0] if e.weights else None
            )
            edges.append(item)
    return {
        "nodes": [n.to_dict() for n in nodes],
        "edges": edges,
        "total_nodes": len(net.nodes),
        "total_edges": len(net.edges),
    }


async def network(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS | {"min_weight", "max_nodes"})
    filters = event_filter(params)
    min_weight = int_param(params, "min_weight", 1, 1, 1_000_000)
    max_nodes = int_param(params, "max_nodes", 100, 1, MAX_NODES)

    def run(store: EventStore) -> dict[str, Any]:
        return _explore.top_network(store.con, filters, max_nodes=max_nodes, min_weight=min_weight).to_dict()

    return _json(await _access(request).call(run))


async def timeline(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS | {"interval", "by"})
    filters = event_filter(params)
    interval = choice(params, "interval", ("day", "week", "month"), "day")
    by = choice(params, "by", ("category", "quad"), "category")
    points = await _access(request).call(
        lambda s: s.timeline(filters, interval=interval, by=by)  # type: ignore[arg-type]
    )
    return _json({"interval": interval, "by": by, "buckets": [p.to_dict() for p in points]})


async def map_view(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS)
    filters = event_filter(params)
    summary = await _access(request).call(lambda s: map_summary(s, filters))
    return _json(summary.to_dict())


async def stats(request: Request) -> Response:
    check_known(request.query_params, set())
    result = await _access(request).call(lambda s: s.stats())
    return _json(result.to_dict())
