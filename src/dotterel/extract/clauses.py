"""Which predicates of a sentence report events, and how clauses hang together.

The probe on the dev set showed over-generation as the largest error: several verbs per sentence
fire. These helpers encode the clause structure the frame builder relies on: background clauses
(relative clauses, temporal/causal adverbial clauses, purpose clauses) are not new events;
complements of control verbs ("agreed to undertake") fold into the controlling frame; and an
embedded predicate without a subject takes its controller's ("urged X to quell" → X).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..vocabulary import is_speech_verb, word_sets, words
from .actorhood import is_actorish

__all__ = [
    "BACKGROUND_MARKS",
    "SPEECH_NOUNS",
    "complement_of",
    "controller_of",
    "is_background",
    "is_passive",
    "purpose_clauses",
    "CLAUSE_DEPS",
    "CONDITION_MARKS",
]

#: Subordinators of adverbial clauses that only give background (time, cause, concession).
_BACKGROUND = "after before when whenever since as while because although though until till once whereas"
BACKGROUND_MARKS: frozenset[str] = frozenset(_BACKGROUND.split()) | {"despite", "where", "following"}

#: Dependency labels under which a verb heads a clause (others: "given", "including", "wanted").
CLAUSE_DEPS: frozenset[str] = frozenset(
    {"ROOT", "ccomp", "xcomp", "conj", "advcl", "acl", "relcl", "pcomp", "parataxis", "acomp", "dep"}
)

#: Subordinators of conditional clauses: the clause is kept (its status is hypothetical).
CONDITION_MARKS: frozenset[str] = frozenset({"if", "unless", "lest"})


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_passive(tok: Token) -> bool:
    """A passive verb ("was attacked"): its grammatical subject is the target."""
    if any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in tok.children):
        return True
    # a bare past participle ("saw 700 women killed", "militias backed by Iran")
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("acl", "oprd", "amod", "advcl", "ccomp")
        and not any(c.dep_ == "aux" for c in tok.children)
    )


def is_background(tok: Token, stop: Token | None = None) -> bool:
    """True when ``tok`` sits inside a clause that only gives background to the sentence.

    Walks from ``tok`` up to the root (or to ``stop``): a relative clause, an adverbial clause
    of time/cause/concession, a purpose clause ("to counter influence") or an infinitival noun
    modifier ("a plan to attack") makes everything inside it background. Participial adverbial
    clauses ("Accusing the group of ..., he said") and participles modifying a noun ("militias
    targeting US forces") report events and are kept.
    """
    node = tok
    stop_i = -1 if stop is None else stop.i  # by index: spaCy builds a new Token object per access
    # head.i != i as well: the model labels a whitespace root "dep", not "ROOT" (issue 17: a hang)
    while node.dep_ != "ROOT" and node.i != stop_i and node.head.i != node.i:
        dep = node.dep_
        if dep == "relcl":
            return True
        if dep == "acl" and (node.tag_ != "VBG" or _describes_speaker(node.head) or not _agentive(node.head)):
            return True  # "militias targeting US forces" reports; "details surrounding the case" does not
        if dep == "advcl":
            marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
            if marks & BACKGROUND_MARKS:
                return True
            if _has_to(node) and not marks & CONDITION_MARKS:
                return True
            if marks & CONDITION_MARKS:  # "if the talks fail": a condition, not a reported event
                return True
        if node.pos_ in ("VERB", "AUX") and dep not in CLAUSE_DEPS:
            return True  # "given that ...", "including X", "a wanted man": not a predicate
        if dep == "pcomp" and node.head.lower_ in ("of", "for") and node.head.head.pos_ == "NOUN":
            return True  # "notice of attacking", "his commitment for holding elections": background
        node = node.head
    return False


#: A control verb's prepositional complement ("refrain from", "accused X of", "agreed to").
_COMPLEMENT_PREPS = word_sets("prepositions")["complement"]
#: Documents that speak for their authors ("a declaration demanding that ...").
SPEECH_NOUNS: frozenset[str] = words("speech_nouns")


def _agentive(noun: Token) -> bool:
    """A noun that can act: a name, a group or a role ("militias", "Hezbollah", "police")."""
    return is_actorish(noun) or noun.lemma_.lower() in SPEECH_NOUNS


def _describes_speaker(noun: Token) -> bool:
    """The noun is part of the subject of a speech verb ("a member of the team trying to ...")."""
    node = noun
    while node.dep_ != "ROOT" and node.head.i != node.i:
        if node.dep_ in ("nsubj", "nsubjpass"):
            return is_speech_verb(node.head.lemma_)
        if node.dep_ not in ("pobj", "prep", "appos", "compound", "conj"):
            return False
        node = node.head
    return False


def purpose_clauses(tok: Token) -> list[Token]:
    """Infinitival adverbial clauses of ``tok`` ("used its allies to launch attacks")."""
    return [c for c in tok.children if c.dep_ == "advcl" and _has_to(c)]


def complement_of(tok: Token, *, include_purpose: bool = False, include_preps: bool = True) -> Token | None:
    """The predicate a control word governs: xcomp/ccomp, "from/of/to/on + -ing" or a noun.

    ``refrain from intervening``, ``refrain from intervention``, ``accused X of providing``,
    ``agreed to undertake``, ``ready to contribute``. With ``include_purpose``, an infinitival
    purpose clause counts too (for verbs like "use" or "utilize" that carry no event of their own).
    """
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            return c
        if c.dep_ == "acl" and tok.pos_ == "NOUN" and _has_to(c):  # "no plans to attack Iran"
            return c
    for c in tok.children if include_preps else ():
        if c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS:
            for g in c.children:
                if g.dep_ == "pcomp":
                    return g
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "NOUN":
                    return g
    if include_purpose:
        purposes = purpose_clauses(tok)
        if purposes:
            return purposes[0]
    for c in tok.children:  # an ADJ predicate: "is ready to contribute" → acomp → xcomp
        if c.dep_ == "acomp":
            inner = complement_of(c)
            if inner is not None:
                return inner
    return None


def controller_of(tok: Token) -> Token | None:
    """The word whose subject (or object) an embedded predicate without a subject shares.

    Object control first ("prompted Hamas to call on" → Hamas), then the subject of the
    governing clause ("Accusing ..., Khamenei emphasized" → Khamenei); a participle modifying a
    noun ("militias targeting US forces") is controlled by that noun.
    """
    dep = tok.dep_
    head = tok.head
    if head is tok:
        return None
    if dep == "acl":
        return head
    if dep == "xcomp":
        for c in head.children:
            if c.dep_ in ("dobj",) and c.i < tok.i:
                return c
    if dep in ("xcomp", "ccomp", "advcl", "conj", "pcomp", "acomp"):
        if dep == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
            noun = head.head
            for c in noun.children:
                if c.dep_ == "poss":
                    return c
            return controller_of(noun) if noun.dep_ != "ROOT" else None
        gov = head.head if dep == "pcomp" and head.dep_ == "prep" else head
        for c in gov.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                return c
        if gov is not tok and gov.dep_ != "ROOT":
            return controller_of(gov)
    if dep == "dobj" or dep == "pobj":
        return controller_of(head)
    return None
