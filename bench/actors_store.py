"""Actors in a real store (issue #11): pronouns, duplicate entities, mentions with and without an actor.

Builds a store from the first ``--n`` (120) articles of ``../shared/data/corpora/insightcrime-train.tsv``
the way a user would (the articles as a JSONL file, ``dotterel ingest``), then prints:

1. the top 40 actors of the store (``actors`` table, by mentions);
2. how many shown actors are bare pronouns ("we", "they", "he" ...): ``actors`` rows and
   ``mention_actors`` rows, and how many pronoun mentions the records keep with no entity;
3. duplicate groups: store actors whose names differ only in case, a leading article or a plural,
   and, for generic agents ("authorities", "police", "officials", "the army"), how many distinct
   actors one (country, sector) has;
4. event mentions with a resolved actor and, for the rest, why not (by class).

    .venv/bin/python bench/actors_store.py [--n 120] [--db FILE] [--top 40]

Re-running on an existing ``--db`` reuses it (ingest skips stored articles); without ``--db`` a
temporary store is built and removed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, load_articles  # noqa: E402

from dotterel.actors.anaphora import ANAPHORA  # noqa: E402

GENERIC = re.compile(
    r"\b(authorities|authority|police|policemen|officials|official|army|military|government|"
    r"security forces|troops|soldiers|prosecutors?)\b",
    re.I,
)


def _dotterel() -> str:
    here = Path(sys.executable).parent / "dotterel"
    return str(here) if here.exists() else (shutil.which("dotterel") or "dotterel")


def build(db: Path, n: int, workdir: Path) -> float:
    articles = load_articles(n, CORPUS)
    src = workdir / "articles.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "text": a.text}) + "\n")
    t0 = time.perf_counter()
    subprocess.run([_dotterel(), "ingest", str(src), "--db", str(db), "--no-progress"], check=True)
    return time.perf_counter() - t0


def _named(ent: dict) -> bool:
    """Whether a record's entity is an entity: a name that is not the words of a no-entity mention
    (``"canonical": false``; older records have a null name instead)."""
    return ent.get("name") is not None and ent.get("canonical") is not False


def _norm(name: str) -> str:
    words = re.sub(r"^(the|a|an)\s+", "", name.strip().lower()).split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def report(db: Path, top: int) -> None:
    con = duckdb.connect(str(db), read_only=True)
    pronouns = sorted(ANAPHORA)
    print(f"\n== top {top} actors (actors table, by mentions) ==")
    rows = con.execute(
        "SELECT id, name, country, sector, num_mentions FROM actors ORDER BY num_mentions DESC, id LIMIT ?",
        [top],
    ).fetchall()
    for i, (aid, name, country, sector, n) in enumerate(rows, 1):
        print(f"{i:3d}. {n:4d}  {name[:48]:48s} {country or '-':4s} {sector or '-':4s} {aid[:60]}")

    print("\n== pronouns ==")
    shown_rows = con.execute(
        "SELECT count(*) FROM actors WHERE lower(name) IN (SELECT unnest(?))", [pronouns]
    ).fetchone()[0]
    shown_mentions = con.execute(
        "SELECT count(*) FROM mention_actors WHERE lower(name) IN (SELECT unnest(?))", [pronouns]
    ).fetchone()[0]
    via = con.execute(
        "SELECT count(*) FROM mention_actors WHERE lower(text) IN (SELECT unnest(?)) "
        "AND lower(name) NOT IN (SELECT unnest(?))",
        [pronouns, pronouns],
    ).fetchone()[0]
    in_top = [r for r in rows if r[1].lower() in ANAPHORA]
    hidden = resolved = 0
    for (record,) in con.execute("SELECT record FROM mentions").fetchall():
        rec = json.loads(record)
        for ent in rec.get("actor", []) + rec.get("recipient", []):
            if ent["text"].lower() in ANAPHORA:
                if not _named(ent):
                    hidden += 1
                else:
                    resolved += 1
    print(f"pronoun actors in the actors table: {shown_rows} ({len(in_top)} in the top {top})")
    print(
        "pronoun mentions shown as actors with no entity (mention_actors named by a pronoun): "
        f"{shown_mentions}"
    )
    print(f"pronoun mentions shown as the entity they resolved to (mention_actors): {via}")
    print(f"pronoun mentions in records: {resolved} with an entity, {hidden} with none (canonical: false)")

    print("\n== duplicate groups ==")
    groups: dict[str, set[str]] = defaultdict(set)
    for aid, name in con.execute("SELECT id, name FROM actors").fetchall():
        groups[_norm(name)].add(aid)
    dups = {k: v for k, v in groups.items() if len(v) > 1}
    print(f"names that differ only by case/article/plural: {len(dups)} groups")
    for k, ids in sorted(dups.items(), key=lambda kv: -len(kv[1]))[:15]:
        print(f"  {k!r}: {sorted(ids)}")
    generic: dict[tuple[str, str], set[str]] = defaultdict(set)
    for text, aid, country, sector in con.execute(
        "SELECT text, actor_id, country, sector FROM mention_actors WHERE country IS NOT NULL"
    ).fetchall():
        match = GENERIC.search(text)
        if match and not any(w[:1].isupper() for w in text.split()[1:] if w.lower() != match[0].lower()):
            generic[(match[0].lower(), f"{country}:{sector or '-'}")].add(aid)
    split = {k: v for k, v in generic.items() if len(v) > 1}
    worst = max((len(v) for v in generic.values()), default=0)
    print(
        f"generic agents (authorities, police, officials, army ...): {len(generic)} (word, country, sector) "
        f"keys, {len(split)} split over several actors, at most {worst} actors for one key"
    )
    for (word, key), ids in sorted(split.items(), key=lambda kv: -len(kv[1]))[:10]:
        print(f"  {word} {key}: {sorted(ids)}")

    print("\n== event mentions with / without an actor ==")
    classes: Counter[str] = Counter()
    total = 0
    for (record,) in con.execute("SELECT record FROM mentions").fetchall():
        rec = json.loads(record)
        total += 1
        actors = rec.get("actor", [])
        if any(_named(a) and (a.get("kb_id") or a.get("country") or a.get("sector")) for a in actors):
            classes["with a resolved actor (KB, generic agent, or a country/sector)"] += 1
        elif any(_named(a) and a["name"].lower() not in ANAPHORA for a in actors):
            classes["named actor the KB lacks (name only)"] += 1
        elif not actors:
            classes["no actor span"] += 1
        elif all(not _named(a) for a in actors):
            pron = any(a["text"].lower() in ANAPHORA for a in actors)
            classes["unresolved pronoun, no entity" if pron else "description naming no one (no entity)"] += 1
        else:
            classes["pronoun shown as an actor (the issue's bug)"] += 1
    for cls, n in classes.most_common():
        print(f"  {cls:55s} {n:4d} / {total} ({n / max(total, 1):.0%})")
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=120, help="articles from the start of the corpus")
    ap.add_argument("--db", type=Path, help="store file to build or reuse (default: a temporary one)")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="actors-store-"))
    try:
        db = args.db or tmp / "store.duckdb"
        secs = build(db, args.n, tmp)
        print(f"store: {db} ({args.n} articles of {CORPUS.name}; ingest {secs:.1f} s)")
        report(db, args.top)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
