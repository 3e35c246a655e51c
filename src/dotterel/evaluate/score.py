"""Scoring: a pure function of the gold sentences and the events predicted for each of them.

Nothing here runs a model, so every figure can be checked by hand on a small made-up set
(``tests/test_evaluate_score.py``). The definitions, which ``docs/evaluate.md`` repeats for users:

* **Event type, per sentence.** G = the gold categories of the sentence (one per record; records
  with the same text and date are one sentence). P = the distinct categories of all events
  predicted for it. TP += |P∩G|, FP += |P−G|, FN += |G−P|. Micro precision = TP/(TP+FP),
  recall = TP/(TP+FN), F1 their harmonic mean. The per-category table counts the same by category.
* **Confusion table.** Rows are gold categories, columns predicted categories plus NONE. For each
  gold category g of a sentence, 1 is added to (g, g) if g was predicted, to (g, p) for every
  predicted p that is not gold for the sentence (its FPs), and to (g, NONE) when nothing at all
  was predicted.
* **Quad class.** The same per-sentence counts on PLOVER quad classes (1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict) instead of categories.
* **Mode accuracy.** Over sentences whose gold has a mode and whose gold category was predicted:
  correct when any predicted event of that category carries the gold mode.
* **Actor/recipient country and sector.** Over sentences whose gold category was predicted, each
  gold source (target) with a code is matched against the actor (recipient) countries of each
  predicted event of that category; the event matching most gold actors is the one scored, and
  accuracy = matched gold actors / gold actors in those sentences. Coverage = gold actors in
  those sentences / all gold actors with a code. A gold IGO also matches a predicted UNO or EUR
  (PLOVER 2.0 split the UN and EU out of IGO). Sectors are scored the same way on gold actors
  with a sector, comparing three-letter codes.
* **No-event rate.** On sentences that report no event: events per sentence, and the share of
  sentences with at least one event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import EvaluationError
from ..records import PLOVER_EVENT_TYPES, QUAD_CODES, Entity, Event
from .gold import GoldActor, GoldRecord, GoldSentence, normalise_code, normalise_sector

__all__ = [
    "NONE",
    "CategoryScore",
    "EvalScores",
    "MatchScore",
    "NegativeScores",
    "NegativeSentence",
    "PredictedEvent",
    "SentenceResult",
    "score_gold",
    "score_negatives",
]

#: Column of the confusion table for sentences where nothing was predicted.
NONE = "NONE"

#: PLOVER 2.0 codes a gold ``IGO`` (PLOVER 0.5b1) may be written as.
_IGO_FAMILY = frozenset({"IGO", "UNO", "EUR"})


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


class _PrecisionRecall:
    """Precision, recall and F1 from ``tp``/``fp``/``fn``, shared by every score that counts them."""

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class CategoryScore(_PrecisionRecall):
    """TP/FP/FN of one category (``support`` = gold sentences of that category)."""

    category: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class MatchScore:
    """Gold actors matched, among those in sentences where the gold category was predicted."""

    matched: int
    covered: int
    total: int

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.matched, self.covered)

    @property
    def coverage(self) -> float | None:
        return _ratio(self.covered, self.total)

    @property
    def overall(self) -> float | None:
        """Matched over every gold actor: accuracy × coverage."""
        return _ratio(self.matched, self.total)


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """What the report shows of one predicted event: enough to see why a sentence went wrong."""

    event_type: str
    mode: str | None
    status: str
    trigger: str
    actors: list[str]
    recipients: list[str]
    confidence: float = 0.5

    @classmethod
    def of(cls, event: Event) -> PredictedEvent:
        def label(e: Entity) -> str:
            tags = "/".join(x for x in (e.country, e.sector) if x)
            name = e.name if e.name is not None else f"({e.text}: no entity)"  # issue #11
            return f"{name} [{tags}]" if tags else name

        return cls(
            event_type=event.event_type,
            mode=event.mode,
            status=event.status,
            trigger=event.trigger.text,
            actors=[label(e) for e in event.actor],
            recipients=[label(e) for e in event.recipient],
            confidence=round(float(event.confidence), 3),
        )


@dataclass(slots=True)
class SentenceResult:
    """How one gold sentence went; ``correct`` means P == G exactly."""

    id: str
    text: str
    #: The gold categories G (one for most sentences) and the modes gold gives them.
    gold: list[str]
    gold_modes: dict[str, str]
    #: Gold actors as ``CODE/SECTOR`` labels, by role ("source", "target"), for the report.
    gold_actors: dict[str, list[str]]
    predicted: list[str]
    events: list[PredictedEvent]
    tp: int
    fp: int
    fn: int
    #: The same counts on PLOVER quad classes (1 verbal coop ... 4 material conflict).
    quad: tuple[int, int, int] = (0, 0, 0)
    mode_correct: bool | None = None
    #: How many gold records the sentence came from.
    records: int = 1
    #: (matched, scored) gold actors for country/sector by role; absent when not scored.
    matches: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.fp == 0 and self.fn == 0

    @property
    def country_missed(self) -> bool:
        """A gold category was found but some gold actor or recipient country was not."""
        return any(m < n for k, (m, n) in self.matches.items() if k.endswith("_country"))


@dataclass(slots=True)
class EvalScores(_PrecisionRecall):
    """Every figure of one gold run (see the module docstring for the definitions)."""

    sentences: list[SentenceResult]
    per_category: list[CategoryScore]
    confusion: dict[str, dict[str, int]]
    mode_correct: int
    mode_total: int
    actor_country: MatchScore
    recipient_country: MatchScore
    actor_sector: MatchScore
    recipient_sector: MatchScore

    @property
    def tp(self) -> int:
        return sum(s.tp for s in self.sentences)

    @property
    def fp(self) -> int:
        return sum(s.fp for s in self.sentences)

    @property
    def fn(self) -> int:
        return sum(s.fn for s in self.sentences)

    @property
    def by_status(self) -> dict[str, tuple[int, int]]:
        """Predicted events per status: (of the gold category, of another category)."""
        out: dict[str, list[int]] = {}
        for sent in self.sentences:
            for e in sent.events:
                pair = out.setdefault(e.status, [0, 0])
                pair[0 if e.event_type in sent.gold else 1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    @property
    def quad_precision(self) -> float | None:
        tp, fp, _ = self._quad()
        return _ratio(tp, tp + fp)

    @property
    def quad_recall(self) -> float | None:
        tp, _, fn = self._quad()
        return _ratio(tp, tp + fn)

    @property
    def quad_f1(self) -> float | None:
        return _f1(self.quad_precision, self.quad_recall)

    def _quad(self) -> tuple[int, int, int]:
        return (
            sum(s.quad[0] for s in self.sentences),
            sum(s.quad[1] for s in self.sentences),
            sum(s.quad[2] for s in self.sentences),
        )

    @property
    def events_per_sentence(self) -> float | None:
        """Events emitted per gold sentence (each gold sentence reports exactly one)."""
        return _ratio(sum(len(s.events) for s in self.sentences), len(self.sentences))

    @property
    def mode_accuracy(self) -> float | None:
        return _ratio(self.mode_correct, self.mode_total)

    @property
    def exact(self) -> int:
        """Sentences whose predicted category set is exactly the gold one."""
        return sum(1 for s in self.sentences if s.correct)


def _country_match(gold_code: str, predicted: set[str]) -> bool:
    if gold_code in predicted:
        return True
    return gold_code == "IGO" and bool(predicted & _IGO_FAMILY)


def _countries(ents: Iterable[Entity]) -> set[str]:
    """Predicted codes normalised like the gold's (a coder's KOS and the gold's KOS both → XKX)."""
    return {c for e in ents if (c := normalise_code(e.country))}


def _sectors(ents: Iterable[Entity]) -> set[str]:
    return {s for e in ents if (s := normalise_sector(e.sector))}


def _best(gold: Sequence[str], candidates: Sequence[set[str]], country: bool) -> int:
    """Most gold codes any single candidate event matches."""
    best = 0
    for pred in candidates:
        hits = sum(1 for g in gold if (_country_match(g, pred) if country else g in pred))
        best = max(best, hits)
    return best


class _Tally:
    def __init__(self) -> None:
        self.matched = 0
        self.covered = 0
        self.total = 0

    def result(self) -> MatchScore:
        return MatchScore(self.matched, self.covered, self.total)


def _score_roles(
    rec: GoldRecord, events: Sequence[Event], hit: bool, tallies: dict[str, _Tally], result: SentenceResult
) -> None:
    """Country and sector matches of one gold record's source and target (see module docstring)."""
    for name, gold_actors in (("actor", rec.source), ("recipient", rec.target)):
        for kind in ("country", "sector"):
            gold = [c for a in gold_actors if (c := a.code if kind == "country" else a.sector)]
            key = f"{name}_{kind}"
            tallies[key].total += len(gold)
            if not gold or not hit:
                continue
            ents = [e.actor if name == "actor" else e.recipient for e in events]
            cands = [_countries(x) if kind == "country" else _sectors(x) for x in ents]
            matched = _best(gold, cands, country=kind == "country")
            tallies[key].covered += len(gold)
            tallies[key].matched += matched
            before = result.matches.get(key, (0, 0))
            result.matches[key] = (before[0] + matched, before[1] + len(gold))


def _label(actor: GoldActor) -> str:
    return "/".join(x for x in (actor.code, actor.sector) if x) or actor.text or "?"


def _as_sentence(item: GoldRecord | GoldSentence) -> GoldSentence:
    return item if isinstance(item, GoldSentence) else GoldSentence.of(item)


def score_gold(
    gold: Sequence[GoldSentence | GoldRecord], predictions: Sequence[Sequence[Event]]
) -> EvalScores:
    """Score the events predicted for each gold sentence (``predictions[i]`` belongs to ``gold[i]``).

    A bare :class:`GoldRecord` counts as a sentence with that one gold event.
    """
    if len(gold) != len(predictions):
        raise EvaluationError(f"{len(gold)} gold sentences but {len(predictions)} prediction lists")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: dict[str, dict[str, int]] = {}
    tallies = {f"{r}_{k}": _Tally() for r in ("actor", "recipient") for k in ("country", "sector")}
    mode_correct = mode_total = 0
    sentences: list[SentenceResult] = []
    for item, events in zip(gold, predictions, strict=True):
        sent = _as_sentence(item)
        gold_set = set(sent.events)
        predicted = sorted({e.event_type for e in events})
        hits, extra = gold_set & set(predicted), set(predicted) - gold_set
        quads, gold_quads = {QUAD_CODES[p] for p in predicted}, {QUAD_CODES[g] for g in gold_set}
        for g in sent.events:
            row = confusion.setdefault(g, {})
            for p in predicted:
                if p == g or p in extra:  # another gold category of the sentence is no confusion
                    row[p] = row.get(p, 0) + 1
            if not predicted:
                row[NONE] = row.get(NONE, 0) + 1
        result = SentenceResult(
            id=sent.id,
            text=sent.text,
            gold=sent.events,
            gold_modes={r.event: r.mode for r in sent.records if r.mode},
            gold_actors={
                "source": [_label(a) for r in sent.records for a in r.source],
                "target": [_label(a) for r in sent.records for a in r.target],
            },
            predicted=predicted,
            events=[PredictedEvent.of(e) for e in events],
            tp=len(hits),
            fp=len(extra),
            fn=len(gold_set - hits),
            quad=(len(quads & gold_quads), len(quads - gold_quads), len(gold_quads - quads)),
            records=len(sent.records),
        )
        tp.update(hits)
        fn.update(gold_set - hits)
        fp.update(extra)
        for rec in sent.records:
            hit = rec.event in hits
            same = [e for e in events if e.event_type == rec.event]
            if rec.mode and hit:
                mode_total += 1
                ok = any(e.mode == rec.mode for e in same)
                result.mode_correct = ok if result.mode_correct is None else (result.mode_correct and ok)
                mode_correct += int(ok)
            _score_roles(rec, same, hit, tallies, result)
        sentences.append(result)
    seen = set(tp) | set(fp) | set(fn)
    categories = [c for c in PLOVER_EVENT_TYPES if c in seen]
    per_category = [CategoryScore(c, tp[c], fp[c], fn[c]) for c in categories]
    return EvalScores(
        sentences=sentences,
        per_category=per_category,
        confusion=confusion,
        mode_correct=mode_correct,
        mode_total=mode_total,
        actor_country=tallies["actor_country"].result(),
        recipient_country=tallies["recipient_country"].result(),
        actor_sector=tallies["actor_sector"].result(),
        recipient_sector=tallies["recipient_sector"].result(),
    )


@dataclass(frozen=True, slots=True)
class NegativeSentence:
    """A sentence that reports no event, and the categories predicted for it anyway."""

    id: str
    text: str
    predicted: list[str]
    triggers: list[str]
    events: list[PredictedEvent] = field(default_factory=list)


@dataclass(slots=True)
class NegativeScores:
    """Events predicted on sentences that report none (the issue's target: at most 0.1 each)."""

    sentences: int
    events: int
    flagged: list[NegativeSentence]
    by_category: dict[str, int]

    @property
    def events_per_sentence(self) -> float | None:
        return _ratio(self.events, self.sentences)

    @property
    def sentences_with_events(self) -> int:
        return len(self.flagged)

    @property
    def sentence_rate(self) -> float | None:
        return _ratio(len(self.flagged), self.sentences)


def score_negatives(
    sentences: Sequence[tuple[str, str]], predictions: Sequence[Sequence[Event]]
) -> NegativeScores:
    """Score ``(id, text)`` no-event sentences against the events predicted for each."""
    if len(sentences) != len(predictions):
        raise EvaluationError(f"{len(sentences)} negative sentences but {len(predictions)} prediction lists")
    flagged = []
    by_category: Counter[str] = Counter()
    events = 0
    for (sid, text), evs in zip(sentences, predictions, strict=True):
        events += len(evs)
        by_category.update(e.event_type for e in evs)
        if evs:
            flagged.append(
                NegativeSentence(
                    id=sid,
                    text=text,
                    predicted=[e.event_type for e in evs],
                    triggers=[e.trigger.text for e in evs],
                    events=[PredictedEvent.of(e) for e in evs],
                )
            )
    ordered = {c: by_category[c] for c in PLOVER_EVENT_TYPES if by_category[c]}
    return NegativeScores(sentences=len(sentences), events=events, flagged=flagged, by_category=ordered)
