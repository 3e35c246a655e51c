"""Actor resolution alone on the PLOVER GSR's own marked spans (issue #4).

``dotterel evaluate`` scores actors end to end, so its figures also depend on which spans the frame
extractor proposes. This isolates the resolver: each gold record's ``(SRC: ...)`` and ``(TAR: ...)``
markup gives the span, the real model parses the sentence, and the resolver's country and sector
are compared with the gold codes, normalised exactly as ``dotterel evaluate`` does (a gold IGO
also accepts UNO/EUR). Gold records all carry the placeholder date 2000-01-01, which is used as the
publication date. ``--before`` prints the figure with nothing resolved; ``-v`` lists the misses.

    .venv/bin/python bench/resolution_gsr.py [../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from dotterel.actors.coref import ArticleMemory
from dotterel.actors.kb import load_kb
from dotterel.actors.resolver import ActorResolver
from dotterel.evaluate.gold import map_event, normalise_code, normalise_sector
from dotterel.nlp import load_spacy
from dotterel.records import QUAD_CODES

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
_OPEN = re.compile(r"\((SRC|TAR|EVT|LOC)(?:/\w+)*:\s*")


def unmark(markup: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Plain text and (kind, start, end) spans from GSR markup such as ``(SRC: Libya) has ...``."""
    out: list[str] = []
    spans: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int]] = []
    size = 0
    i = 0
    while i < len(markup):
        m = _OPEN.match(markup, i)
        if m:
            stack.append((m.group(1), size))
            i = m.end()
            continue
        if markup[i] == ")" and stack:
            kind, start = stack.pop()
            spans.append((kind, start, size))
            i += 1
            continue
        out.append(markup[i])
        size += 1
        i += 1
    return "".join(out), spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--before", action="store_true", help="score an empty resolution (the baseline)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()

    nlp = load_spacy()
    resolver = ActorResolver(load_kb())
    stats: Counter[str] = Counter()
    misses: list[str] = []
    for rec in json.loads(args.gold.read_text(encoding="utf-8")):
        info = rec.get("textInfo")
        if not isinstance(info, dict) or not info.get("markup"):
            continue
        text, spans = unmark(info["markup"])
        doc = nlp(text)
        try:
            when = date.fromisoformat(rec.get("date", ""))
        except (TypeError, ValueError):
            when = None
        memory = ArticleMemory()
        resolver.prescan(doc, when, memory)
        quad = QUAD_CODES[map_event(rec["event"])[0]]
        for kind, role, key in (("SRC", "actor", "source"), ("TAR", "recipient", "target")):
            marked = [s for s in spans if s[0] == kind]
            gold = [g for g in rec.get(key) or [] if isinstance(g, dict)]
            for (_, start, end), g in zip(marked, gold, strict=False):
                code, sector = normalise_code(g.get("code")), normalise_sector(g.get("sector"))
                if args.before:
                    got_c = got_s = why = None
                else:
                    res = resolver.resolve(
                        doc, start, end, None, when, memory, target_quad=quad if kind == "TAR" else None
                    )
                    got_c, got_s, why = res.country, res.sector, res.reason
                if code:
                    ok = got_c == code or (code == "IGO" and got_c in ("UNO", "EUR"))
                    stats[f"{role} country"] += ok
                    stats[f"{role} country n"] += 1
                    if not ok:
                        misses.append(f"{role} country {text[start:end]!r}: gold {code}, got {got_c} ({why})")
                if sector:
                    ok = got_s == sector
                    stats[f"{role} sector"] += ok
                    stats[f"{role} sector n"] += 1
                    if not ok:
                        misses.append(
                            f"{role} sector {text[start:end]!r}: gold {sector}, got {got_s} ({why})"
                        )
    for name in ("actor country", "recipient country", "actor sector", "recipient sector"):
        n = stats[f"{name} n"]
        print(f"{name:18} {stats[name] / max(n, 1):.3f} ({stats[name]}/{n})")
    if args.verbose:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
