"""``dotterel evaluate --attribution FILE``: attribution sources against reported-speech gold (issue #12).

The gold is JSONL, one article a line: ``{"id", "text", "published", "relations": [{"source":
[[start, end], ...], "cue": [...], "content": [...]}, ...]}`` (the devsuite's ``attr-dev`` format,
PolNeAR-style: who said it, the reporting words, what was said).

An event's anchor is its trigger. Precision: over events that carry an attribution, the share whose
attribution span overlaps the source of a gold relation whose content overlaps the anchor (an
attribution on an event outside every gold content is wrong). Recall: over gold relations with a
source whose content holds the anchor of some event, the share where one of those events'
attributions overlaps the relation's source. Overlap matching is lenient, and PolNeAR annotates all
reported speech, not only events: compare runs rather than reading the absolutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..reading import parse_date
from ..records import Event
from .jsonl_gold import read_jsonl_gold

__all__ = [
    "AttributionItem",
    "AttributionScores",
    "read_attribution_gold",
    "render_attribution",
    "score_attribution",
    "Relation",
    "Spans",
]

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Relation:
    source: Spans
    cue: Spans
    content: Spans


@dataclass(frozen=True, slots=True)
class AttributionItem:
    id: str
    text: str
    published: date | None
    relations: tuple[Relation, ...]


def _spans(value: Any, size: int) -> Spans:
    out = tuple((int(s), int(e)) for s, e in value or [])
    if any(not 0 <= s < e <= size for s, e in out):
        raise ValueError("a span falls outside the text")
    return out


def read_attribution_gold(path: str | Path) -> list[AttributionItem]:
    """Read an attribution gold file; a malformed line is an error naming the file and line."""
    return read_jsonl_gold(path, "attribution", _attribution_item)


def _attribution_item(row: dict[str, Any]) -> AttributionItem:
    text = row["text"]
    rels = tuple(
        Relation(_spans(r.get("source"), len(text)), _spans(r.get("cue"), len(text)),
                 _spans(r.get("content"), len(text)))
        for r in row["relations"]
    )  # fmt: skip
    published = parse_date(row["published"]) if row.get("published") else None
    return AttributionItem(str(row["id"]), text, published, rels)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(slots=True)
class AttributionScores:
    articles: int = 0
    events: int = 0
    attributed: int = 0
    correct: int = 0
    recall_den: int = 0
    recall_num: int = 0
    in_content: int = 0
    attributed_in_content: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.attributed if self.attributed else None

    @property
    def recall(self) -> float | None:
        return self.recall_num / self.recall_den if self.recall_den else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles, "events": self.events, "attributed": self.attributed,
            "precision": self.precision, "recall": self.recall, "recall_den": self.recall_den,
            "events_in_content": self.in_content, "attributed_in_content": self.attributed_in_content,
        }  # fmt: skip


def score_attribution(
    items: Sequence[AttributionItem], events: Sequence[Sequence[Event]]
) -> AttributionScores:
    """Score each item's events (``events`` in the order of ``items``)."""
    s = AttributionScores(articles=len(items))
    for item, evs in zip(items, events, strict=True):
        s.events += len(evs)
        anchors = [(e.trigger.start, e.trigger.end) for e in evs]
        for e, anchor in zip(evs, anchors, strict=True):
            inside = [r for r in item.relations if any(_overlaps(anchor, c) for c in r.content)]
            s.in_content += bool(inside)
            if e.attribution is None:
                continue
            s.attributed += 1
            s.attributed_in_content += bool(inside)
            span = (e.attribution.start, e.attribution.end)
            s.correct += any(_overlaps(span, src) for r in inside for src in r.source)
        for r in item.relations:
            if not r.source:
                continue
            hits = [e for e, a in zip(evs, anchors, strict=True) if any(_overlaps(a, c) for c in r.content)]
            if hits:
                s.recall_den += 1
                s.recall_num += any(
                    e.attribution is not None
                    and any(_overlaps((e.attribution.start, e.attribution.end), src) for src in r.source)
                    for e in hits
                )
    return s


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render_attribution(s: AttributionScores, path: str) -> str:
    """The attribution section of the text report."""
    return "\n".join([
        f"Attribution (reported-speech gold {path}: {s.articles} articles, {s.events} events, "
        f"{s.in_content} inside a gold content span)",
        f"  source precision {_fmt(s.precision)} ({s.correct}/{s.attributed})   "
        f"recall {_fmt(s.recall)} ({s.recall_num}/{s.recall_den})",
    ])  # fmt: skip
