"""Issue 15: a count is an event's fatalities only when it counts the dead of that incident.

One hand-made sentence per rule, through the real pipeline (model tests), then the clustering
rule (best-supported figure, conflicts kept) and the migration of old stores, without the model.
"""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date

import pytest

from dotterel.provenance.quantities import fatalities
from dotterel.records import Article
from dotterel.store import EventStore
from dotterel.store.cluster import best_fatalities

from .test_store_records import article, event


def _fatalities(pipeline, text: str, trigger: str) -> tuple[int | None, dict]:
    events = pipeline.extract(Article(id="t", text=text, published=date(2023, 11, 15)))
    found = [e for e in events if e.trigger.text == trigger]
    assert found, f"no event on {trigger!r}: {[e.trigger.text for e in events]}"
    return fatalities(found[0].quantities), found[0].quantities


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the count counts dead people tied to the trigger
        ("Gunmen attacked a bar in Celaya on Sunday, killing 11 people.", "attacked", 11),
        ("Soldiers killed 12 alleged gunmen in a shootout in Michoacan on Monday.", "killed", 12),
        ("Gunmen shot dead five police officers in Zacatecas on Thursday.", "shot", 5),
        ("At least 3 people died when security forces opened fire on protesters in Lima.", "opened", 3),
        ("The death toll from Monday's car bombing in Kabul has risen to 30, officials said.", "bombing", 30),
        # the dead of the incident named by a noun
        (
            "The killing of four people in Jamundi may have been the EPL's way of announcing its entrance "
            "to the drug corridor.",
            "killing",
            4,
        ),
        # "between" two armed groups is not a range of dates
        (
            "The fighting -- between the ELN and the former insurgents of the EPL on March 15 -- resulted "
            "in at least six deaths in the region.",
            "fighting",
            6,
        ),
        # a dated single incident is not a total
        (
            "In August 2010, 72 Central American migrants were murdered at a ranch in San Fernando.",
            "murdered",
            72,
        ),
    ],
)
def test_the_dead_of_the_incident_are_its_fatalities(pipeline, text, trigger, expected):
    assert _fatalities(pipeline, text, trigger)[0] == expected


@pytest.mark.model
def test_arrest_warrants_are_not_dead(pipeline):
    """ "execute 52 arrest warrants": warrants end like agent nouns but are not people."""
    value, q = _fatalities(pipeline, "Police executed 52 arrest warrants in Sinaloa on Tuesday.", "executed")
    assert value is None and q["killed"] is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The war, which has killed more than 10,000 people since 2006, continued on Sunday.", "war"),
        ("Last year, fighting killed 3,000 people in the region.", "killed"),
        ("The violence has claimed 400 lives this year.", "violence"),
        ("Between January and May, the fighting killed 29 people in Comuna 8.", "killed"),
        (
            "Since 2017, clashes between police and demonstrators have resulted in six deaths, El Pais said.",
            "clashes",
        ),
    ],
)
def test_totals_of_a_war_or_a_period_are_not_fatalities(pipeline, text, trigger):
    value, q = _fatalities(pipeline, text, trigger)
    assert value is None
    assert q["spans"]["killed"]["total"] is True  # kept as evidence in the record, marked a total


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The deaths of 12 migrants in a fire in Ciudad Juarez sparked protests on Tuesday.", "protests"),
        ("Protests erupted in Guatemala City after the killing of five students on Monday.", "Protests"),
        (
            "Students protested in Asuncion on Monday following the killing of five security guards.",
            "protested",
        ),
    ],
)
def test_the_dead_of_another_event_are_not_this_ones(pipeline, text, trigger):
    value, q = _fatalities(pipeline, text, trigger)
    assert value is None and q["spans"]["killed"]["scope"] == "sentence"


@pytest.mark.model
def test_a_count_in_another_events_clause_stays_with_that_event(pipeline):
    text = "The attack came two days after a bombing that killed 20 people in Kabul."
    assert _fatalities(pipeline, text, "attack")[0] is None
    assert _fatalities(pipeline, text, "bombing")[0] == 20


# -- clustering: the best-supported figure -------------------------------------------------------


def test_best_supported_figure_most_articles_then_the_lowest():
    assert best_fatalities({}) == (None, None)
    assert best_fatalities({"11": ["a", "c"], "12": ["b"]}) == (11, 12)
    assert best_fatalities({"12": ["a", "c"], "11": ["b"]}) == (12, 12)
    assert best_fatalities({"11": ["a"], "14": ["b"]}) == (11, 14)  # a tie: the conservative one
    assert best_fatalities({"9": ["a", "a", "a"], "10": ["b", "c"]}) == (10, 10)  # articles, not mentions


def test_fatalities_helper_follows_scope_and_totals():
    assert fatalities({"killed": 3}) == 3  # a record without spans (hand-made or older)
    assert fatalities({"killed": 3, "spans": {"killed": {"scope": "trigger", "total": True}}}) is None
    assert fatalities({"killed": None, "spans": {"killed": {"scope": "sentence"}}}) is None
    assert fatalities({"killed": True}) is None and fatalities(None) is None


A = "Israeli aircraft struck Gaza City on Tuesday, killing 11, officials said."
B = "Israeli jets struck Gaza City on Tuesday, killing 12, medics said."
C = "An Israeli strike on Gaza City on Tuesday killed 11, the civil defence said."
WAR = "Israeli aircraft struck Gaza City on Tuesday in a war that has killed 11,000 people."


def _store_with_reports(s: EventStore) -> None:
    for aid, text, killed in (("a", A, 11), ("b", B, 12), ("c", C, 11)):
        art = article(aid, text, outlet=aid.upper())
        s.add_article(art, [event(art, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=killed)])


def test_clustered_event_takes_the_best_supported_figure_and_keeps_the_conflict():
    with EventStore(":memory:") as s:
        _store_with_reports(s)
        row = s.con.execute(
            "SELECT num_mentions, fatalities, fatalities_max, fatality_reports FROM events"
        ).fetchone()
        assert row[:3] == (3, 11, 12)
        assert json.loads(row[3]) == {"11": ["a", "c"], "12": ["b"]}


def test_a_mention_whose_count_is_a_total_never_gives_the_event_its_figure():
    """The 10,000-from-a-clustered-war-mention bug: the war's total is evidence, not fatalities."""
    with EventStore(":memory:") as s:
        art = article("a", A, outlet="A")
        s.add_article(art, [event(art, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=11)])
        war = article("w", WAR, outlet="W")
        ev = event(war, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City")
        total = {
            "value": 11000,
            "qualifier": None,
            "text": "11,000",
            "start": 0,
            "end": 6,
            "scope": "trigger",
        }
        ev = dataclasses.replace(
            ev, quantities={**ev.quantities, "killed": 11000, "spans": {"killed": {**total, "total": True}}}
        )
        s.add_article(war, [ev])
        assert s.con.execute("SELECT num_mentions, fatalities, fatalities_max FROM events").fetchone() == (
            2,
            11,
            11,
        )
        out = io.BytesIO()
        s.export("csv", None, out)
        assert ",11,11," in out.getvalue().decode()


def test_migration_recomputes_old_stores(tmp_path):
    """A store written before issue 15 (largest figure, no reports) is fixed when opened read-write."""
    db = tmp_path / "old.duckdb"
    with EventStore(db) as s:
        _store_with_reports(s)
        s.con.execute("ALTER TABLE events DROP COLUMN fatalities_max")
        s.con.execute("ALTER TABLE events DROP COLUMN fatality_reports")
        s.con.execute("UPDATE events SET fatalities = 12")  # the old rule: the largest figure
        s.con.execute("DELETE FROM schema_migrations WHERE name = '0003_event_fatality_reports'")
    with EventStore(db) as s:
        row = s.con.execute("SELECT fatalities, fatalities_max, fatality_reports FROM events").fetchone()
        assert row[:2] == (11, 12) and json.loads(row[2]) == {"11": ["a", "c"], "12": ["b"]}
        # and the store goes on growing from there: a fourth report of 12 ties two against two
        art = article("d", B.replace("jets", "planes"), outlet="D")
        s.add_article(art, [event(art, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=12)])
        assert s.con.execute("SELECT fatalities, fatalities_max FROM events").fetchone() == (11, 12)
