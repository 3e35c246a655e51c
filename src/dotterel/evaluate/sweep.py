"""How sure are the figures, and where should a user set a confidence threshold?

Two questions every gold set of a few hundred sentences raises:

* **Is a change real?** A micro-F1 on 322 sentences moves by a few points when a handful of
  sentences flip. :func:`bootstrap_f1` resamples sentences with replacement (a fixed seed, so the
  interval is reproducible) and reports the 2.5th and 97.5th percentiles of micro-F1.
* **Which events to keep?** Every event carries a ``confidence``. :func:`confidence_sweep`
  re-scores the same predictions keeping only events at or above each threshold, on the gold
  sentences and on the no-event sentences at once, so the trade-off between recall and
  over-generation is visible in one table.

Both work on the scored results alone (no model), so they are cheap and testable.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .score import EvalScores, NegativeScores, _f1, _ratio

__all__ = ["DEFAULT_THRESHOLDS", "SweepRow", "bootstrap_f1", "confidence_sweep"]

DEFAULT_THRESHOLDS: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True, slots=True)
class SweepRow:
    """Scores when only events with ``confidence >= threshold`` are kept."""

    threshold: float
    precision: float | None
    recall: float | None
    f1: float | None
    no_event_rate: float | None


def _micro_f1(counts: Sequence[tuple[int, int, int]]) -> float:
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    return _f1(_ratio(tp, tp + fp), _ratio(tp, tp + fn)) or 0.0


def bootstrap_f1(scores: EvalScores, *, samples: int = 1000, seed: int = 13) -> tuple[float, float] | None:
    """95% percentile interval of micro-F1 over sentences resampled with replacement."""
    counts = [(s.tp, s.fp, s.fn) for s in scores.sentences]
    if len(counts) < 2:
        return None
    rng = random.Random(seed)
    n = len(counts)
    values = sorted(_micro_f1([counts[rng.randrange(n)] for _ in range(n)]) for _ in range(samples))
    return values[int(0.025 * (samples - 1))], values[int(0.975 * (samples - 1))]


def confidence_sweep(
    scores: EvalScores,
    negatives: NegativeScores | None = None,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> list[SweepRow]:
    """Micro P/R/F1 on the gold and events per no-event sentence, at each confidence threshold."""
    rows = []
    for t in thresholds:
        tp = fp = fn = 0
        for sent in scores.sentences:
            kept = {e.event_type for e in sent.events if e.confidence >= t}
            gold = set(sent.gold)
            tp += len(kept & gold)
            fn += len(gold - kept)
            fp += len(kept - gold)
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        rate = None
        if negatives is not None:
            kept_neg = sum(1 for x in negatives.flagged for e in x.events if e.confidence >= t)
            rate = _ratio(kept_neg, negatives.sentences)
        rows.append(SweepRow(threshold=t, precision=p, recall=r, f1=_f1(p, r), no_event_rate=rate))
    return rows
