"""Mentioned past events: background violence nouns that carry their own date or death toll (issue #5).

The frame extractor skips event nouns that are only background ("notice of the attacks",
"the conflict ... has prompted Hamas to ..."): over-generation was the largest error of earlier
coders. Two kinds of background mention are nevertheless events analysts count, because the text
gives them facts of their own:

- a violence noun with its OWN calendar anchor, a DATE entity modifying the noun ("the October 7
  attacks", "the 2003 invasion", "Monday's bombing"): a dated event the status stage marks
  ``historical`` when that date is before publication (:func:`past_own_date`);
- a conflict or violence noun whose relative clause, participle or governing verb reports deaths
  ("the conflict, which has claimed over 11,000 lives", "the violence that killed 30 people",
  "the war has left 500 dead"): an ASSAULT carrying its toll.

Without the anchor or the toll the noun stays background, so undated, uncounted mentions ("the
attacks", "the conflict") never become events. Only hostile material categories qualify: a dated
"the 2019 talks" is a reference, not a new event.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ..analysis.counts import find_counts
from ..analysis.date_expressions import has_calendar_anchor, resolve_date
from ..records import Mentioned, MentionKind, OwnDate
from ..spans import entity_at
from ..vocabulary import words
from .lexicon import LexEntry
from .plausibility import is_disaster

__all__ = ["DATED", "TOLL", "mentioned_event", "own_date", "past_own_date"]

#: The two kinds of mentioned event (their values are the ``Frame.notes`` words).
DATED = MentionKind.OWN_DATE
TOLL = MentionKind.OWN_TOLL
#: Violent acts the lexicon files under COERCE; other COERCE nouns ("arrest", "curfew") are not
#: coded from a background mention, nor is any reference to talks or visits.
_VIOLENT_COERCE = words("violent_coerce_nouns")
#: How a date entity hangs on its noun: "the October 7 attacks", "Monday's bombing", "the 2003 invasion".
_DATE_DEPS = frozenset({"compound", "nmod", "amod", "poss", "nummod", "npadvmod"})
#: Base for checking that a date expression resolves when the article has no publication date.
_UNDATED_BASE = date(2000, 1, 1)
#: Clauses on the noun that may report what it did: "which has claimed ...", "that killed ...",
#: "killing 30".
_NOUN_CLAUSES = frozenset({"relcl", "acl"})


def own_date(noun: Token, published: date | None) -> OwnDate | None:
    """The DATE entity before ``noun`` that modifies it directly, resolved, or ``None``.

    Only a date that resolves counts: "the 1991-1995 conflict" names a period, not an event's day.
    Without a publication date a date is resolved against a fixed base, only to check it is one:
    the result never depends on the clock (same input, same output).
    """
    for child in noun.children:
        if child.dep_ not in _DATE_DEPS or child.ent_type_ != "DATE":
            continue
        ent = entity_at(child)
        if ent is None or ent.label_ != "DATE" or ent.end > noun.i or not has_calendar_anchor(ent.text):
            continue
        text = ent.text.removesuffix("'s").removesuffix("’s").strip()
        resolved = resolve_date(text, published or _UNDATED_BASE)
        if resolved is not None:
            return OwnDate(ent.text, resolved[0], resolved[1])
    return None


def past_own_date(found: OwnDate, published: date | None) -> str | None:
    """The words of a mentioned event's own date when it is before publication, else ``None``.

    "the October 7 attacks" in an article of 2023-11-15 → "October 7"; "today's attack" → None.
    Without a publication date the date cannot be placed, and nothing is claimed.
    """
    if published is None:
        return None
    if found.precision == "day" and found.date < published:
        return found.text
    if found.precision == "month" and (found.date.year, found.date.month) < (published.year, published.month):
        return found.text
    if found.precision == "year" and found.date.year < published.year:
        return found.text
    return None


def _reports_deaths(clause: Token) -> bool:
    """Does the clause headed by ``clause`` count people killed ("claimed 11,000 lives")?"""
    doc = clause.doc
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    return any(c.category == "killed" and lo <= c.anchor.i < hi for c in find_counts(doc, lo, hi))


def _toll_clause(noun: Token, triggers: set[int]) -> Token | None:
    """The clause on or over ``noun`` that reports its death toll, if any."""
    for child in noun.children:
        if child.dep_ in _NOUN_CLAUSES and child.pos_ in ("VERB", "AUX") and _reports_deaths(child):
            return child
    head = noun.head
    if noun.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.i not in triggers:
        # "the war has left 500 dead": only the toll's own words, not the rest of the clause
        objects = [c for c in head.children if c.dep_ in ("dobj", "oprd", "ccomp", "xcomp")]
        doc = noun.doc
        for obj in objects:
            lo, hi = obj.left_edge.i, obj.right_edge.i + 1
            if any(c.category == "killed" and c.anchor.i in (head.i, *range(lo, hi))
                   for c in find_counts(doc, lo, hi)):  # fmt: skip
                return head
    return None


def mentioned_event(
    noun: Token, entry: LexEntry, triggers: set[int], published: date | None
) -> Mentioned | None:
    """Why background noun ``noun`` is an event of its own (its own date or toll), else ``None``.

    ``triggers`` are the sentence's frame triggers: a toll reported by a verb that is already an
    event ("the fighting killed 30") belongs to that event, not to a second one. Either kind is
    coded ASSAULT: violence that has a day or a death toll of its own.
    """
    violent = entry.event_type == "ASSAULT" or (
        entry.event_type == "COERCE" and noun.lemma_.lower() in _VIOLENT_COERCE
    )
    if not violent or entry.fold or is_disaster(noun):
        return None  # "the fire that killed nine workers" is an accident
    found = own_date(noun, published)
    if found is not None:
        return Mentioned(DATED, found)
    if _toll_clause(noun, triggers) is not None:
        return Mentioned(TOLL)
    return None
