"""Find knowledge-base names and nationality words in a run of tokens.

One left-to-right scan over the tokens with the KB's alias prefix set: from each token, extend the
window while the words so far are the beginning of some alias, and keep the longest window that is
a whole alias (or a nationality word). This is the only place that turns text into KB lookups, so
the mention resolver and the article pre-scan for coreference find exactly the same names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from .kb import KBEntity, KnowledgeBase, norm

__all__ = ["NameMatch", "find_names", "pick_entity"]

_LOWER_PRONOUNS = frozenset({"us", "it", "we", "he", "she", "they", "i", "me", "him", "her", "them"})


@dataclass(slots=True)
class NameMatch:
    """Tokens ``doc[start:end]`` name ``entities`` (best first) and/or a country word (``demonym``)."""

    start: int
    end: int
    text: str
    entities: list[KBEntity] = field(default_factory=list)
    demonym: str | None = None

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


def find_names(kb: KnowledgeBase, tokens: Sequence[Token]) -> list[NameMatch]:
    """Longest non-overlapping KB names in ``tokens`` (contiguous tokens of one Doc), in order.

    Each token is read and normalised once (spaCy builds a new Token object on every access), and
    the window key grows word by word, so a whole article is one pass of dict probes.
    """
    out: list[NameMatch] = []
    n = len(tokens)
    if n == 0:
        return out
    first_i = tokens[0].i
    texts = [t.text for t in tokens]
    keys = [norm(t) for t in texts]
    punct = [t.is_punct or t.is_space for t in tokens]
    upper = [t[:1].isupper() for t in texts]
    prefixes, limit = kb.prefixes, kb.max_alias_words + 4
    i = 0
    while i < n:
        if punct[i] or (keys[i] in _LOWER_PRONOUNS and texts[i].islower()):
            i += 1
            continue
        best: NameMatch | None = None
        parts: list[str] = []
        capital = False
        for j in range(i, min(n, i + limit)):
            capital = capital or upper[j]
            if keys[j].startswith("'") and parts:  # "People 's" → "people's", as the alias is written
                parts[-1] += keys[j]
            elif keys[j]:
                parts.append(keys[j])
            key = " ".join(parts)
            if key.startswith("the "):
                key = key[4:]
            elif key == "the":
                continue
            if not key:
                continue
            if key not in prefixes:
                break
            if punct[j]:
                continue
            ents = kb.lookup(key)
            if ents and not capital:
                ents = [e for e in ents if e.any_case]
            dem = kb.demonyms.get(key) if capital else None
            if ents or dem:
                best = NameMatch(first_i + i, first_i + j + 1, " ".join(texts[i : j + 1]), ents, dem)
        if best is not None:
            out.append(best)
            i += best.end - best.start
        else:
            i += 1
    return out


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
