"""``dotterel evaluate`` end to end with the real pipeline (issue #3)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.evaluate import read_negatives, shipped_negatives_path
from dotterel.records import Article

pytestmark = pytest.mark.model

GOLD = [
    {
        "id": "s1",
        "event": "FIGHT",
        "date": "2001-05-02",
        "text": "Rebels attacked an army base near the border on Monday.",
        "source": [{"actorText": "Rebels", "code": "COD", "sector": "REB"}],
    },
    {
        "id": "s2",
        "event": "DEMAND",
        "date": "2001-05-02",
        "text": "France urged Iran to release the detained sailors.",
        "source": [{"actorText": "France", "code": "FRA", "sector": "GOV"}],
        "target": [{"actorText": "Iran", "code": "IRN"}],
    },
    {
        "id": "s3",
        "event": "CONSULT",
        "mode": "visit",
        "text": "The Japanese prime minister met the Chinese president in Beijing.",
        "source": [{"actorText": "Japanese prime minister", "code": "JAP", "sector": "GOV"}],
    },
]


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in GOLD) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def negatives_file(tmp_path):
    path = tmp_path / "neg.jsonl"
    rows = [{"id": "n1", "text": "Rain is expected across the north on Friday."},
            {"id": "n2", "text": "The museum reopens in June after a renovation."}]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_json_output_matches_the_pipeline_sentence_by_sentence(pipeline, gold_file, negatives_file):
    result = CliRunner().invoke(
        main, ["evaluate", str(gold_file), "--json", "--no-progress", "--negatives", str(negatives_file)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentences"] == 3
    for row, gold in zip(data["results"], GOLD, strict=True):
        article = Article(
            id=gold["id"], text=gold["text"], published=date(2001, 5, 2) if "date" in gold else None
        )
        expected = sorted({e.event_type for e in pipeline.extract(article)})
        assert row["predicted"] == expected, row
    assert [r["gold"] for r in data["results"]] == [["ASSAULT"], ["REQUEST"], ["CONSULT"]]
    et = data["event_type"]
    assert et["tp"] + et["fn"] == 3
    assert et["tp"] == sum(r["tp"] for r in data["results"])
    assert et["fp"] == sum(len(r["predicted"]) for r in data["results"]) - et["tp"]
    assert data["actor_country"]["total"] == 3 and data["recipient_country"]["total"] == 1
    assert data["no_event"]["sentences"] == 2 and data["no_event"]["file"] == str(negatives_file)
    assert set(data) >= {"per_category", "confusion", "mode", "actor_sector", "recipient_sector"}


def test_text_report_with_shipped_negatives(gold_file):
    result = CliRunner().invoke(main, ["evaluate", str(gold_file), "--no-progress", "--show", "1"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Event type (per sentence): precision" in out
    assert "Confusion (rows: gold" in out
    assert "No-event sentences: shipped set" in out
    assert f"{len(read_negatives(shipped_negatives_path()))} sentences" in out


def test_baseline_of_an_identical_run_changes_nothing(gold_file, tmp_path):
    first = CliRunner().invoke(
        main, ["evaluate", str(gold_file), "--json", "--no-progress", "--no-negatives"]
    )
    assert first.exit_code == 0, first.output
    base = tmp_path / "base.json"
    base.write_text(first.stdout, encoding="utf-8")
    second = CliRunner().invoke(
        main,
        ["evaluate", str(gold_file), "--json", "--no-progress", "--no-negatives", "--baseline", str(base)],
    )
    assert second.exit_code == 0, second.output
    data = json.loads(second.stdout)
    assert data["no_event"] is None  # --no-negatives
    cmp = data["baseline"]
    assert (cmp["fixed"], cmp["broken"], cmp["unmatched"]) == ([], [], 0)
    assert cmp["f1"]["before"] == cmp["f1"]["after"]


def test_bad_baseline_is_refused_before_coding(gold_file, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(gold_file), "--baseline", str(bad)])
    assert result.exit_code == 1 and "not the output of `dotterel evaluate --json`" in result.stderr


def test_bad_gold_file_is_one_line_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "event": "SHOUT", "text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E501]") and "unknown event 'SHOUT'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_negatives_options_exclude_each_other(gold_file, negatives_file):
    result = CliRunner().invoke(
        main, ["evaluate", str(gold_file), "--negatives", str(negatives_file), "--no-negatives"]
    )
    assert result.exit_code == 2


def test_issue10_evaluate_reports_rules_alone_beside_rules_and_model(pipeline, gold_file, negatives_file):
    from dotterel.pipeline import Pipeline, PipelineConfig

    result = CliRunner().invoke(
        main, ["evaluate", str(gold_file), "--json", "--no-progress", "--negatives", str(negatives_file)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rules_only = Pipeline(PipelineConfig(components=tuple(
        c for c in PipelineConfig().components if c != "dotterel_event_classifier"
    )))  # fmt: skip
    tp = fp = 0
    for gold in GOLD:
        predicted = {e.event_type for e in rules_only.extract(gold["text"])}
        expected = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST"}.get(gold["event"], gold["event"])
        tp += expected in predicted
        fp += len(predicted - {expected})
    assert data["rules_alone"]["precision"] == pytest.approx(tp / (tp + fp), abs=1e-3)
    text = CliRunner().invoke(main, ["evaluate", str(gold_file), "--no-progress", "--no-negatives"]).stdout
    assert "Rules alone (event classifier off, same run)" in text
