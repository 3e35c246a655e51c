"""Every error the HTTP API sends has one JSON shape (issue #7; the datasette habit).

    {"error": {"status": <the HTTP status>, "code": "E6xx" or the DotterelError's code, "message": "..."}}

Each case below reaches a different place that can fail: routing, parameter checks, a lookup,
auth, body limits, the host guard and an unexpected exception inside a handler.
"""

from __future__ import annotations

import re

import pytest

from dotterel.errors import ConfigError
from dotterel.server import create_app
from dotterel.store import EventStore
from tests.browser.support import InProcessClient, build_store


@pytest.fixture(scope="module")
def store():
    s = build_store(articles=3, hostile=False)
    yield s
    s.close()


@pytest.fixture(scope="module")
def api(store):
    return InProcessClient(create_app(store))


@pytest.fixture(scope="module")
def writable_api(store):
    return InProcessClient(create_app(store, token="s3cret"))


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    err = body["error"]
    assert set(err) == {"status", "code", "message"}
    assert err["status"] == status
    assert re.fullmatch(r"E\d{3}", err["code"])
    if code is not None:
        assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"] and "\n" not in err["message"]
    return err


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("GET", "/no/such/page", 404, "E604"),
        ("GET", "/static/dist/no-such-file.js", 404, "E604"),
        ("GET", "/static/dist/%2e%2e/%2e%2e/app.py", 404, "E604"),
        ("GET", "/api/events/no-such-event", 404, "E604"),
        ("GET", "/api/articles/no-such-article", 404, "E604"),
        ("GET", "/api/actors/no-such-actor", 404, "E604"),
        ("DELETE", "/api/events", 405, "E605"),
        ("GET", "/api/events?limit=0", 400, "E601"),
        ("GET", "/api/events?limit=501", 400, "E601"),
        ("GET", "/api/events?limit=ten", 400, "E601"),
        ("GET", "/api/events?offset=-1", 400, "E601"),
        ("GET", "/api/events?actr=hamas", 400, "E601"),
        ("GET", "/api/events?date_from=yesterday", 400, "E601"),
        ("GET", "/api/events?date_from=2023-12-01&date_to=2023-11-01", 400, "E601"),
        ("GET", "/api/events?event_type=BOMB", 400, "E601"),
        ("GET", "/api/events?quad_code=5", 400, "E601"),
        ("GET", "/api/events?min_confidence=2", 400, "E601"),
        ("GET", "/api/events?actor=" + "x" * 201, 400, "E601"),
        ("GET", "/api/timeline?interval=year", 400, "E601"),
        ("GET", "/api/network?max_nodes=100000", 400, "E601"),
        ("GET", "/api/export?format=xlsx", 400, "E601"),
        ("POST", "/api/articles", 403, "E603"),
    ],
)
def test_error_shape(api, method, url, status, code):
    assert_error_shape(api.request(method, url), status, code)


def test_unknown_id_is_named_in_the_message(api):
    err = assert_error_shape(api.get("/api/events/abc%27%3B%20DROP%20TABLE%20events"), 404)
    assert "abc'; DROP TABLE events" in err["message"]
    assert api.get("/api/events", params={"limit": 1}).json()["total"] > 0  # still there


def test_missing_and_wrong_tokens_are_401_with_a_challenge(writable_api):
    missing = writable_api.post("/api/articles", json={"text": "x"})
    assert_error_shape(missing, 401, "E602")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = writable_api.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer nope"})
    assert_error_shape(wrong, 401, "E602")


def test_body_limits_and_media_types(writable_api):
    auth = {"Authorization": "Bearer s3cret"}
    big = writable_api.post("/api/articles", content=b"x" * (2 * 1024 * 1024 + 1), headers=auth)
    assert_error_shape(big, 413, "E606")
    form = writable_api.post("/api/articles", data={"text": "hello"}, headers=auth)
    assert_error_shape(form, 415, "E607")
    not_json = writable_api.post(
        "/api/articles", content=b"{oops", headers={**auth, "Content-Type": "application/json"}
    )
    assert_error_shape(not_json, 400, "E601")
    no_text = writable_api.post("/api/articles", json={"title": "no text"}, headers=auth)
    err = assert_error_shape(no_text, 400, "E601")
    assert "text" in err["message"]


def test_a_foreign_host_header_is_refused(store):
    """DNS rebinding: a page on evil.example must not read a server bound to 127.0.0.1."""
    foreign = InProcessClient(create_app(store), host="evil.example")
    assert_error_shape(foreign.get("/api/events"), 400, "E601")
    for local in ("localhost", "127.0.0.1:8000", "[::1]:8000"):
        assert InProcessClient(create_app(store), host=local).get("/api/health").status_code == 200
    # `--host 0.0.0.0` serves any name the machine is reached by
    anywhere = InProcessClient(create_app(store, allowed_hosts=None), host="evil.example")
    assert anywhere.get("/api/health").status_code == 200


def test_an_unexpected_failure_is_a_500_without_internals(tmp_path):
    broken = build_store(tmp_path / "s.duckdb", articles=1, hostile=False)
    api = InProcessClient(create_app(broken))
    broken.con.close()  # the connection dies under the server: a real failure, not a mock
    err = assert_error_shape(api.get("/api/events"), 500, "E600")
    assert "duckdb" not in err["message"].lower() and "Traceback" not in err["message"]


def test_dotterel_errors_keep_their_own_code(store):
    """A DotterelError keeps its own code (here E202, a missing model) inside the same shape."""
    from dotterel.pipeline import Pipeline, PipelineConfig

    api = InProcessClient(
        create_app(store, token="t", pipeline_factory=lambda: Pipeline(PipelineConfig(model="no_such_model")))
    )
    response = api.post(
        "/api/articles", json={"text": "Hamas attacked Israel."}, headers={"Authorization": "Bearer t"}
    )
    assert_error_shape(response, 503, "E202")


def test_a_token_needs_a_writable_store(tmp_path):
    path = tmp_path / "s.duckdb"
    build_store(path, articles=1, hostile=False).close()
    with EventStore(path, read_only=True) as ro, pytest.raises(ConfigError, match="read-write"):
        create_app(ro, token="t")
