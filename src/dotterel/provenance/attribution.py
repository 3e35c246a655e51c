"""According to whom: the source that reports each event (the ``dotterel_attribution`` component).

Reports (:mod:`~dotterel.provenance.reports`) are the cues found in the parse: "X said that ...",
"according to X", "as disclosed by X", "reportedly". For each frame, in this order:

1. **A report whose scope holds the trigger**, nearest first: in "sources reveal that Iran will
   refrain ..., as disclosed by three Iranian and Hamas officials" the officials win. A first-person
   source inside a quotation ("I think ...") is the quoted speaker, so the quotation's speaker wins
   over it.
2. **The quotation the trigger is in** (:mod:`~dotterel.provenance.quotes`), which may span
   sentences and paragraphs: its speaker is the report right after its closing mark ('...," Morales
   said') or right before its opening mark ('Morales said: "...'), else the speaker of the quotation
   just before it ('"I was a victim," Morales said. "They repressed us."').
3. **A transcript turn** ("PENCE: ...") the trigger is in.
4. Otherwise the article asserts the event itself: no attribution.

The attribution's span is what a reader would underline as the source *where the event is
reported*: the full phrase ("three officials requesting anonymity", "a spokesman for the
ministry"). Inheritance is never a guess: a pronoun ("He added that ...") or a definite repeat ("the
officials said") keeps its own span and takes ``named``, ``count`` and its ``source`` entity from the
earlier report it points back to (``inherited=True``, ``reason`` naming it); a quotation that takes
the speaker of the quotation before it is also marked inherited. ``quoted`` says whether the trigger
is inside quotation marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Attribution, Entity, Frame
from ..spans import char_span, doc_text
from .quotes import Quote, Turn, quotes_in, turns_in
from .reports import FIRST_PERSON, SUBJECT_DEPS, Report, describe, find_reports, reports_for

__all__ = ["AttributionFinder", "Report", "find_reports", "reports_for", "make_attribution_finder"]

#: How far (characters) a quotation may stand from the one before it to share its speaker.
_SPEAKER_REACH = 300


@dataclass(slots=True)
class _Context:
    """What the component knows about one document: its reports, quotations and turns."""

    memory: list[Report]
    quotes: list[Quote]
    starts: list[int]
    turns: list[Turn]
    speakers: dict[int, Report | tuple[int, int] | None]
    #: quotations whose speaker was carried over from the quotation before
    carried: set[int] = field(default_factory=set)

    def quote_at(self, char: int) -> int | None:
        k = bisect_right(self.starts, char) - 1
        return k if k >= 0 and self.quotes[k].holds(char) else None


class AttributionFinder:
    """Fills ``frame.attribution`` for each frame of a document."""

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        if not frames:
            return doc
        quotes = quotes_in(doc_text(doc))
        ctx = _Context(find_reports(doc), quotes, [q.start for q in quotes], turns_in(doc_text(doc)), {})
        for frame in frames:
            frame.attribution = self._find(doc, doc[frame.trigger_token], ctx)
        return doc

    def _find(self, doc: Doc, trigger: Token, ctx: _Context) -> Attribution | None:
        k = ctx.quote_at(trigger.idx)
        quoted = k is not None
        found = [r for r in reports_for(trigger) if quoted or not _first_person(r)]
        if found and not (quoted and _first_person(found[0])):
            return self._resolve(doc, found[0], ctx.memory, quoted)
        if quoted:
            speaker = self._speaker(doc, k, ctx)
            if isinstance(speaker, tuple):  # '"..." ― Karen Bobadilla'
                return self._turn(doc, speaker, True, "―", "a quotation signed by")
            if speaker is not None:
                att = self._resolve(doc, speaker, ctx.memory, True)
                if k in ctx.carried:
                    att.inherited = True
                    who = att.source.text if att.source else att.text
                    att.reason = att.reason or f"a quotation that goes on from the words of '{who}'"
                return att
        turn = next((t for t in ctx.turns if t.start <= trigger.idx < t.end), None)
        if turn is not None:
            return self._turn(doc, turn.speaker, quoted, "transcript", "the transcript turn of")
        if found:
            return self._resolve(doc, found[0], ctx.memory, quoted)
        return None

    # --- quotations and turns -------------------------------------------------------------------

    def _speaker(self, doc: Doc, k: int, ctx: _Context) -> Report | tuple[int, int] | None:
        """Who says quotation ``k``: a report right after it ('...," X said'), a signature after a
        dash ('..." ― X'), a report right before it ('X said: "...'), else the previous quotation's
        speaker when only that speaker's report stands between them."""
        if k in ctx.speakers:
            return ctx.speakers[k]
        quote = ctx.quotes[k]
        text = doc_text(doc)
        close = quote.end + _mark_length(text, quote.end)
        outside = [r for r in ctx.memory if ctx.quote_at(r.cue_token.idx) is None and r.source is not None]
        after = [r for r in outside if close <= _phrase_start(r) and _adjacent(text, close, _phrase_start(r))]
        speaker: Report | tuple[int, int] | None = after[0] if after else _signature(text, close)
        if speaker is None:
            opening = quote.start - _mark_length(text, quote.start, back=True)
            before = [r for r in outside if r.cue_token.idx < opening and _leads_in(text, r, opening)]
            speaker = before[-1] if before else _colon_speaker(doc, opening)
        if speaker is None and k > 0:
            prev = ctx.quotes[k - 1]
            between = text[prev.end : quote.start]
            if len(between) <= _SPEAKER_REACH and between.count("\n") <= 2:
                speaker = self._speaker(doc, k - 1, ctx)
                if speaker is not None:
                    ctx.carried.add(k)
        ctx.speakers[k] = speaker
        return speaker

    @staticmethod
    def _turn(doc: Doc, speaker: tuple[int, int], quoted: bool, cue: str, why: str) -> Attribution:
        """A speaker named without a verb: a transcript label or a quotation's signature."""
        s = char_span(doc_text(doc), *speaker)
        source = Entity(text=s.text, start=s.start, end=s.end, name=s.text, reason=f"{why} '{s.text}'")
        att = Attribution(s.text, s.start, s.end, True, None, cue, None, source, quoted)
        att.reason = f"inside {why} '{s.text}'"
        return att

    # --- sources ------------------------------------------------------------------------------

    def _resolve(self, doc: Doc, report: Report, memory: list[Report], quoted: bool) -> Attribution:
        """The attribution of a report; a pronoun or definite repeat keeps its own span and takes
        who it is from the earlier report it points back to."""
        att = self._attribution(doc, report, quoted)
        earlier = self._antecedent(report, memory)
        if earlier is None:
            return att
        ante = self._attribution(doc, earlier, quoted)
        word = doc[report.core_span[0] : report.core_span[1]].text if report.core_span else att.text
        att.named = ante.named
        att.count = att.count if att.count is not None else ante.count
        att.outlet = att.outlet or ante.outlet
        att.source = ante.source
        att.inherited = True
        att.reason = f"'{word}' refers back to '{ante.source.text if ante.source else ante.text}'"
        return att

    @staticmethod
    def _antecedent(report: Report, memory: list[Report]) -> Report | None:
        if report.source is None:
            return None
        earlier = [r for r in memory if r.cue_token.i < report.cue_token.i and r.pronoun is None]
        if report.pronoun == "singular":
            return next(
                (r for r in reversed(earlier) if r.source.ent_type_ == "PERSON" or r.source.tag_ == "NNP"),
                None,
            )
        if report.pronoun == "plural":
            return next((r for r in reversed(earlier) if r.source.tag_ in ("NNS", "NNPS")), None)
        definite = any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in report.source.children
        )
        if definite and report.count is None and not report.named:
            lemma = report.source.lemma_.lower()
            return next((r for r in reversed(earlier) if r.source.lemma_.lower() == lemma and r.count), None)
        return None

    @staticmethod
    def _attribution(doc: Doc, report: Report, quoted: bool) -> Attribution:
        if report.text_span is None:
            s = char_span(
                doc_text(doc), report.cue_token.idx, report.cue_token.idx + len(report.cue_token.text)
            )
            return Attribution(s.text, s.start, s.end, False, None, report.cue, report.outlet, None, quoted)
        span = doc[report.text_span[0] : report.text_span[1]]
        core = doc[report.core_span[0] : report.core_span[1]]
        s = char_span(doc_text(doc), span.start_char, span.end_char)
        c = char_span(doc_text(doc), core.start_char, core.end_char)
        source = Entity(
            text=c.text, start=c.start, end=c.end, name=c.text,
            reason="attribution source as written; resolved by the actor stage",
        )  # fmt: skip
        att = Attribution(
            s.text, s.start, s.end, report.named, report.count, report.cue, report.outlet, source, quoted
        )
        if report.source is not None and report.source.dep_ not in (*SUBJECT_DEPS, "pobj"):
            att.reason = "the parser found no subject: the speaker is the nearest name before the verb"
        return att


def _first_person(report: Report) -> bool:
    return report.source is not None and report.source.lower_ in FIRST_PERSON


def _phrase_start(report: Report) -> int:
    """Where a report's words begin: its source or its cue, whichever comes first."""
    first = report.cue_token.idx
    if report.text_span is not None:
        first = min(first, report.cue_token.doc[report.text_span[0]].idx)
    return first


_QUOTE_CHARS = "\"“”«»'"
#: A quotation's signature: '"..." ― Karen Bobadilla', '"..." — Carla Sanchez.'
_NAME_WORD = r"[A-Z][\w.'’-]*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|la|van|von|bin|al)){{0,4}}"
_SIGNATURE = re.compile(rf"[ \t]*[―—–][ \t]*({_NAME})")


def _mark_length(text: str, pos: int, back: bool = False) -> int:
    """Length of the quotation mark closing at (or, ``back``, opening before) ``pos``."""
    probe = text[max(pos - 2, 0) : pos] if back else text[pos : pos + 2]
    if probe in ("''", '""', "``"):
        return 2
    ch = probe[-1:] if back else probe[:1]
    return 1 if ch and ch in _QUOTE_CHARS else 0


def _adjacent(text: str, close: int, start: int) -> bool:
    """Only a comma and spaces between a closing mark and a report: '...," he said'."""
    return start - close <= 4 and not text[close:start].strip(" ,\t")


def _leads_in(text: str, report: Report, opening: int) -> bool:
    """A report ending right before an opening mark: 'X said: "', 'X said, "', 'He said:\n\n"'."""
    end = report.cue_token.idx + len(report.cue_token.text)
    between = text[end:opening]
    return len(between) <= 6 and not between.strip(" ,:\t\n")


def _signature(text: str, close: int) -> tuple[int, int] | None:
    m = _SIGNATURE.match(text, close)
    return (m.start(1), m.end(1)) if m else None


def _colon_speaker(doc: Doc, opening: int) -> Report | None:
    """ "Limbaugh continued: ..." — a verb before a colon that opens a quotation, with a subject."""
    before = doc.char_span(0, opening, alignment_mode="contract")
    colon = before[-1] if before is not None and len(before) else None
    while colon is not None and colon.is_space and colon.i > 0:
        colon = doc[colon.i - 1]
    if colon is None or colon.text != ":" or colon.head.pos_ != "VERB":
        return None
    verb = colon.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in FIRST_PERSON or verb.i > colon.i:
        return None
    return describe(verb.text, verb, subject)


@Language.factory(
    "dotterel_attribution", requires=["token.dep", "token.lemma", "doc._.frames"], assigns=["doc._.frames"]
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder()
