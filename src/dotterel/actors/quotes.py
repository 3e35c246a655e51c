"""Who speaks a quotation: a first-person pronoun inside quotes is its speaker (issue #11).

"'We will not negotiate,' the commander said" -- "we" is the commander's side, not an actor called
"we". Quotations are found once per article (curly pairs, or straight double quotes paired in
order within a paragraph); a quote's speaker is the subject of a speech verb ("said", "told",
"added" ...) outside the quote in the sentences the quote touches, or the object of "according
to"; a quote with no speech verb of its own continues the nearest earlier quote of the last
few sentences ("X said. 'We ...'" in the next paragraph).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..spans import doc_text
from ..vocabulary import is_speech_verb

__all__ = [
    "QuoteIndex",
    "find_quotes",
]

_OPEN, _CLOSE = "“", "”"
#: how many sentences back an unattributed quote may continue an attributed one
_CONTINUE_SENTENCES = 3


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the quotations in ``text``, quote marks included."""
    found: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            if opened is not None and text[opened] == '"':
                opened = None  # a straight quote left open at a paragraph end: unreliable
            continue
        if ch == _OPEN:
            opened = i
        elif ch == _CLOSE and opened is not None and text[opened] == _OPEN:
            found.append((opened, i + 1))
            opened = None
        elif ch == '"':
            if opened is None:
                opened = i
            elif text[opened] == '"':
                found.append((opened, i + 1))
                opened = None
    if opened is not None and text[opened] == _OPEN:  # a quote running to the end of the article
        found.append((opened, len(text)))
    return found


class QuoteIndex:
    """The quotations of one article and their speakers, computed lazily."""

    def __init__(self, doc: Doc, sentence_tokens: list[int]) -> None:
        self.doc = doc
        self.quotes = find_quotes(doc_text(doc))
        self.starts = [s for s, _ in self.quotes]
        self.sentence_tokens = sentence_tokens or [0]
        self._speakers: dict[int, Token | None] = {}

    def quote_of(self, tok: Token) -> int | None:
        """The index of the quotation ``tok`` is inside, or None."""
        k = bisect_right(self.starts, tok.idx) - 1
        if k >= 0 and self.quotes[k][0] < tok.idx < self.quotes[k][1]:
            return k
        return None

    def speaker(self, tok: Token) -> Token | None:
        """The head token of who speaks the quotation around ``tok``, or None."""
        k = self.quote_of(tok)
        return None if k is None else self._at(k)

    def _at(self, k: int) -> Token | None:
        if k not in self._speakers:
            self._speakers[k] = None  # a guard while looking (continued quotes look back)
            self._speakers[k] = self._find(k)
        return self._speakers[k]

    def _sentence(self, char: int) -> int:
        """The index of the sentence holding character ``char``."""
        doc = self.doc
        lo, hi = 0, len(doc) - 1
        while lo < hi:  # the token at or before char
            mid = (lo + hi + 1) // 2
            if doc[mid].idx <= char:
                lo = mid
            else:
                hi = mid - 1
        return bisect_right(self.sentence_tokens, lo) - 1

    def _tokens(self, first: int, last: int) -> list[Token]:
        bounds = [*self.sentence_tokens, len(self.doc)]
        first, last = max(first, 0), min(last, len(bounds) - 2)
        return list(self.doc[bounds[first] : bounds[last + 1]])

    def _find(self, k: int) -> Token | None:
        qs, qe = self.quotes[k]
        around = self._tokens(self._sentence(qs), self._sentence(max(qe - 1, qs)))
        outside = [t for t in around if not qs <= t.idx < qe]
        # the speech verb nearest the quote, with a subject outside it
        best: tuple[int, Token] | None = None
        for t in outside:
            subject = None
            if t.pos_ in ("VERB", "AUX") and is_speech_verb(t.lemma_):
                subject = next(
                    (c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and not qs <= c.idx < qe), None
                )
            elif t.lower_ == "according":  # "according to the police"
                subject = next(
                    (g for c in t.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"), None
                )
            if subject is not None:
                distance = min(abs(t.idx - qs), abs(t.idx - qe))
                if best is None or distance < best[0]:
                    best = (distance, subject)
        if best is not None:
            return best[1]
        # no attribution of its own: it continues an attributed quote a few sentences before
        here = self._sentence(qs)
        for j in range(k - 1, -1, -1):
            if here - self._sentence(self.quotes[j][0]) > _CONTINUE_SENTENCES:
                break
            found = self._at(j)
            if found is not None:
                return found
        return None
