"""``dotterel evaluate --status/--attribution`` (issue #12): the devsuite's status and attribution
gold formats scored in the same report as the event figures."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dotterel.cli import main
from dotterel.errors import EvaluationError
from dotterel.evaluate.attribution_gold import read_attribution_gold
from dotterel.evaluate.factuality import band, read_factuality

GOLD = [{"id": "g1", "event": "FIGHT", "text": "Rebels attacked an army base near the border on Monday."}]

#: offsets are computed from the texts below, so the tests say which words are gold
STATUS_TEXTS = [
    ("st1", "The army did not attack the village.", "attack", -3.0),
    ("st2", "Rebels could attack the town next week.", "attack", 0.4),
    ("st3", "Police arrested forty protesters in the capital.", "arrested", 3.0),
]
ARTICLE = (
    "Rebels shelled the town overnight, a military spokesman said. The government sent troops to the region."
)


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def files(tmp_path):
    status = []
    for sid, text, word, value in STATUS_TEXTS:
        i = text.index(word)
        status.append({"id": sid, "text": text, "predicates": [[i, i + len(word), value]]})
    src = ARTICLE.index("a military spokesman")
    att = {
        "id": "a1", "published": "2024-03-01", "text": ARTICLE,
        "relations": [{"source": [[src, src + len("a military spokesman")]],
                       "cue": [[ARTICLE.index("said"), ARTICLE.index("said") + 4]],
                       "content": [[0, ARTICLE.index(",")]]}],
    }  # fmt: skip
    return (
        _write(tmp_path / "gold.jsonl", GOLD),
        _write(tmp_path / "status.jsonl", status),
        _write(tmp_path / "attr.jsonl", [att]),
    )


def test_uw_values_are_banded_like_the_devsuite():
    assert [band(v) for v in (3.0, 2.5, 2.0, 1.4, 0.0, -1.5, -2.0, -2.6)] == [
        "asserted", "asserted", None, "hypothetical", "hypothetical", "hypothetical", None, "negated",
    ]  # fmt: skip
    assert band("negated") == "negated"


def test_malformed_gold_lines_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "abc", "predicates": [[0, 9, 3.0]]}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.jsonl:1"):
        read_factuality(bad)
    bad.write_text('{"id": "x", "text": "abc"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.jsonl:1"):
        read_attribution_gold(bad)


def test_cli_error_for_a_bad_status_file(tmp_path, files):
    gold, _, _ = files
    bad = _write(tmp_path / "bad.jsonl", [{"id": "x"}])
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--status", str(bad), "--no-negatives"])
    assert result.exit_code != 0
    assert "bad.jsonl:1" in result.output


@pytest.mark.model
def test_status_and_attribution_sit_in_the_same_report(files):
    gold, status, attr = files
    args = ["evaluate", str(gold), "--status", str(status), "--attribution", str(attr), "--no-negatives"]
    text = CliRunner().invoke(main, [*args, "--show", "0", "--no-progress"])
    assert text.exit_code == 0, text.output
    assert "Event type (per sentence)" in text.output
    assert "Status (factuality gold" in text.output and "Attribution (reported-speech gold" in text.output
    out = json.loads(CliRunner().invoke(main, [*args, "--json", "--no-progress"]).output)
    st = out["status"]
    assert st["matched"] == 3 and st["accuracy"] == 1.0
    assert st["per_class"]["negated"]["recall"] == 1.0
    assert st["per_class"]["hypothetical"]["recall"] == 1.0
    at = out["attribution"]
    assert at["events"] == 2 and at["attributed"] == 1
    assert (at["precision"], at["recall"]) == (1.0, 1.0)
