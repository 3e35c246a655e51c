"""Sentences that report no event: the shipped set and users' own files.

The PLOVER gold set holds only event sentences, so it cannot show over-generation — a coder that
finds an "attack" in a weather report or a "meeting" in a match preview. The shipped set
(``data/eval/no_event_sentences.jsonl``, written for dotterel, see ``docs/evaluate.md``) fills
that gap. A negatives file is JSONL with ``id`` and ``text`` (and optional ``topic``) per line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import EvaluationError

__all__ = [
    "NegativeRecord",
    "read_negatives",
    "shipped_negatives_path",
    "SHIPPED_NEGATIVES",
]

SHIPPED_NEGATIVES = "no_event_sentences.jsonl"


@dataclass(frozen=True, slots=True)
class NegativeRecord:
    """One sentence that reports no political event."""

    id: str
    text: str
    topic: str | None = None


def shipped_negatives_path() -> Path:
    """The negatives set that ships inside the package."""
    return Path(str(resources.files("dotterel") / "data" / "eval" / SHIPPED_NEGATIVES))


def read_negatives(path: str | Path) -> list[NegativeRecord]:
    """Read a negatives JSONL file; a bad line is an :class:`EvaluationError` naming it."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise EvaluationError("negatives file not found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read negatives file: {exc}", path=str(path)) from None
    records: list[NegativeRecord] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                f"not valid JSON ({exc.msg}): one object with id and text per line",
                path=str(path),
                line=lineno,
            ) from None
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
            raise EvaluationError("each line needs a non-empty 'text' string", path=str(path), line=lineno)
        rid = str(raw.get("id") or f"line-{lineno}")
        if rid in seen:
            raise EvaluationError(f"duplicate id {rid!r}", path=str(path), line=lineno)
        seen.add(rid)
        topic = raw.get("topic")
        records.append(NegativeRecord(id=rid, text=raw["text"], topic=str(topic) if topic else None))
    if not records:
        raise EvaluationError("negatives file has no sentences", path=str(path))
    return records
