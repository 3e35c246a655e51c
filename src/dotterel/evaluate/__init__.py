"""``dotterel evaluate``: score extraction against gold event data (DESIGN.md §4, issue #3).

Library first: :func:`read_gold` reads a PLOVER GSR file, :func:`evaluate` codes it with a
:class:`~dotterel.pipeline.Pipeline`, :func:`score_gold` is the pure scorer, and
:func:`render_text` / :func:`to_json` print the result. ``docs/evaluate.md`` defines every figure.
"""

from __future__ import annotations

from .compare import Comparison, compare_with_baseline, read_baseline
from .gold import GoldActor, GoldRecord, GoldSentence, group_sentences, read_gold
from .negatives import NegativeRecord, read_negatives, shipped_negatives_path
from .report import render_text, to_json
from .run import Evaluation, evaluate
from .score import EvalScores, NegativeScores, score_gold, score_negatives

__all__ = [
    "Comparison",
    "EvalScores",
    "Evaluation",
    "GoldActor",
    "GoldRecord",
    "GoldSentence",
    "NegativeRecord",
    "NegativeScores",
    "compare_with_baseline",
    "evaluate",
    "group_sentences",
    "read_baseline",
    "read_gold",
    "read_negatives",
    "render_text",
    "score_gold",
    "score_negatives",
    "shipped_negatives_path",
    "to_json",
]
