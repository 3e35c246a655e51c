"""Fuzz the reader and the pipeline with generated articles; print crashes, errors, coded, hangs.

Each case is one JSONL line built from seeded random pieces: real event sentences, impossible
dates, huge and malformed numbers, odd whitespace, emoji runs, quotes and brackets, lone
surrogates, deep JSON, wrong field types. It is read with dotterel's reader and coded with the
real pipeline, in this process. Counted:

- ``crashes``: an exception that is not a ``DotterelError``, or a stage's ``E3xx`` (a bug);
- ``errors``: a one-line input error (``E1xx``), the expected answer to bad input;
- ``coded``: articles coded; ``hangs``: cases over ``--limit`` seconds (10 by default);
- ``offset`` / ``schema``: spans whose text is not their slice of the input, invalid records.

    .venv/bin/python bench/fuzz.py --cases 10000 [--seed 17] [--limit 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from importlib import resources

PIECES = [
    "Rebels attacked a police post in Lagos", "on February 29", "Feb. 29, 2100", "March 32", "March 00",
    "killed", "9" * 400, "1" + ",000" * 103, "10^400", "99999999999999999999", "1,2,3,4", "3.14159",
    "2147483648", "dozens of protesters", "Police arrested 40 people in Kabul on Tuesday", "officials said",
    "according to Reuters", "\u00a0", "\t", "\u2009", "\u202f", "\u200b", "\ufeff", "\n\n", "yesterday",
    "last year", "Hamas", "Israel struck Gaza City", "Article:", '"', "(", ")", ".", ",", "-", "and",
]  # fmt: skip
RUNS = ["😀", '"', "(", "-", "very ", "a", "."]


def make_case(rng: random.Random) -> bytes:
    """One JSONL line (bytes): mostly a valid article with hostile text, sometimes broken input."""
    words = [rng.choice(PIECES) for _ in range(rng.randint(1, 30))]
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words) + 1), rng.choice(RUNS) * rng.randint(100, 5000))
    text = " ".join(words)
    record: dict[str, object] = {"id": f"c{rng.randrange(10**9)}", "text": text}
    if rng.random() < 0.7:
        record["published"] = rng.choice(["2024-01-10", "0001-01-01", "9999-12-31", "2023-03-01"])
    kind = rng.random()
    if kind < 0.03:
        return json.dumps(record).replace("c", "\\ud800", 1).encode()  # a lone surrogate
    if kind < 0.05:
        return b"[" * 1000 + b"]" * 1000
    if kind < 0.07:
        record["id"] = rng.choice([True, "", 3.5, None, ["x"]])
    if kind < 0.09:
        record["published"] = rng.choice(["2023-11-15garbage", 20231115, "", "2023-02-30"])
    if kind < 0.10:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds after which a case is a hang")
    args = parser.parse_args()

    import jsonschema

    from dotterel.errors import DotterelError, InputError
    from dotterel.pipeline import Pipeline
    from dotterel.reading import bytes_stream, read_jsonl_stream
    from dotterel.records import record_spans

    schema = json.loads((resources.files("dotterel") / "data" / "event.schema.json").read_text("utf-8"))
    pipeline = Pipeline()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    slowest = 0.0
    started = time.perf_counter()
    for _ in range(args.cases):
        line = make_case(rng)
        t = time.perf_counter()
        outcome = "coded"
        try:
            articles = list(read_jsonl_stream(bytes_stream(line + b"\n"), "fuzz.jsonl", None))
            for article in articles:
                for event in pipeline.extract(article):
                    record = json.loads(json.dumps(event.to_dict()))
                    try:
                        jsonschema.validate(record, schema)
                    except jsonschema.ValidationError as exc:
                        counts["schema"] += 1
                        examples.setdefault("schema", exc.message[:200])
                    for claimed, start, end in record_spans(record):
                        if article.text[start:end] != claimed:
                            counts["offset"] += 1
                            examples.setdefault("offset", repr(claimed)[:200])
        except InputError:
            outcome = "errors"
        except DotterelError as err:
            outcome = "crashes" if err.code.startswith("E3") else "errors"
            examples.setdefault(outcome, str(err)[:200])
        except Exception as exc:  # what this script is looking for
            outcome = "crashes"
            examples.setdefault("crashes", f"{exc.__class__.__name__}: {exc}"[:200])
        elapsed = time.perf_counter() - t
        slowest = max(slowest, elapsed)
        counts[outcome] += 1
        if elapsed > args.limit:
            counts["hangs"] += 1
            examples.setdefault("hangs", line[:120].decode("utf-8", "replace"))
    total = time.perf_counter() - started
    print(
        f"cases {args.cases}  crashes {counts['crashes']}  errors {counts['errors']}  "
        f"coded {counts['coded']}  hangs {counts['hangs']}  "
        f"offset {counts['offset']}  schema {counts['schema']}  "
        f"(slowest {slowest:.1f} s, {total:.0f} s in all, seed {args.seed})"
    )
    for key, text in examples.items():
        print(f"  first {key}: {text}")
    sys.exit(1 if counts["crashes"] or counts["hangs"] or counts["offset"] or counts["schema"] else 0)


if __name__ == "__main__":
    main()
