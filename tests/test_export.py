"""Exports of the event store: every format parses and carries the documented columns (issue #6)."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import networkx as nx
import pyarrow.parquet as pq
import pytest

from dotterel.errors import StoreError
from dotterel.store import EXPORT_FORMATS, EventFilter, EventStore
from dotterel.store.export import ACLED_COLUMNS, GDELT_COLUMNS

from .test_store_records import article, event

A = "GAZA CITY (Reuters) - Israeli aircraft struck Gaza City on Tuesday, killing 11, officials said."
B = "Israeli jets struck Gaza City overnight, killing 12, medics told the Associated Press."
C = "Hezbollah fired rockets at Israel from Lebanon on Sunday; Iran praised the attack."


@pytest.fixture
def store():
    with EventStore(":memory:") as s:
        a = article("a", A, outlet="Reuters", url="https://www.reuters.com/a")
        b = article("b", B, outlet="AP", url="https://apnews.com/b")
        c = article("c", C, outlet="AP")
        s.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=11)])
        s.add_article(b, [event(b, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=12)])
        s.add_article(
            c,
            [
                event(c, "ASSAULT", ["Hezbollah"], ["Israel"], when="2023-11-12", place="Lebanon"),
                event(c, "SUPPORT", ["Iran"], ["Hezbollah"], when="2023-11-12", n=40),
            ],
        )
        yield s


def _export(store, fmt, filters=None, **kw) -> bytes:
    out = io.BytesIO()
    store.export(fmt, filters, out, **kw)
    return out.getvalue()


def test_jsonl_events_are_contract_records(store, event_schema):
    records = [json.loads(line) for line in _export(store, "jsonl").decode().splitlines()]
    assert len(records) == 3
    for rec in records:
        jsonschema.validate(rec, event_schema)
    strike = records[0]
    assert (strike["event_type"], strike["num_mentions"], strike["num_articles"], strike["num_sources"]) == (
        "ASSAULT",
        2,
        2,
        2,
    )
    assert strike["mention_ids"] == ["a-m0", "b-m0"] and strike["outlets"] == ["Reuters", "AP"]


def test_jsonl_mentions_level(store, event_schema):
    records = [json.loads(line) for line in _export(store, "jsonl", level="mentions").decode().splitlines()]
    assert [r["id"] for r in records] == ["a-m0", "b-m0", "c-m0", "c-m40"]
    assert records[0]["event_id"] == records[1]["event_id"]
    for rec in records:
        jsonschema.validate(rec, event_schema)


def test_csv_and_paging(store):
    rows = list(csv.DictReader(io.StringIO(_export(store, "csv").decode())))
    assert [r["event_type"] for r in rows] == ["ASSAULT", "ASSAULT", "SUPPORT"]
    assert rows[0]["actors"] == "Israel" and rows[0]["num_mentions"] == "2"
    assert (rows[0]["fatalities"], rows[0]["fatalities_max"]) == ("11", "12")  # issue 15: best-supported
    paged = list(csv.DictReader(io.StringIO(_export(store, "csv", limit=1, offset=1).decode())))
    assert [r["event_id"] for r in paged] == [rows[1]["event_id"]]
    mentions = list(csv.DictReader(io.StringIO(_export(store, "csv", level="mentions").decode())))
    assert len(mentions) == 4 and mentions[0]["trigger"] == A[:5]


def test_parquet_round_trip(store, tmp_path):
    path = tmp_path / "events.parquet"
    assert store.export("parquet", EventFilter(quad_code=(4,)), path) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2
    assert table.column("event_id").to_pylist()[0].startswith("E")
    assert set(table.column_names) >= {"date", "event_type", "num_sources", "lat", "lon"}


def test_gdelt_table(store):
    lines = _export(store, "gdelt", header=True).decode().splitlines()
    assert lines[0].split("\t") == GDELT_COLUMNS
    row = dict(zip(GDELT_COLUMNS, lines[1].split("\t"), strict=True))
    assert row["SQLDATE"] == "20231114" and row["MonthYear"] == "202311" and row["Year"] == "2023"
    assert (row["Actor1Name"], row["Actor1CountryCode"], row["Actor2Name"]) == ("ISRAEL", "ISR", "HAMAS")
    assert (row["EventRootCode"], row["QuadClass"]) == ("18", "4")  # issue 15: CAMEO, not PLOVER
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == (
        "4",
        "Gaza City, Palestine",
        "GZ",  # issue 15: FIPS 10-4 (the Gaza Strip), not ISO
    )
    assert row["ActionGeo_FeatureID"] == "281133"
    assert row["SOURCEURL"] == "https://www.reuters.com/a"


def test_acled_csv(store):
    rows = list(csv.DictReader(io.StringIO(_export(store, "acled").decode())))
    assert list(rows[0]) == ACLED_COLUMNS
    first = rows[0]
    assert (first["event_date"], first["actor1"], first["actor2"], first["country"]) == (
        "2023-11-14",
        "Israel",
        "Hamas",
        "Palestine",
    )
    assert (first["location"], first["geo_precision"], first["fatalities"], first["source"]) == (
        "Gaza City",
        "1",
        "11",  # issue 15: the best-supported (here: the most conservative) figure, not the largest
        "Reuters; AP",
    )
    assert rows[1]["geo_precision"] == "3"  # Lebanon, country-precise
    assert len(rows) == 2  # issue 15: Iran praising the attack is not an event ACLED records


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats(store, tmp_path, fmt):
    path = tmp_path / f"net.{fmt}"
    assert store.export(fmt, None, path) == 3
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    labels = {n: d["label"] for n, d in graph.nodes(data=True)}
    edges = {(labels[s], labels[t]): d for s, t, d in graph.edges(data=True)}
    assert set(edges) == {("Israel", "Hamas"), ("Hezbollah", "Israel"), ("Iran", "Hezbollah")}
    assert int(edges[("Israel", "Hamas")]["q4"]) == 1 and int(edges[("Iran", "Hezbollah")]["q1"]) == 1


def test_unknown_format(store):
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        store.export("xml", None, io.BytesIO())
    assert "xml" not in EXPORT_FORMATS


def test_csv_cells_cannot_start_a_spreadsheet_formula():
    """Article text is untrusted: a cell starting with = + - @ is neutralised (issue #7 review)."""
    hostile = '=HYPERLINK("http://x","click") Rebels attacked a convoy near Goma.'
    with EventStore(":memory:") as s:
        a = article("h", hostile, outlet="@evil")
        s.add_article(a, [event(a, "ASSAULT", ["=cmd|' /C calc'!A0"], ["+Goma"])])
        for fmt, delim in (("csv", ","), ("acled", ","), ("gdelt", "\t")):
            out = _export(s, fmt, header=True, all_events=True).decode()
            rows = list(csv.reader(io.StringIO(out), delimiter=delim))
            cells = [c for row in rows[1:] for c in row]
            assert any(c.startswith("'=") for c in cells), fmt
            assert not any(c[:1] in ("=", "+", "@") for c in cells), fmt
