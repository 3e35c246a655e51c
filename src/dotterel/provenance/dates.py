"""When an event happened: the date expression tied to its trigger, resolved against publication.

Only spaCy's DATE entities are parsed (never ``search_dates`` over the whole text: it reads dates
into numbers and words that are none). Each is parsed with dateparser relative to the article's
publication date, preferring the past, because news reports what already happened: "October 7" in
an article of 2023-11-15 is 2023-10-07, "on Monday" the Monday before.

Durations and ages are not dates ("four decades", "aged 40", "since 2019"). What counts as a
calendar expression and what it resolves to is :mod:`dotterel.analysis.date_expressions`, shared
with the frame extractor; this module decides which date belongs to which event.

A date belongs to an event when it is attached to the trigger or to its clause ("attacked ... on
Monday", "launched attacks on Monday", "the October 7 attacks"); a date attached to another verb or
another event stays there. Otherwise ``frame.date`` stays ``None`` and the event falls back to the
publication date with precision ``publication``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..analysis.date_expressions import has_calendar_anchor, resolve_date
from ..records import DateInfo, Frame
from ..spans import char_span, doc_text
from ..vocabulary import word_sets
from .syntax import antecedent_frame, clause_tokens

__all__ = [
    "DateMention",
    "DateResolver",
    "date_mentions",
    "has_calendar_anchor",
    "resolve_date",
    "make_date_resolver",
]

#: Words before a date that make it the edge of a duration, not when the event happened.
_NOT_EVENT_DATE = word_sets("prepositions")["not_event_date"]


@dataclass(slots=True)
class DateMention:
    text: str
    start: int
    end: int
    root: Token
    date: date
    precision: str


def date_mentions(doc: Doc, published: date) -> list[DateMention]:
    """Every DATE entity of ``doc`` that is a calendar date, resolved."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in _NOT_EVENT_DATE or not has_calendar_anchor(ent.text):
            continue
        for piece in _pieces(ent):
            resolved = resolve_date(piece.text, published) if has_calendar_anchor(piece.text) else None
            if resolved is not None:
                s = char_span(doc_text(doc), piece.start_char, piece.end_char)
                out.append(DateMention(s.text, s.start, s.end, piece.root, resolved[0], resolved[1]))
                break
    return out


def _pieces(ent: SpacySpan) -> list[SpacySpan]:
    """The entity, then its comma-separated parts: spaCy's "Saturday, two days" holds one date."""
    parts, start = [ent], ent.start
    for tok in ent:
        if tok.text == ",":
            parts.append(ent.doc[start : tok.i])
            start = tok.i + 1
    if len(parts) > 1 and start < ent.end:
        parts.append(ent.doc[start : ent.end])
    return [p for p in parts if len(p)]


def _tied(mention: DateMention, trigger: Token, others: set[int]) -> bool:
    """Is the date attached to this trigger's clause before any other verb or event?"""
    chain = {t.i for t in clause_tokens(trigger)}
    tok = mention.root
    if tok.dep_ in ("compound", "nmod", "amod", "poss", "nummod") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head.i == trigger.i  # "the May 3 attack": the date of that noun, not of the clause
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i == trigger.i:
            return True
        if tok.i in others:
            return False
        if tok.pos_ in ("VERB", "AUX"):
            return tok.i in chain
    return False


class DateResolver:
    """The ``dotterel_dates`` component: fills ``frame.date`` (or leaves it ``None``)."""

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        article = doc._.article
        published = getattr(article, "published", None)
        if not frames or published is None:
            return doc  # relative dates cannot be resolved without a publication date
        mentions = date_mentions(doc, published)
        triggers = {f.trigger_token for f in frames}
        for frame in frames:
            trigger = doc[frame.trigger_token]
            others = triggers - {trigger.i}
            for m in mentions:
                if _tied(m, trigger, others):
                    frame.date = DateInfo(m.date, m.precision, m.text, m.start, m.end)
                    break
        for frame in frames:  # "the meeting" takes the date of the meeting it refers back to
            if frame.date is None:
                earlier = antecedent_frame(doc, frame, lambda f: f.date is not None)
                if earlier is not None:
                    frame.date = replace(earlier.date)
        return doc


@Language.factory(
    "dotterel_dates", requires=["doc.ents", "token.dep", "doc._.frames"], assigns=["doc._.frames"]
)
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver()
