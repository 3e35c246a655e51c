"""Articles and a store dump shared by the issue-18 tests (parallel, --events, Ray)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

GAZA = (
    "Israeli aircraft struck a residential block in Gaza City on Tuesday, killing 11 people, "
    "Palestinian health officials said. The Israeli military said it had targeted Hamas fighters."
)

#: Two reports of one strike (clustered), a near copy and an exact copy (de-duplicated), events
#: on other days and places, one without events, and one bad line.
ARTICLES = [
    {"id": "a1", "outlet": "Reuters", "published": "2023-11-15", "text": GAZA},
    {
        "id": "a2",
        "outlet": "AP",
        "published": "2023-11-15",
        "text": "Israeli warplanes bombed a building in Gaza City on Tuesday and killed 11 people, "
        "health officials in Gaza said.",
    },
    {"id": "a3", "outlet": "Yahoo", "published": "2023-11-15", "text": GAZA + " Reporting by staff."},
    {"id": "a4", "outlet": "AFP", "published": "2023-11-15", "text": GAZA},
    {
        "id": "a5",
        "outlet": "AFP",
        "published": "2023-11-16",
        "text": "Colombia's government signed a ceasefire agreement with the ELN rebel group in Havana on "
        "Thursday, officials said.",
    },
    {
        "id": "a6",
        "outlet": "AP",
        "published": "2023-11-12",
        "text": "Protesters marched through Mexico City on Sunday demanding that the government find "
        "43 missing students. Police arrested ten protesters near the National Palace.",
    },
    {"id": "a7", "published": "2023-11-17", "text": "The weather in Paris was mild for the season."},
    {
        "id": "a8",
        "outlet": "Reuters",
        "published": "2023-11-17",
        "text": "Russian forces shelled Kherson on Friday, killing two civilians, Ukrainian officials "
        "said. Ukraine's president condemned the attack and asked allies for more air defence.",
    },
]


def write_jsonl(path: Path, records: list[dict] = ARTICLES) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


#: Per table: the columns compared (time stamps and file origins differ between runs by nature).
_TABLES = {
    "articles": "id, content_hash, title, url, outlet, published, text, duplicate_of, duplicate_kind, "
    "similarity, minhash, num_mentions",
    "events": "*",
    "mentions": "*",
    "mention_actors": "*",
    "actors": "*",
    "places": "*",
}


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table that ingest writes, in a stable order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(
                con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=lambda r: tuple(map(str, r))
            )
            for table, cols in _TABLES.items()
        }
    finally:
        con.close()
