"""Issue 18: ``--processes N`` on extract and ingest gives what one process gives, in input order."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.errors import ConfigError
from dotterel.parallel import ParallelPipeline, available_cores, parse_processes

from .issue18_corpus import ARTICLES, dump, write_jsonl


def test_issue18_parse_processes():
    assert parse_processes("3") == 3
    assert parse_processes(2) == 2
    assert parse_processes("auto") == available_cores() >= 1
    for bad in ("0", "-1", "many", ""):
        with pytest.raises(ConfigError):
            parse_processes(bad)


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_issue18_bad_processes_is_a_usage_error(tmp_path, command):
    src = write_jsonl(tmp_path / "in.jsonl")
    result = CliRunner().invoke(main, [command, str(src), "--processes", "0"])
    assert result.exit_code == 2
    assert "--processes" in result.output and "Traceback" not in result.output


@pytest.mark.model
def test_issue18_extract_two_processes_identical(tmp_path):
    # More articles than one batch per worker, so several batches are in flight and reordered.
    records = [dict(a, id=f"{a['id']}-{i}") for i in range(3) for a in ARTICLES]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    runner = CliRunner()
    one = runner.invoke(main, ["extract", str(src)])
    two = runner.invoke(main, ["extract", str(src), "--processes", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert one.stdout and one.stdout == two.stdout
    ids = [json.loads(line)["article_id"] for line in two.stdout.splitlines()]
    order = [r["id"] for r in records]
    assert ids == sorted(ids, key=order.index)  # input order


@pytest.mark.model
def test_issue18_ingest_two_processes_identical_store(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl")
    runner = CliRunner()
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1 = runner.invoke(main, ["ingest", str(src), "--db", str(one)])
    r2 = runner.invoke(main, ["ingest", str(src), "--db", str(two), "--processes", "2", "--batch-size", "1"])
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    assert r1.stderr.splitlines()[-1].replace(str(one), "X") == r2.stderr.splitlines()[-1].replace(
        str(two), "X"
    )
    a, b = dump(one), dump(two)
    assert a["events"] and a["articles"]
    assert a == b
    # a re-run with workers adds nothing
    again = runner.invoke(main, ["ingest", str(src), "--db", str(two), "--processes", "2"])
    assert again.exit_code == 0 and "8 already stored" in again.stderr
    assert dump(two) == b


@pytest.mark.model
def test_issue18_parallel_pipeline_names_the_bad_article(tmp_path):
    from dotterel.errors import DotterelError
    from dotterel.pipeline import PipelineConfig
    from dotterel.records import Article

    good = [Article(id=f"g{i}", text=ARTICLES[0]["text"]) for i in range(3)]
    with ParallelPipeline(PipelineConfig(), processes=2) as pool:
        out = list(pool.pipe(good, batch_size=1))
        assert [a.id for a, _ in out] == ["g0", "g1", "g2"]
        assert all(events for _, events in out)
    # A user lexicon that does not exist fails in the worker: the error comes back typed.
    missing = PipelineConfig(lexicon_path=str(tmp_path / "missing.tsv"))
    with pytest.raises(DotterelError), ParallelPipeline(missing, processes=1) as bad:
        list(bad.pipe(good))
