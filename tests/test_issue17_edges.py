"""Issue 17: the HTTP edges, exact parameter types, the one filter definition, lax gold input.

Every answer a client can get has the one JSON error shape and the security headers, even when
uvicorn (not the app) refuses the request; typed parameters refuse empty or malformed values;
``dotterel events`` and the API check filters with the same code; ``evaluate`` refuses gold
fields of the wrong type with one line.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.errors import ConfigError
from dotterel.server import create_app
from dotterel.server.app import SECURITY_HEADERS
from dotterel.server.openapi import openapi_spec
from dotterel.store import EXPORT_FORMATS, EventFilter, EventStore
from dotterel.store.filters import FILTER_FIELDS, build_filter
from tests.browser.server import serve
from tests.browser.support import InProcessClient, build_store
from tests.conftest import store_held_by_another_process

AUTH = {"Authorization": "Bearer edge-token"}


# --- uvicorn's own refusals, from a real `dotterel serve` -------------------------------------


def _raw(url: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes to the server; the status, headers (lower-case) and body of its answer."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("edges") / "s.duckdb"
    build_store(db, articles=2).close()
    with serve(db) as url:
        yield url


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nHost: evil.com\r\n\r\n",
                     id="two-hosts"),
        pytest.param(
            b"GET /api/events?actor=" + b"a" * 140_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
            id="140k-request-line",
        ),
        pytest.param(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"b" * 200_000 + b"\r\n\r\n",
                     id="200k-header"),
        pytest.param(b"GARBAGE\r\n\r\n", id="no-http"),
    ],
)  # fmt: skip
def test_issue17_malformed_requests_get_the_json_error_shape(server, request_bytes):
    status, headers, body = _raw(server, request_bytes)
    assert status == 400
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["code"] == "E601" and "malformed HTTP request" in error["message"]
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value


@pytest.mark.parametrize(
    "host", ["localhost:80@evil.com", "evil.com", "localhost.evil.com", "127.0.0.1:80 x"]
)
def test_issue17_real_server_refuses_foreign_hosts(server, host):
    request = f"GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    status, headers, body = _raw(server, request.encode())
    assert status == 400
    assert json.loads(body)["error"]["code"] == "E601"
    assert headers["x-frame-options"] == "DENY"


def test_issue17_real_server_still_answers_after_malformed_requests(server):
    status, _, body = _raw(
        server, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    assert status == 200 and json.loads(body)["status"] == "ok"


# --- the store lock names who can hold it -------------------------------------------------------


def test_issue17_lock_message_for_a_read_only_holder_does_not_say_writing(tmp_path):
    db = tmp_path / "s.duckdb"
    EventStore(db).close()
    with store_held_by_another_process(db, read_only=True) as proc:
        result = CliRunner().invoke(main, ["ingest", "-", "--db", str(db)], input='{"text": "x"}\n')
    assert result.exit_code == 1
    line = result.stderr
    assert line.startswith(f"Error: [E402] {db}: the store is locked by process {proc.pid} ")
    assert "`dotterel serve`" in line and "even read-only" in line and "writing to it" not in line
    assert line.count("\n") == 1


def test_issue17_lock_message_for_a_reader_blocked_by_a_writer(tmp_path):
    db = tmp_path / "s.duckdb"
    with store_held_by_another_process(db) as proc:
        result = CliRunner().invoke(main, ["events", "--db", str(db)])
    assert result.exit_code == 1
    assert f"locked by process {proc.pid} (an ingest or a server with writing on (--token))" in result.stderr


# --- POST bodies that no reader can turn into an article ---------------------------------------


@pytest.fixture
def writable():
    store = EventStore(":memory:")
    yield store, InProcessClient(create_app(store, token="edge-token"))
    store.close()


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b'{"id": "a", "text": "Police \\ud800 arrested"}', "application/json", "lone surrogate (U+D800)"),
        (b'{"id": "a", "text": "ok", "title": "\\udfff"}', "application/json",
         "'title' contains a lone surrogate"),
        (b'{"id": "a", "text": "Police \\ud800 arrested"}', "application/x-ndjson",
         "lone surrogate (U+D800)"),
        (b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", "application/json", "nested too deeply"),
        (b"[" * 1000 + b"]" * 1000, "application/json", "nested too deeply"),
        (b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", "application/x-ndjson", "nested too deeply"),
        (b'{"text": ' + b"{\"a\": " * 100_000 + b"1" + b"}" * 100_000 + b"}", "application/json",
         "nested too deeply"),
    ],
)  # fmt: skip
def test_issue17_post_of_surrogates_or_deep_json_is_a_400_and_stores_nothing(
    writable, body, content_type, message
):
    store, api = writable
    response = api.post("/api/articles", content=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    error = response.json()["error"]
    assert error["code"] == "E601" and message in error["message"]
    assert store.stats().articles == 0
    assert store.con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


# --- exact parameter types ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api():
    store = build_store(articles=5)
    yield InProcessClient(create_app(store))
    store.close()


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        ("/api/network", "max_nodes=", "'max_nodes' is empty"),
        ("/api/network", "min_weight=", "'min_weight' is empty"),
        ("/api/network", "max_nodes=%EF%BC%95", "'max_nodes' must be an integer"),  # fullwidth 5
        ("/api/network", "max_nodes=1_0", "'max_nodes' must be an integer"),
        ("/api/events", "limit=", "'limit' is empty"),
        ("/api/events", "offset=%2B", "'offset' must be an integer"),
        ("/api/events", "sort=", "'sort' is empty"),
        ("/api/timeline", "interval=", "'interval' is empty"),
        ("/api/events", "min_confidence=", "'min_confidence' is empty"),
        ("/api/events", "min_confidence=nan", "'min_confidence' must be a number from 0 to 1"),
        ("/api/events", "min_confidence=%D9%A0.%D9%A5", "'min_confidence' must be a number"),  # Arabic digits
        ("/api/events", "min_confidence=1.5", "'min_confidence' must be a number from 0 to 1"),
        ("/api/events", "date_from=", "'date_from' is empty"),
        ("/api/events", "date_from=2023-W46-3", "'date_from' must be a date such as 2023-11-15"),
        ("/api/events", "date_to=20231115", "'date_to' must be a date"),
        ("/api/events", "event_type=", "'event_type' is empty"),
        ("/api/events", "event_type=,", "'event_type' is empty"),
        ("/api/events", "quad_code=", "'quad_code' is empty"),
        ("/api/events", "quad_code=5", "'quad_code' must be 1, 2, 3 or 4"),
        ("/api/events", "status=", "'status' is empty"),
        ("/api/events", "event_type=BOMBING", "'event_type' 'BOMBING' is not a PLOVER category"),
        ("/api/events", "actor_country=", "'actor_country' is empty"),
        ("/api/events", "actor_country=Mexico", "is not a country code"),
        ("/api/map", "country=ZZZ", "'country' 'ZZZ' is not a country code"),
        ("/api/export", "format=", "'format' is empty"),
        ("/api/export", "limit=0", "'limit' must be between 1 and"),
    ],
)
def test_issue17_empty_or_malformed_typed_parameters_are_400(api, path, query, message):
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == "E601"
    assert message in body["error"]["message"], body["error"]["message"]


def test_issue17_text_filters_stay_lenient_and_codes_are_normalised(api):
    assert api.get("/api/events?actor=").status_code == 200  # an empty text filter is no filter
    assert api.get("/api/events?actor_country=mex&actor_sector=gov&event_type=assault").status_code == 200
    assert (
        api.get("/api/events?min_confidence=1e-1&date_from=2023-01-01&date_to=2023-01-01").status_code == 200
    )


def test_issue17_spec_types_every_typed_parameter_exactly():
    spec = openapi_spec(EXPORT_FORMATS)
    params = {p["name"]: p for p in spec["paths"]["/api/network"]["get"]["parameters"]}
    assert params["event_type"]["schema"]["items"]["enum"][0] == "AGREE"
    assert params["event_type"]["explode"] is False
    assert params["quad_code"]["schema"]["items"]["enum"] == [1, 2, 3, 4]
    assert params["status"]["schema"]["items"]["enum"] == [
        "asserted", "negated", "hypothetical", "future", "historical"
    ]  # fmt: skip
    assert (
        params["date_from"]["schema"] == params["date_to"]["schema"] == {"type": "string", "format": "date"}
    )
    assert params["min_confidence"]["schema"] == {"type": "number", "minimum": 0, "maximum": 1}
    assert params["max_nodes"]["schema"]["type"] == "integer"
    assert params["min_weight"]["schema"]["type"] == "integer"
    assert params["country"]["schema"] == {"$ref": "#/components/schemas/CountryCode"}
    codes = spec["components"]["schemas"]["CountryCode"]["enum"]
    assert {"MEX", "IGO", "KOS", "XKX"} <= set(codes) and "Mexico" not in codes
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Article"}
    assert set(spec["paths"]["/api/articles"]["post"]["responses"]) >= {"201", "207", "400", "401", "413"}


# --- one filter definition for the CLI and the API ----------------------------------------------


def test_issue17_filter_definition_lists_every_event_filter_field():
    from dataclasses import fields

    assert [f.name for f in FILTER_FIELDS] == [f.name for f in fields(EventFilter)]


@pytest.mark.parametrize(
    ("option", "value", "param"),
    [
        ("--actor-country", "Mexico", "actor_country"),
        ("--type", "BOMBING", "event_type"),
        ("--country", "ZZZ", "country"),
    ],
)
def test_issue17_cli_and_api_refuse_a_filter_value_with_the_same_words(api, tmp_path, option, value, param):
    db = tmp_path / "s.duckdb"
    EventStore(db).close()
    cli = CliRunner().invoke(main, ["events", "--db", str(db), option, value])
    assert cli.exit_code == 1
    http = api.get("/api/events", params={param: value}).json()["error"]["message"]
    assert cli.stderr.startswith(f"Error: [E201] {option} {value!r} ")
    assert http.startswith(f"parameter {param!r} {value!r} ")
    assert cli.stderr.strip().split(f"{option} ", 1)[1] == http.split(f"parameter {param!r} ", 1)[1]


def test_issue17_sector_filters_are_upper_cased_on_both_sides():
    assert build_filter({"actor_sector": " gov "}, lambda f: f.name).actor_sector == "GOV"
    with pytest.raises(ConfigError, match="--since 2024-02-01 is after --until 2024-01-01"):
        build_filter({"date_from": "2024-02-01", "date_to": "2024-01-01"}, lambda f: f.option or f.name)


# --- evaluate: gold fields of the wrong type --------------------------------------------------


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"event": "AGREE", "text": "x", "source": "notalist"}, "'source' must be a list of actors"),
        ({"event": "AGREE", "text": "x", "source": 5}, "'source' must be a list of actors"),
        ({"event": "AGREE", "text": "x", "target": 5}, "'target' must be a list of actors"),
        (
            {"event": "AGREE", "text": "x", "source": [{"actorText": "A", "code": 7}]},
            "'code' must be a string",
        ),
        ({"event": "AGREE", "text": "x", "source": [{"actorText": ["A"]}]}, "'actorText' must be a string"),
        ({"event": "AGREE", "text": "x", "mode": 3}, "'mode' must be a string"),
        ({"event": "AGREE", "text": "x", "id": True}, "'id' must be a string"),
        ({"event": "AGREE", "text": "x", "date": 20231115}, "'date' must be an ISO date"),
    ],
)
def test_issue17_evaluate_refuses_gold_fields_of_the_wrong_type(tmp_path, record, message):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record) + "\n")
    result = CliRunner().invoke(main, ["evaluate", str(gold)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: [E501] {gold}:1: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_issue17_a_stray_word_for_the_target_is_warned_not_silent(tmp_path):
    from dotterel.evaluate import read_gold

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"event": "AGREE", "text": "x", "source": [], "target": "diplomatic"}) + "\n")
    warnings: list[str] = []
    [record] = read_gold(gold, warn=warnings.append)
    assert record.target == ()
    assert warnings == [f"{gold}: line 1: 'target' is 'diplomatic', not a list of actors: read as none"]


def test_issue17_store_docs_say_what_ingest_does_with_each_kind_of_failure():
    """docs/store.md said any bad article stops an ingest without --skip-bad: only bad input does."""
    from pathlib import Path

    text = " ".join((Path(__file__).parent.parent / "docs" / "store.md").read_text("utf-8").split())
    assert "**A pipeline stage that fails** on an article" in text
    assert "never stops ingest: it is reported as `Warning: not stored: [E301]" in text
    assert "**Bad input**" in text and "without it the run stops" in text
    assert "a server writing to it" not in text
