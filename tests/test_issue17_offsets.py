"""Issue 17: every span's text is its slice of the ORIGINAL article text, whatever normalisation did."""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.records import Article

pytestmark = pytest.mark.model

TEXTS = [
    "Article:\tRebels\u00a0attacked a police\u2009post in Lagos on Monday,\u202fkilling\u00a012 people, "
    "officials\u200bsaid.",
    "\ufeffIsraeli\u00a0forces struck Gaza\u00a0City on Tuesday, killing\t40 people, according to Reuters.",
    "Police arrested 40\u00a0protesters in Kabul on\u00a0Tuesday.",
]


def spans_of(record: dict):
    """(label, claimed text, start, end) of every span a record has."""
    yield "trigger", record["trigger"]["text"], record["trigger"]["start"], record["trigger"]["end"]
    ev = record["evidence"]
    yield "evidence", ev["sentence"], ev["start"], ev["end"]
    for role in ("actor", "recipient"):
        for ent in record[role]:
            yield role, ent["text"], ent["start"], ent["end"]
    for key in ("attribution", "location"):
        if record.get(key):
            yield key, record[key]["text"], record[key]["start"], record[key]["end"]
    if record.get("attribution") and record["attribution"].get("source"):
        src = record["attribution"]["source"]
        yield "source", src["text"], src["start"], src["end"]
    for name, info in ((record.get("quantities") or {}).get("spans") or {}).items():
        yield name, info["text"], info["start"], info["end"]


@pytest.mark.parametrize("text", TEXTS)
def test_issue17_span_text_is_sliced_from_the_original(pipeline, text):
    events = pipeline.extract(Article(id="x", text=text, published=date(2023, 11, 15)))
    assert events, "the sentence should code an event"
    checked = 0
    for event in events:
        for label, claimed, start, end in spans_of(event.to_dict()):
            assert text[start:end] == claimed, label
            checked += 1
    assert checked >= 3
    assert any("\u00a0" in claimed for e in events for _, claimed, _, _ in spans_of(e.to_dict()))
