"""Turn the frames a pipeline built on a ``Doc`` into contract :class:`Event` records."""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from spacy.tokens import Doc

from .records import QUAD_CODES, ActorMention, Article, Entity, Event, Frame

__all__ = ["event_id", "frames_to_events", "frame_to_event"]


def event_id(article_id: str, frame: Frame) -> str:
    """Deterministic id of an event mention: same article, trigger and category → same id."""
    key = f"{article_id}\x1f{frame.trigger.start}\x1f{frame.trigger.end}\x1f{frame.event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _entities(mentions: list[ActorMention], exclude: Collection[tuple[int, int]] = ()) -> list[Entity]:
    """Entities of the mentions, each span once: two rules proposing the same span are one actor."""
    seen = set(exclude)
    out = []
    for m in mentions:
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        out.append(m.to_entity())
    return out


def frame_to_event(frame: Frame, article: Article) -> Event:
    """One frame → one event; the date falls back to the publication date (precision ``publication``)."""
    if frame.date is not None and frame.date.date is not None:
        date_iso = frame.date.date.isoformat()
        date_text, precision = frame.date.text, frame.date.precision
    elif article.published is not None:
        date_iso, date_text, precision = article.published.isoformat(), None, "publication"
    else:
        date_iso, date_text, precision = None, None, None
    return Event(
        id=event_id(article.id, frame),
        article_id=article.id,
        event_type=frame.event_type,
        mode=frame.mode,
        context=list(frame.context),
        quad_code=QUAD_CODES[frame.event_type],
        actor=_entities(frame.actors),
        recipient=_entities(frame.recipients, exclude={(m.start, m.end) for m in frame.actors}),
        status=frame.status,
        status_cue=frame.status_cue,
        attribution=frame.attribution,
        location=frame.location,
        date=date_iso,
        date_text=date_text,
        date_precision=precision,
        quantities=dict(frame.quantities),
        trigger=frame.trigger,
        evidence=frame.sentence,
        confidence=max(0.0, min(1.0, frame.confidence)),
        published=article.published.isoformat() if article.published else None,
        outlet=article.outlet,
        url=article.url,
        coding=frame.coding,
    )


def frames_to_events(doc: Doc, article: Article) -> list[Event]:
    """All events of one analysed article, in text order."""
    frames = doc._.frames or []
    events = [frame_to_event(f, article) for f in frames]
    quality = doc._.text_quality if doc.has_extension("text_quality") else None
    for e in events:
        e.text_quality = quality
    events.sort(key=lambda e: (e.trigger.start, e.event_type))
    return events
