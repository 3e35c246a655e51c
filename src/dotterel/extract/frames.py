"""Event frames from the dependency parse and the PLOVER lexicon (component ``dotterel_frames``).

One frame per event a sentence reports, built top-down over the parse:

1. the main predicate of each clause is looked up in the lexicon (verb patterns such as "call on"
   beat the bare verb); reported-speech verbs are never events, their content is;
2. a control verb folds its complement into ONE frame ("agreed to undertake exercises" → AGREE,
   "urged X to quell Y" → REQUEST with X as recipient, "plans to launch attacks" → the attack,
   planned); a light verb takes its category from its nominal object ("launching attacks",
   "held talks", "extending support");
3. nominal triggers ("clashes", "talks", "mobilization") are events when they are a clause's
   subject or object or the setting of the clause ("in a meeting"), not when they are only
   background ("notice of the attacks");
4. each frame is coded as the act itself ("plans to attack" → ASSAULT); PLOVER's intended
   cooperative act (AGREE), intended hostile act (THREATEN) and refused cooperative act (REJECT)
   are recoded in the status stage, which reads the cues once (:mod:`dotterel.extract.intentions`);
   the frame keeps what it was built from (``Frame.basis``) so it can be finished again;
5. actors from subjects and passive agents, recipients from objects and target prepositions,
   conjuncts as lists (see :mod:`dotterel.extract.arguments`).

Background clauses (relative, temporal, causal, purpose) are skipped: over-generation was the
largest error of earlier coders. The exception is a background violence noun with its own date or
death toll ("the October 7 attacks", "the conflict, which has claimed 11,000 lives"), coded in a
second pass (see :mod:`dotterel.extract.mentioned`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..columns import string_ids, token_columns
from ..records import ActorMention, Evidence, Frame, FrameBasis, Governor
from ..vocabulary import is_speech_verb, word_sets, words
from .arguments import nominal_actors, nominal_recipients, verb_actors, verb_recipients
from .clauses import complement_of, is_background
from .finish import finish, own_recipients
from .fold_recipients import FoldInput, fold_recipients
from .folds import FOLD_TO_TRIGGER, PREP_FOLDS, Folded, compose, controller_actors, is_verbal, participle
from .frame_syntax import dedupe, light_objects, subject_mentions, top_down, trigger_span
from .lexicon import LexEntry, Lexicon, load_lexicon
from .mentioned import mentioned_event
from .plausibility import CASUALTY_VERBS, intentional, plausible

__all__ = ["FrameExtractor", "make_frame_extractor"]

#: Nominal positions where a trigger noun is an event of its own.
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "ROOT", "appos", "oprd"})
#: The parts of speech a trigger can have (see ``_sentence``), as ids of ``dotterel.columns``.
_TRIGGER_POS = string_ids(("VERB", "AUX", "ADJ", "NOUN", "PROPN"))
_NOUN_ID = get_string_id("NOUN")
#: "in a meeting", "during talks", "killed in an attack": the setting of the clause.
_SETTING_PREPS = word_sets("prepositions")["setting"]
#: Verbs that report a position, like speech verbs, for reported obligations ("concluded that X must").
_DECLARING = words("declaring_verbs")
_DEMAND_ENTRY = LexEntry(
    pos="verb", lemma="must", pattern=(), event_type="REQUEST", mode=None, context=(), cameo=None,
    source="rule", strength=0.6,
)  # fmt: skip
_VERBAL_PROTEST = LexEntry(
    pos="verb", lemma="protest", pattern=(), event_type="ACCUSE", mode="disapprove", context=(),
    cameo=None, source="rule", strength=0.6,
)  # fmt: skip


@dataclass(slots=True)
class _Coded:
    """A predicate's category before the frame is assembled."""

    event_type: str
    entry: LexEntry
    trigger: list[Token]
    noun: Token | None = None
    governors: list[Governor] = field(default_factory=list)
    #: the act a folded frame is about ("threatened to shell towns" → ASSAULT), for its mode
    inner: tuple[str, str | None] | None = None
    #: the fold source that found the recipients (data/rules/fold_recipients.tsv), for the notes
    source: str | None = None


class FrameExtractor:
    """The spaCy component; ``lexicon`` is shared by every document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._evidence: Evidence | None = None
        #: nominal triggers used by this sentence's frames ("launched attacks"), never coded twice
        self._nouns: set[int] = set()

    def _sentence_evidence(self, sent: SpacySpan) -> Evidence:
        """The sentence as evidence, built once per sentence (``doc.text`` is costly to rebuild)."""
        if self._evidence is None:
            raw = sent.text
            stripped = raw.strip()
            start = sent.start_char + (len(raw) - len(raw.lstrip()))
            self._evidence = Evidence(sentence=stripped, start=start, end=start + len(stripped))
        return self._evidence

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = []
        for sent in doc.sents:
            frames.extend(self._sentence(sent))
        doc._.frames = frames
        return doc

    # --- one sentence -------------------------------------------------------------------------

    def _sentence(self, sent: SpacySpan) -> list[Frame]:
        claimed: set[int] = set()
        frames: list[Frame] = []
        self._evidence = None  # built on the first frame of this sentence
        self._nouns = set()
        doc = sent.doc
        (pos_ids,) = token_columns(doc, ("POS",))
        for i in top_down(sent):
            # only these parts of speech can be triggers: the rest need no Token built at all
            if i in claimed or pos_ids[i] not in _TRIGGER_POS:
                continue
            tok = doc[i]
            if tok.is_punct or tok.is_space:
                continue
            frame: Frame | None = None
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.dep_ in ("ROOT", "acomp", "conj")):
                frame = self._verb_frame(tok, sent, claimed)
            elif tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.i == sent.start):
                # proper names are never triggers ("March", "Solidarity"), save a headline's first word
                frame = self._noun_frame(tok, sent, claimed)
            if frame is not None:
                frames.append(frame)
        frames.extend(self._mentioned(sent, frames))
        return dedupe(frames)

    def _mentioned(self, sent: SpacySpan, frames: list[Frame]) -> list[Frame]:
        """Background violence nouns with their own date or death toll, skipped by the first pass."""
        triggers = {f.trigger_token for f in frames}
        types = {(f.trigger_token, f.event_type) for f in frames}
        out: list[Frame] = []
        doc = sent.doc
        (pos_ids,) = token_columns(doc, ("POS",))
        for i in range(sent.start, sent.end):
            if pos_ids[i] != _NOUN_ID or i in triggers or i in self._nouns:
                continue
            tok = doc[i]
            entry = self.lexicon.noun(tok)
            if entry is None or entry.event_type is None:
                continue
            anchor = tok
            while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
                anchor = anchor.head
            if anchor.dep_ == "nsubj" and (anchor.head.i, entry.event_type) in types:
                continue  # "Monday's fighting killed 30": one event, the verb's
            found = mentioned_event(tok, entry, triggers, getattr(doc._.article, "published", None))
            if found is None:
                continue
            coded = _Coded("ASSAULT", entry, [tok], noun=tok)
            actors = [m for m in nominal_actors(tok) if doc[m.head].ent_type_ != "DATE"]
            recipients = [m for m in nominal_recipients(tok) if doc[m.head].ent_type_ != "DATE"]
            frame = self._frame(coded, sent, actors, recipients)
            if frame is not None:
                frame.mentioned = found
                frame.notes.append(found.kind.value)
                triggers.add(tok.i)
                out.append(frame)
        return out

    # --- predicates ---------------------------------------------------------------------------

    def _code_predicate(self, tok: Token) -> _Coded | None:
        """The category of one predicate on its own: verb pattern, light verb + noun, or noun."""
        if tok.pos_ in ("NOUN", "PROPN"):
            entry = self.lexicon.noun(tok)
            if entry is None or entry.event_type is None:
                return None
            return _Coded(entry.event_type, entry, [tok], noun=tok)
        entry = self.lexicon.verb(tok)
        if entry is not None and entry.pattern and entry.source != "cameo":
            if entry.event_type is None:
                return None
            return _Coded(entry.event_type, entry, [tok])
        light = self.lexicon.light(tok.lemma_.lower())
        if light is not None:
            for noun in light_objects(tok):
                nentry = self.lexicon.noun(noun)
                if nentry is not None and nentry.event_type is not None:
                    trigger = [tok, noun] if 0 < noun.i - tok.i <= 4 else [tok]
                    return _Coded(nentry.event_type, nentry, trigger, noun=noun)
        if entry is not None and entry.event_type is not None:
            if entry.event_type == "PROTEST" and any(c.dep_ == "ccomp" for c in tok.children):
                # "a rights group protested that ...": a verbal protest, PLOVER's ACCUSE
                return _Coded("ACCUSE", _VERBAL_PROTEST, [tok])
            return _Coded(entry.event_type, entry, [tok])
        return None

    def _verb_frame(self, tok: Token, sent: SpacySpan, claimed: set[int]) -> Frame | None:
        if is_background(tok):
            return None
        entry = self.lexicon.verb(tok)
        if is_speech_verb(tok.lemma_) and (entry is None or entry.source == "cameo"):
            # what was said is the event; a speech verb only carries an event noun it takes as
            # object, like a light verb ("reiterated its demand that ...", "announced a ceasefire")
            return self._speech_object(tok, sent, claimed)
        if entry is not None and entry.fold:
            folded = self._fold(tok, entry, sent, claimed)
            if folded is not None:
                return folded.frame
        if is_speech_verb(tok.lemma_) and (entry is None or entry.event_type is None):
            return None
        demand = self._demand(tok, sent, claimed)
        if demand is not None:
            return demand
        coded = self._code_predicate(tok)
        if coded is None:
            return None
        if tok.lemma_.lower() in CASUALTY_VERBS and not intentional(tok):
            return None
        for c in tok.children:
            if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "agent", "dative", "attr", "prt"):
                claimed.update(t.i for t in c.subtree)
            elif participle(c):
                # "demonstrated ..., calling for independence": the manner or the reason given,
                # not a second event
                claimed.update(t.i for t in c.subtree)
        claimed.add(tok.i)
        actors = verb_actors(tok)
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            sentry = self.lexicon.noun(subj)
            if sentry is not None and sentry.event_type == coded.event_type:
                # "A drone strike killed four civilians": one event, carried out by the strike's actor
                claimed.update(t.i for t in subj.subtree)
                actors = nominal_actors(subj)
        skip = frozenset([coded.noun.i] if coded.noun is not None else [])
        recipients = verb_recipients(tok, skip=skip)
        if coded.noun is not None:
            actors = actors or nominal_actors(coded.noun)
            recipients = recipients + nominal_recipients(coded.noun)
        return self._frame(coded, sent, actors, recipients)

    def _fold(self, tok: Token, entry: LexEntry, sent: SpacySpan, claimed: set[int]) -> Folded | None:
        """Fold the complement of control verb ``tok`` into one frame.

        Returns a :class:`Folded` when the construction is handled (with no frame when it reports
        no event: "plans to build a school"), or ``None`` when ``tok`` has no complement to fold.
        """
        assert entry.fold is not None
        # the small parser often labels "sworn to fight" an adverbial (purpose) clause
        comp = complement_of(
            tok,
            include_purpose=entry.fold not in ("request", "accuse"),
            include_preps=entry.fold in PREP_FOLDS and tok.pos_ != "NOUN",  # not "promises of a better life"
        )
        if comp is None or comp.i in claimed:
            return None
        if comp.dep_ == "advcl" and entry.fold == "aspect" and self._code_predicate(tok) is not None:
            return None
        governors = [Governor(tok.i, tok.lemma_.lower(), entry.fold)]
        inner = comp
        while True:  # nested aspect/future folds: "plans to utilize its allies to launch attacks"
            ientry = self.lexicon.verb(inner) if inner.pos_ in ("VERB", "AUX", "ADJ") else None
            if ientry is None or ientry.fold not in ("aspect", "future", "negate"):
                break
            nxt = complement_of(inner, include_purpose=True, include_preps=ientry.fold in PREP_FOLDS)
            if nxt is None:
                break
            governors.append(Governor(inner.i, inner.lemma_.lower(), ientry.fold))
            inner = nxt
        coded = self._code_predicate(inner)
        base = coded.event_type if coded is not None else None
        for gov in reversed(governors):
            base = compose(gov.fold, base, self.lexicon.verb(tok.doc[gov.token]))
        if base is None and entry.fold == "aspect":
            return None  # "sent troops to the border": the verb's own pattern decides
        if entry.fold == "reject" and coded is None and is_speech_verb(inner.lemma_):
            base = None  # "declined to comment / to say": CAMEO 011, a statement PLOVER drops
        claimed.update(t.i for t in comp.subtree)
        for c in tok.children:  # every complement of the control verb belongs to this frame,
            # and so does a participle giving its reason ("refused to meet him, saying ...")
            if c.dep_ in ("xcomp", "ccomp") or participle(c):
                claimed.update(t.i for t in c.subtree)
        claimed.add(tok.i)
        if base is None:
            return Folded(None)
        kind = entry.fold
        keeps_inner = kind in FOLD_TO_TRIGGER and base == (coded.event_type if coded else None)
        inner_act = keeps_inner or (kind == "reject" and coded is not None and base in ("ASSAULT", "COERCE"))
        if inner_act:
            assert coded is not None
            coded.event_type = base
            coded.governors = governors
            actors = controller_actors(tok)
            if not actors and tok.pos_ != "NOUN" and inner.pos_ != "NOUN":
                actors = verb_actors(inner)
            own = coded
        else:
            own = _Coded(base, entry, [tok], governors=governors)
            if coded is not None:
                own.inner = (coded.event_type, coded.entry.mode)
            actors = controller_actors(tok)
        # whom the folded frame is aimed at: the first row of data/rules/fold_recipients.tsv that fits
        noun = coded.noun if coded is not None else None
        recipients, own.source = fold_recipients(FoldInput(tok, comp, inner, noun, kind, base, inner_act))
        return Folded(self._frame(own, sent, actors, recipients))

    def _speech_object(self, tok: Token, sent: SpacySpan, claimed: set[int]) -> Frame | None:
        for noun in light_objects(tok):
            entry = self.lexicon.noun(noun)
            if entry is None or entry.event_type is None:
                continue
            claimed.update(t.i for t in noun.subtree)
            claimed.add(tok.i)
            if is_verbal(entry.event_type):  # "reiterated its demand that Israel ease ..."
                for c in tok.children:
                    if c.dep_ == "ccomp":
                        claimed.update(t.i for t in c.subtree)
            coded = _Coded(
                entry.event_type, entry, [tok, noun] if 0 < noun.i - tok.i <= 4 else [noun], noun=noun
            )
            actors = nominal_actors(noun) or verb_actors(tok)
            return self._frame(
                coded, sent, actors, nominal_recipients(noun) + verb_recipients(tok, skip=frozenset([noun.i]))
            )
        return None

    def _demand(self, tok: Token, sent: SpacySpan, claimed: set[int]) -> Frame | None:
        """ "X said that Y must hand over the suspects": a reported obligation is a REQUEST.

        The speaker is the actor and the obliged party the recipient, whatever the verb.
        """
        must = [c for c in tok.children if c.dep_ == "aux" and c.lower_ == "must"]
        head = tok.head
        if not must or tok.dep_ != "ccomp" or not (is_speech_verb(head.lemma_) or head.lemma_ in _DECLARING):
            return None
        if any(c.dep_ == "neg" for c in tok.children):
            return None
        claimed.update(t.i for t in tok.subtree)
        coded = _Coded("REQUEST", _DEMAND_ENTRY, [must[0], tok])
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        recipients = [m for s in subjects for m in subject_mentions(s)]
        return self._frame(coded, sent, verb_actors(head), recipients)

    def _noun_frame(self, tok: Token, sent: SpacySpan, claimed: set[int]) -> Frame | None:
        entry = self.lexicon.noun(tok)
        if entry is not None and entry.fold and not is_background(tok):
            # a control noun: "has no plans to attack Iran", "an attempt to assassinate the governor"
            folded = self._fold(tok, entry, sent, claimed)
            if folded is not None:
                return folded.frame
        if entry is None or entry.event_type is None or entry.weak:
            return None
        anchor = tok
        while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
            anchor = anchor.head
        dep = anchor.dep_
        head = anchor.head
        setting = (
            dep == "pobj"
            and head.lower_ in _SETTING_PREPS
            and head.head.pos_ in ("VERB", "AUX")
            and (head.lower_ != "in" or head.head.i not in claimed)  # "agreed to X in the talks"
            # "arrived on a visit", "converged for a rally"; not "called for sanctions"
            and (head.lower_ not in ("on", "for") or entry.event_type in ("CONSULT", "PROTEST"))
        )
        if dep not in _NOUN_DEPS and not setting:
            return None
        if is_background(anchor):
            return None
        claimed.update(t.i for t in tok.subtree)
        actors = nominal_actors(tok)
        recipients = nominal_recipients(tok)
        governing = head.head if setting else head
        if not actors and dep in ("dobj", "attr", "oprd") or setting:
            actors = actors or verb_actors(governing)
        if setting and not recipients:
            recipients = verb_recipients(governing)
        elif dep == "dobj" and not recipients and head.pos_ in ("VERB", "AUX"):
            # "staged rallies in Gaza against the party's leader": the target hangs on the verb
            recipients = verb_recipients(head, skip=frozenset([tok.i]))
        coded = _Coded(entry.event_type, entry, [tok], noun=tok)
        if dep in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            # "would tighten the blockade": the governing verb carries the modality
            coded.governors = [Governor(head.i, head.lemma_.lower(), "aspect")]
        return self._frame(coded, sent, actors, recipients)

    # --- assembly -----------------------------------------------------------------------------

    def _frame(
        self, coded: _Coded, sent: SpacySpan, actors: list[ActorMention], recipients: list[ActorMention]
    ) -> Frame | None:
        trigger_tok = coded.trigger[0]
        if coded.noun is not None:
            self._nouns.add(coded.noun.i)
        if not plausible(
            coded.event_type, coded.entry, trigger_tok, coded.noun, actors, recipients, self.lexicon
        ):
            return None
        actor_heads = {a.head for a in actors}
        recipients = [r for r in recipients if r.head not in actor_heads]
        entry = coded.entry
        basis = FrameBasis(
            event_type=coded.event_type,
            noun=coded.noun.i if coded.noun is not None else None,
            inner=coded.inner,
            entry_type=entry.event_type,
            entry_mode=entry.mode,
            strength=entry.strength,
            single_noun=coded.noun is not None and len(coded.trigger) == 1,
            own_recipients=own_recipients(recipients),
        )
        done = finish(trigger_tok, basis, coded.event_type, coded.inner, actors)
        return Frame(
            trigger=trigger_span(coded.trigger),
            trigger_token=trigger_tok.i,
            event_type=coded.event_type,
            sentence=self._sentence_evidence(sent),
            mode=done.mode,
            context=list(entry.context),
            actors=actors,
            recipients=done.recipients,
            confidence=done.confidence,
            lexicon_entry=entry.key,
            governors=list(coded.governors),
            notes=([f"recipient rule: {done.rule}"] if done.rule is not None else [])
            + ([f"fold recipients: {coded.source}"] if coded.source is not None else []),
            basis=basis,
        )


@Language.factory(
    "dotterel_frames",
    default_config={"lexicon_path": None},
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
    assigns=["doc._.frames"],
)
def make_frame_extractor(nlp: Language, name: str, lexicon_path: str | None) -> FrameExtractor:
    """Build the extractor; ``lexicon_path`` names a user lexicon layered over the shipped one."""
    return FrameExtractor(load_lexicon(lexicon_path))
