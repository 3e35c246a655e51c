"""Parse walks of the frame extractor: clause order, a light verb's event nouns, spans, dedupe.

Small jobs :mod:`dotterel.extract.frames` does on the parse that need no lexicon and make no
decision about categories.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..columns import token_heads
from ..records import ActorMention, Frame, Span
from ..spans import token_span
from ..vocabulary import word_sets, words
from .arguments import mention

__all__ = ["dedupe", "light_objects", "subject_mentions", "top_down", "trigger_span"]

_PREPS = word_sets("prepositions")
#: Nouns that contain the event noun of a light verb ("a wave of arrests", "a package of sanctions").
_CONTAINERS = words("container_nouns")
#: Light verbs whose event noun follows a preposition ("engage in clashes", "take part in talks").
_PREP_LIGHT = words("prep_light_verbs")


def top_down(sent: SpacySpan) -> list[int]:
    """The indices of the sentence's tokens, governors before their dependents (breadth-first from
    the root, each level in text order), then any token outside the root's tree.

    Walked over the heads of :func:`dotterel.columns.token_heads`, not ``Token.children``: the frame
    extractor runs it on every sentence, and builds a ``Token`` only for an index it still needs.
    """
    heads = token_heads(sent.doc)
    children: dict[int, list[int]] = {}
    for i in range(sent.start, sent.end):
        if heads[i] != i:
            children.setdefault(heads[i], []).append(i)
    order: list[int] = []
    level = [sent.root.i]
    seen: set[int] = set()
    while level:
        level = [i for i in level if i not in seen]
        seen.update(level)
        order.extend(sorted(level))
        level = [c for i in level for c in children.get(i, ())]
    order.extend(i for i in range(sent.start, sent.end) if i not in seen)  # outside the root's tree
    return order


def subject_mentions(tok: Token) -> list[ActorMention]:
    return [mention(t) for t in (tok, *tok.conjuncts) if t.pos_ in ("NOUN", "PROPN", "PRON")]


def light_objects(tok: Token) -> list[Token]:
    """Nominal objects a light verb takes its category from ("launch attacks", "engage in clashes")."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "attr", "nsubjpass")]
    for o in list(out):  # "$500 million in military aid", "a wave of arrests", "a package of sanctions"
        if o.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY") or o.lemma_.lower() in _CONTAINERS:
            out.extend(g for c in o.children if c.dep_ == "prep" and c.lower_ in _PREPS["container"]
                       for g in c.children if g.dep_ == "pobj")  # fmt: skip
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in _PREPS["light_noun"] and tok.lemma_.lower() in _PREP_LIGHT:
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "prt":
            out.extend(g for p in tok.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
    return [t for o in out for t in (o, *o.conjuncts) if t.pos_ == "NOUN"]


def trigger_span(tokens: list[Token]) -> Span:
    if len(tokens) == 1:
        return token_span(tokens[0])
    doc = tokens[0].doc
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    span = doc[lo : hi + 1]
    return Span(span.text, span.start_char, span.end_char)


def dedupe(frames: list[Frame]) -> list[Frame]:
    seen: set[tuple[int, str]] = set()
    out = []
    for f in frames:
        key = (f.trigger_token, f.event_type)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
