"""Issue 17: readers refuse lax or broken input with one line, never a traceback or a guess."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.errors import InputError
from dotterel.reading import bytes_stream, parse_date, read_jsonl_stream


def _read(line: str):
    return list(read_jsonl_stream(bytes_stream(line.encode("utf-8") + b"\n"), "in.jsonl", None))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": "bad \\ud800 here"}', "lone surrogate (U+D800) at character 4"),
        ('{"id": "a", "text": "ok", "title": "\\udfff"}', "'title' contains a lone surrogate"),
        ('{"id": "\\ud83d", "text": "ok"}', "'id' contains a lone surrogate"),
        ("[" * 1000 + "]" * 1000, "JSON nested too deeply"),
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
        ('{"id": true, "text": "ok"}', "'id' must be a string or integer"),
        ('{"id": "", "text": "ok"}', "'id' is empty"),
        ('{"id": "  ", "text": "ok"}', "'id' is empty"),
        ('{"id": "a", "text": "ok", "published": "2023-11-15garbage"}', "not an ISO date"),
    ],
)
def test_issue17_bad_jsonl_is_one_input_error(line, message):
    with pytest.raises(InputError, match="in.jsonl:1") as info:
        _read(line)
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-15", "2023-11-15"),
        ("2023-11-15T10:20:00Z", "2023-11-15"),
        ("2023-11-15 10:20", "2023-11-15"),
    ],
)
def test_issue17_published_timestamps_keep_their_date(value, expected):
    assert parse_date(value).isoformat() == expected


@pytest.mark.parametrize(
    "value", ["2023-11-15garbage", "2023-11-1", "2023-02-30", "2023-11-15Tnope", "x" * 500]
)
def test_issue17_published_must_be_a_whole_iso_date(value):
    with pytest.raises(InputError, match="not an ISO date"):
        parse_date(value)


@pytest.mark.model
def test_issue17_nul_byte_anywhere_in_a_txt_is_binary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Police arrested 40 people. " * 400 + b"\x00" + b"more")
    assert path.stat().st_size > 8192
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: [E101] {path}: binary file (contains NUL bytes): expected UTF-8 text\n"


def test_issue17_ingest_of_a_missing_file_creates_no_store(tmp_path):
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope.jsonl"), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: [E101] {tmp_path / 'nope.jsonl'}: no such file or folder\n"
    assert not db.exists()


def test_issue17_skip_bad_reports_a_surrogate_and_reads_on(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "x \\ud800"}\n' + json.dumps({"id": "b", "text": "ok"}) + "\n")
    errors: list[InputError] = []
    with path.open("rb") as fh:
        articles = list(read_jsonl_stream(fh, str(path), None, errors.append))
    assert [a.id for a in articles] == ["b"] and len(errors) == 1


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost:80@evil.com", 400),
        ("evil.com", 400),
        ("localhost:8000", 200),
        ("127.0.0.1", 200),
        ("[::1]:8000", 200),
        ("localhost:99999999", 400),
    ],
)
def test_issue17_host_check_is_exact(host, status):
    from dotterel.server import create_app
    from dotterel.store import EventStore
    from tests.browser.support import InProcessClient

    store = EventStore(":memory:")
    try:
        api = InProcessClient(create_app(store))
        response = api.get("/api/health", headers={"Host": host})
        assert response.status_code == status
        if status == 400:
            assert response.json()["error"]["code"] == "E601"
    finally:
        store.close()
