"""Constructions the recipient rules read: named dependency patterns, and the searches that are not.

Most constructions are one entry of ``data/rules/recipient_patterns.json`` (loaded by
:mod:`dotterel.extract.dep_patterns`): :func:`construction` runs the named pattern from a token and
keeps what the entry says (the parties found, else whom the things found concern). Word-list tests
that need the parse beyond a fixed shape stay code here, each with the reason it is not a pattern:

- :func:`protest_recipients`: tried head by head (the act, its object, the protest it joins),
  stopping at the first that names a reason, so the order of heads is part of the rule;
- :func:`goal_recipients`: reads every conjunct of what is sent, however long the list;
- :func:`purpose_place`, :func:`places_under`: a named place at any depth of a purpose clause or a
  chain of "of"/"in" phrases (:func:`~dotterel.extract.arguments.place_under`).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import ActorMention
from ..vocabulary import word_sets, words
from .actorhood import is_actorish as _actorish
from .arguments import PLACE_ENTS, PLACE_PREPS, owners, place_under
from .dep_patterns import PATTERNS, DepPattern
from .party_spans import mentions as _mentions

__all__ = [
    "VISIT_WORDS",
    "condition_recipients",
    "construction",
    "goal_recipients",
    "helped_recipients",
    "places_under",
    "protest_recipients",
    "purpose_place",
]

_PREPS = word_sets("prepositions")
#: Visits: the place visited stands for the host ("arrived in Amman on a visit" -- issue #4).
VISIT_WORDS: frozenset[str] = words("visit_words")


def _kept(p: DepPattern, found: list[Token]) -> list[Token]:
    """What entry ``p`` keeps of the tokens its pattern found (its ``keep`` and ``first``)."""
    if p.keep == "parties":
        found = [t for t in found if _actorish(t)]
    elif p.keep == "parties_else_owners":
        found = [t for t in found if _actorish(t)] or [w for t in found for w in owners(t, p.owner_depth)]
    elif p.keep == "owners_of_things":
        found = [w for t in found if not _actorish(t) for w in owners(t, p.owner_depth)]
    return found[:1] if p.first else found


def construction(name: str, anchor: Token) -> list[ActorMention]:
    """The parties pattern ``name`` finds from ``anchor`` ("complained over X" → X), as mentions."""
    return _mentions(_kept(PATTERNS.by_name[name], PATTERNS.find(name, anchor)), need_actorish=True)


def condition_recipients(tok: Token) -> list[ActorMention]:
    """The subject of a threat's condition clause: "threatened to strike if the US goes ahead" → US.

    A threat is aimed at whoever must meet its condition (issue #4); pattern ``threat_condition``.
    """
    return construction("threat_condition", tok)


def helped_recipients(verb: Token) -> list[ActorMention]:
    """ "sent material to help defend Saudi Arabia", "offered troops to help the Philippine army":
    whom a transfer's purpose clause helps or protects (issue #11); pattern ``helped_party``."""
    return construction("helped_party", verb)


#: Verbs of a protest's stated reason ("... to demand the resignation of X", "calling for Y").
_REASON_VERBS = words("reason_verbs")
#: "in protest of X", "in defiance of X", "in opposition to X".
_REASON_NOUNS = words("reason_nouns")
#: gatherings whose stated reason is the protest's target ("a rally calling for ...")
_PROTEST_NOUNS = words("protest_nouns")


def _reason_targets(clause: Token) -> list[Token]:
    objs = [c for c in clause.children if c.dep_ == "dobj"]
    objs += [g for c in clause.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    direct = [o for o in objs if _actorish(o) and o.ent_type_ not in PLACE_ENTS]
    return direct or [w for o in objs for w in owners(o)]


def protest_recipients(tok: Token) -> list[ActorMention]:
    """Whom a protest is aimed at, from its stated reason (issue #4).

    Protesters rarely take an object; the target sits in a purpose or participle clause ("to
    protest President Assad's failure", "calling for independence from Iraq") or in "in
    protest of"/"in defiance of" phrases.
    """
    found: list[Token] = []
    # "continued their hunger strike in protest of X": the reason may hang on the light verb's noun
    heads = [tok, tok.head] if tok.pos_ == "NOUN" else [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    # "rioted following a demonstration calling for the removal of X": the reason may hang on the
    # protest the act follows or joins (issue #11)
    heads += [g for c in tok.children if c.dep_ == "prep" for g in c.children
              if g.dep_ in ("pobj", "dobj") and g.lemma_.lower() in _PROTEST_NOUNS]  # fmt: skip
    for h in heads:
        for c in h.children:
            if c.dep_ in ("advcl", "relcl", "acl", "xcomp") and c.lemma_.lower() in _REASON_VERBS:
                found += _reason_targets(c)
            elif c.dep_ == "prep" and c.lower_ in _PREPS["protest_reason"]:
                for g in (g for g in c.children if g.dep_ == "pobj"):
                    if c.lower_ == "in" and g.lemma_.lower() in _REASON_NOUNS:
                        found += _reason_targets(g)
                    elif c.lower_ != "in":
                        found += [g] if _actorish(g) else owners(g)
        if found:
            break
    return _mentions(found, need_actorish=True)


def places_under(tok: Token) -> list[ActorMention]:
    """The named place a mission or force works in ("the UN peacekeeping mission in Mali")."""
    pobjs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    found = next((p for g in pobjs if (p := place_under(g, 1)) is not None), None)
    return _mentions([found], need_actorish=True) if found is not None else []


def goal_recipients(verb: Token) -> list[ActorMention]:
    """Whom a transfer goes to: "to X" / "into X" on the verb, or hung by the parser under what is
    sent ("sent vehicles and a team of paratroopers to Lebanon", "offered asylum to X") -- issue #11."""
    things = [c for c in verb.children if c.dep_ == "dobj"]
    things += [cj for t in things for cj in t.conjuncts]
    things += [g for t in things for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    found = [g for h in (verb, *things) for c in h.children
             if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if not found:  # "returned a pendant engraved with the image of Peter the Great to Russian authorities"
        found = [g for t in things for c in t.subtree if c.dep_ == "prep" and c.lower_ == "to"
                 for g in c.children if g.dep_ == "pobj" and _actorish(g)][:1]  # fmt: skip
    return _mentions(found, need_actorish=True)


def purpose_place(verb: Token) -> list[ActorMention]:
    """ "gave 350 million euros to promote development in Ethiopia", "provided $340 million for
    assistance in northern Iraq": the place a transfer's purpose is about (issue #11)."""
    clauses = [
        c for c in verb.children if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children)
    ]
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    clauses += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
                for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    for clause in clauses:
        for tok in clause.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS and place_under(tok, 0) is not None:
                return _mentions([tok], need_actorish=True)
    return []
