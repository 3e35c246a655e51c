"""Control-verb folds: the category of "agreed to X", "refused to X", "threatened to X" from X's.

A control verb (or noun) folds its complement into ONE frame (see :mod:`dotterel.extract.frames`);
this module holds what the fold decides without looking at the rest of the sentence: the category
algebra (:func:`compose`), which folds keep the inner act as the trigger, who controls a folded
frame, and the typed result of a fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..records import QUAD_CODES, ActorMention, Frame
from .arguments import nominal_actors, verb_actors
from .lexicon import LexEntry

__all__ = [
    "FOLD_TO_TRIGGER",
    "PREP_FOLDS",
    "Folded",
    "complement_tokens",
    "compose",
    "controller_actors",
    "is_coop",
    "is_hostile",
    "is_material_conflict",
    "is_verbal",
    "participle",
]

#: Folds whose frame keeps the inner act as its category and trigger ("plans to attack" → the attack).
FOLD_TO_TRIGGER = frozenset({"future", "aspect", "negate"})
#: Folds whose complement may be a prepositional phrase ("refrain from", "accused X of",
#: "committed to", "agreed to a ceasefire"); others take only clausal complements.
PREP_FOLDS = frozenset({"reject", "negate", "accuse", "agree", "pledge"})


@dataclass(frozen=True, slots=True)
class Folded:
    """A control construction the fold handled: its frame, or ``None`` when it reports no event."""

    frame: Frame | None


def is_coop(event_type: str) -> bool:
    return QUAD_CODES[event_type] in (1, 2)


def is_material_conflict(event_type: str) -> bool:
    """PLOVER's material-conflict categories as its chapter 3 describes them, SANCTION included.

    ``quad_code`` numbers SANCTION 3 (the manual's Table 7.2); the rules still treat sanctions
    as acts, not words: "will impose sanctions" is a threat, a sanctioning actor need not speak.
    """
    return QUAD_CODES[event_type] == 4 or event_type == "SANCTION"


def is_verbal(event_type: str) -> bool:
    """Verbal cooperation or conflict (AGREE ... CONCEDE, REQUEST ... THREATEN), not SANCTION."""
    return QUAD_CODES[event_type] in (1, 3) and not is_material_conflict(event_type)


def is_hostile(event_type: str) -> bool:
    return is_material_conflict(event_type) or event_type == "THREATEN"


def complement_tokens(comp: Token) -> frozenset[int]:
    """Tokens of a fold's complement, which are not its addressee. A "to X" phrase the fold took as
    its complement ("offered its troops to the president") is the addressee itself."""
    if comp.dep_ == "pobj":
        return frozenset()
    return frozenset(t.i for t in comp.subtree)


def controller_actors(tok: Token) -> list[ActorMention]:
    """Who controls a folded frame: a verb's subject; a noun's owner or its verb's subject."""
    if tok.pos_ != "NOUN":
        return verb_actors(tok)
    owners = nominal_actors(tok)
    if owners or tok.dep_ not in ("dobj", "attr", "nsubjpass", "nsubj"):
        return owners
    return verb_actors(tok.head) if tok.dep_ in ("dobj", "attr") else []


def participle(tok: Token) -> bool:
    """A participial adverbial clause without a subordinator ("..., saying he must resign")."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(m.dep_ == "mark" for m in tok.children)


def compose(fold: str, base: str | None, entry: LexEntry | None) -> str | None:
    """The category of a control verb folded over a complement coded ``base``."""
    own = entry.event_type if entry is not None else None
    if fold in ("aspect", "future"):
        return base
    if fold == "negate":  # "failed to reach agreement" is a rejection; "failed to stop" stays
        return "REJECT" if base is not None and is_coop(base) else base
    if fold == "reject":  # refusing violence is still coded as the violence, negated
        return base if base in ("ASSAULT", "COERCE") else "REJECT"
    if fold == "agree":
        return "AGREE"
    if fold == "pledge":
        if base is not None and is_hostile(base):
            return "THREATEN"
        return "AGREE"
    if fold == "threaten":
        return "THREATEN"
    if fold == "warn":  # "warned it would retaliate" threatens; "warned that pipes leak" does not
        return "THREATEN" if base is not None and is_hostile(base) else None
    return own or base
