"""Whether a noun phrase head can stand for a person or group: the extractor's one actor test.

Argument finding (``arguments``), clause analysis (``clauses``) and the plausibility checks
(``plausibility``) all ask the same question; it lives here, below all three, so that none of them
imports another to ask it (the old ``arguments`` ↔ ``clauses`` import cycle, issue #16). The role
nouns are data (``data/words/role_nouns.txt``), not code.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..vocabulary import words

__all__ = ["ACTOR_ENTS", "ROLE_NOUNS", "is_actorish"]

#: Role nouns that make a common-noun phrase an actor ("US forces", "protesters").
ROLE_NOUNS: frozenset[str] = words("role_nouns")

#: Named-entity kinds that name a person or group.
ACTOR_ENTS: frozenset[str] = frozenset({"GPE", "NORP", "ORG", "PERSON"})

_SKIP_PRONOUNS = frozenset(
    {"which", "that", "who", "whom", "whose", "what", "there", "it's", "this", "these",
     # "killed 23 people as well as themselves": a reflexive is the actor again, never a new party
     "themselves", "itself", "himself", "herself", "ourselves", "myself", "yourself", "yourselves"}
)  # fmt: skip
_THING_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "PRODUCT", "WORK_OF_ART",
     "EVENT", "LAW", "LANGUAGE"}
)  # fmt: skip
_PART_WORDS = words("part_words")


def is_actorish(tok: Token) -> bool:
    """Whether a noun phrase head can stand for a person or group (an actor or recipient)."""
    if tok.ent_type_ in _THING_ENTS:  # "a new iPhone", "the Geneva Convention", "on Sunday"
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ not in _SKIP_PRONOUNS
    if tok.pos_ == "PROPN" or tok.ent_type_ in ACTOR_ENTS:
        return True
    if tok.lemma_.lower() in ROLE_NOUNS:
        return True
    if tok.pos_ == "NUM" or tok.lemma_.lower() in _PART_WORDS:  # "one third of the guerrillas"
        parts = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if any(g.dep_ == "pobj" and is_actorish(g) for g in parts):
            return True
    return any(c.dep_ in ("compound", "amod") and (c.pos_ == "PROPN" or c.ent_type_ in ACTOR_ENTS)
               for c in tok.children)  # fmt: skip
