"""An evaluation on gold the event model was trained on says it is in-sample (issue #10)."""

from __future__ import annotations

from dotterel.extract.classifier.trained_on import text_key, trained_share


def test_trained_share_counts_listed_sentences(tmp_path):
    listed = tmp_path / "trained_on.txt"
    listed.write_text("# header\n" + text_key("Rebels attacked a police post.") + "\n", "utf-8")
    share = trained_share(["Rebels attacked a police post.", "Police arrested 40 protesters."], str(listed))
    assert share == 0.5
    assert trained_share(["Police arrested 40 protesters."], str(listed)) == 0.0


def test_no_list_means_unknown(tmp_path):
    assert trained_share(["anything"], str(tmp_path / "missing.txt")) is None


def test_the_shipped_list_knows_the_written_no_event_statements():
    """The training script lists every training sentence, its own written statements included."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "training" / "written_no_event.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    assert trained_share(texts) == 1.0
