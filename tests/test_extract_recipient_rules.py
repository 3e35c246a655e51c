"""The recipient rules as a table (issue #16): named rows, tried in order, named in what they found."""

from __future__ import annotations

import re

import pytest

from dotterel.extract.recipient_rules import RULES, rules_for
from dotterel.records import QUAD_CODES


def test_issue16_recipient_rules_have_unique_names_and_known_event_types():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) >= 10
    for rule in RULES:
        assert rule.event_types is None or rule.event_types <= set(QUAD_CODES), rule.name


def test_issue16_rules_for_an_event_type_keep_the_table_order():
    threaten = [r.name for r in rules_for("THREATEN")]
    assert threaten == ["movement_source", "patient_of_noun", "threat_condition", "place_of_event"]
    assert [r.name for r in rules_for("ACCUSE")] == ["grievance_target", "movement_source"]
    # a type no row names gets only the rules for every type
    assert [r.name for r in rules_for("COOPERATE")] == [r.name for r in RULES if r.event_types is None]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "event_type", "rule"),
    [
        ("Belgrade eased emergency measures on Wednesday in Kosovo province.", "CONCEDE", "place_of_event"),
        ("Uganda is willing to withdraw its troops from Somalia.", "AGREE", "movement_source"),
        ("Chad complained to the African Union over Sudanese incursions.", "ACCUSE", "grievance_target"),
    ],
)
def test_issue16_the_rule_that_found_the_recipient_is_named_in_the_frame(
    frames_coder, text, event_type, rule
):
    doc = frames_coder.nlp(text)
    frames = [f for f in doc._.frames if f.event_type == event_type]
    assert frames and frames[0].recipients, text
    assert f"recipient rule: {rule}" in frames[0].notes


@pytest.mark.model
def test_issue16_a_frame_whose_own_arguments_name_the_recipient_names_no_rule(frames_coder):
    doc = frames_coder.nlp("Chile cut diplomatic relations with Peru on Monday.")
    frames = [f for f in doc._.frames if f.event_type == "SANCTION"]
    assert frames and [r.text for r in frames[0].recipients] == ["Peru"]
    assert not any(n.startswith("recipient rule:") for n in frames[0].notes)


def test_issue16_recipient_rule_table_is_data_in_the_package():
    """The order, types and preference of the rules are read from data/rules/recipient_rules.tsv."""
    from importlib import resources

    from dotterel.extract.recipient_rules import FINDERS, load_rules

    text = (resources.files("dotterel") / "data" / "rules" / "recipient_rules.tsv").read_text("utf-8")
    assert [r.name for r in load_rules(text)] == [r.name for r in RULES]
    assert set(FINDERS) <= {r.name for r in RULES}  # no finder left out of the table
    # reordering rows reorders the rules: the table, not the code, decides which rule wins
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    swapped = load_rules("\n".join([rows[1], rows[0], *rows[2:]]))
    assert [r.name for r in swapped][:2] == [RULES[1].name, RULES[0].name]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("no_such_rule\t*\tno\tx", "no recipient finder or pattern is called 'no_such_rule'"),
        ("movement_source\tASSAULT ATTACK\tno\tx", "unknown PLOVER categories ['ATTACK']"),
        ("movement_source\t*\tmaybe\tx", "prefer must be yes or no"),
        ("movement_source *", "separated by tabs"),
    ],
)
def test_issue16_a_bad_recipient_rule_row_is_a_config_error(row, message):
    from dotterel.errors import ConfigError
    from dotterel.extract.recipient_rules import load_rules

    with pytest.raises(ConfigError, match=re.escape(message)):
        load_rules("# comment\n" + row, source="t.tsv")
