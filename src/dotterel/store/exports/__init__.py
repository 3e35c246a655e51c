"""The export formats, one module each; :mod:`dotterel.store.export` dispatches to them.

- :mod:`.common`: streaming rows out of DuckDB, CSV/TSV writing with formula-safe cells;
- :mod:`.plain`: dotterel's own formats (PLOVER JSONL, flat CSV, Parquet);
- :mod:`.mappings`: the shipped mapping tables (``data/exports/``) as typed lookups;
- :mod:`.places`: FIPS, ADM1 and admin names of an event's place;
- :mod:`.gdelt`: the GDELT 2.0 events table (61 columns) and its Mentions table;
- :mod:`.acled`: ACLED's 31 public columns and typology.
"""
