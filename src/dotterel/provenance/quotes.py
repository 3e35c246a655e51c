"""Quotations and transcript turns: which stretches of an article are somebody's own words.

A quotation may run over several sentences and paragraphs. News style opens every paragraph of a
long quotation again and closes it only at its end, so a quotation still open at a paragraph's end
goes on when the next paragraph opens with a quotation mark, or when that paragraph's marks only
balance if it does (its first mark closes: '"They are trying to slap us\\n\\n[...], thinking we
will shut up," Quina Jones said'); otherwise it ends with the paragraph (a stray mark must not turn
the rest of the article into a quote). Curly quotes, guillemets, straight quotes, the doubled
single quotes of some wires ('') and CSV-doubled quotes ("") all count, each as one mark.

Transcripts mark turns with the speaker's name in capitals at a paragraph's start ("PENCE: ...");
the turn runs until the next label. Headers that look the same ("UPDATE:", "CLARIFICATION:") are
listed in ``data/attribution.tsv`` and are no speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .words import attribution_words

__all__ = ["Quote", "Turn", "quotes_in", "turns_in"]

_OPEN = "“«"
_CLOSE = "”»"
_MARK = re.compile(r"''|\"\"|[\"“”«»]")
_LABEL = re.compile(r"(?m)^[\"“']?\(?([A-Z][A-Z.'\- ]{1,30}[A-Z.])\)?:\s")


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words: ``[start, end)`` inside the quotation marks."""

    start: int
    end: int

    def holds(self, char: int) -> bool:
        return self.start <= char < self.end


@dataclass(frozen=True, slots=True)
class Turn:
    """A transcript turn: ``speaker`` (the label's span) says ``[start, end)``."""

    speaker: tuple[int, int]
    start: int
    end: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(position, length, kind) of each quotation mark; kind ``open``, ``close`` or ``straight``."""
    out = []
    for m in _MARK.finditer(text, start, end):
        ch = m.group()
        kind = "open" if ch in _OPEN else "close" if ch in _CLOSE else "straight"
        out.append((m.start(), len(ch), kind))
    return out


def _continues(text: str, para: tuple[int, int]) -> tuple[bool, bool]:
    """Does an open quotation go on into ``para``? And is its first mark the re-opening one?"""
    marks = _marks(text, *para)
    if not marks:
        return False, False
    lead = text[para[0] : marks[0][0]].strip()
    if not lead and marks[0][2] in ("open", "straight"):
        return True, True  # the paragraph opens with a quotation mark: the quotation goes on
    straight = sum(1 for m in marks if m[2] == "straight")
    first_closes = marks[0][2] == "close" or (marks[0][2] == "straight" and straight % 2 == 1)
    return first_closes, False


def quotes_in(text: str) -> list[Quote]:
    """Every quotation in ``text``, in order, joined over paragraphs where it goes on."""
    out: list[Quote] = []
    paras = _paragraphs(text)
    open_at: int | None = None
    skip_first = False
    for k, (ps, pe) in enumerate(paras):
        for n, (pos, length, kind) in enumerate(_marks(text, ps, pe)):
            if n == 0 and skip_first:
                continue
            if open_at is None:
                if kind != "close":
                    open_at = pos + length
            elif kind != "open":
                out.append(Quote(open_at, pos))
                open_at = None
        skip_first = False
        if open_at is not None:
            goes_on, reopens = _continues(text, paras[k + 1]) if k + 1 < len(paras) else (False, False)
            if goes_on:
                skip_first = reopens
            else:
                if not (k == 0 and open_at == 1 and text.startswith('"')):
                    out.append(Quote(open_at, pe))  # (an unclosed mark opening the text is a CSV artefact)
                open_at = None
    return [q for q in out if q.end > q.start]


def turns_in(text: str) -> list[Turn]:
    """Transcript turns ("WALLACE: ...", "PENCE: ..."), each up to the next label."""
    not_speakers = attribution_words().get("header", frozenset())
    labels = [m for m in _LABEL.finditer(text) if m.group(1).strip().lower() not in not_speakers]
    if len(labels) < 2:
        return []  # one capitalised label is a header, not a transcript
    out = []
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        out.append(Turn((m.start(1), m.end(1)), m.end(), end))
    return out
