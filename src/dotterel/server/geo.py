"""Events by country and by place, for the explorer's map.

The map joins counts to world-atlas outlines, whose feature ids are ISO 3166 *numeric* codes,
while events carry alpha-3 codes; :func:`numeric_code` bridges them with pycountry. PLOVER IGO
codes (UNO, NAT ...) have no outline and are left out of the shading.

The store offers no aggregate by place, so this builds one from pages of
:meth:`EventStore.query_events`, newest first, up to ``cap`` events; the answer says how many it
covered (``covered`` of ``total``) so the explorer can say when the map shows only the newest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pycountry

from ..store import EventFilter, EventStore

__all__ = ["MapSummary", "map_summary", "numeric_code"]

#: Events read per page while building the map.
_PAGE = 5000


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


def map_summary(
    store: EventStore, filters: EventFilter, *, cap: int = 20_000, max_places: int = 500
) -> MapSummary:
    """Counts per event country and per geocoded place, over at most ``cap`` matching events."""
    by_country: Counter[str] = Counter()
    by_place: Counter[tuple[str, str | None, float, float]] = Counter()
    covered = 0
    total = 0
    offset = 0
    while covered < cap:
        page = store.query_events(filters, limit=min(_PAGE, cap - covered), offset=offset)
        total = page.total
        for event in page.events:
            if event.place_country:
                by_country[event.place_country] += 1
            if event.place and event.lat is not None and event.lon is not None:
                by_place[(event.place, event.place_country, round(event.lat, 4), round(event.lon, 4))] += 1
        covered += len(page.events)
        offset += len(page.events)
        if not page.events or offset >= page.total:
            break
    countries = []
    for code, count in by_country.most_common():
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        countries.append(
            {
                "country": code,
                "numeric": numeric_code(code),
                "name": country.name if country else code,
                "count": count,
            }
        )
    places = [
        {"name": name, "country": country, "lat": lat, "lon": lon, "count": count}
        for (name, country, lat, lon), count in by_place.most_common(max_places)
    ]
    return MapSummary(countries=countries, places=places, covered=covered, total=total)
