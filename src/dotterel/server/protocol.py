"""The HTTP/1.1 protocol ``dotterel serve`` runs: uvicorn's h11 one, with dotterel's error shape.

A request h11 cannot parse (a request line or header block over h11's 16 KiB limit, two
``Host`` headers, bad syntax) never reaches the app: uvicorn answers it with a plain-text 400
and no security headers. Issue 17 asks that every answer have the one JSON error shape and
the headers of :data:`~.app.SECURITY_HEADERS`; this subclass writes that answer instead. The
connection is closed afterwards, as uvicorn does, since the stream can no longer be trusted
(after a short lingering close, so the client gets to read the answer).
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import BadRequest
from .app import SECURITY_HEADERS
from .errors import error_body

__all__ = ["LINGER_SECONDS", "MALFORMED_MESSAGE", "JSONErrorH11Protocol"]

#: How long a refused connection still reads (and drops) what the client sends before closing.
LINGER_SECONDS = 1.0

MALFORMED_MESSAGE = (
    "malformed HTTP request: a request line or headers over 16 KiB, several Host headers, or invalid syntax"
)


class JSONErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose own 400 answers carry the JSON error shape and security headers."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(error_body(400, BadRequest.code, MALFORMED_MESSAGE)).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
            *(
                (name.lower().encode("ascii"), value.encode("ascii"))
                for name, value in SECURITY_HEADERS.items()
            ),
        ]
        self.transport.write(
            self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request"))
        )
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        # A lingering close: closing at once with the client's request still unread makes the
        # kernel send a reset, which can destroy the answer before the client reads it (a
        # 140 KB request line). So stop writing, swallow what still arrives, close shortly after.
        self._refused = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if getattr(self, "_refused", False):
            return  # the rest of a refused request: read and dropped until the close
        super().data_received(data)
