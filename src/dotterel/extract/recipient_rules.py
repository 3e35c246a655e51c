"""Recipient rules: where a frame finds its recipient when its own arguments name none.

A frame's recipients come first from its trigger's objects and target prepositions
(:mod:`dotterel.extract.arguments`). When those name nobody, the rules below are tried **in
order**, and the first that finds someone wins ("attacks on X" → the patient of the noun,
"deployed troops to protect X" → the purpose's target, "visited Moscow" → the place visited).
Each rule is one row of the table ``data/rules/recipient_rules.tsv`` (read into :data:`RULES`):
a name, the event types it serves (``*``: any), whether it is preferred, and an example. What a
rule looks for is, for most rows, the dependency pattern of the same name in
``data/rules/recipient_patterns.json`` (:mod:`dotterel.extract.dep_patterns`), run from the
frame's trigger or nominal trigger; a row whose name is in :data:`FINDERS` runs that code instead
(which may itself run a pattern from another token, or guard it by the frame's category).
:func:`rules_for` gives the ordered list for one event type. The frame extractor writes the name
of the rule that found a frame's recipients into ``Frame.notes`` (``recipient rule: <name>``), so
a wrong recipient points at its row and its pattern.

To add a rule: add a pattern entry (with its example sentence) to ``recipient_patterns.json``
and a row of the same name to the table at the place in the order where it should win, and a
test sentence (``docs/architecture.md`` walks through one). Only what a pattern cannot say needs
a finder in :data:`FINDERS`. A ``prefer`` rule runs even when the frame already has recipients
and replaces them when it finds any (an accusation's grievance target).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from ..errors import ConfigError
from ..records import PLOVER_EVENT_TYPES, ActorMention
from ..vocabulary import is_speech_verb, words
from .arguments import place_recipient
from .constructions import (
    VISIT_WORDS,
    construction,
    goal_recipients,
    helped_recipients,
    places_under,
    protest_recipients,
    purpose_place,
)
from .dep_patterns import PATTERNS

__all__ = [
    "RULES",
    "RecipientRule",
    "RuleInput",
    "find_recipients",
    "moving",
    "place_of",
    "rules_for",
    "without_moved",
    "Finder",
    "FINDERS",
    "load_rules",
    "pattern_finder",
]


@dataclass(frozen=True, slots=True)
class RuleInput:
    """What a recipient rule may read: the frame's category, trigger, nominal trigger, inner act."""

    event_type: str
    trigger: Token
    noun: Token | None
    #: the act a folded frame is about ("threatened to withdraw" → RETREAT), if any
    inner_type: str | None


Finder = Callable[[RuleInput], list[ActorMention]]


@dataclass(frozen=True, slots=True)
class RecipientRule:
    """One named rule: tried for ``event_types`` (``None``: every type) in table order."""

    name: str
    event_types: frozenset[str] | None
    find: Finder
    #: replace recipients the frame already has (instead of only filling an empty list)
    prefer: bool = False


def moving(event_type: str, inner_type: str | None) -> bool:
    """Whether a frame moves people or things ("deploy troops to X", "withdraw its troops")."""
    return event_type in ("MOBILIZE", "RETREAT") or inner_type == "RETREAT"


#: what a deployment, withdrawal or transfer moves ("troops", "a team of experts"): never its recipient
_FORCES = words("moving_forces")
#: verbs that hand over or send ("sent", "contribute", "donated"): their object is what moves
_TRANSFER_VERBS = words("transfer_verbs")
#: a mission or force sent somewhere stands for the country it works in
_MISSIONS = words("mission_nouns")


def _moved(tok: Token) -> bool:
    """ "troops", "a team of paratroopers", "some of its troops": forces that move, not a party."""
    if tok.lemma_.lower() in _FORCES or tok.lower_ in _FORCES:
        return True
    parts = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    return tok.pos_ in ("PRON", "NUM") and any(g.lemma_.lower() in _FORCES for g in parts)


def _after_preposition(tok: Token) -> bool:
    while tok.dep_ == "conj":
        tok = tok.head
    return tok.dep_ == "pobj"


def without_moved(x: RuleInput, recipients: list[ActorMention]) -> list[ActorMention]:
    """The frame's recipients less what the act moves or hands over (issue #11).

    A deployment or withdrawal moves forces ("withdrew some of its troops from Syria"); a transfer
    verb's object is what is sent once a goal is named ("sent a team of experts to Alabama",
    "contribute troops to the force in Afghanistan"): the goal is the recipient, and a mission or
    force sent somewhere stands for the country it works in ("the UN mission in Mali" → Mali), as
    CAMEO and PLOVER code it.
    """
    doc = x.trigger.doc
    recipients = [r for r in recipients if not _reporter(doc[r.head]) and not _described(doc, r, recipients)]
    recipients = [_own_mission(doc, r) or r for r in recipients]
    transfer = _transfers(x)
    if moving(x.event_type, x.inner_type) or transfer:
        # "withdrew its troops", "offered to send troops": not "surrendered to Colombian forces"
        recipients = [
            r for r in recipients if not (_moved(doc[r.head]) and not _after_preposition(doc[r.head]))
        ]
    if not transfer:
        return _missions_aside(doc, recipients) if moving(x.event_type, x.inner_type) else recipients
    act = _act_of(x.trigger)
    goals = goal_recipients(act) if act.pos_ in ("VERB", "AUX") else []
    if goals:
        # what is sent: the object, or the subject of a passive ("a sarcophagus was returned to Egypt"),
        # and whatever the object is "of" ("a portrait of a young girl")
        things = {c.i for c in act.children if c.dep_ in ("dobj", "nsubjpass")}
        things |= {cj.i for i in list(things) for cj in doc[i].conjuncts}
        things |= {g.i for i in list(things) for c in doc[i].children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"}  # fmt: skip
        kept = [r for r in recipients if r.head not in things and not _moved(doc[r.head])]
        heads = {r.head for r in kept}
        recipients = kept + [g for g in goals if g.head not in heads and not _moved(doc[g.head])]
    if not recipients and act.pos_ in ("VERB", "AUX"):
        # "willing to send material to help defend Saudi Arabia": whom it is sent to help; else
        # "refused to deploy peacekeepers in Iraq": where it goes
        recipients = helped_recipients(act) or place_recipient(act) or purpose_place(act)
    out: list[ActorMention] = []
    for r in recipients:
        head = doc[r.head]
        place = places_under(head) if head.lemma_.lower() in _MISSIONS else []
        out += [p for p in place if p.head not in {o.head for o in out}] or [r]
    return _missions_aside(doc, out)


def _missions_aside(doc: Doc, recipients: list[ActorMention]) -> list[ActorMention]:
    """ "the deployment of 230 troops to Liberia on a peacekeeping mission": what the forces are sent
    for is no party when whom they are sent to is named."""
    if len(recipients) < 2:
        return recipients
    return [r for r in recipients if doc[r.head].lemma_.lower() not in _MISSIONS] or recipients


def _own_mission(doc: Doc, r: ActorMention) -> ActorMention | None:
    """ "agreed to extend their peacekeeping mission in the Balkan republic": the actor's own mission
    is no party; the country it works in is (issue #11)."""
    head = doc[r.head]
    own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
    if not own or head.lemma_.lower() not in _MISSIONS:
        return None
    found = places_under(head)
    return found[0] if found else None


def _transfers(x: RuleInput) -> bool:
    """Whether the frame's act sends, hands over or withdraws something ("sent", "returned")."""
    return _act_of(x.trigger).lemma_.lower() in _TRANSFER_VERBS or x.trigger.lemma_.lower() in _TRANSFER_VERBS


def _reporter(tok: Token) -> bool:
    """ "killed 75 people, a monitor said": the subject of the speech verb reporting the event."""
    return tok.dep_ == "nsubj" and is_speech_verb(tok.head.lemma_)


def _described(doc: Doc, r: ActorMention, recipients: list[ActorMention]) -> bool:
    """ "ties with Bhutan, a majority-Buddhist nation": a common noun right after a name and a comma
    describes that name (a misparsed apposition), it is no second party."""
    head = doc[r.head]
    if head.pos_ != "NOUN":
        return False
    first = doc.char_span(r.start, r.end, alignment_mode="expand")
    if first is None or first.start < 2 or doc[first.start - 1].text != ",":
        return False
    before = doc[first.start - 2]
    return before.pos_ == "PROPN" and any(o.start <= before.idx < o.end for o in recipients if o is not r)


def _act_of(trigger: Token) -> Token:
    """The verb that carries a frame's own act: a control verb's complement ("willing to withdraw")."""
    for c in trigger.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    return trigger


def place_of(trigger: Token) -> list[ActorMention]:
    """The place a material act falls on: the verb's, or a nominal trigger's or its verb's."""
    if trigger.pos_ in ("VERB", "AUX"):
        return place_recipient(trigger)
    found = place_recipient(trigger)
    if not found and trigger.dep_ in ("dobj", "pobj") and trigger.head.pos_ in ("VERB", "AUX", "ADP"):
        verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        found = place_recipient(verb) if verb.pos_ in ("VERB", "AUX") else []
    return found


def _source(x: RuleInput) -> list[ActorMention]:
    if not (moving(x.event_type, x.inner_type) or x.event_type == "COERCE" or _transfers(x)):
        return []
    return construction("movement_source", _act_of(x.trigger))


def _request_subject(x: RuleInput) -> list[ActorMention]:
    if x.noun is None:
        return []
    found = construction("subject_of_request", x.noun)
    if not found and x.noun.dep_ == "dobj" and x.noun.head.i == x.trigger.i:
        # "reiterated its demand today that Israel ease ...": the parser hangs the demand's clause on
        # the verb (issue #11)
        found = construction("subject_of_request", x.trigger)
    return found


def _visited(x: RuleInput) -> list[ActorMention]:
    return place_of(x.trigger) if x.trigger.lemma_.lower() in VISIT_WORDS else []


#: Finders written in code, by the name the table (``data/rules/recipient_rules.tsv``) calls them:
#: those that need more than their pattern (a guard on the category, another anchor, a fallback)
#: or search the parse beyond a fixed shape. A row naming none of these runs the pattern of its
#: name in ``data/rules/recipient_patterns.json`` from the frame's trigger (or nominal trigger).
FINDERS: dict[str, Finder] = {
    "movement_source": _source,
    "subject_of_request": _request_subject,
    "place_visited": _visited,
    "protest_target": lambda x: protest_recipients(x.trigger),
    "place_of_event": lambda x: place_of(x.trigger),
}


def pattern_finder(name: str) -> Finder:
    """The finder of a row that only runs pattern ``name`` from its anchor (trigger or noun)."""
    on_noun = PATTERNS.by_name[name].anchor == "noun"

    def find(x: RuleInput) -> list[ActorMention]:
        anchor = x.noun if on_noun else x.trigger
        return construction(name, anchor) if anchor is not None else []

    find.__name__ = f"pattern_{name}"
    return find


def load_rules(text: str, source: str = "recipient_rules.tsv") -> tuple[RecipientRule, ...]:
    """Read the ordered rule table: a name, its event types (``*``: any), prefer, an example.

    The order, the event types and ``prefer`` are data so that a newcomer can change which rule
    wins for a category without touching code; what a rule *does* stays a Python finder, named in
    :data:`FINDERS`. A row naming no finder, an unknown category or a bad ``prefer`` is a
    :class:`~dotterel.errors.ConfigError` naming the row, never a silently skipped rule.
    """
    rules: list[RecipientRule] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ConfigError(f"{source}:{n}: expected name, event types and prefer separated by tabs")
        name, types_col, prefer_col = (c.strip() for c in cols[:3])
        if name not in FINDERS and name not in PATTERNS:
            raise ConfigError(f"{source}:{n}: no recipient finder or pattern is called {name!r}")
        if prefer_col not in ("yes", "no"):
            raise ConfigError(f"{source}:{n}: prefer must be yes or no, not {prefer_col!r}")
        types: frozenset[str] | None = None
        if types_col != "*":
            types = frozenset(types_col.split())
            unknown = sorted(types - set(PLOVER_EVENT_TYPES))
            if not types or unknown:
                raise ConfigError(f"{source}:{n}: unknown PLOVER categories {unknown or types_col!r}")
        find = FINDERS[name] if name in FINDERS else pattern_finder(name)
        rules.append(RecipientRule(name, types, find, prefer=prefer_col == "yes"))
    return tuple(rules)


#: The rules, in the order they are tried (the first that finds someone wins).
RULES: tuple[RecipientRule, ...] = load_rules(
    (resources.files("dotterel") / "data" / "rules" / "recipient_rules.tsv").read_text("utf-8")
)


@cache
def rules_for(event_type: str) -> tuple[RecipientRule, ...]:
    """The rules tried for ``event_type``, in table order."""
    return tuple(r for r in RULES if r.event_types is None or event_type in r.event_types)


def find_recipients(
    x: RuleInput, recipients: list[ActorMention], rules: tuple[RecipientRule, ...] | None = None
) -> tuple[list[ActorMention], str | None]:
    """``recipients`` less what the act moves (:func:`without_moved`), completed by the first rule
    that applies, and that rule's name (or ``None``). ``rules``: another table (read with
    :func:`load_rules`) instead of the shipped one, to try a change of order."""
    fired: str | None = None
    recipients = without_moved(x, recipients)
    todo = rules_for(x.event_type) if rules is None else [
        r for r in rules if r.event_types is None or x.event_type in r.event_types
    ]  # fmt: skip
    for rule in todo:
        if recipients and not rule.prefer:
            continue
        found = rule.find(x)
        if found:
            recipients, fired = found, rule.name
    return recipients, fired
