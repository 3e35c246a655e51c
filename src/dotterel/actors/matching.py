"""Find knowledge-base names and nationality words in a run of tokens.

This is the only place that turns text into KB lookups, so the mention resolver and the article
pre-scan for coreference find exactly the same names. The search itself is spaCy's
``PhraseMatcher`` over every alias of the KB (``name_matcher.py``, built once per KB); this module
keeps the entry point the resolver calls and the choice among same-alias entities.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Token

from .kb import KBEntity, KnowledgeBase
from .name_matcher import NameMatch, matcher_for

__all__ = ["NameMatch", "find_names", "pick_entity"]


def find_names(kb: KnowledgeBase, tokens: Sequence[Token]) -> list[NameMatch]:
    """Longest non-overlapping KB names in ``tokens`` (tokens of one Doc, in order), leftmost first.

    The rules (case, "the", possessive "'s", punctuation, pronouns) are in ``name_matcher.py``; the
    names of a whole document are found once, and a phrase's are picked among them.
    """
    return matcher_for(kb).find(tokens)


def pick_entity(entities: list[KBEntity], when: date | None, seen: set[str]) -> KBEntity | None:
    """Among same-alias entities: one already seen in the article, else one in office on ``when``."""
    if not entities:
        return None
    for ent in entities:
        if ent.id in seen:
            return ent
    first = entities[0]
    if when is not None and first.type == "person" and not any(r.holds_on(when) for r in first.roles):
        # two people share a short name: prefer the one in office on the publication date
        for ent in entities[1:]:
            # only among entities of the same file: an older file's entry for the same person
            # (Phoenix's, with a 2014 view of his roles) must not override a newer one
            if ent.layer < first.layer:
                continue
            if ent.type == "person" and any(r.dated and r.holds_on(when) for r in ent.roles):
                return ent
    return first
