"""Whether each event happened: the ``dotterel_status`` component.

No PLOVER coder records this, and counting a refusal or a threat as an attack is the field's
best-known failure. Each frame gets one status with the words that decided it (``status_cue``),
from the cues whose syntactic scope holds the trigger (:mod:`dotterel.extract.scope`, issue #12):

- ``negated``: "did not attack", "no one has claimed", "refused to attack", "failed to capture",
  "denied that ...", "has no plans to attack", "without firing";
- ``hypothetical``: a condition ("if", "unless"), a modal of possibility ("could", "may"), a purpose
  or attempt ("tried to block"), a request ("called for talks"), a belief or fear ("appears that"),
  an embedded question ("whether"), a question, a command, an allegation ("allegedly");
- ``future``: "will", "is going to", "would" in reported speech, an intention ("plans to",
  "wants to", "decided to", "a planned strike");
- ``historical``: an otherwise asserted event with a time frame clearly before publication ("in
  1990", "two decades ago"), or a mentioned event's own date before publication ("the October 7
  attacks");
- ``asserted`` otherwise (most news events: past tense, reported as fact).

A frame coded from the control verb itself ("Turkey refused to send troops" → REJECT, trigger
"refused") is about the refusal, which happened: it is asserted. Statuses describe the trigger's
own predicate, as event factuality corpora annotate them.

Right after deciding a frame's status, the stage gives an intended or refused act PLOVER's category
(an intended cooperative act AGREE, an intended hostile act THREATEN, a refused cooperative act
REJECT: :mod:`dotterel.extract.intentions`). This is the one place the extractor's categories change
for what was intended; the extractor and the event classifier code the act itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Frame, Governor
from .cues import future_cue, historical_cue, negation_cue
from .intentions import Intention, intention_of, recode
from .mentioned import past_own_date
from .scope import ScopeStatus, scope_status

__all__ = ["StatusDecision", "StatusTagger", "make_status_tagger"]

#: Confidence is scaled down for events the text does not assert as having happened.
_CONFIDENCE_SCALE = {
    "asserted": 1.0, "historical": 1.0, "future": 0.95, "negated": 0.95, "hypothetical": 0.85,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class StatusDecision:
    """What the status stage decides for one frame, once: its status, the words that decided it,
    and the intention cue on its own predicate chain (which recodes an intended or refused act)."""

    status: str
    cue: str | None
    intention: Intention | None


class StatusTagger:
    """Sets ``Frame.status`` and ``Frame.status_cue`` from the cues whose scope holds the trigger."""

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.article
        published = getattr(article, "published", None)
        for frame in doc._.frames or []:
            decided = self.decide(frame, doc, published)
            # right after the status, PLOVER's category for an intended or refused act
            recode(frame, doc, decided.intention)
            frame.status, frame.status_cue = decided.status, decided.cue
            frame.confidence = round(frame.confidence * _CONFIDENCE_SCALE[decided.status], 3)
        return doc

    def decide(self, frame: Frame, doc: Doc, published: date | None) -> StatusDecision:
        """The frame's status, the words that decided it, and its intention cue."""
        trigger = doc[frame.trigger_token]
        intention = intention_of(trigger, frame.governors)
        found = scope_status(trigger, _event_nouns(frame, doc))
        if found is None:
            found = _folded_cue(trigger, frame.governors)
        if found is not None:
            return StatusDecision(found.status, found.cue, intention)
        past = historical_cue(trigger, published) or self._own_date(frame, published)
        return (
            StatusDecision("historical", past, intention)
            if past
            else StatusDecision("asserted", None, intention)
        )

    @staticmethod
    def _own_date(frame: Frame, published: date | None) -> str | None:
        """A mentioned event's own date (resolved once, by the extractor), when before publication:
        the event is past, not news."""
        found = frame.mentioned.own_date if frame.mentioned is not None else None
        return past_own_date(found, published) if found is not None else None


def _event_nouns(frame: Frame, doc: Doc) -> list[Token]:
    """The event noun a light verb takes ("held no talks", "has no trip planned")."""
    trigger = doc[frame.trigger_token]
    if trigger.pos_ not in ("VERB", "AUX"):
        return []
    return [
        c for c in trigger.children
        if c.dep_ in ("dobj", "attr") and c.pos_ == "NOUN"
        and frame.trigger.start <= c.idx < frame.trigger.end
    ]  # fmt: skip


def _folded_cue(trigger: Token, governors: list[Governor]) -> ScopeStatus | None:
    """A control verb the frame folded but the parse does not put above the trigger (the small
    parser often hangs "refrain from X" or "plans to X" elsewhere): its fold still decides."""
    ancestors = {t.i for t in trigger.ancestors}
    outer = [g for g in governors if g.token != trigger.i and g.token not in ancestors]
    if not outer:
        return None
    neg = negation_cue(trigger, outer)
    if neg is not None:
        return ScopeStatus("negated", neg)
    fut = future_cue(trigger, outer)
    return ScopeStatus("future", fut) if fut is not None else None


@Language.factory("dotterel_status", requires=["doc._.frames"], assigns=["doc._.frames"])
def make_status_tagger(nlp: Language, name: str) -> StatusTagger:
    return StatusTagger()
