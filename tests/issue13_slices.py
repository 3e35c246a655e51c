"""Small real slices of dotterel's gazetteer (issue #13): the place tests build their index from
the rows of the shipped data files that carry the names a test needs, never from invented places."""

from __future__ import annotations

from functools import lru_cache

from dotterel.provenance.gazetteer import PlaceIndex
from dotterel.provenance.gazetteer_data import normalise_name, read_rows


@lru_cache(maxsize=2)
def _rows(name: str) -> list[list[str]]:
    return read_rows(name)


def slice_index(names: set[str]) -> PlaceIndex:
    """An index of every country, every admin1 area, and the admin2 areas and populated places
    called by one of ``names`` (own or alternate name), with the admin2 areas those places lie in."""
    keys = {normalise_name(n) for n in names}
    raw = {n.lower() for n in names} | keys
    cities = [
        row
        for row in _rows("cities.tsv.gz")
        if any(k in row[1].lower() or k in row[8].lower() for k in raw)  # cheap test first
        and (normalise_name(row[1]) in keys or any(normalise_name(a) in keys for a in row[8].split("|") if a))
    ]
    wanted_admin2 = {(row[4], row[6], row[7]) for row in cities if row[7]}
    admins = [
        row
        for row in _rows("admins.tsv.gz")
        if row[0] == "1" or normalise_name(row[3]) in keys or (row[1], row[2], row[3]) in wanted_admin2
    ]
    return PlaceIndex.build(rows={"cities.tsv.gz": cities, "admins.tsv.gz": admins})
