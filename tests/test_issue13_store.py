"""Issue #13: the store keeps the admin areas of an event's place and how the place was tied to it,
and an older store gains those columns (null for what it already held) when opened."""

from __future__ import annotations

from dataclasses import replace

import duckdb

from dotterel.records import Location
from dotterel.store import EventStore
from dotterel.store.migrations import MIGRATIONS
from tests.test_store_records import article, event

TEXT = "Gunmen attacked a police convoy in Culiacán on Monday, killing four officers, police said."
CULIACAN = Location(
    "Culiacán", 35, 43, "Culiacán", 24.79032, -107.38782, "MEX", "city", geonameid=4012176,
    reason="locative phrase attached to the trigger; city 'Culiacán'", admin1="Sinaloa", admin2="Culiacán",
    basis="trigger",
)  # fmt: skip


def _located(aid: str):
    art = article(aid, TEXT)
    ev = event(art, "ASSAULT", ["Gunmen"], ["police"])
    return art, replace(ev, location=CULIACAN)


def test_issue13_mentions_events_and_places_carry_admin_areas_and_basis():
    with EventStore(":memory:") as store:
        art, ev = _located("a")
        store.add_article(art, [ev])
        con = store.con
        assert con.execute("SELECT place_admin1, place_admin2, geo_basis FROM mentions").fetchall() == [
            ("Sinaloa", "Culiacán", "trigger")
        ]
        assert con.execute("SELECT place_admin1, place_admin2, geo_basis FROM events").fetchall() == [
            ("Sinaloa", "Culiacán", "trigger")
        ]
        assert con.execute("SELECT name, admin1, admin2, num_mentions FROM places").fetchall() == [
            ("Culiacán", "Sinaloa", "Culiacán", 1)
        ]
        record = con.execute("SELECT record FROM mentions").fetchone()[0]
        assert '"basis": "trigger"' in record and '"admin1": "Sinaloa"' in record


def test_issue13_an_older_store_gains_the_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    names = [name for name, _ in MIGRATIONS]
    mine = names.index("0004_location_admin_areas")
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    for name, statements in MIGRATIONS[:mine]:
        for sql in statements:
            con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, current_timestamp)", [name])
    con.execute(
        "INSERT INTO places VALUES ('name:Culiacán|MEX', 'Culiacán', 'MEX', 24.8, -107.4, 'city', 4012176, 3)"
    )
    con.close()
    with EventStore(path) as store:
        assert "0004_location_admin_areas" in store.stats().migrations
        rows = store.con.execute("SELECT name, admin1, admin2, num_mentions FROM places").fetchall()
        assert rows == [("Culiacán", None, None, 3)]
        art, ev = _located("b")
        store.add_article(art, [ev])
        assert store.con.execute("SELECT geo_basis FROM events").fetchall() == [("trigger",)]
