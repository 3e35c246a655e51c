"""Compare a run with an earlier one (``--baseline earlier.json``): what changed, sentence by sentence.

On a few hundred gold sentences the bootstrap interval of F1 is several points wide, so two
unrelated runs can differ by chance. Two runs of the *same* sentences can be compared much more
sharply by pairing them: which sentences a change fixed and which it broke. The baseline is the
``--json`` output of an earlier ``dotterel evaluate`` run on the same gold file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from .score import EvalScores, NegativeScores

__all__ = ["Comparison", "compare_with_baseline", "read_baseline"]


@dataclass(slots=True)
class Comparison:
    """Figures of the baseline next to this run's, and the sentences that flipped."""

    path: str
    f1_before: float | None
    f1_after: float | None
    precision_before: float | None
    precision_after: float | None
    recall_before: float | None
    recall_after: float | None
    no_event_before: float | None = None
    no_event_after: float | None = None
    fixed: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    unmatched: int = 0

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "file": self.path,
            "f1": {"before": r(self.f1_before), "after": r(self.f1_after)},
            "precision": {"before": r(self.precision_before), "after": r(self.precision_after)},
            "recall": {"before": r(self.recall_before), "after": r(self.recall_after)},
            "no_event_rate": {"before": r(self.no_event_before), "after": r(self.no_event_after)},
            "fixed": list(self.fixed),
            "broken": list(self.broken),
            "unmatched": self.unmatched,
        }


def read_baseline(path: str | Path) -> dict[str, Any]:
    """Load an earlier ``--json`` output; a file that is not one is an :class:`EvaluationError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise EvaluationError("baseline file not found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read baseline file: {exc}", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise EvaluationError(
            f"not valid JSON ({exc.msg}): pass the output of `dotterel evaluate --json`", path=str(path)
        ) from None
    ok = (
        isinstance(data, dict)
        and isinstance(data.get("results"), list)
        and isinstance(data.get("event_type"), dict)
    )
    if not ok or not all(isinstance(r, dict) and "id" in r and "correct" in r for r in data["results"]):
        raise EvaluationError("not the output of `dotterel evaluate --json`", path=str(path))
    return data


def compare_with_baseline(
    baseline: dict[str, Any], path: str, scores: EvalScores, negatives: NegativeScores | None = None
) -> Comparison:
    """Pair this run's sentences with the baseline's by id; list the ones that changed verdict."""
    before = {str(r["id"]): bool(r["correct"]) for r in baseline["results"]}
    fixed, broken, unmatched = [], [], 0
    for sent in scores.sentences:
        if sent.id not in before:
            unmatched += 1
            continue
        if sent.correct and not before[sent.id]:
            fixed.append(sent.id)
        elif before[sent.id] and not sent.correct:
            broken.append(sent.id)
    et = baseline["event_type"]
    neg = baseline.get("no_event") or {}
    return Comparison(
        path=path,
        f1_before=et.get("f1"),
        f1_after=scores.f1,
        precision_before=et.get("precision"),
        precision_after=scores.precision,
        recall_before=et.get("recall"),
        recall_after=scores.recall,
        no_event_before=neg.get("events_per_sentence"),
        no_event_after=negatives.events_per_sentence if negatives else None,
        fixed=fixed,
        broken=broken,
        unmatched=unmatched,
    )
