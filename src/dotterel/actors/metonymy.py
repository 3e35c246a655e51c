"""Metonymy: a capital or seat of government that acts stands for the government.

"Tehran plans to launch attacks" → Iran's government (IRN GOV); "the Kremlin said" → RUS GOV; "the
Pentagon deployed" → USA MIL. But "a meeting in Tehran" is a place: something happens *in* it.
The frame extractor only hands us actor and recipient slots, so the test here is syntactic: a
name governed by a locative preposition (in, at, near, from, ...) is a place, anything else that
fills an actor slot acts. Places themselves are geocoded by the places stage, not here.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..vocabulary import word_sets, words

__all__ = ["LOCATIVE_PREPOSITIONS", "is_locative"]

#: Prepositions after which a city or building is where something happens, not who does it.
LOCATIVE_PREPOSITIONS = word_sets("prepositions")["metonymy_locative"]


def is_locative(token: Token) -> bool:
    """True when ``token`` (the head of a place name) sits in a locative prepositional phrase.

    "to" is locative only after motion verbs ("flew to Moscow"), not in "appealed to Moscow":
    we treat it as locative when its governor is a verb of motion.
    """
    head = token
    # climb compound/flat chains ("Downing Street"), stop at the phrase's own head
    while head.dep_ in ("compound", "flat", "nmod") and head.head.i != head.i:
        head = head.head
    if head.dep_ != "pobj":
        return head.dep_ in ("npadvmod",) and head.ent_type_ in ("GPE", "LOC", "FAC")
    prep = head.head
    word = prep.lower_
    if word not in LOCATIVE_PREPOSITIONS:
        return False
    if word == "to":
        return prep.head.lemma_ in _MOTION
    if word == "from":
        # "withdrew from Lebanon" is a place; "a message from Tehran" is the government speaking.
        return prep.head.pos_ == "VERB"
    return True


#: verbs of motion: "flew to Moscow" is a place, "appealed to Moscow" an addressee
_MOTION = words("motion_verbs")
