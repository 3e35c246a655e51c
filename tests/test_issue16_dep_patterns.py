"""Recipient constructions as named spaCy dependency patterns (issue #16).

The tree shapes the recipient rules read live in ``data/rules/recipient_patterns.json``: each entry
is named, carries a hand-written example sentence, and a bad entry is a one-line E2xx error naming
it. The order of the rule rows and of a pattern's alternatives decides what is found.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from dotterel.errors import ConfigError
from dotterel.extract.dep_patterns import KEEPS, PATTERNS, load_patterns
from dotterel.extract.recipient_rules import FINDERS, RULES

_TEXT = (resources.files("dotterel") / "data" / "rules" / "recipient_patterns.json").read_text("utf-8")


def _entries() -> list[dict]:
    return json.loads(_TEXT)


def test_issue16_the_pattern_file_loads_with_named_entries_and_examples():
    names = [p.name for p in PATTERNS]
    assert len(names) == len(set(names)) >= 8
    for p in PATTERNS:
        assert p.keep in KEEPS and p.alternatives, p.name
        text, anchor, finds = p.example
        assert re.search(rf"\b{re.escape(anchor)}\b", text) and re.search(rf"\b{re.escape(finds)}\b", text)
    # every rule row runs a finder in code or the pattern of its name
    assert all(r.name in FINDERS or r.name in PATTERNS for r in RULES)
    shared = {r.name for r in RULES} & set(names)
    assert shared >= {"grievance_target", "purpose_of_attack", "threat_condition"}


@pytest.fixture(scope="module")
def nlp():
    from dotterel.nlp import load_spacy

    return load_spacy()


@pytest.mark.model
@pytest.mark.parametrize("name", [p.name for p in PATTERNS])
def test_issue16_each_pattern_finds_its_recipient_in_its_own_example(nlp, name):
    text, anchor, finds = PATTERNS.by_name[name].example
    doc = nlp(text)
    start = next(t for t in doc if t.text == anchor)
    found = PATTERNS.find(name, start)
    assert [t.text for t in found][:1] == [finds], text
    # started from a word that does not govern it, the pattern never reaches that word
    assert all(found[0] not in PATTERNS.find(name, t) for t in doc if found[0] not in t.subtree)


def _with(name: str, **changes: object) -> str:
    entries = _entries()
    for e in entries:
        if e["name"] == name:
            e.update(changes)
    return json.dumps(entries)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_with("grievance_target", finds="nowhere"), "'grievance_target'): pattern 1 has no node 'nowhere'"),
        (_with("pressure_source", keep="everyone"), "'pressure_source'): keep must be one of"),
        (_with("patient_of_noun", example={"text": "x"}), "'patient_of_noun'): example must give"),
        (_with("patient_of_noun", patterns=[]), "'patient_of_noun'): expected a list of patterns"),
        (_with("patient_of_noun", colour="red"), "'patient_of_noun'): unknown field(s) colour"),
        (
            _with("grievance_target", patterns=[[
                {"RIGHT_ID": "act", "RIGHT_ATTRS": {}},
                {"LEFT_ID": "act", "REL_OP": ">", "RIGHT_ID": "object",
                 "RIGHT_ATTRS": {"LOWER": {"IN": ["@no_such_word_list"]}}},
            ]]),
            "'grievance_target') pattern 1: no word list '@no_such_word_list'",
        ),
        (
            _with("grievance_target", patterns=[[
                {"RIGHT_ID": "act", "RIGHT_ATTRS": {}},
                {"LEFT_ID": "act", "REL_OP": "=>", "RIGHT_ID": "object", "RIGHT_ATTRS": {}},
            ]]),
            "entry 'grievance_target' pattern 1 is not a valid spaCy dependency pattern",
        ),
        (
            _with("grievance_target", patterns=[[
                {"RIGHT_ID": "act", "RIGHT_ATTRS": {"LOWERR": "x"}},
                {"LEFT_ID": "act", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {}},
            ]]),
            "entry 'grievance_target' pattern 1 is not a valid spaCy dependency pattern",
        ),
        (
            _with("grievance_target", patterns=[[
                {"RIGHT_ID": "act", "RIGHT_ATTRS": {"IS_PUNCT": False}},
                {"LEFT_ID": "act", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {}},
            ]]),
            "entry 'grievance_target' pattern 1: attribute IS_PUNCT is not one the pattern search reads",
        ),
        (
            _with("grievance_target", patterns=[[
                {"RIGHT_ID": "act", "RIGHT_ATTRS": {}},
                {"LEFT_ID": "act", "REL_OP": ".", "RIGHT_ID": "object", "RIGHT_ATTRS": {}},
            ]]),
            "entry 'grievance_target' pattern 1: node 'object': LEFT_ID must name an earlier node and REL_OP",
        ),
        (json.dumps(_entries() + [_entries()[0]]), "entry 'grievance_target' is listed twice"),
        (_TEXT.replace("[", "{", 1), "not valid JSON"),
    ],
)  # fmt: skip
def test_issue16_a_malformed_pattern_entry_is_a_one_line_config_error_naming_it(text, message):
    with pytest.raises(ConfigError) as caught:
        load_patterns(text, source="p.json")
    err = caught.value
    assert err.code.startswith("E2") and message in str(err)
    assert "\n" not in str(err)


@pytest.mark.model
def test_issue16_reordering_or_removing_a_rule_row_changes_the_recipient(nlp):
    """Both rules find someone here; the table's order decides which wins, and removing a row
    leaves the next one to find a recipient."""
    from dotterel.extract.recipient_rules import RuleInput, find_recipients, load_rules

    doc = nlp("Soldiers opened fire in Kabul to disperse the demonstrators.")
    x = RuleInput("ASSAULT", doc[1], doc[2], None)
    table = (resources.files("dotterel") / "data" / "rules" / "recipient_rules.tsv").read_text("utf-8")
    rows = [line for line in table.splitlines() if line and not line.startswith("#")]

    def first(rows: list[str]) -> tuple[list[str], str | None]:
        found, rule = find_recipients(x, [], load_rules("\n".join(rows)))
        return [r.text for r in found], rule

    assert first(rows) == (["the demonstrators"], "purpose_of_attack")
    place = next(r for r in rows if r.startswith("place_of_event\t"))
    purpose = rows.index(next(r for r in rows if r.startswith("purpose_of_attack\t")))
    moved = [*rows[:purpose], place, *(r for r in rows[purpose:] if r != place)]
    assert first(moved) == (["Kabul"], "place_of_event")
    removed = [r for r in rows if not r.startswith("purpose_of_attack\t")]
    assert first(removed) == (["Kabul"], "place_of_event")


@pytest.mark.model
def test_issue16_a_pattern_s_unless_and_alternatives_change_what_it_finds(nlp):
    doc = nlp("They rejected the demand which was made by the council.")
    demand = next(t for t in doc if t.text == "demand")
    assert PATTERNS.find("subject_of_request", demand) == []  # a relative clause names no party
    loose = load_patterns(_with("subject_of_request", unless=[]))
    assert [t.text for t in loose.find("subject_of_request", demand)] == ["which"]
    # without its first alternative (a "from" phrase on the act itself) the pattern loses "the
    # withdrawal ... from Lebanon"
    doc = nlp("They demanded the withdrawal of Syrian forces from Lebanon.")
    withdrawal = next(t for t in doc if t.text == "withdrawal")
    assert [t.text for t in PATTERNS.find("movement_source", withdrawal)] == ["Lebanon"]
    entry = next(e for e in _entries() if e["name"] == "movement_source")
    fewer = load_patterns(_with("movement_source", patterns=entry["patterns"][1:]))
    assert fewer.find("movement_source", withdrawal) == []


@pytest.mark.model
def test_issue16_a_pattern_rule_is_named_in_the_frame_it_completed(frames_coder):
    doc = frames_coder.nlp("Police opened fire to disperse the demonstrators.")
    frames = [f for f in doc._.frames if f.event_type == "ASSAULT"]
    assert frames and [r.text for r in frames[0].recipients] == ["the demonstrators"]
    assert "recipient rule: purpose_of_attack" in frames[0].notes


_MORE = [
    "Lebanon complained to the UN over Israeli air raids and about the blockade.",
    "Israel withdrew the last of its troops from southern Lebanon, despite calls from Syria.",
    "The rebels said they would attack the capital unless the army left and if talks failed.",
    "France deployed soldiers to help the Malian army protect the north and to help rebuild schools.",
    "The UN renewed its demand that Iran halt enrichment, which the council had made in May.",
]


@pytest.mark.model
@pytest.mark.parametrize("name", [p.name for p in PATTERNS])
def test_issue16_the_anchored_search_matches_what_spacy_s_dependency_matcher_finds(nlp, name):
    """``find`` walks down from the anchor; spaCy's DependencyMatcher is the reference."""
    texts = [p.example[0] for p in PATTERNS] + _MORE
    total = 0
    for doc in nlp.pipe(texts):
        for tok in doc:
            ours = PATTERNS.matches(name, tok)
            assert ours == PATTERNS.spacy_matches(name, tok), (name, doc.text, tok.text)
            total += sum(len(m) for m in ours)
    assert total > 0  # the pattern matched somewhere in these sentences
