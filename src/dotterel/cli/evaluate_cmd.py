"""``dotterel evaluate GOLD``: score the pipeline against a gold file (DESIGN.md §4)."""

from __future__ import annotations

import json
from typing import Any

import click

from ..evaluate import (
    compare_with_baseline,
    read_baseline,
    read_gold,
    read_negatives,
    render_text,
    shipped_negatives_path,
    to_json,
)
from ..evaluate import evaluate as run_evaluation
from ..evaluate.attribution_gold import read_attribution_gold, render_attribution, score_attribution
from ..evaluate.factuality import read_factuality, render_factuality, score_factuality
from ..evaluate.run import code_articles
from ..pipeline import Pipeline, PipelineConfig
from ..records import PLOVER_EVENT_TYPES, Article

__all__ = ["evaluate"]


@click.command()
@click.argument("gold", type=click.Path(dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every figure and sentence.")
@click.option(
    "--show", default=20, show_default=True, type=click.IntRange(min=0),
    help="How many wrong sentences (and no-event sentences with events) to list; 0 lists none.",
)  # fmt: skip
@click.option(
    "--only", "only", multiple=True, type=click.Choice(PLOVER_EVENT_TYPES, case_sensitive=False),
    help="List only sentences whose gold or predicted categories include CATEGORY (repeatable).",
)  # fmt: skip
@click.option(
    "--negatives", "negatives_path", type=click.Path(dir_okay=False), default=None,
    help="Your own no-event sentences (JSONL: id, text) instead of the shipped set.",
)  # fmt: skip
@click.option("--no-negatives", is_flag=True, help="Skip the no-event sentences.")
@click.option(
    "--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
    help="An earlier `--json` output on the same gold: show the change and the sentences fixed/broken.",
)  # fmt: skip
@click.option(
    "--kb", "kb_path", type=click.Path(dir_okay=False), default=None,
    help="Your own knowledge-base file (JSONL), layered over the shipped one.",
)  # fmt: skip
@click.option(
    "--status", "status_path", type=click.Path(dir_okay=False), default=None,
    help="Also score event status against factuality gold (JSONL: id, text, predicates [start, end, value]).",
)  # fmt: skip
@click.option(
    "--attribution", "attribution_path", type=click.Path(dir_okay=False), default=None,
    help="Also score attribution sources against reported-speech gold (JSONL: id, text, relations).",
)  # fmt: skip
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal)."
)
def evaluate(
    gold: str,
    as_json: bool,
    show: int,
    only: tuple[str, ...],
    negatives_path: str | None,
    no_negatives: bool,
    baseline_path: str | None,
    kb_path: str | None,
    status_path: str | None,
    attribution_path: str | None,
    progress: bool | None,
) -> None:
    """Score extraction against GOLD, a PLOVER GSR JSON file or JSONL with the same fields.

    Prints event-type precision, recall and F1 per sentence, a per-category table, a confusion
    table, mode accuracy, actor/recipient country and sector accuracy, the no-event rate on
    sentences that report no event, and the sentences it got wrong. With --status and
    --attribution the same report also scores status and attribution sources. See docs/evaluate.md.
    """
    if no_negatives and negatives_path:
        raise click.UsageError("--negatives and --no-negatives exclude each other")
    records = read_gold(gold, warn=lambda line: click.echo(f"Warning: {line}", err=True))
    status_gold = read_factuality(status_path) if status_path else None
    attribution_gold = read_attribution_gold(attribution_path) if attribution_path else None
    baseline = read_baseline(baseline_path) if baseline_path else None
    negatives = None
    neg_label = None
    if not no_negatives:
        path = negatives_path or str(shipped_negatives_path())
        negatives = read_negatives(path)
        neg_label = negatives_path or "shipped set (dotterel/data/eval/no_event_sentences.jsonl)"
    pipeline = Pipeline(PipelineConfig(kb_path=kb_path))
    result = run_evaluation(
        pipeline, records, gold_path=gold, negatives=negatives, negatives_path=neg_label, progress=progress
    )
    if baseline is not None and baseline_path is not None:
        result.comparison = compare_with_baseline(baseline, baseline_path, result.scores, result.negatives)
    extra: dict[str, Any] = {}
    sections: list[str] = []
    if status_gold is not None and status_path is not None:
        arts = [Article(id=i.id, text=i.text, published=i.published, origin=status_path) for i in status_gold]
        st = score_factuality(status_gold, code_articles(pipeline, arts, progress=progress, desc="status"))
        extra["status"] = {"gold": status_path, **st.to_dict()}
        sections.append(render_factuality(st, status_path))
    if attribution_gold is not None and attribution_path is not None:
        arts = [
            Article(id=i.id, text=i.text, published=i.published, origin=attribution_path)
            for i in attribution_gold
        ]
        at = score_attribution(
            attribution_gold, code_articles(pipeline, arts, progress=progress, desc="attribution")
        )
        extra["attribution"] = {"gold": attribution_path, **at.to_dict()}
        sections.append(render_attribution(at, attribution_path))
    if as_json:
        click.echo(json.dumps({**to_json(result), **extra}, ensure_ascii=False))
    else:
        report = render_text(result, show=show, only=[c.upper() for c in only])
        click.echo("\n\n".join([report, *sections]) if sections else report)
