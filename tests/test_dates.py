"""Dates (issue #5): date expressions resolved against the publication date and tied to triggers."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.provenance.dates import has_calendar_anchor, resolve_date
from tests.provenance_frames import add_frame, parse, run

PUBLISHED = date(2023, 11, 15)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 7", (date(2023, 10, 7), "day")),
        ("on Monday", (date(2023, 11, 13), "day")),
        ("yesterday", (date(2023, 11, 14), "day")),
        ("October", (date(2023, 10, 1), "month")),
        ("December", (date(2022, 12, 1), "month")),  # the past December, not the coming one
        ("March 2021", (date(2021, 3, 1), "month")),
        ("last year", (date(2022, 1, 1), "year")),
        ("last week", (date(2023, 11, 1), "month")),  # the week of Nov 6-12, stated as its month
        ("early October", (date(2023, 10, 1), "month")),
    ],
)
def test_resolve_against_publication(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text", ["four decades", "nearly two decades", "three days", "40-year-old", "aged 40"]
)
def test_durations_and_ages_are_not_dates(text):
    assert not has_calendar_anchor(text)
    assert resolve_date(text, PUBLISHED) is None


def test_future_reading_is_refused():
    assert resolve_date("December 2024", PUBLISHED) is None


def _date(pipeline, text: str, trigger: str, nth: int = 0, published=PUBLISHED):
    doc = parse(pipeline, text, published)
    frame = add_frame(doc, trigger, nth=nth)
    run(pipeline, doc, "dotterel_dates")
    if frame.date is not None:
        assert text[frame.date.start : frame.date.end] == frame.date.text
    return frame.date


@pytest.mark.model
def test_date_attached_to_the_trigger(pipeline):
    info = _date(pipeline, "Gunmen attacked a police station in Culiacán on Monday.", "attacked")
    assert (info.date, info.precision, info.text) == (date(2023, 11, 13), "day", "Monday")


@pytest.mark.model
def test_date_of_another_event_is_not_taken(pipeline):
    text = "The minister condemned the attack, which killed five people on Monday, at a press conference."
    assert _date(pipeline, text, "condemned") is None


@pytest.mark.model
def test_duration_in_the_clause_is_not_the_date(pipeline):
    assert _date(pipeline, "Hezbollah has fought Israel for nearly two decades.", "fought") is None


@pytest.mark.model
def test_no_publication_date_leaves_the_date_unset(pipeline):
    assert _date(pipeline, "Gunmen attacked the station on Monday.", "attacked", published=None) is None


@pytest.mark.model
def test_seed_october_7_attacks(pipeline, seed_text):
    """issue #5: "the October 7 attacks" → 2023-10-07; the accusation around it keeps no date."""
    doc = parse(pipeline, seed_text)
    attacks = add_frame(doc, "attacks")
    accusing = add_frame(doc, "Accusing", event_type="ACCUSE")
    run(pipeline, doc, "dotterel_dates")
    assert (attacks.date.date, attacks.date.precision, attacks.date.text) == (
        date(2023, 10, 7),
        "day",
        "October 7",
    )
    assert accusing.date is None


@pytest.mark.model
def test_year_before_an_event_noun_is_that_noun_s_date(pipeline):
    """issue #5: "the 2003 invasion" dates the invasion, not the verb that mentions it."""
    doc = parse(pipeline, "Officials recalled the 2003 invasion of Iraq.")
    invasion = add_frame(doc, "invasion")
    run(pipeline, doc, "dotterel_dates")
    assert (invasion.date.date, invasion.date.precision) == (date(2003, 1, 1), "year")
    doc = parse(pipeline, "Officials recalled the 2003 invasion of Iraq.")
    recalled = add_frame(doc, "recalled", event_type="CONSULT")  # the invasion is no frame here
    run(pipeline, doc, "dotterel_dates")
    assert recalled.date is None


@pytest.mark.model
def test_date_modifying_another_event_noun_stays_there(pipeline):
    text = "A day after the May 3 attack, gunmen assaulted a police outpost."
    assert _date(pipeline, text, "assaulted") is None


@pytest.mark.model
def test_definite_event_noun_takes_the_date_it_refers_back_to(pipeline):
    doc = parse(pipeline, "Rebels held a meeting on Monday. After the meeting, they issued a statement.")
    first = add_frame(doc, "meeting", event_type="CONSULT")
    second = add_frame(doc, "meeting", nth=1, event_type="CONSULT")
    run(pipeline, doc, "dotterel_dates")
    assert first.date.date == second.date.date == date(2023, 11, 13)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", (date(2023, 11, 15), "day")),
        ("last night", (date(2023, 11, 14), "day")),
        ("this month", (date(2023, 11, 1), "month")),
        ("last month", (date(2023, 10, 1), "month")),
        ("this year", (date(2023, 1, 1), "year")),
        ("the previous year", (date(2022, 1, 1), "year")),
    ],
)
def test_common_relative_expressions(text, expected):
    assert resolve_date(text, PUBLISHED) == expected


@pytest.mark.model
def test_date_inside_a_longer_date_entity(pipeline):
    """spaCy's entity "Saturday, two days" holds one calendar date: its first part."""
    info = _date(
        pipeline, "Protesters marched through Caracas on Saturday, two days after the elections.", "marched"
    )
    assert (info.date, info.text) == (date(2023, 11, 11), "Saturday")


def test_weekday_with_day_of_month():
    """ "Thursday 11": the latest 11th that was a Thursday (dateparser read it as a month)."""
    assert resolve_date("Thursday 11", date(2016, 11, 20)) == (date(2016, 8, 11), "day")
    assert resolve_date("Monday, the 3rd", date(2016, 11, 20)) == (date(2016, 10, 3), "day")


def test_bare_weekday_on_the_day_of_publication_is_that_day():
    """ "Thursday" in an article published on Thursday 2023-11-16 is that Thursday, not the week
    before (found in the store's example, issue #5); "last Thursday" is the week before."""
    thursday = date(2023, 11, 16)
    assert resolve_date("Thursday", thursday) == (thursday, "day")
    assert resolve_date("on Thursday", thursday) == (thursday, "day")
    assert resolve_date("last Thursday", thursday) == (date(2023, 11, 9), "day")
    assert resolve_date("Tuesday", thursday) == (date(2023, 11, 14), "day")
    assert resolve_date("Friday", thursday) == (date(2023, 11, 10), "day")
