"""Conjoined nationalities become one actor per country; sponsored groups take no context country
(issue #4)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _roles(pipeline, text: str, event_type: str):
    events = [e for e in pipeline.extract(text) if e.event_type == event_type]
    assert events, [e.event_type for e in pipeline.extract(text)]
    return events[0]


def test_conjoined_nationality_recipients_are_split(pipeline):
    text = "The Red Cross said US and British forces must ensure security in Basra."
    event = _roles(pipeline, text, "REQUEST")
    got = [(e.text, e.name, e.country, e.sector) for e in event.recipient]
    assert got == [
        ("US", "military (United States)", "USA", "MIL"),
        ("British", "military (United Kingdom)", "GBR", "MIL"),
    ]
    for e in event.recipient:
        assert text[e.start : e.end] == e.text and "split" in e.reason


def test_conjoined_nationality_actors_are_split(pipeline):
    event = _roles(pipeline, "Russian and Chinese diplomats met in Geneva on Tuesday.", "CONSULT")
    assert [(e.country, e.sector) for e in event.actor] == [("RUS", "GOV"), ("CHN", "GOV")]


def test_one_nationality_is_not_split(pipeline):
    event = _roles(pipeline, "Russian diplomats met Chinese officials in Geneva on Tuesday.", "CONSULT")
    assert [e.country for e in event.actor] == ["RUS"]


def test_sponsored_group_does_not_borrow_the_country_of_its_target(pipeline):
    event = _roles(pipeline, "Iran-backed militias attacked US forces.", "ASSAULT")
    (actor,) = event.actor
    assert (actor.country, actor.sector, actor.patron) == (None, "REB", "IRN")
