"""Violence as researchers count it (issue 10, item 5), through the whole pipeline with the model."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def coded(pipeline, text):
    return [(e.event_type, e.mode, e.quantities.get("killed")) for e in pipeline.extract(text)]


def test_issue10_deaths_in_violence_are_assault_with_their_count_without_a_perpetrator(pipeline):
    assert coded(pipeline, "Three people were killed in the violence in the north on Monday.") == [
        ("ASSAULT", None, 3)
    ]
    assert [t for t, _, _ in coded(pipeline, "Five people died in clashes between rival gangs.")] == [
        "ASSAULT"
    ]


def test_issue10_to_death_is_a_killing(pipeline):
    assert [t for t, _, _ in coded(pipeline, "A man was stabbed to death in the capital on Sunday.")] == [
        "ASSAULT"
    ]


def test_issue10_tear_gas_on_a_crowd_is_assault_crowd_control(pipeline):
    assert coded(pipeline, "Police fired tear gas at protesters in Nairobi on Tuesday.") == [
        ("ASSAULT", "crowd-control", None)
    ]


def test_issue10_accidents_stay_out(pipeline):
    assert coded(pipeline, "Two workers were killed in an explosion at a chemical factory.") == []
