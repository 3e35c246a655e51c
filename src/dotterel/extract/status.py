"""Whether each event happened: the ``dotterel_status`` component.

No PLOVER coder records this, and counting a refusal or a threat as an attack is the field's
best-known failure. Each frame gets one status with the words that decided it:

- ``negated``: "would not engage", "declined to", "refrain from", "failed to", "no", "never";
- ``hypothetical``: a condition ("unless attacked", "if ...") or a modal of possibility
  ("could", "might", "may");
- ``future``: "will", "plans to", "is set to", "intends to", "would" in reported speech;
- ``historical``: a time frame clearly before publication ("in 1990", "two decades ago"), or, for
  a mentioned event coded for its own date, that date before publication ("the October 7 attacks");
- ``asserted`` otherwise (most news events: past tense, reported as fact).

Negation outranks the rest ("will not intervene unless attacked" is negated, cue "will not");
then conditions and modals, then the future, then a past time frame.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Frame
from .cues import conditional_cue, future_cue, historical_cue, hypothetical_cue, negation_cue
from .mentioned import DATED, own_date_cue

__all__ = ["StatusTagger", "make_status_tagger"]

#: Confidence is scaled down for events the text does not assert as having happened.
_CONFIDENCE_SCALE = {
    "asserted": 1.0, "historical": 1.0, "future": 0.95, "negated": 0.95, "hypothetical": 0.85,
}  # fmt: skip


class StatusTagger:
    """Sets ``Frame.status`` and ``Frame.status_cue`` from the parse around each trigger."""

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.article
        published = getattr(article, "published", None)
        for frame in doc._.frames or []:
            trigger = doc[frame.trigger_token]
            govs = frame.governors
            status, cue = "asserted", None
            for name, found in (
                ("negated", negation_cue(trigger, govs)),
                ("hypothetical", conditional_cue(trigger, govs) or hypothetical_cue(trigger, govs)),
                ("future", future_cue(trigger, govs)),
                (
                    "historical",
                    historical_cue(trigger, published) or self._own_date(frame, trigger, published),
                ),
            ):
                if found:
                    status, cue = name, found
                    break
            if status == "negated":
                cond = conditional_cue(trigger, govs)
                if cond:
                    cue = f"{cue} ... {cond}"
            frame.status, frame.status_cue = status, cue
            frame.confidence = round(frame.confidence * _CONFIDENCE_SCALE[status], 3)
        return doc

    @staticmethod
    def _own_date(frame: Frame, trigger: Token, published: date | None) -> str | None:
        """A mentioned event's own date, when before publication: the event is past, not news."""
        return own_date_cue(trigger, published) if DATED in frame.notes else None


@Language.factory("dotterel_status", requires=["doc._.frames"], assigns=["doc._.frames"])
def make_status_tagger(nlp: Language, name: str) -> StatusTagger:
    return StatusTagger()
