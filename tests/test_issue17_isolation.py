"""Issue 17: one article never stops a run.

An exception inside any stage becomes that article's ``E3xx`` error (article id + stage), reported
like bad input. The failing stage here is a real spaCy component added to the real pipeline, the
way a user adds their own: it raises on articles that contain ``KABOOM``.
"""

from __future__ import annotations

import functools
import json
import pickle

import pytest
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc

from dotterel.cli import main
from dotterel.components import DEFAULT_COMPONENTS
from dotterel.errors import DotterelError, ExtractionError
from dotterel.pipeline import Pipeline, PipelineConfig
from dotterel.records import Article

pytestmark = pytest.mark.model

BOOM_STAGE = "issue17_boom"


@Language.component(BOOM_STAGE)
def _boom(doc: Doc) -> Doc:
    if "KABOOM" in doc.text:
        raise ZeroDivisionError("a bug in a user's stage")
    return doc


BOOM_CONFIG = functools.partial(PipelineConfig, components=(*DEFAULT_COMPONENTS, BOOM_STAGE))

GOOD = "Police arrested 40 protesters in Kabul on Tuesday."
BAD = "Rebels attacked a police post in Lagos. KABOOM."


@pytest.fixture(scope="module")
def boom_pipeline() -> Pipeline:
    return Pipeline(BOOM_CONFIG())


def _articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]


def test_issue17_stage_failure_names_article_and_stage(boom_pipeline):
    with pytest.raises(ExtractionError) as info:
        boom_pipeline.extract(Article(id="bad-one", text=BAD))
    err = info.value
    assert (err.code, err.article_id, err.stage) == ("E301", "bad-one", BOOM_STAGE)
    assert str(err).startswith(f"[E301] article bad-one: stage {BOOM_STAGE} failed: ZeroDivisionError")


def test_issue17_pipe_yields_everything_before_the_failure_then_raises(boom_pipeline):
    seen = []
    with pytest.raises(ExtractionError, match="article a2"):
        for article, _events in boom_pipeline.pipe(_articles(GOOD, GOOD, BAD, GOOD), batch_size=16):
            seen.append(article.id)
    assert seen == ["a0", "a1"]


def test_issue17_pipe_with_on_error_codes_every_other_article(boom_pipeline):
    errors: list[DotterelError] = []
    coded = {
        a.id: evs for a, evs in boom_pipeline.pipe(_articles(GOOD, BAD, GOOD, BAD), on_error=errors.append)
    }
    assert list(coded) == ["a0", "a2"] and all(coded.values())
    assert [(e.article_id, e.stage) for e in errors] == [("a1", BOOM_STAGE), ("a3", BOOM_STAGE)]


def test_issue17_errors_survive_a_process_boundary():
    err = ExtractionError("stage x failed", article_id="a1", stage="x")
    copy = pickle.loads(pickle.dumps(err))
    assert (str(copy), copy.article_id, copy.stage) == (str(err), "a1", "x")


def _jsonl(tmp_path, *texts: str):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return str(path)


@pytest.fixture
def boom_cli(monkeypatch):
    """The real CLI whose pipeline has the failing stage added."""
    from dotterel.cli import extract_cmd, store_cmd

    monkeypatch.setattr(extract_cmd, "PipelineConfig", BOOM_CONFIG)
    monkeypatch.setattr(store_cmd, "PipelineConfig", BOOM_CONFIG)
    return CliRunner()


def test_issue17_extract_stops_at_the_failure_after_writing_what_came_before(boom_cli, tmp_path):
    src = _jsonl(tmp_path, GOOD, BAD, GOOD)
    result = boom_cli.invoke(main, ["extract", src])
    assert result.exit_code == 1
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"a0"}
    assert result.stderr.strip().splitlines() == [
        f"Error: [E301] article a1: stage {BOOM_STAGE} failed: ZeroDivisionError: a bug in a user's stage"
    ]


def test_issue17_extract_skip_bad_codes_every_other_article(boom_cli, tmp_path):
    src = _jsonl(tmp_path, GOOD, BAD, GOOD)
    result = boom_cli.invoke(main, ["extract", "--skip-bad", src])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {"a0", "a2"}
    assert f"Warning: skipped: [E301] article a1: stage {BOOM_STAGE} failed" in result.stderr
    assert "Traceback" not in result.output


def test_issue17_ingest_always_stores_every_other_article(boom_cli, tmp_path):
    from dotterel.store import EventStore

    src = _jsonl(tmp_path, GOOD, BAD, GOOD + " Again.")
    db = str(tmp_path / "s.duckdb")
    result = boom_cli.invoke(main, ["ingest", src, "--db", db, "--no-progress"])
    assert result.exit_code == 1  # not hidden: the run goes on, and the exit status says one failed
    assert f"Warning: not stored: [E301] article a1: stage {BOOM_STAGE}" in result.stderr
    assert "Error: [E301] 1 article(s) could not be coded" in result.stderr
    with EventStore(db, read_only=True) as store:
        assert store.stats().articles == 2
    again = boom_cli.invoke(main, ["ingest", "--skip-bad", src, "--db", db, "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "2 already stored" in again.stderr and "1 errors" in again.stderr


def test_issue17_feb29_no_longer_stops_a_run(tmp_path):
    """The issue's reproduction: article a's date is impossible, article b is still coded."""
    lines = [
        {
            "id": "a",
            "text": "Rebels attacked a police post in Lagos on February 29.",
            "published": "2024-01-10",
        },
        {"id": "b", "text": "Police arrested 40 protesters in Kabul on Tuesday."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result = CliRunner().invoke(main, ["extract", "--skip-bad", str(src)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e["article_id"] for e in events} == {"a", "b"}
    a = next(e for e in events if e["article_id"] == "a")
    assert (a["date"], a["date_precision"]) == ("2024-01-10", "publication")  # no guessed date


def test_issue17_http_post_reports_each_article_and_stores_the_others(boom_pipeline):
    from dotterel.server import create_app
    from dotterel.store import EventStore
    from tests.browser.support import InProcessClient

    store = EventStore(":memory:")
    try:
        api = InProcessClient(create_app(store, token="t", pipeline_factory=lambda: boom_pipeline))
        texts = [GOOD, BAD, "Soldiers shot two farmers in Goma on Monday."]
        body = "".join(json.dumps({"id": f"p{i}", "text": t}) + "\n" for i, t in enumerate(texts))
        headers = {"Authorization": "Bearer t", "Content-Type": "application/x-ndjson"}
        response = api.post("/api/articles", content=body, headers=headers)
        assert response.status_code == 207, response.text
        data = response.json()
        statuses = [(r["id"], r["status"]) for r in data["articles"]]
        assert statuses == [("p0", "stored"), ("p1", "failed"), ("p2", "stored")]
        assert data["articles"][1]["error"].startswith(f"[E301] article p1: stage {BOOM_STAGE} failed")
        assert data["error"]["code"] == "E301" and data["error"]["status"] == 207
        assert data["summary"]["errors"] == 1
        assert store.stats().articles == 2
    finally:
        store.close()
