"""The explorer's aggregate questions, answered inside DuckDB: top actors, the top-N network,
dyads, an actor's page, header counts and the values the filters offer.

Why a module of its own: :func:`dotterel.store.query.network` builds the *whole* actor network
in Python (every pair of every matching event) and the server then kept the busiest hundred
nodes; at a million events that took about a second. Here the busiest actors are chosen first,
by one ``GROUP BY`` over each event's distinct participants, and only the edges among them are
counted, so DuckDB never hands more than the answer to Python.

Only *resolved* actors become nodes, rows of the actor list or sides of a dyad: an actor with no
name, or with neither a knowledge-base id, a country nor a sector (a pronoun, "the man"), says
nothing a researcher can follow. Their events still count everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ..errors import StoreError
from .models import ActorSummary, EventFilter, EventPage, _Record
from .query import ORDER, SUMMARY_COLUMNS, summary_from_row, where_clause

__all__ = [
    "RESOLVED",
    "SORTS",
    "ActorPage",
    "Counts",
    "DyadRow",
    "TopNetwork",
    "actor_page",
    "counts",
    "dyads",
    "facets",
    "sorted_events",
    "top_actors",
    "top_network",
]

#: SQL over ``actors a``: the actor was resolved to something a researcher can follow.
RESOLVED = "(a.name IS NOT NULL AND (a.kb_id IS NOT NULL OR a.country IS NOT NULL OR a.sector IS NOT NULL))"

#: Columns the event table may be sorted by (API name → SQL); ties fall back to date, then id.
SORTS: dict[str, str] = {
    "date": "e.date",
    "event_type": "e.event_type",
    "quad_code": "e.quad_code",
    "status": "e.status",
    "place_country": "e.place_country",
    "fatalities": "e.fatalities",
    "num_mentions": "e.num_mentions",
    "num_sources": "e.num_sources",
    "confidence": "e.confidence",
}


def _and(where: str) -> str:
    return f"{where} AND" if where else "WHERE"


def _quad(weights: dict[int, int]) -> int | None:
    """The dominant quad class of an edge (ties go to the more conflictual one)."""
    return max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0] if weights else None


@dataclass(frozen=True, slots=True)
class Counts(_Record):
    """How many matching events there are, and how many of them lack a date or a place."""

    events: int
    undated: int
    unplaced: int
    articles: int
    date_min: date | None
    date_max: date | None


def counts(con: duckdb.DuckDBPyConnection, f: EventFilter) -> Counts:
    where, params = where_clause(f)
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE e.date IS NULL), "
        "count(*) FILTER (WHERE e.lat IS NULL OR e.lon IS NULL), min(e.date), max(e.date) "
        f"FROM events e {where}",
        params,
    ).fetchone()
    assert row is not None
    articles = con.execute(
        f"SELECT count(DISTINCT a) FROM (SELECT unnest(e.article_ids) AS a FROM events e {where})", params
    ).fetchone()
    return Counts(int(row[0]), int(row[1]), int(row[2]), int(articles[0]) if articles else 0, row[3], row[4])


def facets(con: duckdb.DuckDBPyConnection, *, limit: int = 300) -> dict[str, list[dict[str, Any]]]:
    """Values the explorer's filters offer, most frequent first: place countries, actor and
    recipient countries, sectors, outlets."""

    def values(sql: str) -> list[dict[str, Any]]:
        rows = con.execute(f"{sql} GROUP BY 1 HAVING v IS NOT NULL ORDER BY n DESC, v LIMIT ?", [limit])
        return [{"value": v, "count": int(n)} for v, n in rows.fetchall()]

    return {
        "country": values("SELECT e.place_country AS v, count(*) AS n FROM events e"),
        "actor_country": values("SELECT unnest(e.actor_countries) AS v, count(*) AS n FROM events e"),
        "recipient_country": values("SELECT unnest(e.recipient_countries) AS v, count(*) AS n FROM events e"),
        # events per sector on either side (an event with the sector on both sides counts twice)
        "sector": values(
            "SELECT unnest(list_concat(e.actor_sectors, e.recipient_sectors)) AS v, count(*) AS n "
            "FROM events e"
        ),
        "outlet": values("SELECT unnest(e.outlets) AS v, count(*) AS n FROM events e"),
    }


def _grouped(where: str) -> str:
    """SQL CTE ``g``: the matching events grouped by (actors, recipients, quad class).

    Every aggregate below reads ``g`` rather than the events: far fewer rows than events (the
    same few actors meet again and again), so unnesting them costs next to nothing and the one
    scan of the events is a plain ``GROUP BY``. An event's id lists are distinct by construction
    (:meth:`dotterel.store.cluster.EventRow.absorb`).
    """
    return (
        "g AS (SELECT e.actor_ids, e.recipient_ids, e.quad_code, count(*) AS n "
        f"FROM events e {where} GROUP BY ALL)"
    )


#: CTE ``p``: per actor, events as actor (``n_a``) and events only as recipient (``n_r``).
_PARTICIPATION = (
    "p AS (SELECT actor_id, coalesce(sum(n) FILTER (WHERE role = 0), 0) AS n_a, "
    "coalesce(sum(n) FILTER (WHERE role = 1), 0) AS n_r FROM ("
    "SELECT unnest(actor_ids) AS actor_id, 0 AS role, n FROM g UNION ALL "
    "SELECT unnest(list_filter(recipient_ids, lambda x: NOT list_contains(actor_ids, x))), 1, n FROM g"
    ") GROUP BY 1)"
)
#: CTE ``r``: the resolved ones with their actor row, busiest first, and how many there are.
_RANKED = (
    "r AS (SELECT a.id, a.name, a.country, a.sector, a.kb_id, a.num_mentions, "
    "CAST(p.n_a + p.n_r AS BIGINT) AS n, CAST(p.n_a AS BIGINT) AS n_a, CAST(p.n_r AS BIGINT) AS n_r, "
    f"count(*) OVER () AS total FROM p JOIN actors a ON a.id = p.actor_id WHERE {RESOLVED})"
)
_RANK_ORDER = "ORDER BY n DESC, num_mentions DESC, id"


def top_actors(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int = 0
) -> list[ActorSummary]:
    """The resolved actors of the matching events, most events first."""
    where, params = where_clause(f)
    rows = con.execute(
        f"WITH {_grouped(where)}, {_PARTICIPATION}, {_RANKED} "
        f"SELECT id, name, country, sector, kb_id, num_mentions, n FROM r {_RANK_ORDER} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [ActorSummary(*r) for r in rows]


@dataclass(frozen=True, slots=True)
class TopNetwork(_Record):
    """The busiest ``max_nodes`` actors and the edges among them.

    A node has ``num_events`` (as actor or recipient) = ``as_actor`` (events it acts in) +
    ``as_recipient`` (events where it is only a recipient), and ``isolated`` (no edge to another
    node shown); an edge has counts per quad class (``weights``), ``total`` and its dominant
    ``quad``. ``total_nodes`` counts every resolved actor of the matching events.
    """

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total_nodes: int
    total_edges: int


def top_network(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, max_nodes: int, min_weight: int = 1
) -> TopNetwork:
    """One query: the grouped events, the top actors, and the edges among them."""
    where, params = where_clause(f)
    rows = con.execute(
        f"WITH {_grouped(where)}, {_PARTICIPATION}, {_RANKED}, "
        f"top AS (SELECT * FROM r {_RANK_ORDER} LIMIT ?), "
        "s AS (SELECT unnest(actor_ids) AS source, recipient_ids AS rs, quad_code, n FROM g), "
        "t AS (SELECT source, unnest(rs) AS target, quad_code, n FROM s SEMI JOIN top ON top.id = s.source), "
        "edges AS (SELECT source, target, quad_code, CAST(sum(n) AS BIGINT) AS w FROM t "
        "SEMI JOIN top ON top.id = t.target WHERE source <> target GROUP BY ALL) "
        "SELECT 0 AS kind, id, name, country, sector, kb_id, n, n_a, n_r, total FROM top UNION ALL "
        "SELECT 1, source, target, NULL, NULL, NULL, CAST(quad_code AS BIGINT), w, NULL, NULL FROM edges",
        [*params, max_nodes],
    ).fetchall()
    node_rows = sorted((r for r in rows if r[0] == 0), key=lambda r: (-r[6], r[1]))
    weights: dict[tuple[str, str], dict[int, int]] = {}
    for _, source, target, _c, _s, _k, quad, w, _nr, _t in (r for r in rows if r[0] == 1):
        weights.setdefault((source, target), {})[int(quad)] = int(w)
    edges: list[dict[str, Any]] = []
    for (source, target), w in sorted(weights.items()):
        total = sum(w.values())
        if total >= min_weight:
            edges.append(
                {
                    "source": source,
                    "target": target,
                    "weights": dict(sorted(w.items())),
                    "total": total,
                    "quad": _quad(w),
                }
            )
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [
        {
            "id": aid,
            "name": name,
            "country": country,
            "sector": sector,
            "kb_id": kb_id,
            "num_events": int(n),
            "as_actor": int(n_a),
            "as_recipient": int(n_r),
            "isolated": aid not in linked,
        }
        for _, aid, name, country, sector, kb_id, n, n_a, n_r, _total in node_rows
    ]
    total_nodes = int(node_rows[0][9]) if node_rows else 0
    return TopNetwork(nodes, edges, total_nodes, len(edges))


@dataclass(frozen=True, slots=True)
class DyadRow(_Record):
    """Events with ``source`` as actor and ``target`` as recipient, counted per quad class."""

    source_id: str
    source_name: str
    source_country: str | None
    source_sector: str | None
    target_id: str
    target_name: str
    target_country: str | None
    target_sector: str | None
    counts: dict[int, int]
    total: int


_PAIRS = (
    "WITH {grouped}, "
    "s AS (SELECT unnest(actor_ids) AS source, recipient_ids AS rs, quad_code, n FROM g), "
    "t AS (SELECT source, unnest(rs) AS target, quad_code, n FROM s), "
    "g2 AS (SELECT source, target, sum(n) AS n, "
    "sum(n) FILTER (WHERE quad_code = 1) AS q1, sum(n) FILTER (WHERE quad_code = 2) AS q2, "
    "sum(n) FILTER (WHERE quad_code = 3) AS q3, sum(n) FILTER (WHERE quad_code = 4) AS q4 "
    "FROM t WHERE source <> target {scope} GROUP BY 1, 2) "
)
_DYAD_SELECT = (
    "SELECT g2.source, a.name, a.country, a.sector, g2.target, b.name, b.country, b.sector, "
    "g2.q1, g2.q2, g2.q3, g2.q4, g2.n FROM g2 JOIN actors a ON a.id = g2.source "
    "JOIN actors b ON b.id = g2.target "
    f"WHERE {RESOLVED} AND {RESOLVED.replace('a.', 'b.')} "
)


def _dyad(row: tuple[Any, ...]) -> DyadRow:
    quads = {q: int(n) for q, n in zip((1, 2, 3, 4), row[8:12], strict=True) if n}
    return DyadRow(*row[:8], counts=quads, total=int(row[12]))


def dyads(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int = 0
) -> tuple[int, list[DyadRow]]:
    """(number of dyads, one page of them): actor → recipient pairs of resolved actors, busiest
    first, with their events per quad class."""
    where, params = where_clause(f)
    base = _PAIRS.format(grouped=_grouped(where), scope="")
    rows = con.execute(
        f"{base}, d AS ({_DYAD_SELECT}) SELECT *, count(*) OVER () FROM d "
        "ORDER BY 13 DESC, 2, 6 LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    total = int(rows[0][13]) if rows else 0
    if not rows and offset:
        total = int(
            con.execute(f"{base}, d AS ({_DYAD_SELECT}) SELECT count(*) FROM d", params).fetchone()[0]  # type: ignore[index]
        )
    return total, [_dyad(r[:13]) for r in rows]


@dataclass(frozen=True, slots=True)
class ActorPage(_Record):
    """Everything the explorer's actor page shows about one actor, within the filters."""

    actor: ActorSummary
    as_actor: int
    as_recipient: int
    aliases: list[dict[str, Any]]  #: surface texts it was read from, most frequent first
    dyads: list[DyadRow]  #: its dyads in both directions, busiest first
    event_types: dict[str, int]
    quads: dict[int, int]
    timeline: list[dict[str, Any]]  #: events per month: {period, quad, count}
    first_date: date | None
    last_date: date | None


def actor_page(
    con: duckdb.DuckDBPyConnection,
    actor_id: str,
    f: EventFilter,
    *,
    max_dyads: int = 50,
    max_aliases: int = 30,
) -> ActorPage:
    row = con.execute(
        "SELECT id, name, country, sector, kb_id, num_mentions FROM actors WHERE id = ?", [actor_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"no actor with id {actor_id!r}")
    where, params = where_clause(f)
    mine = f"{_and(where)} (list_contains(e.actor_ids, ?) OR list_contains(e.recipient_ids, ?))"
    scoped = [*params, actor_id, actor_id]
    head = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE list_contains(e.actor_ids, ?)), "
        "count(*) FILTER (WHERE list_contains(e.recipient_ids, ?)), min(e.date), max(e.date) "
        f"FROM events e {mine}",
        [actor_id, actor_id, *scoped],
    ).fetchone()
    assert head is not None
    types = con.execute(
        f"SELECT e.event_type, count(*) FROM events e {mine} GROUP BY 1 ORDER BY 2 DESC, 1", scoped
    ).fetchall()
    quads = con.execute(
        f"SELECT e.quad_code, count(*) FROM events e {mine} GROUP BY 1 ORDER BY 1", scoped
    ).fetchall()
    months = con.execute(
        "SELECT CAST(date_trunc('month', e.date) AS DATE), e.quad_code, count(*) "
        f"FROM events e {mine} AND e.date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        scoped,
    ).fetchall()
    # The dyads of this actor only: the events are narrowed to it before any unnesting.
    base = _PAIRS.format(grouped=_grouped(mine), scope="AND (source = ? OR target = ?)")
    pairs = con.execute(
        f"{base} {_DYAD_SELECT} ORDER BY g2.n DESC, g2.source, g2.target LIMIT ?",
        [*scoped, actor_id, actor_id, max_dyads],
    ).fetchall()
    aliases = con.execute(
        "SELECT ma.text, count(*) AS n FROM mention_actors ma WHERE ma.actor_id = ? "
        "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
        [actor_id, max_aliases],
    ).fetchall()
    return ActorPage(
        actor=ActorSummary(*row, num_events=int(head[0])),
        as_actor=int(head[1]),
        as_recipient=int(head[2]),
        aliases=[{"text": t, "count": int(n)} for t, n in aliases],
        dyads=[_dyad(r) for r in pairs],
        event_types={t: int(n) for t, n in types},
        quads={int(q): int(n) for q, n in quads},
        timeline=[{"period": p, "quad": int(q), "count": int(n)} for p, q, n in months],
        first_date=head[3],
        last_date=head[4],
    )


def sorted_events(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, sort: str, descending: bool, limit: int, offset: int
) -> EventPage:
    """One page of events ordered by ``sort`` (one of :data:`SORTS`), blanks last."""
    if sort not in SORTS:
        raise StoreError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    where, params = where_clause(f)
    total = con.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()[0]  # type: ignore[index]
    order = f"ORDER BY {SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, " + ORDER.removeprefix(
        "ORDER BY "
    )
    rows = con.execute(
        f"WITH page AS (SELECT e.id FROM events e {where} {order} LIMIT ? OFFSET ?) "
        f"SELECT {SUMMARY_COLUMNS} FROM events e SEMI JOIN page ON page.id = e.id {order}",
        [*params, limit, offset],
    ).fetchall()
    return EventPage(total=total, limit=limit, offset=offset, events=[summary_from_row(r) for r in rows])
