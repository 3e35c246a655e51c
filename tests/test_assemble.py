"""Frames become contract events: ids, date fallback, one entity per span (issue #2)."""

from __future__ import annotations

from datetime import date

from dotterel.assemble import frame_to_event
from dotterel.records import ActorMention, Article, Evidence, Frame, Span

TEXT = "Iran plans to launch attacks on Israeli and American targets."


def _frame(**kw) -> Frame:
    return Frame(
        trigger=Span("launch", 14, 20),
        trigger_token=3,
        event_type="THREATEN",
        sentence=Evidence(TEXT, 0, len(TEXT)),
        **kw,
    )


def test_same_span_proposed_twice_is_one_recipient_and_never_also_the_actor():
    targets = ActorMention("Israeli and American targets", 32, 60, head=9)
    iran = ActorMention("Iran", 0, 4, head=0)
    frame = _frame(actors=[iran], recipients=[targets, ActorMention(targets.text, 32, 60, head=9), iran])
    event = frame_to_event(frame, Article(id="a", text=TEXT))
    assert [e.text for e in event.actor] == ["Iran"]
    assert [e.text for e in event.recipient] == ["Israeli and American targets"]


def test_date_falls_back_to_publication_and_ids_are_stable():
    art = Article(id="a", text=TEXT, published=date(2023, 11, 15))
    first, second = frame_to_event(_frame(), art), frame_to_event(_frame(), art)
    assert (first.date, first.date_precision, first.date_text) == ("2023-11-15", "publication", None)
    assert first.id == second.id and len(first.id) == 20
    undated = frame_to_event(_frame(), Article(id="a", text=TEXT))
    assert (undated.date, undated.date_precision) == (None, None)
