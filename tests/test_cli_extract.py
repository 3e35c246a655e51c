"""``dotterel extract``: the command-line contract of DESIGN.md §4 (issue #2)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from dotterel.cli import main

from .conftest import SEED

pytestmark = pytest.mark.model


def _events(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _spans(record: dict):
    """Every (text, start, end) span a record claims, with a label for messages."""
    yield "trigger", record["trigger"]
    ev = record["evidence"]
    yield "evidence", {"text": ev["sentence"], "start": ev["start"], "end": ev["end"]}
    for role in ("actor", "recipient"):
        for ent in record[role]:
            yield role, ent
    for key in ("attribution", "location"):
        if record.get(key):
            yield key, record[key]
    for name, qty in (record.get("quantities") or {}).items():
        if isinstance(qty, dict) and "start" in qty:
            yield f"quantity {name}", qty


def test_seed_article_events_are_schema_valid_with_exact_offsets(event_schema, seed_text):
    result = CliRunner().invoke(main, ["extract", str(SEED), "--published", "2023-11-15"])
    assert result.exit_code == 0, result.output
    records = _events(result.stdout)
    assert len(records) >= 5
    for rec in records:
        jsonschema.validate(rec, event_schema)
        for label, span in _spans(rec):
            assert seed_text[span["start"] : span["end"]] == span["text"], (label, span)
        # the evidence sentence contains the trigger
        assert (
            rec["evidence"]["start"]
            <= rec["trigger"]["start"]
            < rec["trigger"]["end"]
            <= rec["evidence"]["end"]
        )
        assert rec["published"] == "2023-11-15"


def test_ids_are_deterministic():
    runner = CliRunner()
    first = _events(runner.invoke(main, ["extract", str(SEED)]).stdout)
    second = _events(runner.invoke(main, ["extract", str(SEED)]).stdout)
    assert [r["id"] for r in first] == [r["id"] for r in second]
    assert len({r["id"] for r in first}) == len(first)


def test_stdin_jsonl(event_schema):
    line = json.dumps(
        {"id": "n1", "text": "Rebels attacked an army base in Goma on Monday.", "published": "2024-05-06"}
    )
    result = CliRunner().invoke(main, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    records = _events(result.stdout)
    assert records and all(r["article_id"] == "n1" for r in records)
    for rec in records:
        jsonschema.validate(rec, event_schema)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"caf\xe9", "invalid UTF-8"),
    ],
)
def test_bad_input_one_line_error_nonzero_exit(tmp_path, content, expected):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(p)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: [E101]") and expected in lines[0]


def test_malformed_jsonl_names_file_and_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "1", "text": "Troops withdrew from the town."}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(p)])
    assert result.exit_code == 1
    assert f"{p}:2: malformed JSON" in result.stderr


def test_missing_path_and_empty_folder(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file or folder" in result.stderr
    (tmp_path / "empty").mkdir()
    result = runner.invoke(main, ["extract", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "folder has no articles" in result.stderr


def test_bad_published_is_usage_error():
    result = CliRunner().invoke(main, ["extract", str(SEED), "--published", "yesterday"])
    assert result.exit_code == 2 and "not an ISO date" in result.stderr


def test_skip_bad_codes_the_rest_and_reports(tmp_path):
    (tmp_path / "a.txt").write_text("Rebels attacked an army base in Goma on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x00")
    (tmp_path / "c.jsonl").write_text(
        '{"id": "c1", "text": "Rebels attacked a police station in Goma."}\n{bad\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--skip-bad"])
    assert result.exit_code == 0, result.output
    ids = {r["article_id"] for r in _events(result.stdout)}
    assert ids == {"a", "c1"}
    assert "b.txt" in result.stderr and "c.jsonl:2" in result.stderr
    assert "2 bad input(s) skipped" in result.stderr


def test_user_lexicon_option(tmp_path):
    """--lexicon layers a user TSV over the shipped lexicon; a bad row is a one-line error."""
    story = tmp_path / "story.txt"
    story.write_text("The two presidents picnicked in Geneva on Monday.", encoding="utf-8")
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("# mine\nverb\tpicnic\t-\tCONSULT\tvisit\t-\t-\tuser\t-\n", encoding="utf-8")
    runner = CliRunner()
    plain = _events(runner.invoke(main, ["extract", str(story)]).stdout)
    assert "CONSULT" not in {r["event_type"] for r in plain}
    result = runner.invoke(main, ["extract", str(story), "--lexicon", str(lexicon)])
    assert result.exit_code == 0, result.output
    assert [(r["event_type"], r["mode"]) for r in _events(result.stdout)] == [("CONSULT", "visit")]
    lexicon.write_text("verb\tpicnic\t-\tFRIENDLY\t-\t-\t-\tuser\t-\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(story), "--lexicon", str(lexicon)])
    assert result.exit_code == 1 and "mine.tsv:1" in result.stderr and "FRIENDLY" in result.stderr


def test_demo_prints_a_table_and_stores_the_events(tmp_path):
    """The first README command: the example article as a readable table, stored (issue #2)."""
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Coded seed-article.txt (published 2023-11-15)" in out
    for needle in ("CONSULT", "REQUEST", "MOBILIZE", "negated", "future", "Tehran", "killed 11,000", "(n=6)"):
        assert needle in out, needle
    assert db.exists() and "Stored in" in out
