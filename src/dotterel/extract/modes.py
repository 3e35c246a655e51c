"""PLOVER modes the lexicon entry alone cannot give: weapons, intended acts, emergency rule.

A verb like "killed" or "attacked" says ASSAULT but not how; the weapon words of its clause do
("in a car bomb explosion" → explosives, "shelled" with tanks → heavy-weapons). A THREATEN frame
takes its mode from the act threatened (violence, restrict, relations, curfew). The lexicon's own
mode always wins; these cues only fill a missing one. Modes follow the PLOVER 2 mode lists
(../shared/data/ngec/PLOVER_structured_codebook.csv).
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["mode_from_context", "threat_mode"]

#: ASSAULT modes by cue word, most specific first (a suicide car bomb is a suicide attack).
_ASSAULT_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("suicide-attack", frozenset({"suicide"})),
    # PLOVER manual: less-lethal crowd-control weapons and tactics (tear gas, water cannon, firing
    # in the air, lathi charges), only when one is named; before firearms, since "fired tear gas"
    (
        "crowd-control",
        frozenset({"tear", "teargas", "tear-gas", "cannon", "cannons", "baton", "batons", "lathi",
                   "lathis", "baton-charged", "baton-charge", "pepper", "rubber", "stun"}),
    ),  # fmt: skip
    ("sexual", frozenset({"sexually", "rape", "raped", "sexual"})),
    ("drone", frozenset({"drone", "drones", "predator", "uav"})),
    (
        "explosives",
        frozenset(
            {
                "bomb",
                "bombs",
                "bombing",
                "explosive",
                "explosives",
                "ied",
                "minefield",
                "landmine",
                "mine",
                "grenade",
                "grenades",
                "detonated",
                "blew",
            }
        ),
    ),  # fmt: skip
    (
        "heavy-weapons",
        frozenset(
            {
                "shell",
                "shells",
                "shelled",
                "shelling",
                "artillery",
                "tank",
                "tanks",
                "mortar",
                "mortars",
                "rocket",
                "rockets",
                "missile",
                "missiles",
                "aircraft",
                "helicopter",
                "helicopters",
                "gunships",
                "jets",
                "airstrike",
                "airstrikes",
                "bombarded",
                "bombardment",
            }
        ),
    ),  # fmt: skip
    (
        "firearms",
        frozenset(
            {
                "gun",
                "guns",
                "gunfire",
                "gunmen",
                "gunman",
                "gunbattle",
                "shooting",
                "shot",
                "rifle",
                "rifles",
                "sniper",
                "firefight",
                "fired",
                "firing",
            }
        ),
    ),  # fmt: skip
    ("primitive", frozenset({"machete", "machetes", "knife", "knives", "stones", "clubs", "axes"})),
)
_COERCE_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("martial-law", frozenset({"martial", "siege", "emergency"})),
    ("curfew", frozenset({"curfew"})),
    ("censor", frozenset({"newspaper", "publication", "broadcaster", "censorship", "media"})),
)


def _clause_words(trigger: Token) -> set[str]:
    """Lower-cased words of the trigger's clause (its subtree, or the sentence for a noun)."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX") and node.dep_ != "ROOT":
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
