"""Status and its cue, one test per status (issue #3): an analyst filters on these."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model


def one(status_coder, text, published=None):
    from dotterel.records import Article

    [event] = status_coder.extract(Article(id="s", text=text, published=published))
    return event


@pytest.mark.parametrize(
    ("text", "status", "cue"),
    [
        ("The army did not attack the village.", "negated", "did not"),
        ("Israel never retaliated against Hezbollah.", "negated", "never"),
        ("The army refused to attack the village.", "negated", "refused to"),
        ("The rebels failed to capture the town.", "negated", "failed to"),
        ("Israel could strike Iranian nuclear sites.", "hypothetical", "could"),
        ("The rebels will attack the city if the talks fail.", "hypothetical", "if"),
        ("Egypt plans to host talks between the two sides next week.", "future", "plans to"),
        ("The United Nations will provide food aid to the refugees.", "future", "will"),
        ("Police arrested 40 protesters in the capital on Sunday.", "asserted", None),
    ],
)
def test_status_and_cue(status_coder, text, status, cue):
    event = one(status_coder, text, date(2024, 3, 1))
    assert (event.status, event.status_cue) == (status, cue)


def test_a_refusal_coded_reject_is_itself_asserted(status_coder):
    """issue #12: the refusal happened; only the refused act (when coded as its own) is negated."""
    event = one(status_coder, "Turkey refused to send troops to Iraq.")
    assert (event.event_type, event.status, event.status_cue) == ("REJECT", "asserted", None)


def test_negation_outranks_a_condition_and_keeps_both_cues(status_coder):
    event = one(status_coder, "Iran will not intervene directly unless attacked by Israel.")
    assert event.status == "negated"
    assert event.status_cue == "will not ... unless"


def test_a_year_well_before_publication_is_historical(status_coder):
    event = one(status_coder, "In 1990, Iraq invaded Kuwait.", date(2024, 3, 1))
    assert (event.status, event.status_cue) == ("historical", "In 1990")


def test_a_recent_date_is_not_historical(status_coder):
    event = one(status_coder, "In March 2024, Iraq invaded Kuwait.", date(2024, 3, 20))
    assert event.status == "asserted"


def test_unasserted_events_get_lower_confidence(status_coder):
    asserted = one(status_coder, "Israel struck Iranian nuclear sites.")
    hypothetical = one(status_coder, "Israel could strike Iranian nuclear sites.")
    assert hypothetical.confidence < asserted.confidence


def test_status_component_runs_after_the_coder_and_before_attribution():
    from dotterel.components import COMPONENT_MODULES

    names = list(COMPONENT_MODULES)
    status_coder = [n for n in ("dotterel_frames", "dotterel_event_classifier") if n in names]
    assert all(names.index(n) < names.index("dotterel_status") for n in status_coder)
    assert names.index("dotterel_status") < names.index("dotterel_attribution")


def test_counterfactual_would_have_is_hypothetical(status_coder):
    event = one(
        status_coder, "It is doubtful that the FARC would have intensified their attacks against the sector."
    )
    assert (event.status, event.status_cue) == ("hypothetical", "would have")


def test_earlier_this_year_is_not_historical(status_coder):
    event = one(status_coder, "The rebel commander was arrested earlier this year.", date(2024, 3, 1))
    assert event.status == "asserted"


def test_decades_ago_is_historical(status_coder):
    event = one(
        status_coder, "The village was destroyed two decades ago by government troops.", date(2024, 3, 1)
    )
    assert (event.status, event.status_cue) == ("historical", "two decades ago")


def test_a_noun_subject_keeps_its_own_status_under_a_modal_verb(status_coder):
    # "may" is about what the massacre confirms, not about whether it happened
    event = one(status_coder, "The massacre of seven villagers may confirm that the group is expanding.")
    assert event.status == "asserted"
