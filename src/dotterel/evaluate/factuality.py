"""``dotterel evaluate --status FILE``: event status against factuality gold (issue #12).

The gold is JSONL, one sentence a line: ``{"id", "text", "predicates": [[start, end, value], ...]}``
(the devsuite's ``status-dev`` format), optionally with ``published``. ``value`` is either a class
(``asserted``, ``negated``, ``hypothetical``) or a number on the unified factuality scale [-3, +3]
(UW, Stanovsky et al. 2017), banded as the devsuite does: >= 2.5 asserted, <= -2.5 negated,
|v| <= 1.5 hypothetical, the split middle band unscored.

An event is paired with the scored gold predicate its trigger overlaps most (then the leftmost);
events on no scored predicate are counted, not scored. A gold class admits compatible statuses:
asserted ← asserted/historical/future, negated ← negated, hypothetical ← hypothetical/future. In
the per-class table a ``future`` event counts as the gold's class when compatible, else as
hypothetical. ``cov_nonasserted`` is the share of non-asserted gold predicates any trigger overlaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..reading import parse_date
from ..records import Event
from .jsonl_gold import read_jsonl_gold

__all__ = [
    "FactualityItem",
    "FactualityScores",
    "read_factuality",
    "render_factuality",
    "score_factuality",
    "CLASSES",
    "Predicate",
    "band",
]

CLASSES = ("asserted", "negated", "hypothetical")
_COMPATIBLE = {
    "asserted": {"asserted", "historical", "future"},
    "negated": {"negated"},
    "hypothetical": {"hypothetical", "future"},
}
_AS_CLASS = {
    "asserted": "asserted",
    "historical": "asserted",
    "negated": "negated",
    "hypothetical": "hypothetical",
}


@dataclass(frozen=True, slots=True)
class Predicate:
    start: int
    end: int
    cls: str | None  # None: the unscored middle band


@dataclass(frozen=True, slots=True)
class FactualityItem:
    id: str
    text: str
    published: date | None
    predicates: tuple[Predicate, ...]


def band(value: float | str) -> str | None:
    """A gold value as a class; ``None`` for the split middle band of the numeric scale."""
    if isinstance(value, str):
        if value not in CLASSES:
            raise ValueError(f"unknown class {value!r} (expected one of {', '.join(CLASSES)})")
        return value
    if value >= 2.5:
        return "asserted"
    if value <= -2.5:
        return "negated"
    return "hypothetical" if abs(value) <= 1.5 else None


def read_factuality(path: str | Path) -> list[FactualityItem]:
    """Read a factuality gold file; a malformed line is an error naming the file and line."""
    return read_jsonl_gold(path, "status", _factuality_item)


def _factuality_item(row: dict[str, Any]) -> FactualityItem:
    text = row["text"]
    preds = tuple(
        Predicate(int(s), int(e), band(v if isinstance(v, str) else float(v)))
        for s, e, v in row["predicates"]
    )
    if any(not 0 <= q.start < q.end <= len(text) for q in preds):
        raise ValueError("a predicate's offsets fall outside the text")
    published = parse_date(row["published"]) if row.get("published") else None
    return FactualityItem(str(row["id"]), text, published, preds)


@dataclass(slots=True)
class FactualityScores:
    """Pairs of (gold class, tool status) and the coverage counts."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    sentences: int = 0
    events: int = 0
    unpaired: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    covered: Counter[str] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float | None:
        ok = sum(st in _COMPATIBLE[g] for g, st in self.pairs)
        return ok / len(self.pairs) if self.pairs else None

    def per_class(self) -> dict[str, dict[str, Any]]:
        out = {}
        for cls in CLASSES:
            pred = [(g, _pred_class(st, g)) for g, st in self.pairs]
            tp = sum(1 for g, p in pred if g == cls and p == cls)
            fp = sum(1 for g, p in pred if g != cls and p == cls)
            fn = sum(1 for g, p in pred if g == cls and p != cls)
            prec = tp / (tp + fp) if tp + fp else None
            rec = tp / (tp + fn) if tp + fn else None
            f1 = (
                2 * prec * rec / (prec + rec)
                if prec and rec
                else (0.0 if prec is not None and rec is not None else None)
            )
            out[cls] = {"pairs": tp + fn, "precision": prec, "recall": rec, "f1": f1}
        return out

    @property
    def coverage_nonasserted(self) -> float | None:
        den = self.gold["negated"] + self.gold["hypothetical"]
        return (self.covered["negated"] + self.covered["hypothetical"]) / den if den else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences, "events": self.events, "matched": len(self.pairs),
            "unpaired": self.unpaired, "accuracy": self.accuracy, "per_class": self.per_class(),
            "coverage_nonasserted": self.coverage_nonasserted, "gold_counts": dict(self.gold),
        }  # fmt: skip


def _pred_class(status: str, gold: str) -> str:
    if status == "future":
        return gold if gold in ("asserted", "hypothetical") else "hypothetical"
    return _AS_CLASS.get(status, "other")


def score_factuality(items: Sequence[FactualityItem], events: Sequence[Sequence[Event]]) -> FactualityScores:
    """Pair each item's events with its gold predicates (``events`` in the order of ``items``)."""
    s = FactualityScores(sentences=len(items))
    for item, evs in zip(items, events, strict=True):
        s.events += len(evs)
        triggers = [(e.trigger.start, e.trigger.end) for e in evs]
        for e, (ts, te) in zip(evs, triggers, strict=True):
            scored = [q for q in item.predicates if q.cls and ts < q.end and q.start < te]
            if not scored:
                s.unpaired += 1
                continue
            best = max(scored, key=lambda q: (min(te, q.end) - max(ts, q.start), -q.start))
            s.pairs.append((best.cls, e.status))
        for q in item.predicates:
            if q.cls:
                s.gold[q.cls] += 1
                s.covered[q.cls] += any(ts < q.end and q.start < te for ts, te in triggers)
    return s


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render_factuality(s: FactualityScores, path: str) -> str:
    """The status section of the text report."""
    per = s.per_class()
    lines = [
        f"Status (factuality gold {path}: {s.sentences} sentences, {s.events} events, "
        f"{len(s.pairs)} on a scored gold predicate)",
        f"  accuracy {_fmt(s.accuracy)}   negated F1 {_fmt(per['negated']['f1'])}   "
        f"non-asserted gold covered by a trigger {_fmt(s.coverage_nonasserted)}",
        "  gold class     pairs  precision  recall      F1",
    ]
    for cls in CLASSES:
        m = per[cls]
        figures = f"{_fmt(m['precision']):>9}  {_fmt(m['recall']):>6}  {_fmt(m['f1']):>6}"
        lines.append(f"  {cls:<13} {m['pairs']:>6}  {figures}")
    return "\n".join(lines)
