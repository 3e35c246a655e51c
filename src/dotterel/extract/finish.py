"""The parts of a frame that follow from its category: recipients by rule, mode, confidence.

The frame extractor finishes each frame for the category it coded; when the status stage recodes
an intention ("plans to attack" → THREATEN, :mod:`dotterel.extract.intentions`), it finishes the
frame again for the new category from the same :class:`~dotterel.records.FrameBasis`, so both
stages apply one set of rules in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..records import ActorMention, FrameBasis
from .modes import mode_from_context, threat_mode
from .recipient_rules import RuleInput, find_recipients

__all__ = ["Finished", "finish", "own_recipients"]


@dataclass(frozen=True, slots=True)
class Finished:
    """A frame's recipients, the recipient rule that found them (if any), mode and confidence."""

    recipients: list[ActorMention]
    rule: str | None
    mode: str | None
    confidence: float


def own_recipients(recipients: list[ActorMention]) -> tuple[ActorMention, ...]:
    """Copies for :attr:`FrameBasis.own_recipients`: the resolver later fills in the frame's own."""
    return tuple(replace(r) for r in recipients)


def finish(
    trigger: Token,
    basis: FrameBasis,
    event_type: str,
    inner: tuple[str, str | None] | None,
    actors: list[ActorMention],
) -> Finished:
    """Finish a frame coded ``event_type`` (with ``inner``, the act a folded frame is about)."""
    doc = trigger.doc
    recipients = [replace(r) for r in basis.own_recipients]
    inner_type = inner[0] if inner is not None else None
    # less what the act moves ("deploy troops to X"); if nobody is left, the first recipient rule
    # that finds someone wins
    noun = doc[basis.noun] if basis.noun is not None else None
    recipients, rule = find_recipients(RuleInput(event_type, trigger, noun, inner_type), recipients)
    mode = basis.entry_mode if event_type == basis.entry_type else None
    if mode is None and event_type == "THREATEN" and inner is not None:
        mode = threat_mode(*inner)
    if mode is None:
        mode = mode_from_context(event_type, trigger)
    confidence = basis.strength + 0.1 * bool(actors) + 0.1 * bool(recipients)
    if basis.single_noun:
        confidence -= 0.05
    return Finished(recipients, rule, mode, max(0.05, min(0.99, confidence)))
