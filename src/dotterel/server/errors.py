"""The one place where the HTTP API turns an exception into a response.

Every error the server sends, whatever raised it (a bad query parameter, an unknown event id, a
missing token, an unknown route, a broken store, a bug), has the same JSON body::

    {"error": {"status": 404, "code": "E604", "message": "no event with id 'x'"}}

``status`` repeats the HTTP status so a client that only kept the body still knows it; ``code``
is dotterel's error code (``E6xx`` for request problems, the ``DotterelError``'s own code for an
input or store problem), so the same failure reads the same on the command line and over HTTP.
``tests/test_api_errors.py`` pins this shape (the datasette habit).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import (
    BadRequest,
    ConfigError,
    DotterelError,
    ExplorerNotBuilt,
    ExtractionError,
    Forbidden,
    InputError,
    MethodNotAllowed,
    ModelError,
    NotFound,
    PayloadTooLarge,
    RequestError,
    StoreError,
    StoreLockedError,
    Unauthorized,
    UnsupportedMediaType,
)

__all__ = [
    "BadRequest",
    "ExplorerNotBuilt",
    "Forbidden",
    "NotFound",
    "PayloadTooLarge",
    "Unauthorized",
    "UnsupportedMediaType",
    "CatchAllMiddleware",
    "error_body",
    "error_response",
    "handle_exception",
    "log",
    "starlette_handler",
]

log = logging.getLogger("dotterel.server")


#: HTTP errors raised by Starlette itself (routing), by status: dotterel's class and message.
_HTTP_CODES: dict[int, tuple[type[RequestError], str]] = {
    400: (BadRequest, "bad request"),
    401: (Unauthorized, "authentication required"),
    403: (Forbidden, "forbidden"),
    404: (NotFound, "no such endpoint: see /openapi.json for the API"),
    405: (MethodNotAllowed, "method not allowed on this endpoint: see /openapi.json"),
    413: (PayloadTooLarge, "request body too large"),
    415: (UnsupportedMediaType, "unsupported media type"),
}

#: Status of each DotterelError that is not a RequestError (which carries its own).
_STATUS: list[tuple[type[DotterelError], int]] = [
    (InputError, 400),  # a posted article that cannot be read
    (StoreLockedError, 503),  # another process writes the store: try again later
    (ModelError, 503),
    (StoreError, 500),
    (ExtractionError, 500),
    (ConfigError, 500),
]


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def _dotterel_status(exc: DotterelError) -> int:
    if isinstance(exc, RequestError):
        return exc.status
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def handle_exception(exc: BaseException) -> JSONResponse:
    """The response for any exception; unexpected ones are logged and answered without details."""
    if isinstance(exc, DotterelError):
        status = _dotterel_status(exc)
        where = exc.where
        text = " ".join(exc.message.split())
        message = f"{where}: {text}" if where else text
        headers = {"WWW-Authenticate": 'Bearer realm="dotterel"'} if status == 401 else None
        if status >= 500:
            log.error("request failed: %s", exc)
        return error_response(status, exc.code, message, headers)
    if isinstance(exc, HTTPException):
        cls, default = _HTTP_CODES.get(exc.status_code, (RequestError, "HTTP error"))
        code = cls.code
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in (404, 405) else default
        return error_response(exc.status_code, code, detail, dict(exc.headers or {}) or None)
    log.exception("unexpected error while serving a request", exc_info=exc)
    return error_response(
        500, RequestError.code, "internal server error (a bug: the server log has the details)"
    )


async def starlette_handler(request: Request, exc: Exception) -> Response:
    """Starlette's exception-handler signature around :func:`handle_exception`."""
    return handle_exception(exc)


class CatchAllMiddleware:
    """Turns any exception that escaped the routes into the JSON error shape.

    Starlette's own server-error handler re-raises after answering; this one answers and stops,
    so a bug in one request costs that request a 500 and nothing else.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:  # too late for a clean error: the client sees a cut-off response
                log.exception("error after the response started", exc_info=exc)
                return
            await handle_exception(exc)(scope, receive, send)
