"""The web explorer end to end in Debian's headless Chromium, driven by playwright-core (issue #7).

A real ``dotterel serve`` runs on a free localhost port over a store holding the example
article coded by the real pipeline, synthetic articles and a hostile one; ``explorer.mjs``
drives the browser and reports what it saw. Screenshots land in ``test-artifacts/``.
Needs /usr/bin/chromium (``make test`` installs it), Node.js and ``web/node_modules``
(``make setup``); without them these tests are skipped with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dotterel.records import Article
from dotterel.server import dist_dir
from dotterel.store import EventStore

from .real import CORPUS, build_real_store
from .server import ROOT, serve
from .support import build_store

pytestmark = [pytest.mark.browser, pytest.mark.model]

SCRIPT = Path(__file__).with_name("explorer.mjs")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (make test installs it: scripts/install-browser.sh)"
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (ROOT / "web" / "node_modules" / "playwright-core").is_dir():
        return "web/node_modules is missing (make setup runs npm ci)"
    if not (dist_dir() / "explorer.js").is_file():
        return "the explorer is not built (make setup builds it)"
    return None


@pytest.fixture(scope="module")
def explorer_url(tmp_path_factory, pipeline, seed_text):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    db = tmp_path_factory.mktemp("explorer") / "demo.duckdb"
    store = build_store(db, articles=30)
    article = Article(id="seed-article", text=seed_text, published=date(2023, 11, 15), outlet="Example wire")
    store.add_article(article, pipeline.extract(article))
    store.close()
    with EventStore(db, read_only=True) as check:
        assert check.stats().articles == 32
    with serve(db) as url:
        yield url


def run_browser(mode: str, url: str, shot: str | None = None) -> dict:
    proc = subprocess.run(
        ["node", str(SCRIPT), mode, url, str(ARTIFACTS), shot or mode],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result from the browser script (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(lines[-1])
    assert result["ok"], f"{mode}: {result.get('error')} (screenshot in test-artifacts/)"
    return result


def test_network_click_filters_table_and_event_shows_highlighted_evidence(explorer_url):
    result = run_browser("e2e", explorer_url)
    assert result["nodes"] > 1
    assert 0 < result["totalAfter"] < result["totalBefore"]
    assert 0 < result["timelineAfter"] <= result["totalAfter"]
    # The synthetic events have all five roles inside their sentence; each one is highlighted.
    assert set(result["expectedRoles"]) == {"actor", "trigger", "recipient", "place", "attribution"}
    assert {m["role"] for m in result["marks"]} >= set(result["expectedRoles"])
    assert result["articleMarks"] >= len(result["marks"])  # the article shows at least this event's spans
    assert (ARTIFACTS / "explorer-e2e.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, pipeline, seed_text):
    """The store `make demo` writes: the example article coded by the real pipeline, nothing else."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    db = tmp_path_factory.mktemp("demo") / "dotterel.duckdb"
    article = Article(id="seed-article", text=seed_text, published=date(2023, 11, 15))
    with EventStore(db) as store:
        store.add_article(article, pipeline.extract(article))
    with serve(db) as url:
        yield url


def test_the_demo_store_in_the_explorer(demo_url):
    """Real extraction output: whatever roles an event has inside its sentence are highlighted."""
    result = run_browser("e2e", demo_url, shot="demo")
    assert 0 < result["totalAfter"] < result["totalBefore"]
    assert {"trigger"} <= set(result["expectedRoles"])
    assert {m["role"] for m in result["marks"]} >= set(result["expectedRoles"])
    assert (ARTIFACTS / "explorer-demo.png").stat().st_size > 10_000


def test_hostile_article_text_never_runs(explorer_url):
    """An article with <script> and an onerror= attribute shows them as text; nothing runs."""
    result = run_browser("xss", explorer_url)
    assert result["xss"] is None
    assert result["injectedImages"] == 0 and result["injectedScripts"] == 0


def test_an_api_error_is_shown_to_the_user(explorer_url):
    result = run_browser("errors", explorer_url)
    assert "date_from" in result["message"]


@pytest.fixture(scope="module")
def real_url(tmp_path_factory, pipeline):
    """30 real articles (insightcrime corpus in ../shared) coded by the real pipeline."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not available (../shared is absent)")
    db = tmp_path_factory.mktemp("real") / "real.duckdb"
    build_real_store(db, pipeline, n=30).close()
    with serve(db) as url:
        yield url


def test_issue14_the_researchers_path_on_real_articles(real_url):
    """Country + category + brushed dates → dyads → actor page → evidence → CSV = API → Clear."""
    result = run_browser("research", real_url)
    assert result["total"] > 0 and result["dyads"] > 0
    assert result["csvRows"] == result["total"] or result["csvRows"] > 0
    assert result["filters"]["country"] == result["pick"]["country"]
    assert result["filters"]["date_from"] and result["filters"]["date_to"]
    for stage in ("landing", "deep"):
        axe = result["axe"][stage]
        serious = [v for v in axe["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"axe-core ({stage}): {serious}"
        assert axe["score"] >= 90
    for view in (
        "overview",
        "timeline",
        "timeline-brushed",
        "network",
        "map",
        "dyads",
        "actor",
        "table",
        "event",
        "answer",
    ):
        assert (ARTIFACTS / f"explorer-{view}.png").stat().st_size > 5_000, view
    if result["mapMessage"] is not None:  # an actor whose events have no place: the map says so
        assert result["mapMessage"].startswith("None of the")
    (ARTIFACTS / "explorer-axe.json").write_text(json.dumps(result["axe"], indent=2), "utf-8")
