"""The HTTP API's read endpoints, in-process through httpx.ASGITransport (issue #7).

The store is a real DuckDB store (in memory) filled with synthetic articles whose events are
built by hand (tests/browser/synthetic.py), so the expected answers are computed from the store
itself, not hard-coded.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import anyio
import pyarrow.parquet as pq
import pytest

from dotterel.server import create_app
from dotterel.store import EventFilter, EventStore
from tests.browser.support import InProcessClient, build_store


@pytest.fixture(scope="module")
def store():
    s = build_store(articles=20)
    yield s
    s.close()


@pytest.fixture(scope="module")
def api(store):
    return InProcessClient(create_app(store))


def test_health_says_writing_is_off_without_a_token(api):
    body = api.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["writable"] is False


def test_events_page_and_total_match_the_store(api, store):
    total = store.stats().events
    first = api.get("/api/events", params={"limit": 7}).json()
    assert first["total"] == total
    assert len(first["items"]) == 7
    assert first["next_offset"] == 7
    second = api.get("/api/events", params={"limit": 7, "offset": 7}).json()
    ids_first = {e["id"] for e in first["items"]}
    assert ids_first.isdisjoint(e["id"] for e in second["items"])
    last = api.get("/api/events", params={"limit": 7, "offset": total - 2}).json()
    assert len(last["items"]) == 2
    assert last["next_offset"] is None


def test_event_filters_narrow_the_results(api):
    assaults = api.get("/api/events", params={"event_type": "assault", "limit": 500}).json()
    assert assaults["total"] > 0
    assert {e["event_type"] for e in assaults["items"]} == {"ASSAULT"}
    both = api.get("/api/events", params={"event_type": "ASSAULT,AGREE", "limit": 500}).json()
    assert {e["event_type"] for e in both["items"]} == {"ASSAULT", "AGREE"}
    quads = api.get("/api/events", params=[("quad_code", "1"), ("quad_code", "2"), ("limit", "500")]).json()
    assert quads["total"] > 0 and {e["quad_code"] for e in quads["items"]} <= {1, 2}
    window = api.get(
        "/api/events", params={"date_from": "2023-11-01", "date_to": "2023-11-30", "limit": 500}
    ).json()
    assert window["total"] > 0
    assert all("2023-11-01" <= e["date"] <= "2023-11-30" for e in window["items"])


def test_actor_id_filter_is_what_the_network_click_sends(api):
    network = api.get("/api/network").json()
    node = max(network["nodes"], key=lambda n: n["num_events"])
    page = api.get("/api/events", params={"actor_id": node["id"], "limit": 500}).json()
    assert page["total"] == node["num_events"]
    assert all(node["name"] in e["actors"] + e["recipients"] for e in page["items"])


def test_one_event_has_its_mentions_and_evidence(api):
    summary = api.get("/api/events", params={"limit": 1}).json()["items"][0]
    detail = api.get(f"/api/events/{summary['id']}").json()
    assert detail["event"]["id"] == summary["id"]
    assert detail["mentions"], "an event without mentions"
    record = detail["mentions"][0]["record"]
    assert record["evidence"]["sentence"]
    assert record["trigger"]["text"] in record["evidence"]["sentence"]


def test_article_with_its_spans(api, store):
    article_id = "synthetic-000003"
    body = api.get(f"/api/articles/{article_id}").json()
    assert body["id"] == article_id
    assert body["spans"]
    for span in body["spans"]:
        assert body["text"][span["start"] : span["end"]] == span["text"]


def test_actors_and_one_actor_with_dyads(api):
    actors = api.get("/api/actors", params={"limit": 5}).json()["items"]
    assert len(actors) == 5
    counts = [a["num_events"] for a in actors]
    assert counts == sorted(counts, reverse=True)
    detail = api.get(f"/api/actors/{actors[0]['id']}").json()
    assert detail["actor"]["id"] == actors[0]["id"]
    assert detail["dyads"]
    assert all(d["total"] == sum(d["counts"].values()) for d in detail["dyads"])


def test_network_keeps_the_busiest_nodes_and_only_their_edges(api):
    full = api.get("/api/network").json()
    small = api.get("/api/network", params={"max_nodes": 4}).json()
    assert len(small["nodes"]) == 4
    assert small["total_nodes"] == len(full["nodes"])
    kept = {n["id"] for n in small["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in small["edges"])
    busiest = sorted((n["num_events"] for n in full["nodes"]), reverse=True)[:4]
    assert sorted((n["num_events"] for n in small["nodes"]), reverse=True) == busiest
    for edge in full["edges"]:
        assert edge["quad"] in {int(k) for k in edge["weights"]}
    heavy = api.get("/api/network", params={"min_weight": 2}).json()
    assert all(e["total"] >= 2 for e in heavy["edges"])


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_timeline_counts_add_up_to_the_dated_events(api, store, interval):
    body = api.get("/api/timeline", params={"interval": interval, "by": "quad"}).json()
    dated = store.query_events(EventFilter(date_from=date(1900, 1, 1)), limit=1).total
    assert sum(b["count"] for b in body["buckets"]) == dated
    assert {b["key"] for b in body["buckets"]} <= {"1", "2", "3", "4"}


def test_map_counts_by_country_with_world_atlas_codes(api, store):
    body = api.get("/api/map").json()
    assert body["covered"] == body["total"] == store.stats().events
    by_code = {c["country"]: c for c in body["countries"]}
    assert by_code["LBN"]["numeric"] == "422"  # Lebanon in ISO 3166 numeric, as world-atlas keys it
    assert sum(c["count"] for c in body["countries"]) == body["total"]
    assert all(isinstance(p["lat"], float) and isinstance(p["lon"], float) for p in body["places"])


def test_stats(api, store):
    assert api.get("/api/stats").json() == json.loads(json.dumps(store.stats().to_dict()))


def test_export_jsonl_csv_and_parquet_carry_the_same_events(api, tmp_path):
    filters = {"event_type": "ASSAULT"}
    total = api.get("/api/events", params={**filters, "limit": 1}).json()["total"]
    jsonl = api.get("/api/export", params={**filters, "format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in jsonl.headers["content-disposition"]
    lines = [json.loads(line) for line in jsonl.text.splitlines() if line.strip()]
    assert len(lines) == total == int(jsonl.headers["x-dotterel-rows"])
    rows = list(csv.DictReader(io.StringIO(api.get("/api/export", params={**filters, "format": "csv"}).text)))
    assert len(rows) == total
    parquet = api.get("/api/export", params={**filters, "format": "parquet"})
    path = tmp_path / "events.parquet"
    path.write_bytes(parquet.content)
    assert pq.read_table(path).num_rows == total


def test_explorer_page_and_assets_are_served_with_a_strict_policy(api):
    page = api.get("/")
    if page.status_code == 503:
        pytest.skip("the explorer is not built (make setup builds it)")
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    script = api.get("/static/dist/explorer.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert api.get("/static/dist/countries-110m.json").status_code == 200


def test_a_read_only_store_answers_repeat_questions_from_the_cache(tmp_path):
    """Nothing can write a store the server holds read-only, so its answers are kept (issue #7)."""
    path = tmp_path / "s.duckdb"
    build_store(path, articles=2, hostile=False).close()
    with EventStore(path, read_only=True) as ro:
        app = create_app(ro)
        api = InProcessClient(app)
        cache = app.state.access.cache
        first = api.get("/api/events", params={"limit": 3})
        assert cache.hits == 0
        again = api.get("/api/events", params={"limit": 3})
        assert cache.hits == 1 and again.content == first.content
        api.get("/api/events", params={"limit": 4})
        assert cache.hits == 1  # another question is another answer
        assert api.get("/api/events/nope").status_code == 404
        assert api.get("/api/events/nope").status_code == 404
        assert cache.hits == 1  # errors are never kept
        uncached = create_app(ro, cache=False)
        assert uncached.state.access.cache is None
        uncached.state.access.close()
        app.state.access.close()


def test_a_read_only_store_file_is_read_through_a_pool_of_connections(tmp_path):
    """Five calls at once, as the explorer's first load sends them, each on a free connection."""
    path = tmp_path / "s.duckdb"
    build_store(path, articles=2, hostile=False).close()
    with EventStore(path, read_only=True) as ro:
        app = create_app(ro)
        access = app.state.access
        assert access.connections == 3
        api = InProcessClient(app)

        async def five_at_once() -> list[int]:
            results: list[int] = []

            async def one(limit: int) -> None:
                results.append(len((await access.call(lambda s: s.query_events(limit=limit))).events))

            async with anyio.create_task_group() as tg:
                for limit in range(1, 6):
                    tg.start_soon(one, limit)
            return sorted(results)

        assert anyio.run(five_at_once) == [1, 2, 3, 4, 5]
        assert api.get("/api/stats").json()["articles"] == 2
        access.close()


def test_a_writable_store_keeps_nothing(store):
    app = create_app(store)
    assert app.state.access.cache is None
