"""The explorer's own read endpoints: header counts, filter values and the dyad table.

``/api/counts`` answers "how many events match, and how many of them have no date or no place"
so the header can follow the filters and say what the timeline and the map leave out;
``/api/facets`` lists the values the filter boxes offer; ``/api/dyads`` is the actor ×
recipient table with events per quad class. All three are one store call each
(:mod:`dotterel.store.explore`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..store import explore as _explore
from .params import FILTER_PARAMS, check_known, event_filter, page

__all__ = ["counts", "dyads", "facets"]

_FILTERS = frozenset(FILTER_PARAMS)


async def counts(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS)
    filters = event_filter(params)
    result = await request.app.state.access.call(lambda s: _explore.counts(s.con, filters))
    return JSONResponse(result.to_dict())


async def facets(request: Request) -> Response:
    check_known(request.query_params, set())
    return JSONResponse(await request.app.state.access.call(lambda s: _explore.facets(s.con)))


async def dyads(request: Request) -> Response:
    params = request.query_params
    check_known(params, _FILTERS | {"limit", "offset"})
    filters = event_filter(params)
    pg = page(params)
    total, rows = await request.app.state.access.call(
        lambda s: _explore.dyads(s.con, filters, limit=pg.limit, offset=pg.offset)
    )
    return JSONResponse(
        {"total": total, "limit": pg.limit, "offset": pg.offset, "items": [r.to_dict() for r in rows]}
    )
