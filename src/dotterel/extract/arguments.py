"""Who the actors and recipients of an event frame are.

Actors come from subjects and passive agents ("by Israel"); recipients from direct objects and
prepositional targets (against, on, with, to, at, into), else from where the rules of
``recipient_rules.py`` look (the place of the act, :func:`place_recipient`, or a construction of
``constructions.py``: a protest's reason, a threat's condition ...).
Conjoined noun phrases become a list (PLOVER compound actors), never duplicated events. The spans
themselves (tight noun phrases covering the name) are made by ``party_spans.py``; the actor
resolver maps them to entities; this module only proposes them.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import ActorMention
from ..vocabulary import word_sets, words
from .actorhood import ACTOR_ENTS as _ACTOR_ENTS
from .actorhood import ROLE_NOUNS
from .actorhood import is_actorish as _actorish
from .clauses import controller_of, is_passive
from .party_spans import NO_PARTY_POS, mention
from .party_spans import mentions as _mentions

__all__ = [
    "PLACE_ENTS",
    "PLACE_PREPS",
    "TARGET_PREPS",
    "addressees",
    "clause_subjects",
    "mention",
    "nominal_actors",
    "nominal_recipients",
    "owners",
    "place_recipient",
    "place_under",
    "verb_actors",
    "verb_recipients",
]

#: Prepositions whose object is the target of an event ("attacks on Israel", "talks with Iran").
_PREPS = word_sets("prepositions")
TARGET_PREPS: frozenset[str] = _PREPS["target"]

#: stance participles whose passive subject is the actor; documents that act for their issuer
_STATIVE = words("stative_participles")
_DOCUMENTS = words("issued_documents")


def verb_actors(verb: Token) -> list[ActorMention]:
    """Subjects (or passive agents) of ``verb``; the controller's when it has none."""
    if is_passive(verb):
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not agents and verb.lower_ in _STATIVE:  # "Vietnam is committed to ...": a stance
            agents = [c for c in verb.children if c.dep_ == "nsubjpass"]
        return _mentions(agents, need_actorish=False)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.dep_ != "expl"]
    if subjects:
        return _mentions(subjects, need_actorish=False)
    ctrl = controller_of(verb)
    if ctrl is not None and ctrl.lemma_.lower() in _DOCUMENTS and ctrl.dep_ == "dobj":
        # "the party issued a declaration demanding ...": the issuer acts through the document
        issuer = [c for c in ctrl.head.children if c.dep_ == "nsubj"]
        ctrl = issuer[0] if issuer else ctrl
    return _mentions([ctrl], need_actorish=False) if ctrl is not None else []


def addressees(verb: Token, *, skip: frozenset[int] = frozenset()) -> list[ActorMention]:
    """Whom a pledge is made to: "offered its troops to President Hrawi", "promised Kyiv to ...".

    Only the dative and "to" targets, never the direct object (what is offered is not its recipient).
    """
    found: list[Token] = []
    for c in verb.children:
        if c.i in skip:
            continue
        if c.dep_ == "dative" and c.pos_ != "ADP":
            found.append(c)
        elif c.dep_ in ("dative", "prep") and c.lower_ == "to":
            found.extend(g for g in c.children if g.dep_ == "pobj" and g.i not in skip)
    return _mentions(found, need_actorish=True)


def verb_recipients(verb: Token, *, skip: frozenset[int] = frozenset()) -> list[ActorMention]:
    """Objects and prepositional targets of ``verb`` (the passive subject for a passive verb)."""
    found: list[Token] = []
    if is_passive(verb) and not any(c.dep_ == "nsubjpass" for c in verb.children):
        ctrl = controller_of(verb)  # "will not intervene unless attacked": the target is "it"
        if ctrl is not None:
            found.append(ctrl)
    at: set[int] = set()  # objects of "at": a target ("fired at X") or only where ("met X at the Kremlin")
    for c in verb.children:
        if c.i in skip:
            continue
        if c.dep_ == "dative" and c.pos_ == "ADP":  # "providing intelligence to Macedonia" (issue #4)
            found.extend(g for g in c.children if g.dep_ == "pobj" and g.i not in skip)
        elif c.dep_ in ("dobj", "dative", "nsubjpass"):
            found.append(c)
        elif c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS:
            objs = [g for g in c.children if g.dep_ == "pobj" and g.i not in skip]
            found.extend(objs)
            if c.lower_ == "at":
                at.update(g.i for g in objs)
        elif c.dep_ == "prt":
            for g in verb.children:
                if g.dep_ == "prep" and g.lower_ in TARGET_PREPS:
                    found.extend(x for x in g.children if x.dep_ == "pobj")
            if c.lower_ == "up":  # "kidnapped up to 16 advisers": the parser makes "up to" a particle
                found.extend(x for g in c.children if g.dep_ == "prep" and g.lower_ == "to"
                             for x in g.children if x.dep_ == "pobj")  # fmt: skip
    mentions = _not_only_where(_mentions(found, need_actorish=True), at | _destinations(verb, found))
    if not mentions:  # "rejected North Korea's demand", "accepted demands from the rebels"
        mentions = _mentions([o for t in found for o in owners(t)], need_actorish=True)
    if not mentions:  # "called for sanctions against Turkey": whom the thing asked for concerns
        wanted = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i not in skip
                  for g in c.children if g.dep_ == "pobj" and not _actorish(g)]  # fmt: skip
        mentions = _mentions([o for t in wanted for o in owners(t)], need_actorish=True)
    if not mentions:  # "allowed the opposition leader to hold a rally": the subject of "to" (issue #4)
        subjects = [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i not in skip
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                    for s in c.children if s.dep_ == "nsubj" and s.i not in skip]  # fmt: skip
        mentions = _mentions(subjects[:1], need_actorish=True)
    return mentions


def _not_only_where(mentions: list[ActorMention], where: set[int]) -> list[ActorMention]:
    """``mentions`` less those that only say where (token heads in ``where``), when another party is
    named: "met Putin at the Kremlin", "protested at the university against the siege" (issue #11)."""
    if any(m.head not in where for m in mentions):
        return [m for m in mentions if m.head not in where]
    return mentions


def _destinations(verb: Token, found: list[Token]) -> set[int]:
    """Places a person object is taken to ("deported 2,000 migrants to Honduras"): where, not whom.
    Transfer verbs read their goal back in ``recipient_rules.without_moved``."""
    people = [t for t in found if t.dep_ == "dobj" and t.ent_type_ not in PLACE_ENTS and _actorish(t)]
    if not people:
        return set()
    # a named place, or the actor's own institution ("summoned the ambassador to its foreign ministry")
    return {g.i for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "into")
            for g in c.children if g.dep_ == "pobj" and (place_under(g, 0) is not None or any(
                p.dep_ == "poss" and p.pos_ == "PRON" for p in g.children))}  # fmt: skip


#: Prepositions that place an act somewhere ("shelled positions in Rafah", "fired at targets in Jericho").
PLACE_PREPS: frozenset[str] = _PREPS["place"]
_PLACE_OR_TARGET = PLACE_PREPS | TARGET_PREPS
#: Entity types of a named place, which stands for its country's people as a recipient.
PLACE_ENTS: frozenset[str] = frozenset({"GPE", "LOC"})


def place_under(tok: Token, depth: int) -> Token | None:
    """A named place at ``tok`` or below it ("the northern city of Kirkuk", "a jail in Israel")."""
    if tok.ent_type_ in PLACE_ENTS or any(
        c.dep_ in ("compound", "poss") and c.ent_type_ in PLACE_ENTS for c in tok.children
    ):  # "in Kosovo province", "in Gaza city", "in Myanmar's Rakhine State" (issue #11)
        return tok
    if depth == 0:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _PREPS["place_under"]:
            for g in c.children:
                found = place_under(g, depth - 1) if g.dep_ == "pobj" else None
                if found is not None:
                    return found
    return None


def place_recipient(tok: Token, depth: int = 1) -> list[ActorMention]:
    """ "lifted a curfew in Montenegro": the country where an act falls stands for its people.

    CAMEO and PLOVER code the place of a material act as its target ("shelled Sarajevo" → BIH),
    so the place is looked for in the act's own locative phrase, the object's ("blocked roads in
    the capital city of Algiers") or a target one level down ("fired at targets in Jericho") --
    issue #4.
    """
    pobjs = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    for depth in (0, 2):  # a place named outright beats one nested in another phrase
        found = next((p for g in pobjs if (p := place_under(g, depth)) is not None), None)
        if found is not None:
            return _mentions([found], need_actorish=True)
    for c in tok.children:
        if c.dep_ == "dobj":
            # "blocked roads in Algiers"; "launched an attack against a base in Saudi Arabia's Jizan
            # region": a target that is a thing stands for the place it is in (issue #11)
            found = next((p for g in c.children if g.dep_ == "prep" and g.lower_ in _PLACE_OR_TARGET
                          for o in g.children if o.dep_ == "pobj" and (p := place_under(o, 2)) is not None),
                         None)  # fmt: skip
            if found is not None:
                return _mentions([found], need_actorish=True)
    # "agreed to a ceasefire in eastern Ukraine", "ready to contribute to the force in Somalia",
    # "agreed to set up a centre in Tokyo": the place of what is agreed to or done next (issue #11)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "for"):
            found = next((p for o in c.children if o.dep_ == "pobj" for g in o.children
                          if g.dep_ == "prep" and g.lower_ in PLACE_PREPS
                          for x in g.children if x.dep_ == "pobj" and (p := place_under(x, 1)) is not None),
                         None)  # fmt: skip
            if found is not None:
                return _mentions([found], need_actorish=True)
    if depth > 0:
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
                found_mentions = place_recipient(c, depth - 1)
                if found_mentions:
                    return found_mentions
    return []


#: Prepositions under an object noun that name whom the thing concerns ("relations with Russia",
#: "ban on the FIS", "aid for Romania", "withdrawal of Serbian forces") -- issue #4.
_THING_PREPS: frozenset[str] = TARGET_PREPS | _PREPS["thing"]
#: "with Albania's help": the helper is an ally of the act, never its target.
_OWNER_ENTS = frozenset({"NORP", "GPE"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
_HELP_WORDS = words("help_nouns")
#: verbs of a transfer's purpose that name whom it is for ("to help X", "to protect X")
_HELP_VERBS = words("help_verbs")


def owners(thing: Token, depth: int = 2) -> list[Token]:
    """Whom an object that is a thing concerns: its possessor, nationality, or the target of its
    own prepositional phrase ("rejected North Korea's demand", "break relations with Russia",
    "lift the ban on the FIS"). The actions of PLOVER events are often expressed through such a
    thing, so the recipient sits one or two nouns below the verb (issue #4).
    """
    if _actorish(thing) or (thing.lemma_.lower() in _HELP_WORDS and thing.head.lower_ == "with"):
        return []
    # "the US-led war against Iraq", "a Saudi-led offensive": the leader owns it, whoever it targets
    leaders = [g for a in thing.children if a.dep_ == "amod" and a.lemma_.lower() == "lead"
               for g in a.children if g.dep_ in ("npadvmod", "compound", "nmod") and g.pos_ == "PROPN"
               ]  # fmt: skip
    if leaders:
        return leaders
    agents = [g for c in thing.children if c.dep_ == "prep" and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj" and _actorish(g)]  # fmt: skip
    if agents:  # "against the killing of a Chinese national by police": whose act it is (issue #11)
        return agents
    out = [c for c in thing.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    # "Serbian forces' withdrawal", "a Senegalese peace plan": a national owner of the thing
    out += [c for c in thing.children if c.dep_ in _MODIFIER_DEPS and c.ent_type_ in _OWNER_ENTS]
    # "a U.N. military presence", "the EU proposal": an organisation's name owns it (issue #11)
    out += [c for c in thing.children if c.dep_ in ("compound", "nmod") and c.i < thing.i
            and c.pos_ == "PROPN" and c.ent_type_ == "ORG"]  # fmt: skip
    # "an Afghan government offer", "the Kirkuk council decision": an actor compound owns it (issue #11)
    out += [c for c in thing.children if c.dep_ == "compound" and c.i < thing.i and c.pos_ == "NOUN"
            and c.ent_type_ not in _OWNER_ENTS and c.lemma_.lower() in ROLE_NOUNS]  # fmt: skip
    # "crimes committed by Croat forces", "property seized by the army": the participle's agent
    out += [g for v in thing.children if v.dep_ == "acl" and v.tag_ == "VBN"
            for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]  # fmt: skip
    # "lifted sanctions imposed on Eritrea", "aid sent to Nepal": the participle's target (issue #11)
    out += [g for v in thing.children if v.dep_ == "acl" and v.tag_ == "VBN"
            for p in v.children if p.dep_ == "prep" and p.lower_ in TARGET_PREPS
            for g in p.children if g.dep_ == "pobj" and _actorish(g)]  # fmt: skip
    objs = [g for c in thing.children if c.dep_ == "prep" and c.lower_ in _THING_PREPS
            for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    parties = [g for g in objs if _actorish(g)]
    # "the removal of X from office": where from is a party only when nothing else is ("demands
    # from the rebels") -- issue #11
    out += [g for g in parties if g.head.lower_ != "from"] or parties
    if not out and depth > 1:  # "restrictions on the movement of Palestinian workers"
        out = [o for g in objs for o in owners(g, depth - 1)]
    return out


def nominal_actors(noun: Token) -> list[ActorMention]:
    """Who carries out a nominal event: possessor, proper-noun compound, "by"/"between" phrase."""
    found: list[Token] = []
    for c in noun.children:
        possessor = c.dep_ == "poss" and c.pos_ != "PRON"
        named = c.dep_ in ("compound", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ in _ACTOR_ENTS)
        national = c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")
        if possessor or named or national:
            found.append(c)
        elif c.dep_ == "prep" and c.lower_ in _PREPS["nominal_actor"]:
            found.extend(g for g in c.children if g.dep_ == "pobj")
    if not found and noun.dep_ in ("nsubj", "nsubjpass"):
        # "Clashes erupted between police and protesters": the phrase hangs on the verb
        found = [g for c in noun.head.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    return _mentions(found, need_actorish=False) if found else []


def nominal_recipients(noun: Token) -> list[ActorMention]:
    """Targets of a nominal event ("attacks on Israel", "support to Hamas", "aid for Romania")."""
    found = [g for c in noun.children if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ == "for")
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    mentions = _not_only_where(
        _mentions(found, need_actorish=True), {g.i for g in found if g.head.lower_ == "at"}
    )
    if not mentions:  # "attacks on positions of the rebels", "sanctions on exports from Iran"
        mentions = _mentions([o for t in found for o in owners(t, 1)], need_actorish=True)
    return mentions


def clause_subjects(clause: Token) -> list[ActorMention]:
    """The subjects of a reported clause ("demanded that the US cancel ..."), never the "that"
    the parser sometimes labels a subject (issue #11)."""
    return [mention(c) for c in clause.children
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ not in NO_PARTY_POS]  # fmt: skip
