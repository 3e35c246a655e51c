"""Time and memory of one long article, from 10k to 1M characters, beside spaCy's own parse.

Every stage must be linear (or bounded) in the article's length (issue 17): doubling the length
may double the time, never quadruple it. The article is real news text (insightcrime articles
joined with blank lines, cut at a sentence end) so the parser meets real sentences. Each length
runs in its own process, so the peak memory (maximum resident set) is that length's alone.

The baseline measured in the same run is spaCy's own pipeline on the same text (in the same
pieces dotterel codes an article longer than ``PIECE_CHARS`` in): dotterel cannot be faster than
the model it runs. Peak memory is measured before the baseline runs. ``per 10k`` is seconds per
10,000 characters; linear growth keeps it flat.

    .venv/bin/python bench/long_articles.py [--lengths 10000,50000,...] [--stages] [--give-up 300]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_LENGTHS = (10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000)


def long_text(length: int) -> str:
    """Real article text joined into one article of exactly ``length`` characters or fewer."""
    from corpus import load_articles

    parts: list[str] = []
    size = 0
    for article in load_articles(2000):
        parts.append(article.text)
        size += len(article.text) + 2
        if size >= length:
            break
    text = "\n\n".join(parts)
    while len(text) < length:  # the corpus is ~3.8 MB: repeat it if a length asks for more
        text = text + "\n\n" + text
    cut = text.rfind(". ", 0, length)
    return text[: cut + 1] if cut > 0 else text[:length]


def _child(length: int, stages: bool) -> None:
    """Code one article of ``length`` characters; print one JSON line of figures."""
    from datetime import date

    from dotterel.normalise import normalise_text
    from dotterel.pipeline import PIECE_CHARS, Pipeline, pieces
    from dotterel.records import Article

    text = long_text(length)
    pipeline = Pipeline()
    pipeline.extract(Article(id="warm", text="Police arrested 40 protesters in Kabul on Tuesday."))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    article = Article(id=f"long-{length}", text=text, published=date(2023, 11, 15))

    timings: dict[str, float] = {}
    started = time.perf_counter()
    if stages and len(text) <= PIECE_CHARS:
        t = time.perf_counter()
        doc = pipeline.make_doc(article)
        timings["tokenizer"] = time.perf_counter() - t
        for name, proc in pipeline.nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            timings[name] = time.perf_counter() - t
        from dotterel.pipeline import _assemble

        events = _assemble(doc, article)
    else:
        events = pipeline.extract(article)
    total_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the baseline runs

    # the floor: spaCy's own components on the same pieces dotterel parses
    normalised = normalise_text(text)
    started = time.perf_counter()
    for start, end in pieces(normalised):
        doc = pipeline.nlp.make_doc(normalised[start:end])
        for name, proc in pipeline.nlp.pipeline:
            if not name.startswith("dotterel_"):
                doc = proc(doc)
    spacy_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "chars": len(text),
                "seconds": total_s,
                "spacy_seconds": spacy_s,
                "events": len(events),
                "peak_mib": peak,
                "model_mib": base,
                "stages": timings,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default=",".join(str(n) for n in DEFAULT_LENGTHS))
    parser.add_argument("--stages", action="store_true", help="time each stage (slowest five shown)")
    parser.add_argument(
        "--give-up", type=float, default=600.0, help="skip longer lengths once one takes this many seconds"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.stages)
        return

    lengths = [int(x) for x in args.lengths.split(",") if x]
    print("one article, one core; time = dotterel's whole pipeline, spaCy = the model's own parse of it")
    print(f"{'chars':>10} {'seconds':>8} {'per 10k':>8} {'spaCy s':>8} {'dotterel/spaCy':>14} "
          f"{'peak MiB':>9} {'events':>7}")  # fmt: skip
    for length in lengths:
        cmd = [sys.executable, __file__, "--child", str(length)] + (["--stages"] if args.stages else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.give_up * 4)
        if proc.returncode != 0:
            print(f"{length:>10} failed: {proc.stderr.strip().splitlines()[-1:]}")
            break
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        per10k = r["seconds"] / r["chars"] * 10_000
        print(
            f"{r['chars']:>10,} {r['seconds']:>8.1f} {per10k:>8.2f} {r['spacy_seconds']:>8.1f} "
            f"{r['seconds'] / max(r['spacy_seconds'], 1e-9):>14.2f} {r['peak_mib']:>9.0f} {r['events']:>7}"
        )
        if r["stages"]:
            slow = sorted(r["stages"].items(), key=lambda kv: -kv[1])[:5]
            print("           " + ", ".join(f"{k} {v:.1f}s" for k, v in slow))
        if r["seconds"] > args.give_up:
            print(f"(stopping: {r['seconds']:.0f} s is over --give-up {args.give_up:.0f} s)")
            break


if __name__ == "__main__":
    main()
