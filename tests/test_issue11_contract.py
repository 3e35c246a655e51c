"""Issue #11 (and #16 item 7): the no-entity mention under the shared contract, and one sponsor list.

`Entity.name` is None inside dotterel when a mention is no entity (an unresolved pronoun), but the
contract's JSON schema requires a string: the record carries the mention's words and
``"canonical": false``, and reading the record back gives None again.
"""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest

from dotterel.actors.phrase import PATRON_WORDS
from dotterel.batchio import event_from_dict
from dotterel.records import Article, Entity
from dotterel.vocabulary import words

from .conftest import shared_path

PUBLISHED = date(2023, 11, 15)


def test_issue11_no_entity_record_has_a_string_name_and_canonical_false():
    ent = Entity(text="they", start=0, end=4, name=None, reason="unresolved pronoun 'they'")
    d = ent.to_dict()
    assert d["name"] == "they" and d["canonical"] is False
    assert Entity.from_dict(d).name is None
    named = Entity(text="Mexican police", start=0, end=14, name="police (Mexico)", kb_id="police:MEX:COP")
    assert named.to_dict()["canonical"] is True
    assert Entity.from_dict(named.to_dict()) == named


def test_issue11_older_records_with_a_null_name_still_read_as_no_entity():
    old = {"text": "they", "start": 0, "end": 4, "name": None, "country": None, "sector": None}
    assert Entity.from_dict(old).name is None


@pytest.mark.model
def test_issue11_unresolved_pronoun_record_validates_against_both_schemas(pipeline, event_schema):
    text = "They attacked a police station in the north of the country on Monday."
    events = pipeline.extract(Article(id="t", text=text, published=PUBLISHED))
    records = [ev.to_dict() for ev in events]
    ents = [e for r in records for e in r["actor"]]
    assert any(e["canonical"] is False and e["name"] == "They" for e in ents), ents
    shared = json.loads(shared_path("schema", "event.schema.json").read_text("utf-8"))
    for rec in records:
        jsonschema.validate(rec, event_schema)
        jsonschema.validate(rec, shared)
    # and the record reads back as no entity
    back = event_from_dict(json.loads(json.dumps(records[0])))
    assert [e.name for e in back.actor] == [None]


def test_issue11_one_sponsor_list_for_spans_and_resolution():
    """The extractor's "X-backed" patron and the resolver's are the same data file."""
    assert words("patron_verbs") == PATRON_WORDS
    assert {"backed", "funded", "trained", "armed"} <= PATRON_WORDS


@pytest.mark.model
@pytest.mark.parametrize("participle", ["trained", "financed"])
def test_issue11_sponsor_participles_are_patrons_in_span_and_entity(pipeline, participle):
    text = f"Russian-{participle} militias attacked a village in eastern Ukraine on Monday."
    events = pipeline.extract(Article(id="t", text=text, published=PUBLISHED))
    actor = next(e for ev in events for e in ev.actor)
    assert actor.patron == "RUS" and actor.country != "RUS"
