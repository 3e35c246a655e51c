"""A folded frame's own recipients come from an ordered table (issue #16): data/rules/fold_recipients.tsv."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from dotterel.errors import ConfigError
from dotterel.extract.fold_recipients import FOLD_RULES, SOURCES, FoldInput, fold_recipients, load_fold_rules

_TEXT = (resources.files("dotterel") / "data" / "rules" / "fold_recipients.tsv").read_text("utf-8")
_ROWS = [line for line in _TEXT.splitlines() if line and not line.startswith("#")]


def test_issue16_the_fold_table_is_data_with_known_sources():
    assert len(FOLD_RULES) == len(_ROWS) >= 4
    assert FOLD_RULES[0].inner_act and not any(r.inner_act for r in FOLD_RULES[1:])
    used = {s for r in FOLD_RULES for step in r.steps for s in step}
    assert used == set(SOURCES)  # every source is named by some row, every name is a source


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("plead\t*\tinner_objects", "t.tsv:2: unknown fold kinds ['plead']"),
        ("*\tTHREATEN\tinner_objects+nowhere", "t.tsv:2: no recipient source is called nowhere"),
        ("*\tTHREATS\tinner_objects", "t.tsv:2: unknown PLOVER categories ['THREATS']"),
        ("* THREATEN inner_objects", "t.tsv:2: expected case, event types and sources"),
    ],
)
def test_issue16_a_bad_fold_row_is_a_one_line_config_error_naming_it(row, message):
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_fold_rules("# comment\n" + row, source="t.tsv")
    assert caught.value.code == "E201" and "\n" not in str(caught.value)


@pytest.mark.model
def test_issue16_the_fold_source_is_named_and_the_row_order_decides(frames_coder):
    doc = frames_coder.nlp("Iran threatened to close the strait if the United States attacked.")
    frames = [f for f in doc._.frames if f.event_type == "THREATEN"]
    assert frames and [r.text for r in frames[0].recipients] == ["the United States"]
    assert "fold recipients: threat_condition" in frames[0].notes
    threatened, close = doc[1], doc[3]
    x = FoldInput(threatened, close, close, None, "threaten", "THREATEN", inner_act=False)
    assert [m.text for m in fold_recipients(x)[0]] == ["the United States"]
    # the catch-all row moved above the THREATEN row: the threat's condition is no longer read
    last = _ROWS[-1]
    moved = load_fold_rules("\n".join([_ROWS[0], _ROWS[1], last, *_ROWS[2:-1]]))
    assert fold_recipients(x, moved) == ([], None)
    # without its condition source, the THREATEN row finds nobody either
    cut = [r.replace(" threat_condition", "") if "\tTHREATEN\t" in r else r for r in _ROWS]
    assert fold_recipients(x, load_fold_rules("\n".join(cut))) == ([], None)


@pytest.mark.model
def test_issue16_a_request_reads_the_control_verb_s_object(frames_coder):
    doc = frames_coder.nlp("The UN urged Iran to release the sailors.")
    frames = [f for f in doc._.frames if f.event_type == "REQUEST"]
    assert frames and [r.text for r in frames[0].recipients] == ["Iran"]
    assert "fold recipients: control_objects" in frames[0].notes
