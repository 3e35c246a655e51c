"""Component ``dotterel_event_classifier``: rules propose, a learned model decides.

It runs after ``dotterel_frames`` and before ``dotterel_status``. For each frame the lexicon
proposed, the model gives a distribution over the 16 PLOVER categories and "no event":

- **veto**: "no event" is the most likely class with probability ≥ ``veto_threshold`` → the
  frame is dropped (statements, opinions and background the lexicon mistook for acts); never a
  negated or intended act, whose status the status stage records, nor deaths in a context of
  violence;
- **overrule**: another category beats the rule's by ``switch_margin`` → the frame takes it,
  and its mode from the model's mode head;
- otherwise the rule's category is **kept**.

Where the rules proposed nothing in a sentence and the model is confident (≥
``propose_threshold``) that its main predicate reports an event, the model proposes one there,
with actors and recipients from the same argument rules the frames use. Every frame records the
decision in ``Frame.coding`` (``coding`` in the event record), so a user sees when the model
overruled the lexicon; the frame's confidence becomes the model's calibrated probability.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ...records import ActorMention, Coding, Frame
from ...spans import evidence_for, token_span
from ..arguments import nominal_actors, nominal_recipients, place_recipient, verb_actors, verb_recipients
from ..clauses import is_background
from ..cues import future_cue, negation_cue
from ..modes import mode_from_context
from ..plausibility import CASUALTY_VERBS, intentional, is_disaster
from .features import NO_RULE, candidate_features, main_predicate
from .model import NO_EVENT, EventModel, load_model

__all__ = [
    "EventClassifier",
    "make_event_classifier",
    "frame_features",
    "proposal_features",
]

_PREDICATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
_DEATH_VERBS = CASUALTY_VERBS | {"die"}


def _protected(trigger: Token, frame: Frame) -> bool:
    """Frames the model may not veto.

    A mentioned past event with its own date or toll (issue #5's rule, which is its own evidence).
    A negated or intended act ("would not engage", "plans to attack"): the status stage codes it
    (negated, future), and the model was trained mostly on asserted sentences. Deaths and injuries
    in a context of violence ("five people died in clashes"): researchers count them as ASSAULT
    whoever did it, and the rules only propose them with a violent setting or a hostile agent.
    """
    if negation_cue(trigger, frame.governors) is not None or future_cue(trigger, frame.governors) is not None:
        return True
    if frame.mentioned is not None:
        # a background violence noun coded only because the text gives it its own date or death
        # toll ("the March 3 attacks", "raids in which 20 were killed"): the rule is the evidence
        return True
    if frame.event_type != "ASSAULT":
        return False
    if trigger.lemma_.lower() in _DEATH_VERBS:
        return intentional(trigger)
    # "died in clashes": the violent noun itself is the setting of the deaths
    verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
    return verb.lemma_.lower() in _DEATH_VERBS and trigger.pos_ == "NOUN"


def frame_features(doc: Doc, frame: Frame, n_frames: int) -> list[str]:
    """The classifier's features of one rule frame (shared with the training script)."""
    return candidate_features(
        doc[frame.trigger_token],
        frame.event_type,
        lexicon_entry=frame.lexicon_entry,
        governors=tuple(f"{g.lemma}:{g.fold}" for g in frame.governors),
        has_actor=bool(frame.actors),
        has_recipient=bool(frame.recipients),
        n_frames=n_frames,
    )


def proposal_features(pred: Token) -> list[str]:
    """The classifier's features of a sentence's main predicate when the rules proposed nothing."""
    actors, recipients = _arguments(pred)
    return candidate_features(pred, NO_RULE, has_actor=bool(actors), has_recipient=bool(recipients))


def _arguments(pred: Token) -> tuple[list[ActorMention], list[ActorMention]]:
    if pred.pos_ == "NOUN":
        return nominal_actors(pred), nominal_recipients(pred)
    return verb_actors(pred), verb_recipients(pred)


class EventClassifier:
    """The spaCy component; one model shared by every document."""

    def __init__(
        self,
        model: EventModel,
        *,
        veto_threshold: float = 0.75,
        switch_margin: float = 0.6,
        propose_threshold: float = 0.5,
    ) -> None:
        self.model = model
        self.veto_threshold = veto_threshold
        self.switch_margin = switch_margin
        self.propose_threshold = propose_threshold

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = list(doc._.frames or [])
        by_sent: dict[int, list[Frame]] = {}
        for f in frames:
            by_sent.setdefault(doc[f.trigger_token].sent.start, []).append(f)
        kept: list[Frame] = []
        for sent in doc.sents:
            own = by_sent.get(sent.start, [])
            decided = [f for f in (self._decide(doc, f, len(own)) for f in own) if f is not None]
            if not own:
                proposal = self._propose(sent)
                if proposal is not None:
                    decided.append(proposal)
            kept.extend(decided)
        doc._.frames = kept
        return doc

    def _decide(self, doc: Doc, frame: Frame, n_frames: int) -> Frame | None:
        pred = self.model.predict(frame_features(doc, frame, n_frames))
        best, p_best = pred.best
        rule = frame.event_type
        p_rule = pred.probs.get(rule, 0.0)
        trigger = doc[frame.trigger_token]
        if best == NO_EVENT and p_best >= self.veto_threshold and not _protected(trigger, frame):
            return None
        rule_conf = frame.confidence
        if best not in (NO_EVENT, rule) and p_best - p_rule >= self.switch_margin:
            frame.coding = Coding("overruled", rule, best, p_best, rule_conf)
            frame.event_type = best
            frame.mode = self.model.mode(pred, best) or mode_from_context(best, doc[frame.trigger_token])
            frame.confidence = p_best
            return frame
        frame.coding = Coding("kept", rule, best, p_rule, rule_conf)
        if frame.mode is None:
            frame.mode = self.model.mode(pred, rule)
        # the model's probability of the category, not of "this is an event at all": a frame the
        # model is unsure about still ranks below one it is sure of
        frame.confidence = max(p_rule, 0.05)
        return frame

    def _propose(self, sent: SpacySpan) -> Frame | None:
        pred_tok = main_predicate(sent)
        if pred_tok.pos_ not in _PREDICATE_POS or is_background(pred_tok):
            return None
        pred = self.model.predict(proposal_features(pred_tok))
        best, p_best = pred.best
        if best == NO_EVENT or p_best < self.propose_threshold:
            return None
        if best == "ASSAULT" and any(is_disaster(t) for t in sent):
            return None  # deaths in a fire, flood or crash are no assault
        actors, recipients = _arguments(pred_tok)
        if not recipients and best in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "SANCTION"):
            recipients = place_recipient(pred_tok)
        actor_heads = {a.head for a in actors}
        return Frame(
            trigger=token_span(pred_tok),
            trigger_token=pred_tok.i,
            event_type=best,
            sentence=evidence_for(sent),
            mode=self.model.mode(pred, best) or mode_from_context(best, pred_tok),
            actors=actors,
            recipients=[r for r in recipients if r.head not in actor_heads],
            confidence=p_best,
            lexicon_entry=None,
            notes=["proposed by the event classifier"],
            coding=Coding("proposed", None, best, p_best, None),
        )


@Language.factory(
    "dotterel_event_classifier",
    default_config={
        "model_path": None,
        "veto_threshold": 0.75,
        "switch_margin": 0.6,
        "propose_threshold": 0.5,
    },
    requires=["doc._.frames", "token.dep", "token.lemma", "token.pos", "doc.sents"],
    assigns=["doc._.frames"],
)
def make_event_classifier(
    nlp: Language,
    name: str,
    model_path: str | None,
    veto_threshold: float,
    switch_margin: float,
    propose_threshold: float,
) -> EventClassifier:
    """Build the classifier; ``model_path`` names a retrained model instead of the shipped one."""
    return EventClassifier(
        load_model(model_path),
        veto_threshold=veto_threshold,
        switch_margin=switch_margin,
        propose_threshold=propose_threshold,
    )
