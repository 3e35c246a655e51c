"""The ASGI application: API routes, the explorer's files, security headers, one error shape.

:func:`create_app` takes an open :class:`~dotterel.store.EventStore` (so tests hand in a small
real one) and returns a Starlette app. ``dotterel serve`` wraps it in uvicorn.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BadRequest, ConfigError, DotterelError, ExplorerNotBuilt
from ..pipeline import Pipeline
from ..store import EXPORT_FORMATS, EventStore
from . import explore_routes, routes
from .access import StoreAccess
from .errors import CatchAllMiddleware, handle_exception, starlette_handler
from .exports import export
from .openapi import openapi_spec
from .writes import post_articles

__all__ = [
    "LOCAL_HOSTS",
    "SECURITY_HEADERS",
    "create_app",
    "dist_dir",
    "Endpoint",
    "GuardMiddleware",
    "cached",
]

Endpoint = Callable[[Request], Awaitable[Response]]

#: Host names a local server answers to; anything else is refused (DNS-rebinding defence).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

#: Sent with every response. The explorer's scripts come only from this server; styles may be
#: inline because the chart and map libraries set them; article text never becomes markup.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def dist_dir() -> Path:
    """Where ``web/build.mjs`` puts the built explorer (inside the package, git-ignored)."""
    return Path(str(resources.files("dotterel") / "server" / "static" / "dist"))


#: A Host header: a name or a bracketed IPv6 address, then an optional port; nothing else.
_HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?")


class GuardMiddleware:
    """Host check and security headers for every response.

    A server on 127.0.0.1 can still be reached by a web page through DNS rebinding; refusing
    Host headers other than the ones it was bound for stops that. ``allowed_hosts=None`` (a
    server bound to all interfaces) accepts any host.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
            await send(message)

        if self.allowed_hosts is not None:
            hosts = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"]
            host = hosts[0] if len(hosts) == 1 else ""  # two Host headers: no host at all
            match = _HOST.fullmatch(host)  # "localhost:80@evil.com" is no host name (issue 17)
            name = match["name"] if match else ""
            if name.lower() not in self.allowed_hosts:
                response = handle_exception(
                    BadRequest(f"host {host!r} is not served here (DNS-rebinding guard)")
                )
                await response(scope, receive, with_headers)
                return
        await self.app(scope, receive, with_headers)


def cached(handler: Endpoint) -> Endpoint:
    """Serve a read endpoint's JSON from the store's response cache when it has one."""

    async def endpoint(request: Request) -> Response:
        cache = request.app.state.access.cache
        if cache is None:
            return await handler(request)
        key = f"{request.url.path}?{request.url.query}"
        body = cache.get(key)
        if body is not None:
            return Response(body, media_type="application/json")
        response = await handler(request)
        if response.status_code == 200 and isinstance(response, JSONResponse):
            cache.put(key, bytes(response.body))
        return response

    return endpoint


async def _index(request: Request) -> Response:
    index = dist_dir() / "index.html"
    if not index.is_file():
        return handle_exception(
            ExplorerNotBuilt("the web explorer is not built: run `make setup` (npm ci and the build in web/)")
        )
    return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


def create_app(
    store: EventStore,
    *,
    token: str | None = None,
    allowed_hosts: set[str] | frozenset[str] | None = LOCAL_HOSTS,
    pipeline_factory: Any = Pipeline,
    cache: bool = True,
) -> Starlette:
    """The HTTP API and explorer over ``store``.

    ``token`` switches writing on (POST /api/articles with ``Authorization: Bearer <token>``);
    the store must then be open read-write. ``allowed_hosts=None`` accepts any Host header.
    ``cache=False`` answers every read from the store even when it is read-only (benchmarks).
    """
    if token and store.read_only:
        raise ConfigError("a token switches writing on, so the store must be opened read-write")
    spec = openapi_spec(EXPORT_FORMATS)

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    dist = dist_dir()
    app_routes = [
        Route("/", _index, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/api/health", routes.health, methods=["GET"]),
        Route("/api/stats", cached(routes.stats), methods=["GET"]),
        Route("/api/events", cached(routes.events), methods=["GET"]),
        Route("/api/events/{event_id:path}", cached(routes.event), methods=["GET"]),
        Route("/api/actors", cached(routes.actors), methods=["GET"]),
        Route("/api/actors/{actor_id:path}", cached(routes.actor_detail), methods=["GET"]),
        Route("/api/network", cached(routes.network), methods=["GET"]),
        Route("/api/timeline", cached(routes.timeline), methods=["GET"]),
        Route("/api/map", cached(routes.map_view), methods=["GET"]),
        Route("/api/counts", cached(explore_routes.counts), methods=["GET"]),
        Route("/api/facets", cached(explore_routes.facets), methods=["GET"]),
        Route("/api/dyads", cached(explore_routes.dyads), methods=["GET"]),
        Route("/api/articles", post_articles, methods=["POST"]),
        Route("/api/articles/{article_id:path}", cached(routes.article), methods=["GET"]),
        Route("/api/export", export, methods=["GET"]),
        Mount("/static/dist", app=StaticFiles(directory=dist, check_dir=False), name="dist"),
    ]
    app = Starlette(
        routes=app_routes,
        middleware=[
            Middleware(GuardMiddleware, allowed_hosts=frozenset(allowed_hosts) if allowed_hosts else None),
            Middleware(CatchAllMiddleware),
        ],
        exception_handlers={HTTPException: starlette_handler, DotterelError: starlette_handler},
    )
    app.state.access = StoreAccess(store, pipeline_factory, cache=cache)
    app.state.token = token or None
    app.state.writes_enabled = bool(token) and not store.read_only
    return app
