"""Run the real pipeline over gold and no-event sentences, then score them.

Each gold record is coded as an article of its own (the gold ``date`` as publication date), so a
sentence's events can only come from that sentence. Coding goes through :meth:`Pipeline.pipe` in
batches — the same path ``dotterel extract`` takes — so the figures describe what users get.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from tqdm import tqdm

from ..extract.classifier.trained_on import trained_share
from ..pipeline import Pipeline
from ..records import Article, Event
from .compare import Comparison
from .gold import GoldRecord, group_sentences
from .negatives import NegativeRecord
from .score import EvalScores, NegativeScores, score_gold, score_negatives

__all__ = [
    "Evaluation",
    "code_articles",
    "evaluate",
    "CLASSIFIER",
]

#: The learned component whose contribution ``evaluate`` reports beside the rules alone.
CLASSIFIER = "dotterel_event_classifier"


@dataclass(slots=True)
class Evaluation:
    """The result of one ``dotterel evaluate`` run."""

    gold_path: str
    scores: EvalScores
    negatives: NegativeScores | None = None
    negatives_path: str | None = None
    #: Wall-clock seconds spent coding the gold sentences (model already loaded).
    seconds: float = 0.0
    #: Set by ``--baseline``: this run next to an earlier one.
    comparison: Comparison | None = None
    #: The same gold (and negatives) coded by the rules alone, when the event classifier is in the
    #: pipeline: the model's contribution, measured in the same run.
    rules_scores: EvalScores | None = None
    rules_negatives: NegativeScores | None = None
    #: Share of the gold sentences the shipped event model was trained on (``None``: no model or no
    #: list). Near 1 for the PLOVER GSR: the rules + model figures are then in-sample.
    trained_share: float | None = None


def code_articles(
    pipeline: Pipeline, articles: Sequence[Article], *, progress: bool | None = None, desc: str = "coding"
) -> list[list[Event]]:
    """Events for each article, in input order, with a progress bar on stderr."""
    out: list[list[Event]] = []
    with tqdm(
        total=len(articles), desc=desc, unit=" sent", disable=(not progress) if progress is not None else None
    ) as bar:
        for _article, events in pipeline.pipe(articles, batch_size=64):
            out.append(events)
            bar.update(1)
    return out


def evaluate(
    pipeline: Pipeline,
    gold: Sequence[GoldRecord],
    *,
    gold_path: str = "",
    negatives: Sequence[NegativeRecord] | None = None,
    negatives_path: str | None = None,
    progress: bool | None = None,
) -> Evaluation:
    """Code every gold (and negative) sentence with ``pipeline`` and score the results."""
    sentences = group_sentences(gold)
    articles = [Article(id=g.id, text=g.text, published=g.published, origin=gold_path) for g in sentences]
    started = time.perf_counter()
    predictions = code_articles(pipeline, articles, progress=progress, desc="gold")
    seconds = time.perf_counter() - started
    scores = score_gold(sentences, predictions)
    neg_scores = None
    if negatives:
        neg_articles = [Article(id=n.id, text=n.text, origin=negatives_path) for n in negatives]
        preds = code_articles(pipeline, neg_articles, progress=progress, desc="no-event")
        neg_scores = score_negatives([(n.id, n.text) for n in negatives], preds)
    result = Evaluation(
        gold_path=gold_path,
        scores=scores,
        negatives=neg_scores,
        negatives_path=negatives_path,
        seconds=seconds,
    )
    if CLASSIFIER in pipeline.nlp.pipe_names:
        with pipeline.nlp.select_pipes(disable=[CLASSIFIER]):
            rules = code_articles(pipeline, articles, progress=progress, desc="gold, rules alone")
            result.rules_scores = score_gold(sentences, rules)
            result.trained_share = trained_share(g.text for g in sentences)
            if negatives:
                preds = code_articles(pipeline, neg_articles, progress=progress, desc="no-event, rules alone")
                result.rules_negatives = score_negatives([(n.id, n.text) for n in negatives], preds)
    return result
