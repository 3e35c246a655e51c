"""The explorer's questions in the API: top-N network, dyads, actor page, counts, facets, sorting (issue #14).

The answers of the DuckDB aggregates (:mod:`dotterel.store.explore`) are checked against the
store's older, Python-side network and event queries over the same real store, so a wrong
``GROUP BY`` cannot pass. One article has an unresolved actor ("he": no kb id, country or
sector), which must never become a node, a listed actor or a side of a dyad.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from dotterel.records import Entity
from dotterel.server import create_app
from dotterel.store import EventFilter
from tests.browser.support import InProcessClient, build_store
from tests.browser.synthetic import synthetic_articles

PRONOUN = "name:he|"


@pytest.fixture(scope="module")
def store():
    s = build_store(articles=24)
    article, events = next(synthetic_articles(1, seed=99))
    article = dataclasses.replace(article, id="pronoun-article")
    fixed = []
    for i, ev in enumerate(events):
        a = ev.actor[0]
        he = Entity(text="he", start=a.start, end=a.start + 2, name="he")
        fixed.append(dataclasses.replace(ev, id=f"pronoun-e{i}", article_id=article.id, actor=[he]))
    s.add_article(article, fixed)
    yield s
    s.close()


@pytest.fixture(scope="module")
def api(store):
    return InProcessClient(create_app(store))


def _resolved(store) -> set[str]:
    return {
        r[0]
        for r in store.con.execute(
            "SELECT id FROM actors WHERE kb_id IS NOT NULL OR country IS NOT NULL OR sector IS NOT NULL"
        ).fetchall()
    }


def test_issue14_network_is_the_top_n_of_the_full_network_without_pronouns(api, store):
    full = store.network()
    resolved = _resolved(store)
    assert PRONOUN in {n.id for n in full.nodes}  # the old query drew it
    counts = {n.id: n.num_events for n in full.nodes if n.id in resolved}
    body = api.get("/api/network", params={"max_nodes": 6}).json()
    ids = [n["id"] for n in body["nodes"]]
    assert len(ids) == 6 and PRONOUN not in ids
    assert [n["num_events"] for n in body["nodes"]] == sorted(counts.values(), reverse=True)[:6]
    assert all(counts[n["id"]] == n["num_events"] for n in body["nodes"])
    assert all(n["as_actor"] + n["as_recipient"] == n["num_events"] for n in body["nodes"])
    expected = {(e.source, e.target): e.weights for e in full.edges if e.source in ids and e.target in ids}
    got = {(e["source"], e["target"]): {int(k): v for k, v in e["weights"].items()} for e in body["edges"]}
    assert got == expected
    linked = {s for s, _ in got} | {t for _, t in got}
    assert all(n["isolated"] == (n["id"] not in linked) for n in body["nodes"])
    assert body["total_nodes"] == len([n for n in full.nodes if n.id in resolved])


def test_issue14_network_follows_the_filters(api, store):
    body = api.get("/api/network", params={"quad_code": "4", "max_nodes": 100}).json()
    full = store.network(EventFilter(quad_code=(4,)))
    assert {(e["source"], e["target"]) for e in body["edges"]} == {
        (e.source, e.target) for e in full.edges if PRONOUN not in (e.source, e.target)
    }
    assert all(set(e["weights"]) == {"4"} for e in body["edges"])


def test_issue14_actors_are_resolved_and_counted_like_the_events_endpoint(api):
    items = api.get("/api/actors", params={"limit": 100}).json()["items"]
    assert PRONOUN not in {a["id"] for a in items}
    top = items[0]
    events = api.get("/api/events", params={"actor_id": top["id"], "limit": 1}).json()
    assert events["total"] == top["num_events"]


def test_issue14_dyads_equal_the_network_edges_and_link_to_their_events(api, store):
    body = api.get("/api/dyads", params={"limit": 500}).json()
    full = store.network()
    expected = {(e.source, e.target): e.weights for e in full.edges if PRONOUN not in (e.source, e.target)}
    got = {
        (d["source_id"], d["target_id"]): {int(k): v for k, v in d["counts"].items()} for d in body["items"]
    }
    assert got == expected and body["total"] == len(expected)
    totals = [d["total"] for d in body["items"]]
    assert totals == sorted(totals, reverse=True)
    top = body["items"][0]
    linked = api.get(
        "/api/events", params={"source_id": top["source_id"], "target_id": top["target_id"], "limit": 500}
    ).json()
    assert linked["total"] == top["total"]
    for item in linked["items"]:
        assert top["source_name"] in item["actors"] and top["target_name"] in item["recipients"]
    page2 = api.get("/api/dyads", params={"limit": 5, "offset": 5}).json()
    assert [d["source_id"] for d in page2["items"]] == [d["source_id"] for d in body["items"][5:10]]


def test_issue14_actor_page_has_aliases_counts_dyads_and_timeline(api):
    top = api.get("/api/actors", params={"limit": 1}).json()["items"][0]
    page = api.get(f"/api/actors/{top['id']}").json()
    assert page["actor"]["num_events"] == top["num_events"]
    assert page["aliases"] and page["aliases"][0]["text"]
    assert page["as_actor"] + page["as_recipient"] >= top["num_events"]  # both roles: counted twice
    assert sum(p["count"] for p in page["timeline"]) == top["num_events"]  # synthetic events are dated
    assert sum(page["quads"].values()) == top["num_events"]
    assert all(top["id"] in (d["source_id"], d["target_id"]) for d in page["dyads"])
    out = [d for d in page["dyads"] if d["source_id"] == top["id"]]
    assert sum(d["total"] for d in out) >= page["as_actor"]  # one event may have two recipients
    assert api.get("/api/actors/nobody").status_code == 404


def test_issue14_counts_follow_the_filters(api, store):
    everything = api.get("/api/counts").json()
    assert everything["events"] == store.stats().events
    assert everything["undated"] == 0 and everything["unplaced"] == 0
    narrowed = api.get("/api/counts", params={"event_type": "ASSAULT", "date_from": "2023-11-01"}).json()
    page = api.get("/api/events", params={"event_type": "ASSAULT", "date_from": "2023-11-01"}).json()
    assert narrowed["events"] == page["total"] < everything["events"]
    assert narrowed["date_min"] >= "2023-11-01"


def test_issue14_an_undated_unplaced_event_is_counted_as_such(tmp_path):
    s = build_store(articles=2, hostile=False)
    article, events = next(synthetic_articles(1, seed=5))
    article = dataclasses.replace(article, id="loose", published=None)
    loose = [
        dataclasses.replace(ev, id=f"loose-{i}", article_id="loose", date=None, date_text=None, location=None)
        for i, ev in enumerate(events[:2])
    ]
    s.add_article(article, loose)
    body = InProcessClient(create_app(s)).get("/api/counts").json()
    s.close()
    assert body["undated"] == 2 and body["unplaced"] == 2


def test_issue14_facets_list_codes_with_counts(api, store):
    body = api.get("/api/facets").json()
    countries = {f["value"]: f["count"] for f in body["country"]}
    assert countries["PSE"] == store.query_events(EventFilter(country="PSE"), limit=0).total
    assert "GOV" in {f["value"] for f in body["sector"]}
    sql = "SELECT DISTINCT outlet FROM mentions WHERE outlet IS NOT NULL"
    outlets = {r[0] for r in store.con.execute(sql).fetchall()}
    assert {f["value"] for f in body["outlet"]} == outlets


def test_issue14_a_country_code_in_the_actor_box_matches_the_actors_country(api, store):
    by_code = api.get("/api/events", params={"actor": "irn", "limit": 500}).json()
    by_country = store.query_events(EventFilter(actor_country="IRN"), limit=500)
    assert by_code["total"] >= by_country.total > 0
    assert {e.id for e in by_country.events} <= {e["id"] for e in by_code["items"]}


@pytest.mark.parametrize("sort", ["confidence", "num_sources", "event_type", "fatalities"])
def test_issue14_the_table_sorts_by_any_column_over_all_pages(api, store, sort):
    desc = api.get("/api/events", params={"sort": sort, "limit": 500}).json()["items"]
    asc = api.get("/api/events", params={"sort": sort, "order": "asc", "limit": 500}).json()["items"]
    values = [e[sort] for e in desc if e[sort] is not None]
    assert values == sorted(values, reverse=True)
    assert [e[sort] for e in asc if e[sort] is not None] == sorted(values)
    assert len(desc) == len(asc) == store.stats().events
    assert api.get("/api/events", params={"sort": "bogus"}).status_code == 400


def test_issue14_summaries_carry_fatalities():
    s = build_store(articles=1, hostile=False)
    article, events = next(synthetic_articles(1, seed=3))
    article = dataclasses.replace(article, id="deadly", published=date(2024, 1, 2))
    killed = [dataclasses.replace(events[0], id="deadly-0", article_id="deadly", quantities={"killed": 4})]
    s.add_article(article, killed)
    body = InProcessClient(create_app(s)).get("/api/events", params={"sort": "fatalities"}).json()
    s.close()
    assert body["items"][0]["fatalities"] == 4
