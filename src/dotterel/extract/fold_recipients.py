"""Where a folded frame finds its own recipients: an ordered table, ``data/rules/fold_recipients.tsv``.

A control verb and its complement make one frame ("urged Iran to stop" → REQUEST, "threatened to
strike" → THREATEN, "began shelling the town" → the shelling). Whom that frame is aimed at depends
on the construction: a request names its addressee as the control verb's object, a threat its
target in the complement or its condition, a pledge its addressee in a "to" phrase. Each row of the
table is one case (the frame coded as the complement's own act, ``inner``; or the fold kinds of the
control verb), the event types it serves, and the *sources* tried in order: the first that names
someone wins, ``a+b`` joins two. The first row that fits a frame is used. The source that found
the recipients is written into the frame's notes (``fold recipients: <source>``), as the recipient
rules write theirs; when no source finds anyone, the recipient rules
(:mod:`dotterel.extract.recipient_rules`) are tried next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from ..errors import ConfigError
from ..records import PLOVER_EVENT_TYPES, ActorMention
from .arguments import addressees, clause_subjects, nominal_recipients, place_recipient, verb_recipients
from .constructions import condition_recipients
from .folds import complement_tokens
from .lexicon import FOLD_KINDS

__all__ = ["FOLD_RULES", "SOURCES", "FoldInput", "FoldRule", "fold_recipients", "load_fold_rules"]


@dataclass(frozen=True, slots=True)
class FoldInput:
    """What a source may read: the control verb, its complement, the act, the frame's category."""

    control: Token
    complement: Token
    #: the complement's predicate after nested aspect/future folds ("plans to utilize ... to launch")
    inner: Token
    #: the event noun of the inner act ("launch attacks"), if any
    noun: Token | None
    #: the control verb's fold kind (``request``, ``threaten`` ...)
    kind: str
    event_type: str
    #: whether the frame is coded as the inner act itself ("began shelling" → ASSAULT)
    inner_act: bool


_Source = Callable[[FoldInput], list[ActorMention]]


def _inner_objects(f: FoldInput) -> list[ActorMention]:
    if f.inner.pos_ != "NOUN":
        return verb_recipients(f.inner)
    # a noun complement's own targets; when the frame is that noun's act they are its noun_targets
    return [] if f.inner_act else nominal_recipients(f.inner)


def _noun_targets(f: FoldInput) -> list[ActorMention]:
    if f.noun is None or (f.noun.i == f.inner.i and not f.inner_act):
        return []
    return nominal_recipients(f.noun)


def _control_objects(f: FoldInput) -> list[ActorMention]:
    return verb_recipients(f.control, skip=frozenset(t.i for t in f.complement.subtree))


def _clause_subjects(f: FoldInput) -> list[ActorMention]:
    return clause_subjects(f.complement) if f.complement.dep_ == "ccomp" else []


def _place_of_inner(f: FoldInput) -> list[ActorMention]:
    return place_recipient(f.inner) if f.inner.pos_ in ("VERB", "AUX") else []


def _pledge_addressees(f: FoldInput) -> list[ActorMention]:
    return addressees(f.control, skip=complement_tokens(f.complement)) if f.control.pos_ == "VERB" else []


#: The sources a row may name, by name.
SOURCES: dict[str, _Source] = {
    "inner_objects": _inner_objects,
    "noun_targets": _noun_targets,
    "control_objects": _control_objects,
    "clause_subjects": _clause_subjects,
    "threat_condition": lambda f: condition_recipients(f.control),
    "place_of_inner": _place_of_inner,
    "pledge_addressees": _pledge_addressees,
}


@dataclass(frozen=True, slots=True)
class FoldRule:
    """One row: the case it serves, its event types (``None``: any), its sources in order."""

    #: ``None`` for the inner act; else the fold kinds served (``None`` inside: any kind)
    kinds: frozenset[str] | None
    inner_act: bool
    event_types: frozenset[str] | None
    #: each step is one source or several joined ("inner_objects+noun_targets")
    steps: tuple[tuple[str, ...], ...]

    def fits(self, f: FoldInput) -> bool:
        if self.inner_act != f.inner_act:
            return False
        if self.kinds is not None and f.kind not in self.kinds:
            return False
        return self.event_types is None or f.event_type in self.event_types


def load_fold_rules(text: str, source: str = "fold_recipients.tsv") -> tuple[FoldRule, ...]:
    """Read the ordered table; a bad row is a :class:`~dotterel.errors.ConfigError` naming it."""
    rules: list[FoldRule] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 3:
            raise ConfigError(f"{source}:{n}: expected case, event types and sources separated by tabs")
        case, types_col, sources_col = cols[:3]
        kinds: frozenset[str] | None = None
        if case not in ("inner", "*"):
            kinds = frozenset(case.split())
            unknown = sorted(kinds - set(FOLD_KINDS))
            if unknown:
                known = ", ".join(FOLD_KINDS)
                raise ConfigError(f"{source}:{n}: unknown fold kinds {unknown} (one of inner, *, {known})")
        types: frozenset[str] | None = None
        if types_col != "*":
            types = frozenset(types_col.split())
            bad = sorted(types - set(PLOVER_EVENT_TYPES))
            if not types or bad:
                raise ConfigError(f"{source}:{n}: unknown PLOVER categories {bad or types_col!r}")
        steps = tuple(tuple(step.split("+")) for step in sources_col.split())
        missing = sorted({s for step in steps for s in step} - set(SOURCES))
        if not steps or missing:
            raise ConfigError(f"{source}:{n}: no recipient source is called {', '.join(missing) or '(none)'}")
        rules.append(FoldRule(kinds, case == "inner", types, steps))
    return tuple(rules)


#: The rows, in the order they are tried (the first that fits a frame is used).
FOLD_RULES: tuple[FoldRule, ...] = load_fold_rules(
    (resources.files("dotterel") / "data" / "rules" / "fold_recipients.tsv").read_text("utf-8")
)


def fold_recipients(
    f: FoldInput, rules: tuple[FoldRule, ...] = FOLD_RULES
) -> tuple[list[ActorMention], str | None]:
    """The recipients of folded frame ``f`` from the first row that fits it, and the source that
    found them (``None`` when no source names anyone)."""
    rule = next((r for r in rules if r.fits(f)), None)
    for step in rule.steps if rule is not None else ():
        found = [m for name in step for m in SOURCES[name](f)]
        if found:
            return found, "+".join(step)
    return [], None
