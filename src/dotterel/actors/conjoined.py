"""Conjoined nationalities: "US and British forces" are two actors, not one.

PLOVER codes compound actors as a list. When the words in front of an actor's head are two or
more conjoined nationality words or country names ("Senior Hungarian and Romanian officials",
"French and Egyptian warships"), the resolved mention is split into one actor per country: each
keeps the head's sector and points at its own nationality word (``text``), with a ``name`` such as
"British forces" and a ``reason`` saying it was split.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..records import ActorMention
from .entity import generic_entity, is_generic_id
from .kb import KnowledgeBase

__all__ = ["split_conjoined_nationalities"]

_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})


def _nationality_words(head: Token, kb: KnowledgeBase) -> list[tuple[Token, str]]:
    """The head's conjoined nationality modifiers with their country codes, in text order."""
    found: list[tuple[Token, str]] = []
    for mod in head.children:
        if mod.dep_ not in _MODIFIER_DEPS or mod.i > head.i:
            continue
        group = [mod, *(c for c in mod.conjuncts if c.i < head.i)]
        if len(group) < 2:
            continue
        codes = [(tok, kb.demonym(tok.text)) for tok in group]
        if all(code for _, code in codes):
            found += [(tok, code) for tok, code in codes if code]
    found.sort(key=lambda pair: pair[0].i)
    return found


def split_conjoined_nationalities(doc: Doc, mention: ActorMention, kb: KnowledgeBase) -> list[ActorMention]:
    """One resolved mention per country when its head has conjoined nationality words, else ``[mention]``."""
    if (
        mention.head is None
        or not 0 <= mention.head < len(doc)
        or not (mention.kb_id is None or is_generic_id(mention.kb_id))
    ):
        return [mention]
    head = doc[mention.head]
    pairs = _nationality_words(head, kb)
    if len({code for _, code in pairs}) < 2:
        return [mention]
    words = " and ".join(tok.text for tok, _ in pairs)
    out = []
    for tok, code in pairs:
        # each country's part is that country's generic entity ("military:GBR:MIL"), if it has a sector
        generic = generic_entity(kb, code, mention.sector) if mention.sector else None
        kb_id, name = generic if generic else (None, f"{tok.text} {head.text}")
        out.append(
            replace(
                mention,
                text=tok.text,
                start=tok.idx,
                end=tok.idx + len(tok.text),
                name=name,
                kb_id=kb_id,
                country=code,
                reason=f"conjoined nationalities '{words}' split into one actor per country: "
                f"'{tok.text}' → {code}"
                + (f", sector {mention.sector} from '{head.text}'" if mention.sector else ""),
            )
        )
    return out
