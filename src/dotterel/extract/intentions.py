"""Intentions and refusals as PLOVER codes them, decided in the status stage.

PLOVER files an intended cooperative act under AGREE ("will meet", "plans to withdraw"), an
intended hostile act under THREATEN ("plans to attack", "will impose sanctions"; a planned
deployment stays MOBILIZE) and a refused or negated cooperative act under REJECT ("did not agree",
"refused to meet" when the refusal itself was not coded). The extractor and the event classifier
code the act itself; the status stage reads the cues on the trigger and the control verbs folded
into its frame once (:func:`intention_of`, a typed :class:`Intention`) and, right after deciding the
status, recodes the category (:func:`recode`), finishing the frame again for it
(:func:`dotterel.extract.finish.finish`: recipient rules, mode, confidence).

A condition outside the intention does not undo it: "will withdraw unless ..." is still an
intention (a threat), though the act itself is hypothetical.
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Doc, Token

from ..records import Frame, Governor
from .cues import future_cue, negation_cue
from .finish import finish
from .folds import is_coop, is_material_conflict

__all__ = ["Intention", "intention_of", "recode", "recoded_category"]

_RECIPIENT_RULE = "recipient rule: "


class Intention(StrEnum):
    """What the cues on a frame's own predicate chain say about its act."""

    #: "will", "is going to", "would" in reported speech, a planning verb ("plans to")
    INTENDED = "intended"
    #: "not", "never", "no" on the chain, or a refusal verb ("declined to")
    REFUSED = "refused"


def intention_of(trigger: Token, governors: list[Governor]) -> Intention | None:
    """The intention cue on ``trigger`` and the control verbs its frame folded, if any.

    A negation wins over a future cue: "will not withdraw" is a refusal.
    """
    if negation_cue(trigger, governors) is not None:
        return Intention.REFUSED
    if future_cue(trigger, governors) is not None:
        return Intention.INTENDED
    return None


def recoded_category(event_type: str, intention: Intention | None, governors: list[Governor]) -> str | None:
    """The category PLOVER gives an intended or refused ``event_type``, or ``None`` (unchanged)."""
    if intention is Intention.INTENDED:
        if is_coop(event_type) and event_type != "AGREE":
            return "AGREE"
        if is_material_conflict(event_type) and event_type != "MOBILIZE":  # a planned deployment stays one
            return "THREATEN"
    elif (
        intention is Intention.REFUSED
        and is_coop(event_type)
        and not any(g.fold in ("reject", "negate") for g in governors)  # already coded as the refusal
    ):
        return "REJECT"
    return None


def recode(frame: Frame, doc: Doc, intention: Intention | None) -> None:
    """Recode an intended or refused act (see the module docstring); other frames are left alone.

    Frames the event classifier proposed carry no :class:`~dotterel.records.FrameBasis` and are
    left as the model coded them. A frame the classifier scored keeps its calibrated confidence.
    """
    basis = frame.basis
    if basis is None:
        return
    new_type = recoded_category(frame.event_type, intention, frame.governors)
    if new_type is None:
        return
    inner = basis.inner
    if new_type == "THREATEN":  # the threat is about the act: its mode comes from it
        act_mode = basis.entry_mode if frame.event_type == basis.event_type else frame.mode
        inner = (frame.event_type, act_mode)
    trigger = doc[frame.trigger_token]
    done = finish(trigger, basis, new_type, inner, frame.actors)
    frame.event_type, frame.mode, frame.recipients = new_type, done.mode, done.recipients
    if frame.coding is None:
        frame.confidence = done.confidence
    notes = [n for n in frame.notes if not n.startswith(_RECIPIENT_RULE)]
    frame.notes = ([_RECIPIENT_RULE + done.rule] if done.rule is not None else []) + notes
