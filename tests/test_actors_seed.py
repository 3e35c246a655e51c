"""Issue #4 on the example article: every actor of its main events resolves, through the component.

The frames here are built by hand over the real parse (so this test does not depend on the frame
extractor's current spans); the resolution is the ``dotterel_actors`` component's, unchanged.
"""

from __future__ import annotations

from datetime import date

import pytest

from dotterel.actors.component import ActorComponent, actor_resolver_v1
from dotterel.records import ActorMention, Article, Attribution, Entity, Evidence, Frame, Span

pytestmark = pytest.mark.model

PUBLISHED = date(2023, 11, 15)


def _mention(doc, phrase: str, nth: int = 0) -> ActorMention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    return ActorMention(text=phrase, start=start, end=start + len(phrase), head=span.root.i)


@pytest.fixture(scope="module")
def seed_doc(seed_text):
    from dotterel.nlp import load_spacy

    nlp = load_spacy()
    doc = nlp(seed_text)
    doc._.article = Article(id="seed", text=seed_text, published=PUBLISHED)
    return doc


#: (phrase, occurrence, country, sector, expected kb id or None)
EXPECTED = [
    ("Ayatollah Khamenei", 0, "IRN", "GOV", "person:ali-khamenei"),
    ("Hamas leader Ismail Haniyeh", 0, "PSE", "REB", "person:ismail-haniyeh"),
    ("Hamas", 2, "PSE", "REB", "group:hamas"),
    ("Hezbollah", 1, "LBN", "REB", "group:hezbollah"),
    ("Yemen\u2019s Houthis", 0, "YEM", "REB", "group:houthis"),
    ("US forces", 0, "USA", "MIL", None),
    ("Israel", 0, "ISR", "GOV", "country:ISR"),  # a country that acts is its government
    ("the terror group", 0, "PSE", "REB", "group:hamas"),
    ("The alliance", 0, "IMG", "REB", "alliance:axis-of-resistance"),
    ("Tehran plans", 0, "IRN", "GOV", "country:IRN"),
]


def test_seed_article_actors_resolve(seed_doc):
    mentions = [_mention(seed_doc, phrase, nth) for phrase, nth, *_ in EXPECTED]
    mentions[-1] = _mention(seed_doc, "Tehran", 1)  # the acting Tehran, not the meeting place
    militias = _mention(seed_doc, "Iran-backed militias")
    frame = Frame(
        trigger=Span("x", 0, 1),
        trigger_token=0,
        event_type="ASSAULT",
        sentence=Evidence(seed_doc.text, 0, len(seed_doc.text)),
        actors=[*mentions, militias],
    )
    seed_doc._.frames = [frame]
    ActorComponent(actor_resolver_v1(None))(seed_doc)
    for mention, (phrase, _, country, sector, kb_id) in zip(mentions, EXPECTED, strict=True):
        assert (mention.country, mention.sector) == (country, sector), (phrase, mention.reason)
        if kb_id:
            assert mention.kb_id == kb_id, (phrase, mention.reason)
        assert mention.reason
    assert militias.patron == "IRN" and militias.country is None and militias.sector == "REB"


def test_meeting_place_stays_a_place(seed_doc):
    where = _mention(seed_doc, "Tehran", 0)  # "a recent face-to-face meeting in Tehran"
    frame = Frame(Span("x", 0, 1), 0, "CONSULT", Evidence(seed_doc.text, 0, 10), recipients=[where])
    seed_doc._.frames = [frame]
    ActorComponent(actor_resolver_v1(None))(seed_doc)
    assert where.country == "IRN" and where.sector is None


def test_attribution_source_is_resolved(seed_doc):
    start = seed_doc.text.index("three Iranian and Hamas officials")
    text = "three Iranian and Hamas officials"
    source = Entity(text=text, start=start, end=start + len(text), name=text)
    frame = Frame(Span("x", 0, 1), 0, "REJECT", Evidence(seed_doc.text, 0, 10))
    frame.attribution = Attribution(
        text, start, start + len(text), named=False, count=3, cue="disclosed", source=source
    )
    seed_doc._.frames = [frame]
    ActorComponent(actor_resolver_v1(None))(seed_doc)
    assert (source.country, source.sector) == ("IRN", "GOV")
    assert "role noun" in source.reason


def test_pipeline_resolves_every_actor_with_a_reason(seed_events):
    entities = [e for ev in seed_events for e in (*ev.actor, *ev.recipient)]
    assert entities, "the example article has events with actors"
    assert all(e.reason for e in entities)
    assert any(e.kb_id for e in entities)  # the dotterel_actors component ran in the pipeline
    for e in entities:
        if "Khamenei" in e.text:
            assert (e.country, e.sector) == ("IRN", "GOV"), e.reason


def test_patron_reaches_the_event_record(seed_events):
    """Issue #4: "Iran-backed militias" are militias with patron Iran, in the output too."""
    militias = [e for ev in seed_events for e in ev.actor if "militias" in e.text]
    for e in militias:
        assert e.to_dict()["patron"] == "IRN" and e.country != "IRN"
    assert all("patron" in e.to_dict() for ev in seed_events for e in (*ev.actor, *ev.recipient))
