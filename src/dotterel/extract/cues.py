"""Cues the frame builder reads on a frame's own control verbs: negation, intention, time frame.

The frame builder codes an intended cooperative act AGREE, an intended hostile act THREATEN and a
negated cooperative act REJECT from :func:`negation_cue` and :func:`future_cue` over the trigger and
the control verbs it folded. The status stage decides by scope (:mod:`dotterel.extract.scope`) and
falls back on these two for a folded control verb the parse does not put above the trigger, so the
two stages agree; :func:`historical_cue` gives a past time frame to an otherwise asserted event.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Token

from ..records import Governor

__all__ = [
    "future_cue",
    "historical_cue",
    "negation_cue",
]

_NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_NEG_FOLDS = frozenset({"reject", "negate"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PAST_FRAME = re.compile(r"\b(ago|in the past|last (?:decade|century))\b", re.I)


def _chain(trigger: Token, governors: list[Governor]) -> list[Token]:
    """The trigger and the control verbs folded into its frame, innermost first."""
    doc = trigger.doc
    return [trigger, *[doc[g.token] for g in reversed(governors)]]


def negation_cue(trigger: Token, governors: list[Governor]) -> str | None:
    """ "not"/"never"/"no" on the trigger or a folded verb; a refusal verb ("declined to")."""
    for g in governors:
        if g.fold in _NEG_FOLDS:
            tok = trigger.doc[g.token]
            preps = [c.text for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"]
            return " ".join([tok.text, *preps[:1]]) if preps else f"{tok.text} to"
    for tok in _chain(trigger, governors):
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                aux = [a.text for a in tok.children if a.dep_ in ("aux",) and a.i < c.i]
                return " ".join([*aux[-1:], c.text])
        if tok.dep_ == "pcomp" and tok.head.lower_ == "without":
            return "without"
    return None


def future_cue(trigger: Token, governors: list[Governor]) -> str | None:
    """ "will", "is going to", "would" in reported speech, or a planning verb ("plans to")."""
    for g in governors:
        if g.fold == "future":
            return f"{trigger.doc[g.token].text} to"
    for tok in _chain(trigger, governors):
        children = list(tok.children)
        counterfactual = any(a.dep_ == "aux" and a.lower_ == "have" for a in children)  # once, not per child
        for c in children:
            if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX:
                return c.text
            if c.dep_ == "aux" and c.lower_ == "would" and _reported(tok) and not counterfactual:
                return c.text
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
            return "going to"
    return None


def _reported(tok: Token) -> bool:
    """Inside a complement of another verb ("said they would boycott"): future in the past."""
    node = tok
    while node.dep_ != "ROOT" and node.head.i != node.i:  # a whitespace root is "dep"
        if node.dep_ in ("ccomp", "xcomp"):
            return True
        node = node.head
    return False


def historical_cue(trigger: Token, published: date | None) -> str | None:
    """A time frame clearly before the publication date: "in 1990", "two decades ago".

    Only dates attached to the trigger's own clause count, and a bare year must be at least
    two years before publication, because most news events are past tense and recent.
    """
    if trigger.tag_ not in ("VBD", "VBN") and trigger.pos_ != "NOUN":
        return None
    for c in trigger.children:
        words = c.doc[c.left_edge.i : c.right_edge.i + 1]
        if c.dep_ not in ("prep", "npadvmod", "advmod") or len(words) > 6:
            continue
        if not any(t.ent_type_ == "DATE" for t in words) and not _PAST_FRAME.search(words.text):
            continue
        m = _YEAR.search(words.text)
        # without a publication date a bare year cannot be placed: nothing is claimed (never the clock)
        if m and published is not None and int(m.group(1)) <= published.year - 2:
            return words.text
        dated = _PAST_FRAME.search(words.text) and any(t.ent_type_ == "DATE" for t in words)
        # "two decades ago", "15 years ago"; not "earlier this year"
        if dated and re.search(
            r"\b(\w+ (?:years|decades|centuries) ago|last (?:decade|century))\b", words.text, re.I
        ):
            return words.text
    return None
