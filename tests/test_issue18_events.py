"""Issue 18: ``dotterel ingest --events DIR`` loads what ``batch`` wrote, as a local ingest would.

The batch output is made here by the very callable Ray runs on each worker
(:class:`~dotterel.distributed.RayEventCoder`), without Ray; the Ray cluster test is
``test_issue18_ray.py`` (slow).
"""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dotterel.batchio import BATCH_COLUMNS, event_from_dict, events_to_json
from dotterel.cli import main
from dotterel.reading import read_jsonl_stream

from .issue18_corpus import ARTICLES, dump, write_jsonl

pytestmark = pytest.mark.model

BAD_LINE = '{"id": "broken", "text": '


def test_issue18_event_record_round_trip(seed_events):
    assert seed_events
    for event in seed_events:
        back = event_from_dict(json.loads(events_to_json([event]))[0])
        assert back == event
        assert back.to_dict() == event.to_dict()


@pytest.fixture(scope="module")
def coded_table(tmp_path_factory) -> pa.Table:
    """The batch output of ARTICLES plus one bad line, coded in two worker-sized batches."""
    from dotterel.batchio import article_row
    from dotterel.distributed import RayEventCoder

    raw = "\n".join([json.dumps(a) for a in ARTICLES] + [BAD_LINE]) + "\n"
    rows = []

    def bad(err):
        rows.append(article_row(None, [], source=0, line=err.line, minhash=None, error=str(err)))

    for art in read_jsonl_stream(io.BytesIO(raw.encode()), "in.jsonl", None, bad):
        rows.append(article_row(art, [], source=0, line=int(art.origin.rsplit(":", 1)[1]), minhash=None))
    coder = RayEventCoder()
    tables = []
    for start in (0, 5):  # two "workers'" batches, written in reverse order below
        part = rows[start : start + 5]
        batch = {c: [r[c] for r in part] for c in BATCH_COLUMNS}
        tables.append(coder(batch))
    return pa.concat_tables(tables[::-1])


def _local_store(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl")
    db = tmp_path / "local.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_issue18_coded_rows(coded_table):
    rows = coded_table.to_pylist()
    assert len(rows) == len(ARTICLES) + 1
    bad = [r for r in rows if r["error"]]
    assert len(bad) == 1 and bad[0]["line"] == len(ARTICLES) + 1 and "E101" in bad[0]["error"]
    good = [r for r in rows if not r["error"]]
    assert all(len(bytes.fromhex(r["minhash"])) == 128 * 8 for r in good)
    assert any(r["num_events"] == 0 for r in good)  # an article without events is still a row
    assert sum(r["num_events"] for r in good) == sum(len(json.loads(r["events_json"])) for r in good) > 0


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_issue18_ingest_events_equals_local_ingest(tmp_path, coded_table, fmt):
    out = tmp_path / "coded"
    out.mkdir()
    if fmt == "parquet":
        half = coded_table.num_rows // 2
        pq.write_table(coded_table.slice(0, half), out / "part-b.parquet")
        pq.write_table(coded_table.slice(half), out / "part-a.parquet")
    else:
        (out / "part-0.json").write_text(
            "\n".join(json.dumps(r) for r in coded_table.to_pylist()) + "\n", encoding="utf-8"
        )
    db = tmp_path / "loaded.duckdb"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "--events", str(out), "--db", str(db), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert "Warning: skipped:" in result.stderr and "in.jsonl:9: malformed JSON" in result.stderr
    assert "8 articles (2 duplicates, 0 already stored)" in result.stderr
    local = dump(_local_store(tmp_path))
    loaded = dump(db)
    assert loaded == local
    # idempotent: loading again adds nothing
    again = runner.invoke(main, ["ingest", "--events", str(out), "--db", str(db), "--skip-bad"])
    assert again.exit_code == 0 and "8 already stored" in again.stderr
    assert dump(db) == local


def test_issue18_ingest_events_stops_at_an_error_row_keeping_earlier(tmp_path, coded_table):
    out = tmp_path / "coded"
    out.mkdir()
    pq.write_table(coded_table, out / "part.parquet")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", "--events", str(out), "--db", str(db)])
    assert result.exit_code != 0
    assert "Error: [E101] in.jsonl:9: malformed JSON" in result.stderr
    assert "Traceback" not in result.output
    # every article before the bad row is kept; a re-run with --skip-bad resumes
    resumed = CliRunner().invoke(main, ["ingest", "--events", str(out), "--db", str(db), "--skip-bad"])
    assert "8 already stored" in resumed.stderr


def test_issue18_ingest_events_usage(tmp_path):
    runner = CliRunner()
    src = write_jsonl(tmp_path / "in.jsonl")
    both = runner.invoke(main, ["ingest", str(src), "--events", str(tmp_path)])
    assert both.exit_code == 2 and "--events" in both.output
    empty = runner.invoke(
        main, ["ingest", "--events", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.db")]
    )
    assert empty.exit_code == 2 and "does not exist" in empty.output
    (tmp_path / "blank").mkdir()
    blank = runner.invoke(
        main, ["ingest", "--events", str(tmp_path / "blank"), "--db", str(tmp_path / "x.db")]
    )
    assert blank.exit_code == 1 and "Error: [E101]" in blank.stderr and "no batch output" in blank.stderr
