"""Train the event classifier shipped as ``src/dotterel/data/models/event_classifier.npz``.

    .venv/bin/python scripts/train_event_classifier.py [--shared ../shared] [--out PATH] [--report FILE]

Data (licence-clean only; the devsuite sets are never read):
- ``../shared/data/ngec/synthetic_events_2023-10-19.csv`` (MIT, Andy Halterman): synthetic news
  stories with a document-level PLOVER category and mode; the lead sentence is used.
- ``../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json`` (CC BY-SA 4.0, Open Event Data Alliance):
  its figure is reported under 5-fold cross-validation (grouped by sentence).
- ``data/training/insightcrime_labels.jsonl``: sentences of ``../shared/data/corpora/
  insightcrime-train.tsv`` labelled by hand for dotterel (mostly "no event": analysis, background,
  statements). Only offsets and labels are kept in the repository; the text is rebuilt here from
  ../shared and each sentence checked against its stored hash. Absent corpus → skipped.

Each sentence goes through dotterel's own rule frames (``dotterel_frames``); each frame becomes
one example whose label is the gold category when the frame matches a gold event, "NONE" when
the sentence reports no event (or, in the GSR, the frame's trigger is not the gold event's).
A sentence where the rules propose nothing gives one example on its main predicate. A
multinomial logistic regression (scikit-learn, fixed seed) learns the category head; a second
one learns ``CATEGORY:mode``. A temperature fitted on out-of-fold predictions calibrates the
probabilities. Deterministic: same data, same seed → same weights. About 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dotterel.evaluate.gold import EVENT_MAP, MODE_MAP  # noqa: E402
from dotterel.extract.classifier.component import (  # noqa: E402
    EventClassifier,
    frame_features,
    proposal_features,
)
from dotterel.extract.classifier.features import main_predicate  # noqa: E402
from dotterel.extract.classifier.model import NO_EVENT, EventModel  # noqa: E402
from dotterel.extract.classifier.trained_on import TRAINED_ON_FILE, text_key  # noqa: E402
from dotterel.extract.intentions import Intention, intention_of, recoded_category  # noqa: E402
from dotterel.pipeline import PipelineConfig, build_nlp  # noqa: E402
from dotterel.records import PLOVER_EVENT_TYPES, Governor  # noqa: E402

SEED = 13
#: The component's decision thresholds (its factory defaults), used for the cross-validated figures.
DECISION = {"veto_threshold": 0.75, "switch_margin": 0.6, "propose_threshold": 0.5}
FOLDS = 5
LABELS = (*PLOVER_EVENT_TYPES, NO_EVENT)
#: Synthetic-story modes spelled otherwise than PLOVER 2's codebook.
_SYNTH_MODES = {"primative": "primitive", "sieze": "seize"}


@dataclass
class Sample:
    """One labelled sentence: its gold events (empty = no event) and where it came from."""

    text: str
    gold: list[tuple[str, str | None, str]]  # (category, mode, gold trigger words)
    source: str
    group: str
    events: list[str] = field(default_factory=list)


@dataclass
class Example:
    features: list[str]
    label: str | None  # None: unknown, not trained on
    mode: str | None
    sample: int
    rule: str | None  # None for a proposal
    #: the intention cue on the frame ("intended", "refused") and its folds' kinds: the status
    #: stage recodes an intended or refused act (AGREE / THREATEN / REJECT), so scoring does too
    intention: str | None = None
    folds: tuple[str, ...] = ()

    def final(self, category: str) -> str:
        """The category the status stage gives a frame coded ``category`` (a proposal: unchanged)."""
        if self.rule is None or self.intention is None:
            return category
        govs = [Governor(0, "", fold) for fold in self.folds]
        return recoded_category(category, Intention(self.intention), govs) or category


def _first_sentence(text: str) -> str:
    para = text.strip().split("\n")[0].strip()
    m = re.search(r"(?<=[a-z0-9)\"”][.!?])\s+(?=[A-Z\"“])", para)
    return para[: m.start()] if m else para


def load_synthetic(shared: Path) -> list[Sample]:
    path = shared / "data" / "ngec" / "synthetic_events_2023-10-19.csv"
    if not path.exists():
        print(f"skip: {path} not found", file=sys.stderr)
        return []
    csv.field_size_limit(10**9)
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            text = _first_sentence(row["text"])
            if not 20 <= len(text) <= 400 or "{" in text:
                continue
            mode = row["mode"].strip().lower() or None
            mode = _SYNTH_MODES.get(mode, mode) if mode else None
            out.append(Sample(text, [(row["label"], mode, "")], "synthetic", f"syn-{i}"))
    return out


def load_gsr(shared: Path) -> list[Sample]:
    path = shared / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
    if not path.exists():
        print(f"skip: {path} not found", file=sys.stderr)
        return []
    by_text: dict[str, Sample] = {}
    for rec in json.loads(path.read_text("utf-8")):
        if not rec.get("text") or rec.get("event") in (None, "DOCUMENT"):
            continue
        event = rec["event"]
        event, mapped_mode = EVENT_MAP.get(event, (event, None))
        if event not in PLOVER_EVENT_TYPES:
            continue
        mode = (rec.get("mode") or "").strip() or mapped_mode
        mode = MODE_MAP.get(mode, mode) if mode else None
        sample = by_text.setdefault(
            rec["text"],
            Sample(rec["text"], [], "gsr", "gsr-" + hashlib.sha1(rec["text"].encode()).hexdigest()[:10]),
        )
        sample.gold.append((event, mode, rec.get("eventText") or ""))
    return list(by_text.values())


def load_insightcrime(shared: Path) -> list[Sample]:
    corpus = shared / "data" / "corpora" / "insightcrime-train.tsv"
    labels = ROOT / "data" / "training" / "insightcrime_labels.jsonl"
    if not corpus.exists():
        print(f"skip: {corpus} not found", file=sys.stderr)
        return []
    csv.field_size_limit(10**9)
    with corpus.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    out = []
    for line in labels.read_text("utf-8").splitlines():
        lab = json.loads(line)
        text = rows[lab["row"]][0][lab["start"] : lab["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != lab["sha1"]:
            raise SystemExit(
                f"insightcrime sentence at row {lab['row']} does not match its hash: corpus changed?"
            )
        gold = [] if lab["label"] == NO_EVENT else [(lab["label"], None, "")]
        out.append(Sample(text, gold, "insightcrime", f"ic-{lab['row']}-{lab['start']}"))
    return out


#: Sentences written for dotterel (MIT): statements that report no event, and one-event news
#: sentences for every PLOVER category (data/training/README.md).
WRITTEN_FILES = ("written_no_event.jsonl", "written_events.jsonl")


def load_written() -> list[Sample]:
    """Sentences written for dotterel, labelled with their one event or ``NONE``."""
    out = []
    for name in WRITTEN_FILES:
        path = ROOT / "data" / "training" / name
        for line in path.read_text("utf-8").splitlines():
            rec = json.loads(line)
            if rec["label"] != NO_EVENT and rec["label"] not in PLOVER_EVENT_TYPES:
                raise SystemExit(f"{path}: {rec['id']}: unknown label {rec['label']!r}")
            gold = [] if rec["label"] == NO_EVENT else [(rec["label"], rec.get("mode"), "")]
            out.append(Sample(rec["text"], gold, "written", rec["id"]))
    return out


def write_trained_on(samples: list[Sample], path: Path) -> None:
    """One short hash per training sentence, so ``dotterel evaluate`` can tell in-sample gold."""
    keys = sorted({text_key(s.text) for s in samples})
    header = "# sha1[:12] of each sentence the event model was trained on (train_event_classifier.py)\n"
    path.write_text(header + "\n".join(keys) + "\n", encoding="utf-8")
    print(f"trained-on list: {len(keys)} sentences → {path}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def build_examples(nlp, samples: list[Sample]) -> list[Example]:  # noqa: ANN001
    """Code every sample with the rule frames and label each frame (see the module docstring)."""
    examples: list[Example] = []
    docs = nlp.pipe((s.text for s in samples), batch_size=64)
    for idx, (sample, doc) in enumerate(zip(samples, docs, strict=True)):
        first = next(iter(doc.sents))
        frames = [
            f
            for f in (doc._.frames or [])
            if sample.source != "synthetic" or doc[f.trigger_token].sent == first
        ]
        gold_types = {g[0] for g in sample.gold}
        # the extractor codes the act ("will meet" → CONSULT); the status stage recodes intentions
        # and refusals (→ AGREE): a frame is right when its recoded category is gold, and its label
        # is then its own act category
        cues = {id(f): intention_of(doc[f.trigger_token], f.governors) for f in frames}
        finals = {
            id(f): recoded_category(f.event_type, cues[id(f)], f.governors) or f.event_type for f in frames
        }
        if not frames:
            sents = [first] if sample.source == "synthetic" else list(doc.sents)
            for sent in sents:
                pred = main_predicate(sent)
                label = sample.gold[0][0] if sample.gold else NO_EVENT
                mode = sample.gold[0][1] if sample.gold else None
                examples.append(Example(proposal_features(pred), label, mode, idx, None))
            continue
        matched = any(finals[id(f)] in gold_types for f in frames)
        best = max(frames, key=lambda f: f.confidence)
        for f in frames:
            label: str | None
            mode = None
            final = finals[id(f)]
            if not sample.gold:
                label = NO_EVENT
            elif final in gold_types:
                label = f.event_type
                if final == f.event_type:
                    mode = next(g[1] for g in sample.gold if g[0] == f.event_type)
            elif sample.source == "gsr":
                trig = _words(f.trigger.text) | {doc[f.trigger_token].lemma_.lower()}
                hit = [g for g in sample.gold if trig & _words(g[2])]
                label, mode = (hit[0][0], hit[0][1]) if hit else (NO_EVENT, None)
            elif not matched and f is best:
                label, mode = sample.gold[0][0], sample.gold[0][1]
            elif sample.source in ("insightcrime", "written"):
                label = NO_EVENT
            else:
                label = None
            cue = cues[id(f)]
            examples.append(
                Example(
                    frame_features(doc, f, len(frames)),
                    label,
                    mode,
                    idx,
                    f.event_type,
                    cue.value if cue is not None else None,
                    tuple(g.fold for g in f.governors),
                )  # fmt: skip
            )
    return examples


def _sample_key(sample: Sample) -> str:
    return hashlib.sha1(json.dumps([sample.source, sample.text, sample.gold]).encode()).hexdigest()


def cached_examples(samples: list[Sample], cache: Path | None) -> list[Example]:
    """``build_examples``, reusing a cache of earlier runs for samples it already parsed.

    The cache is keyed by each sample's text and labels only: delete it after changing the rules.
    """
    stored: dict[str, list[list]] = json.loads(cache.read_text("utf-8")) if cache and cache.exists() else {}
    todo = [i for i, s in enumerate(samples) if _sample_key(s) not in stored]
    if todo:
        nlp = build_nlp(PipelineConfig(components=("dotterel_frames",)))
        fresh = build_examples(nlp, [samples[i] for i in todo])
        for i in todo:
            stored[_sample_key(samples[i])] = []
        for ex in fresh:
            stored[_sample_key(samples[todo[ex.sample]])].append(
                [ex.features, ex.label, ex.mode, ex.rule, ex.intention, list(ex.folds)]
            )
        if cache:
            cache.write_text(json.dumps(stored), "utf-8")
    return [
        Example(features, label, mode, idx, rule, intention, tuple(folds))
        for idx, s in enumerate(samples)
        for features, label, mode, rule, intention, folds in stored[_sample_key(s)]
    ]


def _matrix(examples: list[Example], vocab: dict[str, int]) -> csr_matrix:
    rows, cols = [], []
    for i, ex in enumerate(examples):
        for j in sorted({vocab[f] for f in ex.features if f in vocab}):
            rows.append(i)
            cols.append(j)
    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(examples), len(vocab)))


def _vocab(examples: list[Example], min_count: int) -> dict[str, int]:
    counts = Counter(f for ex in examples for f in set(ex.features))
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    return {f: i for i, f in enumerate(kept)}


#: Real news counts ten times a synthetic lead sentence: the stories are fiction with a doc-level
#: label, and their category mix (CONCEDE first) is not that of news.
_WEIGHT = {"gsr": 3.0, "insightcrime": 3.0, "written": 3.0, "synthetic": 0.3}


def fit(train: list[Example], samples: list[Sample], c: float, min_count: int, *, modes: bool = True):  # noqa: ANN201
    """Category and mode heads on ``train``: (vocab, category model, mode model or None)."""
    labelled = [ex for ex in train if ex.label is not None]
    vocab = _vocab(labelled, min_count)
    x = _matrix(labelled, vocab)
    y = [ex.label for ex in labelled]
    w = np.array([_WEIGHT[samples[ex.sample].source] for ex in labelled])
    cat = LogisticRegression(C=c, max_iter=300, tol=1e-3, random_state=SEED)
    cat.fit(x, y, sample_weight=w)
    if not modes:
        return vocab, cat, None
    moded = [ex for ex in labelled if ex.label != NO_EVENT]
    ym = [f"{ex.label}:{ex.mode or '-'}" for ex in moded]
    mode = LogisticRegression(C=c, max_iter=300, tol=1e-3, random_state=SEED)
    mode.fit(_matrix(moded, vocab), ym)
    return vocab, cat, mode


def to_arrays(vocab: dict[str, int], cat, mode, temperature: float) -> dict[str, np.ndarray]:  # noqa: ANN001
    """The model file's arrays; classes absent from training get a large negative intercept."""
    n = len(vocab)
    if mode is None:  # cross-validation folds: the mode head is not scored there
        mode_arrays = {"mode_labels": np.array(["ASSAULT:-"]), "mode_coef": np.zeros((n, 1), np.float32),
                       "mode_intercept": np.zeros(1, np.float32)}  # fmt: skip
    else:
        mode_arrays = {
            "mode_labels": np.array(list(mode.classes_)),
            "mode_coef": mode.coef_.T.astype(np.float32),
            "mode_intercept": mode.intercept_.astype(np.float32),
        }
    coef = np.zeros((n, len(LABELS)), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)
    classes = list(cat.classes_)
    for k, lab in enumerate(LABELS):
        if lab in classes:
            j = classes.index(lab)
            if len(classes) == 2:  # binary models keep one row; never the case with real data
                raise SystemExit("training data has only two classes")
            coef[:, k] = cat.coef_[j]
            intercept[k] = cat.intercept_[j]
    return {
        "vocab": np.array(sorted(vocab, key=vocab.__getitem__)),
        "labels": np.array(LABELS),
        "coef": coef,
        "intercept": intercept,
        "temperature": np.array(temperature, dtype=np.float32),
        **mode_arrays,
    }


def _fold(group: str) -> int:
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % FOLDS


def _logits(model: EventModel, ex: Example) -> np.ndarray:
    rows = model._rows(ex.features)
    return model.coef[rows].sum(axis=0) + model.intercept


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of out-of-fold predictions."""
    best, best_nll = 1.0, float("inf")
    for t in np.arange(0.3, 3.01, 0.05):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(gold)), gold].mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def decide_sets(clf: EventClassifier, exs: list[Example]) -> set[str]:
    """The categories the component would output for one sample's examples (rules + model)."""
    out: set[str] = set()
    for ex in exs:
        pred = clf.model.predict(ex.features)
        best, p_best = pred.best
        if ex.rule is None:
            if best != NO_EVENT and p_best >= clf.propose_threshold:
                out.add(best)
            continue
        if best == NO_EVENT and p_best >= clf.veto_threshold:
            continue
        p_rule = pred.probs.get(ex.rule, 0.0)
        chosen = best if best not in (NO_EVENT, ex.rule) and p_best - p_rule >= clf.switch_margin else ex.rule
        out.add(ex.final(chosen))
    return out


def sweep_decisions(
    samples: list[Sample], by_sample: dict[int, list[Example]], fold_models: list[EventModel]
) -> None:
    """Print cross-validated figures for a grid of decision thresholds (``--sweep``).

    Pooled over the real news sentences (GSR, insightcrime, written; never the devsuite), so the
    shipped thresholds are chosen on out-of-fold predictions of the training data alone.
    """
    rows = []
    real = [(idx, exs) for idx, exs in by_sample.items() if samples[idx].source != "synthetic"]
    for veto in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8):
        for margin in (0.4, 0.5, 0.6, 0.7):
            for propose in (0.3, 0.4, 0.5, 0.6):
                pairs: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
                for idx, exs in real:
                    s = samples[idx]
                    clf = EventClassifier(
                        fold_models[_fold(s.group)],
                        veto_threshold=veto, switch_margin=margin, propose_threshold=propose,
                    )  # fmt: skip
                    pairs[s.source].append(({g[0] for g in s.gold}, decide_sets(clf, exs)))
                pooled = [p for v in pairs.values() for p in v]
                neg = [p for g, p in pooled if not g]
                rows.append((prf(pooled)[2], prf(pairs["gsr"])[2], sum(map(len, neg)) / max(1, len(neg)),
                             veto, margin, propose))  # fmt: skip
    rows.sort(reverse=True)
    print("sweep (5-fold CV, real news pooled): F1  GSR F1  no-event rate  veto margin propose")
    for row in rows[:15]:
        print("  {:.3f}  {:.3f}  {:.3f}  {}  {}  {}".format(*row))


def prf(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "dotterel" / "data" / "models" / "event_classifier.npz"
    )
    parser.add_argument("--report", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="keep the parsed examples here (reused while the data match; delete it after a rule change)",
    )
    parser.add_argument(
        "--sweep", action="store_true", help="print CV figures for a grid of decision thresholds"
    )
    parser.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    parser.add_argument("--min-count", type=int, default=2, help="features seen fewer times are dropped")
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    started = time.perf_counter()

    samples = (
        load_synthetic(args.shared) + load_gsr(args.shared) + load_insightcrime(args.shared) + load_written()
    )
    if not samples:
        raise SystemExit("no training data found under " + str(args.shared))
    print("samples:", dict(Counter(s.source for s in samples)))
    write_trained_on(samples, args.out.with_name(TRAINED_ON_FILE))
    examples = cached_examples(samples, args.cache)
    print(f"examples: {len(examples)} ({sum(ex.label is not None for ex in examples)} labelled);",
          dict(Counter(ex.label for ex in examples).most_common()))  # fmt: skip

    # out-of-fold predictions: every sample is predicted by a model that never saw it
    by_sample: dict[int, list[Example]] = defaultdict(list)
    for ex in examples:
        by_sample[ex.sample].append(ex)
    oof_logits: dict[int, np.ndarray] = {}
    fold_models: list[EventModel] = []
    for k in range(FOLDS):
        train = [ex for ex in examples if _fold(samples[ex.sample].group) != k]
        vocab, cat, mode = fit(train, samples, args.c, args.min_count, modes=False)
        model = EventModel(to_arrays(vocab, cat, mode, 1.0), f"fold {k}")
        fold_models.append(model)
        for i, ex in enumerate(examples):
            if _fold(samples[ex.sample].group) == k:
                oof_logits[i] = _logits(model, ex)
    labelled = [i for i, ex in enumerate(examples) if ex.label is not None]
    # calibrated for news: the temperature is fitted on the real sentences' out-of-fold predictions
    real = [i for i in labelled if samples[examples[i].sample].source != "synthetic"]
    temperature = fit_temperature(
        np.stack([oof_logits[i] for i in real]),
        np.array([LABELS.index(examples[i].label) for i in real]),
    )
    print(f"temperature: {temperature:.2f}")

    report: dict[str, object] = {
        "temperature": temperature,
        "samples": dict(Counter(s.source for s in samples)),
    }
    # cross-validated figures per source: rules alone vs rules + model
    for source in ("gsr", "insightcrime", "written", "synthetic"):
        rules_pairs, model_pairs = [], []
        for idx, exs in by_sample.items():
            s = samples[idx]
            if s.source != source:
                continue
            gold = {g[0] for g in s.gold}
            model = fold_models[_fold(s.group)]
            model.temperature = temperature
            clf = EventClassifier(model, **DECISION)
            rules_pairs.append((gold, {ex.final(ex.rule) for ex in exs if ex.rule is not None}))
            model_pairs.append((gold, decide_sets(clf, exs)))
        if not rules_pairs:
            continue
        r, m = prf(rules_pairs), prf(model_pairs)
        neg = [p for g, p in model_pairs if not g]
        neg_rules = [p for g, p in rules_pairs if not g]
        line = {
            "rules": [round(v, 3) for v in r],
            "model": [round(v, 3) for v in m],
            "no_event_rate_rules": round(sum(len(p) for p in neg_rules) / len(neg), 3) if neg else None,
            "no_event_rate_model": round(sum(len(p) for p in neg) / len(neg), 3) if neg else None,
        }
        report[source] = line
        print(f"{source:13} 5-fold CV P/R/F1 rules {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}  "
              f"rules+model {m[0]:.3f}/{m[1]:.3f}/{m[2]:.3f}  no-event rate {line['no_event_rate_rules']} → "
              f"{line['no_event_rate_model']}")  # fmt: skip

    if args.sweep:
        sweep_decisions(samples, by_sample, fold_models)

    # reliability of the calibrated probabilities on real news (GSR + insightcrime), out of fold
    bins = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]
    table = []
    conf, right = [], []
    for i in labelled:
        ex = examples[i]
        if samples[ex.sample].source == "synthetic":
            continue
        z = oof_logits[i] / temperature
        p = np.exp(z - z.max())
        p /= p.sum()
        conf.append(float(p.max()))
        right.append(LABELS[int(p.argmax())] == ex.label)
    for lo, hi in zip(bins, bins[1:], strict=False):
        sel = [r for c, r in zip(conf, right, strict=True) if lo <= c < hi]
        if sel:
            table.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "n": len(sel),
                    "accuracy": round(sum(sel) / len(sel), 3),
                }
            )
    report["reliability"] = table
    print("reliability (out-of-fold, real news):", table)

    vocab, cat, mode = fit(examples, samples, args.c, args.min_count)
    arrays = to_arrays(vocab, cat, mode, temperature)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    report["features"] = len(vocab)
    report["bytes"] = args.out.stat().st_size
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {len(vocab)} features)"
        f" in {report['seconds']}s"
    )
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
