"""PLOVER modes the lexicon entry alone cannot give: weapons, intended acts, emergency rule.

A verb like "killed" or "attacked" says ASSAULT but not how; the weapon words of its clause do
("in a car bomb explosion" → explosives, "shelled" with tanks → heavy-weapons). A THREATEN frame
takes its mode from the act threatened (violence, restrict, relations, curfew). The lexicon's own
mode always wins; these cues only fill a missing one. Modes follow the PLOVER 2 mode lists
(../shared/data/ngec/PLOVER_structured_codebook.csv).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..vocabulary import word_sets

__all__ = ["mode_from_context", "threat_mode"]

#: ASSAULT and COERCE modes by cue word, most specific first (a suicide car bomb is a suicide
#: attack): ``data/words/*_mode_cues.tsv``, one mode a line, in order.
_ASSAULT_CUES: tuple[tuple[str, frozenset[str]], ...] = tuple(word_sets("assault_mode_cues").items())
_COERCE_CUES: tuple[tuple[str, frozenset[str]], ...] = tuple(word_sets("coerce_mode_cues").items())


def _clause_words(trigger: Token) -> set[str]:
    """Lower-cased words of the trigger's clause (its subtree, or the sentence for a noun)."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX") and node.dep_ != "ROOT" and node.head.i != node.i:
        node = node.head
    return {t.lower_ for t in node.subtree}


def mode_from_context(event_type: str, trigger: Token) -> str | None:
    """A PLOVER mode from the cue words around the trigger, or ``None``."""
    cues = _ASSAULT_CUES if event_type == "ASSAULT" else _COERCE_CUES if event_type == "COERCE" else ()
    if not cues:
        return None
    words = _clause_words(trigger)
    for mode, triggers in cues:
        if words & triggers:
            return mode
    return None


def threat_mode(threatened: str | None, threatened_mode: str | None) -> str | None:
    """The THREATEN mode from the act threatened: violence, restrict, relations, ..."""
    if threatened == "ASSAULT":
        return "violence"
    if threatened == "COERCE":
        return (
            threatened_mode if threatened_mode in ("curfew", "martial-law", "ban", "arrest") else "restrict"
        )
    if threatened == "SANCTION":
        return "relations"
    if threatened == "PROTEST":
        return "restrict"
    return None
