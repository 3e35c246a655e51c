"""``dotterel ingest`` / ``dotterel events`` end to end with the real pipeline (issue #6)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.store import EventStore

from .conftest import shared_path, store_held_by_another_process

pytestmark = pytest.mark.model

ARTICLES = [
    {
        "id": "r1",
        "outlet": "Reuters",
        "published": "2023-11-15",
        "text": "Israeli aircraft struck a residential block in Gaza City on Tuesday, killing 11 people, "
        "Palestinian health officials said.",
    },
    {
        "id": "r2",
        "outlet": "AP",
        "published": "2023-11-15",
        "text": "Protesters marched through Mexico City on Sunday demanding that the government find "
        "43 missing students.",
    },
    {
        "id": "r3",
        "outlet": "AFP",
        "published": "2023-11-16",
        "text": "Colombia's government signed a ceasefire agreement with the ELN rebel group in Havana on "
        "Thursday, officials said.",
    },
]
SUMMARY = re.compile(
    r"Stored in (?P<db>\S+): (?P<articles>\d+) articles \((?P<dups>\d+) duplicates, (?P<skipped>\d+) already "
    r"stored\), (?P<events>\d+) new events, (?P<mentions>\d+) mentions, (?P<errors>\d+) errors"
)


def _jsonl(path: Path, records: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _summary(stderr: str) -> dict[str, int]:
    found = SUMMARY.search(stderr)
    assert found, stderr
    return {k: int(v) for k, v in found.groupdict().items() if k != "db"}


def assert_consistent(db: Path) -> dict[str, int]:
    """The store's invariants: counts agree everywhere, nothing dangles, nothing is half-written."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert (
            q(
                "SELECT count(*) FROM mentions m LEFT JOIN articles a ON a.id = m.article_id "
                "WHERE a.id IS NULL"
            )
            == 0
        )
        assert (
            q(
                "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE a.duplicate_of IS NOT NULL"
            )
            == 0
        )
        assert (
            q(
                "SELECT count(*) FROM articles a WHERE num_mentions <> "
                "(SELECT count(*) FROM mentions m WHERE m.article_id = a.id)"
            )
            == 0
        )
        assert (
            q("SELECT count(*) FROM mentions m LEFT JOIN events e ON e.id = m.event_id WHERE e.id IS NULL")
            == 0
        )
        assert (
            q(
                "SELECT count(*) FROM events e WHERE num_mentions <> "
                "(SELECT count(*) FROM mentions m WHERE m.event_id = e.id)"
            )
            == 0
        )
        assert q("SELECT count(*) - count(DISTINCT id) FROM events") == 0
        assert (
            q(
                "SELECT count(*) FROM mention_actors x LEFT JOIN mentions m ON m.id = x.mention_id "
                "WHERE m.id IS NULL"
            )
            == 0
        )
        assert q("SELECT coalesce(sum(num_mentions), 0) FROM actors") == q(
            "SELECT count(*) FROM mention_actors"
        )
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "mentions": q("SELECT count(*) FROM mentions"),
            "events": q("SELECT count(*) FROM events"),
        }
    finally:
        con.close()


def test_ingest_then_again_adds_nothing(tmp_path):
    src = _jsonl(tmp_path / "news.jsonl", [*ARTICLES, {**ARTICLES[0], "id": "r1-copy", "outlet": "Yahoo"}])
    db = tmp_path / "s.duckdb"
    first = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
    assert first.exit_code == 0, first.output
    s1 = _summary(first.stderr)
    assert (s1["articles"], s1["dups"], s1["skipped"], s1["errors"]) == (4, 1, 0, 0)
    counts = assert_consistent(db)
    assert (
        counts["articles"] == 4 and counts["mentions"] == s1["mentions"] and counts["events"] == s1["events"]
    )
    again = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert _summary(again.stderr) == {
        "articles": 0,
        "dups": 0,
        "skipped": 4,
        "events": 0,
        "mentions": 0,
        "errors": 0,
    }
    assert assert_consistent(db) == counts


def test_skip_bad_reports_and_keeps_the_rest(tmp_path):
    src = _jsonl(
        tmp_path / "news.jsonl", ARTICLES[:2], ['{"id": "broken", "text": ', json.dumps(ARTICLES[2])]
    )
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert f"Warning: skipped: [E101] {src}:3: malformed JSON" in result.stderr
    summary = _summary(result.stderr)
    assert (summary["articles"], summary["errors"]) == (3, 1)
    assert assert_consistent(db)["articles"] == 3


def test_bad_input_stops_the_run_and_keeps_what_came_before(tmp_path):
    src = _jsonl(
        tmp_path / "news.jsonl", ARTICLES[:2], ['{"id": "broken", "text": ', json.dumps(ARTICLES[2])]
    )
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"Error: [E101] {src}:3: malformed JSON")
    assert "Stopped; kept in" in result.stderr
    assert assert_consistent(db)["articles"] == 2
    fixed = _jsonl(src, ARTICLES)  # the user fixes line 3 and runs again: only the new article is coded
    rerun = CliRunner().invoke(main, ["ingest", str(fixed), "--db", str(db)])
    assert _summary(rerun.stderr)["skipped"] == 2 and _summary(rerun.stderr)["articles"] == 1


def test_events_command_lists_filters_and_exports(tmp_path):
    src = _jsonl(tmp_path / "news.jsonl", ARTICLES)
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)]).exit_code == 0
    with EventStore(db, read_only=True) as store:
        total = store.query_events().total
    assert total >= 1
    table = CliRunner().invoke(main, ["events", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert f"events 1-{total} of {total}" in table.stderr  # not a terminal: TSV, the range on stderr
    assert table.stdout.splitlines()[0].startswith("id\tdate\tevent\tquad\tstatus\tconfidence")
    out = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "jsonl", "--limit", "1"])
    assert out.exit_code == 0 and len(out.stdout.splitlines()) == 1
    assert json.loads(out.stdout)["num_mentions"] >= 1
    none = CliRunner().invoke(main, ["events", "--db", str(db), "--country", "ATA", "--format", "csv"])
    assert none.stdout.splitlines()[0].startswith("event_id,date,") and len(none.stdout.splitlines()) == 1
    binary = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "parquet"])
    assert binary.exit_code == 2 and "--out FILE" in binary.stderr
    pq_path = tmp_path / "e.parquet"
    wrote = CliRunner().invoke(
        main, ["events", "--db", str(db), "--format", "parquet", "--out", str(pq_path)]
    )
    assert wrote.exit_code == 0 and f"Wrote {total} events to {pq_path}" in wrote.stderr
    missing = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "nope.duckdb")])
    assert missing.exit_code == 1 and "no store here" in missing.stderr


def test_demo_leaves_a_store_the_explorer_can_open(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"Stored in {re.escape(str(db))}: 1 articles", result.stdout)
    with EventStore(db, read_only=True) as store:
        stats = store.stats()
    assert stats.articles == 1 and stats.mentions >= 1
    again = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert "0 articles (0 duplicates, 1 already stored)" in again.stdout


def test_second_writer_gets_one_line_lock_error(tmp_path):
    db = tmp_path / "s.duckdb"
    with store_held_by_another_process(db) as proc:
        src = _jsonl(tmp_path / "news.jsonl", ARTICLES[:1])
        result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: [E402] {db}: the store is locked by process {proc.pid} "
            "(an ingest, or a `dotterel serve` or `dotterel events` reading it: nothing may write while "
            "another process has the file open, even read-only); wait for it to finish or use another "
            "--db file\n"
        )


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_a_store_the_next_run_completes(tmp_path):
    """issue #6: a real process, a real SIGKILL, then a second run that finishes the job."""
    corpus = shared_path("data", "corpora", "insightcrime-train.tsv")
    lines = corpus.read_text("utf-8").splitlines()[:30]
    records = [
        {"id": f"ic{i}", "text": line.split("\t")[0], "published": "2020-01-01"}
        for i, line in enumerate(lines)
    ]
    src = _jsonl(tmp_path / "corpus.jsonl", records)
    db = tmp_path / "s.duckdb"
    cmd = [
        str(Path(sys.executable).parent / "dotterel"),
        "ingest",
        str(src),
        "--db",
        str(db),
        "--progress",
        "--batch-size",
        "2",
    ]
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "80"}
    )
    seen = bytearray()

    def pump() -> None:
        while chunk := proc.stderr.read1(256):
            seen.extend(chunk)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            done = [int(n) for n in re.findall(rb"(\d+) articles \[", bytes(seen))]
            if done and max(done) >= 4:
                break
            assert proc.poll() is None, bytes(seen).decode(errors="replace")
            time.sleep(0.05)
        else:
            pytest.fail("ingest made no progress")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    partial = assert_consistent(db)
    assert 4 <= partial["articles"] < len(records)
    finish = subprocess.run(cmd[:-3] + ["--no-progress"], capture_output=True, text=True, timeout=600)
    assert finish.returncode == 0, finish.stderr
    summary = _summary(finish.stderr)
    assert summary["skipped"] == partial["articles"]
    assert summary["skipped"] + summary["articles"] == len(records)
    assert assert_consistent(db)["articles"] == len(records)


def test_ingest_reads_jsonl_from_stdin(tmp_path):
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(
        main, ["ingest", "-", "--db", str(db), "--progress"], input=json.dumps(ARTICLES[1]) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"1 articles \[[0-9:]+, +[0-9.]+ articles/s\]", result.stderr)  # the progress bar
    assert _summary(result.stderr)["articles"] == 1
    with EventStore(db, read_only=True) as store:
        assert store.get_article("r2").outlet == "AP"
