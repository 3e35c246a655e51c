"""Event frames from the dependency parse (first version: verb lemma lookup).

Proposes one :class:`Frame` per verbal trigger whose lemma is in the lexicon, with the subject as
actor and the direct object as recipient. The event-extraction work replaces this with the full
frame builder.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..records import ActorMention, Frame
from ..spans import evidence_for, token_span

_LEXICON = {
    "meet": "CONSULT", "accuse": "ACCUSE", "support": "SUPPORT", "urge": "REQUEST", "attack": "ASSAULT",
    "launch": "ASSAULT", "target": "ASSAULT", "engage": "ASSAULT", "refrain": "REJECT", "agree": "AGREE",
    "protest": "PROTEST", "threaten": "THREATEN", "reject": "REJECT", "sanction": "SANCTION",
}  # fmt: skip


def _mention(tok: Token) -> ActorMention:
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, head=tok.i)


class FrameExtractor:
    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = []
        for sent in doc.sents:
            for tok in sent:
                etype = _LEXICON.get(tok.lemma_.lower())
                if etype is None or tok.pos_ not in ("VERB",):
                    continue
                frames.append(self._frame(tok, sent, etype))
        doc._.frames = frames
        return doc

    def _frame(self, tok: Token, sent: SpacySpan, etype: str) -> Frame:
        actors = [_mention(c) for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        recips = [_mention(c) for c in tok.children if c.dep_ in ("dobj",)]
        return Frame(
            trigger=token_span(tok),
            trigger_token=tok.i,
            event_type=etype,
            sentence=evidence_for(sent),
            actors=actors,
            recipients=recips,
        )


@Language.factory(
    "dotterel_frames", requires=["token.dep", "token.lemma", "doc.sents"], assigns=["doc._.frames"]
)
def make_frame_extractor(nlp: Language, name: str) -> FrameExtractor:
    return FrameExtractor()
