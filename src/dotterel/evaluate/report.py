"""Render an :class:`~dotterel.evaluate.run.Evaluation` as a text report or one JSON object.

The text report is for reading in a terminal; the JSON object (``--json``) carries every figure
and every sentence's result, for scripts that track scores over time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ..records import PLOVER_EVENT_TYPES
from .compare import Comparison
from .run import Evaluation
from .score import NONE, EvalScores, MatchScore, NegativeScores, SentenceResult
from .sweep import bootstrap_f1, confidence_sweep

__all__ = ["NO_EVENT_TARGET", "render_text", "to_json"]

#: The issue's target: at most one event in ten sentences that report no event.
NO_EVENT_TARGET = 0.10


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _misses(s: EvalScores) -> str:
    none = sum(x.fn for x in s.sentences if not x.predicted)
    other = sum(x.fn for x in s.sentences if x.predicted)
    return f"{none} with nothing predicted, {other} with something else predicted"


def _records(s: EvalScores) -> int:
    return sum(x.records for x in s.sentences)


def _speed(n: int, seconds: float) -> str:
    return f"{n / seconds:.0f} sentences/s" if seconds > 0 else "- sentences/s"


def _abbrev(category: str) -> str:
    return category if category in (NONE, "AID") else category[:4]


def _match_line(label: str, m: MatchScore) -> str:
    return (
        f"  {label:<20} accuracy {_f(m.accuracy)} ({m.matched}/{m.covered})   "
        f"coverage {_f(m.coverage)} ({m.covered}/{m.total})   overall {_f(m.overall)}"
    )


def _confusion(s: EvalScores) -> list[str]:
    used = set(s.confusion)
    for row in s.confusion.values():
        used.update(row)
    cols = [c for c in PLOVER_EVENT_TYPES if c in used] + ([NONE] if NONE in used else [])
    rows = [c for c in PLOVER_EVENT_TYPES if c in s.confusion]
    out = ["Confusion (rows: gold; columns: predicted categories per sentence; NONE: nothing predicted)"]
    out.append(f"  {'gold':<10}{'n':>4} " + "".join(f"{_abbrev(c):>5}" for c in cols))
    n_by_gold = {c: 0 for c in rows}
    for sent in s.sentences:
        for g in sent.gold:
            n_by_gold[g] += 1
    for g in rows:
        cells = "".join(f"{(s.confusion[g].get(c, 0) or '.')!s:>5}" for c in cols)
        out.append(f"  {g:<10}{n_by_gold[g]:>4} {cells}")
    return out


def _ci(interval: tuple[float, float] | None) -> str:
    return f"  (95% CI {interval[0]:.3f}-{interval[1]:.3f}, bootstrap)" if interval else ""


def _status_line(s: EvalScores) -> str:
    parts = [f"{k} {a}/{a + b}" for k, (a, b) in s.by_status.items()]
    return "Predicted events by status (of the gold category / all): " + (", ".join(parts) or "none")


def _sweep(ev: Evaluation) -> list[str]:
    out = ["Confidence threshold (keep events with confidence >= t)"]
    out.append(f"  {'t':>5}{'prec':>8}{'recall':>8}{'F1':>8}{'no-event':>10}")
    for row in confidence_sweep(ev.scores, ev.negatives):
        out.append(
            f"  {row.threshold:>5.2f}{_f(row.precision):>8}{_f(row.recall):>8}{_f(row.f1):>8}"
            f"{_f(row.no_event_rate):>10}"
        )
    return out


def _delta(label: str, before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return f"{label} {_f(before)} -> {_f(after)}"
    change = round(after - before, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{label} {before:.3f} -> {after:.3f} ({change:+.3f})"


def _comparison(c: Comparison, show: int) -> list[str]:
    out = [
        f"Compared with {c.path}:",
        "  "
        + ",  ".join(
            [
                _delta("F1", c.f1_before, c.f1_after),
                _delta("precision", c.precision_before, c.precision_after),
                _delta("recall", c.recall_before, c.recall_after),
            ]
        ),
    ]
    if c.no_event_before is not None or c.no_event_after is not None:
        out.append("  " + _delta("no-event events per sentence", c.no_event_before, c.no_event_after))
    out.append(
        f"  sentences fixed {len(c.fixed)}, broken {len(c.broken)}"
        + (f" ({c.unmatched} not in the baseline)" if c.unmatched else "")
    )
    if show > 0:
        if c.fixed:
            out.append("  fixed: " + ", ".join(c.fixed[:show]) + (" ..." if len(c.fixed) > show else ""))
        if c.broken:
            out.append("  broken: " + ", ".join(c.broken[:show]) + (" ..." if len(c.broken) > show else ""))
    return out


def _per_category(s: EvalScores) -> list[str]:
    out = [
        "Per category",
        f"  {'category':<10}{'gold':>5}{'TP':>5}{'FP':>5}{'FN':>5}{'prec':>8}{'recall':>8}{'F1':>8}",
    ]
    for c in s.per_category:
        out.append(
            f"  {c.category:<10}{c.support:>5}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
            f"{_f(c.precision):>8}{_f(c.recall):>8}{_f(c.f1):>8}"
        )
    return out


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _event_lines(x: SentenceResult, only_gold: bool = False) -> list[str]:
    out = []
    for e in x.events:
        if only_gold and e.event_type not in x.gold:
            continue
        etype = f"{e.event_type}:{e.mode}" if e.mode else e.event_type
        who = f"  {'; '.join(e.actors) or '-'} -> {'; '.join(e.recipients) or '-'}"
        out.append(f"      · {etype} '{e.trigger}' ({e.status}){who}")
    return out


def _involves(x: SentenceResult, only: Sequence[str]) -> bool:
    return not only or bool(set(only) & (set(x.gold) | set(x.predicted)))


def _wrong(sentences: Sequence[SentenceResult], show: int, only: Sequence[str] = ()) -> list[str]:
    wrong = [x for x in sentences if not x.correct and _involves(x, only)]
    if show <= 0 or not wrong:
        return []
    scope = f" involving {', '.join(only)}" if only else ""
    out = [
        f"Sentences with a wrong category set{scope} ({min(show, len(wrong))} of {len(wrong)};"
        " --show N for more)"
    ]
    for x in wrong[:show]:
        gold = ",".join(f"{g}:{x.gold_modes[g]}" if g in x.gold_modes else g for g in x.gold)
        out.append(f"  {x.id}  gold {gold}  predicted {','.join(x.predicted) or NONE}")
        out.append(f"      {_short(x.text)}")
        out += _event_lines(x)
    return out


def _country_misses(sentences: Sequence[SentenceResult], show: int, only: Sequence[str] = ()) -> list[str]:
    missed = [x for x in sentences if x.country_missed and _involves(x, only)]
    if show <= 0 or not missed:
        return []
    out = [
        f"Right category, some actor or recipient country missed ({min(show, len(missed))} of {len(missed)})"
    ]
    for x in missed[:show]:
        counts = ", ".join(
            f"{k.split('_')[0]} {m}/{n}" for k, (m, n) in x.matches.items() if k.endswith("_country")
        )
        src = ", ".join(x.gold_actors["source"]) or "-"
        tgt = ", ".join(x.gold_actors["target"]) or "-"
        out.append(f"  {x.id}  {'/'.join(x.gold)}  matched {counts}   gold {src} -> {tgt}")
        out.append(f"      {_short(x.text)}")
        out += _event_lines(x, only_gold=True)
    return out


def _negatives(ev: Evaluation, n: NegativeScores, show: int) -> list[str]:
    rate = n.events_per_sentence
    verdict = (
        ""
        if rate is None
        else ("  (target <= 0.10: met)" if rate <= NO_EVENT_TARGET else "  (target <= 0.10: NOT met)")
    )
    out = [
        f"No-event sentences: {ev.negatives_path}",
        f"  {n.sentences} sentences, {n.events} events: {_f(rate)} events per sentence{verdict}",
        f"  sentences with any event: {n.sentences_with_events} ({_f(n.sentence_rate)})",
    ]
    if n.by_category:
        out.append("  by category: " + ", ".join(f"{c} {k}" for c, k in n.by_category.items()))
    if show > 0 and n.flagged:
        out.append(f"  sentences that produced events ({min(show, len(n.flagged))} of {len(n.flagged)}):")
        for x in n.flagged[:show]:
            pairs = ", ".join(f"{c} '{t}'" for c, t in zip(x.predicted, x.triggers, strict=True))
            out.append(f"  {x.id}  {pairs}")
            out.append(f"      {_short(x.text)}")
    return out


def _rules_alone(ev: Evaluation) -> list[str]:
    """The same run's rules-alone figures, when the event classifier is in the pipeline."""
    r = ev.rules_scores
    if r is None:
        return []
    line = (
        f"Rules alone (event classifier off, same run): precision {_f(r.precision)}  recall {_f(r.recall)}"
        f"  F1 {_f(r.f1)}   rules + model: F1 {_f(ev.scores.f1)}"
    )
    if ev.rules_negatives is not None and ev.negatives is not None:
        line += (
            f"; no-event rate {_f(ev.rules_negatives.events_per_sentence)} → "
            f"{_f(ev.negatives.events_per_sentence)}"
        )
    out = [line]
    # the actors of the rules' own events: the figure that does not move with the classifier's
    # in-sample events (issue #11)
    out.append(
        f"  rules alone: actor country {_f(r.actor_country.accuracy)} ({r.actor_country.matched}/"
        f"{r.actor_country.covered})   recipient country {_f(r.recipient_country.accuracy)} "
        f"({r.recipient_country.matched}/{r.recipient_country.covered})   actor sector "
        f"{_f(r.actor_sector.accuracy)}   recipient sector {_f(r.recipient_sector.accuracy)}"
    )
    if ev.trained_share is not None and ev.trained_share >= 0.05:
        out.append(
            f"Warning: {ev.trained_share:.0%} of these sentences were in the event classifier's training"
            " data,"
            " so the rules + model figures above are in-sample, not a measure of new text; see the"
            " cross-validated figures in docs/event-classifier.md (the rules-alone line is unaffected)."
        )
    return out


def render_text(ev: Evaluation, *, show: int = 20, only: Sequence[str] = ()) -> str:
    """The human-readable report."""
    s = ev.scores
    lines = [
        f"Gold: {ev.gold_path} ({len(s.sentences)} sentences from {_records(s)} records, one article each;"
        f" coded in {ev.seconds:.1f} s, {_speed(len(s.sentences), ev.seconds)})",
        "",
        f"Event type (per sentence): precision {_f(s.precision)}  recall {_f(s.recall)}  F1 {_f(s.f1)}"
        f"{_ci(bootstrap_f1(s))}",
        f"  TP {s.tp}  FP {s.fp}  FN {s.fn}   sentences exactly right {s.exact}/{len(s.sentences)}"
        f"   events per sentence {_f(s.events_per_sentence)}",
        f"  misses: {_misses(s)}",
        f"Quad class (per sentence): precision {_f(s.quad_precision)}  recall {_f(s.quad_recall)}"
        f"  F1 {_f(s.quad_f1)}",
        f"Mode accuracy (gold has a mode, category found): {_f(s.mode_accuracy)}"
        f" ({s.mode_correct}/{s.mode_total})",
        "Actors (gold actors of gold events whose category was predicted):",
        _match_line("actor country", s.actor_country),
        _match_line("recipient country", s.recipient_country),
        _match_line("actor sector", s.actor_sector),
        _match_line("recipient sector", s.recipient_sector),
        _status_line(s),
        *_rules_alone(ev),
        "",
        *_sweep(ev),
        "",
        *_per_category(s),
        "",
        *_confusion(s),
    ]
    if ev.negatives is not None:
        lines += ["", *_negatives(ev, ev.negatives, show)]
    if ev.comparison is not None:
        lines += ["", *_comparison(ev.comparison, show)]
    for section in (_wrong(s.sentences, show, only), _country_misses(s.sentences, show, only)):
        if section:
            lines += ["", *section]
    return "\n".join(lines)


def _match_json(m: MatchScore) -> dict[str, Any]:
    return {
        "accuracy": _r(m.accuracy),
        "coverage": _r(m.coverage),
        "overall": _r(m.overall),
        "matched": m.matched,
        "covered": m.covered,
        "total": m.total,
    }


def to_json(ev: Evaluation) -> dict[str, Any]:
    """Every figure and every sentence's result as one JSON-ready object."""
    s = ev.scores
    out: dict[str, Any] = {
        "gold": ev.gold_path,
        "sentences": len(s.sentences),
        "records": _records(s),
        "seconds": round(ev.seconds, 3),
        "trained_share": None if ev.trained_share is None else _r(ev.trained_share),
        "rules_alone": None
        if ev.rules_scores is None
        else {
            "precision": _r(ev.rules_scores.precision),
            "recall": _r(ev.rules_scores.recall),
            "f1": _r(ev.rules_scores.f1),
            "no_event_rate": _r(ev.rules_negatives.events_per_sentence) if ev.rules_negatives else None,
            "actor_country": _match_json(ev.rules_scores.actor_country),
            "recipient_country": _match_json(ev.rules_scores.recipient_country),
            "actor_sector": _match_json(ev.rules_scores.actor_sector),
            "recipient_sector": _match_json(ev.rules_scores.recipient_sector),
        },
        "event_type": {
            "precision": _r(s.precision),
            "recall": _r(s.recall),
            "f1": _r(s.f1),
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "exact_sentences": s.exact,
            "events_per_sentence": _r(s.events_per_sentence),
            "f1_ci95": [_r(x) for x in ci] if (ci := bootstrap_f1(s)) else None,
        },
        "by_status": {k: {"gold_category": a, "other": b} for k, (a, b) in s.by_status.items()},
        "confidence_sweep": [
            {
                "threshold": row.threshold,
                "precision": _r(row.precision),
                "recall": _r(row.recall),
                "f1": _r(row.f1),
                "no_event_rate": _r(row.no_event_rate),
            }
            for row in confidence_sweep(s, ev.negatives)
        ],
        "quad_class": {"precision": _r(s.quad_precision), "recall": _r(s.quad_recall), "f1": _r(s.quad_f1)},
        "per_category": {
            c.category: {
                "support": c.support,
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": _r(c.precision),
                "recall": _r(c.recall),
                "f1": _r(c.f1),
            }
            for c in s.per_category
        },
        "confusion": {g: dict(sorted(row.items())) for g, row in s.confusion.items()},
        "mode": {"accuracy": _r(s.mode_accuracy), "correct": s.mode_correct, "total": s.mode_total},
        "actor_country": _match_json(s.actor_country),
        "recipient_country": _match_json(s.recipient_country),
        "actor_sector": _match_json(s.actor_sector),
        "recipient_sector": _match_json(s.recipient_sector),
        "results": [
            {
                "id": x.id,
                "text": x.text,
                "gold": x.gold,
                "gold_modes": x.gold_modes,
                "gold_actors": x.gold_actors,
                "predicted": x.predicted,
                "events": [asdict(e) for e in x.events],
                "correct": x.correct,
                "tp": x.tp,
                "fp": x.fp,
                "fn": x.fn,
                "mode_correct": x.mode_correct,
                "matches": {k: {"matched": a, "scored": b} for k, (a, b) in x.matches.items()},
            }
            for x in s.sentences
        ],
        "no_event": None,
        "baseline": ev.comparison.to_dict() if ev.comparison else None,
    }
    n = ev.negatives
    if n is not None:
        out["no_event"] = {
            "file": ev.negatives_path,
            "sentences": n.sentences,
            "events": n.events,
            "events_per_sentence": _r(n.events_per_sentence),
            "sentences_with_events": n.sentences_with_events,
            "sentence_rate": _r(n.sentence_rate),
            "target": NO_EVENT_TARGET,
            "by_category": n.by_category,
            "flagged": [
                {
                    "id": x.id,
                    "text": x.text,
                    "predicted": x.predicted,
                    "triggers": x.triggers,
                    "events": [asdict(e) for e in x.events],
                }
                for x in n.flagged
            ],
        }
    return out
