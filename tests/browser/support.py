"""Helpers shared by the API tests and the browser tests: a small real store and an in-process client.

:class:`InProcessClient` sends requests through ``httpx.ASGITransport`` (no socket, no server
thread), one event loop per request, so tests stay plain synchronous functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx
from starlette.types import ASGIApp

from dotterel.store import EventStore

from .synthetic import hostile_article, synthetic_articles

__all__ = ["InProcessClient", "build_store"]


def build_store(path: str | Path = ":memory:", *, articles: int = 30, hostile: bool = True) -> EventStore:
    """A read-write store holding ``articles`` synthetic articles (5 events each) and the hostile one."""
    store = EventStore(path)
    for article, events in synthetic_articles(articles):
        store.add_article(article, events)
    if hostile:
        store.add_article(*hostile_article())
    return store


class InProcessClient:
    """``client.get("/api/events")`` against an ASGI app, in-process."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1") -> None:
        self.app = app
        self.base_url = f"http://{host}"

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url=self.base_url) as client:
                return await client.request(method, url, **kwargs)

        return anyio.run(send)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)
