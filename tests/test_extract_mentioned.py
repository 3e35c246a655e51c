"""Mentioned past events with their own date or death toll are coded (issue #5).

A background violence noun is an event of its own only when the text gives it a calendar anchor
("the 2019 clashes") or a death toll ("the violence that killed 30 people"); without one it stays
background. The sentences are this test's own, not the example article's.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 11, 15)


def events(pipeline, text, published=PUBLISHED):
    from dotterel.records import Article

    return pipeline.extract(Article(id="m", text=text, published=published))


def by_trigger(found, word):
    return [e for e in found if e.trigger.text == word]


@pytest.mark.parametrize(
    ("text", "trigger", "when", "cue"),
    [
        ("Talks resumed after the 2019 clashes between Hindus and Muslims.", "clashes", "2019-01-01", "2019"),
        ("Police are still investigating Monday's bombing in Kabul.", "bombing", "2023-11-13", "Monday"),
        ("The envoy complained about the lack of warning before the March 3 attacks.", "attacks",
         "2023-03-03", "March 3"),
    ],
)  # fmt: skip
def test_issue_5_background_violence_noun_with_its_own_date_is_historical(pipeline, text, trigger, when, cue):
    [event] = by_trigger(events(pipeline, text), trigger)
    assert event.event_type == "ASSAULT"
    assert (event.status, event.status_cue) == ("historical", cue)
    assert (event.date, event.date_text) == (when, cue)


def test_issue_5_dated_mention_keeps_the_possessor_as_actor(pipeline):
    found = events(pipeline, "Reporters were caught off guard by the rebels' October raid on the town.")
    [raid] = by_trigger(found, "raid")
    assert (raid.event_type, raid.status, raid.date_precision) == ("ASSAULT", "historical", "month")
    assert [a.text for a in raid.actor] == ["the rebels"]
    assert all(a.text != "October" for a in (*raid.actor, *raid.recipient))


def test_issue_5_undated_background_mention_stays_background(pipeline):
    found = events(pipeline, "The envoy complained about the lack of warning before the attacks.")
    assert not by_trigger(found, "attacks")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Parties called a strike in protest of last week's arrest of activists.", "arrest"),  # not violence
        ("Police investigated crimes committed during the 1991-1995 conflict.", "conflict"),  # a period
    ],
)
def test_issue_5_non_violent_or_undatable_mentions_stay_background(pipeline, text, trigger):
    assert not by_trigger(events(pipeline, text), trigger)


def test_issue_5_date_of_today_is_not_historical(pipeline):
    found = events(pipeline, "Officials gave no notice of today's bombing.", published=PUBLISHED)
    assert all(e.status != "historical" for e in by_trigger(found, "bombing"))


@pytest.mark.parametrize(
    ("text", "trigger", "killed"),
    [
        ("Residents still remember the violence that killed 30 people.", "violence", 30),
        ("The war, which has claimed more than 2,000 lives, has forced the government to act.", "war", 2000),
        ("Lebanon complained about two air raids in which it said 20 people were killed.", "raids", 20),
    ],
)
def test_issue_5_conflict_noun_reporting_deaths_is_an_assault_with_its_toll(pipeline, text, trigger, killed):
    found = events(pipeline, text)
    [event] = by_trigger(found, trigger)
    assert event.event_type == "ASSAULT" and event.status == "asserted"
    assert event.quantities["killed"] == killed
    assert event.quantities["spans"]["killed"]["scope"] == "trigger"
    others = [e for e in found if e is not event and "killed" in e.quantities.get("spans", {})]
    assert all(e.quantities["killed"] is None for e in others)  # the toll is counted once


def test_issue_5_conflict_noun_without_a_toll_stays_background(pipeline):
    found = events(pipeline, "The war, which has lasted two years, has forced the government to act.")
    assert not by_trigger(found, "war")


def test_issue_5_deaths_of_a_disaster_are_no_assault(pipeline):
    assert not events(pipeline, "The fire, which killed nine workers, was put out on Monday.")


def test_issue_5_toll_of_an_event_verb_is_not_coded_twice(pipeline):
    found = events(pipeline, "Monday's fighting killed 30 people in the north.")
    assert not by_trigger(found, "fighting")
    assert [e.quantities["killed"] for e in found if e.event_type == "ASSAULT"] == [30]
