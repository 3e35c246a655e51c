"""Reading the store: filters, pages, events with their mentions, articles, actors, networks.

Every query is parameterised SQL built from an :class:`EventFilter`; user text never becomes SQL.
Text filters use ``contains`` on lower-cased text, so ``%`` and ``_`` in a search mean themselves.
Events are ordered newest first (``date`` descending, undated last), then by id, so pages are
stable while nothing is being ingested.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import duckdb

from ..errors import StoreError
from .migrations import applied_migrations
from .models import (
    ActorDetail,
    ActorSummary,
    ArticleDetail,
    ArticleSpan,
    Dyad,
    EventDetail,
    EventFilter,
    EventPage,
    EventSummary,
    MentionRecord,
    Network,
    NetworkEdge,
    NetworkNode,
    StoreStats,
    TimelinePoint,
)

__all__ = [
    "SUMMARY_COLUMNS",
    "actor",
    "actors",
    "get_article",
    "get_event",
    "network",
    "query_events",
    "stats",
    "summary_from_row",
    "timeline",
    "where_clause",
    "MAX_LIMIT",
    "ORDER",
]

MAX_LIMIT = 10_000

SUMMARY_COLUMNS = (
    "e.id, e.event_type, e.mode, e.quad_code, e.status, e.date, e.date_precision, e.actor_names, "
    "e.recipient_names, e.actor_countries, e.recipient_countries, e.place_name, e.place_country, "
    "e.lat, e.lon, e.num_mentions, e.num_articles, e.num_sources, e.outlets, e.confidence, e.sentence, "
    "e.representative_mention, e.fatalities"
)
ORDER = "ORDER BY e.date DESC NULLS LAST, e.id"


def _lower(value: str) -> str:
    return " ".join(value.split()).lower()


def _code(value: str) -> str:
    return value.strip().upper()


def where_clause(f: EventFilter) -> tuple[str, list[Any]]:
    """``WHERE ...`` over ``events e`` for the filter, and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    # "MEX" in the actor box means Mexican actors as well as names containing "mex".
    if f.actor:
        add(
            "(contains(e.actor_text, ?) OR list_contains(e.actor_countries, ?))",
            _lower(f.actor),
            _code(f.actor),
        )
    if f.actor_country:
        add("list_contains(e.actor_countries, ?)", f.actor_country.strip().upper())
    if f.actor_sector:
        add("list_contains(e.actor_sectors, ?)", f.actor_sector.strip().upper())
    if f.recipient:
        add(
            "(contains(e.recipient_text, ?) OR list_contains(e.recipient_countries, ?))",
            _lower(f.recipient),
            _code(f.recipient),
        )
    if f.recipient_country:
        add("list_contains(e.recipient_countries, ?)", f.recipient_country.strip().upper())
    if f.recipient_sector:
        add("list_contains(e.recipient_sectors, ?)", f.recipient_sector.strip().upper())
    for column, values in (("event_type", f.event_type), ("quad_code", f.quad_code), ("status", f.status)):
        if values:
            vals = [v.strip().upper() if column == "event_type" else v for v in values]  # type: ignore[union-attr]
            add(f"e.{column} IN ({', '.join('?' * len(vals))})", *vals)
    if f.date_from:
        add("e.date >= ?", f.date_from)
    if f.date_to:
        add("e.date <= ?", f.date_to)
    if f.place:
        add("contains(lower(coalesce(e.place_name, '')), ?)", _lower(f.place))
    if f.country:
        add("e.place_country = ?", f.country.strip().upper())
    if f.outlet:
        add("contains(lower(array_to_string(e.outlets, '|')), ?)", _lower(f.outlet))
    if f.text:
        add("contains(e.evidence_text, ?)", _lower(f.text))
    if f.article_id:
        add("list_contains(e.article_ids, ?)", f.article_id)
    if f.actor_id:
        add("(list_contains(e.actor_ids, ?) OR list_contains(e.recipient_ids, ?))", f.actor_id, f.actor_id)
    if f.source_id:
        add("list_contains(e.actor_ids, ?)", f.source_id)
    if f.target_id:
        add("list_contains(e.recipient_ids, ?)", f.target_id)
    if f.min_confidence is not None:
        add("e.confidence >= ?", f.min_confidence)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def summary_from_row(row: tuple[Any, ...]) -> EventSummary:
    return EventSummary(*row[:23])


def _check_page(limit: int, offset: int) -> None:
    if not 0 <= limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 0 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise StoreError(f"offset must be 0 or more, got {offset}")


def query_events(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int) -> EventPage:
    _check_page(limit, offset)
    where, params = where_clause(f)
    total = con.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()[0]  # type: ignore[index]
    # Two phases: sort only (date, id) to find the page, then fetch the wide rows of those ids;
    # sorting whole rows made deep pages (offset 100,000 of 1M) several times slower.
    rows = con.execute(
        f"WITH page AS (SELECT e.id, e.date FROM events e {where} {ORDER} LIMIT ? OFFSET ?) "
        f"SELECT {SUMMARY_COLUMNS} FROM events e SEMI JOIN page ON page.id = e.id {ORDER}",
        [*params, limit, offset],
    ).fetchall()
    return EventPage(total=total, limit=limit, offset=offset, events=[summary_from_row(r) for r in rows])


def _mentions(con: duckdb.DuckDBPyConnection, sql_where: str, params: list[Any]) -> list[MentionRecord]:
    rows = con.execute(
        "SELECT m.id, m.article_id, m.event_id, m.outlet, m.url, a.title, m.record FROM mentions m "
        f"LEFT JOIN articles a ON a.id = m.article_id {sql_where} "
        "ORDER BY m.date NULLS LAST, m.article_id, m.evidence_start, m.id",
        params,
    ).fetchall()
    return [MentionRecord(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]


def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> EventDetail:
    row = con.execute(f"SELECT {SUMMARY_COLUMNS} FROM events e WHERE e.id = ?", [event_id]).fetchone()
    if row is None:
        raise StoreError(f"no event with id {event_id!r}")
    return EventDetail(
        event=summary_from_row(row), mentions=_mentions(con, "WHERE m.event_id = ?", [event_id])
    )


def _spans(mention: MentionRecord) -> list[ArticleSpan]:
    rec = mention.record
    out: list[ArticleSpan] = []

    def add(kind: str, obj: dict[str, Any] | None, label: str) -> None:
        if obj and isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
            text = obj.get("text", obj.get("sentence", ""))
            out.append(ArticleSpan(kind, obj["start"], obj["end"], text, mention.id, mention.event_id, label))

    add("evidence", rec.get("evidence"), rec["event_type"])
    add(
        "trigger",
        rec.get("trigger"),
        f"{rec['event_type']}:{rec['mode']}" if rec.get("mode") else rec["event_type"],
    )
    for role in ("actor", "recipient"):
        for ent in rec.get(role) or []:
            if ent.get("name") is None or ent.get("canonical") is False:
                continue  # no entity (an unresolved pronoun or description): never shown as an actor
            add(role, ent, ent["name"])
    loc = rec.get("location")
    add("location", loc, (loc or {}).get("name", ""))
    att = rec.get("attribution")
    add("attribution", att, (att or {}).get("cue") or "")
    return out


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleDetail:
    row = con.execute(
        "SELECT id, title, url, outlet, published, language, content_hash, duplicate_of, duplicate_kind, "
        "similarity, text FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id!r}")
    mentions = _mentions(con, "WHERE m.article_id = ?", [article_id])
    spans = sorted((s for m in mentions for s in _spans(m)), key=lambda s: (s.start, -s.end, s.kind))
    return ArticleDetail(*row, spans=spans, mention_ids=[m.id for m in mentions])


def _participants(where: str) -> str:
    """SQL listing (event id, actor id) for every actor and recipient of the matching events."""
    return (
        "SELECT DISTINCT id AS event_id, actor_id FROM ("
        f"SELECT e.id, unnest(list_concat(e.actor_ids, e.recipient_ids)) AS actor_id FROM events e {where})"
    )


def actors(con: duckdb.DuckDBPyConnection, f: EventFilter, *, limit: int, offset: int) -> list[ActorSummary]:
    _check_page(limit, offset)
    where, params = where_clause(f)
    rows = con.execute(
        f"WITH p AS ({_participants(where)}) "
        "SELECT a.id, a.name, a.country, a.sector, a.kb_id, a.num_mentions, count(*) AS n FROM p "
        "JOIN actors a ON a.id = p.actor_id GROUP BY ALL ORDER BY n DESC, a.num_mentions DESC, a.id "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [ActorSummary(*r) for r in rows]


def _pairs(where: str) -> str:
    """SQL listing (source, target, quad_code) for every actor × recipient of the matching events."""
    return (
        "SELECT source, unnest(recipient_ids) AS target, quad_code FROM ("
        f"SELECT unnest(e.actor_ids) AS source, e.recipient_ids, e.quad_code FROM events e {where})"
    )


def actor(con: duckdb.DuckDBPyConnection, actor_id: str, f: EventFilter) -> ActorDetail:
    row = con.execute(
        "SELECT id, name, country, sector, kb_id, num_mentions FROM actors WHERE id = ?", [actor_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"no actor with id {actor_id!r}")
    where, params = where_clause(f)
    scoped = f"{where} AND" if where else "WHERE"
    n_events = con.execute(
        f"SELECT count(*) FROM events e {scoped} "
        "(list_contains(e.actor_ids, ?) OR list_contains(e.recipient_ids, ?))",
        [*params, actor_id, actor_id],
    ).fetchone()[0]  # type: ignore[index]
    summary = ActorSummary(*row, num_events=n_events)
    pairs = con.execute(
        f"SELECT source, target, quad_code, count(*) FROM ({_pairs(where)}) "
        "WHERE (source = ? OR target = ?) AND source <> target GROUP BY ALL",
        [*params, actor_id, actor_id],
    ).fetchall()
    names = dict(con.execute("SELECT id, name FROM actors").fetchall()) if pairs else {}
    grouped: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for source, target, quad, count in pairs:
        key = ("out", target) if source == actor_id else ("in", source)
        grouped[key][int(quad)] = grouped[key].get(int(quad), 0) + int(count)
    dyads = [
        Dyad(
            actor_id,
            summary.name,
            other,
            names.get(other, other),
            direction,
            dict(sorted(c.items())),
            sum(c.values()),
        )
        for (direction, other), c in grouped.items()
    ]
    dyads.sort(key=lambda d: (-d.total, d.counterpart_id, d.direction))
    types = con.execute(
        f"SELECT e.event_type, count(*) FROM events e {scoped} "
        "(list_contains(e.actor_ids, ?) OR list_contains(e.recipient_ids, ?)) GROUP BY 1 ORDER BY 2 DESC, 1",
        [*params, actor_id, actor_id],
    ).fetchall()
    return ActorDetail(actor=summary, dyads=dyads, event_types={t: int(n) for t, n in types})


def network(con: duckdb.DuckDBPyConnection, f: EventFilter, *, min_weight: int = 1) -> Network:
    where, params = where_clause(f)
    pairs = con.execute(
        f"SELECT source, target, quad_code, count(*) FROM ({_pairs(where)}) "
        "WHERE source <> target GROUP BY ALL",
        params,
    ).fetchall()
    weights: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for source, target, quad, count in pairs:
        weights[(source, target)][int(quad)] = int(count)
    edges = [
        NetworkEdge(s, t, dict(sorted(w.items())), sum(w.values()))
        for (s, t), w in sorted(weights.items())
        if sum(w.values()) >= min_weight
    ]
    ids = sorted({e.source for e in edges} | {e.target for e in edges})
    nodes: list[NetworkNode] = []
    if ids:
        counts = dict(
            con.execute(
                f"SELECT actor_id, count(*) FROM ({_participants(where)}) GROUP BY 1", params
            ).fetchall()
        )
        info = {
            r[0]: r
            for r in con.execute(
                "SELECT id, name, country, sector FROM actors WHERE list_contains(?, id)", [ids]
            ).fetchall()
        }
        for aid in ids:
            _, name, country, sector = info.get(aid, (aid, aid, None, None))
            nodes.append(NetworkNode(aid, name, country, sector, int(counts.get(aid, 0))))
    return Network(nodes=nodes, edges=edges)


def timeline(
    con: duckdb.DuckDBPyConnection, f: EventFilter, *, interval: str, by: str
) -> list[TimelinePoint]:
    if interval not in ("day", "week", "month"):
        raise StoreError(f"interval must be day, week or month, got {interval!r}")
    if by not in ("category", "quad"):
        raise StoreError(f"by must be category or quad, got {by!r}")
    where, params = where_clause(f)
    scoped = f"{where} AND" if where else "WHERE"
    key = "e.event_type" if by == "category" else "CAST(e.quad_code AS VARCHAR)"
    rows = con.execute(
        f"SELECT CAST(date_trunc('{interval}', e.date) AS DATE) AS period, {key} AS k, count(*) "
        f"FROM events e {scoped} e.date IS NOT NULL GROUP BY ALL ORDER BY period, k",
        params,
    ).fetchall()
    return [TimelinePoint(p, k, int(n)) for p, k, n in rows]


def stats(con: duckdb.DuckDBPyConnection) -> StoreStats:
    one = con.execute(
        "SELECT (SELECT count(*) FROM articles), "
        "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL), "
        "(SELECT count(*) FROM mentions), (SELECT count(*) FROM events), (SELECT count(*) FROM actors), "
        "(SELECT count(*) FROM places), (SELECT min(date) FROM events), (SELECT max(date) FROM events)"
    ).fetchone()
    assert one is not None
    by_type = dict(
        con.execute("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    )
    quads = con.execute("SELECT quad_code, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
    by_quad = {int(q): int(n) for q, n in quads}
    return StoreStats(*one, by_event_type=by_type, by_quad=by_quad, migrations=applied_migrations(con))
