"""The OpenAPI spec and the docs cover every route the server has (issue #7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Route

from dotterel.server import create_app
from dotterel.server.params import FILTER_PARAMS
from dotterel.store import EXPORT_FORMATS, EventStore
from tests.browser.support import InProcessClient

DOCS = Path(__file__).resolve().parent.parent / "docs" / "explorer.md"


@pytest.fixture(scope="module")
def app():
    store = EventStore(":memory:")
    yield create_app(store)
    store.close()


def _api_routes(app) -> set[tuple[str, str]]:
    out = set()
    for route in app.routes:
        if isinstance(route, Route) and route.path.startswith("/api"):
            path = re.sub(r"\{(\w+):path\}", r"{\1}", route.path)
            for method in route.methods or ():
                if method != "HEAD":
                    out.add((method.lower(), path))
    return out


def test_every_api_route_is_in_the_spec_and_nothing_else(app):
    spec = InProcessClient(app).get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    documented = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert documented == _api_routes(app)


def test_spec_lists_every_filter_and_export_format(app):
    spec = InProcessClient(app).get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert set(FILTER_PARAMS) | {"limit", "offset", "sort", "order"} == params
    formats = next(p for p in spec["paths"]["/api/export"]["get"]["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == list(EXPORT_FORMATS)
    error = spec["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["status", "code", "message"]


def test_docs_describe_every_route(app):
    text = DOCS.read_text("utf-8")
    for method, path in sorted(_api_routes(app)):
        assert f"{method.upper()} {path}" in text, (
            f"docs/explorer.md does not document {method.upper()} {path}"
        )
