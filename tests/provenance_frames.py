"""Build frames by hand on real parsed Docs, so the provenance components are tested on their own.

The frame extractor is a separate, changing stage; these helpers parse a text with the real spaCy
model, put a frame on the trigger word a test names, and run only the component under test.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from dotterel.records import ActorMention, Article, Frame
from dotterel.spans import evidence_for, token_span


def parse(pipeline, text: str, published: date | None = date(2023, 11, 15)) -> Doc:
    """spaCy's own analysis only (no dotterel component has run)."""
    doc = pipeline.make_doc(Article(id="test", text=text, published=published))
    for name, proc in pipeline.nlp.pipeline:
        if name.startswith("dotterel_"):
            break
        doc = proc(doc)
    doc._.frames = []
    return doc


def token(doc: Doc, word: str, nth: int = 0):
    """The ``nth`` token spelled ``word``."""
    return [t for t in doc if t.text == word][nth]


def add_frame(
    doc: Doc, word: str, *, nth: int = 0, event_type: str = "ASSAULT", actor: str | None = None
) -> Frame:
    """Put a frame on the trigger ``word`` (and an actor span on the phrase ``actor``, if given)."""
    tok = token(doc, word, nth)
    frame = Frame(
        trigger=token_span(tok), trigger_token=tok.i, event_type=event_type, sentence=evidence_for(tok.sent)
    )
    if actor is not None:
        start = doc.text.index(actor)
        span = doc.char_span(start, start + len(actor), alignment_mode="expand")
        frame.actors.append(ActorMention(span.text, span.start_char, span.end_char, span.root.i))
    doc._.frames.append(frame)
    return frame


def run(pipeline, doc: Doc, component: str) -> Doc:
    """Run one dotterel component of the real pipeline on ``doc``."""
    return pipeline.nlp.get_pipe(component)(doc)
