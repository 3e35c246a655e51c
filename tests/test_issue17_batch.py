"""Issue 17: a bad article never stops `dotterel batch`; it becomes an error row and a warning."""

from __future__ import annotations

import json

import pytest

ray = pytest.importorskip("ray")

pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
]

PUB = "2024-05-06"
ROWS = [
    {"id": "g1", "text": "Rebels attacked an army base near Goma on Monday.", "published": PUB},
    {"id": "b1", "text": "   ", "published": PUB},
    {"id": "g2", "text": "Police arrested ten protesters in Lagos, officials said.", "published": PUB},
    {"id": "b2", "text": "Troops shelled a village.", "published": "2024-05-06garbage"},
    {"id": "g3", "text": "Gunmen killed 2147483648 people in Kano on Feb. 29.", "published": "2023-05-06"},
]


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_issue17_batch_writes_error_rows_and_codes_the_rest(ray_local, tmp_path):
    from click.testing import CliRunner

    from dotterel.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(src), "--out", str(out), "--format", "jsonl", "--batch-size", "5"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    rows = [json.loads(line) for f in sorted(out.glob("*.json*")) for line in f.read_text().splitlines()]
    errors = sorted((r["line"], r["error"]) for r in rows if r["error"] is not None)
    assert [line for line, _ in errors] == [2, 4]  # the input lines of b1 and b2
    assert "article text is empty" in errors[0][1] and "not an ISO date" in errors[1][1]
    coded = {r["article_id"]: json.loads(r["events_json"]) for r in rows if r["error"] is None}
    assert set(coded) == {"g1", "g2", "g3"}
    g3 = coded["g3"][0]
    assert g3["quantities"]["killed"] is None and g3["date_precision"] == "publication"
    assert result.stderr.strip().splitlines()[-1].startswith("Error: [E301] 2 article(s) could not be read")

    again = CliRunner().invoke(main, [*args[:3], str(tmp_path / "out2"), *args[4:], "--skip-bad"])
    assert again.exit_code == 0, again.output
