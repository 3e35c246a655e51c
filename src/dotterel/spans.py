"""Build contract spans from spaCy objects, trimmed of surrounding white space.

Offsets are article offsets (see :mod:`dotterel.normalise`); trimming keeps ``text[start:end]``
exact while dropping blanked labels and line breaks from the edges.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .records import Evidence, Span

__all__ = [
    "char_span",
    "doc_text",
    "entity_at",
    "evidence_for",
    "sentence_ents",
    "span_of",
    "subtree_span",
    "token_span",
]


def doc_text(doc: Doc) -> str:
    """The document's text in O(1).

    spaCy's ``Doc.text`` joins every token's text on each access, so reading it once per span
    makes a stage quadratic in the article's length (issue 17). The pipeline keeps the text on
    ``doc._.text``; a ``Doc`` built elsewhere falls back to ``Doc.text``.
    """
    text = doc._.text
    return text if text is not None else doc.text


def char_span(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with leading and trailing white space removed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end)


def span_of(span: SpacySpan) -> Span:
    """A spaCy span as a contract span."""
    return char_span(doc_text(span.doc), span.start_char, span.end_char)


def token_span(token: Token) -> Span:
    """One token as a contract span."""
    return Span(token.text, token.idx, token.idx + len(token.text))


def evidence_for(sent: SpacySpan) -> Evidence:
    """The evidence record of a sentence."""
    s = span_of(sent)
    return Evidence(sentence=s.text, start=s.start, end=s.end)


def subtree_span(token: Token, doc: Doc | None = None) -> Span:
    """The contiguous span covered by ``token``'s subtree."""
    d = doc or token.doc
    return span_of(d[token.left_edge.i : token.right_edge.i + 1])


def entity_at(token: Token) -> SpacySpan | None:
    """The named entity ``token`` is part of, or ``None``, in O(entity length).

    ``Doc.ents`` walks every token of the document on each access; looking an entity up through
    it once per mention made stages quadratic in the article's length (issue 17).
    """
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=doc[start].ent_type_)


def sentence_ents(sent: SpacySpan) -> list[SpacySpan]:
    """The entities inside ``sent``, in O(sentence length) (``Span.ents`` walks the whole doc)."""
    out = []
    for tok in sent:
        if tok.ent_iob_ == "B":
            ent = entity_at(tok)
            if ent is not None and ent.end <= sent.end:
                out.append(ent)
    return out
