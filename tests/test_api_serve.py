"""``dotterel serve`` as a user runs it: a real process on a localhost port (issue #7)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from tests.browser.server import serve
from tests.browser.support import build_store


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_serve_a_missing_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nothing.duckdb")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E401]")
    assert "dotterel ingest" in result.output
    assert not (tmp_path / "nothing.duckdb").exists()  # serving never creates a store


def test_serve_answers_on_localhost_and_is_read_only_without_a_token(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, articles=3).close()
    with serve(db) as url:
        status, health = _get(url + "api/health")
        assert status == 200 and health["writable"] is False
        status, page = _get(url + "api/events?limit=2")
        assert status == 200 and page["total"] > 0
        request = urllib.request.Request(url + "api/articles", data=b'{"text": "x"}', method="POST")
        request.add_header("Content-Type", "application/json")
        try:
            urllib.request.urlopen(request, timeout=5)
            raise AssertionError("a write went through without a token")
        except urllib.error.HTTPError as err:
            assert err.code == 403
            assert json.loads(err.read())["error"]["code"] == "E603"


def test_serve_with_a_token_from_the_environment_allows_writes(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, articles=1).close()
    with serve(db, token="from-env") as url:
        assert _get(url + "api/health")[1]["writable"] is True


@pytest.mark.model
def test_the_demo_store_opens_in_the_explorer(tmp_path):
    """`make demo` writes dotterel.duckdb; `dotterel serve --db dotterel.duckdb` must open it at once."""
    db = tmp_path / "dotterel.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with serve(db) as url:
        status, stats = _get(url + "api/stats")
        assert status == 200 and stats["articles"] == 1 and stats["events"] > 0
        status, page = _get(url + "api/events?limit=500")
        assert page["total"] == stats["events"]
        status, detail = _get(url + "api/events/" + page["items"][0]["id"])
        assert status == 200 and detail["mentions"][0]["record"]["evidence"]["sentence"]


def test_serve_on_a_busy_port_is_a_one_line_error(tmp_path):
    db = tmp_path / "s.duckdb"
    build_store(db, articles=1, hostile=False).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [E201]") and "--port" in result.output
