"""Quantities (issue #5): killed, injured, arrested, participants, each with its span."""

from __future__ import annotations

import pytest

from dotterel.provenance.quantities import parse_number
from tests.provenance_frames import add_frame, parse, run


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["11,000"], 11000),
        (["1.5", "million"], 1_500_000),
        (["twenty-five"], 25),
        (["two", "dozen"], 24),
        (["three", "hundred"], 300),
        (["several"], None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def _quantities(pipeline, text: str, trigger: str, nth: int = 0) -> dict:
    doc = parse(pipeline, text)
    frame = add_frame(doc, trigger, nth=nth)
    run(pipeline, doc, "dotterel_quantities")
    for info in frame.quantities.get("spans", {}).values():
        assert text[info["start"] : info["end"]] == info["text"]
    return frame.quantities


@pytest.mark.model
def test_at_least_killed_passive(pipeline):
    q = _quantities(pipeline, "Gunmen stormed the bar, and at least 12 people were killed.", "stormed")
    assert q["spans"]["killed"]["value"] == 12 and q["spans"]["killed"]["qualifier"] == "at least"
    assert q["spans"]["killed"]["text"] == "at least 12"


@pytest.mark.model
def test_participial_killing_is_tied_to_the_attack(pipeline):
    q = _quantities(
        pipeline, "Gunmen attacked a village, killing 14 civilians and wounding 20 others.", "attacked"
    )
    assert q["killed"] == 14 and q["spans"]["killed"]["scope"] == "trigger"
    assert q["injured"] == 20


@pytest.mark.model
def test_arrests_and_crowds(pipeline):
    q = _quantities(pipeline, "Police raided the market and arrested 37 suspects.", "raided")
    assert q["arrested"] == 37
    q = _quantities(pipeline, "Thousands of protesters marched through the capital.", "marched")
    assert q["participants"] == 2000 and q["spans"]["participants"]["qualifier"] == "thousands"


@pytest.mark.model
def test_death_toll(pipeline):
    q = _quantities(pipeline, "After the bombing the death toll rose to 30.", "bombing")
    assert q["spans"]["killed"]["value"] == 30


@pytest.mark.model
def test_count_of_another_clause_does_not_set_the_number(pipeline):
    text = "The conflict, which has killed over 500 people, prompted the council to urge a ceasefire."
    q = _quantities(pipeline, text, "urge", nth=0)
    assert q["killed"] is None and q["spans"]["killed"]["scope"] == "sentence"
    assert q["spans"]["killed"]["qualifier"] == "over"


@pytest.mark.model
def test_numbers_that_count_nothing_are_ignored(pipeline):
    q = _quantities(pipeline, "The army deployed 300 troops and 40 tanks to the border in 2021.", "deployed")
    assert q == {"killed": None, "injured": None, "arrested": None, "participants": None}


@pytest.mark.model
def test_seed_11000_palestinian_lives(pipeline, seed_text):
    """issue #5: "claimed over 11,000 Palestinian lives" → killed 11000, qualifier "over"."""
    doc = parse(pipeline, seed_text)
    conflict = add_frame(doc, "conflict", nth=1)
    call = add_frame(doc, "call", event_type="REQUEST")
    run(pipeline, doc, "dotterel_quantities")
    assert conflict.quantities["killed"] == 11000
    info = conflict.quantities["spans"]["killed"]
    assert (info["qualifier"], info["text"], info["scope"]) == ("over", "over 11,000", "trigger")
    assert seed_text[info["start"] : info["end"]] == "over 11,000"
    assert call.quantities["killed"] is None and call.quantities["spans"]["killed"]["scope"] == "sentence"


@pytest.mark.model
def test_rates_and_things_are_not_casualties(pipeline):
    q = _quantities(
        pipeline, "The violence drove the murder rate up to 92 homicides per 100,000 inhabitants.", "drove"
    )
    assert "spans" not in q
    q = _quantities(pipeline, "Customs officers captured 300 wild parrots at the port.", "captured")
    assert "spans" not in q


@pytest.mark.model
def test_left_dead(pipeline):
    q = _quantities(pipeline, "The raid on the favela left two dead.", "raid")
    assert q["killed"] == 2


@pytest.mark.model
def test_event_noun_subject_shares_the_clause_with_its_toll(pipeline):
    q = _quantities(
        pipeline, "The fighting between the two groups resulted in at least six deaths.", "fighting"
    )
    assert q["killed"] == 6 and q["spans"]["killed"]["qualifier"] == "at least"


@pytest.mark.model
def test_tens_of_thousands(pipeline):
    q = _quantities(pipeline, "Tens of thousands of people rallied in the capital on Sunday.", "rallied")
    assert q["participants"] == 20000 and q["spans"]["participants"]["qualifier"] == "tens of thousands"
    assert q["spans"]["participants"]["text"] == "Tens of thousands"


@pytest.mark.model
def test_seed_pipeline_carries_the_11000(seed_events, seed_text):
    """Through the whole pipeline the toll reaches the events of its sentence, with its span."""
    found = [
        e.quantities["spans"]["killed"]
        for e in seed_events
        if "11,000" in e.evidence.sentence and "killed" in e.quantities.get("spans", {})
    ]
    assert found, "no event of the 11,000 sentence carries the count"
    for info in found:
        assert (info["value"], info["qualifier"]) == (11000, "over")
        assert seed_text[info["start"] : info["end"]] == "over 11,000"


@pytest.mark.model
def test_seed_toll_is_counted_once_by_the_conflict_event(seed_events):
    """issue #5: the conflict event holds killed == 11000; the other events of its sentence do not."""
    found = [e for e in seed_events if "11,000" in e.evidence.sentence]
    assert [e.trigger.text for e in found if e.quantities["killed"] == 11000] == ["conflict"]
    assert all(
        e.quantities["spans"]["killed"]["scope"] == "sentence" for e in found if e.trigger.text != "conflict"
    )


@pytest.mark.model
def test_protesters_detained_are_arrests(pipeline):
    q = _quantities(pipeline, "Police detained more than 300 protesters in the capital.", "detained")
    assert q["arrested"] == 300 and q["participants"] is None


@pytest.mark.model
def test_deaths_caused_by_the_act_in_its_adverbial_clause(pipeline):
    q = _quantities(
        pipeline, "At least 3 people died when security forces opened fire on protesters.", "opened"
    )
    assert q["killed"] == 3 and q["spans"]["killed"]["qualifier"] == "at least"
