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
earlier report it points back to (``inherited=True``, ``reason`` naming it); a quotation's words far
from its speaker carry the speaker's span, also marked inherited. ``quoted`` says whether the trigger
is inside quotation marks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Attribution, Entity, Frame
from ..spans import char_span
from .quotes import Quote, Turn, quotes_in, turns_in
from .reports import FIRST_PERSON, SUBJECT_DEPS, Report, find_reports, reports_for

__all__ = ["AttributionFinder", "Report", "find_reports", "reports_for"]

#: How far (characters) a speaker may stand outside the quotation it attributes.
_SPEAKER_REACH = 120


@dataclass(slots=True)
class _Context:
    """What the component knows about one document: its reports, quotations and turns."""

    memory: list[Report]
    quotes: list[Quote]
    starts: list[int]
    turns: list[Turn]
    speakers: dict[int, Report | None]

    def quote_at(self, char: int) -> int | None:
        k = bisect_right(self.starts, char) - 1
        return k if k >= 0 and self.quotes[k].holds(char) else None


class AttributionFinder:
    """Fills ``frame.attribution`` for each frame of a document."""

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = doc._.frames or []
        if not frames:
            return doc
        quotes = quotes_in(doc.text)
        ctx = _Context(find_reports(doc), quotes, [q.start for q in quotes], turns_in(doc.text), {})
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
            if speaker is not None:
                att = self._resolve(doc, speaker, ctx.memory, True)
                if speaker.cue_token.sent != trigger.sent:
                    att.inherited = True
                    who = att.source.text if att.source else att.text
                    att.reason = att.reason or f"inside a quotation attributed to '{who}'"
                return att
        if found:
            return self._resolve(doc, found[0], ctx.memory, quoted)
        turn = next((t for t in ctx.turns if t.start <= trigger.idx < t.end), None)
        if turn is not None:
            return self._turn(doc, turn, quoted)
        return None

    # --- quotations and turns -------------------------------------------------------------------

    def _speaker(self, doc: Doc, k: int, ctx: _Context) -> Report | None:
        """Who says quotation ``k``: a report just after it, just before it, or the previous
        quotation's speaker when only that report stands between them."""
        if k in ctx.speakers:
            return ctx.speakers[k]
        quote = ctx.quotes[k]
        outside = [r for r in ctx.memory if ctx.quote_at(r.cue_token.idx) is None and r.source is not None]
        after = [
            r for r in outside
            if quote.end <= r.cue_token.idx <= quote.end + _SPEAKER_REACH
            and "\n" not in doc.text[quote.end : r.cue_token.idx]
            and not _sentence_break(doc, quote.end, _phrase_start(r))
        ]  # fmt: skip
        before = [
            r for r in outside
            if quote.start - _SPEAKER_REACH <= r.cue_token.idx < quote.start
            and "\n" not in doc.text[r.cue_token.idx : quote.start]
            and not _sentence_break(doc, r.cue_token.idx + len(r.cue_token.text), quote.start)
        ]  # fmt: skip
        speaker = after[0] if after else before[-1] if before else None
        if speaker is None and k > 0:
            prev = ctx.quotes[k - 1]
            between = doc.text[prev.end : quote.start]
            if len(between) <= _SPEAKER_REACH and between.count("\n") <= 2:
                speaker = self._speaker(doc, k - 1, ctx)
        ctx.speakers[k] = speaker
        return speaker

    @staticmethod
    def _turn(doc: Doc, turn: Turn, quoted: bool) -> Attribution:
        start, end = turn.speaker
        s = char_span(doc.text, start, end)
        source = Entity(text=s.text, start=s.start, end=s.end, name=s.text, reason="transcript speaker label")
        att = Attribution(s.text, s.start, s.end, True, None, "transcript", None, source, quoted)
        att.reason = f"inside the transcript turn of '{s.text}'"
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
            s = char_span(doc.text, report.cue_token.idx, report.cue_token.idx + len(report.cue_token.text))
            return Attribution(s.text, s.start, s.end, False, None, report.cue, report.outlet, None, quoted)
        span = doc[report.text_span[0] : report.text_span[1]]
        core = doc[report.core_span[0] : report.core_span[1]]
        s = char_span(doc.text, span.start_char, span.end_char)
        c = char_span(doc.text, core.start_char, core.end_char)
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


def _sentence_break(doc: Doc, start: int, end: int) -> bool:
    """Does a sentence end between two offsets ('... he said. "Next ...')?"""
    between = doc.text[start:end]
    return any(p in between for p in (". ", "? ", "! ")) and len(between.strip(" ,\"'“”’")) > 1


@Language.factory(
    "dotterel_attribution", requires=["token.dep", "token.lemma", "doc._.frames"], assigns=["doc._.frames"]
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    return AttributionFinder()
