"""Build contract spans from spaCy objects, trimmed of surrounding white space.

Offsets are article offsets (see :mod:`dotterel.normalise`); trimming keeps ``text[start:end]``
exact while dropping blanked labels and line breaks from the edges.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .records import Evidence, Span

__all__ = ["char_span", "evidence_for", "span_of", "subtree_span", "token_span"]


def char_span(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with leading and trailing white space removed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end)


def span_of(span: SpacySpan) -> Span:
    """A spaCy span as a contract span."""
    return char_span(span.doc.text, span.start_char, span.end_char)


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
