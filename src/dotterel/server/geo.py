"""Events by country and by place, for the explorer's map.

The map joins counts to world-atlas outlines, whose feature ids are ISO 3166 *numeric* codes,
while events carry alpha-3 codes; :func:`numeric_code` bridges them with pycountry. PLOVER IGO
codes (UNO, NAT ...) have no outline and are left out of the shading.

The store has no aggregate by place, so this one is built here on the store's own public filter
SQL (:func:`dotterel.store.query.where_clause`, parameterised) over its ``events`` table, whose
place columns are the ones :class:`~dotterel.store.EventSummary` reports. Grouping in DuckDB
keeps it exact and fast at any size (``covered`` always equals ``total``; the field stays so a
client can tell). If the store grows a places query, this should call it instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pycountry

from ..store import EventFilter, EventStore
from ..store.query import where_clause

__all__ = ["MapSummary", "map_summary", "numeric_code"]


@lru_cache(maxsize=512)
def numeric_code(alpha3: str | None) -> str | None:
    """ISO 3166 numeric code (``"364"``) of an alpha-3 code (``"IRN"``); None when unknown."""
    if not alpha3 or len(alpha3) != 3:
        return None
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    return country.numeric if country else None


@dataclass(slots=True)
class MapSummary:
    countries: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    covered: int = 0
    total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "countries": self.countries,
            "places": self.places,
            "covered": self.covered,
            "total": self.total,
        }


def map_summary(store: EventStore, filters: EventFilter, *, max_places: int = 500) -> MapSummary:
    """Counts of the matching events per place country and per geocoded place."""
    where, params = where_clause(filters)
    con = store.con
    total_row = con.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()
    by_country = con.execute(
        f"SELECT e.place_country, count(*) AS n FROM events e {where} "
        f"{'AND' if where else 'WHERE'} e.place_country IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1",
        params,
    ).fetchall()
    by_place = con.execute(
        f"SELECT e.place_name, e.place_country, round(e.lat, 4), round(e.lon, 4), count(*) AS n "
        f"FROM events e {where} {'AND' if where else 'WHERE'} e.place_name IS NOT NULL "
        "AND e.lat IS NOT NULL AND e.lon IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY n DESC, 1 LIMIT ?",
        [*params, max_places],
    ).fetchall()
    countries = []
    for code, count in by_country:
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        name = country.name if country else code
        countries.append({"country": code, "numeric": numeric_code(code), "name": name, "count": count})
    places = [
        {"name": name, "country": country, "lat": lat, "lon": lon, "count": count}
        for name, country, lat, lon, count in by_place
    ]
    total = int(total_row[0]) if total_row else 0
    return MapSummary(countries=countries, places=places, covered=total, total=total)
