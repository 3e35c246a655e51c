"""Recasing lower-case and all-caps text before parsing (issue 10, case robustness)."""

from __future__ import annotations

import pytest

from dotterel.recase import LOWER, UPPER, detect_case, recase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three people were killed in the violence, police said.", LOWER),
        ("POLICE FIRED TEAR GAS AT PROTESTERS IN NAIROBI ON TUESDAY", UPPER),
        ("Police fired tear gas at protesters in Nairobi on Tuesday.", None),
        ("ok", None),  # too short to tell
    ],
)
def test_issue10_detects_the_case_of_a_text(text, expected):
    assert detect_case(text) == expected


def test_issue10_recasing_lower_case_text_keeps_every_offset_and_restores_names():
    text = "the united nations security council urged israel to stop. i agree, said a man in kenya today."
    out, quality = recase(text)
    assert quality == LOWER
    assert len(out) == len(text)
    assert out.lower() == text
    assert out.startswith("The United Nations Security Council urged Israel")
    assert "I agree" in out
    assert "man in Kenya today" in out


def test_issue10_recasing_all_caps_text_lowers_common_words_and_keeps_names():
    text = "POLICE FIRED TEAR GAS AT PROTESTERS IN NAIROBI, KENYA."
    out, quality = recase(text)
    assert quality == UPPER
    assert out == "Police fired tear gas at protesters in Nairobi, Kenya."


def test_issue10_common_words_are_not_taken_for_names():
    out, _ = recase("the general strike will go on. hope remains, said the union.")
    assert "strike" in out and "Hope" in out  # "Hope" only because it starts a sentence


def test_issue10_normal_text_is_untouched():
    text = "Rebels attacked an army base near Goma."
    assert recase(text) == (text, None)


@pytest.mark.model
def test_issue10_events_of_lower_case_text_say_the_text_was_recased(pipeline):
    events = pipeline.extract("israeli forces attacked a refugee camp in gaza on tuesday, killing 12 people.")
    assert events, "the recased sentence is coded"
    assert {e.text_quality for e in events} == {LOWER}
    assert any(e.event_type == "ASSAULT" for e in events)
    normal = pipeline.extract("Israeli forces attacked a refugee camp in Gaza on Tuesday, killing 12 people.")
    assert {e.text_quality for e in normal} == {None}
