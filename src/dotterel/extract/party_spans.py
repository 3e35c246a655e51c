"""Who a party to an event is, as a span: the tight noun phrase that covers the name.

Determiners, adjectives, compounds, possessors and "of" phrases stay; appositions, relative clauses
and other trailing material go ("Iran, a longstanding supporter of Hamas," → "Iran"), except a name
apposed to a title ("the president, Goodluck Jonathan") and the rest of a name the parser splits
("National Union for the Total Independence of Angola"). Conjoined noun phrases and comma lists
become one mention each (PLOVER compound actors). ``arguments.py`` decides which tokens are the
actors and recipients of a frame; this module turns them into spans. Split out of
``arguments.py`` (issue #11).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..records import ActorMention
from ..vocabulary import words
from .actorhood import is_actorish as _actorish

__all__ = ["NO_PARTY_POS", "appos_name", "mention", "mentions"]

_LEFT_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod", "case", "punct"}
)
#: sponsorship participles in a compound modifier ("Iran-backed"): the sponsor is the patron (the
#: same list the actor resolver sets sponsors aside with)
_PATRON_VERBS = words("patron_verbs")
#: named kinds whose comma lists the parser may read as appositions ("X, Y, Z and W")
_LIST_ENTS = frozenset({"GPE", "ORG", "NORP"})
#: parts of speech that never head a party, whatever their dependency label
NO_PARTY_POS = frozenset({"SCONJ", "CCONJ", "ADP", "PART", "AUX", "PUNCT"})


def _span_tokens(head: Token) -> tuple[int, int]:
    """Token range [start, end] of the tight noun phrase headed by ``head``."""
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in _LEFT_DEPS:
            lo = min(lo, c.left_edge.i)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and _actorish(head) and not _actorish(objs[0]) and objs[0].pos_ == "NOUN":
                continue  # "accused the army of extortion": the charge, not part of who (issue #11)
            if objs:
                _, ohi = _span_tokens(objs[0])
                hi = max(hi, ohi)
    doc = head.doc
    named = appos_name(head)
    if named is not None:  # "The then president, Goodluck Jonathan,": the span covers the name
        hi = max(hi, named.right_edge.i)
    name = _name_around(head)
    if name is not None:  # "National Union for the Total Independence of Angola": the whole name
        lo, hi = min(lo, name[0]), max(hi, name[1])
    while lo < head.i and (doc[lo].dep_ in ("punct", "cc", "case") or doc[lo].ent_type_ in ("DATE", "TIME")):
        lo += 1  # "In October 2010 Costa Rica accused ...": the date is not part of the actor
    while hi > head.i and doc[hi].dep_ in ("punct", "cc"):
        hi -= 1
    opened = sum(t.text == "(" for t in doc[lo : hi + 1]) - sum(t.text == ")" for t in doc[lo : hi + 1])
    if opened == 1 and hi + 1 < len(doc) and doc[hi + 1].text == ")":
        hi += 1  # "the Central African Republic (CAR)": the parser hangs the ")" elsewhere
    return lo, hi


#: "a state of emergency / siege / war": a condition, not a state (data/words/state_of_words.txt)
_STATE_OF = words("state_of_words")
#: named-entity kinds whose whole name is the mention, even where the parse splits it
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


def _name_around(head: Token) -> tuple[int, int] | None:
    """Token range of the proper name the head is part of, when the parse cuts it: "National
    Union [for the Total Independence of Angola]" hangs "for ..." elsewhere (issue #11). Only a
    proper-noun head inside a multi-word name of the tagger's, without its possessive "'s"."""
    if head.pos_ != "PROPN" or head.ent_type_ not in _NAME_ENTS or head.ent_iob_ == "O":
        return None
    doc = head.doc
    lo = hi = head.i
    while lo > 0 and doc[lo].ent_iob_ == "I" and doc[lo - 1].ent_type_ == head.ent_type_:
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
        hi += 1
    while hi > head.i and (doc[hi].dep_ in ("case", "punct") or doc[hi].tag_ == "POS"):
        hi -= 1
    sent = head.sent
    if (
        lo == hi
        or lo < sent.start
        or hi >= sent.end
        or any(doc[i].pos_ in ("VERB", "AUX") for i in range(lo, hi + 1))
    ):
        return None
    return lo, hi


def appos_name(head: Token) -> Token | None:
    """The proper name in apposition right after a common-noun head ("the president, Goodluck
    Jonathan"; "its leader, Ismail Haniyeh"), which says who the title is (issue #11)."""
    if head.pos_ != "NOUN":
        return None
    for c in head.rights:
        near_name = c.dep_ == "appos" and c.i <= head.i + 3 and c.pos_ == "PROPN"
        if (
            near_name
            and c.ent_type_ in ("PERSON", "ORG")
            and not any(t.dep_ in ("relcl", "acl") for t in c.subtree)
        ):
            return c
    return None


def mention(head: Token) -> ActorMention:
    """A tight actor mention headed by ``head``, with the sponsor of "X-backed" kept as patron."""
    lo, hi = _span_tokens(head)
    span = head.doc[lo : hi + 1]
    raw = span.text  # not doc.text: joining the whole document per mention is slow
    stripped = raw.strip()
    start = span.start_char + (len(raw) - len(raw.lstrip()))
    end = start + len(stripped)
    patron = None
    for c in head.children:
        if c.dep_ == "amod" and c.lower_ in _PATRON_VERBS:
            sponsors = [g for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod")]
            if sponsors:
                patron = head.doc[sponsors[0].left_edge.i : sponsors[0].i + 1].text
    return ActorMention(text=stripped, start=start, end=end, head=head.i, patron=patron)


def _listed_appos(tok: Token) -> list[Token]:
    """ "The United States, India, Israel and Pakistan sent ...": the parser often hangs the list
    on the first name as an apposition with conjuncts; a same-kind named apposition that starts a
    coordination is a list of actors, not another name for the first (issue #11)."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in _LIST_ENTS:
        return []
    return [
        a
        for a in tok.children
        if a.dep_ == "appos" and a.pos_ == "PROPN" and a.ent_type_ == tok.ent_type_
        and any(c.dep_ == "conj" for c in a.children)
    ]  # fmt: skip


def _with_conjuncts(tok: Token) -> list[Token]:
    listed = [t for a in _listed_appos(tok) for t in (a, *a.conjuncts)]
    return [tok, *[c for c in (*tok.conjuncts, *listed) if c.pos_ in ("NOUN", "PROPN", "PRON")]]


def _party(tok: Token) -> bool:
    """Whether ``tok`` can head a party to an event: an actor-like noun phrase, or a common noun
    the text names in apposition ("the journalist Moussa Tchangari", "a young inmate, Mohammad
    Dowji") -- issue #11. A quantifier of things ("some of the military equipment") names no one."""
    if tok.lemma_.lower() == "state" and any(
        g.lemma_.lower() in _STATE_OF for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children if g.dep_ == "pobj"
    ):  # fmt: skip
        return False  # "lifted the state of emergency": a legal condition, not a state
    if tok.pos_ == "PRON":
        parts = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        if parts and not any(_actorish(g) for g in parts):
            return False
    return _actorish(tok) or appos_name(tok) is not None


def mentions(tokens: list[Token], *, need_actorish: bool) -> list[ActorMention]:
    """One mention per token and its conjuncts (and listed appositions), each once; with
    ``need_actorish`` only those that can be a party."""
    out: list[ActorMention] = []
    seen: set[int] = set()
    for tok in tokens:
        if tok.pos_ == "VERB" and tok.dep_ in ("nsubj", "nsubjpass"):
            # "The Red Cross operating in Iraq said": the parser makes the participle the subject
            named = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
            tok = named[0] if named else tok
        if tok.pos_ in NO_PARTY_POS:  # "demanded that ...": a conjunction the parser took for a subject
            continue
        for t in _with_conjuncts(tok):
            if t.i in seen or (need_actorish and not _party(t)):
                continue
            m = mention(t)
            if any(o.start <= m.start and m.end <= o.end for o in out):
                continue  # "the Total Independence of Angola" inside "National Union for ..."
            seen.add(t.i)
            out.append(m)
    return out
