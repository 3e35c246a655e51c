"""Bounds that keep every stage linear in the article's length, whatever the input (issue 17).

Several stages look at a frame's whole sentence for each frame (its places, its entities, its
attribution cues), which is fine for sentences of news prose and quadratic for a "sentence" of
thousands of tokens: a list, a table flattened into text, a page without punctuation, or an
adversarial input ("Rebels attacked Goma and " × 4,000 took minutes). The
``dotterel_sentence_cap`` component runs before the parser and presets a sentence start wherever
a stretch without sentence-final punctuation passes :data:`MAX_SENTENCE_TOKENS`, at the last comma,
semicolon or conjunction before the cap when there is one. spaCy's parser keeps preset starts, so
no sentence is ever longer than the cap, and prose (whose sentences end well before it) is never
touched.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["MAX_SENTENCE_TOKENS", "cap_sentences", "sentence_cap"]

#: Longest stretch of tokens without a sentence end. The longest sentences of the development
#: corpora are around 120 tokens; beyond 200 a "sentence" is a list or no prose at all.
MAX_SENTENCE_TOKENS = 200

_ENDS = frozenset({".", "!", "?", "…", "。"})
_SOFT_BREAKS = frozenset({",", ";", ":", "and", "or", "but", "-", "–", "—"})
#: How far back from the cap a soft break is looked for.
_LOOK_BACK = 60


def cap_sentences(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> Doc:
    """Preset sentence starts so that no stretch without an end is longer than ``limit`` tokens."""
    start = 0  # first token of the current stretch
    for tok in doc:
        if tok.text in _ENDS or "\n\n" in tok.text_with_ws:
            start = tok.i + 1
            continue
        if tok.i - start + 1 < limit:
            continue
        cut = next(
            (
                i + 1
                for i in range(tok.i, max(start, tok.i - _LOOK_BACK), -1)
                if doc[i].lower_ in _SOFT_BREAKS
            ),
            tok.i + 1,
        )
        if cut < len(doc):
            doc[cut].is_sent_start = True
        start = cut
    return doc


@Language.component("dotterel_sentence_cap")
def sentence_cap(doc: Doc) -> Doc:
    """The component: :func:`cap_sentences` with the default limit."""
    return cap_sentences(doc)
