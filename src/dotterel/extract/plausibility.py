"""Whether a proposed frame is a political event at all, before it is kept.

Over-generation on real news comes from words that are events only with a political actor:
"Wildfires burned 40,000 hectares", "a fire killed nine workers", "the singer released seven
albums", "the government will fight drug trafficking". These checks drop such frames: every actor
a natural force or a statistic; a killing without a hostile agent or a weapon; a recipient-taking
category whose only object is a thing; a "fight"/"strike" whose object is a policy or a thing.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import ActorMention
from ..vocabulary import word_sets, words
from .actorhood import ROLE_NOUNS, is_actorish
from .clauses import SPEECH_NOUNS, controller_of, is_passive
from .folds import is_material_conflict
from .lexicon import LexEntry, Lexicon

__all__ = ["CASUALTY_VERBS", "intentional", "is_disaster", "plausible"]

_PREPS = word_sets("prepositions")
#: Verbs of dying and wounding code ASSAULT only with an intentional actor (not accidents).
CASUALTY_VERBS: frozenset[str] = words("casualty_verbs")
_DISASTERS = words("disaster_nouns")
_WEAPONS = words("weapon_words")
#: Settings of violence: deaths "in the violence", "during clashes", "in the riots" are killings
#: even with no named perpetrator (researchers count them: ACLED, PLOVER ASSAULT with a count).
_VIOLENCE = words("violence_nouns")
#: Categories whose verbs need a person or group on the receiving end: "praised the photography",
#: "released seven albums", "hosts the cup final" are not political events.
_NEEDS_RECIPIENT = frozenset({"AID", "SUPPORT", "CONSULT", "RETREAT", "SANCTION", "CONCEDE", "COOPERATE"})
_NON_AGENTS = words("non_agent_nouns")
_PEOPLE_OBJECTS = words("people_objects")
_TARGETS = words("target_nouns")
_RECIPROCAL = words("reciprocal_verbs")
_THING_PRONOUNS = frozenset({"this", "that", "what", "which"})
_OFFERABLE = words("offerable_nouns")
_FIGHT_VERBS = words("fight_verbs")
_QUANTITY_HEADS = words("quantity_heads")
_STATE_NOUNS = words("state_nouns")


def plausible(
    event_type: str,
    entry: LexEntry,
    head: Token,
    noun: Token | None,
    actors: list[ActorMention],
    recipients: list[ActorMention],
    lexicon: Lexicon,
) -> bool:
    """Drop frames no political actor takes part in (natural forces, markets, things).

    A frame whose every actor is a natural force or a statistic is not an event ("Wildfires
    burned 40,000 hectares"), nor is a frame of a recipient-taking category whose object is a
    thing and which has no recipient ("released seven albums").
    """
    doc = head.doc
    heads = [doc[a.head] for a in actors]
    if heads and (
        all(_non_agent(h) for h in heads) or any(_disaster(h) and not _weapon_blast(h) for h in heads)
    ):
        return False
    if head.lemma_.lower() in _FIGHT_VERBS and noun is None:
        # "fight corruption", "combating organized crime": a policy, not a battle
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and not any(is_actorish(o) for o in objects):
            return False
    if head.lemma_.lower() in ("strike", "hit") and noun is None:
        # "struck a roadside barrier" is an accident; "struck the village", "hit rebel positions" are not
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and not any(_actorish_object(o) or o.lemma_.lower() in _TARGETS for o in objects):
            return False
    if (
        event_type == "PROTEST"
        and head.lemma_.lower() == "demonstrate"
        and any(c.dep_ in ("dobj", "ccomp") for c in head.children)
    ):
        return False  # "demonstrating the ability of the cartels": showing, not protesting
    if not is_material_conflict(event_type) and heads and not any(_can_speak(h) for h in heads):
        # verbal and cooperative acts need someone to perform them: "the new law encourages",
        # "criminal activities threaten the rainforest", "this could help explain" are not events
        return False
    lemma = head.lemma_.lower()
    if lemma in ("allow", "permit") and not any(
        is_actorish(doc[a.head]) and doc[a.head].lower_ not in _THING_PRONOUNS for a in actors
    ):
        return False  # "Payments like this allow the capo to move around": no one concedes anything
    if lemma == "offer" and noun is None:
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if objects and not any(
            _event_noun(o, lexicon) or _actorish_object(o) or o.lemma_.lower() in _OFFERABLE for o in objects
        ):
            return False  # "offered conflicting statistics", "offering another glimpse"
    if entry.mode == "release" and noun is None:
        # "released the hostages", not "released a new iPhone": only people and property are freed
        objects = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        if objects and not any(_person_like(o) for o in objects):
            return False
    if entry.pattern or noun is not None or recipients or head.pos_ not in ("VERB", "AUX"):
        return True
    if event_type not in _NEEDS_RECIPIENT:
        return True
    if (
        event_type == "CONSULT"
        and head.lemma_.lower() in _RECIPROCAL
        and (len(actors) > 1 or _plural(doc[actors[0].head] if actors else head))
    ):
        return True  # "the two presidents discussed trade": the parties are the actors
    objects = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objects and is_passive(head):  # "the documentary ... will be released"
        ctrl = controller_of(head)
        objects = [ctrl] if ctrl is not None else []
    # an event noun as object ("signed a treaty", "allow the return of inspectors") is fine
    return not objects or any(_event_noun(o, lexicon) or _actorish_object(o) for o in objects)


def _event_noun(tok: Token, lexicon: Lexicon) -> bool:
    entry = lexicon.noun(tok)
    return entry is not None and entry.event_type is not None


def _can_speak(tok: Token) -> bool:
    """An actor that can take a verbal stance: a person, group, role, pronoun or speaking document."""
    if tok.pos_ not in ("NOUN", "PRON"):  # a mis-parsed head ("The Red Cross operating ... said")
        return True
    return is_actorish(tok) or tok.lemma_.lower() in SPEECH_NOUNS or tok.lemma_.lower() in _STATE_NOUNS


def _person_like(tok: Token) -> bool:
    """People or property that can be released: named people and groups, role nouns, hostages.

    A quantity heads its phrase in the parse ("dozens of prisoners", "hundreds of detainees"):
    the people are its "of" object.
    """
    if tok.like_num or tok.pos_ == "NUM" or tok.lemma_.lower() in _QUANTITY_HEADS:
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if of:
            return any(_person_like(g) for g in of)
    lemma = tok.lemma_.lower()
    return (
        tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") or lemma in ROLE_NOUNS or lemma in _PEOPLE_OBJECTS
    )


def _plural(tok: Token) -> bool:
    """A plural actor phrase ("the two presidents", "both sides")."""
    return tok.tag_ in ("NNS", "NNPS") and tok.pos_ != "VERB"


def _non_agent(tok: Token) -> bool:
    """A natural force, an accident or a statistic; a weapon's blast is an agent."""
    if _weapon_blast(tok):
        return False
    return tok.lemma_.lower() in _NON_AGENTS or _disaster(tok)


def _actorish_object(tok: Token) -> bool:
    """Objects standing for people: "the wounded", "settlements", "weapons" handed back."""
    return tok.lemma_.lower() in _PEOPLE_OBJECTS or is_actorish(tok)


def _disaster(tok: Token) -> bool:
    return tok.lemma_.lower() in _DISASTERS or any(
        c.lemma_.lower() in _DISASTERS for c in tok.children if c.dep_ == "compound"
    )


def is_disaster(tok: Token) -> bool:
    """A fire, flood or quake that is no weapon's blast: its deaths are no assault."""
    return _disaster(tok) and not _weapon_blast(tok)


def _weapon_blast(tok: Token) -> bool:
    """ "car bomb explosion", "minefield explosion": a blast caused by a weapon."""
    if tok.lemma_.lower() in _WEAPONS:
        return True
    return tok.lemma_.lower() in ("explosion", "blast") and any(
        c.lemma_.lower() in _WEAPONS for c in tok.subtree if c is not tok
    )


def intentional(tok: Token) -> bool:
    """A killing or wounding with a hostile agent or a weapon (not an accident or a disaster)."""
    agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children]
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    blast = _PREPS["blast_setting"]
    settings = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in blast for g in c.children]
    if any(_weapon_blast(d) for d in (*agents, *subjects, *settings)):
        return True
    amid = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in _PREPS["violence_setting"]
            for g in c.children]  # fmt: skip
    if any(d.lemma_.lower() in _VIOLENCE or d.lower_ in _VIOLENCE for d in amid):
        return True  # "three people were killed in the violence", "died in clashes"
    if any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "death" for g in c.children)
           for c in tok.children):  # fmt: skip
        return True  # "stabbed / beaten / hacked to death": a killing
    doers = agents or subjects
    if not doers:
        return False
    return not any(d.lemma_.lower() in _DISASTERS for d in doers)
