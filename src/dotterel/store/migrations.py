"""The store's schema as named migrations, recorded in the database and run in a transaction.

Each migration is a name and a list of SQL statements. Opening a store read-write applies, in
order, every migration not yet listed in ``schema_migrations``, each inside one transaction with
its own record, so a crash mid-migration leaves the store at the previous version rather than
half-changed. A new schema change is a new entry at the end of :data:`MIGRATIONS`; entries already
released are never edited (stores in the wild have run them).

Tables (see docs/store.md for every column):

- ``articles``: one row per stored article, with its content hash, metadata, text, MinHash
  signature and, for copies, the original it duplicates (``duplicate_of``);
- ``mentions``: one row per event per article: the flat fields queries filter on, plus the full
  contract record as JSON (``record``), so nothing the extractor said is lost;
- ``mention_actors``: the actors and recipients of each mention with their article offsets;
- ``events``: clusters of mentions (one real event), with the denormalised lists queries need;
- ``actors`` / ``places``: distinct actors and places with mention counts.
"""

from __future__ import annotations

import duckdb

from ..errors import StoreError

__all__ = ["MIGRATIONS", "applied_migrations", "migrate"]

MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001_initial",
        [
            """CREATE TABLE articles (
                id VARCHAR PRIMARY KEY,
                content_hash VARCHAR NOT NULL,
                title VARCHAR,
                url VARCHAR,
                outlet VARCHAR,
                published DATE,
                language VARCHAR NOT NULL,
                origin VARCHAR,
                text VARCHAR NOT NULL,
                duplicate_of VARCHAR,
                duplicate_kind VARCHAR,
                similarity DOUBLE,
                minhash BLOB,
                num_mentions INTEGER NOT NULL,
                ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
            )""",
            """CREATE TABLE mentions (
                id VARCHAR PRIMARY KEY,
                article_id VARCHAR NOT NULL,
                event_id VARCHAR NOT NULL,
                event_type VARCHAR NOT NULL,
                mode VARCHAR,
                quad_code TINYINT NOT NULL,
                status VARCHAR NOT NULL,
                date DATE,
                date_precision VARCHAR,
                place_id VARCHAR,
                place_name VARCHAR,
                place_country VARCHAR,
                lat DOUBLE,
                lon DOUBLE,
                geo_precision VARCHAR,
                outlet VARCHAR,
                url VARCHAR,
                trigger_text VARCHAR NOT NULL,
                sentence VARCHAR NOT NULL,
                evidence_start INTEGER NOT NULL,
                evidence_end INTEGER NOT NULL,
                confidence DOUBLE NOT NULL,
                fatalities INTEGER,
                record JSON NOT NULL
            )""",
            """CREATE TABLE mention_actors (
                mention_id VARCHAR NOT NULL,
                role VARCHAR NOT NULL,
                position INTEGER NOT NULL,
                actor_id VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                start_char INTEGER NOT NULL,
                end_char INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                country VARCHAR,
                sector VARCHAR,
                kb_id VARCHAR
            )""",
            """CREATE TABLE events (
                id VARCHAR NOT NULL,
                event_type VARCHAR NOT NULL,
                mode VARCHAR,
                quad_code TINYINT NOT NULL,
                status VARCHAR NOT NULL,
                status_group VARCHAR NOT NULL,
                date DATE,
                date_precision VARCHAR,
                date_min DATE,
                date_max DATE,
                actor_ids VARCHAR[] NOT NULL,
                actor_names VARCHAR[] NOT NULL,
                actor_countries VARCHAR[] NOT NULL,
                actor_sectors VARCHAR[] NOT NULL,
                recipient_ids VARCHAR[] NOT NULL,
                recipient_names VARCHAR[] NOT NULL,
                recipient_countries VARCHAR[] NOT NULL,
                recipient_sectors VARCHAR[] NOT NULL,
                actor_text VARCHAR NOT NULL,
                recipient_text VARCHAR NOT NULL,
                place_id VARCHAR,
                place_name VARCHAR,
                place_country VARCHAR,
                lat DOUBLE,
                lon DOUBLE,
                geo_precision VARCHAR,
                article_ids VARCHAR[] NOT NULL,
                outlets VARCHAR[] NOT NULL,
                num_mentions INTEGER NOT NULL,
                num_articles INTEGER NOT NULL,
                num_sources INTEGER NOT NULL,
                confidence DOUBLE NOT NULL,
                fatalities INTEGER,
                sentence VARCHAR NOT NULL,
                url VARCHAR,
                representative_mention VARCHAR NOT NULL
            )""",
            """CREATE TABLE actors (
                id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                country VARCHAR,
                sector VARCHAR,
                kb_id VARCHAR,
                num_mentions INTEGER NOT NULL
            )""",
            """CREATE TABLE places (
                id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                country VARCHAR,
                lat DOUBLE,
                lon DOUBLE,
                precision VARCHAR,
                geonameid BIGINT,
                num_mentions INTEGER NOT NULL
            )""",
            "CREATE INDEX articles_content_hash ON articles (content_hash)",
            "CREATE INDEX mentions_article ON mentions (article_id)",
            "CREATE INDEX mentions_event ON mentions (event_id)",
            "CREATE INDEX mention_actors_mention ON mention_actors (mention_id)",
        ],
    ),
    (
        # The text filter scanned every mention and joined back to events (1 s at 1M events);
        # one lower-cased column on the event makes it a single-column scan.
        "0002_event_evidence_text",
        [
            "ALTER TABLE events ADD COLUMN evidence_text VARCHAR NOT NULL DEFAULT ''",
            r"""UPDATE events SET evidence_text = coalesce((
                SELECT string_agg(DISTINCT lower(regexp_replace(trim(m.sentence), '\s+', ' ', 'g')), chr(10))
                FROM mentions m WHERE m.event_id = events.id
            ), '')""",
        ],
    ),
    (
        # Fatalities were the largest figure of any clustered mention; now the best-supported
        # figure (most articles, ties to the lowest), with the largest kept beside it and the
        # reports they come from (issue 15).
        "0003_event_fatality_reports",
        [
            "ALTER TABLE events ADD COLUMN fatalities_max INTEGER",
            "ALTER TABLE events ADD COLUMN fatality_reports VARCHAR NOT NULL DEFAULT ''",
            """UPDATE events SET
                fatality_reports = coalesce((
                    SELECT CAST(json_group_object(CAST(r.v AS VARCHAR), r.arts) AS VARCHAR) FROM (
                        SELECT m.fatalities AS v, list(DISTINCT m.article_id ORDER BY m.article_id) AS arts
                        FROM mentions m WHERE m.event_id = events.id AND m.fatalities IS NOT NULL
                        GROUP BY m.fatalities
                    ) r
                ), ''),
                fatalities = (
                    SELECT r.v FROM (
                        SELECT m.fatalities AS v, count(DISTINCT m.article_id) AS n FROM mentions m
                        WHERE m.event_id = events.id AND m.fatalities IS NOT NULL GROUP BY m.fatalities
                    ) r ORDER BY r.n DESC, r.v LIMIT 1
                ),
                fatalities_max = (SELECT max(m.fatalities) FROM mentions m WHERE m.event_id = events.id)""",
        ],
    ),
    (
        # Issue #13: where an event happened, as ACLED and GDELT exports need it: the state and
        # county of the place, and how the place was tied to the event (its own sentence, or only
        # the article). Older records have none of these: the columns stay null for them.
        "0004_location_admin_areas",
        [
            "ALTER TABLE mentions ADD COLUMN place_admin1 VARCHAR",
            "ALTER TABLE mentions ADD COLUMN place_admin2 VARCHAR",
            "ALTER TABLE mentions ADD COLUMN geo_basis VARCHAR",
            "ALTER TABLE events ADD COLUMN place_admin1 VARCHAR",
            "ALTER TABLE events ADD COLUMN place_admin2 VARCHAR",
            "ALTER TABLE events ADD COLUMN geo_basis VARCHAR",
            "ALTER TABLE places ADD COLUMN admin1 VARCHAR",
            "ALTER TABLE places ADD COLUMN admin2 VARCHAR",
        ],
    ),
]


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations this store has run, in order (empty for a new store)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return []
    return [
        row[0]
        for row in con.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name").fetchall()
    ]


def migrate(con: duckdb.DuckDBPyConnection, *, read_only: bool = False) -> list[str]:
    """Apply pending migrations (none when read-only: then a missing one is an error). Returns them."""
    done = set(applied_migrations(con))
    pending = [(name, sql) for name, sql in MIGRATIONS if name not in done]
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise StoreError(
            f"the store was written by a newer dotterel (migrations {', '.join(sorted(unknown))}): "
            "upgrade dotterel"
        )
    if not pending:
        return []
    if read_only:
        raise StoreError(
            "the store's schema is missing or out of date; open it once read-write "
            "(e.g. run `dotterel ingest` on it) to migrate it"
        )
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )
    for name, statements in pending:
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_migrations VALUES (?, current_timestamp)", [name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from None
    return [name for name, _ in pending]
